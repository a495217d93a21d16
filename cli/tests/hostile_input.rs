//! Hostile input to the `emocue` binary: invalid UTF-8 (an error naming the
//! file or `<stdin>` and the line, or replaced with `--lossy`), NUL bytes,
//! CRLF line ends, a byte order mark, usage errors, and a large standard
//! input streamed in flat memory.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

mod common;
use common::temp_file;

fn emocue(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emocue");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout_json(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn invalid_utf8_on_stdin_names_the_line_and_fails() {
    let out = emocue(&["analyze"], b"so angry\nfine \xFF\xFE here\nok\n");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("<stdin>:2: invalid UTF-8 (byte 0xFF at column 6)"),
        "{err}"
    );
    assert!(
        err.contains("--lossy"),
        "the error says how to get past it: {err}"
    );
}

#[test]
fn lossy_replaces_invalid_bytes_and_counts_the_lines() {
    let out = emocue(
        &["analyze", "--lossy"],
        b"so angry\nfine \xFF here\n\xC3( bad\nok\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = stdout_json(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["text"], "fine \u{FFFD} here");
    assert!(
        stderr(&out).contains("<stdin>: --lossy replaced invalid UTF-8 on 2 lines"),
        "{}",
        stderr(&out)
    );
    // `--lossy` is global: it may come before the subcommand too.
    let out = emocue(&["--lossy", "analyze"], b"\xFF");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn bom_crlf_and_nul_bytes_on_stdin() {
    let out = emocue(
        &["analyze"],
        b"\xEF\xBB\xBFI am furious!!\r\nnul\x00 in the middle, so confused\r\nlast line without an end",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = stdout_json(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], "I am furious!!");
    assert_eq!(lines[0]["labels"][0], "anger");
    assert_eq!(lines[1]["text"], "nul\u{0} in the middle, so confused");
    assert!(lines[1]["labels"]
        .as_array()
        .unwrap()
        .contains(&"confusion".into()));
    assert_eq!(lines[2]["text"], "last line without an end");
    for line in &lines {
        let text = line["text"].as_str().unwrap();
        for cue in line["cues"].as_array().unwrap() {
            let (s, e) = (cue["start"].as_u64().unwrap(), cue["end"].as_u64().unwrap());
            assert!(text.get(s as usize..e as usize).is_some());
        }
    }
}

/// Every subcommand that reads a file names it and the line of the first
/// invalid byte, and fails with 1.
#[test]
fn invalid_utf8_in_files_names_the_file_and_line() {
    let labelled = temp_file(
        "labelled.jsonl",
        b"{\"text\": \"so angry\", \"labels\": [\"anger\"]}\n{\"text\": \"caf\xE9\", \"labels\": []}\n",
    );
    let transcript = temp_file(
        "chat.jsonl",
        b"{\"conversation_id\": \"a\", \"turn\": 1, \"speaker\": \"customer\", \"text\": \"hi\"}\n\n{\"conversation_id\": \"a\", \"turn\": 2, \"speaker\": \"agent\", \"text\": \"\x80\"}\n",
    );
    let lexicon = temp_file(
        "words.tsv",
        b"# mine\nlivid\tanger\t2.0\nf\xFCrious\tanger\t2.0\n",
    );
    let out_file = common::scratch_dir().join("out");
    let out_path = out_file.to_str().unwrap();
    let l = labelled.to_str().unwrap();
    let t = transcript.to_str().unwrap();
    let x = lexicon.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["eval", l], format!("{l}:2: invalid UTF-8")),
        (
            vec!["calibrate", l, "-o", out_path],
            format!("{l}:2: invalid UTF-8"),
        ),
        (
            vec!["fit", l, "-o", out_path, "--iterations", "1"],
            format!("{l}:2: invalid UTF-8"),
        ),
        (vec!["conversation", t], format!("{t}:3: invalid UTF-8")),
        (
            vec!["report", t, "-o", out_path],
            format!("{t}:3: invalid UTF-8"),
        ),
        (
            vec!["analyze", "--lexicon", x, "hi"],
            format!("{x}:3: invalid UTF-8"),
        ),
    ];
    for (args, expected) in cases {
        let out = emocue(&args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&expected), "{args:?}: {err}");
        assert!(err.contains("--lossy"), "{args:?}: {err}");
    }
    // With --lossy they read on, and say how many lines were touched.
    for args in [
        vec!["eval", l, "--lossy"],
        vec!["--lossy", "conversation", t],
        vec!["analyze", "--lossy", "--lexicon", x, "hi"],
    ] {
        let out = emocue(&args, b"");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("--lossy replaced invalid UTF-8 on 1 line"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn files_with_a_bom_and_crlf_line_ends_load() {
    let labelled = temp_file(
        "bom-crlf.jsonl",
        b"\xEF\xBB\xBF{\"text\": \"so angry!!\", \"labels\": [\"anger\"]}\r\n{\"text\": \"what does this mean??\", \"labels\": [\"confusion\"]}\r\n",
    );
    let out = emocue(&["eval", labelled.to_str().unwrap(), "--json"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let transcript = temp_file(
        "bom-crlf-chat.jsonl",
        b"\xEF\xBB\xBF{\"conversation_id\": \"a\", \"turn\": 1, \"speaker\": \"customer\", \"text\": \"I am furious\"}\r\n{\"conversation_id\": \"a\", \"turn\": 2, \"speaker\": \"agent\", \"text\": \"Sorry\"}\r\n",
    );
    let out = emocue(&["conversation", transcript.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let lexicon = temp_file("bom-crlf.tsv", b"\xEF\xBB\xBFlivid\tanger\t3.0\r\n");
    let out = emocue(
        &[
            "analyze",
            "--lexicon",
            lexicon.to_str().unwrap(),
            "I am livid",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)[0]["labels"][0], "anger");
}

#[test]
fn exit_codes_are_documented_and_usage_errors_exit_2() {
    let out = emocue(&["--help"], b"");
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("Exit status: 0 success; 1 failure") && help.contains("2 usage error"),
        "{help}"
    );
    assert!(help.contains("--lossy"), "{help}");
    assert_eq!(
        emocue(&["analyze", "--no-such-flag"], b"").status.code(),
        Some(2)
    );
    assert_eq!(emocue(&["no-such-command"], b"").status.code(), Some(2));
    assert_eq!(emocue(&["eval"], b"").status.code(), Some(2));
    let missing = emocue(&["eval", "/no/such/file.jsonl"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("/no/such/file.jsonl"));
}

/// Peak resident memory of a running process, in kB, from /proc.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// 20 MB through `emocue analyze` on standard input: the peak memory stays
/// far below the input's size, because lines are read one at a time into
/// a reused buffer.
#[test]
fn a_large_stdin_streams_in_flat_memory() {
    if peak_rss_kb(std::process::id()).is_none() {
        println!("skipped: /proc/<pid>/status with VmHWM is not available here");
        return;
    }
    const TOTAL: usize = 20 * 1024 * 1024;
    const BOUND_KB: u64 = 64 * 1024;
    let line = format!(
        "{} I have been waiting for two weeks and it is STILL broken, this is the third time I ask!!\n",
        "lorem ipsum dolor sit amet ".repeat(30)
    );
    let count = TOTAL / line.len() + 1;
    let mut child = Command::new(env!("CARGO_BIN_EXE_emocue"))
        .arg("analyze")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emocue");
    let pid = child.id();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..count {
            input.write_all(line.as_bytes()).unwrap();
        }
        input
    });
    // Read the answers while stdin is still open, so the process is alive
    // (and measurable) once nearly all lines are through; the last few may
    // wait in its output buffer until the input ends.
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut answer = String::new();
    let mut read = 0;
    while read < count - 16 {
        answer.clear();
        output.read_line(&mut answer).unwrap();
        assert!(
            answer.contains("\"frustration\""),
            "line {read}: {answer:?}"
        );
        read += 1;
    }
    let peak = peak_rss_kb(pid).expect("the child's /proc status");
    drop(writer.join().unwrap());
    while {
        answer.clear();
        output.read_line(&mut answer).unwrap() > 0
    } {
        read += 1;
    }
    assert_eq!(read, count);
    let status = child.wait().unwrap();
    assert!(status.success());
    println!("peak RSS {peak} kB for {TOTAL} bytes on stdin");
    assert!(
        peak < BOUND_KB,
        "peak RSS {peak} kB is over {BOUND_KB} kB: standard input is not streamed"
    );
}
