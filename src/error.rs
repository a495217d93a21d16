//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong in emocue.
///
/// Errors about user-supplied data (a lexicon line, a modifier line, a
/// threshold, a labelled-data line) name the source, the line and the
/// problem, so that the message alone tells the user what to fix:
///
/// ```
/// let err = emocue::Detector::builder()
///     .add_lexicon("my-words.tsv", "furious\trage\t2.0")
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "my-words.tsv:1: unknown emotion `rage` (expected frustration, anger, confusion or anxiety)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A line of a data file (lexicon, modifiers, thresholds, labelled data)
    /// could not be read.
    #[error("{location}: {problem}")]
    Parse {
        /// Where: the source's name and the 1-based line number.
        location: Location,
        /// What is wrong with the line, and what was expected.
        problem: String,
    },
    /// An emotion name that is not one of the four.
    #[error("unknown emotion `{0}` (expected frustration, anger, confusion or anxiety)")]
    UnknownEmotion(String),
    /// A set of reply templates is incomplete: some part of a reply could
    /// not be written (see [`crate::respond`]).
    #[error("{packs}: {problem}")]
    Pack {
        /// The packs in use, by the names the caller gave them, joined by
        /// `", "`.
        packs: String,
        /// What is missing, and for which emotion and intensity.
        problem: String,
    },
    /// A value given through the builder is out of range.
    #[error("invalid {what}: {problem}")]
    InvalidValue {
        /// Which setting.
        what: &'static str,
        /// Why it is rejected.
        problem: String,
    },
}

/// A place in a named source: `name:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The name the caller gave the source (usually a file path).
    pub source: String,
    /// The 1-based line number.
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}

impl Error {
    /// A parse error at `source:line`.
    pub(crate) fn parse(source: &str, line: usize, problem: impl Into<String>) -> Self {
        Error::Parse {
            location: Location {
                source: source.to_owned(),
                line,
            },
            problem: problem.into(),
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
