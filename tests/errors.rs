//! Every `Error` variant's message tells the user what to fix and where:
//! the source and line for data files, the offending value, and what was
//! expected instead.

use emocue::conversation::Speaker;
use emocue::respond::Responder;
use emocue::{Detector, DetectorBuilder, Emotion, Error};

/// The variant's name; a new variant fails here until it has a test below.
fn variant(e: &Error) -> &'static str {
    match e {
        Error::Parse { .. } => "Parse",
        Error::UnknownEmotion(_) => "UnknownEmotion",
        Error::Pack { .. } => "Pack",
        Error::InvalidValue { .. } => "InvalidValue",
        other => panic!("a new Error variant needs a test in tests/errors.rs: {other:?}"),
    }
}

/// Asserts the message starts with `where_` and contains every piece of
/// `what` (the offending value, the fix).
#[track_caller]
fn check(e: &Error, where_: &str, what: &[&str]) {
    let msg = e.to_string();
    assert!(
        msg.starts_with(where_),
        "{msg:?} should start with {where_:?}"
    );
    for piece in what {
        assert!(msg.contains(piece), "{msg:?} should mention {piece:?}");
    }
}

#[test]
fn parse_errors_name_source_line_value_and_expectation() {
    let lexicon = |t: &str| {
        DetectorBuilder::empty()
            .add_lexicon("mine.tsv", t)
            .err()
            .unwrap()
    };
    let e = lexicon("# words\n\nlivid\tanger\n");
    assert_eq!(variant(&e), "Parse");
    check(&e, "mine.tsv:3: ", &["tab-separated"]);
    check(&lexicon("livid\tanger\tlots"), "mine.tsv:1: ", &["`lots`"]);
    check(
        &lexicon("livid\trage\t2"),
        "mine.tsv:1: ",
        &["`rage`", "frustration, anger, confusion or anxiety"],
    );
    check(
        &lexicon("<shouting>\tanger\t1"),
        "mine.tsv:1: ",
        &["`<shouting>`", "<caps>"],
    );
    check(
        &lexicon("* waiting\tfrustration\t1"),
        "mine.tsv:1: ",
        &["must start with a word"],
    );
    let thresholds = |t: &str| {
        DetectorBuilder::empty()
            .set_thresholds("t.tsv", t)
            .err()
            .unwrap()
    };
    check(
        &thresholds("anger\t0.5\nanger\tsoon"),
        "t.tsv:2: ",
        &["`soon`"],
    );
    check(
        &thresholds("rage\t0.5"),
        "t.tsv:1: ",
        &["`rage`", "expected"],
    );
    let modifiers = |t: &str| {
        DetectorBuilder::empty()
            .add_modifiers("m.tsv", t)
            .err()
            .unwrap()
    };
    check(&modifiers("\nnot\tflipper"), "m.tsv:2: ", &["`flipper`"]);
    let stale = Detector::builder()
        .reweight_from("w.tsv", "furious\tanger\t2.0\nzxqv\tanger\t1.0")
        .err()
        .unwrap();
    check(&stale, "w.tsv:2: ", &["`zxqv`", "fit them again"]);
}

#[test]
fn pack_and_review_errors_name_source_line_and_entry() {
    let e = Responder::builder()
        .pack("p.tsv", "x-1\tanger\thigh\tapologise\tSorry {nam}")
        .err()
        .unwrap();
    assert_eq!(variant(&e), "Parse");
    check(&e, "p.tsv:1: ", &["`x-1`", "`{nam}`", "{customer_name}"]);
    let e = Responder::builder()
        .review_phrases("r.tsv", "sneer\tcalm down\twhy\tinstead")
        .err()
        .unwrap();
    check(&e, "r.tsv:1: ", &["`sneer`"]);
}

