//! The README's downstream recipe, built as a new crate from the README's own
//! code blocks (those marked `file=PATH`; blocks for the same file are
//! joined), so the test fails when the README drifts: `cargo test --features
//! mock` in that crate builds its library, binary and build script and runs
//! its test against the generated mock server.
//!
//! The crate lives in a temporary folder; `../apigen/` is replaced by this
//! repository's path and the workspace's `Cargo.lock` is copied in, so that
//! it builds offline with the versions this workspace tests. Its target
//! folder is `target/readme-downstream`, so dependencies build once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `path -> contents` of every `file=PATH` block of `markdown`, in order.
fn file_blocks(markdown: &str) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                let Some(info) = line.strip_prefix("```") else {
                    continue;
                };
                if let Some(path) = info
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("file="))
                {
                    current = Some((path.to_owned(), String::new()));
                }
            }
            Some((path, text)) => {
                if line.trim_start() == "```" {
                    let entry = files.entry(path.clone()).or_default();
                    if !entry.is_empty() {
                        entry.push('\n');
                    }
                    entry.push_str(text);
                    current = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    assert!(current.is_none(), "an unterminated code block in README.md");
    files
}

#[test]
fn the_readme_recipe_builds_and_its_test_passes_against_the_mock_server() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let files = file_blocks(&readme);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "build.rs",
            "src/lib.rs",
            "src/main.rs",
            "tests/sessions.rs"
        ]
    );
    assert!(
        files["Cargo.toml"].contains("tokio"),
        "the recipe must add tokio"
    );

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("shop");
    let repo_prefix = format!("{}/", repo.display());
    for (path, text) in &files {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, text.replace("../apigen/", &repo_prefix)).unwrap();
    }
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::copy(
        repo.join("specs/leanrails.yaml"),
        root.join("specs/leanrails.yaml"),
    )
    .unwrap();
    std::fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();

    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"))
        .join("readme-downstream");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--offline", "--features", "mock"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the README's crate failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test lists_every_open_session ... ok"),
        "{stdout}"
    );
    check_no_path_left(&root);
}

/// No `../apigen` path was left unreplaced (the crate would not have built).
fn check_no_path_left(root: &Path) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("../apigen"), "{manifest}");
}
