//! Template packs: strategies, placeholders, templates, and the parsers of
//! the pack formats.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use super::review::{Rule, Rules};
use crate::{Emotion, Error, Intensity, Result};

/// What a part of a reply does. The declaration order is the order of the
/// parts in a composed reply: acknowledge first, offer a human last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Strategy {
    /// The salutation: "Hi Ana,".
    Greet,
    /// Name and reflect the feeling in the customer's terms.
    Acknowledge,
    /// Apologise with ownership: what went wrong, that it is ours.
    Apologise,
    /// Lower the stakes: what is safe, what will not be lost.
    Reassure,
    /// Restate what we understood and ask one clear question.
    Clarify,
    /// What we know, what we did, the next step and when.
    Inform,
    /// When we will be back in touch, unprompted.
    FollowUp,
    /// A person to talk to, for when writing is not enough.
    OfferHuman,
    /// The closing: "Kind regards, Sam".
    SignOff,
}

impl Strategy {
    /// All strategies, in reply order.
    pub const ALL: [Strategy; 9] = [
        Strategy::Greet,
        Strategy::Acknowledge,
        Strategy::Apologise,
        Strategy::Reassure,
        Strategy::Clarify,
        Strategy::Inform,
        Strategy::FollowUp,
        Strategy::OfferHuman,
        Strategy::SignOff,
    ];

    /// The snake_case name used in packs and JSON: `"acknowledge"`,
    /// `"follow_up"`, `"offer_human"`…
    pub const fn name(self) -> &'static str {
        match self {
            Strategy::Greet => "greet",
            Strategy::Acknowledge => "acknowledge",
            Strategy::Apologise => "apologise",
            Strategy::Reassure => "reassure",
            Strategy::Clarify => "clarify",
            Strategy::Inform => "inform",
            Strategy::FollowUp => "follow_up",
            Strategy::OfferHuman => "offer_human",
            Strategy::SignOff => "sign_off",
        }
    }

    /// Whether the part speaks to the customer's feeling (acknowledge,
    /// apologise, reassure) rather than the facts.
    pub const fn is_empathy(self) -> bool {
        matches!(
            self,
            Strategy::Acknowledge | Strategy::Apologise | Strategy::Reassure
        )
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Strategy {
    type Err = String;

    /// Parses a name case-insensitively; also accepts `reflect`
    /// (acknowledge), `apologize`, `next_step` (inform), `human`
    /// (offer_human), and `-` for `_`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        let alias = match norm.as_str() {
            "reflect" => Some(Strategy::Acknowledge),
            "apologize" => Some(Strategy::Apologise),
            "next_step" => Some(Strategy::Inform),
            "human" => Some(Strategy::OfferHuman),
            _ => None,
        };
        alias
            .or_else(|| Strategy::ALL.into_iter().find(|st| st.name() == norm))
            .ok_or_else(|| {
                format!(
                    "unknown strategy `{}` (expected {})",
                    s.trim(),
                    Strategy::ALL.map(|st| st.name()).join(", ")
                )
            })
    }
}

/// A value a template can ask for, written `{name}` in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Placeholder {
    /// `{customer_name}`: "Ana".
    CustomerName,
    /// `{agent_name}`: "Sam".
    AgentName,
    /// `{company}`: "Acme".
    Company,
    /// `{issue}`: a noun phrase, "the refund for order 1234".
    Issue,
    /// `{product}`: "the mobile app".
    Product,
    /// `{timeframe}`: when, as it follows a verb: "by 5pm today",
    /// "within 24 hours".
    Timeframe,
    /// `{ticket}`: a reference, "#4821".
    Ticket,
}

impl Placeholder {
    /// All placeholders.
    pub const ALL: [Placeholder; 7] = [
        Placeholder::CustomerName,
        Placeholder::AgentName,
        Placeholder::Company,
        Placeholder::Issue,
        Placeholder::Product,
        Placeholder::Timeframe,
        Placeholder::Ticket,
    ];

