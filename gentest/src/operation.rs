//! Operation strategies: parameters in every location and style, request
//! bodies of every encoding, responses, and security requirements.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{json, Map, Value};

use crate::names;
use crate::schema::{self, Ctx, Kind};

/// A scalar, an enum, or a `$ref` to a scalar or enum component.
fn simple_schema(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    let mut arms: Vec<(u32, BoxedStrategy<Value>)> =
        vec![(4, schema::scalar()), (2, schema::string_enum())];
    let refs = ctx.indices(usize::MAX, |k| matches!(k, Kind::Scalar | Kind::Enum));
    if !refs.is_empty() {
        arms.push((2, ctx.ref_to(refs)));
    }
    Union::new_weighted(arms).boxed()
}

fn array_param(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    simple_schema(ctx)
        .prop_map(|items| json!({"type": "array", "items": items}))
        .boxed()
}

/// An object of simple properties (for exploded form, deepObject, path objects).
fn object_param(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    schema::object_of(simple_schema(ctx), 1..4)
        .prop_map(|mut s| {
            if let Some(m) = s.as_object_mut() {
                m.remove("additionalProperties");
            }
            s
        })
        .boxed()
}

/// Any schema a parameter in a `style` that takes values, arrays and objects can have.
fn value_schema(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    prop_oneof![4 => simple_schema(ctx), 2 => array_param(ctx), 1 => object_param(ctx)].boxed()
}

fn with_flags(
    base: BoxedStrategy<Value>,
    required: bool,
    extra: &'static [&'static str],
) -> BoxedStrategy<Value> {
    (
        base,
        any::<bool>(),
        proptest::option::weighted(0.2, names::description()),
        any::<u8>(),
    )
        .prop_map(move |(mut p, req, description, bits)| {
            if required || req {
                p["required"] = json!(true);
            }
            if let Some(d) = description {
                p["description"] = json!(d);
            }
            for (n, flag) in extra.iter().enumerate() {
                if bits & (1 << n) != 0 && p.get("content").is_none() {
                    p[*flag] = json!(true);
                }
            }
            if bits & 0x80 != 0 {
                p["deprecated"] = json!(true);
            }
            p
        })
        .boxed()
}

/// A path parameter named `name`: simple, label or matrix, exploded or not.
pub fn path_param(ctx: &Arc<Ctx>, name: String) -> BoxedStrategy<Value> {
    let style = proptest::option::of(proptest::sample::select(vec!["simple", "label", "matrix"]));
    let base = (
        value_schema(ctx),
        style,
        proptest::option::of(any::<bool>()),
    )
        .prop_map(move |(schema, style, explode)| {
            let mut p = json!({"name": name, "in": "path", "required": true, "schema": schema});
            if let Some(style) = style {
                p["style"] = json!(style);
            }
            if let Some(explode) = explode {
                p["explode"] = json!(explode);
            }
            p
        })
        .boxed();
    with_flags(base, true, &[])
}

/// A query parameter in one of the four query styles, with a schema that suits it.
fn query_param(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    let form = (value_schema(ctx), proptest::option::of(any::<bool>())).prop_map(|(s, e)| {
        let mut p = json!({"schema": s});
        if let Some(e) = e {
            p["explode"] = json!(e);
        }
        if e.is_some() {
            p["style"] = json!("form");
        }
        p
    });
    let delimited = (
        array_param(ctx),
        proptest::sample::select(vec!["spaceDelimited", "pipeDelimited"]),
    )
        .prop_map(|(s, style)| json!({"schema": s, "style": style, "explode": false}));
    let deep = object_param(ctx)
        .prop_map(|s| json!({"schema": s, "style": "deepObject", "explode": true}));
    let content = schema::object_of(simple_schema(ctx), 0..3)
        .prop_map(|s| json!({"content": {"application/json": {"schema": s}}}));
    let base = (
        prop_oneof![5 => form, 2 => delimited, 2 => deep, 1 => content],
        names::query_name(),
    )
        .prop_map(|(mut p, name)| {
            p["name"] = json!(name);
            p["in"] = json!("query");
            p
        })
        .boxed();
    with_flags(base, false, &["allowReserved", "allowEmptyValue"])
}

