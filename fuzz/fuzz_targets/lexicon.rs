//! The lexicon, modifier, spelling and threshold parsers, through the
//! builder: no
//! panic, and whatever parses builds (or fails with an error) and analyses.

#![no_main]
#![forbid(unsafe_code)]

use emocue::lexicon::{parse_lexicon, parse_modifiers, parse_spellings, parse_thresholds};
use emocue::DetectorBuilder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_lexicon("fuzz.tsv", text);
    let _ = parse_modifiers("fuzz.tsv", text);
    let _ = parse_thresholds("fuzz.tsv", text);
    let _ = parse_spellings("fuzz.tsv", text);
    // An empty builder, not the embedded data: compiling that on every
    // input would leave a hundred executions a second.
    let small = || DetectorBuilder::empty().add("furious", emocue::Emotion::Anger, 2.0);
    let _ = small().reweight_from("fuzz.tsv", text);
    for builder in [
        small().add_lexicon("fuzz.tsv", text),
        small().add_modifiers("fuzz.tsv", text),
        small().set_thresholds("fuzz.tsv", text),
        small().add_spellings("fuzz.tsv", text),
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
