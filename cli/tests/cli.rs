//! The `emocue` binary, end to end.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

mod common;
use common::temp_file;

/// Starts the binary with `args`, its standard input as `stdin` and its
/// output and errors piped.
fn spawn(args: &[&str], stdin: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emocue")
}

fn emocue(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = spawn(args, Stdio::piped());
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

#[test]
fn analyze_prints_one_json_object_per_text() {
    let out = emocue(&["analyze", "I'm so confused???", "thanks!"], None);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "I'm so confused???");
    assert_eq!(lines[0]["labels"], serde_json::json!(["confusion"]));
    let text = "I'm so confused???";
    let spans: Vec<(&str, &str)> = lines[0]["cues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let (start, end) = (
                c["start"].as_u64().unwrap() as usize,
                c["end"].as_u64().unwrap() as usize,
            );
            (&text[start..end], c["kind"].as_str().unwrap())
        })
        .collect();
    assert!(spans.contains(&("???", "questions")), "{spans:?}");
    assert!(lines[0]["scores"]["confusion"].as_f64().unwrap() > 0.5);
    assert_eq!(lines[1]["labels"], serde_json::json!([]));
}

#[test]
fn analyze_reads_stdin_lines_and_pretty_marks_cues() {
    let out = emocue(&["analyze", "--pretty"], Some("I'm furious\r\nall good\n"));
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("[furious]{anger}"), "{stdout}");
    assert!(stdout.contains("calm"), "{stdout}");
    // A label from the wording around the cues says so.
    let out = emocue(
        &[
            "analyze",
            "--pretty",
            "my flight is tomorrow and the booking still says cancelled",
        ],
        None,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("anxiety* ") && stdout.contains("; context +"),
        "{stdout}"
    );
    let out = emocue(
        &["analyze", "--pretty", "--no-context", "I'm furious"],
        None,
    );
    assert!(!String::from_utf8(out.stdout).unwrap().contains("context"));
}

#[test]
fn eval_reports_table_and_json() {
    let data = temp_file(
        "ok.jsonl",
        "{\"text\": \"I am so angry\", \"labels\": [\"anger\"], \"id\": 1}\n\n{\"text\": \"fine\", \"labels\": []}\n",
    );
    let out = emocue(&["eval", data.to_str().unwrap()], None);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("macro avg") && table.contains("2 examples"),
        "{table}"
    );
    let out = emocue(&["eval", "--json", data.to_str().unwrap()], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["examples"], 2);
    assert_eq!(json["labels"]["anger"]["f1"], 1.0);
    assert_eq!(json["labels"]["anger"]["support"], 1);
    assert!(json["macro"]["f1"].is_number() && json["micro"]["precision"].is_number());
}

#[test]
fn eval_names_the_bad_line_and_fails() {
    let data = temp_file(
        "bad.jsonl",
        "{\"text\": \"a\", \"labels\": []}\n{\"text\": \"b\", \"labels\": [\"rage\"]}\n",
    );
    let out = emocue(&["eval", data.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.jsonl:2: unknown label `rage`"), "{err}");
    let data = temp_file("notjson.jsonl", "{\"text\": \"a\"}\n");
    let err = String::from_utf8(emocue(&["eval", data.to_str().unwrap()], None).stderr).unwrap();
    assert!(
        err.contains("notjson.jsonl:1: missing labels field `labels`"),
        "{err}"
    );
}

#[test]
fn eval_gate_sets_the_exit_code() {
    let data = temp_file(
        "gate.jsonl",
        "{\"text\": \"fine\", \"labels\": [\"anger\"]}\n",
    );
    let out = emocue(
        &["eval", data.to_str().unwrap(), "--min-macro-f1", "0.5"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("below the gate"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(emocue(&["frobnicate"], None).status.code(), Some(2));
}

#[test]
fn custom_lexicon_errors_name_file_and_line() {
    let lex = temp_file("mine.tsv", "borked\tfrustration\t2\nbad line\n");
    let out = emocue(&["analyze", "--lexicon", lex.to_str().unwrap(), "x"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mine.tsv:2: expected 3 or 4 tab-separated fields"),
        "{err}"
    );
}

#[test]
fn custom_spellings_fold_and_errors_name_file_and_line() {
    let ok = temp_file("spellings.tsv", "# ours\nspk\tspeak\nmngr\tmanager\n");
    let out = emocue(
        &[
            "analyze",
            "--spellings",
            ok.to_str().unwrap(),
            "let me spk to a mngr",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["labels"], serde_json::json!(["anger"]), "{json}");
    let bad = temp_file("bad-spellings.tsv", "spk\tspeak\nu\tye\n");
    let out = emocue(
        &["analyze", "--spellings", bad.to_str().unwrap(), "x"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad-spellings.tsv:2: `u` is already an embedded spelling of `you`"),
        "{err}"
    );
}

/// A reader that stops early (`emocue suggest … | head`) ends the command
/// quietly: exit status 0, nothing on standard error, no panic. The output
/// (over 1 MB) is larger than any pipe's buffer, so the write that finds
/// the pipe closed always happens.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let runs: [&[&str]; 2] = [
        &[
            "suggest",
            "--turns",
            "3000",
            "this is the third time, I'm so angry",
        ],
        &[
            "suggest",
            "--turns",
            "3000",
            "--explain",
            "where is my refund??",
        ],
    ];
    for args in runs {
        let mut child = spawn(args, Stdio::null());
        let mut first = [0u8; 16];
        let read = std::io::Read::read(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        assert!(read > 0, "{args:?}: no output");
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