fn header_or_cookie(ctx: &Arc<Ctx>, location: &'static str) -> BoxedStrategy<Value> {
    let schema = if location == "header" {
        value_schema(ctx)
    } else {
        prop_oneof![3 => simple_schema(ctx), 1 => array_param(ctx)].boxed()
    };
    let base = (
        schema,
        names::token_name(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(move |(s, name, explode)| {
            let mut p = json!({"name": name, "in": location, "schema": s});
            if let Some(e) = explode {
                p["explode"] = json!(e);
            }
            p
        })
        .boxed();
    with_flags(base, false, &[])
}

/// Query, header and cookie parameters, unique by name and location (headers
/// case-insensitively).
pub fn other_params(ctx: &Arc<Ctx>) -> BoxedStrategy<Vec<Value>> {
    let one = prop_oneof![
        4 => query_param(ctx),
        2 => header_or_cookie(ctx, "header"),
        1 => header_or_cookie(ctx, "cookie"),
    ];
    proptest::collection::vec(one, 0..6)
        .prop_map(|params| {
            let mut seen = std::collections::BTreeSet::new();
            params
                .into_iter()
                .filter(|p| {
                    let name = p["name"].as_str().unwrap_or_default().to_owned();
                    let location = p["in"].as_str().unwrap_or_default().to_owned();
                    let key = if location == "query" {
                        name
                    } else {
                        name.to_ascii_lowercase()
                    };
                    seen.insert((key, location))
                })
                .collect()
        })
        .boxed()
}

/// Form and multipart bodies: objects of scalars, arrays and (multipart) files.
fn form_object(ctx: &Arc<Ctx>, multipart: bool) -> BoxedStrategy<Value> {
    let file = json!({"type": "string", "format": "binary"});
    let prop = if multipart {
        prop_oneof![
            3 => simple_schema(ctx),
            1 => array_param(ctx),
            2 => Just(file.clone()),
            1 => Just(json!({"type": "array", "items": file})),
            1 => schema::object_of(simple_schema(ctx), 0..3),
        ]
        .boxed()
    } else {
        prop_oneof![3 => simple_schema(ctx), 1 => array_param(ctx)].boxed()
    };
    schema::object_of(prop, 0..5)
}

/// One media type of a request body.
fn body_media(ctx: &Arc<Ctx>) -> BoxedStrategy<(String, Value)> {
    let json_schema = schema::schema(ctx, 2, ctx.names.len());
    let media = |t: &'static str, s: BoxedStrategy<Value>| {
        s.prop_map(move |s| (t.to_owned(), json!({"schema": s})))
            .boxed()
    };
    let form_encoding = (form_object(ctx, false), any::<bool>()).prop_map(|(s, explode)| {
        let mut m = json!({"schema": s});
        let first = s["properties"]
            .as_object()
            .and_then(|p| p.keys().next().cloned());
        if let Some(first) = first {
            m["encoding"] = json!({first: {"style": "form", "explode": explode}});
        }
        ("application/x-www-form-urlencoded".to_owned(), m)
    });
    prop_oneof![
        4 => media("application/json", json_schema.clone()),
        2 => form_encoding.boxed(),
        2 => media("multipart/form-data", form_object(ctx, true)),
        1 => media("text/plain", Just(json!({"type": "string"})).boxed()),
        1 => media("application/octet-stream", Just(json!({"type": "string", "format": "binary"})).boxed()),
        1 => media("application/xml", json_schema),
        1 => Just(("application/vnd.api+json; charset=utf-8".to_owned(), json!({}))).boxed(),
    ]
    .boxed()
}

fn content(media: BoxedStrategy<(String, Value)>, max: usize) -> BoxedStrategy<Value> {
    proptest::collection::vec(media, 1..=max)
        .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>()))
        .boxed()
}

/// A request body: one to three media types, required or not.
pub fn request_body(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    (
        content(body_media(ctx), 3),
        proptest::option::of(any::<bool>()),
        proptest::option::weighted(0.2, names::description()),
    )
        .prop_map(|(content, required, description)| {
            let mut b = json!({"content": content});
            if let Some(r) = required {
                b["required"] = json!(r);
            }
            if let Some(d) = description {
                b["description"] = json!(d);
            }
            b
        })
        .boxed()
}