/// The JSON loaders (feature `serde`).
#[cfg(feature = "serde")]
#[test]
fn data_loader_errors_name_source_and_line() {
    use emocue::conversation::parse_transcripts;
    use emocue::eval::parse_jsonl;

    let e = parse_jsonl(
        "d.jsonl",
        "{\"text\": \"hi\", \"labels\": []}\n{\"text\": 3}",
    )
    .unwrap_err();
    assert_eq!(variant(&e), "Parse");
    check(&e, "d.jsonl:2: ", &["not a labelled example"]);
    let e = parse_jsonl("d.jsonl", "{\"text\": \"hi\", \"labels\": [\"rage\"]}").unwrap_err();
    check(&e, "d.jsonl:1: ", &["`rage`", "expected frustration"]);

    let turn = |speaker: &str, n: u64| {
        format!("{{\"conversation_id\": \"a\", \"turn\": {n}, \"speaker\": \"{speaker}\", \"text\": \"hi\"}}")
    };
    let e = parse_transcripts("c.jsonl", "{oops").unwrap_err();
    check(&e, "c.jsonl:1: ", &["not valid JSON"]);
    let e = parse_transcripts(
        "c.jsonl",
        &format!("{}\n{}", turn("customer", 1), turn("bot", 2)),
    )
    .unwrap_err();
    check(&e, "c.jsonl:2: ", &["`bot`", "customer or agent"]);
    let e = parse_transcripts(
        "c.jsonl",
        "{\"conversation_id\": \"a\", \"turn\": 1, \"speaker\": \"agent\"}",
    )
    .unwrap_err();
    check(&e, "c.jsonl:1: ", &["missing field `text`"]);
    let e = parse_transcripts(
        "c.jsonl",
        &format!("{}\n{}", turn("customer", 1), turn("agent", 1)),
    )
    .unwrap_err();
    assert_eq!(variant(&e), "Parse");
    check(&e, "c.jsonl:2: ", &["1"]);

    let e = Responder::builder()
        .pack_json(
            "p.json",
            "[\n  {\"id\": \"j\", \"emotion\": \"anger\", \"strategy\": \"apologise\"}\n]",
        )
        .err()
        .unwrap();
    check(&e, "p.json:2: ", &["text"]);
}

#[test]
fn unknown_emotion_lists_the_four() {
    let e = "rage".parse::<Emotion>().unwrap_err();
    assert_eq!(variant(&e), "UnknownEmotion");
    assert_eq!(
        e.to_string(),
        "unknown emotion `rage` (expected frustration, anger, confusion or anxiety)"
    );
}

#[test]
fn pack_errors_name_the_packs_and_the_missing_part() {
    let pack =
        "g\tany\tany\tgreet\tHello,\ns\tany\tany\tsign_off\tBye\nc\tcalm\tany\tinform\tOn it.\n";
    let e = Responder::builder()
        .pack("small.tsv", pack)
        .unwrap()
        .replace_defaults()
        .build()
        .unwrap_err();
    assert_eq!(variant(&e), "Pack");
    check(
        &e,
        "small.tsv: ",
        &[
            "missing strategy acknowledge",
            "frustration at low intensity",
            "without placeholders",
        ],
    );
}

#[test]
fn invalid_values_name_the_setting_the_value_and_the_range() {
    let e = Detector::builder()
        .threshold(Emotion::Anger, 1.5)
        .build()
        .unwrap_err();
    assert_eq!(variant(&e), "InvalidValue");
    assert_eq!(
        e.to_string(),
        "invalid threshold: anger threshold 1.5 is outside (0, 1]"
    );
    let e = Detector::builder()
        .threshold(Emotion::Anxiety, f32::NAN)
        .build()
        .unwrap_err();
    check(&e, "invalid threshold: ", &["anxiety", "NaN", "(0, 1]"]);
    let e = DetectorBuilder::empty()
        .add("<shouting>", Emotion::Anger, 1.0)
        .build()
        .unwrap_err();
    assert_eq!(variant(&e), "InvalidValue");
    check(&e, "invalid lexicon phrase: ", &["`<shouting>`", "<caps>"]);
    let e = " bot ".parse::<Speaker>().unwrap_err();
    check(&e, "invalid speaker: ", &["`bot`", "customer or agent"]);
}
