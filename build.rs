//! Build-time generation, dogfooded: the same library call a downstream
//! crate's build.rs makes. The clients for `specs/` land in `OUT_DIR` and must
//! be byte-identical to `generated/` (a test checks); the small one-feature
//! specs in `tests/specs/` land in `OUT_DIR/fixtures` so that every snapshot
//! of generated code is also compiled.

use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=tests/specs");

    let specs = apigen::regenerate::find_specs("specs".as_ref()).unwrap();
    apigen::Builder::new()
        .specs(&specs)
        .mock(true)
        .doc_examples("checkout_clients::{module}")
        .regenerate_command("cargo regenerate")
        .examples_feature(apigen::regenerate::EXAMPLES_FEATURE)
        .generate()
        .unwrap();

    let fixtures = apigen::regenerate::find_specs("tests/specs".as_ref()).unwrap();
    apigen::Builder::new()
        .specs(&fixtures)
        .mock(true)
        .doc_examples("apigen_suite::fixtures::{module}")
        .out_dir(out_dir.join("fixtures"))
        .regenerate_command("cargo insta test --accept")
        .examples(true)
        .generate()
        .unwrap();

    // The typed-scalar fixture once more with every mapping off, so that the
    // off-switch's output is compiled too (src/lib.rs: `fixtures_plain`).
    apigen::Builder::new()
        .spec("tests/specs/scalars.yaml")
        .out_dir(out_dir.join("plain"))
        .typed_scalars(false)
        .regenerate_command("cargo build")
        .rerun_if_changed(false)
        .generate()
        .unwrap();

    // A selection (one tag and one operation) of the multi-tag spec,
    // compiled by src/lib.rs as `selected_tags`.
    apigen::Builder::new()
        .spec("tests/specs/tags.yaml")
        .tags(["pulls"])
        .operations(["meta/get"])
        .out_dir(out_dir.join("selected"))
        .regenerate_command("cargo build")
        .rerun_if_changed(false)
        .generate()
        .unwrap();

    // One module per fixture spec, included by src/lib.rs.
    let mut index = String::new();
    for spec in &fixtures {
        let module = apigen::module_name(spec);
        index.push_str(&format!(
            "/// Generated from `tests/specs/{module}.yaml`.\npub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/fixtures/{module}.rs\"));\n}}\n"
        ));
    }
    apigen::write_if_changed(&out_dir.join("fixtures.rs"), &index).unwrap();
}
