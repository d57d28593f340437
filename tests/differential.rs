//! Runs `scripts/differential.sh` (openapi-spec-validator against the
//! generator) over `tests/invalid/`, `tests/specs/` and `specs/`: every
//! document the validator rejects must be refused (or warned about) by the
//! generator, except the disagreements listed with their reason in
//! `tests/invalid/KNOWN.tsv`. The script builds the `apigen` binary itself
//! (`cargo build -p apigen-cli --bin apigen`) and installs the validator into
//! `.tools/venv` on first use.
//!
//! The other tests check the script's own verdicts with stand-in generators
//! (one that accepts everything, one that panics), so that they do not depend
//! on what the generator refuses today.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    success: bool,
    code: Option<i32>,
    output: String,
}

fn differential(args: &[&str], envs: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("scripts/differential.sh"))
        .args(args)
        .current_dir(repo())
        .env("CARGO", env!("CARGO"));
    for (key, value) in envs {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("running scripts/differential.sh");
    Run {
        success: out.status.success(),
        code: out.status.code(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The table row of `file` in the script's output.
fn row<'a>(run: &'a Run, file: &str) -> &'a str {
    run.output
        .lines()
        .find(|l| l.starts_with(&format!("| {file} |")))
        .unwrap_or_else(|| panic!("no row for {file}:\n{}", run.output))
}

/// An executable stand-in for the generator that runs `body` (a shell script).
fn fake_generator(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("apigen");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("writing the stand-in");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("making the stand-in executable");
    path
}

#[test]
fn no_silent_yes_outside_the_allow_list() {
    let run = differential(&["tests/invalid", "tests/specs", "specs"], &[]);
    assert!(
        run.success,
        "a document the validator rejects is accepted silently by the generator (SILENT YES), \
         or the generator crashed (PANIC, TIMEOUT); refuse it in the generator, or list it \
         with its reason in tests/invalid/KNOWN.tsv:\n{}",
        run.output
    );
    for file in [
        "tests/invalid/dup-operation-id.yaml",
        "specs/leanrails.yaml",
    ] {
        row(&run, file);
    }
}

#[test]
fn every_broken_spec_says_what_is_wrong() {
    let dir = repo().join("tests/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("reading tests/invalid") {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("reading a spec");
        let first = text.lines().next().unwrap_or_default();
        assert!(
            (first.starts_with("# INVALID: ") && first.contains("(rule: "))
                || first.starts_with("# VALID control: "),
            "{}: the first line must be `# INVALID: <defect> (rule: <rule>)` or \
             `# VALID control: <what>`, not `{first}`",
            path.display()
        );
    }
    assert!(seen >= 20, "only {seen} specs in tests/invalid");
}

#[test]
fn silent_yes_fails_unless_allowed() {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let accept_all = fake_generator(tmp.path(), "exit 0");
    let files = [
        "tests/invalid/type-foo.yaml",
        "tests/invalid/control-refs-and-schemas.yaml",
    ];
    let empty = tmp.path().join("empty.tsv");
    std::fs::write(&empty, "").unwrap();
    let empty_arg = empty.to_str().unwrap();

    let mut args = vec!["--allow", empty_arg];
    args.extend(files);
    let run = differential(&args, &[("APIGEN_BIN", &accept_all)]);
    assert_eq!(run.code, Some(1), "{}", run.output);
    assert!(
        row(&run, files[0]).ends_with("| SILENT YES |"),
        "{}",
        run.output
    );
    assert!(row(&run, files[1]).ends_with("| AGREE |"), "{}", run.output);

    let allow = tmp.path().join("allow.tsv");
    std::fs::write(
        &allow,
        format!("# comment\n{}\tkept on purpose\n", files[0]),
    )
    .unwrap();
    let allow_arg = allow.to_str().unwrap();
    let mut args = vec!["--allow", allow_arg];
    args.extend(files);
    let run = differential(&args, &[("APIGEN_BIN", &accept_all)]);
    assert!(run.success, "{}", run.output);
    assert!(
        row(&run, files[0]).contains("ALLOWED SILENT YES: kept on purpose"),
        "{}",
        run.output
    );

    // An entry for a document that no longer disagrees is stale.
    let refuse_all = fake_generator(tmp.path(), "echo \"error: $3: refused\" >&2; exit 1");
    let run = differential(&args, &[("APIGEN_BIN", &refuse_all)]);
    assert!(run.success, "{}", run.output);
    assert!(row(&run, files[0]).contains("STALE"), "{}", run.output);
    assert!(
        row(&run, files[1]).ends_with("| GENERATOR STRICTER |"),
        "{}",
        run.output
    );
    let mut strict = vec!["--strict"];
    strict.extend(&args);
    let run = differential(&strict, &[("APIGEN_BIN", &refuse_all)]);
    assert_eq!(run.code, Some(1), "{}", run.output);
}

#[test]
fn a_panic_fails_the_run() {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let panics = fake_generator(
        tmp.path(),
        "echo \"thread 'main' panicked at src/x.rs:1:1\" >&2; exit 101",
    );
    let file = "tests/invalid/control-paths-and-parameters.yaml";
    let run = differential(&[file], &[("APIGEN_BIN", &panics)]);
    assert_eq!(run.code, Some(1), "{}", run.output);
    let line = row(&run, file);
    assert!(
        line.ends_with("| PANIC |") && line.contains("panicked at"),
        "{}",
        run.output
    );
}
