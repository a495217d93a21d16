//! Reply suggestions for what the customer feels, and a review of a draft
//! reply.
//!
//! ```
//! use emocue::respond::{Context, Responder};
//! use emocue::Detector;
//!
//! let a = Detector::default().analyze("This is the THIRD time I've asked and it still doesn't work!!");
//! let ctx = Context::new().customer_name("Ana").agent_name("Sam").timeframe("by 5pm today");
//! let reply = Responder::default().suggest(&a, &ctx);
//! assert!(reply.text.starts_with("Hi Ana,") || reply.text.starts_with("Hello Ana,") || reply.text.starts_with("Dear Ana,"));
//! println!("{}", reply.text);
//! ```
//!
//! # Recipes
//!
//! A reply is built from parts, one per [`Strategy`]. Each emotion has a
//! recipe ([`recipe`]), drawn from support-training practice:
//!
//! | emotion | parts |
//! |---|---|
//! | frustration | acknowledge (reflect it) · apologise (with ownership) · inform (one dated next step) · follow up when high |
//! | anger | acknowledge · apologise · inform (what we know, what we did, what is next) · offer a human when high |
//! | confusion | clarify (restate + one question) · inform (plain steps) · offer a human when high |
//! | anxiety | reassure · inform (a timeline) · follow up (proof of progress) |
//! | calm | inform: a plain, helpful reply with **no empathy filler** |
//!
//! In a [`Conversation`], anger that rises from one turn to the next
//! (low to medium, say) also gets the offer of a human.
//!
//! Every reply is framed by a greeting and a sign-off. When a message shows
//! several emotions, their recipes are merged: each strategy appears once,
//! written for the strongest emotion that wants it, and the parts follow
//! the order of [`Strategy::ALL`] (acknowledge first, offer a human last).
//! Only clarify templates ask a question (packs are checked for that), so a
//! reply asks at most one. A calm message gets no acknowledge, apologise or
//! reassure part: thanking someone for their patience when they showed none
//! reads as a script.
//!
//! # Selection and variation
//!
//! For each part, the candidates are the templates for its strategy, the
//! emotion (or `calm`, or `any`) and the emotion's intensity whose
//! placeholders all have a value in the [`Context`]. A missing value
//! therefore selects a variant that does not need it; packs must hold, for
//! every part of every recipe, one template that needs none, so there is
//! always one. A value is used by one part at most (the issue named twice
//! reads like a form letter). The greeting and the sign-off use the customer's and the
//! agent's names whenever they are known. The pick is the least recently
//! used candidate in the
//! [`Conversation`], then the one using the most context values (the most
//! personal), then the first by a hash of the customer's text, the turn
//! and the template id: the same inputs give the same reply, and across
//! the turns of one conversation no template repeats until its variants
//! are used up. A conversation remembers at most
//! [`Conversation::MEMORY`] templates.
//!
//! Context values are tidied before use: white space collapsed, braces and
//! surrounding punctuation removed (`"the refund."` → `"the refund"`); a
//! value that is empty after that counts as missing.
//!
//! # Packs
//!
//! The embedded English pack is `data/replies/en.tsv`; your own packs, in
//! the same format, extend it (a template with an existing id replaces it)
//! or replace it ([`ResponderBuilder::replace_defaults`]). One template a
//! line, five tab-separated fields; blank lines and `#` comments are
//! ignored:
//!
//! ```text
//! # id        emotion      intensity     strategy     text
//! fr-ack-7    frustration  medium,high   acknowledge  Having to chase {issue} is exhausting, and you should not have had to.
//! ```
//!
//! * `emotion`: `frustration`, `anger`, `confusion`, `anxiety`, `calm`
//!   (no emotion) or `any`;
//! * `intensity`: `low`, `medium`, `high`, a comma-separated list, or
//!   `any` (calm templates take `any`);
//! * `strategy`: `greet`, `acknowledge`, `apologise`, `reassure`,
//!   `clarify`, `inform`, `follow_up`, `offer_human`, `sign_off`;
//! * `text`: placeholders are [`Placeholder`] names in braces,
//!   `{customer_name}`, `{agent_name}`, `{company}`, `{issue}`, `{product}`,
//!   `{timeframe}`, `{ticket}`; the ones a text uses are the values it
//!   needs.
//!
//! Loading fails, with an error naming the file, the line and the template
//! id, on a wrong number of fields, a bad id or a repeated one, an unknown
//! emotion, intensity, strategy or placeholder, an unbalanced brace, an
//! empty text, a question outside a clarify template (or a clarify template
//! without exactly one), and a phrase that [`review`] flags ("sorry for any
//! inconvenience this may have caused" cannot be a template). Building a
//! responder fails when a recipe's part has no template that needs no
//! placeholder. With the `serde` feature, `ResponderBuilder::pack_json`
//! reads the same entries as a JSON array of objects.
//!
//! # Review
//!
//! [`review`] flags phrases of a draft that escalate (see [`FindingKind`]),
//! each with its byte span, why, and what to write instead, and a missing
//! acknowledgement when the customer shows a feeling. The phrases live in
//! `data/review.tsv` (`kind<TAB>phrase<TAB>why<TAB>alternative`, or
//! `acknowledgement<TAB>phrase`), matched case-insensitively on whole
//! words, with straight or curly apostrophes (or none), not across
//! sentences; the longest phrase at a position wins. One pass over the
//! draft's words.

