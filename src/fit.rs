//! Fitting the lexicon's weights to labelled data.
//!
//! The model is the detector itself, read as a logistic regression: for
//! each emotion, `P(label) = σ(bias + Σ weight(term) · factor(cue))` over the
//! cues the rules produce, where `factor` carries negation (0),
//! intensifiers, contrast, emphasis and signal repetition. So every fitted
//! weight still belongs to a readable lexicon entry.
//!
//! The weights are regularised towards the lexicon's current weights (the
//! priors), not towards zero: an entry the data rarely sees, such as the
//! support pattern "speak to a manager" in Reddit comments, keeps its
//! hand-set weight, and an entry the data sees often moves to what the data
//! says. Weights whose prior is non-negative stay non-negative, so a cue
//! never counts against its emotion. The signals (`<caps>`, `<question>`,
//! …) keep their hand-set weights unless [`FitOptions::fit_signals`] is set:
//! how people use capitals and question marks depends on the medium more
//! than words do. The optimiser is deterministic
//! full-batch gradient descent (Adam steps with projection), so the same
//! data gives the same weights.
//!
//! ```
//! use emocue::eval::Example;
//! use emocue::fit::{fit, FitOptions};
//! use emocue::{DetectorBuilder, Emotion};
//! let d = DetectorBuilder::empty()
//!     .add("grr", Emotion::Anger, 0.5)
//!     .add("meh", Emotion::Anger, 0.5)
//!     .build()
//!     .unwrap();
//! let mut data = Vec::new();
//! for i in 0..200 {
//!     data.push(Example::new(format!("grr {i}"), [Emotion::Anger]));
//!     data.push(Example::new(format!("meh {i}"), []));
//!     data.push(Example::new(format!("fine {i}"), []));
//! }
//! let fitted = fit(&d, &data, &FitOptions::default());
//! let w = |p: &str| fitted.entries.iter().find(|e| e.phrase == p).unwrap().weight;
//! assert!(w("grr") > 2.0 && w("meh") < 0.1);
//! ```

use crate::eval::Example;
use crate::lexicon::LexiconEntry;
use crate::{Detector, Emotion, EmotionMap};

/// Settings for [`fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Strength of the pull towards the prior weights (L2, per example).
    pub l2: f64,
    /// Full-batch optimisation steps.
    pub iterations: usize,
    /// Adam step size.
    pub learning_rate: f64,
    /// Whether to fit the signals (`<caps>`, `<question>`, …) too; by
    /// default they keep their hand-set weights.
    pub fit_signals: bool,
    /// Whether to fit the support patterns too; by default they keep their
    /// hand-set weights.
    pub fit_support: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 3e-5,
            iterations: 400,
            learning_rate: 0.05,
            fit_signals: false,
            fit_support: false,
        }
    }
}

/// What [`fit`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The lexicon entries, in the detector's order, with fitted weights.
    pub entries: Vec<LexiconEntry>,
    /// The fitted bias (log-odds of a label with no cue) per emotion.
    pub bias: EmotionMap<f64>,
    /// The mean log-loss per example after fitting, per emotion.
    pub loss: EmotionMap<f64>,
}

/// One emotion's design matrix: per example, (parameter, value) pairs.
struct Design {
    rows: Vec<Vec<(usize, f64)>>,
    labels: Vec<bool>,
}

