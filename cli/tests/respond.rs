//! `emocue suggest` and `emocue review`, end to end.

use std::process::{Command, Output};

mod common;
use common::temp_file;

fn emocue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args(args)
        .output()
        .expect("run emocue")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn suggest_prints_a_filled_reply() {
    let out = emocue(&[
        "suggest",
        "This is the THIRD time I've asked and it still doesn't work!!",
        "--name",
        "Ana",
        "--agent",
        "Sam",
        "--issue",
        "the login problem",
    ]);
    let text = stdout(&out);
    let reply = text.trim_end();
    assert!(
        reply.starts_with("Hi Ana,")
            || reply.starts_with("Hello Ana,")
            || reply.starts_with("Dear Ana,"),
        "{reply}"
    );
    assert!(reply.ends_with("Sam"), "{reply}");
    assert!(!reply.contains('{'));
}

#[test]
fn suggest_json_has_the_analysis_and_the_parts() {
    let out = emocue(&[
        "suggest",
        "I am FURIOUS, you people are useless, I want to speak to a manager NOW!!!",
        "--json",
        "--turns",
        "2",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["analysis"]["labels"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("anger")));
    let s = v["suggestions"].as_array().unwrap();
    assert_eq!(s.len(), 2);
    assert_ne!(s[0]["text"], s[1]["text"]);
    let strategies: Vec<&str> = s[0]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["strategy"].as_str().unwrap())
        .collect();
    assert!(strategies.contains(&"offer_human"), "{strategies:?}");
    assert_eq!(strategies.first(), Some(&"greet"));
}

#[test]
fn review_flags_a_bad_draft() {
    let draft = "Please calm down. As I already told you, it's our policy.";
    let out = emocue(&[
        "review",
        "--customer",
        "I've been charged TWICE and nobody answers!!",
        draft,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "no_acknowledgement",
            "dismissive",
            "defensive",
            "policy_first"
        ]
    );
    assert_eq!(v["findings"][1]["phrase"], "calm down");
    assert_eq!(v["findings"][1]["start"], 7);

    let out = emocue(&[
        "review",
        "--customer",
        "I've been charged TWICE and nobody answers!!",
        "I'm sorry you were charged twice; I've refunded it today.",
    ]);
    let text = stdout(&out);
    assert!(text.contains("no findings"), "{text}");
}

#[test]
fn a_bad_pack_is_reported_with_file_and_line() {
    let path = temp_file(
        "pack.tsv",
        "# mine\nx-1\tanger\thigh\tapologise\tSorry, {nam}.\n",
    );
    let out = emocue(&["suggest", "hello", "--pack", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("pack.tsv:2: template `x-1`: unknown placeholder `{nam}`"),
        "{err}"
    );
}
