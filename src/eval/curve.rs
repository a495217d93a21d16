//! Precision–recall curves, average precision and threshold choice.

use super::Metrics;

/// One point of a precision–recall curve: what labelling every score at or
/// above `threshold` gives.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CurvePoint {
    /// The threshold (a score in (0, 1]).
    pub threshold: f32,
    /// Precision at this threshold.
    pub precision: f64,
    /// Recall at this threshold.
    pub recall: f64,
}

/// A precision–recall curve: one point per distinct positive score, from
/// the highest threshold (lowest recall) down.
///
/// ```
/// use emocue::eval::Curve;
/// let c = Curve::from_pairs(&[(0.9, true), (0.8, false), (0.7, true), (0.0, true)]);
/// assert_eq!(c.points.len(), 3);
/// // Step-wise: 1/3 · 1 + 1/3 · 2/3 (the third positive is never reached).
/// assert!((c.average_precision() - (1.0 / 3.0 + 2.0 / 9.0)).abs() < 1e-12);
/// assert_eq!(c.lowest_threshold_with_precision(0.6).map(|p| p.threshold), Some(0.7));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Curve {
    /// The points, thresholds descending, recall non-decreasing.
    pub points: Vec<CurvePoint>,
    /// How many examples truly carry the label.
    pub positives: usize,
}

impl Curve {
    /// The curve of (score, truth) pairs. A score of 0 is never a label, so
    /// positives scoring 0 are never reached and recall may stay below 1.
    pub fn from_pairs(pairs: &[(f32, bool)]) -> Curve {
        let mut sorted: Vec<(f32, bool)> =
            pairs.iter().copied().filter(|(s, _)| *s > 0.0).collect();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let positives = pairs.iter().filter(|(_, t)| *t).count();
        let (mut tp, mut fp) = (0usize, 0usize);
        let mut points = Vec::new();
        for (i, (score, truth)) in sorted.iter().enumerate() {
            if *truth {
                tp += 1;
            } else {
                fp += 1;
            }
            let last_of_score = sorted.get(i + 1).map_or(true, |n| n.0 < *score);
            if last_of_score {
                let m = Metrics::from_counts(tp, fp, positives - tp);
                points.push(CurvePoint {
                    threshold: *score,
                    precision: m.precision,
                    recall: m.recall,
                });
            }
        }
        Curve { points, positives }
    }

    /// Average precision, step-wise: `Σ (Rₖ − Rₖ₋₁) · Pₖ` over the points,
    /// with `R₀ = 0` (no interpolation). 0 when nothing is positive.
    pub fn average_precision(&self) -> f64 {
        let mut previous = 0.0;
        let mut ap = 0.0;
        for p in &self.points {
            ap += (p.recall - previous) * p.precision;
            previous = p.recall;
        }
        ap
    }

    /// The point with the best F1 (ties towards the higher threshold), if
    /// any point has an F1 above 0.
    pub fn best_f1(&self) -> Option<(CurvePoint, f64)> {
        let mut best: Option<(CurvePoint, f64)> = None;
        for p in &self.points {
            let f1 = if p.precision + p.recall == 0.0 {
                0.0
            } else {
                2.0 * p.precision * p.recall / (p.precision + p.recall)
            };
            if f1 > best.map_or(0.0, |b| b.1) {
                best = Some((*p, f1));
            }
        }
        best
    }

    /// The F1 of labelling every score at or above `threshold`: the point
    /// with the lowest threshold at or above it (0 when no score reaches
    /// it).
    ///
    /// ```
    /// use emocue::eval::Curve;
    /// let c = Curve::from_pairs(&[(0.9, true), (0.8, false), (0.7, true)]);
    /// assert_eq!(c.f1_at(0.95), 0.0);
    /// assert!((c.f1_at(0.85) - 2.0 / 3.0).abs() < 1e-12); // P 1, R 1/2
    /// assert!((c.f1_at(0.75) - 0.5).abs() < 1e-12); // P 1/2, R 1/2
    /// assert!((c.f1_at(0.1) - 0.8).abs() < 1e-12); // P 2/3, R 1
    /// ```
    pub fn f1_at(&self, threshold: f32) -> f64 {
        let reached = self.points.partition_point(|p| p.threshold >= threshold);
        match reached.checked_sub(1).map(|i| self.points[i]) {
            Some(p) if p.precision + p.recall > 0.0 => {
                2.0 * p.precision * p.recall / (p.precision + p.recall)
            }
            _ => 0.0,
        }
    }

    /// The lowest threshold whose precision is at least `min_precision`
    /// (so the most recall at that precision), or `None` when no
    /// threshold reaches it.
    pub fn lowest_threshold_with_precision(&self, min_precision: f64) -> Option<CurvePoint> {
        self.points
            .iter()
            .rev()
            .find(|p| p.precision >= min_precision)
            .copied()
    }

    /// The highest precision any threshold reaches (0 for an empty curve).
    pub fn max_precision(&self) -> f64 {
        self.points.iter().map(|p| p.precision).fold(0.0, f64::max)
    }
}

