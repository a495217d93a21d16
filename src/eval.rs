//! Measuring a detector on labelled examples: precision, recall and F1 per
//! emotion, micro and macro averages, and threshold calibration.
//!
//! ```
//! use emocue::eval::{evaluate, Example};
//! use emocue::{Detector, Emotion};
//! let examples = vec![
//!     Example::new("I'm so confused, what does this mean?", [Emotion::Confusion]),
//!     Example::new("Thanks, that worked!", []),
//! ];
//! let report = evaluate(&Detector::default(), &examples);
//! assert_eq!(report.examples, 2);
//! assert_eq!(report.labels[Emotion::Confusion].support, 1);
//! println!("{report}");
//! ```

use std::fmt;

use crate::{Analysis, Detector, Emotion, EmotionMap};

mod curve;
mod dataset;

pub use curve::{best_mean_f1_threshold, Curve, CurvePoint};
pub use dataset::{Dataset, Format, LabelMap, ReadOptions, RowFilter};

/// A labelled text.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The text.
    pub text: String,
    /// The emotions a person labelled it with.
    pub labels: EmotionMap<bool>,
}

impl Example {
    /// An example from a text and its labels.
    pub fn new(text: impl Into<String>, labels: impl IntoIterator<Item = Emotion>) -> Self {
        let mut set = EmotionMap::splat(false);
        for e in labels {
            set[e] = true;
        }
        Example {
            text: text.into(),
            labels: set,
        }
    }
}

/// Counts and rates for one emotion (or an average).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Metrics {
    /// Of the predicted labels, the share that are right.
    pub precision: f64,
    /// Of the true labels, the share that were predicted.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
    /// How many examples truly carry the label.
    pub support: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    #[cfg_attr(feature = "serde", serde(rename = "fn"))]
    pub fn_: usize,
}

impl Metrics {
    /// Metrics from counts; rates of empty denominators are 0.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Metrics {
            precision,
            recall,
            f1,
            support: tp + fn_,
            tp,
            fp,
            fn_,
        }
    }
}

/// An evaluation: metrics per emotion and averaged.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Report {
    /// How many examples were evaluated.
    pub examples: usize,
    /// Metrics per emotion.
    pub labels: EmotionMap<Metrics>,
    /// Metrics over all (example, emotion) decisions pooled.
    pub micro: Metrics,
    /// The unweighted mean of the four emotions' precision, recall and F1
    /// (support is the total).
    #[cfg_attr(feature = "serde", serde(rename = "macro"))]
    pub macro_: Metrics,
    /// How well the scores rank, per emotion, when the report was made
    /// from scores ([`evaluate`]); `None` from labels alone.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub ranking: Option<EmotionMap<Ranking>>,
    /// Per true emotion A (the row), how often each emotion was predicted.
    pub co_occurrence: EmotionMap<CoOccurrence>,
}

/// How well one emotion's scores rank the examples, threshold aside.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ranking {
    /// Area under the precision–recall curve, step-wise
    /// ([`Curve::average_precision`]).
    pub average_precision: f64,
    /// The threshold with the best F1 on these examples (1 when no
    /// threshold gives an F1 above 0).
    pub best_threshold: f32,
    /// The F1 at `best_threshold`.
    pub best_f1: f64,
    /// The threshold the detector used (the operating point).
    pub threshold: f32,
    /// The precision–recall curve (not serialized: it has a point per
    /// distinct score).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub curve: Curve,
}

/// For the examples that truly carry one emotion: how many there are, and
/// how many were predicted each emotion, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoOccurrence {
    /// Examples with this true label.
    pub examples: usize,
    /// How many of them were predicted each emotion.
    pub predicted: EmotionMap<usize>,
    /// How many of them were predicted no emotion at all.
    pub nothing: usize,
}

