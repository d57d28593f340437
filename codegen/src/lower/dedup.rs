//! Structurally identical types become one. Two types are identical when
//! their definitions are, docs aside: the same fields (names, wire names,
//! types, presence), the same enum values, the same alternatives. An inline
//! type identical to a component schema's type becomes that component's
//! type, and one identical to a type inside a component schema becomes that
//! type (`ListSessionsStatus` → `SessionStatus`); identical inline types
//! under different parents share the type of the first of them in output
//! order, which keeps its name. Component types are never merged with each
//! other (each keeps the name the spec gives it), nor are the per-operation
//! error unions.
//!
//! Merging children can make parents identical, so the pass repeats until
//! nothing merges; each round hashes each remaining definition once, with
//! its references already renamed, so a round is linear in the module's
//! size. Types are visited children-first (reverse output order) so that
//! most merges happen in the first round.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::ir::*;

/// Merges identical types; rewrites every reference to a merged one.
pub(super) fn dedup(api: &mut Api) {
    let component = |t: &TypeDef| is_component(&t.pointer);
    // Components first, so that an inline type merges into a component.
    let mut visit: Vec<usize> = (0..api.types.len())
        .filter(|&i| component(&api.types[i]))
        .collect();
    visit.extend(
        (0..api.types.len())
            .rev()
            .filter(|&i| !component(&api.types[i])),
    );

    let mut merged: HashMap<String, String> = HashMap::new();
    loop {
        // Definition → the index of the type that keeps it.
        let mut seen: HashMap<TypeKind, usize> = HashMap::with_capacity(api.types.len());
        let before = merged.len();
        for &i in &visit {
            let t = &api.types[i];
            if merged.contains_key(&t.name) {
                continue;
            }
            let key = key(&t.kind, &merged);
            match seen.entry(key) {
                Entry::Occupied(mut kept) => {
                    let k = *kept.get();
                    if !mergeable(t) {
                        continue;
                    }
                    if mergeable(&api.types[k]) && (rank(t), i) < (rank(&api.types[k]), k) {
                        // A type inside a component, then the one earlier
                        // in the output, keeps its name.
                        merged.insert(api.types[k].name.clone(), t.name.clone());
                        kept.insert(i);
                    } else {
                        merged.insert(t.name.clone(), api.types[k].name.clone());
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
        }
        if merged.len() == before {
            break;
        }
    }
    if merged.is_empty() {
        return;
    }
    api.types.retain(|t| !merged.contains_key(&t.name));
    for t in &mut api.types {
        kind_refs_mut(&mut t.kind, &mut |r| rename(r, &merged));
    }
    for op in &mut api.operations {
        operation_refs_mut(op, &mut |r| rename(r, &merged));
    }
    if let Some(e) = &mut api.shared_error {
        rename(e, &merged);
    }
}

/// Whether a type is a component schema's own (not one inside it).
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|key| !key.contains('/'))
}

/// Which of identical types keeps its name, lowest first: one inside a
/// component schema (`CheckoutSessionStatus`), then one inside an operation
/// (`ListCheckoutSessionsStatus`).
fn rank(t: &TypeDef) -> u8 {
    u8::from(!t.pointer.starts_with("/components/"))
}

/// Whether a type may become another: inline schemas' types only.
fn mergeable(t: &TypeDef) -> bool {
    !is_component(&t.pointer) && !t.pointer.ends_with("/responses")
}

/// The definition with its docs cleared and its references renamed.
fn key(kind: &TypeKind, merged: &HashMap<String, String>) -> TypeKind {
    let mut kind = kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for f in &mut s.fields {
            f.doc = None;
        }
    }
    if !merged.is_empty() {
        kind_refs_mut(&mut kind, &mut |r| rename(r, merged));
    }
    kind
}

/// Renames a reference to a merged type (through chains of merges).
fn rename(t: &mut TypeRef, merged: &HashMap<String, String>) {
    match t {
        TypeRef::Named(n) => {
            let mut to = None;
            let mut at: &str = n;
            while let Some(next) = merged.get(at) {
                to = Some(next);
                at = next;
            }
            if let Some(to) = to {
                *n = to.clone();
            }
        }
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Boxed(inner)
        | TypeRef::Option(inner) => rename(inner, merged),
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Bool
        | TypeRef::Json
        | TypeRef::Scalar(_) => {}
    }
}

/// Calls `f` with each reference a definition holds.
fn kind_refs_mut(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                f(&mut field.ty);
            }
            f(&mut s.extra_value);
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                f(&mut v.ty);
            }
        }
        TypeKind::Alias(t) => f(t),
        TypeKind::Newtype(n) => f(&mut n.ty),
    }
}

/// Calls `f` with each reference an operation holds.
fn operation_refs_mut(op: &mut Operation, f: &mut dyn FnMut(&mut TypeRef)) {
    for p in &mut op.params {
        f(&mut p.ty);
    }
    if let Some(body) = &mut op.body {
        match &mut body.kind {
            BodyKind::Json(t)
            | BodyKind::Multipart { ty: t, .. }
            | BodyKind::Form { ty: t, .. } => f(t),
            BodyKind::Text | BodyKind::Bytes => {}
        }
    }
    for r in &mut op.responses {
        if let ResponseBody::Json(t) = &mut r.body {
            f(t);
        }
    }
    if let Success::Single(ResponseBody::Json(t)) = &mut op.success {
        f(t);
    }
    f(&mut op.error);
    if let Some(p) = &mut op.pagination {
        f(&mut p.item);
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::lower_yaml;

    fn names(api: &crate::ir::Api) -> Vec<&str> {
        let mut n: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        n.sort_unstable();
        n
    }

    #[test]
    fn an_inline_enum_like_a_component_is_the_component() {
        let api = lower_yaml(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /sessions:
    get:
      operationId: listSessions
      parameters:
        - name: status
          in: query
          schema: {type: string, enum: [open, complete, expired], description: Filter.}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Session"}
components:
  schemas:
    Session:
      type: object
      properties:
        status: {type: string, enum: [open, complete, expired]}
        other: {type: string, enum: [open, complete]}
"##,
        );
        assert_eq!(names(&api), ["Session", "SessionOther", "SessionStatus"]);
        let param = &api.operations[0].params[0];
        assert_eq!(param.ty, crate::ir::TypeRef::Named("SessionStatus".into()));
    }

    #[test]
    fn identical_inline_objects_share_one_type_and_their_parents_too() {
        let api = lower_yaml(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  x:
                    type: object
                    description: One.
                    properties:
                      owner: {type: object, properties: {login: {type: string}}}
                  y:
                    type: object
                    description: Two.
                    properties:
                      owner: {type: object, properties: {login: {type: string}}}
                  z:
                    type: object
                    properties:
                      owner: {type: object, properties: {login: {type: integer}}}
"##,
        );
        // `x` and `y` are one type (and so are their owners); `z` differs.
        assert_eq!(
            names(&api),
            [
                "GetAResponse200",
                "GetAResponse200X",
                "GetAResponse200XOwner",
                "GetAResponse200Z",
                "GetAResponse200ZOwner"
            ]
        );
        let crate::ir::TypeKind::Struct(s) = &api
            .types
            .iter()
            .find(|t| t.name == "GetAResponse200")
            .unwrap()
            .kind
        else {
            panic!()
        };
        let tys: Vec<String> = s.fields.iter().map(|f| format!("{:?}", f.ty)).collect();
        assert_eq!(
            tys,
            [
                "Named(\"GetAResponse200X\")",
                "Named(\"GetAResponse200X\")",
                "Named(\"GetAResponse200Z\")"
            ]
        );
    }
}
