//! # emocue
//!
//! Notice, message by message, that a customer is **frustrated**,
//! **angry**, **confused** or **anxious**, and show why.
//!
//! ```
//! use emocue::{Detector, Emotion};
//!
//! let detector = Detector::default(); // embedded English data, built once
//! let a = detector.analyze("This is the THIRD time I've asked and it still doesn't work!!");
//! assert!(a.has(Emotion::Frustration));
//! for cue in a.cues() {
//!     // Exact spans of the caller's text, with what kind of cue each is.
//!     println!("{} {:?} {:?} {:+.2}", cue.emotion, &a.text()[cue.span.clone()], cue.kind, cue.weight);
//! }
//! ```
//!
//! ## The pipeline
//!
//! One pass over the text, linear in its length:
//!
//! ```text
//! &str ─normalize+tokenize─▶ tokens (folded words, emoji, emoticons, !/? runs,
//!                            boundaries; each with its span in the original)
//!      ─match─▶ longest lexicon terms (words, phrases with `*` and `<num>`,
//!               emoji, emoticons) in a trie over word ids, walked only
//!               where a branch-free start filter lets a phrase start; a
//!               support pattern may overlap the end of the term before it
//!      ─rules─▶ cues: term × negation scope × intensifier/diminisher
//!               × contrast × emphasis (CAPS, elongation) + signals (CAPS,
//!               !!!, ???, ?!, elongation)
//!      ─context─▶ + what the words no term matched say, per emotion: a
//!                 fitted linear model over them and their pairs (on in
//!                 the default detector; `context_model(false)` leaves it out)
//!      ─score─▶ evidence per emotion = Σ cue weights (+ context)
//!               score = 1 − e^(−evidence) ∈ [0, 1]
//!               label = score ≥ threshold; intensity = band above threshold
//! ```
//!
//! 1. **Normalization**: ASCII is lowercased on
//!    a fast path; other characters get their compatibility decomposition
//!    (fullwidth and mathematical letters become ASCII), lose combining
//!    marks, and fold Cyrillic/Greek look-alikes, Latin small capitals and
//!    curly apostrophes.
//!    Zero-width and bidi characters are skipped. Everyday spellings
//!    (`dont`, `im`, `u`, `pls`) are the words they stand for. Spans stay in the
//!    caller's string, on char boundaries.
//! 2. **Lexicon** ([`lexicon`]): human-readable files under `data/`,
//!    embedded and compiled once (on first use of [`Detector::default`])
//!    into a vocabulary and a phrase trie that the hot path only reads.
//!    Support language ("third time", "still waiting", "speak to a
//!    manager", "will I lose my data") is data, like emotion words.
//! 3. **Rules**: negation ("not angry", "no problem", "nothing to worry
//!    about" count for nothing), intensifiers and diminishers, contrast
//!    ("thanks, but it still fails" weighs the clause after *but*),
//!    emphasis.
//! 4. **Scores** ([`Analysis`]): explainable sums of cue weights; the
//!    weights were fitted on GoEmotions train (see the README) and the
//!    thresholds chosen there.
//!
//! [`conversation`] follows a conversation turn by turn: the customer's
//! smoothed trajectory and trends, escalation signals (high or rising
//! anger, a request for a manager, a threat to cancel, repeated contact),
//! resolution, and when to hand over to a human.
//! [`respond`] turns an analysis into a suggested reply (recipes per
//! emotion and intensity, filled from a [`respond::Context`], varied across
//! the turns of a conversation) and reviews a draft reply for phrases that
//! escalate.
//!
//! [`eval`] measures a detector on labelled data. With the `serde` feature,
//! the output types serialize, `eval::parse_jsonl` reads labelled JSON
//! Lines and `conversation::parse_transcripts` reads transcripts.
//!
//! The crate does no I/O: files are the caller's to read (the `emocue`
//! command-line tool in the `emocue-cli` package does that).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analysis;
mod context;
pub mod conversation;
mod detect;
mod emotion;
mod error;
pub mod eval;
pub mod fit;
mod hash;
pub mod lexicon;
pub mod respond;
mod rules;
mod text;

pub use analysis::{Analysis, Cue, CueKind, Modifiers};
pub use detect::{score, Detector, DetectorBuilder};
pub use emotion::{Emotion, EmotionMap, Intensity};
pub use error::{Error, Location, Result};
