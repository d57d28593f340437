//! Schema strategies: every construct of an OpenAPI 3.0 Schema Object.
//!
//! Components are planned first (a name and a [`Kind`] each, see
//! [`crate::document`]), so that a `$ref` always names a component that
//! exists and is of the right kind: `allOf` members are objects, a
//! discriminated `oneOf` lists objects that require the discriminator
//! property. A component's own top level refers only to components planned
//! before it (no `A = oneOf [A]` cycle without an object in between), while
//! properties, items and map values may refer to anything, itself included:
//! that is where recursion comes from.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{json, Map, Value};

use crate::names;

/// What a component schema is; decided before any schema is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An object with properties.
    Object,
    /// An object that requires the document's discriminator property.
    Variant,
    /// A string enum.
    Enum,
    /// An integer, number, boolean or string.
    Scalar,
    /// An array.
    Array,
    /// A map (`additionalProperties` only).
    Map,
    /// `oneOf` / `anyOf` without a discriminator.
    Union,
    /// `oneOf` / `anyOf` of variants, with a discriminator.
    Tagged,
    /// `allOf` of objects.
    AllOf,
    /// A bare `$ref` to an earlier component.
    Alias,
    /// Objects nested up to 20 deep.
    Deep,
    /// An object with up to 50 properties.
    Wide,
    /// `{}`: any value.
    Any,
}

/// The planned components a schema may refer to.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Component names, in document order.
    pub names: Vec<String>,
    /// Their kinds.
    pub kinds: Vec<Kind>,
    /// The discriminator property that every [`Kind::Variant`] requires.
    pub tag: String,
}

impl Ctx {
    /// The indices below `limit` whose kind passes `keep`.
    pub fn indices(&self, limit: usize, keep: impl Fn(Kind) -> bool) -> Vec<usize> {
        (0..self.names.len().min(limit))
            .filter(|&i| keep(self.kinds[i]))
            .collect()
    }

    /// `{"$ref": "#/components/schemas/NAME"}`.
    pub fn reference(&self, i: usize) -> Value {
        json!({ "$ref": format!("#/components/schemas/{}", self.names[i]) })
    }

    /// A `$ref` to one of `indices` (which must not be empty).
    pub fn ref_to(self: &Arc<Self>, indices: Vec<usize>) -> BoxedStrategy<Value> {
        let ctx = self.clone();
        proptest::sample::select(indices)
            .prop_map(move |i| ctx.reference(i))
            .boxed()
    }
}

fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Adds `description`, `title`, `nullable`, `readOnly`, `deprecated` at random.
pub fn decorate(schema: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        schema,
        proptest::option::weighted(0.3, names::description()),
        proptest::option::weighted(0.08, names::component_name()),
        proptest::option::weighted(0.25, Just(true)),
        proptest::option::weighted(0.05, Just(true)),
        proptest::option::weighted(0.05, Just(true)),
    )
        .prop_map(
            |(mut s, description, title, nullable, read_only, deprecated)| {
                if let Some(map) = s.as_object_mut() {
                    if map.contains_key("$ref") {
                        return s;
                    }
                    let mut set = |k: &str, v: Option<Value>| {
                        if let Some(v) = v {
                            map.insert(k.to_owned(), v);
                        }
                    };
                    set("description", description.map(Value::from));
                    set("title", title.map(Value::from));
                    set("nullable", nullable.map(Value::from));
                    set("readOnly", read_only.map(Value::from));
                    set("deprecated", deprecated.map(Value::from));
                }
                s
            },
        )
        .boxed()
}

