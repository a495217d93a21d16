//! Conversations: turns with speaker roles, the customer's emotional
//! trajectory, escalation and resolution signals, and when to hand over to
//! a human.
//!
//! A [`Tracker`] follows one conversation turn by turn ([`Tracker::push`]),
//! in constant memory however long it runs; [`analyze_transcript`] runs one
//! over a whole transcript and sums it up in a [`ConversationSummary`].
//!
//! ```
//! use emocue::conversation::{analyze_transcript, EscalationKind, Turn};
//! use emocue::Detector;
//!
//! let turns = [
//!     Turn::customer("My order still hasn't arrived and no one has replied."),
//!     Turn::agent("Sorry about that, let me check."),
//!     Turn::customer("This is the third time I ask. I want to speak to a manager."),
//! ];
//! let summary = analyze_transcript(&Detector::default(), &turns);
//! assert_eq!(summary.handover_turn, Some(2));
//! assert!(summary.escalations.iter().any(|e| e.kind == EscalationKind::HumanRequested));
//! ```
//!
//! # Trajectory and trends
//!
//! Only customer turns move the trajectory. After each, every emotion's
//! **smoothed** score is an exponentially weighted moving average of its
//! scores, `s = α·score + (1 − α)·s_prev` with `α =` [`SMOOTHING_ALPHA`]
//! (0.5: the latest turn counts half, the one before a quarter, …); the
//! first customer turn starts it at its own scores.
//!
//! An emotion's **trend** reads its smoothed scores over the last
//! [`TREND_WINDOW`] customer turns. When the last customer turn moved the
//! smoothed score by at least [`TREND_DELTA`], that move decides: up is
//! [`Trend::Worsening`], down [`Trend::Improving`]. Otherwise the change
//! across the whole window does, with the same threshold; anything smaller
//! is [`Trend::Steady`]. (So a customer who was confused two turns ago and
//! calm now is improving, though less calm than at the start.)
//!
//! The **overall** trend does the same for the customer's *distress*: each
//! customer turn's largest score, whatever the emotion, weighted by how far
//! up the escalation ladder the emotion stands ([`severity`]: confusion
//! 0.7, frustration 0.8, anxiety 0.9, anger 1), smoothed the same way. So
//! frustration turning into anger reads as worsening, even when the
//! frustration had already scored near 1, and anger cooling into
//! frustration as improving.
//!
//! # Escalation signals
//!
//! Each [`Escalation`] has a kind, the turn, a reason a person can read and,
//! where there is one, the span of the text behind it:
//!
//! | kind | raised on a customer turn when |
//! | --- | --- |
//! | [`EscalationKind::AngerHigh`] | anger is labelled with [`Intensity::High`] |
//! | [`EscalationKind::FrustrationRising`], [`EscalationKind::AngerRising`] | the smoothed score has risen by at least [`RISE_MIN`] on [`RISING_RUN`] customer turns in a row and the turn carries the label (once per run) |
//! | [`EscalationKind::HumanRequested`] | a support cue asks for a human, a manager or a supervisor ("speak to a manager") |
//! | [`EscalationKind::CancelThreatened`] | a support cue threatens to cancel or leave ("cancel my subscription", "chargeback") |
//! | [`EscalationKind::RepeatedContact`] | a support cue says the customer repeats themselves or waits ("third time", "already explained", "still waiting") |
//! | [`EscalationKind::AgentFinding`] | an agent turn comes with a review finding ([`Tracker::push_agent`]) |
//!
//! The support-cue signals read the detector's cues of kind
//! [`CueKind::Support`](crate::CueKind::Support) that count (a negated
//! "I don't want to cancel my subscription" raises nothing): the table
//! `data/conversation/escalation.tsv` says which support patterns of the
//! lexicon are which signal.
//!
//! # Resolution
//!
//! A customer turn is a [`Resolution`] when it carries no emotion label,
//! some customer turn since the last resolution did, and it says one of
//! the phrases of `data/conversation/resolution.tsv`, not negated:
//! [`ResolutionKind::Fixed`] ("that fixed it", "works now", "makes sense
//! now") or [`ResolutionKind::Thanks`] ("thanks", "what a relief"). A
//! resolution clears the escalation signals that the hand-over rule looks
//! at, and the rising runs.
//!
//! # The hand-over rule
//!
//! After every turn, the tracker looks at the signals of the last
//! [`HANDOVER_WINDOW`] turns (both speakers, back to the last resolution)
//! and recommends handing the conversation over to a human (a senior agent,
//! a supervisor) when
//!
//! 1. the customer asked for a human, a manager or a supervisor; or
//! 2. anger was high on two customer turns or more; or
//! 3. signals of two different kinds or more were raised, on two turns or
//!    more (a threat to cancel after repeated contact, rising frustration
//!    and an agent's reply flagged by review, …).
//!
//! Apart from asking for a human, one message never hands over on its
//! own, however heated: "charged TWICE and nobody replied for three days!
//! This is unacceptable" raises high anger and repeated contact at once,
//! and is still the first agent's to answer. It takes a second turn that
//! signals trouble.
//!
//! [`Handover::reasons`] says which of these held.
//!
//! # Agent turns and review
//!
//! Agent turns are analysed too, but leave the customer's trajectory alone.
//! [`Tracker::push`] reviews each agent turn with [`respond::review`]
//! against the customer's last turn (its intensities: the tracker keeps no
//! text): every phrase it flags — "calm down", "as I already said", "it's
//! our policy", "I don't know" — becomes an
//! [`EscalationKind::AgentFinding`] signal that counts for the hand-over
//! rule. A reply that only misses an acknowledgement is not a signal: it
//! says too little, not something that escalates.
//!
//! ```
//! use emocue::conversation::{EscalationKind, Tracker, Turn};
//! let mut t = Tracker::default();
//! t.push(&Turn::customer("I was charged twice and nobody answers!!"));
//! let r = t.push(&Turn::agent("Please calm down, it's our policy."));
//! let reasons: Vec<&str> = r.escalations.iter().map(|e| e.reason.as_str()).collect();
//! assert!(r.escalations.iter().all(|e| e.kind == EscalationKind::AgentFinding));
//! assert!(reasons.iter().any(|r| r.contains("calm down")), "{reasons:?}");
//! ```
//!
//! With your own reviewer (or [`Tracker::review_agent_turns`] off), feed
//! findings in with [`Tracker::push_agent`]:
//!
//! ```
//! use emocue::conversation::{AgentFinding, EscalationKind, Tracker, Turn};
//! let mut t = Tracker::default();
//! t.push(&Turn::customer("This is the third time I'm asking!!"));
//! let draft = "As I already said, you need to calm down.";
//! let report = t.push_agent(draft, [AgentFinding::new("tells the customer to calm down").at(31..40)]);
//! assert_eq!(report.escalations[0].kind, EscalationKind::AgentFinding);
//! assert!(report.handover.recommended); // repeated contact + a flagged reply
//! ```
//!
//! # Transcripts
//!
//! With the `serde` feature, `parse_transcripts` reads JSON Lines of
//! `{"conversation_id", "turn", "speaker", "text"}`.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::respond;
use crate::{Analysis, Detector, Emotion, EmotionMap, Error, Intensity};

