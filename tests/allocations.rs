//! Warm analysis allocates nothing, with or without the context model:
//! `Detector::analyze_into` reuses the caller's `Analysis` and this
//! thread's working memory.
//!
//! Counted with dhat's global allocator (its testing mode), so this file
//! holds one test: the count is process-wide.

use emocue::{Analysis, Detector};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// Texts that take every path of the pipeline: phrases, negation,
/// intensifiers, contrast, CAPS, marks, elongation (with the un-stretching
/// look-up), emoji, emoticons, fullwidth and zero-width characters,
/// combining marks, long and empty input.
fn texts() -> Vec<String> {
    let mut t: Vec<String> = [
        "This is the THIRD time I've asked and it still doesn't work!!",
        "I've been waiting for two weeks and no one has replied.",
        "I'm not angry, just confused about the invoice.",
        "thanks, but it still doesn't work",
        "will I lose my data if I downgrade???",
        "sooooo frustratingggg, whyyyy",
        "The update broke my login again 😡🤬 >:( :/",
        "ｆｒｕｓｔｒａｔｅｄ and an\u{200B}gry, zalgo a\u{0301}\u{0335}ngry",
        "how am I supposed to export this?! what does 'sync' mean",
        "",
        "   ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    t.push("I am so ANGRY!!! ".repeat(500));
    t
}

#[test]
fn warm_analyze_into_allocates_nothing() {
    let texts = texts();
    // The default detector, and one with the context model, which keeps
    // its own working memory in this thread's scratch.
    let detectors = [
        Detector::default(),
        Detector::builder().context_model(true).build().unwrap(),
    ];
    let mut out = Analysis::default();
    // Warm up: the detectors' data, this thread's scratch, `out`'s buffers.
    for _ in 0..2 {
        for detector in &detectors {
            for t in &texts {
                detector.analyze_into(t, &mut out);
            }
        }
    }
    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    let (mut cues, mut context) = (0, 0.0);
    for _ in 0..3 {
        for detector in &detectors {
            for t in &texts {
                detector.analyze_into(t, &mut out);
                cues += out.cues().len();
                context += out.context(emocue::Emotion::Anxiety).abs();
            }
        }
    }
    let after = dhat::HeapStats::get();
    assert!(
        cues > 0 && context > 0.0,
        "the texts produce cues and context, so the paths were exercised"
    );
    assert_eq!(
        after.total_blocks - before.total_blocks,
        0,
        "warm analyze_into allocated {} blocks ({} bytes)",
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes
    );
}