/// The threshold above `floor` with the best mean F1 over several curves
/// (one per domain, each counting once however many examples it holds),
/// and its mean F1: of the thresholds whose mean F1 is within `tolerance`
/// of the best, the highest. `(1.0, 0.0)` when no threshold above `floor`
/// gives any curve an F1 above 0.
///
/// Near its best, F1 is flat and noisy; a small tolerance (say 0.005) buys
/// precision for next to no F1. A tolerance of 0 takes the best mean F1,
/// ties going to the higher threshold. The candidates are every curve's
/// thresholds above `floor` (0 admits them all): between two of them no
/// curve's F1 changes.
///
/// ```
/// use emocue::eval::{best_mean_f1_threshold, Curve};
/// // A large domain best at 0.9, a small one best at 0.5.
/// let large = Curve::from_pairs(&[(0.9, true), (0.5, false), (0.5, false), (0.5, false)]);
/// let small = Curve::from_pairs(&[(0.9, true), (0.5, true)]);
/// let (t, mean) = best_mean_f1_threshold(&[large.clone(), small.clone()], 0.0, 0.0);
/// assert_eq!(t, 0.9); // F1 1 and 2/3 beat 2/5 and 1
/// assert!((mean - 5.0 / 6.0).abs() < 1e-12);
/// // Nothing above 0.95 labels anything.
/// assert_eq!(best_mean_f1_threshold(&[large, small], 0.0, 0.95), (1.0, 0.0));
/// ```
pub fn best_mean_f1_threshold(curves: &[Curve], tolerance: f64, floor: f32) -> (f32, f64) {
    let mut candidates: Vec<f32> = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.threshold))
        .filter(|t| *t > floor)
        .collect();
    candidates.sort_by(|a, b| b.total_cmp(a));
    candidates.dedup();
    let means: Vec<(f32, f64)> = candidates
        .into_iter()
        .map(|t| {
            let sum: f64 = curves.iter().map(|c| c.f1_at(t)).sum();
            (t, sum / curves.len() as f64)
        })
        .collect();
    let best = means.iter().map(|m| m.1).fold(0.0, f64::max);
    if best == 0.0 {
        return (1.0, 0.0);
    }
    means
        .into_iter()
        .find(|m| m.1 >= best - tolerance)
        .unwrap_or((1.0, 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_make_one_point_and_ap_of_a_perfect_ranking_is_one() {
        let c = Curve::from_pairs(&[(0.9, true), (0.9, true), (0.1, false)]);
        assert_eq!(c.points.len(), 2);
        assert_eq!(c.points[0].recall, 1.0);
        assert_eq!(c.average_precision(), 1.0);
        assert_eq!(c.best_f1().unwrap().0.threshold, 0.9);
    }

    #[test]
    fn empty_curve() {
        let c = Curve::from_pairs(&[(0.0, true), (0.0, false)]);
        assert!(c.points.is_empty());
        assert_eq!(c.average_precision(), 0.0);
        assert_eq!(c.best_f1(), None);
        assert_eq!(c.lowest_threshold_with_precision(0.1), None);
    }

    #[test]
    fn lowest_threshold_with_precision_prefers_recall() {
        // thresholds 0.9 (P 1), 0.8 (P .5), 0.7 (P 2/3), 0.6 (P .5)
        let c = Curve::from_pairs(&[(0.9, true), (0.8, false), (0.7, true), (0.6, false)]);
        assert_eq!(
            c.lowest_threshold_with_precision(0.6).unwrap().threshold,
            0.7
        );
        assert_eq!(
            c.lowest_threshold_with_precision(0.5).unwrap().threshold,
            0.6
        );
        assert_eq!(
            c.lowest_threshold_with_precision(1.0).unwrap().threshold,
            0.9
        );
        assert!(c.lowest_threshold_with_precision(1.01).is_none());
    }

    #[test]
    fn f1_at_matches_best_f1_at_its_threshold() {
        let c = Curve::from_pairs(&[(0.9, true), (0.8, false), (0.7, true), (0.6, false)]);
        let (point, f1) = c.best_f1().unwrap();
        assert_eq!(c.f1_at(point.threshold), f1);
        assert_eq!(Curve::default().f1_at(0.5), 0.0);
    }

    #[test]
    fn mean_f1_of_one_curve_is_its_best_f1() {
        let c = Curve::from_pairs(&[(0.9, true), (0.8, false), (0.7, true), (0.6, false)]);
        let (point, f1) = c.best_f1().unwrap();
        assert_eq!(
            best_mean_f1_threshold(std::slice::from_ref(&c), 0.0, 0.0),
            (point.threshold, f1)
        );
        assert_eq!(best_mean_f1_threshold(&[], 0.0, 0.0), (1.0, 0.0));
        assert_eq!(
            best_mean_f1_threshold(&[Curve::default()], 0.0, 0.0),
            (1.0, 0.0)
        );
        // F1 at 0.9 is 2/3, at 0.7 is 4/5 (the best): a tolerance of 0.2
        // takes the higher threshold.
        assert_eq!(
            best_mean_f1_threshold(std::slice::from_ref(&c), 0.2, 0.0).0,
            0.9
        );
        // The best, 0.7, is not above a floor of 0.75; 0.9 is next best.
        let above = best_mean_f1_threshold(&[c], 0.0, 0.75);
        assert_eq!(above.0, 0.9);
        assert!((above.1 - 2.0 / 3.0).abs() < 1e-12);
    }
}