mod phrases;
#[cfg(feature = "serde")]
mod transcript;

#[cfg(feature = "serde")]
pub use transcript::{parse_transcripts, Transcript};

/// The weight of the latest customer turn in the smoothed scores (an
/// exponentially weighted moving average).
pub const SMOOTHING_ALPHA: f32 = 0.5;

/// How many customer turns a trend spans: the last move of the smoothed
/// value, else its change since `TREND_WINDOW - 1` customer turns earlier.
pub const TREND_WINDOW: usize = 3;

/// The change of a smoothed score (over the last customer turn, or over
/// the trend window) that makes a trend [`Trend::Worsening`] or
/// [`Trend::Improving`].
pub const TREND_DELTA: f32 = 0.1;

/// How many customer turns in a row frustration or anger must rise for a
/// rising signal.
pub const RISING_RUN: u32 = 3;

/// The least rise of a smoothed score from one customer turn to the next
/// that counts as rising.
pub const RISE_MIN: f32 = 0.05;

/// How many of the latest turns (both speakers) the hand-over rule looks
/// at.
pub const HANDOVER_WINDOW: usize = 6;

/// Who wrote a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Speaker {
    /// The customer, whose feelings are tracked.
    Customer,
    /// The support agent.
    Agent,
}

impl Speaker {
    /// The lowercase name: `"customer"` or `"agent"`.
    pub const fn name(self) -> &'static str {
        match self {
            Speaker::Customer => "customer",
            Speaker::Agent => "agent",
        }
    }
}

impl fmt::Display for Speaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Speaker {
    type Err = Error;

    /// Parses `customer` or `agent`, case-insensitively, ignoring
    /// surrounding white space.
    ///
    /// ```
    /// use emocue::conversation::Speaker;
    /// assert_eq!(" Agent ".parse::<Speaker>().unwrap(), Speaker::Agent);
    /// assert!("bot".parse::<Speaker>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        [Speaker::Customer, Speaker::Agent]
            .into_iter()
            .find(|sp| sp.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::InvalidValue {
                what: "speaker",
                problem: format!("unknown speaker `{s}` (expected customer or agent)"),
            })
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Turn {
    /// Who wrote it.
    pub speaker: Speaker,
    /// What they wrote.
    pub text: String,
}

impl Turn {
    /// A turn by `speaker`.
    pub fn new(speaker: Speaker, text: impl Into<String>) -> Self {
        Turn {
            speaker,
            text: text.into(),
        }
    }

    /// A customer's turn.
    pub fn customer(text: impl Into<String>) -> Self {
        Turn::new(Speaker::Customer, text)
    }

    /// An agent's turn.
    pub fn agent(text: impl Into<String>) -> Self {
        Turn::new(Speaker::Agent, text)
    }
}

/// Which way a smoothed score is going over the last [`TREND_WINDOW`]
/// customer turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Trend {
    /// Falling by at least [`TREND_DELTA`].
    Improving,
    /// Changing by less than [`TREND_DELTA`] (or too few turns to tell).
    #[default]
    Steady,
    /// Rising by at least [`TREND_DELTA`].
    Worsening,
}

impl Trend {
    /// The trend of a change in a smoothed score.
    ///
    /// ```
    /// use emocue::conversation::Trend;
    /// assert_eq!(Trend::from_delta(0.3), Trend::Worsening);
    /// assert_eq!(Trend::from_delta(-0.02), Trend::Steady);
    /// assert_eq!(Trend::from_delta(-0.4), Trend::Improving);
    /// ```
    pub fn from_delta(delta: f32) -> Trend {
        if delta >= TREND_DELTA {
            Trend::Worsening
        } else if delta <= -TREND_DELTA {
            Trend::Improving
        } else {
            Trend::Steady
        }
    }

