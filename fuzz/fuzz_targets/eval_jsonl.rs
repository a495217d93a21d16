//! The labelled JSON Lines loader: no panic; an error names the source and
//! a line that exists.

#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match emocue::eval::parse_jsonl("fuzz.jsonl", text) {
        Ok(examples) => assert!(examples.len() <= text.lines().count()),
        Err(emocue::Error::Parse { location, .. }) => {
            assert_eq!(location.source, "fuzz.jsonl");
            assert!(location.line >= 1 && location.line <= text.lines().count());
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
