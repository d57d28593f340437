//! The `object!` and `open_enum!` macros that generated code calls, used
//! here directly on hand-written types.

use std::collections::BTreeMap;

use apigen_runtime::__private;
use serde_json::{json, Value};

/// Fields named like the macro's own locals (`map`, `key`, `value`,
/// `serializer`), one of each kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Awkward {
    pub map: String,
    pub key: Option<i64>,
    pub value: Option<String>,
    pub serializer: Option<f64>,
    pub amount: f64,
    pub r#type: Option<String>,
    pub rest: BTreeMap<String, Value>,
}

__private::object!(
    Awkward {
        map: Req("map", String),
        key: ReqNull("key", Option<i64>),
        value: OptNull("value", Option<String>),
        serializer: OptNum("serializer", Option<f64>),
        amount: ReqNum("amount", f64),
        r#type: Opt("type", Option<String>),
        ..rest
    },
    nulls = [(value, "value")]
);

/// An object whose unknown properties must be integers.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    pub total: i64,
    pub others: BTreeMap<String, i64>,
}

__private::object!(Counts {
    total: Req("total", i64),
    ..others
});

/// Types named like one-letter generic parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct A {
    pub d: Option<D>,
    pub extra: BTreeMap<String, Value>,
}

__private::object!(A {
    d: Opt("d", Option<D>),
    ..extra
});

#[derive(Debug, Clone, PartialEq)]
pub struct D {
    pub s: S,
    pub extra: BTreeMap<String, Value>,
}

