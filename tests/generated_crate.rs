//! The checked-in `generated/` crate against the generator: fresh, and
//! byte-identical to what build.rs produces from the same specs.

use std::path::{Path, PathBuf};

fn options() -> apigen::regenerate::Options {
    // The same settings as the `cargo regenerate` alias.
    apigen::regenerate::Options {
        specs_dir: PathBuf::from("specs"),
        crate_dir: PathBuf::from("generated"),
        crate_name: "checkout-clients".into(),
        runtime_path: "../runtime".into(),
        command: "cargo regenerate".into(),
        features_per_tag: false,
    }
}

#[test]
fn generated_crate_is_fresh() {
    let files = apigen::regenerate::plan(&options()).unwrap();
    let stale = apigen::regenerate::stale(&options(), &files);
    assert!(
        stale.is_empty(),
        "generated/ is stale ({}): run `cargo regenerate` and commit the result",
        stale
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

#[test]
fn build_rs_output_is_byte_identical_to_generated() {
    let out = PathBuf::from(env!("OUT_DIR"));
    for module in ["leanrails", "yorlet"] {
        let built = std::fs::read(out.join(format!("{module}.rs"))).unwrap();
        let checked_in =
            std::fs::read(Path::new("generated/src").join(format!("{module}.rs"))).unwrap();
        assert!(
            built == checked_in,
            "OUT_DIR/{module}.rs differs from generated/src/{module}.rs"
        );
    }
}

#[test]
fn staleness_is_detected_and_named() {
    // A copy of the crate with one module edited and one orphan module.
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options();
    opts.crate_dir = dir.path().join("generated");
    let files = apigen::regenerate::plan(&opts).unwrap();
    for f in &files {
        std::fs::create_dir_all(f.path.parent().unwrap()).unwrap();
        std::fs::write(&f.path, &f.contents).unwrap();
    }
    assert!(apigen::regenerate::check(&opts).is_ok());

    let edited = opts.crate_dir.join("src/yorlet.rs");
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    let orphan = opts.crate_dir.join("src/removed.rs");
    std::fs::write(&orphan, "").unwrap();
    let err = apigen::regenerate::check(&opts).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("yorlet.rs"), "{message}");
    assert!(message.contains("removed.rs"), "{message}");
    assert!(message.contains("cargo regenerate"), "{message}");

    // Applying restores the edited file and removes the orphan.
    let changed = apigen::regenerate::apply(&opts).unwrap();
    assert_eq!(changed, vec![edited.clone(), orphan.clone()]);
    assert!(!orphan.exists());
    assert!(apigen::regenerate::check(&opts).is_ok());
}