impl Report {
    /// A report from predicted and true label sets, in pairs.
    pub fn from_predictions<I>(pairs: I) -> Report
    where
        I: IntoIterator<Item = (EmotionMap<bool>, EmotionMap<bool>)>,
    {
        let mut counts = EmotionMap::splat((0usize, 0usize, 0usize));
        let mut co_occurrence = EmotionMap::splat(CoOccurrence::default());
        let mut examples = 0;
        for (predicted, truth) in pairs {
            examples += 1;
            let none = Emotion::ALL.iter().all(|e| !predicted[*e]);
            for a in Emotion::ALL.iter().filter(|a| truth[**a]) {
                let row = &mut co_occurrence[*a];
                row.examples += 1;
                row.nothing += usize::from(none);
                for b in Emotion::ALL {
                    row.predicted[b] += usize::from(predicted[b]);
                }
            }
            for e in Emotion::ALL {
                let c = &mut counts[e];
                match (predicted[e], truth[e]) {
                    (true, true) => c.0 += 1,
                    (true, false) => c.1 += 1,
                    (false, true) => c.2 += 1,
                    (false, false) => {}
                }
            }
        }
        let labels = counts.map(|_, &(tp, fp, fn_)| Metrics::from_counts(tp, fp, fn_));
        let sum = |f: fn(&Metrics) -> usize| labels.iter().map(|(_, m)| f(m)).sum::<usize>();
        let micro = Metrics::from_counts(sum(|m| m.tp), sum(|m| m.fp), sum(|m| m.fn_));
        let mean = |f: fn(&Metrics) -> f64| labels.iter().map(|(_, m)| f(m)).sum::<f64>() / 4.0;
        let macro_ = Metrics {
            precision: mean(|m| m.precision),
            recall: mean(|m| m.recall),
            f1: mean(|m| m.f1),
            ..micro
        };
        Report {
            examples,
            labels,
            micro,
            macro_,
            ranking: None,
            co_occurrence,
        }
    }

    /// A report from scores, thresholds and true labels: the metrics at
    /// the thresholds (a label is a score above 0 at or above its
    /// threshold, as the detector decides), and the ranking per emotion.
    pub fn from_scores<I>(thresholds: EmotionMap<f32>, pairs: I) -> Report
    where
        I: IntoIterator<Item = (EmotionMap<f32>, EmotionMap<bool>)>,
    {
        let mut by_emotion: EmotionMap<Vec<(f32, bool)>> = EmotionMap::default();
        let mut decisions = Vec::new();
        for (scores, truth) in pairs {
            for e in Emotion::ALL {
                by_emotion[e].push((scores[e], truth[e]));
            }
            let predicted = EmotionMap::from_fn(|e| scores[e] > 0.0 && scores[e] >= thresholds[e]);
            decisions.push((predicted, truth));
        }
        let mut report = Report::from_predictions(decisions);
        report.ranking = Some(by_emotion.map(|e, pairs| {
            let curve = Curve::from_pairs(pairs);
            let (best_threshold, best_f1) = curve
                .best_f1()
                .map_or((1.0, 0.0), |(p, f1)| (p.threshold, f1));
            Ranking {
                average_precision: curve.average_precision(),
                best_threshold,
                best_f1,
                threshold: thresholds[e],
                curve,
            }
        }));
        report
    }

    /// Average precision of one emotion's scores, if the report was made
    /// from scores.
    pub fn average_precision(&self, emotion: Emotion) -> Option<f64> {
        self.ranking.as_ref().map(|r| r[emotion].average_precision)
    }

    /// The mean average precision over the four emotions, if the report
    /// was made from scores.
    pub fn mean_average_precision(&self) -> Option<f64> {
        self.ranking
            .as_ref()
            .map(|r| r.iter().map(|(_, x)| x.average_precision).sum::<f64>() / 4.0)
    }
}

impl fmt::Display for Report {
    /// A classification-report table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>9}",
            "", "precision", "recall", "f1", "support"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, m: &Metrics| {
            writeln!(
                f,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>9}",
                name, m.precision, m.recall, m.f1, m.support
            )
        };
        for (e, m) in self.labels.iter() {
            row(f, e.name(), m)?;
        }
        writeln!(f)?;
        row(f, "micro avg", &self.micro)?;
        row(f, "macro avg", &self.macro_)?;
        write!(f, "{} examples", self.examples)?;
        if let Some(ranking) = &self.ranking {
            writeln!(f, "\n")?;
            writeln!(
                f,
                "{:<12} {:>9} {:>9} {:>9} {:>9}",
                "", "avg prec", "threshold", "best thr", "best f1"
            )?;
            for (e, r) in ranking.iter() {
                writeln!(
                    f,
                    "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                    e.name(),
                    r.average_precision,
                    r.threshold,
                    r.best_threshold,
                    r.best_f1
                )?;
            }
            let map = ranking
                .iter()
                .map(|(_, r)| r.average_precision)
                .sum::<f64>()
                / 4.0;
            write!(f, "{:<12} {:>9.3}", "mean", map)?;
        }
        writeln!(f, "\n")?;
        writeln!(
            f,
            "true label → predicted labels (examples with the true label)"
        )?;
        write!(f, "{:<12} {:>9}", "", "examples")?;
        for e in Emotion::ALL {
            write!(f, " {:>11}", e.name())?;
        }
        write!(f, " {:>11}", "nothing")?;
        for (a, row) in self.co_occurrence.iter() {
            write!(f, "\n{:<12} {:>9}", a.name(), row.examples)?;
            for b in Emotion::ALL {
                write!(f, " {:>11}", row.predicted[b])?;
            }
            write!(f, " {:>11}", row.nothing)?;
        }
        Ok(())
    }
}

