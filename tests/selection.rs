//! A selection of operations compiles (build.rs generates `selected_tags`
//! from `tests/specs/tags.yaml` with `tags(["pulls"])` and
//! `operations(["meta/get"])`, and src/lib.rs compiles it) and defines only
//! the chosen operations and the types they reach.

use std::collections::BTreeSet;
use std::path::PathBuf;

use apigen_suite::selected_tags;

/// Types and client methods defined by a generated module.
fn defined(code: &str) -> BTreeSet<String> {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut out = BTreeSet::new();
    for item in file.items {
        match item {
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                out.insert(e.ident.to_string());
            }
            syn::Item::Type(t) => {
                out.insert(t.ident.to_string());
            }
            // The operations: the client's methods that return a `Call`.
            syn::Item::Impl(i) => {
                for item in i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        let returns_call = matches!(&f.sig.output,
                            syn::ReturnType::Type(_, ty) if matches!(&**ty,
                                syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Call")));
                        if returns_call {
                            out.insert(format!("Client::{}", f.sig.ident));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_selection_defines_only_what_its_operations_reach() {
    let code =
        std::fs::read_to_string(PathBuf::from(env!("OUT_DIR")).join("selected/tags.rs")).unwrap();
    let names = defined(&code);
    let expected: BTreeSet<String> = [
        "Client",
        "ClientBuilder",
        "Error",
        "Client::pulls_list",
        "Client::meta_get",
        // Tagged both `issues` and `pulls`.
        "Client::labels_get",
        "LabelsGetParams",
        "MetaGetResponse200",
        "Problem",
        "Pull",
        "PullHead",
        "User",
        "Label",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(names, expected);
}

#[test]
fn the_selected_types_are_usable() {
    let pull: selected_tags::Pull =
        serde_json::from_str(r#"{"number": 7, "head": {"sha": "abc", "label": {"name": "bug"}}}"#)
            .unwrap();
    let head: &selected_tags::PullHead = pull.head.as_ref().unwrap();
    assert_eq!(head.sha.as_deref(), Some("abc"));
    let client = selected_tags::Client::new().unwrap();
    drop(client.pulls_list());
}