    /// The lowercase name: `"improving"`, `"steady"`, `"worsening"`.
    pub const fn name(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Steady => "steady",
            Trend::Worsening => "worsening",
        }
    }
}

impl fmt::Display for Trend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of escalation signal a turn raised (see the
/// [module documentation](self) for when each is raised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum EscalationKind {
    /// Anger labelled with high intensity.
    AngerHigh,
    /// Frustration rising over [`RISING_RUN`] customer turns in a row.
    FrustrationRising,
    /// Anger rising over [`RISING_RUN`] customer turns in a row.
    AngerRising,
    /// The customer asks for a human, a manager or a supervisor.
    HumanRequested,
    /// The customer threatens to cancel, close the account or leave.
    CancelThreatened,
    /// The customer has had to repeat themselves or has been waiting.
    RepeatedContact,
    /// A review of the agent's reply found something that escalates.
    AgentFinding,
}

impl EscalationKind {
    /// All kinds, in a fixed order.
    pub const ALL: [EscalationKind; 7] = [
        EscalationKind::AngerHigh,
        EscalationKind::FrustrationRising,
        EscalationKind::AngerRising,
        EscalationKind::HumanRequested,
        EscalationKind::CancelThreatened,
        EscalationKind::RepeatedContact,
        EscalationKind::AgentFinding,
    ];

    /// The snake_case name used in JSON: `"anger_high"`, `"human_requested"`…
    pub const fn name(self) -> &'static str {
        match self {
            EscalationKind::AngerHigh => "anger_high",
            EscalationKind::FrustrationRising => "frustration_rising",
            EscalationKind::AngerRising => "anger_rising",
            EscalationKind::HumanRequested => "human_requested",
            EscalationKind::CancelThreatened => "cancel_threatened",
            EscalationKind::RepeatedContact => "repeated_contact",
            EscalationKind::AgentFinding => "agent_finding",
        }
    }

    /// A short phrase for people: `"anger high"`, `"asked for a human"`…
    pub const fn label(self) -> &'static str {
        match self {
            EscalationKind::AngerHigh => "anger high",
            EscalationKind::FrustrationRising => "frustration rising",
            EscalationKind::AngerRising => "anger rising",
            EscalationKind::HumanRequested => "asked for a human",
            EscalationKind::CancelThreatened => "threat to cancel",
            EscalationKind::RepeatedContact => "repeated contact",
            EscalationKind::AgentFinding => "agent reply flagged",
        }
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for EscalationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An escalation signal: what, at which turn, why, and where in the text.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Escalation {
    /// What kind of signal.
    pub kind: EscalationKind,
    /// The 0-based index of the turn that raised it.
    pub turn: usize,
    /// Why, for a person: `anger is high (0.93): "you people"`.
    pub reason: String,
    /// The byte span of the turn's text behind it, if there is one.
    pub span: Option<Range<usize>>,
}

/// How a customer says that things are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum ResolutionKind {
    /// The problem is solved or now understood: "that fixed it", "works
    /// now", "makes sense now".
    Fixed,
    /// Thanks or relief: "thank you", "what a relief".
    Thanks,
}

impl ResolutionKind {
    /// The lowercase name: `"fixed"` or `"thanks"`.
    pub const fn name(self) -> &'static str {
        match self {
            ResolutionKind::Fixed => "fixed",
            ResolutionKind::Thanks => "thanks",
        }
    }
}

/// A resolution signal: a calm customer turn that says things are solved,
/// after turns that were not calm.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Resolution {
    /// Solved, or thanks and relief.
    pub kind: ResolutionKind,
    /// The 0-based index of the turn.
    pub turn: usize,
    /// Why, for a person: `the customer says it is solved: "works now"`.
    pub reason: String,
    /// The byte span of the phrase in the turn's text.
    pub span: Range<usize>,
}

/// Something a review of an agent's reply found that escalates, fed to
/// [`Tracker::push_agent`].
///
/// This is the hook for reviewing drafts: whatever reviews an agent's
/// reply (against the customer's last [`Analysis`]) maps each of its
/// findings to one of these, with a reason for people and, optionally, the
/// span of the reply it is about.
///
/// ```
/// use emocue::conversation::AgentFinding;
/// let f = AgentFinding::new("blames the customer").at(0..8);
/// assert_eq!(f.span, Some(0..8));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AgentFinding {
    /// What the review found, for a person: "tells the customer to calm
    /// down".
    pub reason: String,
    /// The byte span of the agent's text it is about, if any.
    pub span: Option<Range<usize>>,
}

impl AgentFinding {
    /// A finding with a reason and no span.
    pub fn new(reason: impl Into<String>) -> Self {
        AgentFinding {
            reason: reason.into(),
            span: None,
        }
    }

    /// The same finding, about `span` of the agent's text.
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }
}

/// Whether to hand the conversation over to a human, and why (see the
/// [hand-over rule](self#the-hand-over-rule)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Handover {
    /// Whether a hand-over is recommended.
    pub recommended: bool,
    /// The clauses of the rule that hold, for a person; empty when not
    /// recommended.
    pub reasons: Vec<String>,
}