__private::object!(D {
    s: Req("s", S),
    ..extra
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S {
    X,
    Other(String),
}

__private::open_enum!(S { X: "x", ..Other });

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Colour {
    Red,
    Other(String),
}

__private::open_enum!(Colour {
    Red: "red",
    ..Other
});

#[test]
fn fields_named_like_the_macro_locals_decode_and_encode() {
    let input = json!({
        "map": "m", "key": null, "value": null, "serializer": 2.0, "amount": 3.5,
        "type": "t", "unknown": [1]
    });
    let a: Awkward = serde_json::from_value(input).unwrap();
    assert_eq!(a.map, "m");
    assert_eq!(a.key, None);
    assert_eq!(a.value, None);
    assert_eq!(a.serializer, Some(2.0));
    assert_eq!(a.r#type.as_deref(), Some("t"));
    // The explicit null of the optional nullable field is remembered.
    assert_eq!(a.rest["value"], Value::Null);
    assert_eq!(a.rest["unknown"], json!([1]));
    let out = serde_json::to_value(&a).unwrap();
    assert_eq!(
        out,
        json!({
            "map": "m", "key": null, "value": null, "serializer": 2, "amount": 3.5,
            "type": "t", "unknown": [1]
        })
    );
    // Known fields come first, in declaration order, then the others.
    let text = serde_json::to_string(&a).unwrap();
    assert!(
        text.starts_with(r#"{"map":"m","key":null,"serializer":2,"amount":3.5"#),
        "{text}"
    );
}

#[test]
fn a_set_field_hides_its_remembered_null() {
    let mut a: Awkward =
        serde_json::from_value(json!({"map": "m", "key": 1, "value": null, "amount": 1})).unwrap();
    a.value = Some("now set".into());
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(text.matches("\"value\"").count(), 1, "{text}");
    assert_eq!(serde_json::to_value(&a).unwrap()["value"], "now set");
}

#[test]
fn missing_or_null_required_fields_are_named() {
    let err = serde_json::from_value::<Awkward>(json!({"key": 1})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `map`");
    let err = serde_json::from_str::<Awkward>(r#"{"map": null, "amount": 1}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("field `map` must not be null"),
        "{err}"
    );
    // The first missing field in declaration order is the one reported.
    let err = serde_json::from_value::<Awkward>(json!({"key": 1})).unwrap_err();
    assert!(!err.to_string().contains("amount"), "{err}");
    let err = serde_json::from_value::<Awkward>(json!({"map": "m"})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `amount`");
    // Not an object at all.
    let err = serde_json::from_value::<Awkward>(json!([1])).unwrap_err();
    assert!(err.to_string().contains("an object `Awkward`"), "{err}");
}

#[test]
fn typed_extra_maps_check_unknown_values() {
    let c: Counts = serde_json::from_value(json!({"total": 3, "a": 1, "b": 2})).unwrap();
    assert_eq!(c.others.len(), 2);
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"total": 3, "a": 1, "b": 2})
    );
    assert!(serde_json::from_value::<Counts>(json!({"total": 3, "a": "x"})).is_err());
}

#[test]
fn open_enums_keep_unknown_values() {
    let c: Colour = serde_json::from_value(json!("red")).unwrap();
    assert_eq!(c, Colour::Red);
    let c: Colour = serde_json::from_value(json!("teal")).unwrap();
    assert_eq!(c, Colour::Other("teal".into()));
    assert_eq!(serde_json::to_value(&c).unwrap(), json!("teal"));
    assert_eq!(c.to_string(), "teal");
    assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
    assert_eq!(
        Colour::from(String::from("blue")),
        Colour::Other("blue".into())
    );
    assert!(serde_json::from_value::<Colour>(json!(1)).is_err());
    assert_eq!(Colour::Red.as_str(), "red");
    assert_eq!(Colour::from("red"), Colour::Red);
}

#[test]
fn types_named_like_generic_parameters() {
    let a: A = serde_json::from_value(json!({"d": {"s": "x"}})).unwrap();
    assert_eq!(a.d.as_ref().unwrap().s, S::X);
    assert_eq!(serde_json::to_value(&a).unwrap(), json!({"d": {"s": "x"}}));
}

/// The shape of [`Outer`] and [`Inner`] written with serde's derive: the
/// errors of the generated decoder must read as the derive's do.
mod derived {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Outer {
        pub id: String,
        pub count: Option<i64>,
        pub inner: Option<Inner>,
        pub items: Option<Vec<Inner>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Inner {
        pub name: String,
        pub size: Option<i64>,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outer {
    pub id: String,
    pub count: Option<i64>,
    pub inner: Option<Inner>,
    pub items: Option<Vec<Inner>>,
    pub extra: BTreeMap<String, Value>,
}

__private::object!(Outer {
    id: Req("id", String),
    count: Opt("count", Option<i64>),
    inner: Opt("inner", Option<Inner>),
    items: Opt("items", Option<Vec<Inner>>),
    ..extra
});

#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    pub name: String,
    pub size: Option<i64>,
    pub extra: BTreeMap<String, Value>,
}

__private::object!(Inner {
    name: Req("name", String),
    size: Opt("size", Option<i64>),
    ..extra
});

#[test]
fn decode_errors_read_as_the_derives_with_one_position() {
    let cases = [
        r#"{"id": 5}"#,
        r#"{"id": "a", "count": "many"}"#,
        r#"{"id": "a", "inner": {"name": 7}}"#,
        r#"{"id": "a", "inner": {"size": 1}}"#,
        r#"{"id": "a", "items": [{"name": "x"}, {"name": "y", "size": true}]}"#,
        r#"{"id": "a", "items": [{"name": "x"}, {"name": "y", "size": 1"#,
        r#"{"id": "a", "inner": {"name": "x",}}"#,
        r#"{"count": 1}"#,
        r#"{"id": "a", "count": 1.5}"#,
    ];
    for text in cases {
        let generated = serde_json::from_str::<Outer>(text).unwrap_err();
        let derived = serde_json::from_str::<derived::Outer>(text).unwrap_err();
        assert_eq!(generated.to_string(), derived.to_string(), "{text}");
        assert_eq!(
            (generated.line(), generated.column(), generated.classify()),
            (derived.line(), derived.column(), derived.classify()),
            "{text}"
        );
    }
    // And the values decode alike.
    let text =
        r#"{"id": "a", "count": 2, "inner": {"name": "x", "size": 3, "more": 1}, "items": []}"#;
    let outer: Outer = serde_json::from_str(text).unwrap();
    assert_eq!(outer.inner.as_ref().unwrap().size, Some(3));
    assert_eq!(outer.inner.unwrap().extra["more"], json!(1));
    assert_eq!(outer.items, Some(vec![]));
}
