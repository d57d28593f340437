//! Features per tag: each tag's operations, and the types only they use,
//! go behind a cargo feature named after the tag, so that a crate built
//! with `--no-default-features --features issues` compiles only that part.
//!
//! An operation is enabled by any of its tags' features (an untagged one
//! is always there). A type is behind a feature when the operations that
//! reach it (through fields, items, maps, unions, aliases) all have that
//! one feature; a type that operations of two features share, or that an
//! untagged operation or the client itself uses, is unconditional. A type
//! reaches only what its users reach too, so an unconditional type never
//! refers to a gated one.

use std::collections::BTreeMap;

use crate::ir::*;
use crate::naming::feature_name;

/// Who reaches a type so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Nobody yet.
    None,
    /// Only operations of this feature (an index into the feature list).
    One(usize),
    /// Operations of several features, or something always there.
    Always,
}

/// The features of generated code that are not tags: a tag whose feature
/// would be named so gets `-tag` after its name (a tag `mock` is the
/// feature `mock-tag`).
pub const RESERVED_FEATURES: [&str; 3] = ["default", "mock", "tracing"];

/// Assigns each operation and type its features (named `prefix` + tag);
/// `reserved` are further feature names a tag may not take (beside
/// [`RESERVED_FEATURES`]).
pub fn assign(api: &mut Api, prefix: &str, reserved: &[&str]) {
    let name = |tag: &str| {
        let name = feature_name(prefix, tag);
        if RESERVED_FEATURES.contains(&name.as_str()) || reserved.contains(&name.as_str()) {
            format!("{name}-tag")
        } else {
            name
        }
    };
    let mut features: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(|t| name(t)))
        .collect();
    features.sort();
    features.dedup();
    for op in &mut api.operations {
        let mut own: Vec<String> = op.tags.iter().map(|t| name(t)).collect();
        own.sort();
        own.dedup();
        op.features = own;
    }

    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            type_refs(&t.kind, &mut |n| out.extend(index.get(n)));
            out
        })
        .collect();
    let mut reach = vec![Reach::None; api.types.len()];
    let mut visit = |roots: Vec<usize>, with: Reach| {
        let mut stack = roots;
        while let Some(i) = stack.pop() {
            let next = match (reach[i], with) {
                (Reach::Always, _) => continue,
                (Reach::One(a), Reach::One(b)) if a == b => continue,
                (Reach::None, w) => w,
                _ => Reach::Always,
            };
            reach[i] = next;
            stack.extend(edges[i].iter().copied());
        }
    };
    if let Some(shared) = &api.shared_error {
        let mut roots = Vec::new();
        named(shared, &mut |n| roots.extend(index.get(n).copied()));
        visit(roots, Reach::Always);
    }
    for op in &api.operations {
        let with = match op.features.as_slice() {
            [one] => Reach::One(features.binary_search(one).unwrap_or_default()),
            _ => Reach::Always,
        };
        let mut roots = Vec::new();
        operation_refs(op, &mut |n| roots.extend(index.get(n).copied()));
        visit(roots, with);
    }
    for (t, r) in api.types.iter_mut().zip(reach) {
        t.features = match r {
            Reach::One(i) => vec![features[i].clone()],
            Reach::None | Reach::Always => Vec::new(),
        };
    }
    api.features = features;
}

/// Calls `f` with each type name inside `t`.
fn named(t: &TypeRef, f: &mut dyn FnMut(&str)) {
    match t {
        TypeRef::Named(n) => f(n),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Boxed(inner)
        | TypeRef::Option(inner) => named(inner, f),
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Bool
        | TypeRef::Json
        | TypeRef::Scalar(_) => {}
    }
}

/// Calls `f` with each type name a type's definition mentions.
pub(super) fn type_refs(kind: &TypeKind, f: &mut dyn FnMut(&str)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                named(&field.ty, f);
            }
            named(&s.extra_value, f);
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => {
            for v in &u.variants {
                named(&v.ty, f);
            }
        }
        TypeKind::Alias(t) => named(t, f),
        TypeKind::Newtype(n) => named(&n.ty, f),
    }
}

/// Calls `f` with each type name an operation's signature mentions.
pub(super) fn operation_refs(op: &Operation, f: &mut dyn FnMut(&str)) {
    for p in &op.params {
        named(&p.ty, f);
    }
    if let Some(body) = &op.body {
        match &body.kind {
            BodyKind::Json(t)
            | BodyKind::Multipart { ty: t, .. }
            | BodyKind::Form { ty: t, .. } => named(t, f),
            BodyKind::Text | BodyKind::Bytes => {}
        }
    }
    for r in &op.responses {
        if let ResponseBody::Json(t) = &r.body {
            named(t, f);
        }
    }
    if let Success::Single(ResponseBody::Json(t)) = &op.success {
        named(t, f);
    }
    named(&op.error, f);
    if let Some(p) = &op.pagination {
        named(&p.item, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features_of(api: &Api, name: &str) -> Vec<String> {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .features
            .clone()
    }

    #[test]
    fn types_of_one_tag_are_gated_and_shared_ones_are_not() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/specs/tags.yaml"
        ))
        .unwrap();
        let mut api = crate::lower::lower_yaml(&text);
        assign(&mut api, "", &[]);
        assert_eq!(api.features, ["code-scanning", "issues", "pulls"]);
        let op = |name: &str| {
            api.operations
                .iter()
                .find(|o| o.name == name)
                .unwrap()
                .features
                .clone()
        };
        assert_eq!(op("issues_list"), ["issues"]);
        assert_eq!(op("labels_get"), ["issues", "pulls"]);
        assert!(op("meta_get").is_empty());
        assert_eq!(features_of(&api, "Issue"), ["issues"]);
        assert_eq!(features_of(&api, "IssueState"), ["issues"]);
        assert_eq!(features_of(&api, "IssuesCreateBody"), ["issues"]);
        assert_eq!(features_of(&api, "PullHead"), ["pulls"]);
        assert_eq!(
            features_of(&api, "CodeScanningListAlertsResponse200ItemRuleSeverity"),
            ["code-scanning"]
        );
        // Issues and pulls both reach these; the client's error type is always there.
        assert!(features_of(&api, "User").is_empty());
        assert!(features_of(&api, "Label").is_empty());
        assert!(features_of(&api, "Problem").is_empty());
        assert!(features_of(&api, "MetaGetResponse200").is_empty());
    }

    #[test]
    fn tags_named_like_the_crates_own_features_are_renamed() {
        let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      tags: [mock, Tracing, examples, default, mock tag]
      responses: {'204': {description: ok}}
";
        let mut api = crate::lower::lower_yaml(text);
        assign(&mut api, "", &["examples"]);
        // `mock tag` is a tag of its own whose feature is `mock-tag` too: one feature.
        assert_eq!(
            api.features,
            ["default-tag", "examples-tag", "mock-tag", "tracing-tag"]
        );
        // With a prefix nothing clashes.
        let mut api = crate::lower::lower_yaml(text);
        assign(&mut api, "shop-", &["examples"]);
        assert_eq!(
            api.features,
            [
                "shop-default",
                "shop-examples",
                "shop-mock",
                "shop-mock-tag",
                "shop-tracing"
            ]
        );
    }
}