mod pack;
mod review;

use std::ops::Range;
use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::hash::FxHasher;
use crate::{Analysis, Emotion, Error, Intensity, Result};
pub use pack::{Audience, Placeholder, Strategy, Template};
pub use review::{Finding, FindingKind, Review};

use pack::CALM;
use review::Rules;

const DEFAULT_PACK: (&str, &str) = (
    "data/replies/en.tsv",
    include_str!("../../data/replies/en.tsv"),
);
const DEFAULT_REVIEW: (&str, &str) = ("data/review.tsv", include_str!("../../data/review.tsv"));

static DEFAULT_RULES: Lazy<Rules> = Lazy::new(|| {
    let mut r = Rules::default();
    r.add_source(DEFAULT_REVIEW.0, DEFAULT_REVIEW.1)
        .expect("the embedded review phrases parse");
    r
});

static DEFAULT_TEMPLATES: Lazy<Vec<Template>> = Lazy::new(|| {
    pack::parse_text(DEFAULT_PACK.0, DEFAULT_PACK.1, &DEFAULT_RULES)
        .expect("the embedded reply pack parses")
});

static DEFAULT: Lazy<Responder> = Lazy::new(|| {
    ResponderBuilder::new()
        .build()
        .expect("the embedded reply pack covers every recipe")
});

/// The parts of a reply to a customer showing `emotion` (`None`: calm) at
/// `intensity`, between the greeting and the sign-off, in reply order. See
/// the [module docs](self).
///
/// ```
/// use emocue::respond::{recipe, Strategy};
/// use emocue::{Emotion, Intensity};
/// assert_eq!(
///     recipe(Some(Emotion::Anger), Intensity::High),
///     [Strategy::Acknowledge, Strategy::Apologise, Strategy::Inform, Strategy::OfferHuman]
/// );
/// assert_eq!(recipe(None, Intensity::None), [Strategy::Inform]);
/// ```
pub fn recipe(emotion: Option<Emotion>, intensity: Intensity) -> &'static [Strategy] {
    use Strategy::*;
    let high = intensity == Intensity::High;
    match emotion {
        None => &[Inform],
        Some(Emotion::Frustration) if high => &[Acknowledge, Apologise, Inform, FollowUp],
        Some(Emotion::Frustration) => &[Acknowledge, Apologise, Inform],
        Some(Emotion::Anger) if high => &[Acknowledge, Apologise, Inform, OfferHuman],
        Some(Emotion::Anger) => &[Acknowledge, Apologise, Inform],
        Some(Emotion::Confusion) if high => &[Clarify, Inform, OfferHuman],
        Some(Emotion::Confusion) => &[Clarify, Inform],
        Some(Emotion::Anxiety) => &[Reassure, Inform, FollowUp],
    }
}