/// What [`Tracker::push`] learnt from a turn, and the conversation's state
/// after it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TurnReport {
    /// The 0-based index of the turn in the conversation.
    pub index: usize,
    /// Who wrote it.
    pub speaker: Speaker,
    /// The turn's own analysis.
    pub analysis: Analysis,
    /// The customer's smoothed scores after the turn (unchanged by agent
    /// turns).
    pub smoothed: EmotionMap<f32>,
    /// The customer's smoothed distress after the turn: the moving average
    /// of each customer turn's largest score weighted by its emotion's
    /// [`severity`].
    pub distress: f32,
    /// Each emotion's trend after the turn.
    pub trend: EmotionMap<Trend>,
    /// The trend of the customer's smoothed distress.
    pub overall: Trend,
    /// The escalation signals this turn raised.
    pub escalations: Vec<Escalation>,
    /// The resolution signal this turn raised, if any.
    pub resolution: Option<Resolution>,
    /// The hand-over recommendation after this turn.
    pub handover: Handover,
}

/// One turn's signals in the hand-over window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    /// Bits of [`EscalationKind::bit`].
    mask: u16,
}

/// Follows one conversation turn by turn: analyses each turn, smooths the
/// customer's scores, and raises escalation, resolution and hand-over
/// signals (see the [module documentation](crate::conversation)).
///
/// Its memory is fixed: a few numbers per emotion and fixed-size rings of
/// the last [`TREND_WINDOW`] customer turns and [`HANDOVER_WINDOW`] turns,
/// whatever the conversation's length ([`Tracker::retained_len`]).
#[derive(Debug, Clone)]
pub struct Tracker {
    detector: Detector,
    turns: usize,
    customer_turns: usize,
    smoothed: EmotionMap<f32>,
    distress: f32,
    /// Smoothed scores and distress after the last customer turns, a ring.
    history: [(EmotionMap<f32>, f32); TREND_WINDOW],
    /// Consecutive customer turns each emotion's smoothed score has risen.
    rises: EmotionMap<u32>,
    /// The smoothed score where the current rising run started.
    rise_from: EmotionMap<f32>,
    /// Whether the current rising run has been reported.
    rise_reported: EmotionMap<bool>,
    /// Signals of the last turns, a ring indexed by turn.
    window: [Slot; HANDOVER_WINDOW],
    /// Whether a customer turn carried a label since the last resolution.
    upset: bool,
    /// The intensities of the customer's last turn, for reviewing replies.
    last_customer: EmotionMap<Intensity>,
    /// Whether `push` reviews agent turns.
    review: bool,
}

impl Default for Tracker {
    /// A tracker with [`Detector::default`].
    fn default() -> Self {
        Tracker::new(&Detector::default())
    }
}

impl Tracker {
    /// A tracker for a new conversation, analysing with `detector` (cloning
    /// a detector copies a pointer).
    pub fn new(detector: &Detector) -> Self {
        Tracker {
            detector: detector.clone(),
            turns: 0,
            customer_turns: 0,
            smoothed: EmotionMap::splat(0.0),
            distress: 0.0,
            history: [(EmotionMap::splat(0.0), 0.0); TREND_WINDOW],
            rises: EmotionMap::splat(0),
            rise_from: EmotionMap::splat(0.0),
            rise_reported: EmotionMap::splat(false),
            window: [Slot::default(); HANDOVER_WINDOW],
            upset: false,
            last_customer: EmotionMap::splat(Intensity::None),
            review: true,
        }
    }

    /// Whether [`Tracker::push`] reviews agent turns with
    /// [`respond::review`] (on by default); turn it off to feed your own
    /// findings with [`Tracker::push_agent`].
    pub fn review_agent_turns(mut self, on: bool) -> Self {
        self.review = on;
        self
    }

    /// The detector it analyses with.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Analyses the next turn and updates the conversation's state.
    ///
    /// ```
    /// use emocue::conversation::{EscalationKind, Tracker, Trend, Turn};
    /// use emocue::{Detector, Emotion};
    ///
    /// let detector = Detector::default();
    /// let mut tracker = Tracker::new(&detector);
    /// let r = tracker.push(&Turn::customer("My card was charged twice, what is going on?"));
    /// assert_eq!(r.index, 0);
    /// tracker.push(&Turn::agent("I'm sorry, I'll look into it right away."));
    /// let r = tracker.push(&Turn::customer(
    ///     "This is the third time I've asked. You people are useless, I want to speak to a manager!!",
    /// ));
    /// assert!(r.analysis.has(Emotion::Anger));
    /// assert_eq!(r.trend[Emotion::Anger], Trend::Worsening);
    /// let kinds: Vec<_> = r.escalations.iter().map(|e| e.kind).collect();
    /// assert!(kinds.contains(&EscalationKind::HumanRequested));
    /// assert!(kinds.contains(&EscalationKind::RepeatedContact));
    /// assert!(r.handover.recommended);
    /// for e in &r.escalations {
    ///     println!("turn {}: {} — {}", e.turn, e.kind, e.reason);
    /// }
    ///
    /// tracker.push(&Turn::agent("I've refunded the second charge and a manager will call you today."));
    /// let r = tracker.push(&Turn::customer("OK, I see the refund. Thank you."));
    /// assert!(r.resolution.is_some());
    /// assert!(!r.handover.recommended);
    /// ```
    pub fn push(&mut self, turn: &Turn) -> TurnReport {
        let findings = match turn.speaker {
            Speaker::Agent if self.review => self.review_findings(&turn.text),
            _ => Vec::new(),
        };
        self.push_turn(turn.speaker, &turn.text, findings)
    }

