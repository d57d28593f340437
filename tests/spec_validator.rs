//! Runs `scripts/validate-specs.sh` (openapi-spec-validator, installed by the
//! script into `.tools/venv` on first use) on the real specs, which must pass,
//! and on broken copies, which must fail with a message naming the problem.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPECS: [&str; 2] = ["specs/leanrails.yaml", "specs/yorlet.yaml"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    success: bool,
    output: String,
}

fn validate(files: &[&Path]) -> Run {
    let out = Command::new("bash")
        .arg(repo().join("scripts/validate-specs.sh"))
        .args(files)
        .current_dir(repo())
        .output()
        .expect("running scripts/validate-specs.sh");
    Run {
        success: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

/// Writes `text` to a file named `name` in a new temporary directory.
fn temp_spec(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("writing temporary spec");
    (dir, path)
}

#[test]
fn real_specs_are_valid() {
    let files: Vec<PathBuf> = SPECS.iter().map(|s| repo().join(s)).collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = validate(&refs);
    assert!(run.success, "validator rejected the specs:\n{}", run.output);
    for file in &files {
        assert!(
            run.output.contains(&format!("{}: OK", file.display())),
            "no OK for {}:\n{}",
            file.display(),
            run.output
        );
    }
}

#[test]
fn default_is_every_spec() {
    let run = validate(&[]);
    assert!(run.success, "{}", run.output);
    for spec in SPECS {
        assert!(
            run.output.contains(&format!("{spec}: OK")),
            "{spec} not validated:\n{}",
            run.output
        );
    }
}

#[test]
fn dangling_ref_fails() {
    for (spec, target) in [
        ("specs/leanrails.yaml", "CustomerDetails"),
        ("specs/yorlet.yaml", "SubscriptionData"),
    ] {
        let text = read(spec);
        let from = format!("\"#/components/schemas/{target}\"");
        assert!(text.contains(&from), "{spec} does not reference {target}");
        let broken = text.replace(&from, "\"#/components/schemas/NoSuchSchema\"");
        let (_dir, path) = temp_spec("dangling.yaml", &broken);
        let run = validate(&[&path]);
        assert!(
            !run.success,
            "dangling $ref in {spec} passed:\n{}",
            run.output
        );
        assert!(
            run.output.contains("/components/schemas/NoSuchSchema")
                && run.output.contains("does not exist"),
            "message does not name the dangling $ref:\n{}",
            run.output
        );
    }
}

#[test]
fn wrong_type_fails() {
    for spec in SPECS {
        let text = read(spec);
        assert!(text.contains("type: boolean"), "{spec} has no boolean");
        let broken = text.replacen("type: boolean", "type: strin", 1);
        let (_dir, path) = temp_spec("wrong-type.yaml", &broken);
        let run = validate(&[&path]);
        assert!(
            !run.success,
            "`type: strin` in {spec} passed:\n{}",
            run.output
        );
        assert!(
            run.output.contains("Validation Error") && run.output.contains("'type': 'strin'"),
            "message does not name the wrong type:\n{}",
            run.output
        );
    }
}

#[test]
fn one_bad_file_fails_the_run() {
    let good = repo().join("specs/yorlet.yaml");
    let (_dir, bad) = temp_spec("bad.yaml", "openapi: 3.0.3\ninfo:\n  title: x\npaths: {}\n");
    let run = validate(&[&good, &bad]);
    assert!(!run.success, "{}", run.output);
    assert!(
        run.output.contains(&format!("{}: OK", good.display())),
        "{}",
        run.output
    );
    assert!(
        run.output.contains("'version' is a required property"),
        "{}",
        run.output
    );
}

#[test]
fn missing_file_fails() {
    let run = validate(&[Path::new("specs/does-not-exist.yaml")]);
    assert!(!run.success, "{}", run.output);
    assert!(run.output.contains("does-not-exist.yaml"), "{}", run.output);
}
