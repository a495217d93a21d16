//! Hostile input: words disguised with look-alike and invisible characters
//! get the labels of their plain forms, with cue spans on the original
//! text's char boundaries that cover the disguised word. Inputs that the
//! fuzz targets (`fuzz/`) find crashing belong here too, as regressions;
//! none has so far.

use std::ops::Range;

use emocue::{Analysis, Detector, Emotion};

/// One evasion: the plain message, the disguised message, and the
/// disguised word inside it (which a cue must cover).
struct Evasion {
    what: &'static str,
    plain: &'static str,
    disguised: &'static str,
    word: &'static str,
}

const EVASIONS: &[Evasion] = &[
    Evasion {
        what: "Cyrillic а in angry",
        plain: "I am so angry with you",
        disguised: "I am so \u{430}ngry with you",
        word: "\u{430}ngry",
    },
    Evasion {
        what: "Cyrillic е, о, с, р throughout",
        plain: "This is a disgrace, I'm furious",
        disguised: "This is a disgr\u{430}\u{441}\u{435}, I'm furi\u{43E}us",
        word: "furi\u{43E}us",
    },
    Evasion {
        what: "Greek look-alikes (alpha, omicron, upsilon)",
        plain: "honestly I'm furious",
        disguised: "honestly I'm fur\u{3B9}\u{3BF}\u{3C5}s",
        word: "fur\u{3B9}\u{3BF}\u{3C5}s",
    },
    Evasion {
        what: "Greek capital look-alikes in shouting",
        plain: "I AM ANGRY",
        disguised: "I AM \u{391}\u{39D}GRY",
        word: "\u{391}\u{39D}GRY",
    },
    Evasion {
        what: "zero-width space",
        plain: "I'm so confused",
        disguised: "I'm so con\u{200B}fused",
        word: "con\u{200B}fused",
    },
    Evasion {
        what: "zero-width joiner and non-joiner",
        plain: "I'm really worried",
        disguised: "I'm really wo\u{200D}rr\u{200C}ied",
        word: "wo\u{200D}rr\u{200C}ied",
    },
    Evasion {
        what: "word joiner and byte order mark inside the word",
        plain: "this is so frustrating",
        disguised: "this is so frus\u{2060}trat\u{FEFF}ing",
        word: "frus\u{2060}trat\u{FEFF}ing",
    },
    Evasion {
        what: "soft hyphens",
        plain: "I am furious",
        disguised: "I am fu\u{AD}ri\u{AD}ous",
        word: "fu\u{AD}ri\u{AD}ous",
    },
    Evasion {
        what: "fullwidth letters",
        plain: "I am so angry",
        disguised: "I am so \u{FF41}\u{FF4E}\u{FF47}\u{FF52}\u{FF59}",
        word: "\u{FF41}\u{FF4E}\u{FF47}\u{FF52}\u{FF59}",
    },
    Evasion {
        what: "mathematical bold",
        plain: "I am so angry",
        disguised: "I am so 𝐚𝐧𝐠𝐫𝐲",
        word: "𝐚𝐧𝐠𝐫𝐲",
    },
    Evasion {
        what: "mathematical italic",
        plain: "I am so angry",
        disguised: "I am so 𝑎𝑛𝑔𝑟𝑦",
        word: "𝑎𝑛𝑔𝑟𝑦",
    },
    Evasion {
        what: "mathematical double-struck and script",
        plain: "I'm worried and confused",
        disguised: "I'm 𝕨𝕠𝕣𝕣𝕚𝕖𝕕 and 𝒸ℴ𝓃𝒻𝓊𝓈ℯ𝒹",
        word: "𝒸ℴ𝓃𝒻𝓊𝓈ℯ𝒹",
    },
    Evasion {
        what: "mathematical bold capitals (shouting)",
        plain: "WHY IS THIS STILL BROKEN",
        disguised: "WHY IS THIS 𝐒𝐓𝐈𝐋𝐋 BROKEN",
        word: "𝐒𝐓𝐈𝐋𝐋",
    },
    Evasion {
        what: "circled letters",
        plain: "I am angry",
        disguised: "I am ⓐⓝⓖⓡⓨ",
        word: "ⓐⓝⓖⓡⓨ",
    },
    Evasion {
        what: "superscript letters",
        plain: "I am angry",
        disguised: "I am ᵃⁿᵍʳʸ",
        word: "ᵃⁿᵍʳʸ",
    },
    Evasion {
        what: "small capitals",
        plain: "I am angry",
        disguised: "I am ᴀɴɢʀʏ",
        word: "ᴀɴɢʀʏ",
    },
    Evasion {
        what: "combining marks on every letter",
        plain: "I am angry",
        disguised: "I am a\u{335}n\u{335}g\u{335}r\u{335}y\u{335}",
        word: "a\u{335}n\u{335}g\u{335}r\u{335}y\u{335}",
    },
    Evasion {
        what: "zalgo: stacks of combining marks",
        plain: "so confused",
        disguised: "so c\u{30D}\u{30E}\u{304}\u{305}o\u{33F}\u{311}\u{306}n\u{310}\u{352}fu\u{357}\u{351}s\u{30C}ed\u{316}\u{318}\u{319}\u{31C}",
        word: "c\u{30D}\u{30E}\u{304}\u{305}o\u{33F}\u{311}\u{306}n\u{310}\u{352}fu\u{357}\u{351}s\u{30C}ed\u{316}\u{318}\u{319}\u{31C}",
    },
    Evasion {
        what: "precomposed accents",
        plain: "I'm worried",
        disguised: "I'm wórríéd",
        word: "wórríéd",
    },
    Evasion {
        what: "bidi override around and inside the word",
        plain: "I am angry",
        disguised: "I am \u{202E}an\u{202C}gry\u{202C}",
        word: "an\u{202C}gry",
    },
    Evasion {
        what: "bidi isolates and marks",
        plain: "I am furious",
        disguised: "I am \u{2067}fu\u{200F}ri\u{200E}ous\u{2069}",
        word: "fu\u{200F}ri\u{200E}ous",
    },
    Evasion {
        what: "variation selectors and combining grapheme joiner",
        plain: "I'm scared",
        disguised: "I'm sc\u{FE0F}a\u{34F}red",
        word: "sc\u{FE0F}a\u{34F}red",
    },
    Evasion {
        what: "phrase with Cyrillic і and a zero-width space",
        plain: "this is the third time I've asked",
        disguised: "this is the th\u{456}rd t\u{200B}ime I've asked",
        word: "th\u{456}rd t\u{200B}ime",
    },
    Evasion {
        what: "mixture: fullwidth, Cyrillic, zero-width, combining, bold",
        plain: "I am so angry and confused",
        disguised: "I am so \u{FF41}\u{43F}\u{200B}g\u{301}r\u{443} and 𝐜o\u{AD}\u{43F}fused",
        word: "\u{FF41}\u{43F}\u{200B}g\u{301}r\u{443}",
    },
    Evasion {
        what: "mixture: Greek, soft hyphen, bidi, math italic, superscript",
        plain: "still waiting and really worried",
        disguised: "still waiting and really \u{202E}𝑤\u{3BF}\u{AD}rr\u{456}ᵉd\u{202C}",
        word: "𝑤\u{3BF}\u{AD}rr\u{456}ᵉd",
    },
];

