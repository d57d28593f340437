//! Features per tag: a crate regenerated from `tests/specs/tags.yaml` with
//! `features_per_tag` declares one cargo feature per tag, and compiles with
//! no feature, with each feature alone and with all of them, without a
//! warning. `regenerate --check` notices a stale `[features]` section.

use std::path::{Path, PathBuf};
use std::process::Command;

fn options(root: &Path) -> apigen::regenerate::Options {
    apigen::regenerate::Options {
        specs_dir: root.join("specs"),
        crate_dir: root.join("crate"),
        crate_name: "tags-client".into(),
        runtime_path: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("runtime")
            .to_string_lossy()
            .into_owned(),
        command: "cargo regenerate --features-per-tag".into(),
        features_per_tag: true,
    }
}

fn cargo_check(crate_dir: &Path, features: Option<&str>) {
    // A target folder of its own, kept between runs so that the runtime and
    // its dependencies are built once.
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/features-per-tag");
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(crate_dir)
        .args(["check", "--offline", "--quiet", "--no-default-features"])
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS");
    if let Some(f) = features {
        cmd.args(["--features", f]);
    }
    let out = cmd.output().expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "features {features:?} do not compile:\n{stderr}"
    );
    assert!(
        !stderr.contains("warning"),
        "features {features:?} compile with warnings:\n{stderr}"
    );
}

/// The `cfg` attribute on the item that `item` starts (the first line of
/// its attributes and docs above it), or "" when it has none.
fn attributes_of<'a>(code: &'a str, item: &str) -> &'a str {
    let at = code.find(item).unwrap_or_else(|| panic!("no `{item}`"));
    code[..at]
        .lines()
        .rev()
        .skip(1)
        .map(str::trim)
        .take_while(|l| l.starts_with("///") || l.starts_with("#["))
        .find(|l| l.starts_with("#[cfg("))
        .unwrap_or("")
}

#[test]
fn every_feature_compiles_alone() {
    let dir = tempfile::tempdir().unwrap();
    let opts = options(dir.path());
    std::fs::create_dir_all(&opts.specs_dir).unwrap();
    std::fs::copy("tests/specs/tags.yaml", opts.specs_dir.join("tags.yaml")).unwrap();
    apigen::regenerate::apply(&opts).unwrap();
    // The workspace's lock file: the same dependency versions, offline.
    std::fs::copy("Cargo.lock", opts.crate_dir.join("Cargo.lock")).unwrap();

    let manifest = std::fs::read_to_string(opts.crate_dir.join("Cargo.toml")).unwrap();
    // One [features] table: the tags' features after the crate's own
    // (examples, mock, tracing), all tags on by default.
    assert_eq!(manifest.matches("[features]").count(), 1, "{manifest}");
    let features = &manifest[manifest.find("[features]").unwrap()..];
    assert!(
        features.ends_with(
            "default = [\"code-scanning\", \"issues\", \"pulls\"]\ncode-scanning = []\nissues = []\npulls = []\n"
        ),
        "{manifest}"
    );
    assert!(
        features.contains("\nmock = [\"apigen-runtime/mock\"]\n"),
        "{manifest}"
    );
    let code = std::fs::read_to_string(opts.crate_dir.join("src/tags.rs")).unwrap();
    assert_eq!(
        attributes_of(&code, "pub struct Issue {"),
        "#[cfg(feature = \"issues\")]",
        "Issue is gated"
    );
    assert_eq!(
        attributes_of(&code, "pub fn labels_get("),
        "#[cfg(any(feature = \"issues\", feature = \"pulls\"))]",
        "an operation of two tags is enabled by either"
    );
    assert!(
        code.contains("\npub struct User {"),
        "a shared type is unconditional"
    );

    cargo_check(&opts.crate_dir, None);
    for feature in ["code-scanning", "issues", "pulls"] {
        cargo_check(&opts.crate_dir, Some(feature));
    }
    cargo_check(&opts.crate_dir, Some("code-scanning,issues,pulls"));

    // A hand-edited feature list is stale, and named.
    std::fs::write(
        opts.crate_dir.join("Cargo.toml"),
        manifest.replace("pulls = []\n", ""),
    )
    .unwrap();
    let err = apigen::regenerate::check(&opts).unwrap_err().to_string();
    assert!(err.contains("Cargo.toml"), "{err}");
}
