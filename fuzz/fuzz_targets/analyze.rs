//! `Detector::analyze` on arbitrary text: no panic, cue spans on char
//! boundaries inside the text, scores in [0, 1], finite weights, and the
//! same answer from `analyze_into` on a reused analysis.

#![no_main]
#![forbid(unsafe_code)]

use std::sync::OnceLock;

use emocue::{Analysis, Detector, Emotion, Intensity};
use libfuzzer_sys::fuzz_target;

fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(Detector::default)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let d = detector();
    let a = d.analyze(&text);
    assert_eq!(a.text(), &*text);
    for cue in a.cues() {
        let s = &cue.span;
        assert!(s.start < s.end, "empty span {s:?}");
        assert!(s.end <= text.len(), "span {s:?} past the end ({})", text.len());
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} not on char boundaries"
        );
        assert!(cue.weight.is_finite(), "weight {}", cue.weight);
    }
    for e in Emotion::ALL {
        let score = a.score(e);
        assert!((0.0..=1.0).contains(&score), "{e} score {score}");
        assert_eq!(a.has(e), a.intensity(e) != Intensity::None);
    }
    let mut reused = Analysis::default();
    d.analyze_into("so angry!!! why", &mut reused);
    d.analyze_into(&text, &mut reused);
    assert_eq!(reused, a);
});