    /// What [`respond::review`] finds in an agent's reply to the customer's
    /// last turn, as findings.
    fn review_findings(&self, draft: &str) -> Vec<AgentFinding> {
        let customer = Analysis::from_intensities(String::new(), self.last_customer);
        respond::review(draft, &customer)
            .findings
            .into_iter()
            .filter(|f| f.kind != respond::FindingKind::NoAcknowledgement)
            .map(|f| {
                let quote = draft.get(f.span.clone()).unwrap_or_default();
                AgentFinding::new(format!("{} \u{201c}{quote}\u{201d}: {}", f.kind, f.why))
                    .at(f.span)
            })
            .collect()
    }

    /// Analyses the next turn, a customer's.
    pub fn push_customer(&mut self, text: &str) -> TurnReport {
        self.push_turn(Speaker::Customer, text, Vec::new())
    }

    /// Analyses the next turn, an agent's, with what a review of it found.
    ///
    /// Each finding becomes an [`EscalationKind::AgentFinding`] signal of
    /// this turn (reason `agent reply: …`), which counts for the hand-over
    /// rule. With no findings, this is [`push`](Self::push) of an agent
    /// turn.
    pub fn push_agent(
        &mut self,
        text: &str,
        findings: impl IntoIterator<Item = AgentFinding>,
    ) -> TurnReport {
        self.push_turn(Speaker::Agent, text, findings.into_iter().collect())
    }

    fn push_turn(
        &mut self,
        speaker: Speaker,
        text: &str,
        findings: Vec<AgentFinding>,
    ) -> TurnReport {
        let index = self.turns;
        self.turns += 1;
        let analysis = self.detector.analyze(text);
        let mut escalations = Vec::new();
        let mut resolution = None;
        match speaker {
            Speaker::Customer => {
                self.last_customer = EmotionMap::from_fn(|e| analysis.intensity(e));
                self.customer(index, &analysis, &mut escalations, &mut resolution);
            }
            Speaker::Agent => {
                for f in findings {
                    escalations.push(Escalation {
                        kind: EscalationKind::AgentFinding,
                        turn: index,
                        reason: format!("agent reply: {}", f.reason),
                        span: f.span,
                    });
                }
            }
        }
        let mask = escalations.iter().fold(0, |m, e| m | e.kind.bit());
        self.window[index % HANDOVER_WINDOW] = Slot { mask };
        TurnReport {
            index,
            speaker,
            analysis,
            smoothed: self.smoothed,
            distress: self.distress,
            trend: self.trends(),
            overall: self.overall_trend(),
            escalations,
            resolution,
            handover: self.handover(),
        }
    }

    fn customer(
        &mut self,
        index: usize,
        a: &Analysis,
        escalations: &mut Vec<Escalation>,
        resolution: &mut Option<Resolution>,
    ) {
        let first = self.customer_turns == 0;
        self.customer_turns += 1;
        let previous = self.smoothed;
        self.smoothed = if first {
            *a.scores()
        } else {
            EmotionMap::from_fn(|e| {
                SMOOTHING_ALPHA * a.score(e) + (1.0 - SMOOTHING_ALPHA) * previous[e]
            })
        };
        let distress = distress_of(a.scores());
        self.distress = if first {
            distress
        } else {
            SMOOTHING_ALPHA * distress + (1.0 - SMOOTHING_ALPHA) * self.distress
        };
        self.history[(self.customer_turns - 1) % TREND_WINDOW] = (self.smoothed, self.distress);

        if a.intensity(Emotion::Anger) == Intensity::High {
            escalations.push(Escalation {
                kind: EscalationKind::AngerHigh,
                turn: index,
                reason: format!(
                    "anger is high ({:.2}){}",
                    a.score(Emotion::Anger),
                    quote_top_cue(a, Emotion::Anger)
                ),
                span: a.explain(Emotion::Anger).first().map(|c| c.span.clone()),
            });
        }

        for (e, kind) in [
            (Emotion::Frustration, EscalationKind::FrustrationRising),
            (Emotion::Anger, EscalationKind::AngerRising),
        ] {
            if !first && self.smoothed[e] - previous[e] >= RISE_MIN {
                if self.rises[e] == 0 {
                    self.rise_from[e] = previous[e];
                }
                self.rises[e] += 1;
            } else {
                self.rises[e] = 0;
                self.rise_reported[e] = false;
            }
            if self.rises[e] >= RISING_RUN && !self.rise_reported[e] && a.has(e) {
                self.rise_reported[e] = true;
                escalations.push(Escalation {
                    kind,
                    turn: index,
                    reason: format!(
                        "{e} has risen on {} customer turns in a row (smoothed {:.2} → {:.2})",
                        self.rises[e], self.rise_from[e], self.smoothed[e]
                    ),
                    span: a.explain(e).first().map(|c| c.span.clone()),
                });
            }
        }

        for (kind, span) in phrases::support_signals(a) {
            let quoted = &a.text()[span.clone()];
            let reason = match kind {
                EscalationKind::HumanRequested => {
                    format!("the customer asks for a human: \u{201c}{quoted}\u{201d}")
                }
                EscalationKind::CancelThreatened => {
                    format!("the customer threatens to cancel or leave: \u{201c}{quoted}\u{201d}")
                }
                _ => format!("the customer has had to repeat themselves: \u{201c}{quoted}\u{201d}"),
            };
            escalations.push(Escalation {
                kind,
                turn: index,
                reason,
                span: Some(span),
            });
        }

        if a.is_calm() {
            if self.upset {
                if let Some((kind, span)) = phrases::resolution(a.text()) {
                    let quoted = &a.text()[span.clone()];
                    let reason = match kind {
                        ResolutionKind::Fixed => {
                            format!("the customer says it is solved: \u{201c}{quoted}\u{201d}")
                        }
                        ResolutionKind::Thanks => {
                            format!("the customer thanks or is relieved: \u{201c}{quoted}\u{201d}")
                        }
                    };
                    *resolution = Some(Resolution {
                        kind,
                        turn: index,
                        reason,
                        span,
                    });
                    self.upset = false;
                    self.window = [Slot::default(); HANDOVER_WINDOW];
                    self.rises = EmotionMap::splat(0);
                    self.rise_reported = EmotionMap::splat(false);
                }
            }
        } else {
            self.upset = true;
        }
    }

