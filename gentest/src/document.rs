//! Whole documents: components planned first, then paths and operations that
//! use them, security schemes and requirements, servers; finally some
//! parameters, bodies and responses moved into `components` behind `$ref`s.
//!
//! Every document is valid OpenAPI 3.0: operationIds are unique, each path
//! starts with its own literal segment (no two templates of the same shape),
//! every `{name}` of a template is a parameter declared `in: path` and
//! `required: true` (on the path item or on each operation), parameters are
//! unique by name and location, request bodies only on methods that have
//! body semantics, and every `$ref` names a component that exists.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{json, Map, Value};

use crate::exclude::Exclusions;
use crate::names;
use crate::operation;
use crate::schema::{self, Ctx, Kind};

fn kind() -> BoxedStrategy<Kind> {
    let weighted = [
        (10, Kind::Object),
        (4, Kind::Variant),
        (4, Kind::Enum),
        (2, Kind::Scalar),
        (2, Kind::Array),
        (2, Kind::Map),
        (4, Kind::Union),
        (3, Kind::Tagged),
        (4, Kind::AllOf),
        (2, Kind::Alias),
        (1, Kind::Deep),
        (1, Kind::Wide),
        (1, Kind::Any),
    ];
    Union::new_weighted(weighted.map(|(w, k)| (w, Just(k).boxed())).to_vec()).boxed()
}

fn plan() -> BoxedStrategy<Arc<Ctx>> {
    (
        proptest::collection::vec((names::component_name(), kind()), 0..11),
        names::property_name(),
    )
        .prop_map(|(entries, tag)| {
            let mut names = Vec::new();
            let mut kinds = Vec::new();
            for (name, kind) in entries {
                if !names.contains(&name) {
                    names.push(name);
                    kinds.push(kind);
                }
            }
            Arc::new(Ctx { names, kinds, tag })
        })
        .boxed()
}

/// A piece of a path template.
#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String),
    /// `prefix{name}` or `{name}.json`-like pieces in one segment.
    Mixed(String, String, bool),
}

fn segments() -> BoxedStrategy<Vec<Segment>> {
    let one = prop_oneof![
        3 => names::path_segment().prop_map(Segment::Literal),
        3 => names::path_param_name().prop_map(Segment::Param),
        1 => (names::path_segment(), names::path_param_name(), any::<bool>())
            .prop_map(|(lit, name, before)| Segment::Mixed(lit, name, before)),
    ];
    proptest::collection::vec(one, 0..4)
        .prop_map(|segs| {
            // Path parameter names are unique within a template.
            let mut seen = Vec::new();
            segs.into_iter()
                .filter(|s| match s {
                    Segment::Param(n) | Segment::Mixed(_, n, _) => {
                        let fresh = !seen.contains(n);
                        seen.push(n.clone());
                        fresh
                    }
                    Segment::Literal(_) => true,
                })
                .collect()
        })
        .boxed()
}