/// `integer`, `number`, `boolean` and `string` with their formats and bounds.
pub fn scalar() -> BoxedStrategy<Value> {
    let int_format = proptest::sample::select(vec!["", "int32", "int64", "uint8", "int16"]);
    let integer = (int_format, -5i64..5, 0i64..100, any::<u8>()).prop_map(|(f, lo, span, bits)| {
        let mut s = object(vec![("type", json!("integer"))]);
        let m = s.as_object_mut().expect("an object");
        if !f.is_empty() {
            m.insert("format".into(), json!(f));
        }
        if bits & 1 != 0 {
            m.insert("minimum".into(), json!(lo));
        }
        if bits & 2 != 0 {
            m.insert("maximum".into(), json!(lo + span));
        }
        if bits & 5 == 5 {
            m.insert("exclusiveMinimum".into(), json!(true));
        }
        if bits & 8 != 0 {
            m.insert("multipleOf".into(), json!(1 + span % 5));
        }
        if bits & 16 != 0 {
            m.insert("enum".into(), json!([lo, lo + 1, lo + span]));
        }
        if bits & 32 != 0 && bits & 16 == 0 && bits & 3 == 0 {
            m.insert("default".into(), json!(0));
        }
        s
    });
    let number = (
        proptest::sample::select(vec!["", "float", "double", "decimal"]),
        any::<u8>(),
    )
        .prop_map(|(f, bits)| {
            let mut s = object(vec![("type", json!("number"))]);
            let m = s.as_object_mut().expect("an object");
            if !f.is_empty() {
                m.insert("format".into(), json!(f));
            }
            if bits & 1 != 0 {
                m.insert("minimum".into(), json!(-1.5));
            }
            if bits & 2 != 0 {
                m.insert("maximum".into(), json!(1e10));
            }
            if bits & 4 != 0 {
                m.insert("default".into(), json!(0.5));
            }
            s
        });
    let boolean = proptest::option::of(any::<bool>()).prop_map(|d| match d {
        Some(d) => json!({"type": "boolean", "default": d}),
        None => json!({"type": "boolean"}),
    });
    let formats = vec![
        "",
        "date-time",
        "date",
        "uuid",
        "byte",
        "binary",
        "password",
        "email",
        "uri",
        "hostname",
        "ipv4",
        "int64",
        "weird-format",
    ];
    let string = (proptest::sample::select(formats), any::<u8>()).prop_map(|(f, bits)| {
        let mut s = object(vec![("type", json!("string"))]);
        let m = s.as_object_mut().expect("an object");
        if !f.is_empty() {
            m.insert("format".into(), json!(f));
        }
        if bits & 1 != 0 {
            m.insert("minLength".into(), json!(1));
        }
        if bits & 2 != 0 {
            m.insert("maxLength".into(), json!(64));
        }
        if bits & 4 != 0 {
            m.insert("pattern".into(), json!("^[a-z]+\\d*$"));
        }
        if bits & 8 != 0 && bits & 5 == 0 && f.is_empty() {
            m.insert("default".into(), json!(""));
        }
        s
    });
    prop_oneof![2 => integer, 1 => number, 1 => boolean, 3 => string].boxed()
}

/// A string enum: odd values, sometimes duplicated, sometimes nullable with `null` listed.
pub fn string_enum() -> BoxedStrategy<Value> {
    (
        proptest::collection::vec(names::enum_value(), 1..7).prop_map(|mut v| {
            let mut seen = std::collections::BTreeSet::new();
            v.retain(|x| seen.insert(x.clone()));
            v
        }),
        any::<u8>(),
    )
        .prop_map(|(mut values, bits)| {
            // Duplicates: the specification's JSON Schema says SHOULD be
            // unique, openapi-spec-validator says MUST; now and then.
            if bits & 0x33 == 0x33 {
                values.push(values[0].clone());
            }
            let mut list: Vec<Value> = values.into_iter().map(Value::from).collect();
            let mut s = json!({"type": "string"});
            if bits & 6 == 6 {
                list.push(Value::Null);
                s["nullable"] = json!(true);
            }
            s["enum"] = Value::Array(list);
            s
        })
        .boxed()
}

