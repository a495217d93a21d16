//! `emocue conversation` and `emocue report`, end to end.

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::temp_file;

fn emocue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args(args)
        .output()
        .expect("run emocue")
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/transcripts.jsonl")
}

#[test]
fn conversation_prints_one_summary_per_conversation() {
    let out = emocue(&["conversation", example().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let convs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = convs
        .iter()
        .map(|c| c["conversation_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "plan-change-4417",
            "router-restart-0921",
            "2fa-setup-1308",
            "missed-delivery-5530"
        ]
    );
    let router = &convs[1];
    let s = &router["summary"];
    assert_eq!(s["turns"], 8);
    assert_eq!(s["handover_turn"], 7, "turn numbers are the file's");
    assert_eq!(s["trend"], "worsening");
    assert_eq!(s["ended_calm"], false);
    assert_eq!(s["escalations"][0]["turn"], 3);
    assert_eq!(s["escalations"][0]["kind"], "repeated_contact");
    let turns = router["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 8);
    assert_eq!(turns[6]["speaker"], "customer");
    assert_eq!(
        turns[6]["labels"],
        serde_json::json!(["frustration", "anger"])
    );
    assert_eq!(turns[6]["handover"]["recommended"], true);
    let kinds: Vec<&str> = turns[6]["escalations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"human_requested"), "{kinds:?}");
    assert!(turns[6]["scores"]["anger"].as_f64().unwrap() > 0.9);
    let two_fa = &convs[2]["summary"];
    assert_eq!(two_fa["resolution_turn"], 5);
    assert_eq!(two_fa["ended_calm"], true);
    assert!(two_fa["handover_turn"].is_null());
}

#[test]
fn transcript_errors_name_the_line() {
    let bad = temp_file(
        "dup.jsonl",
        "{\"conversation_id\": \"a\", \"turn\": 1, \"speaker\": \"customer\", \"text\": \"hi\"}\n\
         {\"conversation_id\": \"a\", \"turn\": 1, \"speaker\": \"agent\", \"text\": \"hello\"}\n",
    );
    for cmd in [vec!["conversation"], vec!["report", "-o", "/dev/null"]] {
        let mut args = cmd.clone();
        args.push(bad.to_str().unwrap());
        let out = emocue(&args);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("dup.jsonl:2: duplicate turn 1 in conversation `a` (first on line 1)"),
            "{err}"
        );
    }
}

#[test]
fn report_writes_a_self_contained_page() {
    let html = common::scratch_dir().join("report.html");
    let out = emocue(&[
        "report",
        example().to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<section class=\"conversation\"").count(), 4);
    assert_eq!(page.matches("<li class=\"turn ").count(), 48);
    assert!(!page.contains("<script") && !page.contains("<link"));
}
