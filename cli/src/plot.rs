//! Precision–recall curves as a self-contained SVG.

use emocue::eval::Report;
use emocue::Emotion;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 560.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 64.0;

fn color(e: Emotion) -> &'static str {
    match e {
        Emotion::Frustration => "#c76b00",
        Emotion::Anger => "#c62828",
        Emotion::Confusion => "#00838f",
        Emotion::Anxiety => "#6a1b9a",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn x(recall: f64) -> f64 {
    LEFT + recall * (WIDTH - LEFT - RIGHT)
}

fn y(precision: f64) -> f64 {
    HEIGHT - BOTTOM - precision * (HEIGHT - TOP - BOTTOM)
}

/// The width of one character of an operating point's label (11 px text),
/// roughly: enough to tell whether a label would cover another dot.
const LABEL_CHAR_WIDTH: f64 = 6.2;

/// Spreads label positions (sorted ascending) so that neighbours are at
/// least `gap` apart, within [lo, hi].
fn spread(ys: &mut [(f64, usize)], gap: f64, lo: f64, hi: f64) {
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    for i in 1..ys.len() {
        if ys[i].0 < ys[i - 1].0 + gap {
            ys[i].0 = ys[i - 1].0 + gap;
        }
    }
    if let Some(last) = ys.last().map(|l| l.0) {
        if last > hi {
            let shift = last - hi;
            for y in ys.iter_mut() {
                y.0 -= shift;
            }
        }
    }
    for i in (0..ys.len().saturating_sub(1)).rev() {
        if ys[i].0 > ys[i + 1].0 - gap {
            ys[i].0 = ys[i + 1].0 - gap;
        }
    }
    for y in ys.iter_mut() {
        y.0 = y.0.max(lo);
    }
}

/// The SVG: one step-wise precision–recall curve per emotion, each
/// labelled at its end with its name and average precision, and the
/// operating point (the detector's thresholds) marked and labelled.
pub fn pr_svg(report: &Report, source: &str) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
    ));
    s.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\n"
    ));
    s.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"28\" font-size=\"16\" font-weight=\"600\" fill=\"#222\">Precision–recall per emotion</text>\n<text x=\"{LEFT}\" y=\"45\" fill=\"#666\">{} · {} examples · dots: the thresholds in use (t)</text>\n",
        escape(source),
        report.examples
    ));
    // Grid, ticks and tick labels.
    s.push_str("<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
    for i in 0..=5 {
        let v = f64::from(i) / 5.0;
        s.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>\n<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>\n",
            x(v), y(0.0), x(v), y(1.0), x(0.0), y(v), x(1.0), y(v)
        ));
    }
    s.push_str("</g>\n<g class=\"ticks\" fill=\"#444\">\n");
    for i in 0..=5 {
        let v = f64::from(i) / 5.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v:.1}</text>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{v:.1}</text>\n",
            x(v),
            y(0.0) + 20.0,
            x(0.0) - 8.0,
            y(v)
        ));
    }
    s.push_str("</g>\n");
    s.push_str(&format!(
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#999\"/>\n",
        x(0.0),
        y(1.0),
        x(1.0) - x(0.0),
        y(0.0) - y(1.0)
    ));
    s.push_str(&format!(
        "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#222\">Recall</text>\n",
        (x(0.0) + x(1.0)) / 2.0,
        HEIGHT - 18.0
    ));
    s.push_str(&format!(
        "<text class=\"axis-label\" transform=\"translate(22 {:.1}) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\" fill=\"#222\">Precision</text>\n",
        (y(0.0) + y(1.0)) / 2.0
    ));
    let Some(ranking) = &report.ranking else {
        s.push_str("</svg>\n");
        return s;
    };
    // Curves.
    let mut ends = Vec::new();
    for (i, (e, r)) in ranking.iter().enumerate() {
        let mut points = Vec::new();
        let mut recall = 0.0;
        if let Some(first) = r.curve.points.first() {
            points.push((x(0.0), y(first.precision)));
        }
        for p in &r.curve.points {
            points.push((x(recall), y(p.precision)));
            points.push((x(p.recall), y(p.precision)));
            recall = p.recall;
        }
        let list: Vec<String> = points
            .iter()
            .map(|(a, b)| format!("{a:.1},{b:.1}"))
            .collect();
        s.push_str(&format!(
            "<polyline class=\"curve\" data-emotion=\"{e}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"{}\"/>\n",
            color(e),
            list.join(" ")
        ));
        let end = points.last().copied().unwrap_or((x(0.0), y(0.0)));
        ends.push((end, i, e, r.average_precision));
    }
    // Operating points, their labels spread so they do not overlap, each
    // to the right of its dot unless another dot sits there (then to the
    // left); the dots are drawn after all the labels, so that no label's
    // halo hides a dot.
    let dots: Vec<(f64, f64)> = ranking
        .iter()
        .map(|(e, _)| (x(report.labels[e].recall), y(report.labels[e].precision)))
        .collect();
    let mut label_ys: Vec<(f64, usize)> = dots
        .iter()
        .enumerate()
        .map(|(i, &(_, py))| (py - 10.0, i))
        .collect();
    spread(&mut label_ys, 15.0, y(1.0) + 10.0, y(0.0) - 4.0);
    for (ly, i) in label_ys {
        let (e, r) = ranking.iter().nth(i).unwrap();
        let m = report.labels[e];
        let label = format!("t={:.2} · F1 {:.2}", r.threshold, m.f1);
        let px = dots[i].0;
        let right = px + 8.0..px + 8.0 + LABEL_CHAR_WIDTH * label.chars().count() as f64;
        let covers = |&(qx, qy): &(f64, f64)| {
            (right.start - 6.0..right.end + 6.0).contains(&qx)
                && (ly - 17.0..ly + 6.0).contains(&qy)
        };
        let blocked = dots.iter().enumerate().any(|(j, d)| j != i && covers(d));
        let (lx, anchor) = if blocked {
            (px - 8.0, "end")
        } else {
            (right.start, "start")
        };
        s.push_str(&format!(
            "<text class=\"operating-label\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{label}</text>\n",
            color(e),
        ));
    }
    for ((e, _), (px, py)) in ranking.iter().zip(&dots) {
        s.push_str(&format!(
            "<circle class=\"operating-point\" data-emotion=\"{e}\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"5\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n",
            color(e)
        ));
    }
    // End labels, in the right margin, spread so they do not overlap, with
    // a leader line from each curve's end.
    let mut ys: Vec<(f64, usize)> = ends.iter().map(|(p, i, _, _)| (p.1, *i)).collect();
    spread(&mut ys, 18.0, y(1.0), y(0.0));
    for (label_y, i) in ys {
        let ((ex, ey), _, e, ap) = ends.iter().find(|t| t.1 == i).copied().unwrap();
        let lx = x(1.0) + 14.0;
        s.push_str(&format!(
            "<line x1=\"{ex:.1}\" y1=\"{ey:.1}\" x2=\"{:.1}\" y2=\"{label_y:.1}\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n",
            lx - 4.0,
            color(e)
        ));
        s.push_str(&format!(
            "<text class=\"curve-label\" x=\"{lx:.1}\" y=\"{label_y:.1}\" dominant-baseline=\"middle\" fill=\"{}\" font-weight=\"600\">{e} <tspan font-weight=\"400\">AP {ap:.2}</tspan></text>\n",
            color(e)
        ));
    }
    s.push_str("</svg>\n");
    s
}
