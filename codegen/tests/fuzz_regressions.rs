//! Inputs that once broke the generator (from fuzzing or by hand) stay fixed:
//! each must load and generate, or fail with a clean error; never panic, and
//! never produce code that does not parse.

use std::path::Path;

#[test]
fn regressions_never_panic_or_emit_unparsable_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        count += 1;
        let name = if text.trim_start().starts_with('{') {
            "input.json"
        } else {
            "input.yaml"
        };
        let Ok(doc) = apigen::internal::load_str(name.as_ref(), text) else {
            continue;
        };
        let result = apigen::Builder::new()
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_doc(&doc);
        if let Err(e @ apigen::Error::Internal { .. }) = result {
            panic!("{}: {e}", path.display());
        }
    }
    assert!(
        count >= 2,
        "the regression inputs are missing from {}",
        dir.display()
    );
}