fn labels(a: &Analysis) -> Vec<Emotion> {
    a.labels().collect()
}

fn byte_range(text: &str, word: &str) -> Range<usize> {
    let start = text.find(word).expect("the word is in the text");
    start..start + word.len()
}

#[test]
fn evasions_get_the_labels_of_their_plain_forms() {
    let d = Detector::default();
    let mut failures = Vec::new();
    for e in EVASIONS {
        let plain = d.analyze(e.plain);
        let disguised = d.analyze(e.disguised);
        assert!(
            !plain.is_calm(),
            "{}: the plain form must carry a label",
            e.what
        );
        if labels(&disguised) != labels(&plain) {
            failures.push(format!(
                "{}: {:?} got {:?}, plain {:?} got {:?}",
                e.what,
                e.disguised,
                labels(&disguised),
                e.plain,
                labels(&plain)
            ));
        }
        for e2 in Emotion::ALL {
            let (p, q) = (plain.score(e2), disguised.score(e2));
            if (p - q).abs() > 0.15 {
                failures.push(format!("{}: {e2} score {q} vs plain {p}", e.what));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn evasion_cues_cover_the_disguised_word_on_char_boundaries() {
    let d = Detector::default();
    let mut failures = Vec::new();
    for e in EVASIONS {
        let a = d.analyze(e.disguised);
        for cue in a.cues() {
            let s = &cue.span;
            assert!(s.start < s.end && s.end <= e.disguised.len(), "{}", e.what);
            assert!(
                e.disguised.is_char_boundary(s.start) && e.disguised.is_char_boundary(s.end),
                "{}: span {s:?} is not on char boundaries",
                e.what
            );
        }
        let word = byte_range(e.disguised, e.word);
        let covered = a
            .cues()
            .iter()
            .any(|c| c.span.start <= word.start && c.span.end >= word.end);
        if !covered {
            let spans: Vec<_> = a
                .cues()
                .iter()
                .map(|c| &e.disguised[c.span.clone()])
                .collect();
            failures.push(format!(
                "{}: no cue covers {:?} (cues: {spans:?})",
                e.what, e.word
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
