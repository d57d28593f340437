//! What a `build.rs` sees: warnings as `cargo:warning=` lines (one line
//! each, with file, line, column, code and suggestion), a denied warning as
//! an error whose `Debug` (what `.unwrap()` and `?` in `main` print) is the
//! readable message.

use std::path::Path;

const TYPO: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Thing:
      type: object
      requried: [id]
      properties:
        id: {type: string}
";

fn spec(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("thing.yaml");
    std::fs::write(&path, TYPO).unwrap();
    path
}

#[test]
fn warnings_are_cargo_warning_lines() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let mut cargo = Vec::new();
    let written = apigen::Builder::new()
        .spec(&spec)
        .out_dir(dir.path())
        .generate_reporting_to(&mut cargo)
        .unwrap();
    assert_eq!(written, [dir.path().join("thing.rs")]);
    let cargo = String::from_utf8(cargo).unwrap();
    let lines: Vec<&str> = cargo.lines().collect();
    assert_eq!(
        lines,
        [
            format!("cargo:rerun-if-changed={}", spec.display()),
            format!(
                "cargo:warning={}:8:7 #/components/schemas/Thing/requried: warning[W0001] unknown keyword `requried` in an OpenAPI 3.0 schema; it is ignored; did you mean `required`?",
                spec.display()
            )
        ]
    );
}

#[test]
fn a_denied_warning_fails_with_a_readable_debug() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let mut cargo = Vec::new();
    let err = apigen::Builder::new()
        .spec(&spec)
        .out_dir(dir.path())
        .deny_warnings(true)
        .generate_reporting_to(&mut cargo)
        .unwrap_err();
    assert!(!dir.path().join("thing.rs").exists());
    let debug = format!("{err:?}");
    assert_eq!(debug, err.to_string());
    assert!(
        debug.contains(
            "8:7 #/components/schemas/Thing/requried: error[W0001] unknown keyword `requried`"
        ),
        "{debug}"
    );
    assert!(debug.contains("did you mean `required`?"), "{debug}");
    // Allowed, it generates.
    apigen::Builder::new()
        .spec(&spec)
        .out_dir(dir.path())
        .deny_warnings(true)
        .allow("unknown-keyword")
        .generate_reporting_to(&mut cargo)
        .unwrap();
}
