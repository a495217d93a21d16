//! Properties that hold for every input.

use emocue::{Detector, Emotion};
use proptest::prelude::*;

/// Words and pieces that exercise the lexicon, the rules and the folding.
const PIECES: &[&str] = &[
    "angry",
    "furious",
    "not",
    "no",
    "so",
    "a bit",
    "but",
    "still",
    "waiting",
    "third",
    "time",
    "confused",
    "worried",
    "scared",
    "don't",
    "get",
    "it",
    "what",
    "does",
    "mean",
    "for",
    "two",
    "weeks",
    "you",
    "people",
    "useless",
    "cancel",
    "my",
    "subscription",
    "manager",
    "the",
    "app",
    "is",
    "broken",
    "thanks",
    "ANGRY",
    "WHY",
    "sooo",
    "whyyy",
    "!!!",
    "???",
    "?!",
    "?",
    ".",
    ",",
    "😡",
    "😕",
    ">:(",
    ":/",
    "’",
    "won’t",
    "urgent",
    "lose",
    "data",
    "I'm",
    "😤👍🏽",
    "can't log in",
    "don't get it",
    "please help",
    "I'm so confused",
    "you people",
    "again",
];

/// The pieces as customers type them in chat: `dont`, `wont`, `im`, `u`,
/// `pls`, `cant` (see `data/spellings.tsv`).
fn chat_spelling(s: &str) -> String {
    s.split(' ')
        .map(|w| match w {
            "don't" => "dont",
            "won’t" => "wont",
            "I'm" => "im",
            "you" => "u",
            "please" => "pls",
            "can't" => "cant",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|words| words.join(" "))
}

/// Maps ASCII letters and digits to their fullwidth forms.
fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Inserts a zero-width space or joiner between letters at the chosen
/// positions.
fn with_zero_width(s: &str, seeds: &[u8]) -> String {
    let mut out = String::new();
    let mut prev_letter = false;
    let mut k = 0;
    for c in s.chars() {
        if prev_letter && c.is_alphabetic() {
            let seed = seeds.get(k % seeds.len().max(1)).copied().unwrap_or(0);
            k += 1;
            match seed % 4 {
                0 => out.push('\u{200B}'),
                1 => out.push('\u{200D}'),
                2 => out.push('\u{00AD}'),
                _ => {}
            }
        }
        out.push(c);
        prev_letter = c.is_alphabetic();
    }
    out
}

fn labels(d: &Detector, text: &str) -> Vec<Emotion> {
    d.analyze(text).labels().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_analyses_without_panic_and_with_valid_spans(text in any::<String>()) {
        let a = Detector::default().analyze(&text);
        for cue in a.cues() {
            prop_assert!(cue.span.start < cue.span.end && cue.span.end <= text.len());
            prop_assert!(text.is_char_boundary(cue.span.start) && text.is_char_boundary(cue.span.end));
            prop_assert!(cue.weight.is_finite());
        }
        for e in Emotion::ALL {
            let s = a.score(e);
            prop_assert!((0.0..=1.0).contains(&s), "{e} score {s}");
        }
    }

    #[test]
    fn messages_have_valid_spans_and_scores(text in message()) {
        let a = Detector::default().analyze(&text);
        prop_assert_eq!(a.text(), text.as_str());
        for cue in a.cues() {
            prop_assert!(text.get(cue.span.clone()).is_some());
        }
        for e in Emotion::ALL {
            prop_assert!((0.0..=1.0).contains(&a.score(e)));
            prop_assert_eq!(a.has(e), a.intensity(e) != emocue::Intensity::None);
        }
    }

    #[test]
    fn analysis_is_deterministic(text in message()) {
        let d = Detector::default();
        prop_assert_eq!(d.analyze(&text), d.analyze(&text));
        let mut reused = d.analyze("something else entirely, so angry!!!");
        d.analyze_into(&text, &mut reused);
        prop_assert_eq!(reused, d.analyze(&text));
    }

    #[test]
    fn labels_unchanged_by_fullwidth_forms(text in message()) {
        let d = Detector::default();
        prop_assert_eq!(labels(&d, &fullwidth(&text)), labels(&d, &text));
    }

    #[test]
    fn labels_unchanged_by_chat_spellings(text in message()) {
        let d = Detector::default();
        prop_assert_eq!(labels(&d, &chat_spelling(&text)), labels(&d, &text));
    }

    #[test]
    fn labels_unchanged_by_zero_width_characters_inside_words(
        text in message(),
        seeds in prop::collection::vec(any::<u8>(), 1..16),
    ) {
        let d = Detector::default();
        let hidden = with_zero_width(&text, &seeds);
        prop_assert_eq!(labels(&d, &hidden), labels(&d, &text));
        let a = d.analyze(&hidden);
        for cue in a.cues() {
            prop_assert!(hidden.is_char_boundary(cue.span.start) && hidden.is_char_boundary(cue.span.end));
        }
    }

    #[test]
    fn threads_agree(text in message()) {
        let d = Detector::default();
        let here = d.analyze(&text);
        let there = std::thread::scope(|s| s.spawn(|| d.analyze(&text)).join().unwrap());
        prop_assert_eq!(here, there);
    }
}

/// The default detector with the context model on, built once.
fn with_context() -> &'static Detector {
    static D: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    D.get_or_init(|| Detector::builder().context_model(true).build().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The context model keeps every promise the lexicon makes: no panic,
    /// valid spans, scores in range, and labels that do not depend on
    /// width, chat spellings or invisible characters.
    #[test]
    fn context_model_keeps_the_invariants(
        text in message(),
        any_text in any::<String>(),
        seeds in prop::collection::vec(any::<u8>(), 1..16),
    ) {
        let d = with_context();
        for t in [&text, &any_text] {
            let a = d.analyze(t);
            for cue in a.cues() {
                prop_assert!(t.is_char_boundary(cue.span.start) && t.is_char_boundary(cue.span.end));
            }
            for e in Emotion::ALL {
                prop_assert!((0.0..=1.0).contains(&a.score(e)));
                prop_assert!(a.context(e).is_finite());
            }
            prop_assert_eq!(d.analyze(t), a);
        }
        prop_assert_eq!(labels(d, &fullwidth(&text)), labels(d, &text));
        prop_assert_eq!(labels(d, &chat_spelling(&text)), labels(d, &text));
        prop_assert_eq!(labels(d, &with_zero_width(&text, &seeds)), labels(d, &text));
    }
}

/// One detector shared by several threads at once (each analysing the
/// same messages in a different order, reusing its own `Analysis`) gives
/// exactly what one thread gives.
#[test]
fn a_detector_shared_by_several_threads_agrees_with_one_thread() {
    let d = Detector::default();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    use proptest::strategy::ValueTree;
    // 401 is prime, so every stride below visits every message once.
    let texts: Vec<String> = (0..401)
        .map(|_| message().new_tree(&mut runner).unwrap().current())
        .collect();
    let alone: Vec<_> = texts.iter().map(|t| d.analyze(t)).collect();
    let shared: Vec<Vec<emocue::Analysis>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|k| {
                let (d, texts) = (&d, &texts);
                s.spawn(move || {
                    let mut out = vec![emocue::Analysis::default(); texts.len()];
                    let mut a = emocue::Analysis::default();
                    for i in (0..texts.len()).map(|i| (i * (2 * k + 1) + k) % texts.len()) {
                        d.analyze_into(&texts[i], &mut a);
                        out[i] = a.clone();
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for per_thread in shared {
        assert_eq!(per_thread, alone);
    }
}
