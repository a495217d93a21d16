//! What the CLI's integration tests share: where they write their files.
//!
//! Each test binary writes under `target/tmp/<binary>/`, cargo's place for
//! integration tests' files (`CARGO_TARGET_TMPDIR`): nothing is left in the
//! system's temporary directory, each run overwrites the last run's files,
//! and `cargo clean` removes them.

// Each test binary uses some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// This test binary's scratch directory, created if needed.
pub fn scratch_dir() -> PathBuf {
    // `module_path!()` here is `<test binary>::common`.
    let binary = module_path!().split("::").next().unwrap_or("cli");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(binary);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `contents` to `name` in the scratch directory; its path.
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path
}