/// Leaves: scalars, enums, `{}`, and refs to components below `limit`.
fn leaf(ctx: &Arc<Ctx>, limit: usize) -> BoxedStrategy<Value> {
    let mut arms: Vec<(u32, BoxedStrategy<Value>)> = vec![
        (4, scalar()),
        (2, string_enum()),
        (1, Just(json!({})).boxed()),
    ];
    let refs = ctx.indices(limit, |_| true);
    if !refs.is_empty() {
        arms.push((4, ctx.ref_to(refs)));
    }
    Union::new_weighted(arms).boxed()
}

/// An object: properties (some required), `additionalProperties` now and then.
pub fn object_of(
    inner: BoxedStrategy<Value>,
    props: std::ops::Range<usize>,
) -> BoxedStrategy<Value> {
    let extra = prop_oneof![
        6 => Just(None),
        1 => Just(Some(json!(true))),
        1 => Just(Some(json!(false))),
        1 => inner.clone().prop_map(Some),
    ];
    (
        proptest::collection::vec((names::property_name(), inner, any::<bool>()), props),
        extra,
    )
        .prop_map(|(props, extra)| {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (name, schema, req) in props {
                if properties.insert(name.clone(), schema).is_none() && req {
                    required.push(Value::from(name));
                }
            }
            let mut s = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                s["required"] = Value::Array(required);
            }
            if let Some(extra) = extra {
                s["additionalProperties"] = extra;
            }
            s
        })
        .boxed()
}

fn array_of(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (inner, any::<u8>())
        .prop_map(|(items, bits)| {
            let mut s = json!({"type": "array", "items": items});
            if bits & 1 != 0 {
                s["minItems"] = json!(1);
            }
            if bits & 2 != 0 {
                s["maxItems"] = json!(10);
            }
            if bits & 4 != 0 {
                s["uniqueItems"] = json!(true);
            }
            s
        })
        .boxed()
}

fn map_of(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    inner
        .prop_map(|v| json!({"type": "object", "additionalProperties": v}))
        .boxed()
}

/// `oneOf` or `anyOf` of 1 to 4 alternatives, no discriminator.
fn union_of(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (proptest::collection::vec(inner, 1..5), any::<bool>())
        .prop_map(|(alts, one)| {
            let key = if one { "oneOf" } else { "anyOf" };
            object(vec![(key, Value::Array(alts))])
        })
        .boxed()
}

/// `oneOf`/`anyOf` of variants with a discriminator, with or without a mapping.
pub fn tagged(ctx: &Arc<Ctx>, limit: usize) -> Option<BoxedStrategy<Value>> {
    let variants = ctx.indices(limit, |k| k == Kind::Variant);
    if variants.is_empty() {
        return None;
    }
    let ctx = ctx.clone();
    let n = variants.len();
    let mapping_keys = proptest::collection::vec(names::enum_value(), 1..4);
    Some(
        (
            proptest::sample::subsequence(variants, 1..=n.min(4)),
            any::<bool>(),
            proptest::option::of(mapping_keys),
        )
            .prop_map(move |(chosen, one, mapping)| {
                let alts: Vec<Value> = chosen.iter().map(|&i| ctx.reference(i)).collect();
                let mut disc = json!({"propertyName": ctx.tag});
                if let Some(keys) = mapping {
                    let mut m = Map::new();
                    for (j, key) in keys.into_iter().enumerate() {
                        m.insert(key, alts[j % alts.len()]["$ref"].clone());
                    }
                    disc["mapping"] = Value::Object(m);
                }
                let key = if one { "oneOf" } else { "anyOf" };
                object(vec![(key, Value::Array(alts)), ("discriminator", disc)])
            })
            .boxed(),
    )
}

/// `allOf` of refs to object components below `limit` and inline objects;
/// sometimes the `nullable` + one-`$ref` idiom.
fn all_of(ctx: &Arc<Ctx>, limit: usize, inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let objects = ctx.indices(limit, |k| {
        matches!(k, Kind::Object | Kind::Variant | Kind::AllOf | Kind::Wide)
    });
    let member = if objects.is_empty() {
        object_of(inner, 0..4)
    } else {
        prop_oneof![2 => ctx.ref_to(objects), 1 => object_of(inner, 0..4)].boxed()
    };
    (proptest::collection::vec(member, 1..4), any::<bool>())
        .prop_map(|(members, nullable)| {
            let mut s = json!({"allOf": members});
            if nullable {
                s["nullable"] = json!(true);
            }
            s
        })
        .boxed()
}

