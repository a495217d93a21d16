//! The four emotions emocue detects, how strongly each is felt, and a small
//! map keyed by emotion.

use std::fmt;
use std::ops::{Index, IndexMut};
use std::str::FromStr;

use crate::Error;

/// One of the four feelings that change how a support reply should be
/// written.
///
/// ```
/// use emocue::Emotion;
/// let e: Emotion = "anger".parse().unwrap();
/// assert_eq!(e, Emotion::Anger);
/// assert_eq!(e.to_string(), "anger");
/// assert_eq!(Emotion::ALL.len(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Emotion {
    /// Blocked from a goal: repeated contact, waiting, things that still do
    /// not work, disappointment.
    Frustration,
    /// Hostility towards someone: blame, insults, threats to leave.
    Anger,
    /// Not understanding: questions, "I don't get it", "makes no sense".
    Confusion,
    /// Worry about consequences: fear, nervousness, urgency.
    Anxiety,
}

impl Emotion {
    /// All four, in a fixed order (the order of [`Emotion::index`]).
    pub const ALL: [Emotion; 4] = [
        Emotion::Frustration,
        Emotion::Anger,
        Emotion::Confusion,
        Emotion::Anxiety,
    ];

    /// The position of this emotion in [`Emotion::ALL`], 0 to 3.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The lowercase name used in data files and JSON: `"frustration"`,
    /// `"anger"`, `"confusion"`, `"anxiety"`.
    pub const fn name(self) -> &'static str {
        match self {
            Emotion::Frustration => "frustration",
            Emotion::Anger => "anger",
            Emotion::Confusion => "confusion",
            Emotion::Anxiety => "anxiety",
        }
    }
}

impl fmt::Display for Emotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Emotion {
    type Err = Error;

    /// Parses a name case-insensitively, ignoring surrounding white space.
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        Emotion::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::UnknownEmotion(s.to_owned()))
    }
}

/// How strongly a labelled emotion is expressed.
///
/// An emotion below its label threshold has intensity [`Intensity::None`];
/// above it, the rest of the score range is cut in three equal bands.
///
/// ```
/// use emocue::{Detector, Emotion, Intensity};
/// let d = Detector::default();
/// assert_eq!(d.analyze("Thanks, that fixed it.").intensity(Emotion::Anger), Intensity::None);
/// assert!(d.analyze("I am FURIOUS, you people are useless!!!").intensity(Emotion::Anger) >= Intensity::Medium);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Intensity {
    /// Not labelled.
    #[default]
    None,
    /// Labelled, in the lowest third above the threshold.
    Low,
    /// Labelled, in the middle third.
    Medium,
    /// Labelled, in the top third.
    High,
}

impl Intensity {
    /// The intensity of `score` for an emotion whose label threshold is
    /// `threshold`.
    ///
    /// ```
    /// use emocue::Intensity;
    /// assert_eq!(Intensity::from_score(0.2, 0.4), Intensity::None);
    /// assert_eq!(Intensity::from_score(0.45, 0.4), Intensity::Low);
    /// assert_eq!(Intensity::from_score(0.7, 0.4), Intensity::Medium);
    /// assert_eq!(Intensity::from_score(0.95, 0.4), Intensity::High);
    /// ```
    pub fn from_score(score: f32, threshold: f32) -> Intensity {
        if score.is_nan() || score < threshold || score <= 0.0 {
            return Intensity::None;
        }
        let band = (1.0 - threshold) / 3.0;
        if score < threshold + band {
            Intensity::Low
        } else if score < threshold + 2.0 * band {
            Intensity::Medium
        } else {
            Intensity::High
        }
    }

    /// The lowercase name: `"none"`, `"low"`, `"medium"`, `"high"`.
    pub const fn name(self) -> &'static str {
        match self {
            Intensity::None => "none",
            Intensity::Low => "low",
            Intensity::Medium => "medium",
            Intensity::High => "high",
        }
    }
}

impl fmt::Display for Intensity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One value per emotion, indexed by [`Emotion`].
///
/// Serializes as an object keyed by emotion name:
/// `{"frustration": .., "anger": .., "confusion": .., "anxiety": ..}`.
///
/// ```
/// use emocue::{Emotion, EmotionMap};
/// let mut m = EmotionMap::splat(0.0_f32);
/// m[Emotion::Anger] = 0.8;
/// assert_eq!(m[Emotion::Anger], 0.8);
/// assert_eq!(m.iter().filter(|(_, v)| **v > 0.5).count(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EmotionMap<T> {
    /// The value for [`Emotion::Frustration`].
    pub frustration: T,
    /// The value for [`Emotion::Anger`].
    pub anger: T,
    /// The value for [`Emotion::Confusion`].
    pub confusion: T,
    /// The value for [`Emotion::Anxiety`].
    pub anxiety: T,
}

impl<T: Clone> EmotionMap<T> {
    /// The same value for every emotion.
    pub fn splat(value: T) -> Self {
        EmotionMap {
            frustration: value.clone(),
            anger: value.clone(),
            confusion: value.clone(),
            anxiety: value,
        }
    }
}

impl<T> EmotionMap<T> {
    /// Builds a map by calling `f` for each emotion.
    pub fn from_fn(mut f: impl FnMut(Emotion) -> T) -> Self {
        EmotionMap {
            frustration: f(Emotion::Frustration),
            anger: f(Emotion::Anger),
            confusion: f(Emotion::Confusion),
            anxiety: f(Emotion::Anxiety),
        }
    }

    /// The emotions with their values, in [`Emotion::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Emotion, &T)> + '_ {
        Emotion::ALL.into_iter().map(move |e| (e, &self[e]))
    }

    /// A map of `f` applied to every value.
    pub fn map<U>(&self, mut f: impl FnMut(Emotion, &T) -> U) -> EmotionMap<U> {
        EmotionMap::from_fn(|e| f(e, &self[e]))
    }
}

impl<T> Index<Emotion> for EmotionMap<T> {
    type Output = T;
    fn index(&self, e: Emotion) -> &T {
        match e {
            Emotion::Frustration => &self.frustration,
            Emotion::Anger => &self.anger,
            Emotion::Confusion => &self.confusion,
            Emotion::Anxiety => &self.anxiety,
        }
    }
}

impl<T> IndexMut<Emotion> for EmotionMap<T> {
    fn index_mut(&mut self, e: Emotion) -> &mut T {
        match e {
            Emotion::Frustration => &mut self.frustration,
            Emotion::Anger => &mut self.anger,
            Emotion::Confusion => &mut self.confusion,
            Emotion::Anxiety => &mut self.anxiety,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in Emotion::ALL {
            assert_eq!(e.name().parse::<Emotion>().unwrap(), e);
            assert_eq!(Emotion::ALL[e.index()], e);
        }
        assert_eq!(" ANGER ".parse::<Emotion>().unwrap(), Emotion::Anger);
        assert!("rage".parse::<Emotion>().is_err());
    }

    #[test]
    fn intensity_bands_are_ordered_and_none_below_threshold() {
        assert_eq!(Intensity::from_score(0.0, 0.0), Intensity::None);
        assert_eq!(Intensity::from_score(f32::NAN, 0.3), Intensity::None);
        let mut last = Intensity::None;
        for i in 30..=100 {
            let got = Intensity::from_score(i as f32 / 100.0, 0.3);
            assert!(got >= last);
            last = got;
        }
        assert_eq!(last, Intensity::High);
    }
}
