//! Runtime behaviour of code generated from the one-feature specs in
//! `tests/specs/` (compiled into this crate by build.rs).

use apigen_suite::fixtures::{edge_cases, maps, names, open_enum, optional_nullable, refs, unions};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

#[test]
fn discriminated_union_picks_by_tag_and_keeps_unknown_tags() {
    let page: unions::ListPetsResponse200 = round_trip(json!({
        "pets": [
            {"kind": "cat", "name": "Tom", "lives": 9},
            {"kind": "dog", "good": true},
            {"kind": "parrot", "words": 12}
        ],
        "id_or_name": 7
    }));
    let pets = page.pets.unwrap();
    assert!(matches!(&pets[0], unions::Pet::Cat(c) if c.lives == Some(9)));
    assert!(matches!(&pets[1], unions::Pet::Dog(d) if d.good));
    assert!(matches!(&pets[2], unions::Pet::Unknown(v) if v["words"] == 12));
    assert_eq!(
        page.id_or_name,
        Some(unions::ListPetsResponse200IdOrName::Integer(7))
    );

    let named: unions::ListPetsResponse200 = round_trip(json!({"id_or_name": "seven"}));
    assert_eq!(
        named.id_or_name,
        Some(unions::ListPetsResponse200IdOrName::String("seven".into()))
    );
    // A known tag whose payload does not fit is kept, not an error.
    let odd: unions::Pet = round_trip(json!({"kind": "dog", "good": "very"}));
    assert!(matches!(odd, unions::Pet::Unknown(_)));
}

#[test]
fn all_of_merges_required_properties() {
    let dog: unions::Dog = round_trip(json!({"kind": "dog", "name": "Rex", "good": false}));
    assert_eq!(dog.name.as_deref(), Some("Rex"));
    // `good` comes from the second allOf member and is required there.
    assert!(serde_json::from_value::<unions::Dog>(json!({"kind": "dog"})).is_err());
}

#[test]
fn recursive_types_decode_deeply() {
    let tree: refs::Node = round_trip(json!({
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "a1"}]}, {"name": "b"}],
        "parent": {"name": "none"},
        "link": {"target": {"name": "elsewhere"}}
    }));
    assert_eq!(
        tree.children.as_ref().unwrap()[0]
            .children
            .as_ref()
            .unwrap()[0]
            .name,
        "a1"
    );
    assert_eq!(tree.parent.as_ref().unwrap().name, "none");

    let list: edge_cases::List = round_trip(json!([[], [[]]]));
    assert_eq!(list.0.len(), 2);
    let expr: edge_cases::Expr = round_trip(json!({"inner": {"inner": "leaf"}}));
    assert!(matches!(expr, edge_cases::Expr::ExprVariant3(_)));
}

#[test]
fn maps_keep_typed_values_and_unknown_properties() {
    let config: maps::Config = round_trip(json!({
        "metadata": {"a": "1"},
        "limits": {"rps": 10},
        "free_form": {"x": [1, {"y": null}]},
        "nested": {"feature": {"enabled": true}},
        "unknown_extra": "kept"
    }));
    assert_eq!(config.limits.unwrap()["rps"], 10);
    assert_eq!(config.extra["unknown_extra"], "kept");
    // additionalProperties says unknown properties are strings.
    assert!(serde_json::from_value::<maps::Config>(json!({"unknown_extra": 5})).is_err());
}

#[test]
fn optional_and_nullable_are_distinct() {
    let item: optional_nullable::Item =
        round_trip(json!({"required_plain": "a", "required_nullable": null}));
    assert_eq!(item.required_nullable, None);
    assert_eq!(item.optional_plain, None);
    // Absent stays absent; a required nullable field is written as null.
    let out = serde_json::to_value(&item).unwrap();
    assert!(out.get("optional_plain").is_none());
    assert!(out.get("optional_nullable").is_none());
    assert_eq!(out.get("required_nullable"), Some(&Value::Null));
    // An explicit null on an optional nullable field comes back as null...
    let item: optional_nullable::Item = round_trip(
        json!({"required_plain": "a", "required_nullable": "b", "optional_nullable": null}),
    );
    assert_eq!(item.optional_nullable, None);
    // ...unless the field was set since.
    let mut item = item;
    item.optional_nullable = Some(1.5);
    let out = serde_json::to_value(&item).unwrap();
    assert_eq!(out["optional_nullable"], 1.5);
    assert_eq!(out.as_object().unwrap().len(), 3);
    assert!(
        serde_json::from_value::<optional_nullable::Item>(json!({"required_plain": null})).is_err()
    );
    // A required field absent or null fails, naming the field.
    let absent = serde_json::from_value::<optional_nullable::Item>(json!({})).unwrap_err();
    assert_eq!(absent.to_string(), "missing field `required_plain`");
    let null =
        serde_json::from_str::<optional_nullable::Item>(r#"{"required_plain": null}"#).unwrap_err();
    assert!(
        null.to_string()
            .starts_with("field `required_plain` must not be null"),
        "{null}"
    );
}

#[test]
fn awkward_names_keep_their_wire_names() {
    let value = json!({
        "type": "t", "self": "s", "crate": "c", "fooBar": "1", "foo_bar": "2", "foo-bar": "3",
        "2fa": true, "@id": "x", "extra": "field", "Box": {"value": "v"}, "client": {"id": "c1"},
        "not_in_spec": 1
    });
    // Schemas named like the std types the generated code names unqualified
    // (`Option`, `Box`) get a `Model` suffix, like `Client`.
    let o: names::OptionModel = round_trip(value);
    let boxed: Option<names::BoxModel> = o.r#box.clone();
    assert_eq!(boxed.unwrap().value.as_deref(), Some("v"));
    assert_eq!(o.r#type.as_deref(), Some("t"));
    assert_eq!(o.self_.as_deref(), Some("s"));
    assert_eq!(
        (
            o.foo_bar.as_deref(),
            o.foo_bar_2.as_deref(),
            o.foo_bar_3.as_deref()
        ),
        (Some("1"), Some("2"), Some("3"))
    );
    assert_eq!(o.n2fa, Some(true));
    assert_eq!(o.extra.as_deref(), Some("field"));
    assert_eq!(o.extra_fields["not_in_spec"], 1);
    assert_eq!(o.client.unwrap().id.as_deref(), Some("c1"));
}

#[test]
fn enum_values_with_symbols() {
    let thing: open_enum::Thing = round_trip(json!({"color": "dark-blue", "sign": "-1"}));
    assert_eq!(thing.color, open_enum::Color::DarkBlue);
    assert_eq!(thing.sign, Some(open_enum::ThingSign::Minus1));
    let thing: open_enum::Thing = round_trip(json!({"color": "", "sign": "unknown"}));
    assert_eq!(thing.color, open_enum::Color::Unknown(String::new()));
    // The spec's own value "unknown" is a known variant; the catch-all moved aside.
    assert_eq!(thing.sign, Some(open_enum::ThingSign::Unknown));
    let thing: open_enum::Thing = round_trip(json!({"color": "red", "sign": "0"}));
    assert_eq!(
        thing.sign,
        Some(open_enum::ThingSign::UnknownValue("0".into()))
    );
}
