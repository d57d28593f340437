//! `--plain-format`: each typed-scalar mapping turned off alone, all of them
//! at once, and a format that has no mapping refused as a usage error.

use std::process::{Command, Output};

const SPEC: &str = "openapi: 3.0.3
info: {title: Scalars, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A:
      type: object
      properties:
        at: {type: string, format: date-time}
        on: {type: string, format: date}
        id: {type: string, format: uuid}
        link: {type: string, format: uri}
        data: {type: string, format: byte}
";

/// Each field with the type it gets when its format is typed.
const FIELDS: [(&str, &str, &str); 5] = [
    ("date-time", "at", "scalar::DateTime"),
    ("date", "on", "scalar::Date"),
    ("uuid", "id", "scalar::Uuid"),
    ("uri", "link", "scalar::Uri"),
    ("byte", "data", "scalar::Base64"),
];

fn generate(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("scalars.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(["generate", spec.to_str().unwrap(), "--no-rustfmt"])
        .args(args)
        .output()
        .expect("run apigen")
}

fn code(args: &[&str]) -> String {
    let out = generate(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn field(name: &str, ty: &str) -> String {
    format!("pub {name}: Option<{ty}>,")
}

#[test]
fn typed_by_default() {
    let code = code(&[]);
    for (_, name, ty) in FIELDS {
        assert!(code.contains(&field(name, ty)), "{name}: {code}");
    }
    assert!(code.contains("use ::apigen_runtime::{__private, scalar, serde, serde_json};"));
}

#[test]
fn each_mapping_turns_off_alone() {
    for (format, off, _) in FIELDS {
        let code = code(&["--plain-format", format]);
        for (_, name, ty) in FIELDS {
            let expected = if name == off { "String" } else { ty };
            assert!(
                code.contains(&field(name, expected)),
                "{format}: {name}: {code}"
            );
        }
    }
}

#[test]
fn all_turns_every_mapping_off_and_drops_the_import() {
    for args in [
        vec!["--plain-format", "all"],
        FIELDS
            .iter()
            .flat_map(|(format, _, _)| ["--plain-format", format])
            .collect(),
    ] {
        let code = code(&args);
        for (_, name, _) in FIELDS {
            assert!(code.contains(&field(name, "String")), "{name}: {code}");
        }
        assert!(!code.contains("scalar::"), "{code}");
        assert!(code.contains("use ::apigen_runtime::{__private, serde, serde_json};"));
    }
}

#[test]
fn a_format_without_a_mapping_is_a_usage_error() {
    let out = generate(&["--plain-format", "email"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`email` is not a format with a typed scalar"),
        "{err}"
    );
    assert!(
        err.contains("date-time, date, uuid, uri, byte, binary, all"),
        "{err}"
    );
}