/// What the reply can say about the case: names, the issue, when.
///
/// Every value is optional; a template that needs a missing one is not
/// chosen. Values are tidied (white space collapsed, braces and
/// surrounding punctuation removed); one that is empty after that is
/// missing.
///
/// ```
/// use emocue::respond::{Context, Placeholder};
/// let ctx = Context::new().customer_name("  Ana ").issue("the refund for order 1234.").agent_name("");
/// assert_eq!(ctx.get(Placeholder::CustomerName), Some("Ana"));
/// assert_eq!(ctx.get(Placeholder::Issue), Some("the refund for order 1234"));
/// assert_eq!(ctx.get(Placeholder::AgentName), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    values: [Option<String>; 7],
}

impl Context {
    /// An empty context: every template chosen needs no value.
    pub fn new() -> Self {
        Context::default()
    }

    /// Sets a value (tidied; empty means missing).
    pub fn set(mut self, placeholder: Placeholder, value: impl AsRef<str>) -> Self {
        self.values[placeholder.index()] = tidy(value.as_ref());
        self
    }

    /// The value of a placeholder, if any.
    pub fn get(&self, placeholder: Placeholder) -> Option<&str> {
        self.values[placeholder.index()].as_deref()
    }

    /// The customer's name as they would like to be addressed: "Ana".
    pub fn customer_name(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::CustomerName, value)
    }

    /// The agent's name, for the sign-off: "Sam".
    pub fn agent_name(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::AgentName, value)
    }

    /// The company or team name: "Acme".
    pub fn company(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::Company, value)
    }

    /// The issue, as a noun phrase: "the refund for order 1234", "your
    /// CSV export".
    pub fn issue(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::Issue, value)
    }

    /// The product concerned: "the mobile app".
    pub fn product(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::Product, value)
    }

    /// When the next step happens, as it follows a verb: "by 5pm today",
    /// "within 24 hours", "tomorrow morning".
    pub fn timeframe(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::Timeframe, value)
    }

    /// The ticket or case reference: "#4821".
    pub fn ticket(self, value: impl AsRef<str>) -> Self {
        self.set(Placeholder::Ticket, value)
    }

    /// The placeholders that have a value, as a bit set.
    fn present(&self) -> u8 {
        Placeholder::ALL
            .into_iter()
            .filter(|p| self.values[p.index()].is_some())
            .fold(0, |acc, p| acc | p.bit())
    }
}

/// A value with white space collapsed, braces dropped and punctuation
/// trimmed from both ends; `None` when nothing is left.
fn tidy(value: &str) -> Option<String> {
    let joined = value
        .split(|c: char| c.is_whitespace() || crate::text::is_invisible(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace(['{', '}'], ""))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = joined.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\u{2026}')
    });
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// What one conversation has been sent, so that the next suggestion words
/// things differently.
///
/// Keep one per conversation and pass it to [`Responder::suggest_in`]. It
/// remembers when each template was last used, at most
/// [`Conversation::MEMORY`] of them (the oldest are forgotten first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    turn: u64,
    /// The customer's anger at the previous turn.
    anger: Intensity,
    /// (hash of a template id, turn it was last used).
    used: Vec<(u64, u64)>,
}

impl Conversation {
    /// How many templates a conversation remembers.
    pub const MEMORY: usize = 256;

    /// A conversation with no turns yet.
    pub fn new() -> Self {
        Conversation::default()
    }

    /// How many suggestions were made in it.
    pub fn turns(&self) -> u64 {
        self.turn
    }

    fn last_used(&self, id: u64) -> u64 {
        self.used
            .iter()
            .find(|(k, _)| *k == id)
            .map_or(0, |(_, t)| *t)
    }

    fn mark(&mut self, id: u64) {
        let turn = self.turn;
        if let Some(slot) = self.used.iter_mut().find(|(k, _)| *k == id) {
            slot.1 = turn;
            return;
        }
        if self.used.len() >= Self::MEMORY {
            if let Some(oldest) = (0..self.used.len()).min_by_key(|i| self.used[*i].1) {
                self.used.swap_remove(oldest);
            }
        }
        self.used.push((id, turn));
    }
}