/// Evaluates `detector` at its thresholds on `examples`: metrics,
/// ranking (average precision, best-F1 threshold) and co-occurrence.
pub fn evaluate(detector: &Detector, examples: &[Example]) -> Report {
    let mut a = Analysis::default();
    Report::from_scores(
        detector.thresholds(),
        examples.iter().map(|ex| {
            detector.analyze_into(&ex.text, &mut a);
            (*a.scores(), ex.labels)
        }),
    )
}

/// An example the detector got wrong for at least one emotion.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// The example's index in the slice given to [`mistakes`].
    pub index: usize,
    /// The true labels.
    pub gold: EmotionMap<bool>,
    /// Emotions predicted but not true.
    pub false_positives: Vec<Emotion>,
    /// Emotions true but not predicted.
    pub false_negatives: Vec<Emotion>,
    /// The analysis: text, scores, predicted labels and the cues that
    /// fired.
    pub analysis: Analysis,
}

/// The examples with a false positive or a false negative, in order.
///
/// ```
/// use emocue::eval::{mistakes, Example};
/// use emocue::{Detector, Emotion};
/// let data = [Example::new("I am furious", []), Example::new("ok", [Emotion::Anxiety])];
/// let m = mistakes(&Detector::default(), &data);
/// assert_eq!(m[0].false_positives, vec![Emotion::Anger]);
/// assert_eq!(m[1].false_negatives, vec![Emotion::Anxiety]);
/// ```
pub fn mistakes(detector: &Detector, examples: &[Example]) -> Vec<Mistake> {
    let mut out = Vec::new();
    let mut a = Analysis::default();
    for (index, ex) in examples.iter().enumerate() {
        detector.analyze_into(&ex.text, &mut a);
        let false_positives: Vec<Emotion> = Emotion::ALL
            .into_iter()
            .filter(|e| a.has(*e) && !ex.labels[*e])
            .collect();
        let false_negatives: Vec<Emotion> = Emotion::ALL
            .into_iter()
            .filter(|e| !a.has(*e) && ex.labels[*e])
            .collect();
        if !false_positives.is_empty() || !false_negatives.is_empty() {
            out.push(Mistake {
                index,
                gold: ex.labels,
                false_positives,
                false_negatives,
                analysis: a.clone(),
            });
        }
    }
    out
}

/// The threshold that maximises F1 for one emotion, from (score, truth)
/// pairs, and the F1 it reaches. Candidate thresholds are the distinct
/// positive scores; ties are broken towards the higher threshold.
///
/// ```
/// use emocue::eval::best_f1_threshold;
/// let pairs = [(0.9, true), (0.8, true), (0.7, false), (0.2, false), (0.0, true)];
/// let (t, f1) = best_f1_threshold(&pairs);
/// assert_eq!(t, 0.8);
/// assert!((f1 - 0.8).abs() < 1e-9);
/// ```
pub fn best_f1_threshold(pairs: &[(f32, bool)]) -> (f32, f64) {
    Curve::from_pairs(pairs)
        .best_f1()
        .map_or((1.0, 0.0), |(point, f1)| (point.threshold, f1))
}

