//! The reply template pack parsers (text and JSON): no panic; a pack that
//! parses builds (or fails with an error) and suggests.

#![no_main]
#![forbid(unsafe_code)]

use emocue::respond::{Context, Responder};
use emocue::Detector;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Responder::builder().review_phrases("fuzz-review.tsv", text);
    let _ = Responder::builder().pack_json("fuzz.json", text);
    if let Ok(b) = Responder::builder().pack("fuzz.tsv", text) {
        if let Ok(r) = b.build() {
            let a = Detector::default().analyze("This is the third time, I'm furious!!");
            let s = r.suggest(&a, &Context::new().customer_name("Sam"));
            std::hint::black_box(s);
        }
    }
});
