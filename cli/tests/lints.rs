//! Lints on the command line: each warning with its code, the file,
//! `line:column`, the pointer, the source line with a caret and the
//! suggestion; errors and warnings in one run, in source order;
//! `--deny-warnings` and `--allow`.

use std::path::Path;
use std::process::{Command, Output};

fn generate(spec: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .arg("generate")
        .arg(spec)
        .args(["-o", "/dev/null"])
        .args(extra)
        .output()
        .expect("run apigen")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const TYPOS: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationID: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      requried: [id]
      properties:
        id: {type: string, format: uuidd}
        count: {type: integer, default: 'ten'}
      name:
        type: string
";

/// The block of one diagnostic: from its title line to the blank line.
fn block<'a>(text: &'a str, title_start: &str) -> &'a str {
    let start = text
        .find(title_start)
        .unwrap_or_else(|| panic!("no `{title_start}` in:\n{text}"));
    let rest = &text[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn each_lint_shows_code_place_caret_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(dir.path(), "typos.yaml", TYPOS);
    let out = generate(&spec, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let shown = spec.display().to_string();

    let b = block(&err, "warning[W0001]: unknown keyword `operationID`");
    assert!(b.contains(&format!("--> {shown}:6:7")), "{b}");
    assert!(b.contains("6 |       operationID: listThings"), "{b}");
    assert!(
        b.contains("  |       ^^^^^^^^^^^ did you mean `operationId`?"),
        "{b}"
    );
    assert!(
        b.contains("= note: at #/paths/~1things/get/operationID"),
        "{b}"
    );

    let b = block(&err, "warning[W0001]: unknown keyword `requried`");
    assert!(b.contains(&format!("--> {shown}:17:7")), "{b}");
    assert!(b.contains("^^^^^^^^ did you mean `required`?"), "{b}");

    let b = block(&err, "note[N0005]: unknown format `uuidd`");
    assert!(b.contains(&format!("--> {shown}:19:28")), "{b}");
    assert!(b.contains("did you mean `uuid`?"), "{b}");

    let b = block(
        &err,
        "warning[W0004]: `default` \"ten\" is not of the schema's type `integer`",
    );
    assert!(b.contains(&format!("--> {shown}:20:32")), "{b}");

    let b = block(
        &err,
        "warning[W0002]: `name` is a schema beside `properties`",
    );
    assert!(b.contains(&format!("--> {shown}:21:7")), "{b}");
    assert!(
        b.contains("indent `name` one level further, under `properties`"),
        "{b}"
    );

    // Source order, then the count.
    let order: Vec<usize> = ["operationID", "requried", "uuidd", "\"ten\"", "`name`"]
        .iter()
        .map(|w| err.find(w).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{err}");
    assert!(
        err.trim_end()
            .ends_with(&format!("{shown}: 0 errors, 4 warnings, 1 note")),
        "{err}"
    );
}

#[test]
fn deny_warnings_fails_and_writes_nothing_allow_silences() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(dir.path(), "typos.yaml", TYPOS);
    let target = dir.path().join("out.rs");
    let out = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .arg("generate")
        .arg(&spec)
        .arg("-o")
        .arg(&target)
        .arg("--deny-warnings")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!target.exists(), "a denied spec wrote {}", target.display());
    assert!(
        err.contains("error[W0001]: unknown keyword `requried`"),
        "{err}"
    );
    // Notes are not denied.
    assert!(err.contains("note[N0005]"), "{err}");
    assert!(
        err.trim_end().ends_with("4 errors, 0 warnings, 1 note"),
        "{err}"
    );

    // Every warning allowed, by code or by name: generation passes.
    let out = generate(
        &spec,
        &[
            "--deny-warnings",
            "--allow",
            "W0001",
            "--allow",
            "misplaced-property",
            "--allow",
            "example-mismatch",
        ],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("W0001") && !err.contains("W0002"), "{err}");

    let out = generate(&spec, &["--allow", "unknown-keywrd"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("unknown lint `unknown-keywrd`: did you mean `unknown-keyword`?"),
        "{err}"
    );
}

#[test]
fn errors_and_warnings_come_together_in_source_order() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "both.json",
        r##"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/a": {"get": {"responses": {"999": {"description": "x"}}}}
  },
  "components": {"schemas": {
    "A": {"type": "object", "propertes": {}},
    "B": {"type": "strng"}
  }}
}
"##,
    );
    let out = generate(&spec, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let shown = spec.display().to_string();
    let first = block(&err, "error: invalid document: response key `999`");
    assert!(first.contains(&format!("--> {shown}:5:34")), "{first}");
    let second = block(&err, "warning[W0001]: unknown keyword `propertes`");
    assert!(second.contains(&format!("--> {shown}:8:29")), "{second}");
    assert!(second.contains("did you mean `properties`?"), "{second}");
    let third = block(
        &err,
        "error: invalid document: unknown schema type `strng`: did you mean `string`?",
    );
    assert!(third.contains(&format!("--> {shown}:9:11")), "{third}");
    assert!(err.find("999").unwrap() < err.find("propertes").unwrap());
    assert!(err.find("propertes").unwrap() < err.find("strng").unwrap());
    assert!(
        err.trim_end().ends_with("2 errors, 1 warning, 0 notes"),
        "{err}"
    );
}

#[test]
fn the_checkout_specs_have_no_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for spec in ["specs/leanrails.yaml", "specs/yorlet.yaml"] {
        let out = generate(&root.join(spec), &["--deny-warnings"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{spec}: {err}");
        assert_eq!(err, "", "{spec}");
    }
}
