//! The output of analysis: scores, labels, intensities, and the cues behind
//! them.

use std::ops::Range;

use crate::{Emotion, EmotionMap, Intensity};

/// What kind of evidence a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CueKind {
    /// A lexicon word: "furious", "confused".
    Word,
    /// A lexicon phrase of several words: "fed up", "makes no sense".
    Phrase,
    /// A support pattern: "third time", "still waiting", "speak to a
    /// manager", "will I lose".
    Support,
    /// An emoji: 😡.
    Emoji,
    /// An emoticon: `>:(`.
    Emoticon,
    /// Words written in capitals: "THIS IS THE THIRD TIME".
    Caps,
    /// A run of exclamation marks: `!!`, `!!!`.
    Exclamations,
    /// A run of question marks: `??`, `???`.
    Questions,
    /// Question and exclamation marks together: `?!`, `!?!`.
    Interrobang,
    /// A single question mark.
    Question,
    /// A letter stretched out: "sooo", "whyyy".
    Elongation,
}

impl CueKind {
    /// The snake_case name used in JSON: `"word"`, `"support"`, `"caps"`…
    pub const fn name(self) -> &'static str {
        match self {
            CueKind::Word => "word",
            CueKind::Phrase => "phrase",
            CueKind::Support => "support",
            CueKind::Emoji => "emoji",
            CueKind::Emoticon => "emoticon",
            CueKind::Caps => "caps",
            CueKind::Exclamations => "exclamations",
            CueKind::Questions => "questions",
            CueKind::Interrobang => "interrobang",
            CueKind::Question => "question",
            CueKind::Elongation => "elongation",
        }
    }
}

/// What changed a cue's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Modifiers {
    /// In the scope of a negator ("not angry"): it counts for nothing.
    pub negated: bool,
    /// After an intensifier ("so angry").
    pub intensified: bool,
    /// After a diminisher ("a bit annoyed").
    pub diminished: bool,
    /// Before a contrast word in its sentence ("sorry, *but*…"): counts
    /// half.
    pub contrasted: bool,
    /// Written in capitals or stretched out ("ANGRY", "angryyy").
    pub emphasized: bool,
}

impl Modifiers {
    /// Whether nothing modified the cue.
    pub fn is_empty(&self) -> bool {
        *self == Modifiers::default()
    }
}

/// One piece of evidence: what was found, where, and how much it counted.
///
/// ```
/// use emocue::{CueKind, Detector, Emotion};
/// let a = Detector::default().analyze("I am not angry, just confused");
/// let confused = a.cues().iter().find(|c| c.emotion == Emotion::Confusion).unwrap();
/// assert_eq!(&a.text()[confused.span.clone()], "confused");
/// assert_eq!(confused.kind, CueKind::Word);
/// let angry = a.cues().iter().find(|c| &a.text()[c.span.clone()] == "angry").unwrap();
/// assert!(angry.modifiers.negated && angry.weight == 0.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(from = "wire::CueRecord", into = "wire::CueRecord")
)]
pub struct Cue {
    /// The emotion it is evidence of.
    pub emotion: Emotion,
    /// Byte span in the analysed text, on char boundaries.
    pub span: Range<usize>,
    /// What kind of evidence it is.
    pub kind: CueKind,
    /// What changed its weight.
    pub modifiers: Modifiers,
    /// Its contribution to the emotion's evidence, after modifiers.
    pub weight: f32,
}

/// The result of analysing one text.
///
/// ```
/// use emocue::{Detector, Emotion};
/// let a = Detector::default().analyze("This is the THIRD time I ask and it still doesn't work!!");
/// assert!(a.has(Emotion::Frustration));
/// assert!(a.score(Emotion::Frustration) > a.score(Emotion::Anxiety));
/// for cue in a.cues_for(Emotion::Frustration) {
///     println!("{:?} {:?} {:.2}", cue.kind, &a.text()[cue.span.clone()], cue.weight);
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(from = "wire::AnalysisRecord", into = "wire::AnalysisRecord")
)]
pub struct Analysis {
    pub(crate) text: String,
    pub(crate) evidence: EmotionMap<f32>,
    pub(crate) context: EmotionMap<f32>,
    pub(crate) scores: EmotionMap<f32>,
    pub(crate) labels: EmotionMap<bool>,
    pub(crate) intensity: EmotionMap<Intensity>,
    pub(crate) cues: Vec<Cue>,
}

impl Analysis {
    /// An analysis with the given intensities and no cues, for code that
    /// consumes analyses (a [`crate::respond::Responder`], say) when the
    /// labels come from elsewhere: a human, another classifier, a test.
    ///
    /// An emotion is a label when its intensity is not
    /// [`Intensity::None`]; its score is the middle of its band for a
    /// threshold of 0.4 (low 0.5, medium 0.7, high 0.9, otherwise 0), and
    /// its evidence the matching `-ln(1 - score)`.
    ///
    /// ```
    /// use emocue::{Analysis, Emotion, EmotionMap, Intensity};
    /// let mut i = EmotionMap::splat(Intensity::None);
    /// i[Emotion::Anxiety] = Intensity::High;
    /// let a = Analysis::from_intensities("Will I lose my data?", i);
    /// assert_eq!(a.labels().collect::<Vec<_>>(), [Emotion::Anxiety]);
    /// assert_eq!(a.intensity(Emotion::Anxiety), Intensity::High);
    /// assert!(a.cues().is_empty());
    /// ```
    pub fn from_intensities(text: impl Into<String>, intensity: EmotionMap<Intensity>) -> Analysis {
        let scores = intensity.map(|_, i| match i {
            Intensity::None => 0.0_f32,
            Intensity::Low => 0.5,
            Intensity::Medium => 0.7,
            Intensity::High => 0.9,
        });
        Analysis {
            text: text.into(),
            evidence: scores.map(|_, s| -(1.0 - s).ln()),
            context: EmotionMap::splat(0.0),
            labels: intensity.map(|_, i| *i != Intensity::None),
            scores,
            intensity,
            cues: Vec::new(),
        }
    }

