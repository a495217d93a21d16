//! The lexicon, modifier and threshold parsers, through the builder: no
//! panic, and whatever parses builds (or fails with an error) and analyses.

#![no_main]
#![forbid(unsafe_code)]

use emocue::lexicon::{parse_lexicon, parse_modifiers, parse_thresholds};
use emocue::Detector;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_lexicon("fuzz.tsv", text);
    let _ = parse_modifiers("fuzz.tsv", text);
    let _ = parse_thresholds("fuzz.tsv", text);
    let _ = Detector::builder().reweight_from("fuzz.tsv", text);
    for builder in [
        Detector::builder().add_lexicon("fuzz.tsv", text),
        Detector::builder().add_modifiers("fuzz.tsv", text),
        Detector::builder().set_thresholds("fuzz.tsv", text),
    ] {
        let Ok(builder) = builder else { continue };
        if let Ok(d) = builder.build() {
            let a = d.analyze(text);
            for e in emocue::Emotion::ALL {
                assert!((0.0..=1.0).contains(&a.score(e)));
            }
        }
    }
});