    /// How many turns it has seen.
    pub fn turns(&self) -> usize {
        self.turns
    }

    /// How many customer turns it has seen.
    pub fn customer_turns(&self) -> usize {
        self.customer_turns
    }

    /// The customer's smoothed scores (all 0 before the first customer
    /// turn).
    pub fn smoothed(&self) -> EmotionMap<f32> {
        self.smoothed
    }

    /// The customer's smoothed distress: the moving average of each
    /// customer turn's largest score weighted by its emotion's
    /// [`severity`] (0 before the first customer turn).
    pub fn distress(&self) -> f32 {
        self.distress
    }

    /// The smoothed scores and distress at the start of the trend window,
    /// after the customer turn before the last, and after the last.
    fn trend_points(&self) -> Option<[(EmotionMap<f32>, f32); 3]> {
        if self.customer_turns < 2 {
            return None;
        }
        let span = self.customer_turns.min(TREND_WINDOW);
        let last = self.customer_turns - 1;
        let first = last + 1 - span;
        Some([
            self.history[first % TREND_WINDOW],
            self.history[(last - 1) % TREND_WINDOW],
            self.history[last % TREND_WINDOW],
        ])
    }

    /// Each emotion's trend over the last [`TREND_WINDOW`] customer turns.
    pub fn trends(&self) -> EmotionMap<Trend> {
        match self.trend_points() {
            Some([first, previous, now]) => {
                EmotionMap::from_fn(|e| trend_of(first.0[e], previous.0[e], now.0[e]))
            }
            None => EmotionMap::splat(Trend::Steady),
        }
    }

    /// The trend of the customer's smoothed distress.
    pub fn overall_trend(&self) -> Trend {
        match self.trend_points() {
            Some([first, previous, now]) => trend_of(first.1, previous.1, now.1),
            None => Trend::Steady,
        }
    }

    /// The hand-over recommendation now.
    pub fn handover(&self) -> Handover {
        let slots = &self.window[..self.turns.min(HANDOVER_WINDOW)];
        let any = slots.iter().fold(0u16, |m, s| m | s.mask);
        let mut reasons = Vec::new();
        if any & EscalationKind::HumanRequested.bit() != 0 {
            reasons.push("the customer asked for a human".to_owned());
        }
        let angry = slots
            .iter()
            .filter(|s| s.mask & EscalationKind::AngerHigh.bit() != 0)
            .count();
        if angry >= 2 {
            reasons.push(format!(
                "anger was high on {angry} of the last {HANDOVER_WINDOW} turns"
            ));
        }
        let kinds: Vec<&str> = EscalationKind::ALL
            .iter()
            .filter(|k| any & k.bit() != 0)
            .map(|k| k.label())
            .collect();
        let turns_with_signals = slots.iter().filter(|s| s.mask != 0).count();
        if kinds.len() >= 2 && turns_with_signals >= 2 {
            reasons.push(format!(
                "{} kinds of escalation signal on {turns_with_signals} of the last {HANDOVER_WINDOW} turns: {}",
                kinds.len(),
                kinds.join(", ")
            ));
        }
        Handover {
            recommended: !reasons.is_empty(),
            reasons,
        }
    }

    /// How many turns' worth of state it holds: the filled slots of its
    /// fixed-size rings. It stops growing once the rings are full (after
    /// [`HANDOVER_WINDOW`] turns and [`TREND_WINDOW`] customer turns), and
    /// the tracker holds no other per-turn state.
    ///
    /// ```
    /// use emocue::conversation::{Tracker, Turn, HANDOVER_WINDOW, TREND_WINDOW};
    /// let mut t = Tracker::default();
    /// for _ in 0..50 {
    ///     t.push(&Turn::customer("still waiting"));
    /// }
    /// assert_eq!(t.retained_len(), HANDOVER_WINDOW + TREND_WINDOW);
    /// assert_eq!(t.heap_bytes(), 0);
    /// ```
    pub fn retained_len(&self) -> usize {
        self.turns.min(HANDOVER_WINDOW) + self.customer_turns.min(TREND_WINDOW)
    }

    /// The heap memory the tracker owns, beyond the detector it shares:
    /// none, whatever the conversation's length.
    pub fn heap_bytes(&self) -> usize {
        // Every field is inline: numbers, fixed-size arrays, and the
        // detector's shared pointer.
        0
    }
}

/// The trend of a smoothed value from the start of the window, the
/// previous customer turn and now: the last move if it is large enough,
/// else the move across the window.
fn trend_of(first: f32, previous: f32, now: f32) -> Trend {
    match Trend::from_delta(now - previous) {
        Trend::Steady => Trend::from_delta(now - first),
        moved => moved,
    }
}

