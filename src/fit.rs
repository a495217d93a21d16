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
