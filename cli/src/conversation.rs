//! `emocue conversation FILE.jsonl`: follow each conversation of a
//! transcript and print one JSON object per conversation.

use std::io::{self, Write};
use std::path::Path;

use emocue::conversation::{
    parse_transcripts, ConversationSummary, Escalation, Tracker, Transcript, TurnReport,
};
use emocue::Detector;
use serde_json::{json, Value};

use crate::{read, Result};

/// A conversation with the report of each turn and its summary.
pub struct Analysed {
    /// The conversation as loaded.
    pub transcript: Transcript,
    /// One report per turn, in order.
    pub reports: Vec<TurnReport>,
    /// The summary.
    pub summary: ConversationSummary,
}

impl Analysed {
    /// The turn number in the file of the turn at `index`.
    pub fn number(&self, index: usize) -> u64 {
        self.transcript.numbers[index]
    }
}

/// Loads a transcript file.
pub fn load(path: &Path) -> Result<Vec<Transcript>> {
    parse_transcripts(&path.display().to_string(), &read(path)?).map_err(|e| e.to_string())
}

/// Runs a tracker over a conversation.
pub fn analyse(d: &Detector, transcript: Transcript) -> Analysed {
    let mut tracker = Tracker::new(d);
    let mut summary = ConversationSummary::new();
    let reports = transcript
        .turns
        .iter()
        .map(|turn| {
            let r = tracker.push(turn);
            summary.record(&r);
            r
        })
        .collect();
    Analysed {
        transcript,
        reports,
        summary,
    }
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn scores(m: &emocue::EmotionMap<f32>) -> Value {
    json!({
        "frustration": round(m.frustration),
        "anger": round(m.anger),
        "confusion": round(m.confusion),
        "anxiety": round(m.anxiety),
    })
}

fn escalation(c: &Analysed, e: &Escalation) -> Value {
    let mut v = json!({
        "turn": c.number(e.turn),
        "index": e.turn,
        "kind": e.kind.name(),
        "reason": e.reason,
    });
    if let Some(span) = &e.span {
        v["start"] = json!(span.start);
        v["end"] = json!(span.end);
    }
    v
}

/// The JSON object for one conversation: its summary, then its turns.
pub fn to_json(c: &Analysed) -> Value {
    let s = &c.summary;
    let turns: Vec<Value> = c
        .reports
        .iter()
        .map(|r| {
            let mut v = json!({
                "turn": c.number(r.index),
                "index": r.index,
                "speaker": r.speaker.name(),
                "text": r.analysis.text(),
                "scores": scores(r.analysis.scores()),
                "labels": r.analysis.labels().map(|e| e.name()).collect::<Vec<_>>(),
                "smoothed": scores(&r.smoothed),
                "distress": round(r.distress),
                "trend": r.trend.map(|_, t| t.name()),
                "overall": r.overall.name(),
                "escalations": r.escalations.iter().map(|e| escalation(c, e)).collect::<Vec<_>>(),
                "handover": {"recommended": r.handover.recommended, "reasons": r.handover.reasons},
            });
            if let Some(res) = &r.resolution {
                v["resolution"] = json!({
                    "kind": res.kind.name(),
                    "reason": res.reason,
                    "start": res.span.start,
                    "end": res.span.end,
                });
            }
            v
        })
        .collect();
    json!({
        "conversation_id": c.transcript.id,
        "summary": {
            "turns": s.turns,
            "customer_turns": s.customer_turns,
            "peak": s.peak.map(|p| json!({
                "emotion": p.emotion.name(),
                "score": round(p.score),
                "turn": c.number(p.turn),
                "index": p.turn,
            })),
            "trend": s.trend.name(),
            "escalations": s.escalations.iter().map(|e| escalation(c, e)).collect::<Vec<_>>(),
            "handover_turn": s.handover_turn.map(|i| c.number(i)),
            "handover_reasons": s.handover_reasons,
            "resolution_turn": s.resolution.as_ref().map(|r| c.number(r.turn)),
            "ended_calm": s.ended_calm,
            "smoothed": scores(&s.smoothed),
        },
        "turns": turns,
    })
}

/// Prints one JSON object per conversation of `file`.
pub fn run(d: &Detector, file: &Path) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for t in load(file)? {
        let json = to_json(&analyse(d, t));
        crate::written(writeln!(out, "{json}"))?;
    }
    crate::written(out.flush())
}