/// A suggested reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Suggestion {
    /// The reply: greeting, a blank line, the body, a blank line, the
    /// sign-off.
    pub text: String,
    /// Its parts, in reply order.
    pub parts: Vec<Part>,
}

impl Suggestion {
    /// The parts that speak to the customer's feeling (acknowledge,
    /// apologise, reassure); none for a calm customer.
    pub fn empathy(&self) -> impl Iterator<Item = &Part> + '_ {
        self.parts.iter().filter(|p| p.strategy.is_empathy())
    }

    /// The strategies of the parts, in reply order.
    pub fn strategies(&self) -> impl Iterator<Item = Strategy> + '_ {
        self.parts.iter().map(|p| p.strategy)
    }
}

/// One part of a suggested reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Part {
    /// What the part does.
    pub strategy: Strategy,
    /// The id of the template it was filled from.
    pub template: String,
    /// The emotion it answers (`None`: calm).
    pub emotion: Option<Emotion>,
    /// That emotion's intensity ([`Intensity::None`] when calm).
    pub intensity: Intensity,
    /// Its text, filled in.
    pub text: String,
    /// Its byte span in [`Suggestion::text`].
    pub span: Range<usize>,
}

#[derive(Debug)]
struct Inner {
    templates: Vec<Template>,
    /// Template indices by (mood, intensity, strategy), see [`slot`].
    slots: Vec<Vec<u32>>,
    rules: Rules,
}

fn slot(mood: usize, intensity: Intensity, strategy: Strategy) -> usize {
    (mood * 4 + intensity as usize) * Strategy::ALL.len() + strategy.index()
}

fn fx(bytes: &[u8], extra: u64) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_u64(extra);
    h.finish()
}

/// A final mix, so that close inputs give unrelated orders.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Suggests replies and reviews drafts.
///
/// [`Responder::default`] uses the embedded English pack (built once per
/// process; cloning copies a pointer); [`Responder::builder`] adds your
/// own. `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Responder {
    inner: Arc<Inner>,
}