    /// The name written between braces: `"customer_name"`, `"timeframe"`…
    pub const fn name(self) -> &'static str {
        match self {
            Placeholder::CustomerName => "customer_name",
            Placeholder::AgentName => "agent_name",
            Placeholder::Company => "company",
            Placeholder::Issue => "issue",
            Placeholder::Product => "product",
            Placeholder::Timeframe => "timeframe",
            Placeholder::Ticket => "ticket",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.name())
    }
}

/// Which customers a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Audience {
    /// Customers showing this emotion (as the strongest one wanting the
    /// template's strategy).
    Emotion(Emotion),
    /// Customers showing no emotion.
    Calm,
    /// Everyone: the four emotions and calm.
    Any,
}

impl Audience {
    fn covers(self, mood: usize) -> bool {
        match self {
            Audience::Emotion(e) => e.index() == mood,
            Audience::Calm => mood == CALM,
            Audience::Any => true,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Emotion(e) => write!(f, "{e}"),
            Audience::Calm => f.write_str("calm"),
            Audience::Any => f.write_str("any"),
        }
    }
}

/// The mood index of a calm customer (emotions are 0 to 3).
pub(crate) const CALM: usize = 4;

const ALL_INTENSITIES: u8 = 0b1111;

fn intensity_bit(i: Intensity) -> u8 {
    1 << (i as u8)
}

/// One reply template: a sentence or two for one strategy, for an
/// audience and some intensities.
///
/// Templates come from packs, which check them; read them with
/// [`crate::respond::Responder::templates`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    id: String,
    audience: Audience,
    intensities: u8,
    strategy: Strategy,
    text: String,
    needs: u8,
}

impl Template {
    /// The template's id, unique in its pack.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whom it is for.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// What it does.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// Its text, with `{placeholders}`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it is meant for this intensity ([`Intensity::None`] is a
    /// calm customer's).
    pub fn fits(&self, intensity: Intensity) -> bool {
        self.intensities & intensity_bit(intensity) != 0
    }

    /// The placeholders its text uses: the context values it needs.
    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        Placeholder::ALL
            .into_iter()
            .filter(move |p| self.needs & p.bit() != 0)
    }

    pub(crate) fn needs(&self) -> u8 {
        self.needs
    }

    pub(crate) fn applies(&self, mood: usize, intensity: Intensity) -> bool {
        self.audience.covers(mood) && self.fits(intensity)
    }
}

/// The raw fields of one entry, before checking.
struct Raw<'a> {
    id: &'a str,
    emotion: &'a str,
    intensity: &'a str,
    strategy: &'a str,
    text: &'a str,
}

/// Checks one entry and builds its template. Errors name `source:line` and
/// the id.
fn check(source: &str, line: usize, raw: &Raw<'_>, review: &Rules) -> Result<Template> {
    let id = raw.id;
    let bad = |p: String| Error::parse(source, line, p);
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(bad(format!(
            "template id `{id}` must be one or more of A-Z, a-z, 0-9, `_`, `-`, `.`"
        )));
    }
    let bad = |p: String| Error::parse(source, line, format!("template `{id}`: {p}"));
    let audience = match raw.emotion.trim().to_ascii_lowercase().as_str() {
        "calm" => Audience::Calm,
        "any" | "*" => Audience::Any,
        other => Audience::Emotion(other.parse().map_err(|_| {
            bad(format!(
                "unknown emotion `{other}` (expected frustration, anger, confusion, anxiety, calm or any)"
            ))
        })?),
    };
    let mut intensities = 0u8;
    let wanted = raw.intensity.trim().to_ascii_lowercase();
    if matches!(wanted.as_str(), "any" | "*" | "") {
        intensities = ALL_INTENSITIES;
    } else {
        for part in wanted.split(',') {
            intensities |= match part.trim() {
                "low" => intensity_bit(Intensity::Low),
                "medium" => intensity_bit(Intensity::Medium),
                "high" => intensity_bit(Intensity::High),
                other => {
                    return Err(bad(format!(
                        "unknown intensity `{other}` (expected low, medium, high, a comma-separated list of them, or any)"
                    )))
                }
            };
        }
    }
    if audience == Audience::Calm && intensities != ALL_INTENSITIES {
        return Err(bad(
            "a calm customer has no intensity: write `any` for calm templates".into(),
        ));
    }
    let strategy: Strategy = raw.strategy.parse().map_err(bad)?;
    let text = raw.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(bad("empty template text".into()));
    }
    let mut needs = 0u8;
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(bad(
                "`}` without `{` (braces only surround placeholders)".into()
            ));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| bad("`{` without `}` (braces only surround placeholders)".into()))?;
        let name = &after[..close];
        let p = Placeholder::from_name(name).ok_or_else(|| {
            bad(format!(
                "unknown placeholder `{{{name}}}` (expected {})",
                Placeholder::ALL.map(|p| p.to_string()).join(", ")
            ))
        })?;
        needs |= p.bit();
        rest = &after[close + 1..];
    }
    let questions = text.matches('?').count();
    match strategy {
        Strategy::Clarify if questions != 1 => {
            return Err(bad(format!(
                "a clarify template asks exactly one question (one `?`), found {questions}"
            )))
        }
        Strategy::Clarify => {}
        _ if questions > 0 => {
            return Err(bad(format!(
                "only clarify templates ask a question (`?`), so that a reply asks one; this is {strategy}"
            )))
        }
        _ => {}
    }
    for hit in review.matches(&text) {
        if let Rule::Flag { kind, why, .. } = review.rule(&hit) {
            return Err(bad(format!(
                "`{}` is {}: {why}",
                &text[hit.span.clone()],
                kind.name().replace('_', " ")
            )));
        }
    }
    Ok(Template {
        id: id.to_owned(),
        audience,
        intensities,
        strategy,
        text,
        needs,
    })
}

