//! `emocue report` rendered in headless Chromium: the DOM holds every turn,
//! the chart and the highlighted cues, and a screenshot is a real picture.
//!
//! Without Chromium the test says why it skipped and passes. With
//! `EMOCUE_WRITE_SCREENSHOT=path.png` it also saves its screenshot there
//! (how `docs/report.png` is made).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The first Chromium on the `PATH` (or in `$CHROMIUM`).
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in CHROMIUM_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn chromium(bin: &Path, args: &[&str]) -> Output {
    let profile = common::scratch_dir().join("chromium-profile");
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(
        bytes.len() > 33,
        "too short for a PNG: {} bytes",
        bytes.len()
    );
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

const TRANSCRIPT: &str = r#"{"conversation_id": "router-0921", "turn": 1, "speaker": "customer", "text": "My internet has been down since Monday."}
{"conversation_id": "router-0921", "turn": 2, "speaker": "agent", "text": "Sorry to hear that. Have you tried restarting the router?"}
{"conversation_id": "router-0921", "turn": 3, "speaker": "customer", "text": "Yes, I already explained that to the last agent. It still doesn't work."}
{"conversation_id": "router-0921", "turn": 4, "speaker": "agent", "text": "Could you restart it once more and tell me the colour of the lights?"}
{"conversation_id": "router-0921", "turn": 5, "speaker": "customer", "text": "This is the THIRD time I'm being asked to restart it!! It's ridiculous <_<"}
{"conversation_id": "router-0921", "turn": 6, "speaker": "agent", "text": "I understand. Please try restarting it one more time."}
{"conversation_id": "router-0921", "turn": 7, "speaker": "customer", "text": "Are you even reading my messages? You people are useless & I want to speak to a manager NOW!!!"}
{"conversation_id": "router-0921", "turn": 8, "speaker": "agent", "text": "I'll transfer you to a supervisor."}
{"conversation_id": "2fa-1308", "turn": 1, "speaker": "customer", "text": "Hi, I'm trying to set up two-factor authentication."}
{"conversation_id": "2fa-1308", "turn": 2, "speaker": "agent", "text": "Sure, go to Settings, then Security, and scan the QR code."}
{"conversation_id": "2fa-1308", "turn": 3, "speaker": "customer", "text": "I'm confused, what QR code? I don't see any code, which option do I choose???"}
{"conversation_id": "2fa-1308", "turn": 4, "speaker": "agent", "text": "Choose \"Authenticator app\" rather than \"SMS\"; the code appears after that."}
{"conversation_id": "2fa-1308", "turn": 5, "speaker": "customer", "text": "Oh I see now, it's there. Got it working, thanks!"}
"#;

#[test]
fn report_renders_in_headless_chromium() {
    let Some(bin) = find_chromium() else {
        eprintln!(
            "skipping: chromium not found (looked for {} on PATH and $CHROMIUM); install it with `apt-get install chromium` to run this test",
            CHROMIUM_NAMES.join(", ")
        );
        return;
    };
    let dir = common::scratch_dir();
    let input = dir.join("chats.jsonl");
    std::fs::write(&input, TRANSCRIPT).unwrap();
    let html = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_emocue"))
        .args([
            "report",
            input.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let source = std::fs::read_to_string(&html).unwrap();
    for external in ["<link", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!source.contains(external), "external resource: {external}");
    }
    let url = format!("file://{}", html.display());

    // The DOM as the browser built it.
    let dom = chromium(&bin, &["--dump-dom", &url]);
    assert!(
        dom.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert_eq!(
        dom.matches("<li class=\"turn ").count(),
        13,
        "one element per turn"
    );
    assert_eq!(dom.matches("<li class=\"turn customer").count(), 7);
    assert_eq!(dom.matches("<section class=\"conversation\"").count(), 2);
    assert_eq!(dom.matches("<svg").count(), 2, "one chart per conversation");
    assert_eq!(dom.matches("<polyline").count(), 8, "four lines per chart");
    assert!(
        dom.matches("<mark class=\"cue ").count() >= 8,
        "highlighted cues"
    );
    assert!(dom.contains("<mark class=\"cue frustration flag\" title=\"frustration · support"));
    assert!(
        dom.contains(">speak to a manager</mark>"),
        "the cue's exact text"
    );
    assert!(
        dom.contains("class=\"marker handover\""),
        "hand-over marker on the chart"
    );
    assert!(
        dom.contains("class=\"marker escalation\""),
        "escalation marker on the chart"
    );
    assert!(
        dom.contains("class=\"marker resolution\""),
        "resolution marker on the chart"
    );
    assert!(
        dom.contains("<li class=\"handover\">"),
        "hand-over beside its turn"
    );
    assert!(dom.contains("id=\"conv-router-0921-turn-7\""));
    // The customer's `<` and `&` are text, not markup.
    assert!(dom.contains("&lt;_&lt;"), "escaped text");
    assert!(dom.contains(" &amp; I want"));

    // A picture of it.
    let png = dir.join("report.png");
    let shot = chromium(
        &bin,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,1600",
            &url,
        ],
    );
    assert!(
        shot.status.success(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).expect("the screenshot was written");
    assert_eq!(png_size(&bytes), (1200, 1600));
    assert!(
        bytes.len() > 30_000,
        "a blank page compresses to far less: {} bytes",
        bytes.len()
    );
    if let Some(path) = std::env::var_os("EMOCUE_WRITE_SCREENSHOT") {
        std::fs::write(&path, &bytes).unwrap();
        eprintln!("wrote {}", Path::new(&path).display());
    }
}