fn template(index: usize, segs: &[Segment]) -> (String, Vec<String>) {
    let mut path = format!("/p{index}");
    let mut params = Vec::new();
    for s in segs {
        path.push('/');
        match s {
            Segment::Literal(l) => path.push_str(l),
            Segment::Param(n) => {
                path.push_str(&format!("{{{n}}}"));
                params.push(n.clone());
            }
            Segment::Mixed(l, n, true) => {
                path.push_str(&format!("{l}-{{{n}}}"));
                params.push(n.clone());
            }
            Segment::Mixed(l, n, false) => {
                path.push_str(&format!("{{{n}}}.{l}"));
                params.push(n.clone());
            }
        }
    }
    (path, params)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operation(
    ctx: &Arc<Ctx>,
    method: &'static str,
    path_params: Vec<Value>,
    security: &BoxedStrategy<Value>,
) -> BoxedStrategy<Value> {
    let body = if matches!(method, "post" | "put" | "patch") {
        proptest::option::weighted(0.7, operation::request_body(ctx)).boxed()
    } else {
        Just(None).boxed()
    };
    (
        proptest::option::weighted(0.85, names::operation_id()),
        proptest::option::weighted(0.3, names::description()),
        operation::other_params(ctx),
        body,
        operation::responses(ctx),
        proptest::option::weighted(0.3, security.clone()),
        proptest::option::weighted(0.1, Just(true)),
    )
        .prop_map(
            move |(id, description, params, body, responses, security, deprecated)| {
                let mut op = json!({"responses": responses});
                let m = op.as_object_mut().expect("an object");
                if let Some(id) = id {
                    m.insert("operationId".into(), json!(id));
                }
                if let Some(d) = description {
                    m.insert(
                        "summary".into(),
                        json!(d.lines().next().unwrap_or_default()),
                    );
                    m.insert("description".into(), json!(d));
                }
                let all: Vec<Value> = path_params.iter().cloned().chain(params).collect();
                if !all.is_empty() {
                    m.insert("parameters".into(), Value::Array(all));
                }
                if let Some(b) = body {
                    m.insert("requestBody".into(), b);
                }
                if let Some(s) = security {
                    m.insert("security".into(), s);
                }
                if deprecated.is_some() {
                    m.insert("deprecated".into(), json!(true));
                }
                op
            },
        )
        .boxed()
}

fn path_item(
    ctx: &Arc<Ctx>,
    index: usize,
    security: BoxedStrategy<Value>,
) -> BoxedStrategy<(String, Value)> {
    let ctx = ctx.clone();
    (
        segments(),
        proptest::sample::subsequence(METHODS.to_vec(), 1..4),
        any::<bool>(),
    )
        .prop_flat_map(move |(segs, methods, shared)| {
            let (path, names) = template(index, &segs);
            let params: Vec<BoxedStrategy<Value>> = names
                .into_iter()
                .map(|n| operation::path_param(&ctx, n))
                .collect();
            let ctx = ctx.clone();
            let security = security.clone();
            params.prop_flat_map(move |params| {
                let (item_params, op_params) = if shared {
                    (params.clone(), Vec::new())
                } else {
                    (Vec::new(), params.clone())
                };
                let ops: Vec<BoxedStrategy<(&'static str, Value)>> = methods
                    .iter()
                    .map(|&m| {
                        operation(&ctx, m, op_params.clone(), &security)
                            .prop_map(move |op| (m, op))
                            .boxed()
                    })
                    .collect();
                let path = path.clone();
                ops.prop_map(move |ops| {
                    let mut item = Map::new();
                    if !item_params.is_empty() {
                        item.insert("parameters".into(), Value::Array(item_params.clone()));
                    }
                    for (m, op) in ops {
                        item.insert(m.to_owned(), op);
                    }
                    (path.clone(), Value::Object(item))
                })
            })
        })
        .boxed()
}

fn servers() -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        4 => Just(Some(json!([{"url": "http://localhost"}]))),
        1 => Just(None),
        1 => Just(Some(json!([{"url": "/api/v1"}]))),
        1 => Just(Some(json!([{
            "url": "https://{region}.example.com/{version}",
            "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}, "version": {"default": "v1"}}
        }, {"url": "http://localhost:8080"}]))),
    ]
    .boxed()
}