/// Fails on an id already used in the same source.
fn unique(seen: &mut HashMap<String, usize>, source: &str, line: usize, id: &str) -> Result<()> {
    if let Some(first) = seen.insert(id.to_owned(), line) {
        return Err(Error::parse(
            source,
            line,
            format!("template id `{id}` is already used on line {first}"),
        ));
    }
    Ok(())
}

/// Parses a pack in the text format (see [`crate::respond`]), checking
/// each template against the review phrases.
pub(crate) fn parse_text(source: &str, text: &str, review: &Rules) -> Result<Vec<Template>> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if fields.len() != 5 {
            return Err(Error::parse(
                source,
                line,
                format!(
                    "expected 5 tab-separated fields (id, emotion, intensity, strategy, text), found {}",
                    fields.len()
                ),
            ));
        }
        let entry = Raw {
            id: fields[0],
            emotion: fields[1],
            intensity: fields[2],
            strategy: fields[3],
            text: fields[4],
        };
        let t = check(source, line, &entry, review)?;
        unique(&mut seen, source, line, &t.id)?;
        out.push(t);
    }
    Ok(out)
}

/// Parses a pack in JSON: an array of objects with `id`, `emotion`,
/// `intensity` (optional, default `any`), `strategy` and `text`. Errors
/// name the line of the entry's id.
#[cfg(feature = "serde")]
pub(crate) fn parse_json(source: &str, text: &str, review: &Rules) -> Result<Vec<Template>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        id: String,
        emotion: String,
        #[serde(default)]
        intensity: Option<String>,
        strategy: String,
        text: String,
    }
    let entries: Vec<Entry> = serde_json::from_str(text)
        .map_err(|e| Error::parse(source, e.line().max(1), e.to_string()))?;
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        // The line of the entry: where its id is written, at or after the
        // previous entry's.
        let needle = serde_json::to_string(&e.id).unwrap_or_default();
        let line = text
            .match_indices(&needle)
            .map(|(at, _)| text[..at].matches('\n').count() + 1)
            .nth(entries[..n].iter().filter(|p| p.id == e.id).count())
            .unwrap_or(1);
        let raw = Raw {
            id: &e.id,
            emotion: &e.emotion,
            intensity: e.intensity.as_deref().unwrap_or("any"),
            strategy: &e.strategy,
            text: &e.text,
        };
        let t = check(source, line, &raw, review)?;
        unique(&mut seen, source, line, &t.id)?;
        out.push(t);
    }
    Ok(out)
}