    /// The analysed text, which the cues' spans index.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The emotion's score in [0, 1]: `1 - exp(-evidence)`.
    pub fn score(&self, emotion: Emotion) -> f32 {
        self.scores[emotion]
    }

    /// All four scores.
    pub fn scores(&self) -> &EmotionMap<f32> {
        &self.scores
    }

    /// The emotion's evidence: the sum of its cues' weights plus its
    /// [`context`](Self::context) (may be negative; the score then is 0).
    pub fn evidence(&self, emotion: Emotion) -> f32 {
        self.evidence[emotion]
    }

    /// How much the context model moved the emotion's evidence: what the
    /// words the lexicon did not match say beyond its cues (below zero for
    /// wording that says nothing of the emotion, above it for wording
    /// that goes with it, such as a flight tomorrow for anxiety). 0 for a
    /// detector without the context model (see
    /// [`DetectorBuilder::context_model`](crate::DetectorBuilder::context_model)).
    ///
    /// ```
    /// use emocue::{Detector, Emotion};
    /// let d = Detector::default();
    /// let a = d.analyze("Thanks, that fixed it.");
    /// assert!(a.context(Emotion::Frustration) < 0.0);
    /// let cues: f32 = a.cues().iter().filter(|c| c.emotion == Emotion::Anger).map(|c| c.weight).sum();
    /// assert!((a.evidence(Emotion::Anger) - (cues + a.context(Emotion::Anger))).abs() < 1e-4);
    /// let lexicon_only = Detector::builder().context_model(false).build()?;
    /// assert_eq!(lexicon_only.analyze("Thanks, that fixed it.").context(Emotion::Anger), 0.0);
    /// # Ok::<(), emocue::Error>(())
    /// ```
    pub fn context(&self, emotion: Emotion) -> f32 {
        self.context[emotion]
    }

    /// Whether the emotion is a label: its score is at or above the
    /// detector's threshold.
    pub fn has(&self, emotion: Emotion) -> bool {
        self.labels[emotion]
    }

    /// The labels, in [`Emotion::ALL`] order.
    pub fn labels(&self) -> impl Iterator<Item = Emotion> + '_ {
        Emotion::ALL.into_iter().filter(move |e| self.labels[*e])
    }

    /// Whether no emotion is a label.
    pub fn is_calm(&self) -> bool {
        self.labels().next().is_none()
    }

    /// The label with the highest score, if any.
    pub fn primary(&self) -> Option<Emotion> {
        self.labels()
            .max_by(|a, b| self.scores[*a].total_cmp(&self.scores[*b]))
    }

    /// How strongly the emotion is expressed ([`Intensity::None`] unless it
    /// is a label).
    pub fn intensity(&self, emotion: Emotion) -> Intensity {
        self.intensity[emotion]
    }

    /// All cues, in text order.
    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// The cues of one emotion, in text order.
    pub fn cues_for(&self, emotion: Emotion) -> impl Iterator<Item = &Cue> + '_ {
        self.cues.iter().filter(move |c| c.emotion == emotion)
    }

    /// The emotion's cues that count, largest contribution first: the
    /// explanation of its score.
    pub fn explain(&self, emotion: Emotion) -> Vec<&Cue> {
        let mut cues: Vec<&Cue> = self.cues_for(emotion).filter(|c| c.weight != 0.0).collect();
        cues.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        cues
    }
}

#[cfg(feature = "serde")]
mod wire {
    //! The JSON shapes of [`Analysis`] and [`Cue`].
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct CueRecord {
        emotion: Emotion,
        start: usize,
        end: usize,
        kind: CueKind,
        weight: f32,
        #[serde(default, skip_serializing_if = "Modifiers::is_empty")]
        modifiers: Modifiers,
    }

    impl From<Cue> for CueRecord {
        fn from(c: Cue) -> Self {
            CueRecord {
                emotion: c.emotion,
                start: c.span.start,
                end: c.span.end,
                kind: c.kind,
                weight: c.weight,
                modifiers: c.modifiers,
            }
        }
    }

    impl From<CueRecord> for Cue {
        fn from(c: CueRecord) -> Self {
            Cue {
                emotion: c.emotion,
                span: c.start..c.end,
                kind: c.kind,
                modifiers: c.modifiers,
                weight: c.weight,
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct AnalysisRecord {
        text: String,
        scores: EmotionMap<f32>,
        labels: Vec<Emotion>,
        intensity: EmotionMap<Intensity>,
        cues: Vec<Cue>,
        /// Absent from records written before the context model: 0.
        #[serde(default)]
        context: EmotionMap<f32>,
    }

    impl From<Analysis> for AnalysisRecord {
        fn from(a: Analysis) -> Self {
            AnalysisRecord {
                labels: a.labels().collect(),
                text: a.text,
                scores: a.scores,
                intensity: a.intensity,
                cues: a.cues,
                context: a.context,
            }
        }
    }

    impl From<AnalysisRecord> for Analysis {
        fn from(r: AnalysisRecord) -> Self {
            let mut evidence = r.context;
            for c in &r.cues {
                evidence[c.emotion] += c.weight;
            }
            Analysis {
                labels: EmotionMap::from_fn(|e| r.labels.contains(&e)),
                text: r.text,
                evidence,
                context: r.context,
                scores: r.scores,
                intensity: r.intensity,
                cues: r.cues,
            }
        }
    }
}