/// Fits the weights of `detector`'s lexicon entries to `examples`.
pub fn fit(detector: &Detector, examples: &[Example], options: &FitOptions) -> Fitted {
    let entries = detector.entries();
    let lex = detector.compiled();
    // Map (term, emotion) to the entry it came from.
    let mut param_of: Vec<EmotionMap<Option<usize>>> =
        vec![EmotionMap::splat(None); lex.terms.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Some(term) = lex.term_of(&e.phrase) {
            param_of[term as usize][e.emotion] = Some(i);
        }
    }
    let mut designs: EmotionMap<Design> = EmotionMap::from_fn(|_| Design {
        rows: Vec::with_capacity(examples.len()),
        labels: Vec::with_capacity(examples.len()),
    });
    for ex in examples {
        detector.with_raw_cues(&ex.text, |raw| {
            for e in Emotion::ALL {
                let mut row: Vec<(usize, f64)> = Vec::new();
                for cue in raw {
                    if let Some(p) = param_of[cue.term as usize][e] {
                        match row.iter_mut().find(|(q, _)| *q == p) {
                            Some((_, v)) => *v += f64::from(cue.factor),
                            None => row.push((p, f64::from(cue.factor))),
                        }
                    }
                }
                designs[e].rows.push(row);
                designs[e].labels.push(ex.labels[e]);
            }
        });
    }
    let prior: Vec<f64> = entries.iter().map(|e| f64::from(e.weight)).collect();
    let mut weights = prior.clone();
    let mut bias = EmotionMap::splat(0.0);
    let mut loss = EmotionMap::splat(0.0);
    for e in Emotion::ALL {
        let owned: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].emotion == e)
            .filter(|&i| options.fit_signals || !is_signal(&entries[i].phrase))
            .filter(|&i| options.fit_support || !entries[i].support)
            .collect();
        let (b, l) = optimise(&designs[e], &owned, &prior, &mut weights, options);
        bias[e] = b;
        loss[e] = l;
    }
    let entries = entries
        .iter()
        .zip(&weights)
        .map(|(e, w)| LexiconEntry {
            weight: *w as f32,
            ..e.clone()
        })
        .collect();
    Fitted {
        entries,
        bias,
        loss,
    }
}

fn is_signal(phrase: &str) -> bool {
    crate::lexicon::SIGNALS
        .iter()
        .any(|(name, _)| *name == phrase.trim())
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Adam with projection onto `w ≥ 0` for parameters with a non-negative
/// prior; returns the bias and the final mean log-loss.
fn optimise(
    d: &Design,
    owned: &[usize],
    prior: &[f64],
    w: &mut [f64],
    o: &FitOptions,
) -> (f64, f64) {
    let n = d.rows.len().max(1) as f64;
    let positives = d.labels.iter().filter(|l| **l).count() as f64;
    let rate = ((positives + 0.5) / (n + 1.0)).clamp(1e-6, 1.0 - 1e-6);
    let mut bias = (rate / (1.0 - rate)).ln();
    let (mut m, mut v) = (vec![0.0; w.len()], vec![0.0; w.len()]);
    let (mut mb, mut vb) = (0.0, 0.0);
    let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-8);
    let mut grad = vec![0.0; w.len()];
    let mut loss = 0.0;
    for step in 1..=o.iterations {
        for &p in owned {
            grad[p] = o.l2 * (w[p] - prior[p]);
        }
        let mut gb = 0.0;
        loss = 0.0;
        for (row, &y) in d.rows.iter().zip(&d.labels) {
            let z = bias + row.iter().map(|(p, x)| w[*p] * x).sum::<f64>();
            let p_hat = sigmoid(z);
            let y = if y { 1.0 } else { 0.0 };
            loss -= y * p_hat.max(1e-12).ln() + (1.0 - y) * (1.0 - p_hat).max(1e-12).ln();
            let g = (p_hat - y) / n;
            gb += g;
            for (p, x) in row {
                grad[*p] += g * x;
            }
        }
        loss /= n;
        let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
        for &p in owned {
            m[p] = b1 * m[p] + (1.0 - b1) * grad[p];
            v[p] = b2 * v[p] + (1.0 - b2) * grad[p] * grad[p];
            w[p] -= o.learning_rate * (m[p] / c1) / ((v[p] / c2).sqrt() + eps);
            if prior[p] >= 0.0 && w[p] < 0.0 {
                w[p] = 0.0;
            }
        }
        mb = b1 * mb + (1.0 - b1) * gb;
        vb = b2 * vb + (1.0 - b2) * gb * gb;
        bias -= o.learning_rate * (mb / c1) / ((vb / c2).sqrt() + eps);
    }
    (bias, loss)
}

/// A candidate cue: a word or phrase far more common in one emotion's
/// examples than in the others, for a person to review (never added to the
/// lexicon automatically).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Suggestion {
    /// The emotion it is evidence of.
    pub emotion: Emotion,
    /// The word or phrase (1 to 3 words), folded as the detector folds
    /// text, ready for a lexicon line.
    pub phrase: String,
    /// Examples labelled `emotion` that contain it.
    pub count: usize,
    /// Examples not labelled `emotion` that contain it.
    pub other: usize,
    /// Weighted log-odds ratio of the phrase in `emotion`'s examples
    /// against the rest, with an informative Dirichlet prior.
    pub log_odds: f64,
    /// The log-odds divided by its estimated standard deviation: the
    /// ranking key.
    pub z: f64,
}

