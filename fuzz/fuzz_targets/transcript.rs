//! The transcript loader: no panic; an error names the source and a line
//! that exists; every loaded conversation has turns.

#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match emocue::conversation::parse_transcripts("fuzz.jsonl", text) {
        Ok(transcripts) => {
            for t in &transcripts {
                assert!(!t.turns.is_empty());
                assert_eq!(t.turns.len(), t.numbers.len());
            }
        }
        Err(emocue::Error::Parse { location, .. }) => {
            assert_eq!(location.source, "fuzz.jsonl");
            assert!(location.line >= 1 && location.line <= text.lines().count());
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
