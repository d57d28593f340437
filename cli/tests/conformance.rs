//! `apigen conformance` on the two checkout specs and a pinned set of small
//! specs that together use every parameter style and location, every
//! request body kind (JSON, form, multipart with a file part, text, raw
//! bytes) and several response kinds (JSON, XML beside JSON, text, binary,
//! 204): every operation is called against Prism with and without
//! credentials and with dynamic responses, and none is rejected or fails to
//! decode. Prism is installed on first use (`scripts/install-prism.sh`,
//! needs node and npm).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

const SPECS: &[&str] = &[
    "specs/leanrails.yaml",
    "specs/yorlet.yaml",
    "tests/specs/styles.yaml",
    "tests/specs/bodies.yaml",
    "tests/specs/operations.yaml",
    "tests/specs/arrays.yaml",
    "tests/specs/maps.yaml",
    "tests/specs/unions.yaml",
    "tests/specs/refs.yaml",
    "tests/specs/nested_object.yaml",
    "tests/specs/open_enum.yaml",
    "tests/specs/optional_nullable.yaml",
    "tests/specs/nullable_items.yaml",
    "tests/specs/union_examples.yaml",
    "tests/specs/edge_cases.yaml",
    "tests/specs/names.yaml",
    "tests/specs/openapi31.yaml",
    "tests/specs/hostile.yaml",
    "tests/specs/deep.yaml",
    "tests/specs/any_media.yaml",
    "tests/specs/error_checks.yaml",
    "tests/specs/contradictions.yaml",
    "tests/specs/prism_blind.yaml",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

#[test]
fn every_operation_of_the_pinned_specs_conforms() {
    let root = root();
    let json = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(&root)
        .arg("conformance")
        .args(SPECS)
        .arg("--json")
        .arg(json.path())
        .args(["--work-dir", "target/conformance/ci"])
        // The workspace's target folder: the dependencies the driver shares
        // with the workspace (rustls, hyper, serde, ...) are compiled once.
        .args(["--target-dir", "target"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        out.status.success(),
        "conformance failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        last.starts_with(&format!("conformance: {} specs, ", SPECS.len())),
        "{last}"
    );
    assert!(
        last.contains(
            ", 0 requests rejected, 0 responses not decoded, 0 error checks failed, 0 skipped"
        ),
        "{last}"
    );

    let summary: Value = serde_json::from_slice(&std::fs::read(json.path()).unwrap()).unwrap();
    let results = summary["results"].as_array().unwrap();
    assert_eq!(results.len(), SPECS.len());
    for r in results {
        let spec = r["spec"].as_str().unwrap();
        assert!(
            r.get("skipped").is_none(),
            "{spec}: skipped: {}",
            r["skipped"]
        );
        assert!(r["operations"].as_u64().unwrap() > 0, "{spec}");
        // Every operation called (statically, three times dynamically and
        // once more without credentials when it is secured; fewer when
        // Prism crashes on one).
        assert!(
            r["requests"].as_u64().unwrap() >= r["operations"].as_u64().unwrap(),
            "{spec}: {r}"
        );
        assert_eq!(r["unexpected"], 0, "{spec}: {}", r["failures"]);
        for f in r["failures"].as_array().unwrap() {
            // What is left is Prism's: a documented defect, a crash, or
            // a response of its own that fails its validation.
            let verdict = f["verdict"].as_str().unwrap();
            assert!(
                ["prism-defect", "prism-crash", "response-violation"].contains(&verdict)
                    || (verdict == "spec-contradiction" && spec.ends_with("contradictions.yaml")),
                "{spec}: {f}"
            );
        }
    }
    let by_name = |name: &str| {
        results
            .iter()
            .find(|r| r["spec"].as_str().unwrap().ends_with(name))
            .unwrap()
    };
    // All eleven style operations run, though Prism crashes on three path
    // styles (a fresh Prism takes the next operation each time).
    assert_eq!(by_name("styles.yaml")["operations"], 11);
    // Secured operations answer 401 without credentials: leanrails has one
    // operation, called statically, without credentials, with
    // `Prefer: code=404` (it declares a default response) and 3 times
    // dynamically.
    assert_eq!(by_name("leanrails.yaml")["requests"], 6);
    // Each error check ran, and every error arrived typed.
    for check in ["unauthorized", "not_found", "bad_body"] {
        let c = &summary["error_checks"][check];
        assert!(c["run"].as_u64().unwrap() > 0, "{check}: {c}");
        assert_eq!(c["failed"], 0, "{check}: {c}");
    }
    // The refused body of an object and of an array (`[]`, `{}`), each
    // answered with the typed 422 or default error.
    assert_eq!(
        by_name("any_media.yaml")["error_checks"]["bad_body"]["run"],
        2
    );
    // The operations where the spec contradicts itself (a `oneOf` body
    // every object matches twice, an object under `application/octet-stream`,
    // a required query array of objects)
    // are rejected by Prism, and counted as spec contradictions with their
    // reason, not as rejected; the satisfiable operation beside them passes.
    let contradictions = by_name("contradictions.yaml");
    assert_eq!(contradictions["rejected"], 0, "{contradictions}");
    let found = contradictions["failures"].as_array().unwrap();
    for (op, reason) in [
        ("post_events", "exactly one alternative"),
        ("upload_media", "application/octet-stream"),
        ("get_markers", "`timeline` is an array of objects"),
    ] {
        let of_op: Vec<&Value> = found.iter().filter(|f| f["operation"] == op).collect();
        // The static call and the three dynamic ones.
        assert_eq!(of_op.len(), 4, "{op}: {of_op:?}");
        for f in of_op {
            assert_eq!(f["verdict"], "spec-contradiction", "{f}");
            assert!(f["reason"].as_str().unwrap().contains(reason), "{f}");
        }
    }
    assert!(
        !found.iter().any(|f| f["operation"] == "post_note"),
        "{found:?}"
    );
    assert_eq!(contradictions["spec_contradictions"], 12);
    assert_eq!(summary["spec_contradictions"], 12);
    assert!(stdout.contains("12 spec contradictions, "), "{stdout}");
    // What Prism answers against the spec is labelled as its own, with the
    // cause the spec shows: a refused body it accepts because it does not
    // validate that body (a schema its validator cannot compile), a static
    // `"string"` for a `date-time`, and its complaint that a HEAD response
    // has no body. The HEAD operation's 401 needs no typed body.
    let blind = by_name("prism_blind.yaml");
    let blind_failures = blind["failures"].as_array().unwrap();
    let of = |op: &str, mode: &str| -> Vec<&Value> {
        blind_failures
            .iter()
            .filter(|f| f["operation"] == op && f["mode"] == mode)
            .collect()
    };
    for (op, cause) in [
        (
            "create_note",
            "`nullable` without `type` at #/paths/~1notes/post",
        ),
        ("create_code", "the pattern `^[A-Z\\_]+$`"),
    ] {
        let found = of(op, "badbody");
        assert_eq!(found.len(), 1, "{op}: {blind}");
        assert_eq!(found[0]["verdict"], "prism-defect", "{}", found[0]);
        assert!(
            found[0]["detail"].as_str().unwrap().contains(cause),
            "{}",
            found[0]
        );
    }
    let note = of("get_note", "static");
    assert_eq!(note.len(), 1, "{blind}");
    assert!(
        note[0]["defect"]
            .as_str()
            .unwrap()
            .contains("writes \"string\""),
        "{}",
        note[0]
    );
    assert!(
        note[0]["detail"]
            .as_str()
            .unwrap()
            .contains("(`created` is a `date-time` string)"),
        "{}",
        note[0]
    );
    assert!(of("get_note", "dynamic").is_empty(), "{blind}");
    assert!(of("note_exists", "noauth").is_empty(), "{blind}");
    assert_eq!(blind["error_checks"]["unauthorized"]["run"], 4);
    // The Prism defects stay visible in the counts.
    assert!(summary["prism_defects"].as_u64().unwrap() > 0);
}

/// A static response that does not decode because the spec's own example
/// (the one a mock serves) does not fit its schema is the spec's doing: a
/// spec contradiction with the reason, not D, and the run passes. A
/// stand-in server serves the example unvalidated, as Prism does for some
/// of GitHub's (`cli/tests/support/served_example.py`).
#[test]
fn a_served_example_its_schema_refuses_is_a_spec_contradiction() {
    let root = root();
    let json = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(&root)
        .arg("conformance")
        .arg("tests/specs/served_example.yaml")
        .arg("--json")
        .arg(json.path())
        .args(["--dynamic", "2"])
        .args(["--work-dir", "target/conformance/served"])
        .args(["--target-dir", "target"])
        .arg("--prism")
        .arg(root.join("cli/tests/support/served_example.py"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.lines().last().unwrap_or_default().ends_with(
            "0 requests rejected, 0 responses not decoded, 0 error checks failed, 0 skipped"
        ),
        "{stdout}"
    );
    let summary: Value = serde_json::from_slice(&std::fs::read(json.path()).unwrap()).unwrap();
    assert_eq!(summary["spec_contradictions"], 1, "{summary}");
    let failures = summary["results"][0]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    let f = &failures[0];
    assert_eq!(
        (&f["mode"], &f["verdict"], &f["operation"]),
        (
            &json!("static"),
            &json!("spec-contradiction"),
            &json!("get_issue")
        ),
        "{f}"
    );
    let reason = f["reason"].as_str().unwrap();
    for part in [
        "the spec's example of its 200 response (application/json) does not fit",
        "`/` lacks the required property `id`",
        "a `$ref` to `#/components/examples/issue`",
    ] {
        assert!(reason.contains(part), "missing `{part}` in {reason}");
    }
    // The decoder's own message stays in the detail.
    assert!(
        f["detail"].as_str().unwrap().contains("missing field `id`"),
        "{f}"
    );
}

/// The error checks fail, each with a line, when the errors do not arrive
/// as the operation's typed error: a server that answers without
/// credentials with a body that is not the spec's 401 type, a 404 that is
/// not JSON, and that accepts a body the schema refuses.
#[test]
fn untyped_errors_fail_the_run() {
    let root = root();
    let json = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(&root)
        .arg("conformance")
        .arg("tests/specs/error_checks.yaml")
        .arg("--json")
        .arg(json.path())
        .args(["--dynamic", "1"])
        .args(["--work-dir", "target/conformance/checks"])
        .args(["--target-dir", "target"])
        .arg("--prism")
        .arg(root.join("cli/tests/support/untyped_errors.py"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stdout}\n{stderr}");
    assert!(
        stdout.lines().last().unwrap_or_default().ends_with(
            "0 requests rejected, 0 responses not decoded, 3 error checks failed, 0 skipped"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("3 error checks failed"), "{stderr}");
    let summary: Value = serde_json::from_slice(&std::fs::read(json.path()).unwrap()).unwrap();
    for check in ["unauthorized", "not_found", "bad_body"] {
        let c = &summary["error_checks"][check];
        assert_eq!(
            (c["run"].as_u64(), c["failed"].as_u64()),
            (Some(1), Some(1)),
            "{check}"
        );
    }
    let failures = summary["results"][0]["failures"].as_array().unwrap();
    let by_mode = |mode: &str| {
        let f = failures.iter().find(|f| f["mode"] == mode).unwrap();
        assert_eq!(f["verdict"], "error-check", "{f}");
        assert!(
            stdout.contains(&format!("{mode} (create_thing): ErrorCheck")),
            "{stdout}"
        );
        f["detail"].as_str().unwrap().to_owned()
    };
    assert!(by_mode("noauth").contains("the 401 body did not decode"));
    assert!(by_mode("notfound").contains("the 404 body did not decode"));
    let bad = by_mode("badbody");
    assert!(
        bad.contains("status 422 or 400 (the body sent: `[]`), got ok"),
        "{bad}"
    );
}

/// A run that calls nothing (every spec skipped) does not pass.
#[test]
fn a_run_where_every_spec_is_skipped_fails() {
    let root = root();
    let out = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(&root)
        .arg("conformance")
        .arg("tests/invalid/missing-info.yaml")
        .args(["--work-dir", "target/conformance/skipped"])
        .args(["--target-dir", "target"])
        .arg("--prism")
        .arg(root.join("cli/tests/support/untyped_errors.py"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("missing-info.yaml: skipped: the generator refuses it"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("conformance: 0 specs, 0 operations"),
        "{stdout}"
    );
    assert!(
        stderr.contains("no operation was called: every spec was skipped (1 skipped)"),
        "{stderr}"
    );
}