/// How far up the escalation ladder an emotion stands, as a weight on its
/// score in the customer's distress: confusion 0.7, frustration 0.8,
/// anxiety 0.9, anger 1. A customer who moves up the ladder (confused, then
/// frustrated, then angry) is worsening even when every step scores near 1.
///
/// ```
/// use emocue::conversation::severity;
/// use emocue::Emotion;
/// assert!(severity(Emotion::Anger) > severity(Emotion::Frustration));
/// assert_eq!(severity(Emotion::Anger), 1.0);
/// ```
pub fn severity(emotion: Emotion) -> f32 {
    match emotion {
        Emotion::Confusion => 0.7,
        Emotion::Frustration => 0.8,
        Emotion::Anxiety => 0.9,
        Emotion::Anger => 1.0,
    }
}

/// A turn's distress: its largest score weighted by the emotion's severity.
fn distress_of(scores: &EmotionMap<f32>) -> f32 {
    scores
        .iter()
        .map(|(e, v)| severity(e) * *v)
        .fold(0.0, f32::max)
}

/// `: "cue"` for the emotion's largest cue, or nothing.
fn quote_top_cue(a: &Analysis, e: Emotion) -> String {
    match a.explain(e).first() {
        Some(c) => format!(": \u{201c}{}\u{201d}", &a.text()[c.span.clone()]),
        None => String::new(),
    }
}

/// The highest score a customer turn reached.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Peak {
    /// Which emotion.
    pub emotion: Emotion,
    /// Its score at that turn.
    pub score: f32,
    /// The 0-based index of the turn (the first, on a tie).
    pub turn: usize,
}

/// A whole conversation summed up: built by [`analyze_transcript`], or
/// turn by turn with [`ConversationSummary::record`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConversationSummary {
    /// How many turns.
    pub turns: usize,
    /// How many of them the customer's.
    pub customer_turns: usize,
    /// The highest score of any emotion on any customer turn, if any
    /// emotion scored above 0.
    pub peak: Option<Peak>,
    /// Where the conversation was heading as it ended: the overall trend
    /// (of the customer's smoothed distress) after the last customer turn.
    pub trend: Trend,
    /// Every escalation signal, in turn order.
    pub escalations: Vec<Escalation>,
    /// The first turn after which a hand-over was recommended.
    pub handover_turn: Option<usize>,
    /// The reasons for the hand-over at that turn.
    pub handover_reasons: Vec<String>,
    /// The last resolution signal.
    pub resolution: Option<Resolution>,
    /// Whether the last customer turn carried no emotion label (true when
    /// the customer never spoke).
    pub ended_calm: bool,
    /// The customer's smoothed scores at the end.
    pub smoothed: EmotionMap<f32>,
    /// The customer's smoothed distress at the end.
    pub distress: f32,
}

impl ConversationSummary {
    /// An empty summary, to [`record`](Self::record) turns into.
    pub fn new() -> Self {
        ConversationSummary {
            ended_calm: true,
            ..ConversationSummary::default()
        }
    }

    /// Adds a turn's report, in order.
    ///
    /// ```
    /// use emocue::conversation::{ConversationSummary, Tracker, Turn};
    /// let mut tracker = Tracker::default();
    /// let mut summary = ConversationSummary::new();
    /// for turn in [Turn::customer("why was I charged twice??"), Turn::agent("Let me check.")] {
    ///     let report = tracker.push(&turn);
    ///     summary.record(&report);
    /// }
    /// assert_eq!(summary.turns, 2);
    /// assert!(!summary.ended_calm);
    /// ```
    pub fn record(&mut self, report: &TurnReport) {
        self.turns += 1;
        self.escalations.extend(report.escalations.iter().cloned());
        if report.handover.recommended && self.handover_turn.is_none() {
            self.handover_turn = Some(report.index);
            self.handover_reasons = report.handover.reasons.clone();
        }
        if report.speaker != Speaker::Customer {
            return;
        }
        self.customer_turns += 1;
        let a = &report.analysis;
        for e in Emotion::ALL {
            let score = a.score(e);
            if score > 0.0 && self.peak.map_or(true, |p| score > p.score) {
                self.peak = Some(Peak {
                    emotion: e,
                    score,
                    turn: report.index,
                });
            }
        }
        if report.resolution.is_some() {
            self.resolution = report.resolution.clone();
        }
        self.ended_calm = a.is_calm();
        self.smoothed = report.smoothed;
        self.distress = report.distress;
        self.trend = report.overall;
    }

    /// The first escalation signal, if any.
    pub fn first_escalation(&self) -> Option<&Escalation> {
        self.escalations.first()
    }
}

