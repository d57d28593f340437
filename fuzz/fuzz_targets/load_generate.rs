//! Any input through load and generate: an error is fine, a panic is a bug,
//! and so is generated code that does not parse (`Error::Internal`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the parser the file name would pick.
    let path = if text.trim_start().starts_with('{') {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let Ok(doc) = apigen::internal::load_str(path.as_ref(), text) else {
        return;
    };
    let builder = apigen::Builder::new().rustfmt(false).rerun_if_changed(false);
    if let Err(e @ apigen::Error::Internal { .. }) = builder.generate_doc(&doc) {
        panic!("generated code does not parse: {e}");
    }
});