/// A random valid OpenAPI 3.0 document with the given constructs left out.
pub fn document(exclusions: Exclusions) -> BoxedStrategy<Value> {
    let schemes = proptest::collection::vec(
        (names::component_name(), operation::security_scheme()),
        0..4,
    )
    .prop_map(|list| {
        let mut out: Vec<(String, Value)> = Vec::new();
        for (name, s) in list {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, s));
            }
        }
        out
    });
    (plan(), schemes)
        .prop_flat_map(move |(ctx, schemes)| {
            let components: Vec<BoxedStrategy<Value>> =
                (0..ctx.names.len()).map(|i| schema::component(&ctx, i)).collect();
            let security = operation::requirements(&schemes);
            let paths: Vec<BoxedStrategy<(String, Value)>> = (0..5)
                .map(|i| path_item(&ctx, i, security.clone()))
                .collect();
            (
                components,
                (1usize..5).prop_flat_map(move |n| paths[..n].to_vec()),
                proptest::option::weighted(0.5, security),
                servers(),
                names::description(),
                proptest::collection::vec(any::<u8>(), 32),
                Just(ctx.clone()),
                Just(schemes.clone()),
            )
        })
        .prop_map(
            move |(schemas, paths, security, servers, description, hoist, ctx, schemes)| {
                let mut doc = json!({
                    "openapi": "3.0.3",
                    "info": {"title": "Generated \u{202e} API", "version": "1", "description": description},
                });
                if let Some(s) = servers {
                    doc["servers"] = s;
                }
                doc["paths"] = Value::Object(paths.into_iter().collect());
                let mut components = Map::new();
                if !ctx.names.is_empty() {
                    let named = ctx.names.iter().cloned().zip(schemas).collect::<Map<_, _>>();
                    components.insert("schemas".into(), Value::Object(named));
                }
                if !schemes.is_empty() {
                    components.insert("securitySchemes".into(), Value::Object(schemes.into_iter().collect()));
                }
                doc["components"] = Value::Object(components);
                if let Some(s) = security {
                    doc["security"] = s;
                }
                unique_operation_ids(&mut doc);
                hoist_into_components(&mut doc, &hoist);
                exclusions.apply(&mut doc);
                doc
            },
        )
        .boxed()
}

fn operations_mut(doc: &mut Value) -> impl Iterator<Item = &mut Value> {
    doc["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
        .flat_map(|item| item.as_object_mut().into_iter().flat_map(|m| m.iter_mut()))
        .filter(|(k, _)| METHODS.contains(&k.as_str()))
        .map(|(_, v)| v)
}

/// Exact duplicates get a numeric suffix; look-alikes (`fooBar`, `foo_bar`) stay.
fn unique_operation_ids(doc: &mut Value) {
    let mut seen = std::collections::BTreeSet::new();
    for op in operations_mut(doc) {
        if let Some(id) = op["operationId"].as_str().map(str::to_owned) {
            let mut unique = id.clone();
            let mut n = 2;
            while !seen.insert(unique.clone()) {
                unique = format!("{id}_{n}");
                n += 1;
            }
            op["operationId"] = json!(unique);
        }
    }
}

/// Moves some parameters, request bodies and responses into `components`
/// and refers to them by `$ref`; `bits` says which.
fn hoist_into_components(doc: &mut Value, bits: &[u8]) {
    let mut next = bits.iter().cycle().copied();
    let mut moved: Vec<(&str, String, Value)> = Vec::new();
    let bases = ["type", "Self", "fooBar", "foo_bar", "Option", "Error"];
    let mut counter = 0;
    let mut hoist =
        |kind: &'static str, node: &mut Value, moved: &mut Vec<(&str, String, Value)>| {
            if next.next().unwrap_or(0) % 5 == 0 {
                counter += 1;
                let name = format!("{}{}", bases[counter % bases.len()], counter);
                let value =
                    std::mem::replace(node, json!({"$ref": format!("#/components/{kind}/{name}")}));
                moved.push((kind, name, value));
            }
        };
    for op in operations_mut(doc) {
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            for p in params {
                hoist("parameters", p, &mut moved);
            }
        }
        if op.get("requestBody").is_some() {
            hoist("requestBodies", &mut op["requestBody"], &mut moved);
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for r in responses.values_mut() {
                hoist("responses", r, &mut moved);
            }
        }
    }
    for (kind, name, value) in moved {
        let components = doc["components"]
            .as_object_mut()
            .expect("components is an object");
        let section = components.entry(kind).or_insert_with(|| json!({}));
        section[name.as_str()] = value;
    }
}
