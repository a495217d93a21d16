//! `emocue report FILE.jsonl -o report.html`: a self-contained HTML page
//! per transcript file: for each conversation, a summary, a chart of the
//! customer's four emotions over the turns with escalation, hand-over and
//! resolution markers, and every turn with its cues highlighted.
//!
//! The page loads nothing: CSS is inline, the chart is inline SVG.

use std::fmt::Write as _;
use std::path::Path;

use emocue::conversation::Speaker;
use emocue::{Analysis, Detector, Emotion};

use crate::conversation::{analyse, load, Analysed};
use crate::Result;

/// Writes the report of `file` to `output`.
pub fn run(d: &Detector, file: &Path, output: &Path) -> Result<()> {
    let conversations: Vec<Analysed> = load(file)?.into_iter().map(|t| analyse(d, t)).collect();
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let html = render(&name, &conversations);
    std::fs::write(output, html).map_err(|e| format!("{}: {e}", output.display()))?;
    eprintln!(
        "wrote {} ({} conversation{})",
        output.display(),
        conversations.len(),
        if conversations.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// The colour of each emotion's line and highlights.
const fn colour(e: Emotion) -> &'static str {
    match e {
        Emotion::Frustration => "#d97706",
        Emotion::Anger => "#dc2626",
        Emotion::Confusion => "#2563eb",
        Emotion::Anxiety => "#7c3aed",
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id fragment from a conversation id: letters, digits, `-` and `_`.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

const STYLE: &str = r#"
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc;
  --frustration: #d97706; --anger: #dc2626; --confusion: #2563eb; --anxiety: #7c3aed;
  --esc: #b91c1c; --handover: #111827; --resolved: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header .meta { margin: 0 0 16px; color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 8px; }
nav a { display: inline-block; padding: 4px 10px; border: 1px solid var(--line); border-radius: 999px;
  background: #fff; color: var(--ink); text-decoration: none; font-size: 13px; }
nav a .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; vertical-align: 1px; }
section.conversation { background: #fff; border: 1px solid var(--line); border-radius: 12px;
  padding: 20px 24px; margin: 20px 0; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
section.conversation h2 { margin: 0 0 12px; font-size: 19px; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.card .k { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 15px; font-weight: 600; }
.card.bad .v { color: var(--esc); } .card.good .v { color: var(--resolved); }
.reasons { margin: 0 0 14px; padding: 8px 12px; border-left: 4px solid var(--handover); background: #f3f4f6; border-radius: 4px; font-size: 14px; }
figure.chart { margin: 0 0 18px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin: 0 4px 0 8px; }
.swatch:first-child { margin-left: 0; }
ol.turns { list-style: none; padding: 0; margin: 0; }
li.turn { display: grid; grid-template-columns: 92px minmax(0, 1fr) 290px; align-items: start; gap: 12px; padding: 10px 0; border-top: 1px solid var(--line); }
li.turn .who { font-size: 13px; color: var(--muted); }
li.turn .who b { display: block; color: var(--ink); font-size: 14px; }
li.turn .bubble { border-radius: 10px; padding: 8px 12px; }
li.customer .bubble { background: #fff7ed; border: 1px solid #fed7aa; }
li.agent .bubble { background: #f1f5f9; border: 1px solid #e2e8f0; }
li.turn.escalated .bubble { box-shadow: inset 4px 0 0 var(--esc); }
li.turn.resolved .bubble { box-shadow: inset 4px 0 0 var(--resolved); }
.text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.chips { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 6px; }
.chip { font-size: 12px; padding: 1px 8px; border-radius: 999px; color: #fff; }
.chip.calm { background: #e5e7eb; color: var(--muted); }
mark.cue { border-radius: 3px; padding: 0 2px; color: inherit; border-bottom: 2px solid; }
mark.frustration { background: #fef3c7; border-color: var(--frustration); }
mark.anger { background: #fee2e2; border-color: var(--anger); }
mark.confusion { background: #dbeafe; border-color: var(--confusion); }
mark.anxiety { background: #ede9fe; border-color: var(--anxiety); }
mark.flag { outline: 2px solid var(--esc); outline-offset: 1px; }
ul.signals { list-style: none; margin: 0; padding: 0; font-size: 13px; }
ul.signals li { margin: 0 0 6px; padding: 4px 8px; border-radius: 6px; }
li.escalation { background: #fef2f2; border: 1px solid #fecaca; color: #7f1d1d; }
li.handover { background: var(--handover); color: #fff; }
li.resolution { background: #f0fdf4; border: 1px solid #bbf7d0; color: #14532d; }
ul.signals .tag { font-weight: 700; margin-right: 4px; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
"#;

/// The whole page.
pub fn render(source: &str, conversations: &[Analysed]) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Conversation report — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(source)
    );
    let escalated = conversations
        .iter()
        .filter(|c| c.summary.handover_turn.is_some())
        .count();
    let _ = write!(
        h,
        "<header>\n<h1>Conversation report</h1>\n<p class=\"meta\">{} · {} conversation{} · {} with a hand-over recommendation</p>\n",
        escape(source),
        conversations.len(),
        if conversations.len() == 1 { "" } else { "s" },
        escalated,
    );
    if conversations.len() > 1 {
        h.push_str("<nav><ul>\n");
        for c in conversations {
            let dot = if c.summary.handover_turn.is_some() {
                "var(--esc)"
            } else if c.summary.ended_calm {
                "var(--resolved)"
            } else {
                "var(--frustration)"
            };
            let _ = writeln!(
                h,
                "<li><a href=\"#conv-{}\"><span class=\"dot\" style=\"background:{dot}\"></span>{}</a></li>",
                escape(&slug(&c.transcript.id)),
                escape(&c.transcript.id)
            );
        }
        h.push_str("</ul></nav>\n");
    }
    h.push_str("</header>\n");
    for c in conversations {
        conversation(&mut h, c);
    }
    let _ = write!(
        h,
        "<footer>Generated by emocue {} · scores are 1 − e<sup>−evidence</sup> per customer turn; lines are their moving average</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    h
}

fn card(h: &mut String, class: &str, key: &str, value: &str) {
    let _ = write!(
        h,
        "<div class=\"card {class}\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
        escape(key),
        escape(value)
    );
}

fn conversation(h: &mut String, c: &Analysed) {
    let s = &c.summary;
    let id = slug(&c.transcript.id);
    let _ = write!(
        h,
        "<section class=\"conversation\" id=\"conv-{}\">\n<h2>Conversation {}</h2>\n<div class=\"summary\">",
        escape(&id),
        escape(&c.transcript.id)
    );
    card(
        h,
        "",
        "Turns",
        &format!("{} · {} customer", s.turns, s.customer_turns),
    );
    match s.peak {
        Some(p) => card(
            h,
            "",
            "Peak",
            &format!("{} {:.2} · turn {}", p.emotion, p.score, c.number(p.turn)),
        ),
        None => card(h, "", "Peak", "none"),
    }
    let trend_class = match s.trend {
        emocue::conversation::Trend::Improving => "good",
        emocue::conversation::Trend::Worsening => "bad",
        emocue::conversation::Trend::Steady => "",
    };
    card(h, trend_class, "Trend at the end", s.trend.name());
    match s.first_escalation() {
        Some(e) => card(
            h,
            "bad",
            "Escalations",
            &format!("{} · first turn {}", s.escalations.len(), c.number(e.turn)),
        ),
        None => card(h, "good", "Escalations", "none"),
    }
    match s.handover_turn {
        Some(t) => card(h, "bad", "Hand-over", &format!("at turn {}", c.number(t))),
        None => card(h, "good", "Hand-over", "not needed"),
    }
    let ending = match (&s.resolution, s.ended_calm) {
        (Some(r), true) => format!("calm · resolved, turn {}", c.number(r.turn)),
        (Some(_), false) => "upset (resolved earlier)".to_owned(),
        (None, true) => "calm".to_owned(),
        (None, false) => "upset".to_owned(),
    };
    card(
        h,
        if s.ended_calm { "good" } else { "bad" },
        "Ended",
        &ending,
    );
    h.push_str("</div>\n");
    if let Some(t) = s.handover_turn {
        let _ = writeln!(
            h,
            "<p class=\"reasons\"><b>Hand-over recommended at turn {}:</b> {}.</p>",
            c.number(t),
            escape(&s.handover_reasons.join("; "))
        );
    }
    chart(h, c);
    h.push_str("<ol class=\"turns\">\n");
    for r in &c.reports {
        turn(h, c, r);
    }
    h.push_str("</ol>\n</section>\n");
}

/// The inline SVG chart.
fn chart(h: &mut String, c: &Analysed) {
    const W: f64 = 1000.0;
    const H: f64 = 320.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 120.0;
    const TOP: f64 = 44.0;
    const BOTTOM: f64 = 48.0;
    let n = c.reports.len().max(1);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f32| TOP + plot_h * (1.0 - f64::from(v.clamp(0.0, 1.0)));
    let _ = writeln!(
        h,
        "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" \
         aria-label=\"The customer's frustration, anger, confusion and anxiety over the turns\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">"
    );
    // Grid and y axis.
    for k in 0..=4 {
        let v = k as f32 / 4.0;
        let yy = y(v);
        let _ = writeln!(
            h,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e5e7eb\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#6b7280\">{v:.2}</text>",
            LEFT + plot_w,
            LEFT - 8.0,
            yy + 4.0
        );
    }
    let _ = writeln!(
        h,
        "<text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"#374151\">score (customer)</text>",
        TOP + plot_h / 2.0
    );
    // x axis: a tick per turn (or fewer when there are many), customer
    // turns dark, agent turns light.
    let _ = writeln!(
        h,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9ca3af\"/>",
        TOP + plot_h,
        LEFT + plot_w,
        TOP + plot_h
    );
    let step = n.div_ceil(30).max(1);
    for (i, r) in c.reports.iter().enumerate() {
        let xx = x(i);
        let customer = r.speaker == Speaker::Customer;
        let _ = writeln!(
            h,
            "<line x1=\"{xx:.1}\" y1=\"{:.1}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"{}\"/>",
            TOP + plot_h,
            TOP + plot_h + if customer { 6.0 } else { 3.0 },
            if customer { "#6b7280" } else { "#d1d5db" }
        );
        if i % step == 0 || i + 1 == n {
            let _ = writeln!(
                h,
                "<text x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                TOP + plot_h + 20.0,
                if customer { "#374151" } else { "#9ca3af" },
                c.number(i)
            );
        }
    }
    let _ = writeln!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#374151\">turn (dark: customer, light: agent)</text>",
        LEFT + plot_w / 2.0,
        H - 8.0
    );
    // Markers: escalations (red triangles), hand-over and resolution
    // (labelled lines), behind the data.
    let handover = c.summary.handover_turn;
    let resolutions: Vec<usize> = c
        .reports
        .iter()
        .filter(|r| r.resolution.is_some())
        .map(|r| r.index)
        .collect();
    for r in c.reports.iter().filter(|r| !r.escalations.is_empty()) {
        let xx = x(r.index);
        let reasons: Vec<String> = r.escalations.iter().map(|e| e.reason.clone()).collect();
        let _ = writeln!(
            h,
            "<g class=\"marker escalation\"><title>turn {}: {}</title>\
             <line x1=\"{xx:.1}\" y1=\"{TOP}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#ef4444\" stroke-dasharray=\"3 3\" stroke-opacity=\"0.6\"/>\
             <path d=\"M{:.1} {:.1} L{:.1} {:.1} L{xx:.1} {TOP} Z\" fill=\"#dc2626\"/>\
             <text x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"700\" fill=\"#dc2626\">{}</text></g>",
            c.number(r.index),
            escape(&reasons.join("; ")),
            TOP + plot_h,
            xx - 6.0,
            TOP - 10.0,
            xx + 6.0,
            TOP - 10.0,
            TOP - 13.0,
            r.escalations.len()
        );
    }
    let label = |h: &mut String, i: usize, text: &str, colour: &str, row: f64| {
        let xx = x(i);
        let anchor = if xx > LEFT + plot_w - 60.0 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        let _ = writeln!(
            h,
            "<g class=\"marker {}\"><line x1=\"{xx:.1}\" y1=\"{:.1}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-weight=\"700\" fill=\"{colour}\">{text} · turn {}</text></g>",
            if text == "hand-over" { "handover" } else { "resolution" },
            TOP,
            TOP + plot_h,
            xx + dx,
            row + 6.0,
            c.number(i)
        );
    };
    if let Some(t) = handover {
        label(h, t, "hand-over", "#111827", 12.0);
    }
    for t in resolutions {
        label(h, t, "resolved", "#15803d", 12.0);
    }
    // Data: raw scores as dots, smoothed scores as lines, over customer
    // turns; each line labelled at its end.
    let customer: Vec<&emocue::conversation::TurnReport> = c
        .reports
        .iter()
        .filter(|r| r.speaker == Speaker::Customer)
        .collect();
    let mut ends: Vec<(f64, Emotion, f32)> = Vec::new();
    for e in Emotion::ALL {
        let col = colour(e);
        let points: Vec<String> = customer
            .iter()
            .map(|r| format!("{:.1},{:.1}", x(r.index), y(r.smoothed[e])))
            .collect();
        let _ = write!(h, "<g class=\"series {}\">", e.name());
        if points.len() > 1 {
            let _ = write!(
                h,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{col}\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
                points.join(" ")
            );
        }
        for r in &customer {
            let _ = write!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{col}\" fill-opacity=\"0.35\"><title>turn {}: {} {:.2} (smoothed {:.2})</title></circle>",
                x(r.index),
                y(r.analysis.score(e)),
                c.number(r.index),
                e,
                r.analysis.score(e),
                r.smoothed[e]
            );
        }
        h.push_str("</g>\n");
        if let Some(last) = customer.last() {
            ends.push((y(last.smoothed[e]), e, last.smoothed[e]));
        }
    }
    // Legend labels at the lines' ends, pushed apart so they do not overlap.
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    for i in 1..ends.len() {
        if ends[i].0 < ends[i - 1].0 + 15.0 {
            ends[i].0 = ends[i - 1].0 + 15.0;
        }
    }
    let overflow = ends.last().map_or(0.0, |l| (l.0 - (TOP + plot_h)).max(0.0));
    let last_x = customer.last().map_or(LEFT, |r| x(r.index));
    for (yy, e, v) in &ends {
        let yy = yy - overflow;
        let _ = writeln!(
            h,
            "<text class=\"legend\" x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\" font-weight=\"600\">{} {:.2}</text>",
            last_x.max(LEFT + plot_w) + 8.0,
            yy + 4.0,
            colour(*e),
            e.name(),
            v
        );
    }
    h.push_str("</svg>\n<figcaption>");
    for e in Emotion::ALL {
        let _ = write!(
            h,
            "<span class=\"swatch\" style=\"background:{}\"></span>{}",
            colour(e),
            e
        );
    }
    h.push_str(" — lines: moving average over customer turns (α = 0.5); dots: the turn's own score; \
                ▼ escalation signals (hover for reasons); black line: hand-over recommended; green line: resolved.</figcaption></figure>\n");
}

/// The text with its counting cues marked; `flags` are spans behind
/// escalation signals.
fn highlight(a: &Analysis, flags: &[std::ops::Range<usize>]) -> String {
    let text = a.text();
    let mut cues: Vec<&emocue::Cue> = a.cues().iter().filter(|c| c.weight > 0.0).collect();
    cues.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut out = String::new();
    let mut at = 0;
    for (i, cue) in cues.iter().enumerate() {
        if cue.span.start < at {
            continue;
        }
        // Every cue on the same span, strongest first, for the tooltip.
        let mut same: Vec<&&emocue::Cue> = cues[i..]
            .iter()
            .take_while(|c| c.span == cue.span)
            .collect();
        same.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        let main = same[0];
        let title: Vec<String> = same
            .iter()
            .map(|c| format!("{} · {} · +{:.2}", c.emotion, c.kind.name(), c.weight))
            .collect();
        let flag = if flags.contains(&cue.span) {
            " flag"
        } else {
            ""
        };
        out.push_str(&escape(&text[at..cue.span.start]));
        let _ = write!(
            out,
            "<mark class=\"cue {}{flag}\" title=\"{}\">{}</mark>",
            main.emotion.name(),
            escape(&title.join("; ")),
            escape(&text[cue.span.clone()])
        );
        at = cue.span.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn turn(h: &mut String, c: &Analysed, r: &emocue::conversation::TurnReport) {
    let customer = r.speaker == Speaker::Customer;
    let mut classes = vec!["turn", r.speaker.name()];
    if !r.escalations.is_empty() {
        classes.push("escalated");
    }
    if r.resolution.is_some() {
        classes.push("resolved");
    }
    let number = c.number(r.index);
    let _ = write!(
        h,
        "<li class=\"{}\" id=\"conv-{}-turn-{number}\"><div class=\"who\"><b>{}</b>turn {number}</div><div class=\"bubble\">",
        classes.join(" "),
        escape(&slug(&c.transcript.id)),
        if customer { "Customer" } else { "Agent" },
    );
    let text = if customer {
        let flags: Vec<_> = r
            .escalations
            .iter()
            .filter_map(|e| e.span.clone())
            .collect();
        highlight(&r.analysis, &flags)
    } else {
        escape(r.analysis.text())
    };
    let _ = write!(h, "<p class=\"text\">{text}</p>");
    if customer {
        h.push_str("<div class=\"chips\">");
        if r.analysis.is_calm() {
            h.push_str("<span class=\"chip calm\">calm</span>");
        }
        for e in r.analysis.labels() {
            let _ = write!(
                h,
                "<span class=\"chip\" style=\"background:{}\">{} {:.2} · {}</span>",
                colour(e),
                e,
                r.analysis.score(e),
                r.analysis.intensity(e)
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</div><ul class=\"signals\">");
    for e in &r.escalations {
        let _ = write!(
            h,
            "<li class=\"escalation\"><span class=\"tag\">▲ {}</span>{}</li>",
            escape(e.kind.label()),
            escape(&e.reason)
        );
    }
    if c.summary.handover_turn == Some(r.index) {
        let _ = write!(
            h,
            "<li class=\"handover\"><span class=\"tag\">⇢ Hand over to a human</span>{}</li>",
            escape(&r.handover.reasons.join("; "))
        );
    }
    if let Some(res) = &r.resolution {
        let _ = write!(
            h,
            "<li class=\"resolution\"><span class=\"tag\">✓ resolved</span>{}</li>",
            escape(&res.reason)
        );
    }
    h.push_str("</ul></li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_between_and_inside_cues() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let a = Detector::default().analyze("<b>I'm so confused</b> & \"angry\" 😡");
        let html = highlight(&a, &[]);
        assert!(html.starts_with("&lt;b&gt;I&#39;m <mark"), "{html}");
        assert!(
            html.contains("</mark>&lt;/b&gt; &amp; &quot;<mark class=\"cue anger\""),
            "{html}"
        );
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
    }
}