impl Default for Responder {
    /// The responder for the embedded English pack and review phrases.
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Responder {
    /// A builder starting from the embedded pack and review phrases.
    ///
    /// ```
    /// use emocue::respond::{Context, Responder};
    /// use emocue::Detector;
    /// let pack = "my-greet\tany\tany\tgreet\tHowdy {customer_name},\n";
    /// let r = Responder::builder().pack("mine.tsv", pack).unwrap().build().unwrap();
    /// let a = Detector::default().analyze("How do I export my data?");
    /// let ctx = Context::new().customer_name("Ana");
    /// // The new greeting joins the embedded ones; over a few turns it comes up.
    /// let mut conv = emocue::respond::Conversation::new();
    /// let texts: Vec<String> = (0..6).map(|_| r.suggest_in(&mut conv, &a, &ctx).text).collect();
    /// assert!(texts.iter().any(|t| t.starts_with("Howdy Ana,")));
    /// ```
    pub fn builder() -> ResponderBuilder {
        ResponderBuilder::new()
    }

    /// The templates in use.
    pub fn templates(&self) -> &[Template] {
        &self.inner.templates
    }

    /// Suggests a reply to a customer whose message was analysed as
    /// `customer`, filled from `ctx`, as the first turn of a conversation:
    /// the same inputs always give the same reply.
    ///
    /// ```
    /// use emocue::respond::{Context, Responder, Strategy};
    /// use emocue::Detector;
    ///
    /// let d = Detector::default();
    /// let r = Responder::default();
    /// let angry = d.analyze("This is UNACCEPTABLE, you people are useless and I want a refund NOW!!!");
    /// let reply = r.suggest(&angry, &Context::new().customer_name("Ana").agent_name("Sam"));
    /// let strategies: Vec<Strategy> = reply.strategies().collect();
    /// assert_eq!(strategies.first(), Some(&Strategy::Greet));
    /// assert!(strategies.contains(&Strategy::Acknowledge));
    /// assert!(!reply.text.contains('{'));
    /// assert!(reply.text.ends_with("Sam"));
    ///
    /// // A calm message gets a plain reply: no empathy parts.
    /// let calm = d.analyze("Hi, how do I change my billing address?");
    /// assert_eq!(r.suggest(&calm, &Context::new()).empathy().count(), 0);
    /// ```
    pub fn suggest(&self, customer: &Analysis, ctx: &Context) -> Suggestion {
        self.suggest_in(&mut Conversation::new(), customer, ctx)
    }

    /// Suggests the next reply in a conversation: like
    /// [`Responder::suggest`], but preferring templates `conversation` has
    /// not used yet, and recording the ones chosen.
    ///
    /// ```
    /// use emocue::respond::{Context, Conversation, Responder};
    /// use emocue::Detector;
    /// let a = Detector::default().analyze("I'm really worried I've lost all my photos");
    /// let r = Responder::default();
    /// let mut conv = Conversation::new();
    /// let first = r.suggest_in(&mut conv, &a, &Context::new());
    /// let second = r.suggest_in(&mut conv, &a, &Context::new());
    /// assert_ne!(first.text, second.text);
    /// ```
    pub fn suggest_in(
        &self,
        conversation: &mut Conversation,
        customer: &Analysis,
        ctx: &Context,
    ) -> Suggestion {
        conversation.turn += 1;
        let seed = fx(customer.text().as_bytes(), conversation.turn);
        let present = ctx.present();

        // The emotions, strongest first, each with the strategies it wants.
        let mut emotions: Vec<Emotion> = customer.labels().collect();
        emotions.sort_by(|a, b| {
            customer
                .score(*b)
                .total_cmp(&customer.score(*a))
                .then(a.cmp(b))
        });
        let level = |e: Emotion| match customer.intensity(e) {
            Intensity::None => Intensity::Low,
            i => i,
        };
        // Owner of each strategy: (mood, intensity).
        let mut owner: [Option<(usize, Intensity)>; 9] = [None; 9];
        let head = match emotions.first() {
            Some(&e) => (e.index(), level(e)),
            None => (CALM, Intensity::None),
        };
        owner[Strategy::Greet.index()] = Some(head);
        owner[Strategy::SignOff.index()] = Some(head);
        if emotions.is_empty() {
            for s in recipe(None, Intensity::None) {
                owner[s.index()] = Some(head);
            }
        }
        for &e in &emotions {
            for s in recipe(Some(e), level(e)) {
                owner[s.index()].get_or_insert((e.index(), level(e)));
            }
        }

        // Anger rising since the previous turn earns the offer of a
        // person even below high intensity.
        let anger = customer.intensity(Emotion::Anger);
        let previous = std::mem::replace(&mut conversation.anger, anger);
        if previous > Intensity::None && anger > previous {
            owner[Strategy::OfferHuman.index()].get_or_insert((Emotion::Anger.index(), anger));
        }

        let mut parts = Vec::new();
        // Each value is said once: "the refund for order 1234" twice in a
        // reply reads like a form letter. A value used by a part is not
        // offered to the next ones (which fall back to variants without it).
        let mut unused = present;
        for strategy in Strategy::ALL {
            let Some((mood, intensity)) = owner[strategy.index()] else {
                continue;
            };
            let Some(t) = self.pick(conversation, mood, intensity, strategy, unused, seed) else {
                continue;
            };
            unused &= !t.needs();
            conversation.mark(fx(t.id().as_bytes(), 0));
            parts.push(Part {
                strategy,
                template: t.id().to_owned(),
                emotion: Emotion::ALL.get(mood).copied(),
                intensity,
                text: fill(t.text(), ctx),
                span: 0..0,
            });
        }

        let mut text = String::new();
        let mut prev: Option<Strategy> = None;
        for p in &mut parts {
            if let Some(prev) = prev {
                let sep = if prev == Strategy::Greet || p.strategy == Strategy::SignOff {
                    "\n\n"
                } else {
                    " "
                };
                text.push_str(sep);
            }
            p.span.start = text.len();
            text.push_str(&p.text);
            p.span.end = text.len();
            prev = Some(p.strategy);
        }
        Suggestion { text, parts }
    }

    /// The least recently used template for the slot whose placeholders
    /// all have values; among those, the one using the most values (the
    /// most personal); then by a hash of `seed` and the id.
    fn pick(
        &self,
        conversation: &Conversation,
        mood: usize,
        intensity: Intensity,
        strategy: Strategy,
        present: u8,
        seed: u64,
    ) -> Option<&Template> {
        let candidates = || {
            self.inner.slots[slot(mood, intensity, strategy)]
                .iter()
                .map(|&i| &self.inner.templates[i as usize])
                .filter(|t| t.needs() & !present == 0)
        };
        // The greeting and the sign-off name the person when they can.
        let name = match strategy {
            Strategy::Greet => Placeholder::CustomerName.bit(),
            Strategy::SignOff => Placeholder::AgentName.bit(),
            _ => 0,
        } & present;
        let named = name != 0 && candidates().any(|t| t.needs() & name != 0);
        candidates()
            .filter(|t| !named || t.needs() & name != 0)
            .min_by_key(|t| {
                let id = fx(t.id().as_bytes(), 0);
                (
                    conversation.last_used(id),
                    std::cmp::Reverse(t.needs().count_ones()),
                    mix(seed ^ id),
                )
            })
    }

    /// Reviews a draft reply to a customer whose message was analysed as
    /// `customer`: see [`review`].
    pub fn review(&self, draft: &str, customer: &Analysis) -> Review {
        self.inner.rules.review(draft, customer, |e| {
            let conv = Conversation::new();
            let first = recipe(Some(e), Intensity::Medium)[0];
            self.pick(&conv, e.index(), Intensity::Medium, first, 0, 0)
                .map(|t| t.text().to_owned())
                .unwrap_or_default()
        })
    }
}

/// Reviews a draft reply with the embedded phrases: what in it escalates,
/// where, why, and what to write instead; and, when the customer shows a
/// feeling, whether the draft acknowledges it.
///
/// ```
/// use emocue::respond::{review, FindingKind};
/// use emocue::Detector;
///
/// let customer = Detector::default().analyze("I've been charged TWICE and nobody answers!!");
/// let draft = "Please calm down. As I already told you, it's our policy.";
/// let r = review(draft, &customer);
/// let kinds: Vec<FindingKind> = r.kinds().collect();
/// assert_eq!(
///     kinds,
///     [FindingKind::NoAcknowledgement, FindingKind::Dismissive, FindingKind::Defensive, FindingKind::PolicyFirst]
/// );
/// assert_eq!(&draft[r.findings[1].span.clone()], "calm down");
/// println!("{}", r.findings[1].alternative);
///
/// let better = "I'm sorry you were charged twice. I've refunded the second charge and you will see it within 3 days.";
/// assert!(review(better, &customer).is_clean());
/// ```
pub fn review(draft: &str, customer: &Analysis) -> Review {
    Responder::default().review(draft, customer)
}

/// `text` with its placeholders replaced by their values (single pass:
/// values are not expanded again).
fn fill(text: &str, ctx: &Context) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        if let Some(p) = Placeholder::ALL.into_iter().find(|p| p.name() == name) {
            out.push_str(ctx.get(p).unwrap_or_default());
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Builds a [`Responder`] from the embedded pack and your own.
#[derive(Debug, Clone)]
pub struct ResponderBuilder {
    defaults: bool,
    packs: Vec<(String, Vec<Template>)>,
    rules: Rules,
}

impl ResponderBuilder {
    fn new() -> Self {
        ResponderBuilder {
            defaults: true,
            packs: Vec::new(),
            rules: DEFAULT_RULES.clone(),
        }
    }

    /// Adds a pack in the text format (see the [module docs](self));
    /// `source` names it in errors. Its templates join the others; one with
    /// the id of an earlier template replaces it.
    ///
    /// ```
    /// use emocue::respond::Responder;
    /// let err = Responder::builder()
    ///     .pack("mine.tsv", "x-1\tanger\thigh\tapologise\tSorry, {nam}.")
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("mine.tsv:1: template `x-1`: unknown placeholder `{nam}`"));
    /// ```
    pub fn pack(mut self, source: &str, text: &str) -> Result<Self> {
        let templates = pack::parse_text(source, text, &self.rules)?;
        self.packs.push((source.to_owned(), templates));
        Ok(self)
    }

    /// Adds a pack written as a JSON array of objects with `id`, `emotion`,
    /// `intensity` (optional, default `any`), `strategy` and `text`: the
    /// fields of the text format. Errors name the line of the entry.
    #[cfg(feature = "serde")]
    pub fn pack_json(mut self, source: &str, text: &str) -> Result<Self> {
        let templates = pack::parse_json(source, text, &self.rules)?;
        self.packs.push((source.to_owned(), templates));
        Ok(self)
    }

    /// Drops the embedded pack: only the packs added are used.
    pub fn replace_defaults(mut self) -> Self {
        self.defaults = false;
        self
    }

    /// Adds review phrases in the format of `data/review.tsv`
    /// (`kind<TAB>phrase<TAB>why<TAB>alternative`, or
    /// `acknowledgement<TAB>phrase`); a phrase already present is replaced.
    /// Packs added after this are checked against them too.
    pub fn review_phrases(mut self, source: &str, text: &str) -> Result<Self> {
        self.rules.add_source(source, text)?;
        Ok(self)
    }

    /// Builds the responder. Fails, naming the packs, when some part of a
    /// recipe (greeting and sign-off included) has no template that needs
    /// no placeholder, for some emotion and intensity or for calm.
    pub fn build(self) -> Result<Responder> {
        let mut templates: Vec<Template> = Vec::new();
        if self.defaults {
            templates.extend(DEFAULT_TEMPLATES.iter().cloned());
        }
        let mut sources: Vec<&str> = Vec::new();
        if self.defaults {
            sources.push(DEFAULT_PACK.0);
        }
        for (source, pack) in &self.packs {
            sources.push(source);
            for t in pack {
                match templates.iter_mut().find(|old| old.id() == t.id()) {
                    Some(old) => *old = t.clone(),
                    None => templates.push(t.clone()),
                }
            }
        }
        let mut slots = vec![Vec::new(); 5 * 4 * Strategy::ALL.len()];
        for (i, t) in templates.iter().enumerate() {
            for mood in 0..5 {
                for intensity in [
                    Intensity::None,
                    Intensity::Low,
                    Intensity::Medium,
                    Intensity::High,
                ] {
                    let valid = (mood == CALM) == (intensity == Intensity::None);
                    if valid && t.applies(mood, intensity) {
                        slots[slot(mood, intensity, t.strategy())].push(i as u32);
                    }
                }
            }
        }
        let source = if sources.is_empty() {
            "(no pack)".to_owned()
        } else {
            sources.join(", ")
        };
        let mut needed: Vec<(Option<Emotion>, Intensity)> = vec![(None, Intensity::None)];
        for e in Emotion::ALL {
            for i in [Intensity::Low, Intensity::Medium, Intensity::High] {
                needed.push((Some(e), i));
            }
        }
        for (emotion, intensity) in needed {
            let mood = emotion.map_or(CALM, Emotion::index);
            let frame = [Strategy::Greet, Strategy::SignOff];
            for &s in recipe(emotion, intensity).iter().chain(&frame) {
                let ok = slots[slot(mood, intensity, s)]
                    .iter()
                    .any(|&i| templates[i as usize].needs() == 0);
                if !ok {
                    let who = match emotion {
                        Some(e) => format!("{e} at {intensity} intensity"),
                        None => "a calm customer".to_owned(),
                    };
                    return Err(Error::Pack {
                        packs: source,
                        problem: format!(
                            "missing strategy {s} for {who}: no template for it without placeholders, which a reply with an empty context needs"
                        ),
                    });
                }
            }
        }
        Ok(Responder {
            inner: Arc::new(Inner {
                templates,
                slots,
                rules: self.rules,
            }),
        })
    }
}