/// Runs a [`Tracker`] over `turns` and sums the conversation up.
///
/// ```
/// use emocue::conversation::{analyze_transcript, Trend, Turn};
/// use emocue::Detector;
/// let summary = analyze_transcript(&Detector::default(), &[
///     Turn::customer("I'm so confused, where do I find my invoice???"),
///     Turn::agent("It's under Settings → Billing → Invoices."),
///     Turn::customer("Found it, thanks!"),
/// ]);
/// assert_eq!(summary.trend, Trend::Improving);
/// assert!(summary.ended_calm && summary.resolution.is_some());
/// assert!(summary.escalations.is_empty() && summary.handover_turn.is_none());
/// ```
pub fn analyze_transcript(detector: &Detector, turns: &[Turn]) -> ConversationSummary {
    let mut tracker = Tracker::new(detector);
    let mut summary = ConversationSummary::new();
    for turn in turns {
        summary.record(&tracker.push(turn));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_is_an_ewma_started_at_the_first_customer_turn() {
        let mut t = Tracker::default();
        let a = t.push_customer("I am furious!!").analysis;
        assert_eq!(t.smoothed(), *a.scores());
        t.push(&Turn::agent("I am furious too, honestly")); // agent turns do not count
        assert_eq!(t.smoothed(), *a.scores());
        let b = t.push_customer("ok").analysis;
        let want = SMOOTHING_ALPHA * b.score(Emotion::Anger)
            + (1.0 - SMOOTHING_ALPHA) * a.score(Emotion::Anger);
        assert!((t.smoothed()[Emotion::Anger] - want).abs() < 1e-6);
        assert_eq!(t.turns(), 3);
        assert_eq!(t.customer_turns(), 2);
    }

    #[test]
    fn trends_follow_the_window() {
        let mut t = Tracker::default();
        assert_eq!(t.overall_trend(), Trend::Steady);
        t.push_customer("Hi, a quick question about my plan.");
        t.push_customer("Hm, I don't get it.");
        let r = t.push_customer("This makes no sense at all, I'm so confused???");
        assert_eq!(r.trend[Emotion::Confusion], Trend::Worsening);
        assert_eq!(r.overall, Trend::Worsening);
        t.push_customer("ok");
        let r = t.push_customer("ok, got it now");
        assert_eq!(r.trend[Emotion::Confusion], Trend::Improving);
        assert_eq!(r.overall, Trend::Improving);
    }

    #[test]
    fn frustration_turning_into_anger_is_worsening() {
        let mut t = Tracker::default();
        let first = t.push_customer("Still not working, so frustrating!!");
        let second = t.push_customer("Third time I ask, still broken. So frustrating.");
        assert!(first.analysis.score(Emotion::Frustration) > 0.95);
        assert!(second.analysis.score(Emotion::Frustration) > 0.95);
        let r = t.push_customer("You are liars and thieves. I am furious.");
        assert!(r.analysis.score(Emotion::Anger) > 0.95);
        assert_eq!(r.overall, Trend::Worsening);
        let r = t.push_customer("Fine. Still annoyed, but thanks for the refund.");
        assert_eq!(r.overall, Trend::Improving);
    }

    #[test]
    fn rising_is_raised_once_per_run() {
        let mut t = Tracker::default();
        let msgs = [
            "Hello, my parcel is late.",
            "It's a bit annoying that it's late.",
            "Still not here, this is frustrating.",
            "This is ridiculous, still waiting and nobody answers!!",
            "Still waiting, this is ridiculous and frustrating!!!",
        ];
        let mut raised = Vec::new();
        for m in msgs {
            let r = t.push_customer(m);
            for e in r.escalations {
                if e.kind == EscalationKind::FrustrationRising {
                    raised.push(e.turn);
                }
            }
        }
        assert_eq!(raised.len(), 1, "{raised:?}");
    }

    #[test]
    fn agent_findings_escalate_and_count_for_handover() {
        let mut t = Tracker::default();
        let r = t.push_agent(
            "Calm down.",
            [AgentFinding::new("tells the customer to calm down")],
        );
        assert_eq!(r.escalations.len(), 1);
        assert_eq!(
            r.escalations[0].reason,
            "agent reply: tells the customer to calm down"
        );
        assert!(!r.handover.recommended);
        let r = t.push_customer("I want to cancel my subscription.");
        assert!(r.handover.recommended, "{r:?}");
        assert!(
            r.handover.reasons[0].starts_with("2 kinds"),
            "{:?}",
            r.handover.reasons
        );
    }

    #[test]
    fn one_message_with_two_signals_does_not_hand_over_alone() {
        let mut t = Tracker::default();
        let r = t.push_customer(
            "This is the third time I've contacted you. I will cancel my subscription.",
        );
        let kinds: Vec<_> = r.escalations.iter().map(|e| e.kind).collect();
        assert!(
            kinds.contains(&EscalationKind::RepeatedContact),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&EscalationKind::CancelThreatened),
            "{kinds:?}"
        );
        assert!(!r.handover.recommended, "{r:?}");
        t.push_agent("Let me look into it.", []);
        let r = t.push_customer("Still waiting for an answer.");
        assert!(r.handover.recommended, "{r:?}");
        assert!(
            r.handover.reasons[0].starts_with("2 kinds of escalation signal on 2 of"),
            "{:?}",
            r.handover.reasons
        );
    }

    #[test]
    fn handover_window_forgets_old_signals() {
        let mut t = Tracker::default();
        assert!(
            t.push_customer("Let me speak to a manager.")
                .handover
                .recommended
        );
        for _ in 0..HANDOVER_WINDOW - 1 {
            assert!(
                t.push(&Turn::agent("One moment please."))
                    .handover
                    .recommended
            );
        }
        assert!(!t.push(&Turn::agent("Still checking.")).handover.recommended);
    }

    #[test]
    fn resolution_needs_earlier_distress_and_a_calm_turn() {
        let mut t = Tracker::default();
        assert!(t.push_customer("Thanks!").resolution.is_none());
        t.push_customer("It still doesn't work!!");
        assert!(t
            .push_customer("Thanks, but it still doesn't work")
            .resolution
            .is_none());
        let r = t.push_customer("Great, it works now. Thank you!");
        let res = r.resolution.unwrap();
        assert_eq!(res.kind, ResolutionKind::Fixed);
        assert_eq!(&r.analysis.text()[res.span], "it works");
        assert!(t.push_customer("Thanks again").resolution.is_none());
    }
}
