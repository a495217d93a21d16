//! Analyse messages given on the command line (or a few samples) and print
//! their labels and cues.
//!
//! `cargo run --example analyze -- "This is the THIRD time I ask!!"`

use emocue::Detector;

fn main() {
    let detector = Detector::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let samples = [
        "This is the THIRD time I've asked and it still doesn't work!!",
        "I'm not angry, just confused about the invoice.",
        "will I lose my data if I downgrade?",
    ];
    let texts: Vec<&str> = if args.is_empty() {
        samples.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for text in texts {
        let a = detector.analyze(text);
        println!("{text}");
        for e in a.labels() {
            println!(
                "  {e}: score {:.2}, intensity {}",
                a.score(e),
                a.intensity(e)
            );
            for cue in a.explain(e) {
                println!(
                    "    {:?} {:?} {:+.2} {:?}",
                    &text[cue.span.clone()],
                    cue.kind,
                    cue.weight,
                    cue.modifiers
                );
            }
        }
        if a.is_calm() {
            println!("  calm");
        }
    }
}