/// Per emotion, the (score, truth) pairs of `detector` on `examples`.
pub fn score_pairs(detector: &Detector, examples: &[Example]) -> EmotionMap<Vec<(f32, bool)>> {
    let mut a = Analysis::default();
    let mut pairs: EmotionMap<Vec<(f32, bool)>> = EmotionMap::default();
    for ex in examples {
        detector.analyze_into(&ex.text, &mut a);
        for e in Emotion::ALL {
            pairs[e].push((a.score(e), ex.labels[e]));
        }
    }
    pairs
}

/// Per-emotion thresholds that maximise F1 on `examples` for `detector`'s
/// scores.
pub fn calibrate(detector: &Detector, examples: &[Example]) -> EmotionMap<f32> {
    score_pairs(detector, examples).map(|_, p| best_f1_threshold(p).0)
}

/// How far below the best mean F1 [`calibrate_balanced`] may go for a
/// higher threshold (see [`best_mean_f1_threshold`]).
pub const BALANCED_F1_TOLERANCE: f64 = 0.005;

/// Per-emotion thresholds, each above its `floor`, for the best mean of
/// the F1 on each of `domains`: each domain counts once, however many
/// examples it holds. Of the thresholds within [`BALANCED_F1_TOLERANCE`] of
/// the best mean F1, the highest is taken (see [`best_mean_f1_threshold`]).
///
/// A floor keeps a design rule whatever the data says. The default
/// thresholds are calibrated above 0.5035, just over the score of one cue
/// of weight 0.7, the weight `data/lexicon/support.tsv` gives patterns that
/// are ambiguous alone ("on hold", "twice"), so that alone they never
/// label; and anger above its earlier threshold, 0.848, as the hand-over
/// rule counts high anger and anger's intensity bands follow its
/// threshold.
///
/// Calibrating on two domains pooled, say 43,000 Reddit comments and 1,400
/// support messages, chooses what suits the larger one; balanced, the
/// support messages have an equal say.
///
/// ```
/// use emocue::eval::{calibrate_balanced, Example};
/// use emocue::{Detector, Emotion, EmotionMap};
/// let general = [Example::new("I am furious", [Emotion::Anger]), Example::new("ok", [])];
/// let support = [Example::new("I am furious", [Emotion::Anger])];
/// let t = calibrate_balanced(&Detector::default(), &[&general, &support], EmotionMap::splat(0.5));
/// assert!(t[Emotion::Anger] > 0.5 && t[Emotion::Anger] <= 1.0);
/// ```
pub fn calibrate_balanced(
    detector: &Detector,
    domains: &[&[Example]],
    floor: EmotionMap<f32>,
) -> EmotionMap<f32> {
    let mut curves: Vec<EmotionMap<Curve>> = domains
        .iter()
        .map(|examples| score_pairs(detector, examples).map(|_, p| Curve::from_pairs(p)))
        .collect();
    EmotionMap::splat(()).map(|e, _| {
        let per_domain: Vec<Curve> = curves
            .iter_mut()
            .map(|c| std::mem::take(&mut c[e]))
            .collect();
        best_mean_f1_threshold(&per_domain, BALANCED_F1_TOLERANCE, floor[e]).0
    })
}

/// Per emotion, the lowest threshold whose precision on `examples` is at
/// least `min_precision` (the most recall at that precision), with its
/// point on the curve; `None` for an emotion where no threshold reaches
/// it, so the caller decides (nothing is chosen silently).
///
/// ```
/// use emocue::eval::{calibrate_for_precision, Example};
/// use emocue::{Detector, Emotion};
/// let data = [
///     Example::new("I am furious", [Emotion::Anger]),
///     Example::new("so angry", [Emotion::Anger]),
///     Example::new("thanks, all fine now", []),
/// ];
/// let t = calibrate_for_precision(&Detector::default(), &data, 0.9);
/// assert!(t[Emotion::Anger].unwrap().precision >= 0.9);
/// assert!(t[Emotion::Confusion].is_none()); // no confusion at all
/// ```
pub fn calibrate_for_precision(
    detector: &Detector,
    examples: &[Example],
    min_precision: f64,
) -> EmotionMap<Option<CurvePoint>> {
    score_pairs(detector, examples)
        .map(|_, p| Curve::from_pairs(p).lowest_threshold_with_precision(min_precision))
}

#[cfg(feature = "serde")]
mod jsonl {
    use super::*;
    use crate::{Error, Result};

    #[derive(serde::Deserialize)]
    struct Line {
        text: String,
        labels: Vec<String>,
    }

