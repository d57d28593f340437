//! Large modules are emitted and formatted in parts on several threads; the
//! output must not depend on the thread count.

use std::fmt::Write as _;
use std::path::Path;

/// A spec with `n` object schemas, each referenced by one operation.
fn big_spec(n: usize) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths:\n");
    for i in 0..n {
        let _ = write!(
            s,
            "  /things{i}:\n    get:\n      operationId: getThing{i}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing{i}'}}\n"
        );
    }
    s.push_str("components:\n  schemas:\n");
    for i in 0..n {
        let _ = write!(
            s,
            "    Thing{i}:\n      type: object\n      properties:\n        id: {{type: string}}\n        kind: {{type: string, enum: [a, b]}}\n"
        );
    }
    s
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let doc = apigen::internal::load_str(Path::new("big.yaml"), &big_spec(700)).unwrap();
    let api = apigen::internal::lower(&doc).unwrap();
    assert!(
        apigen::internal::parts(&api, Default::default()).len() > 4,
        "the spec must span several parts"
    );
    let header = apigen::internal::Header {
        spec: Path::new("big.yaml"),
        command: "x",
    };
    let one = apigen::internal::render(
        &api,
        "::apigen_runtime",
        &header,
        false,
        Default::default(),
        1,
    )
    .unwrap();
    for threads in [2, 3, 8] {
        let many = apigen::internal::render(
            &api,
            "::apigen_runtime",
            &header,
            false,
            Default::default(),
            threads,
        )
        .unwrap();
        assert!(one == many, "output differs with {threads} threads");
    }
    assert!(one.contains("pub struct Thing699 {"));
    assert!(one.contains("pub fn get_thing0("));
}
