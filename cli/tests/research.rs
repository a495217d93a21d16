//! The research workflow end to end: data formats and mappings, errors
//! naming file and line, calibrate, eval's extras, the plot, fit --suggest.

use std::process::{Command, Output};

mod common;
use common::temp_file;

fn emocue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args(args)
        .output()
        .expect("run emocue")
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fails with exit code 1 and a message containing `want`.
fn fails_with(args: &[&str], want: &str) {
    let out = emocue(args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
}

/// Succeeds with a note on stderr containing `want`; the output.
fn succeeds_saying(args: &[&str], want: &str) -> Output {
    let out = emocue(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    out
}

const JSONL: &str = r#"{"text": "I am so angry and furious!!", "labels": ["anger"]}
{"text": "I'm confused, what does this mean??", "labels": ["confusion"]}
{"text": "I'm worried my account was hacked", "labels": ["anxiety"]}
{"text": "This is ridiculous, still not fixed", "labels": ["frustration"]}
{"text": "Thanks, all good now", "labels": []}
{"text": "this is so hard, I hate it", "labels": ["frustration", "anger"]}
"#;

#[test]
fn malformed_inputs_name_file_line_and_problem() {
    let bad_json = temp_file(
        "bad.jsonl",
        "{\"text\": \"a\", \"labels\": []}\n{\"text\": \n",
    );
    fails_with(&["eval", s(&bad_json)], "bad.jsonl:2: not JSON");
    let no_text = temp_file("notext.jsonl", "\n\n{\"labels\": []}\n");
    fails_with(
        &["eval", s(&no_text)],
        "notext.jsonl:3: missing text field `text`",
    );
    let unknown = temp_file(
        "unknown.jsonl",
        "{\"text\": \"a\", \"labels\": [\"joy\"]}\n",
    );
    fails_with(
        &["eval", s(&unknown)],
        "unknown.jsonl:1: unknown label `joy`",
    );
    let map = temp_file(
        "map.json",
        "{\n  \"annoyance\": \"frustration\",\n  \"joy\": \"happiness\"\n}\n",
    );
    fails_with(
        &["eval", s(&unknown), "--map", s(&map)],
        "map.json:3: label `joy` maps to unknown emotion `happiness`",
    );
    let broken_map = temp_file("broken.json", "{\"annoyance\": \"frustration\"\n");
    fails_with(
        &["eval", s(&unknown), "--map", s(&broken_map)],
        "broken.json:2: not a JSON mapping",
    );
    let columns = temp_file("columns.csv", "text,labels\nfine,\n\"a, b\",anger,extra\n");
    fails_with(
        &["eval", s(&columns)],
        "columns.csv:3: expected 2 fields as in the header, found 3",
    );
    let quote = temp_file(
        "quote.csv",
        "text,labels\nfine,\n\"never closed,anger\nmore\n",
    );
    fails_with(
        &["eval", s(&quote)],
        "quote.csv:3: unterminated quoted field",
    );
    let header = temp_file("header.csv", "message,tags\nfine,\n");
    fails_with(
        &["eval", s(&header)],
        "header.csv:1: no column `text` in the header (columns: message, tags; or give a column number from 1)",
    );
    let thresholds = temp_file("t.json", "{\n\"anger\": 1.5}\n");
    fails_with(
        &["eval", s(&unknown), "--thresholds", s(&thresholds)],
        "t.json:2: threshold 1.5 for anger is outside (0, 1]",
    );
}

#[test]
fn csv_with_columns_and_a_mapping_or_ignored_labels() {
    let csv = temp_file(
        "data.csv",
        "id,message,tags\n1,\"I'm so angry, \"\"really\"\"\",annoyance;anger\n2,\"I'm worried,\nvery\",nervousness\n3,all fine,joy\n",
    );
    let map = temp_file(
        "goemo.json",
        r#"{"annoyance": "frustration", "nervousness": "anxiety", "neutral": null}"#,
    );
    let base = [
        "eval",
        s(&csv),
        "--text-column",
        "message",
        "--labels-column",
        "tags",
        "--map",
        s(&map),
    ];
    // joy is neither mapped nor ours: an error naming the line...
    fails_with(&base, "data.csv:5: unknown label `joy`");
    // ...or, asked for, a summary on stderr.
    let mut args = base.to_vec();
    args.extend(["--ignore-unknown", "--json"]);
    let out = succeeds_saying(&args, "ignored 1 unknown label(s): joy (1)");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["examples"], 3);
    assert_eq!(json["labels"]["frustration"]["support"], 1);
    assert_eq!(json["labels"]["anxiety"]["support"], 1);
    assert!(json["ranking"]["anger"]["average_precision"].is_number());
    assert!(json["co_occurrence"]["anger"]["predicted"]["anger"].is_number());
    // TSV by --format, whatever the extension.
    let tsv = temp_file("data.txt", "labels\ttext\nanger\tso \"angry\"\n");
    let out = emocue(&["eval", s(&tsv), "--format", "tsv", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The JSON an `emocue` command that must succeed prints.
fn json_of(args: &[&str]) -> serde_json::Value {
    let out = emocue(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn where_keeps_a_transcripts_customer_turns_and_says_what_it_left_out() {
    let transcript = temp_file(
        "chat.jsonl",
        r#"{"speaker": "customer", "text": "third time asking, still broken!!", "labels": ["frustration"]}
{"speaker": "agent", "text": "I'm sorry you're frustrated, I'll fix it now."}
{"speaker": "customer", "text": "ok thanks", "labels": []}
"#,
    );
    // Without a filter the agent's turn, which has no labels, is an error.
    fails_with(
        &["eval", s(&transcript)],
        "chat.jsonl:2: missing labels field `labels`",
    );
    let out = succeeds_saying(
        &[
            "eval",
            s(&transcript),
            "--where",
            "speaker=customer",
            "--json",
        ],
        "kept 2 rows where `speaker` = `customer`, left out 1",
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["examples"], 2);
    // A filter that keeps nothing is a mistake, not an empty report.
    fails_with(
        &["eval", s(&transcript), "--where", "speaker=Customer"],
        "chat.jsonl: no row has `speaker` = `Customer` (3 rows left out)",
    );
    fails_with(
        &[
            "calibrate",
            s(&transcript),
            "-o",
            "x.tsv",
            "--where",
            "role=customer",
        ],
        "chat.jsonl:1: missing field `role` (rows are kept where it is `customer`)",
    );
    let out = emocue(&["eval", s(&transcript), "--where", "speaker"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn goemotions_tsv_as_released_and_headerless_files() {
    // The released GoEmotions layout: no header, text, label ids, comment id;
    // a text wrapped in quotes keeps them.
    let tsv = temp_file(
        "dev.tsv",
        "So annoying, why?\t3,7\teeb0001\n\"Love\" it\t18\teeb0002\nwhat does this mean\t6\teeb0003\n",
    );
    let json = json_of(&["eval", s(&tsv), "--preset", "goemotions", "--json"]);
    assert_eq!(json["examples"], 3);
    assert_eq!(json["labels"]["frustration"]["support"], 1);
    assert_eq!(json["labels"]["confusion"]["support"], 1);
    // A label id outside GoEmotions' 28 is an error naming the line.
    let bad = temp_file("bad.tsv", "fine\t27\ta\nodd\t28\tb\n");
    fails_with(
        &["eval", s(&bad), "--preset", "goemotions"],
        "bad.tsv:2: unknown label `28`",
    );
    // Any headerless CSV or TSV: columns by number.
    let csv = temp_file("plain.csv", "1,\"I'm so angry\",anger\n2,fine,\n");
    let headerless = ["eval", s(&csv), "--no-header", "--text-column", "2"];
    let json = json_of(&[&headerless[..], &["--labels-column", "3", "--json"]].concat());
    assert_eq!(json["examples"], 2);
    assert_eq!(json["labels"]["anger"]["support"], 1);
    fails_with(
        &["eval", s(&csv), "--no-header"],
        "plain.csv:1: without a header row, columns are numbers from 1, not `text`",
    );
    fails_with(
        &[&headerless[..], &["--labels-column", "4"]].concat(),
        "plain.csv:1: no column 4 in a row of 3 fields",
    );
}

#[test]
fn eval_reports_ranking_co_occurrence_errors_and_per_emotion_gates() {
    let data = temp_file("eval.jsonl", JSONL);
    let errors = temp_file("errors.jsonl", "");
    let out = emocue(&["eval", s(&data), "--errors", s(&errors)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("avg prec") && table.contains("best thr"),
        "{table}"
    );
    assert!(table.contains("true label → predicted labels"), "{table}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for l in &lines {
        for key in [
            "line",
            "text",
            "gold",
            "predicted",
            "false_positives",
            "false_negatives",
            "scores",
            "cues",
        ] {
            assert!(!l[key].is_null(), "{key} in {l}");
        }
        let wrong = l["false_positives"].as_array().unwrap().len()
            + l["false_negatives"].as_array().unwrap().len();
        assert!(wrong > 0, "{l}");
    }
    // Gates: for all, and per emotion (the per-emotion one wins); on the
    // lexicon alone, whose one miss here is known.
    let missed = temp_file(
        "missed.jsonl",
        format!("{JSONL}{{\"text\": \"ok\", \"labels\": [\"anxiety\"]}}\n"),
    );
    fails_with(
        &["eval", "--no-context", s(&missed), "--min-f1", "0.99"],
        "anxiety F1 0.6667 is below the gate 0.99",
    );
    let out = emocue(&[
        "eval",
        "--no-context",
        s(&missed),
        "--min-f1",
        "0.99",
        "--min-f1",
        "anxiety=0.6",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    fails_with(
        &[
            "eval",
            "--no-context",
            s(&missed),
            "--min-f1",
            "anxiety=0.7",
        ],
        "anxiety F1",
    );
    assert_eq!(
        emocue(&["eval", s(&data), "--min-f1", "anxiety=1.01"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        emocue(&["eval", s(&data), "--min-f1", "rage=0.4"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn calibrate_for_precision_writes_json_and_reports_unreachable_emotions() {
    let data = temp_file("cal.jsonl", JSONL);
    let out_json = temp_file("t-out.json", "");
    let out = emocue(&[
        "calibrate",
        s(&data),
        "-o",
        s(&out_json),
        "--min-precision",
        "0.99",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_json).unwrap()).unwrap();
    for e in ["frustration", "anger", "confusion", "anxiety"] {
        assert!(t[e].as_f64().unwrap() > 0.0, "{t}");
    }
    // The thresholds file reads back, as JSON.
    let out = emocue(&["eval", s(&data), "--thresholds", s(&out_json)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // An emotion no threshold reaches is named, not silently handled.
    let hard = temp_file(
        "hard.jsonl",
        "{\"text\": \"I am furious\", \"labels\": []}\n{\"text\": \"ok\", \"labels\": [\"anger\"]}\n",
    );
    succeeds_saying(
        &[
            "calibrate",
            s(&hard),
            "-o",
            s(&out_json),
            "--min-precision",
            "0.5",
        ],
        "no threshold reaches precision 0.5 for anger",
    );
    // TSV stays the default.
    let out_tsv = temp_file("t-out.tsv", "");
    assert!(emocue(&["calibrate", s(&data), "-o", s(&out_tsv)])
        .status
        .success());
    assert!(std::fs::read_to_string(&out_tsv)
        .unwrap()
        .contains("anger\t"));
}

/// A tiny XML well-formedness check: tags nest and close, attributes are
/// quoted, entities are known. Returns the element names in order.
fn check_xml(xml: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = xml.trim_start();
    if rest.starts_with("<?xml") {
        rest = &rest[rest.find("?>").unwrap() + 2..];
    }
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_entities(text);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .expect("empty tag")
                .to_owned();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                "{name}"
            );
            // Attributes: name="value" pairs.
            let mut attrs = body[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs.find('=').expect("attribute without value");
                let value = attrs[eq + 1..].trim_start();
                assert!(value.starts_with('"'), "unquoted attribute in <{name}>");
                let end = value[1..].find('"').expect("unterminated attribute") + 1;
                check_entities(&value[1..end]);
                attrs = value[end + 1..].trim_start();
            }
            names.push(name.clone());
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
    names
}

fn check_entities(text: &str) {
    assert!(!text.contains('<'));
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..i + text[i..].find(';').expect("bare &") + 1];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
            "{entity}"
        );
    }
}

#[test]
fn plot_is_well_formed_svg_with_curves_axes_and_operating_points() {
    let data = temp_file("plot & co.jsonl", JSONL);
    let svg = temp_file("pr.svg", "");
    let out = emocue(&["eval", s(&data), "--plot", s(&svg)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    let names = check_xml(&text);
    assert_eq!(names[0], "svg");
    assert_eq!(
        names
            .iter()
            .filter(|n| *n == "polyline" || *n == "path")
            .count(),
        4
    );
    assert_eq!(text.matches("class=\"operating-point\"").count(), 4);
    assert_eq!(text.matches("class=\"operating-label\"").count(), 4);
    assert_eq!(text.matches("class=\"curve-label\"").count(), 4);
    assert!(text.contains(">Recall</text>") && text.contains(">Precision</text>"));
    for e in ["frustration", "anger", "confusion", "anxiety"] {
        assert!(text.contains(&format!(">{e} <tspan")), "{e}");
    }
    assert!(text.contains("plot &amp; co.jsonl"));
}

#[test]
fn fit_suggests_cues_for_review() {
    let mut lines = String::new();
    for i in 0..60 {
        lines.push_str(&format!(
            "{{\"text\": \"ticket {i} spinning wheel forever\", \"labels\": [\"frustration\"]}}\n{{\"text\": \"ticket {i} the wheel is nice\", \"labels\": []}}\n"
        ));
    }
    let train = temp_file("suggest.jsonl", &lines);
    let weights = temp_file("weights.tsv", "");
    let out = emocue(&[
        "fit",
        s(&train),
        "-o",
        s(&weights),
        "--iterations",
        "5",
        "--suggest",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout
        .lines()
        .find(|l| l.starts_with("frustration"))
        .unwrap();
    assert!(first.ends_with("spinning wheel forever"), "{stdout}");
    assert!(first.contains(" 60 ") && first.contains(" 0 "), "{stdout}");
}

/// A tiny in-domain file for `fit --in-domain`.
const IN_DOMAIN: &str = "{\"text\": \"third time I ask\", \"labels\": [\"frustration\"]}\n{\"text\": \"thanks\", \"labels\": []}\n";

#[test]
fn fit_counts_in_domain_examples_as_often_as_asked() {
    let train = temp_file("general.jsonl", JSONL);
    let support = temp_file("in-domain.jsonl", IN_DOMAIN);
    let weights = temp_file("in-domain-weights.tsv", "");
    let thresholds = temp_file("in-domain-thresholds.tsv", "");
    let args = [
        "fit",
        s(&train),
        "--in-domain",
        s(&support),
        "--in-domain-weight",
        "3",
        "-o",
        s(&weights),
        "--thresholds-out",
        s(&thresholds),
        "--iterations",
        "5",
    ];
    let out = emocue(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    // 6 general examples and 2 in-domain ones counted 3 times.
    assert!(stderr(&out).contains("\n12 examples"), "{}", stderr(&out));
    let source = format!(
        "{} --in-domain {} --in-domain-weight 3",
        s(&train),
        s(&support)
    );
    let header = std::fs::read_to_string(&weights).unwrap();
    assert!(header.lines().next().unwrap().contains(&source), "{header}");
    let calibrated = std::fs::read_to_string(&thresholds).unwrap();
    assert!(calibrated.contains(&source), "{calibrated}");
    // A bad in-domain file is named.
    let bad = temp_file("bad-in-domain.jsonl", "{\"text\": 1}\n");
    let out = emocue(&["fit", s(&train), "--in-domain", s(&bad), "-o", s(&weights)]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("bad-in-domain.jsonl"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fit_balances_thresholds_over_domains_above_floors() {
    let train = temp_file("balanced-general.jsonl", JSONL);
    let support = temp_file("balanced-in-domain.jsonl", IN_DOMAIN);
    let weights = temp_file("balanced-weights.tsv", "");
    let thresholds = temp_file("balanced-thresholds.tsv", "");
    let fit = |extra: &[&str]| {
        let mut args = vec![
            "fit",
            s(&train),
            "--in-domain",
            s(&support),
            "-o",
            s(&weights),
            "--thresholds-out",
            s(&thresholds),
            "--iterations",
            "5",
            "--balance-domains",
        ];
        args.extend_from_slice(extra);
        emocue(&args)
    };
    let out = fit(&[
        "--thresholds-above",
        "0.5",
        "--thresholds-above",
        "anger=0.9",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&thresholds).unwrap();
    assert!(written.contains("best mean F1 over"), "{written}");
    assert!(written.contains("anger 0.9"), "{written}");
    for line in written.lines().filter(|l| !l.starts_with('#')) {
        let (emotion, value) = line.split_once('\t').unwrap();
        let value: f32 = value.parse().unwrap();
        let floor = if emotion == "anger" { 0.9 } else { 0.5 };
        assert!(value > floor && value <= 1.0, "{line}");
    }
    // A floor outside [0, 1] or for no emotion is a usage error.
    for bad in ["1.5", "rage=0.5"] {
        let out = fit(&["--thresholds-above", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
    // Balancing needs in-domain files to balance against.
    let out = emocue(&["fit", s(&train), "-o", s(&weights), "--balance-domains"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// `features` prints each row's unmatched words and lexicon evidence, the
/// input of scripts/fit_context.py, with or without the context model;
/// `--no-context` leaves the model out of what analyse says.
#[test]
fn features_list_the_words_the_context_model_reads() {
    let data = temp_file(
        "features.jsonl",
        "{\"text\": \"Why is my order STILL not here\", \"labels\": [\"frustration\"]}\n",
    );
    let out = emocue(&["features", s(&data)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["words"], serde_json::json!(["my", "order", "here"]));
    assert_eq!(row["labels"], serde_json::json!(["frustration"]));
    assert!(row["evidence"]["frustration"].as_f64().unwrap() > 1.0);
    let lexicon_only = emocue(&["features", "--no-context", s(&data)]);
    assert_eq!(
        lexicon_only.stdout, out.stdout,
        "features carry the lexicon's evidence"
    );

    let text = "my flight is tomorrow morning and the booking still says cancelled";
    let context: serde_json::Value =
        serde_json::from_slice(&emocue(&["analyze", text]).stdout).unwrap();
    let plain: serde_json::Value =
        serde_json::from_slice(&emocue(&["analyze", "--no-context", text]).stdout).unwrap();
    assert_eq!(plain["context"]["anxiety"], 0.0);
    assert!(context["context"]["anxiety"].as_f64().unwrap() > 0.0);
}