/// The weight of the informative Dirichlet prior: the prior count of a
/// phrase is this share of its count in the whole data.
const PRIOR_SHARE: f64 = 0.1;
/// A phrase must occur in at least this many of an emotion's examples.
const MIN_COUNT: usize = 3;

/// Up to `n` candidate cues per emotion: the words and 2–3-word phrases
/// most indicative of each emotion in `examples`, by the weighted log-odds
/// ratio with an informative Dirichlet prior of Monroe, Colaresi and Quinn
/// (2008, "Fightin' Words"), ranked by its z-score.
///
/// Counts are of examples (a phrase counts once per example); phrases do
/// not cross punctuation. The prior of a phrase is a tenth of its count in
/// all of `examples`, so rare phrases are shrunk towards "no difference".
/// Phrases that are already in `detector`'s lexicon, or contain one of its
/// phrases, are left out, as are phrases seen in fewer than 3 of the
/// emotion's examples, and sub- or super-phrases of a better one seen in
/// exactly the same number of examples. Results are grouped by emotion, best first; ties go
/// to the longer phrase.
///
/// ```
/// use emocue::eval::Example;
/// use emocue::fit::suggest_cues;
/// use emocue::{DetectorBuilder, Emotion};
/// let d = DetectorBuilder::empty().add("late", Emotion::Frustration, 1.0).build().unwrap();
/// let mut data = Vec::new();
/// for i in 0..50 {
///     data.push(Example::new(format!("late again, stuck on hold {i}"), [Emotion::Frustration]));
///     data.push(Example::new(format!("the hold music was nice {i}"), []));
/// }
/// let s = suggest_cues(&data, &d, 1);
/// assert_eq!(s[0].emotion, Emotion::Frustration);
/// assert_eq!(s[0].phrase, "stuck on hold");
/// ```
pub fn suggest_cues(examples: &[Example], detector: &Detector, n: usize) -> Vec<Suggestion> {
    use std::collections::HashMap;

    #[derive(Default, Clone, Copy)]
    struct Counts {
        all: u32,
        by: [u32; 4],
    }
    const NONE: u32 = u32::MAX;
    let lex = detector.compiled();
    let mut words: Vec<String> = Vec::new();
    let mut word_ids: HashMap<String, u32> = HashMap::new();
    let mut counts: HashMap<[u32; 3], Counts> = HashMap::new();
    let mut tokens = crate::text::Tokens::default();
    let mut seen: Vec<[u32; 3]> = Vec::new();
    let mut run: Vec<u32> = Vec::new();
    let index = |e: Emotion| Emotion::ALL.iter().position(|x| *x == e).unwrap_or(0);
    for ex in examples {
        crate::text::tokenize(&ex.text, lex, &mut tokens);
        seen.clear();
        run.clear();
        let flush = |run: &mut Vec<u32>, seen: &mut Vec<[u32; 3]>| {
            for i in 0..run.len() {
                for len in 1..=3 {
                    if i + len > run.len() {
                        break;
                    }
                    let mut key = [NONE; 3];
                    key[..len].copy_from_slice(&run[i..i + len]);
                    seen.push(key);
                }
            }
            run.clear();
        };
        for t in &tokens.tokens {
            if t.kind == crate::text::TokenKind::Word {
                let w = tokens.text(t);
                let id = match word_ids.get(w) {
                    Some(id) => *id,
                    None => {
                        let id = words.len() as u32;
                        words.push(w.to_owned());
                        word_ids.insert(w.to_owned(), id);
                        id
                    }
                };
                run.push(id);
            } else {
                flush(&mut run, &mut seen);
            }
        }
        flush(&mut run, &mut seen);
        seen.sort_unstable();
        seen.dedup();
        for key in &seen {
            let c = counts.entry(*key).or_default();
            c.all += 1;
            for e in Emotion::ALL {
                if ex.labels[e] {
                    c.by[index(e)] += 1;
                }
            }
        }
    }
    let phrase = |key: &[u32; 3]| -> String {
        key.iter()
            .take_while(|w| **w != NONE)
            .map(|w| words[*w as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let covered = |key: &[u32; 3]| -> bool {
        let len = key.iter().take_while(|w| **w != NONE).count();
        (0..len).any(|i| {
            (i + 1..=len).any(|j| {
                let sub: Vec<&str> = key[i..j]
                    .iter()
                    .map(|w| words[*w as usize].as_str())
                    .collect();
                lex.term_of(&sub.join(" ")).is_some()
            })
        })
    };
    let total: f64 = counts.values().map(|c| f64::from(c.all)).sum();
    let mut out = Vec::new();
    for e in Emotion::ALL {
        let k = index(e);
        let n_in: f64 = counts.values().map(|c| f64::from(c.by[k])).sum();
        let n_out = total - n_in;
        let alpha0 = PRIOR_SHARE * total;
        let mut scored: Vec<(f64, f64, usize, [u32; 3], usize, usize)> = Vec::new();
        for (key, c) in &counts {
            let y_in = c.by[k] as usize;
            if y_in < MIN_COUNT {
                continue;
            }
            let y_out = (c.all - c.by[k]) as usize;
            let alpha = PRIOR_SHARE * f64::from(c.all);
            let (a, b) = (y_in as f64 + alpha, y_out as f64 + alpha);
            let delta = (a / (n_in + alpha0 - a)).ln() - (b / (n_out + alpha0 - b)).ln();
            let z = delta / (1.0 / a + 1.0 / b).sqrt();
            if delta > 0.0 {
                let len = key.iter().take_while(|w| **w != NONE).count();
                scored.push((z, delta, len, *key, y_in, y_out));
            }
        }
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(y.2.cmp(&x.2))
                .then_with(|| phrase(&x.3).cmp(&phrase(&y.3)))
        });
        let mut kept: Vec<Suggestion> = Vec::new();
        for (z, log_odds, _, key, count, other) in scored {
            if kept.len() >= n {
                break;
            }
            if covered(&key) {
                continue;
            }
            let phrase = phrase(&key);
            // A sub- or super-phrase of one kept, seen in the same
            // examples, says nothing new.
            let padded = format!(" {phrase} ");
            let redundant = kept.iter().any(|k| {
                let other_padded = format!(" {} ", k.phrase);
                (k.count, k.other) == (count, other)
                    && (other_padded.contains(&padded) || padded.contains(&other_padded))
            });
            if !redundant {
                kept.push(Suggestion {
                    emotion: e,
                    phrase,
                    count,
                    other,
                    log_odds,
                    z,
                });
            }
        }
        out.extend(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DetectorBuilder;

    #[test]
    fn a_planted_phrase_comes_out_first() {
        let d = DetectorBuilder::empty()
            .add("furious", Emotion::Anger, 1.0)
            .build()
            .unwrap();
        let filler = [
            "order", "account", "refund", "app", "login", "card", "update",
        ];
        let mut data = Vec::new();
        for i in 0..600 {
            let f = filler[i % filler.len()];
            let g = filler[(i / 7) % filler.len()];
            // The planted phrase, in a third of the anger examples; its
            // words alone are everywhere.
            if i % 3 == 0 {
                data.push(Example::new(
                    format!("{f} total joke {g}"),
                    [Emotion::Anger],
                ));
            } else if i % 3 == 1 {
                data.push(Example::new(
                    format!("furious, the {f} {g}"),
                    [Emotion::Anger],
                ));
            }
            data.push(Example::new(format!("the {f} is a joke? total {g}"), []));
            data.push(Example::new(format!("the {f} {g} fine, total thanks"), []));
        }
        let s = suggest_cues(&data, &d, 3);
        let anger: Vec<&Suggestion> = s.iter().filter(|s| s.emotion == Emotion::Anger).collect();
        assert_eq!(anger[0].phrase, "total joke", "{anger:?}");
        assert_eq!((anger[0].count, anger[0].other), (200, 0));
        assert!(anger[0].log_odds > 0.0 && anger[0].z > 0.0);
        // Already in the lexicon, or containing a lexicon phrase.
        assert!(s.iter().all(|s| !s.phrase.contains("furious")), "{s:?}");
        // No other labels, no suggestions for them.
        assert!(s.iter().all(|s| s.emotion == Emotion::Anger));
    }
}