/// Any schema, `depth` levels of nesting at most. A bare `$ref` at the top
/// (or through unions and `allOf`) names a component below `limit`;
/// properties, items and map values may name any component.
pub fn schema(ctx: &Arc<Ctx>, depth: u32, limit: usize) -> BoxedStrategy<Value> {
    let all = ctx.names.len();
    let mut full = leaf(ctx, all);
    let mut limited = leaf(ctx, limit);
    for _ in 0..depth {
        let next = |inner_limited: BoxedStrategy<Value>, limit: usize| {
            let mut arms: Vec<(u32, BoxedStrategy<Value>)> = vec![
                (6, leaf(ctx, limit)),
                (2, object_of(full.clone(), 0..5)),
                (2, array_of(full.clone())),
                (1, map_of(full.clone())),
                (1, union_of(inner_limited.clone())),
                (1, all_of(ctx, limit, full.clone())),
            ];
            if let Some(t) = tagged(ctx, all) {
                arms.push((1, t));
            }
            decorate(Union::new_weighted(arms).boxed())
        };
        let new_full = next(full.clone(), all);
        limited = next(limited.clone(), limit);
        full = new_full;
    }
    if depth == 0 {
        return limited;
    }
    limited
}

/// An object `depth` levels deep, alternating plain nesting and arrays.
pub fn deep() -> BoxedStrategy<Value> {
    (
        10usize..21,
        proptest::collection::vec(names::property_name(), 20),
    )
        .prop_map(|(depth, names)| {
            let mut s = json!({"type": "string"});
            for (level, name) in names.into_iter().take(depth).enumerate() {
                let child = if level % 3 == 2 {
                    json!({"type": "array", "items": s})
                } else {
                    s
                };
                s = json!({"type": "object", "required": [name.clone()], "properties": {name: child}});
            }
            s
        })
        .boxed()
}

/// The top level of component `i`, by its kind.
pub fn component(ctx: &Arc<Ctx>, i: usize) -> BoxedStrategy<Value> {
    let full = schema(ctx, 2, ctx.names.len());
    let limited = schema(ctx, 1, i);
    match ctx.kinds[i] {
        Kind::Object => decorate(object_of(full, 0..7)),
        Kind::Variant => {
            let tag = ctx.tag.clone();
            object_of(full, 0..4)
                .prop_map(move |mut s| {
                    s["properties"][tag.as_str()] = json!({"type": "string"});
                    let required = s
                        .as_object_mut()
                        .expect("an object")
                        .entry("required")
                        .or_insert_with(|| json!([]));
                    if let Some(list) = required.as_array_mut() {
                        if !list.contains(&json!(tag)) {
                            list.push(json!(tag));
                        }
                    }
                    s
                })
                .boxed()
        }
        Kind::Enum => decorate(string_enum()),
        Kind::Scalar => decorate(scalar()),
        Kind::Array => decorate(array_of(full)),
        Kind::Map => decorate(map_of(full)),
        Kind::Union => decorate(union_of(limited)),
        Kind::Tagged => tagged(ctx, ctx.names.len()).unwrap_or_else(|| union_of(limited)),
        Kind::AllOf => decorate(all_of(ctx, i, full)),
        Kind::Alias => {
            let earlier = ctx.indices(i, |_| true);
            if earlier.is_empty() {
                scalar()
            } else {
                ctx.ref_to(earlier)
            }
        }
        Kind::Deep => deep(),
        Kind::Wide => object_of(leaf(ctx, ctx.names.len()), 30..51),
        Kind::Any => decorate(Just(json!({})).boxed()),
    }
}
