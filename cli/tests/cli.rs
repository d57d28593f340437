//! The CLI on bad input: a clear error naming the file, the place and the
//! reason; a non-zero exit; no file written; never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn apigen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .output()
        .expect("run apigen")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const GOOD: &str = "openapi: 3.0.3
info: {title: Good, version: '1'}
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
        b: {type: string}
";

struct Case {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    /// Every one of these must appear in the error message.
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "yaml syntax error",
        file: "broken.yaml",
        text: "openapi: 3.0.3\ninfo: {title: t, version: '1'\npaths: {}\n",
        expect: &["broken.yaml:", "syntax error"],
    },
    Case {
        name: "json syntax error",
        file: "broken.json",
        text: "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\",, }\n}\n",
        expect: &["broken.json:3:", "syntax error"],
    },
    Case {
        name: "swagger 2.0",
        file: "swagger.yaml",
        text: "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        expect: &[
            "swagger.yaml",
            "Swagger (OpenAPI 2.0)",
            "only OpenAPI 3.0.x and 3.1.x",
        ],
    },
    Case {
        name: "unknown version",
        file: "future.yaml",
        text: "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        expect: &["future.yaml", "unsupported OpenAPI version `4.0.0`"],
    },
    Case {
        name: "not openapi at all",
        file: "config.yaml",
        text: "name: my-app\nreplicas: 3\n",
        expect: &["config.yaml", "no `openapi` version field"],
    },
    Case {
        name: "dangling ref",
        file: "dangling.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
",
        expect: &[
            "dangling.yaml",
            "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            "dangling $ref `#/components/schemas/Missing`",
        ],
    },
    Case {
        name: "ref cycle without an object",
        file: "cycle.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/C'}
    C: {$ref: '#/components/schemas/A'}
",
        expect: &["cycle.yaml", "#/components/schemas/A", "$ref cycle"],
    },
    Case {
        name: "allOf cycle",
        file: "allof-cycle.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A:
      allOf: [{$ref: '#/components/schemas/B'}]
      properties: {x: {type: string}}
    B:
      allOf: [{$ref: '#/components/schemas/A'}]
      properties: {y: {type: string}}
",
        expect: &["allof-cycle.yaml", "#/components/schemas/", "cycle"],
    },
    Case {
        name: "external ref (unsupported)",
        file: "external.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {$ref: 'common.yaml#/responses/Ok'}
",
        expect: &[
            "external.yaml",
            "#/paths/~1a/get/responses/200/$ref",
            "unsupported: external $ref",
        ],
    },
    Case {
        name: "invalid structure",
        file: "shape.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: nowhere}
      responses: {}
",
        expect: &[
            "shape.yaml",
            "#/paths/~1a/get/parameters/0",
            "invalid document",
        ],
    },
    Case {
        name: "undeclared path parameter",
        file: "path.yaml",
        text: "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      responses: {'200': {description: ok}}
",
        expect: &["path.yaml", "#/paths/~1a~1{id}/get", "`{id}`"],
    },
];

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn each_bad_input_fails_cleanly_and_writes_nothing() {
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join(case.file);
        std::fs::write(&spec, case.text).unwrap();
        let out_file = dir.path().join("out.rs");
        let out = apigen(&[
            "generate",
            spec.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", case.name);
        assert!(err.starts_with("error: "), "{}: {err}", case.name);
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
        for needle in case.expect {
            assert!(
                err.contains(needle),
                "{}: missing `{needle}` in: {err}",
                case.name
            );
        }
        assert!(out.stdout.is_empty(), "{}: wrote to stdout", case.name);
        assert_eq!(
            files_in(dir.path()),
            vec![spec],
            "{}: a file was written",
            case.name
        );
    }
}

#[test]
fn unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.yaml");
    let out = apigen(&["generate", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("missing.yaml: cannot read"), "{err}");

    // A folder is not a spec.
    let out = apigen(&["generate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));

    // Not UTF-8.
    let binary = dir.path().join("binary.yaml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = apigen(&["generate", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("binary.yaml"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let out = apigen(&["generate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = apigen(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn generate_to_stdout_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("good.yaml");
    std::fs::write(&spec, GOOD).unwrap();
    let out = apigen(&["generate", spec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(code.starts_with("// @generated by apigen"), "{code}");
    assert!(code.contains("pub struct A {"), "{code}");
    assert!(code.contains("pub fn get_a("), "{code}");

    let file = dir.path().join("sub/good.rs");
    let out = apigen(&[
        "generate",
        spec.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("pub struct A {"));
    assert!(
        written.contains("Regenerate with `cargo codegen"),
        "{written}"
    );
}

#[test]
fn generate_with_mock_adds_the_mock_module() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("good.yaml");
    std::fs::write(&spec, GOOD).unwrap();
    let plain = apigen(&["generate", spec.to_str().unwrap()]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains("pub mod mock"), "{plain}");
    let out = apigen(&["generate", "--mock", spec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(
        code.contains("#[cfg(feature = \"mock\")]\npub mod mock {"),
        "{code}"
    );
    assert!(
        code.contains("pub fn get_a(&self) -> GetAMock<'_>"),
        "{code}"
    );
    assert!(
        code.contains("pub async fn respond(self, body: &A)"),
        "{code}"
    );
    // Everything before the module is the same.
    assert!(
        code.starts_with(plain.trim_end()),
        "the mock module changes other code"
    );
}

#[test]
fn regenerate_writes_nothing_when_any_spec_fails_and_check_names_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let out_crate = dir.path().join("generated");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(specs.join("a_good.yaml"), GOOD).unwrap();
    std::fs::write(specs.join("b_bad.yaml"), CASES[5].text).unwrap();
    let args = |check: bool| {
        let mut v = vec![
            "regenerate".to_owned(),
            "--specs".into(),
            specs.to_str().unwrap().into(),
            "--out".into(),
            out_crate.to_str().unwrap().into(),
        ];
        if check {
            v.push("--check".into());
        }
        v
    };
    let run = |check: bool| {
        Command::new(env!("CARGO_BIN_EXE_apigen"))
            .args(args(check))
            .output()
            .unwrap()
    };

    let out = run(false);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("b_bad.yaml"), "{}", stderr(&out));
    assert!(
        !out_crate.exists(),
        "nothing may be written when a spec fails"
    );

    std::fs::remove_file(specs.join("b_bad.yaml")).unwrap();
    let out = run(true);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("a_good.rs") && err.contains("lib.rs") && err.contains("Cargo.toml"),
        "{err}"
    );
    assert!(err.contains("run `cargo regenerate`"), "{err}");
    assert!(!out_crate.exists(), "--check writes nothing");

    let out = run(false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_crate.join("src/a_good.rs").exists());
    let out = run(true);
    assert!(out.status.success(), "{}", stderr(&out));
}

const TAGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/specs/tags.yaml");

/// The names of the types and client methods a generated module defines.
fn defined(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            ["pub struct ", "pub enum ", "pub type ", "pub fn "]
                .iter()
                .find_map(|p| l.strip_prefix(p))
                .map(|rest| {
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
        })
        .collect()
}

#[test]
fn tag_and_operation_flags_select_operations_and_the_types_they_reach() {
    let out = apigen(&[
        "generate",
        TAGS,
        "--no-rustfmt",
        "--tag",
        "pulls",
        "--operation",
        "meta/get",
        "--exclude-operation",
        "labels/get",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = String::from_utf8(out.stdout).unwrap();
    let names = defined(&code);
    for kept in [
        "pulls_list",
        "meta_get",
        "Pull",
        "PullHead",
        "User",
        "Label",
        "Problem",
    ] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    for dropped in [
        "issues_list",
        "labels_get",
        "Issue",
        "IssueState",
        "IssuesCreateBody",
    ] {
        assert!(
            !names.iter().any(|n| n == dropped),
            "{dropped} kept: {names:?}"
        );
    }
    assert!(
        code.contains("cargo codegen")
            && code.contains("--tag pulls --operation meta/get --exclude-operation labels/get"),
        "the header names the selection"
    );

    let out = apigen(&[
        "generate",
        TAGS,
        "--no-rustfmt",
        "--exclude-tag",
        "Code Scanning",
        "--exclude-tag",
        "pulls",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names = defined(&String::from_utf8(out.stdout).unwrap());
    assert!(names.iter().any(|n| n == "issues_list"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n == "pulls_list" || n == "code_scanning_list_alerts" || n == "Pull"),
        "{names:?}"
    );
}

#[test]
fn an_unknown_tag_or_operation_fails_with_the_nearest_names() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.rs");
    let out = apigen(&[
        "generate",
        TAGS,
        "--tag",
        "issue",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("tags.yaml: no tag named `issue` in the document; the nearest: `issues`"),
        "{err}"
    );
    assert!(!output.exists());
    let out = apigen(&["generate", TAGS, "--operation", "pulls/lst"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no operation named `pulls/lst` in the document; the nearest: `pulls/list`"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