fn response_media(ctx: &Arc<Ctx>) -> BoxedStrategy<(String, Value)> {
    let json_schema = schema::schema(ctx, 2, ctx.names.len());
    let media = |t: &'static str, s: BoxedStrategy<Value>| {
        s.prop_map(move |s| (t.to_owned(), json!({"schema": s})))
            .boxed()
    };
    prop_oneof![
        6 => media("application/json", json_schema.clone()),
        1 => media("application/problem+json", json_schema.clone()),
        1 => media("application/json; charset=utf-8", json_schema.clone()),
        1 => media("application/xml", json_schema),
        2 => media("text/plain", Just(json!({"type": "string"})).boxed()),
        1 => media("text/html", Just(json!({"type": "string"})).boxed()),
        2 => media("application/octet-stream", Just(json!({"type": "string", "format": "binary"})).boxed()),
        1 => Just(("*/*".to_owned(), json!({}))).boxed(),
    ]
    .boxed()
}

/// Responses: one to four status codes (ranges and `default` included).
pub fn responses(ctx: &Arc<Ctx>) -> BoxedStrategy<Value> {
    let codes = vec![
        "200", "201", "202", "204", "206", "301", "304", "400", "401", "404", "409", "422", "429",
        "4XX", "500", "5XX", "default",
    ];
    let header = (names::token_name(), simple_schema(ctx))
        .prop_map(|(name, schema)| (name, json!({"schema": schema})));
    let one = (
        proptest::option::weighted(0.8, content(response_media(ctx), 2)),
        names::description(),
        proptest::collection::vec(header, 0..2),
    );
    (
        proptest::sample::subsequence(codes, 1..4),
        proptest::collection::vec(one, 4),
    )
        .prop_map(|(codes, bodies)| {
            let mut out = Map::new();
            for (code, (content, description, headers)) in codes.into_iter().zip(bodies) {
                let mut r = json!({"description": description});
                if let Some(c) = content.filter(|_| code != "204" && code != "304") {
                    r["content"] = c;
                }
                if !headers.is_empty() {
                    r["headers"] = Value::Object(headers.into_iter().collect());
                }
                out.insert(code.to_owned(), r);
            }
            Value::Object(out)
        })
        .boxed()
}

/// Security schemes: HTTP basic, bearer and digest, API keys in each place, OAuth2, OpenID Connect.
pub fn security_scheme() -> BoxedStrategy<Value> {
    let scopes = proptest::collection::vec(names::enum_value(), 0..3).prop_map(|s| {
        Value::Object(
            s.into_iter()
                .map(|k| (k, json!("a scope")))
                .collect::<Map<_, _>>(),
        )
    });
    let api_key = (
        proptest::sample::select(vec!["header", "query", "cookie"]),
        names::token_name(),
    )
        .prop_map(|(location, name)| json!({"type": "apiKey", "in": location, "name": name}));
    let oauth = (scopes, any::<bool>()).prop_map(|(scopes, code)| {
        let flows = if code {
            json!({"authorizationCode": {"authorizationUrl": "https://example.com/authorize",
                "tokenUrl": "https://example.com/token", "scopes": scopes}})
        } else {
            json!({"clientCredentials": {"tokenUrl": "https://example.com/token", "scopes": scopes},
                "implicit": {"authorizationUrl": "https://example.com/authorize", "scopes": {}}})
        };
        json!({"type": "oauth2", "flows": flows})
    });
    prop_oneof![
        2 => Just(json!({"type": "http", "scheme": "basic"})),
        2 => Just(json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})),
        1 => Just(json!({"type": "http", "scheme": "Bearer"})),
        1 => Just(json!({"type": "http", "scheme": "digest"})),
        4 => api_key,
        2 => oauth,
        1 => Just(json!({"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known/openid-configuration"})),
    ]
    .boxed()
}

/// A `security` list over the `schemes` (names and definitions): empty,
/// one requirement, alternatives, or a requirement with two schemes.
pub fn requirements(schemes: &[(String, Value)]) -> BoxedStrategy<Value> {
    let names: Vec<(String, Vec<Value>)> = schemes
        .iter()
        .map(|(name, s)| {
            let scopes = s["flows"]
                .as_object()
                .and_then(|f| f.values().next())
                .and_then(|f| f["scopes"].as_object())
                .map(|m| m.keys().take(1).map(|k| json!(k)).collect())
                .unwrap_or_default();
            (name.clone(), scopes)
        })
        .collect();
    if names.is_empty() {
        return Just(json!([])).boxed();
    }
    let requirement = proptest::sample::subsequence(names.clone(), 0..=names.len().min(2))
        .prop_map(|chosen| Value::Object(chosen.into_iter().map(|(n, s)| (n, json!(s))).collect()));
    proptest::collection::vec(requirement, 0..3)
        .prop_map(Value::Array)
        .boxed()
}