    /// Parses labelled JSON Lines: one object a line with a `"text"` string
    /// and a `"labels"` array of emotion names; other fields are ignored.
    /// Blank lines are skipped; anything else that is not such an object is
    /// an error naming `source:line` (nothing is dropped silently).
    ///
    /// ```
    /// use emocue::eval::parse_jsonl;
    /// let ok = parse_jsonl("d.jsonl", r#"{"text": "huh?", "labels": ["confusion"], "id": "1"}"#).unwrap();
    /// assert_eq!(ok.len(), 1);
    /// let err = parse_jsonl("d.jsonl", "\n{\"text\": \"x\"}").unwrap_err();
    /// assert!(err.to_string().starts_with("d.jsonl:2: "));
    /// ```
    pub fn parse_jsonl(source: &str, text: &str) -> Result<Vec<Example>> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            out.push(parse_line(source, i + 1, line)?);
        }
        Ok(out)
    }

    /// Parses one labelled JSON line; `line` is its 1-based number, for
    /// errors.
    pub fn parse_line(source: &str, line: usize, json: &str) -> Result<Example> {
        let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
        let parsed: Line = serde_json::from_str(json)
            .map_err(|e| Error::parse(source, line, format!("not a labelled example: {e}")))?;
        let mut labels = Vec::with_capacity(parsed.labels.len());
        for l in &parsed.labels {
            labels.push(
                l.parse::<Emotion>()
                    .map_err(|e| Error::parse(source, line, e.to_string()))?,
            );
        }
        Ok(Example::new(parsed.text, labels))
    }
}

#[cfg(feature = "serde")]
pub use jsonl::{parse_jsonl, parse_line};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_counts_and_averages() {
        let t = |f, a, c, x| EmotionMap {
            frustration: f,
            anger: a,
            confusion: c,
            anxiety: x,
        };
        let r = Report::from_predictions([
            (t(true, false, false, false), t(true, false, false, false)),
            (t(true, true, false, false), t(false, true, false, false)),
            (t(false, false, false, false), t(true, false, true, false)),
        ]);
        let f = r.labels[Emotion::Frustration];
        assert_eq!((f.tp, f.fp, f.fn_, f.support), (1, 1, 1, 2));
        assert!((f.f1 - 0.5).abs() < 1e-12);
        assert_eq!(r.labels[Emotion::Anger].f1, 1.0);
        assert_eq!(r.labels[Emotion::Confusion].f1, 0.0);
        assert!((r.macro_.f1 - 0.375).abs() < 1e-12);
        assert_eq!((r.micro.tp, r.micro.fp, r.micro.fn_), (2, 1, 2));
        assert!(r.to_string().contains("macro avg"));
        assert_eq!(r.ranking, None);
        let co = r.co_occurrence[Emotion::Frustration];
        assert_eq!(
            (co.examples, co.predicted[Emotion::Frustration], co.nothing),
            (2, 1, 1)
        );
        assert_eq!(
            r.co_occurrence[Emotion::Anger].predicted[Emotion::Frustration],
            1
        );
    }

    #[test]
    fn report_from_scores_ranks() {
        let t = |f| EmotionMap {
            frustration: f,
            anger: 0.0,
            confusion: 0.0,
            anxiety: 0.0,
        };
        let truth = |f| EmotionMap {
            frustration: f,
            anger: false,
            confusion: false,
            anxiety: false,
        };
        let r = Report::from_scores(
            EmotionMap::splat(0.5),
            [
                (t(0.9), truth(true)),
                (t(0.6), truth(false)),
                (t(0.3), truth(true)),
            ],
        );
        let rank = &r.ranking.as_ref().unwrap()[Emotion::Frustration];
        assert!((rank.average_precision - (0.5 + 0.5 * 2.0 / 3.0)).abs() < 1e-12);
        assert_eq!(rank.threshold, 0.5);
        assert_eq!(r.labels[Emotion::Frustration].tp, 1);
        assert_eq!(r.average_precision(Emotion::Anger), Some(0.0));
        assert!(r.to_string().contains("avg prec"));
    }

    #[test]
    fn best_threshold_of_nothing_is_one() {
        assert_eq!(best_f1_threshold(&[]), (1.0, 0.0));
        assert_eq!(best_f1_threshold(&[(0.0, true)]), (1.0, 0.0));
    }
}
