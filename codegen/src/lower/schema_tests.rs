//! Tests of schemas: names, field kinds, discriminators.

use crate::ir::*;
use crate::lower::{lower_yaml, type_named};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Result"}
components:
  schemas:
    Result:
      type: object
      required: [fooBar, self]
      properties:
        fooBar: {type: string}
        foo_bar: {type: string, nullable: true}
        foo-bar: {type: number}
        self: {type: string}
        Self: {type: string}
        extra: {type: string}
        status: {type: string, enum: [open, Open, unknown, Unknown]}
"##;

#[test]
fn names_collide_deterministically() {
    let api = lower_yaml(SPEC);
    // `Result` is a name the generated code uses: the schema gets a suffix.
    let TypeKind::Struct(s) = type_named(&api, "ResultModel") else {
        panic!("a struct")
    };
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "foo_bar",
            "foo_bar_2",
            "foo_bar_3",
            "self_",
            "self_2",
            "extra",
            "status"
        ]
    );
    assert_eq!(s.extra_name, "extra_fields");
    let TypeKind::Enum(e) = type_named(&api, "ResultModelStatus") else {
        panic!("an enum")
    };
    let variants: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(variants, ["Open", "Open2", "Unknown", "Unknown2"]);
    assert_eq!(e.unknown, "UnknownValue");
}

#[test]
fn field_kinds_and_numbers_are_decided() {
    let api = lower_yaml(SPEC);
    let TypeKind::Struct(s) = type_named(&api, "ResultModel") else {
        panic!("a struct")
    };
    let kinds: Vec<(FieldKind, bool)> = s.fields.iter().map(|f| (f.kind, f.number)).collect();
    assert_eq!(kinds[0], (FieldKind::Required, false));
    assert_eq!(kinds[1], (FieldKind::OptionalNullable, false));
    assert_eq!(kinds[2], (FieldKind::Optional, true));
}

#[test]
fn a_discriminator_no_alternative_has_is_not_used() {
    let spec = |prop: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Pet'}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator: {{propertyName: {prop}}}\n    Cat: {{type: object, properties: {{kind: {{type: string}}, purrs: {{type: boolean}}}}}}\n    Dog: {{type: object, properties: {{kind: {{type: string}}, barks: {{type: boolean}}}}}}\n")
    };
    let discriminator = |prop| match type_named(&lower_yaml(&spec(prop)), "Pet") {
        TypeKind::Union(u) => u.discriminator.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(discriminator("kind"), Some("kind".to_owned()));
    assert_eq!(discriminator("type"), None);
}

#[test]
fn a_mapping_to_a_missing_schema_is_refused() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}]\n      discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}\n    Cat: {type: object, properties: {kind: {type: string}}}\n";
    let doc = crate::load::load_str(std::path::Path::new("t.yaml"), yaml).unwrap();
    match crate::lower::lower(&doc) {
        Err(crate::Error::Invalid {
            location, message, ..
        }) => {
            assert_eq!(
                location.pointer,
                "/components/schemas/Pet/discriminator/mapping/dog"
            );
            assert!(
                message.contains("`Dog`, which is not in the document"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// An inline `allOf` inside `A` that merges `A` itself (found by the
/// generative compile test) lowers to one recursive type instead of
/// nesting until the depth guard refuses the document.
#[test]
fn an_inline_all_of_merging_its_enclosing_schema_ends() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        next:\n          allOf:\n            - {$ref: '#/components/schemas/A'}\n            - {type: object, properties: {b: {type: string}}}\n";
    let api = lower_yaml(yaml);
    let TypeKind::Struct(next) = type_named(&api, "ANext") else {
        panic!("ANext is a struct")
    };
    let fields: Vec<(&str, &TypeRef)> = next
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "next",
                &TypeRef::Boxed(Box::new(TypeRef::Named("ANext".into())))
            ),
            ("b", &TypeRef::String)
        ]
    );
    assert_eq!(
        api.types.len(),
        2,
        "{:?}",
        api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
}

/// The same through a map value (found by the generative compile test).
#[test]
fn an_all_of_merging_its_enclosing_schema_in_a_map_value_ends() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/M'}\ncomponents:\n  schemas:\n    M:\n      type: object\n      properties:\n        u:\n          type: object\n          additionalProperties:\n            allOf:\n            - $ref: '#/components/schemas/M'\n            - $ref: '#/components/schemas/M'\n";
    let api = lower_yaml(yaml);
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    // `MuValue` (M merged with M) has M's fields: it is M (see dedup.rs).
    assert_eq!(names, ["M"]);
}

/// The same through a component's own `allOf` whose inline member has the
/// map (found by the generative compile test, seed 3).
#[test]
fn an_all_of_merging_its_enclosing_schema_through_its_own_all_of_ends() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/D'}\ncomponents:\n  schemas:\n    D:\n      allOf:\n      - type: object\n        additionalProperties:\n          type: object\n          properties:\n            extra:\n              allOf:\n              - $ref: '#/components/schemas/D'\n              - {type: object, properties: {b: {type: string}}}\n";
    let api = lower_yaml(yaml);
    assert!(
        api.types.len() <= 4,
        "{:?}",
        api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
}

/// A nullable item or map value is `Option<T>`, whether the nullability
/// is the component's, inline, or on an `allOf` wrapper; a plain one stays
/// `T`, and a nullable value without a type stays JSON (which holds `null`).
#[test]
fn nullable_items_and_map_values_are_options() {
    let api = lower_yaml(include_str!("../../../tests/specs/nullable_items.yaml"));
    let TypeKind::Struct(s) = type_named(&api, "Board") else {
        panic!("a struct")
    };
    let ty = |wire: &str| s.fields.iter().find(|f| f.wire == wire).unwrap().ty.clone();
    let named = |n: &str| Box::new(TypeRef::Named(n.into()));
    let opt = |t: TypeRef| TypeRef::Option(Box::new(t));
    assert_eq!(
        ty("members"),
        TypeRef::Vec(Box::new(opt(TypeRef::Named("NullableUser".into()))))
    );
    assert_eq!(
        ty("scores"),
        TypeRef::Vec(Box::new(opt(TypeRef::Integer(IntKind::I64))))
    );
    assert_eq!(
        ty("owners"),
        TypeRef::Vec(Box::new(TypeRef::Option(named("User"))))
    );
    assert_eq!(
        ty("counts"),
        TypeRef::Map(Box::new(TypeRef::Option(named("NullableCount"))))
    );
    assert_eq!(ty("notes"), TypeRef::Map(Box::new(opt(TypeRef::String))));
    assert_eq!(
        ty("grid"),
        TypeRef::Vec(Box::new(TypeRef::Vec(Box::new(opt(TypeRef::Number)))))
    );
    let plain = lower_yaml(
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  ids: {type: array, items: {type: integer}}
                  any: {type: array, items: {nullable: true}}
                  values: {type: object, additionalProperties: {nullable: true}}
"##,
    );
    let TypeKind::Struct(s) = &plain.types[0].kind else {
        panic!("a struct")
    };
    assert_eq!(
        s.fields[0].ty,
        TypeRef::Vec(Box::new(TypeRef::Integer(IntKind::I64)))
    );
    assert_eq!(s.fields[1].ty, TypeRef::Vec(Box::new(TypeRef::Json)));
    assert_eq!(s.fields[2].ty, TypeRef::Map(Box::new(TypeRef::Json)));
}

#[test]
fn object_keywords_beside_another_type_make_no_object() {
    let api = lower_yaml(
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Delivery"}
components:
  schemas:
    Delivery:
      type: object
      properties:
        payload: {type: string, nullable: true, additionalProperties: true}
        note: {type: string, properties: {a: {type: string}}}
        ids: {type: array, properties: {a: {type: string}}, items: {type: integer}}
        count: {type: integer, items: {type: string}}
        loose: {additionalProperties: {type: integer}}
"##,
    );
    let TypeKind::Struct(s) = type_named(&api, "Delivery") else {
        panic!("a struct")
    };
    let ty = |wire: &str| s.fields.iter().find(|f| f.wire == wire).unwrap().ty.clone();
    assert_eq!(ty("payload"), TypeRef::String);
    assert_eq!(ty("note"), TypeRef::String);
    assert_eq!(
        ty("ids"),
        TypeRef::Vec(Box::new(TypeRef::Integer(IntKind::I64)))
    );
    assert_eq!(ty("count"), TypeRef::Integer(IntKind::I64));
    // Without a `type`, the keywords still say what it is.
    assert_eq!(
        ty("loose"),
        TypeRef::Map(Box::new(TypeRef::Integer(IntKind::I64)))
    );
}

#[test]
fn additional_properties_beside_another_type_keep_that_type() {
    // GitHub's `hook-delivery`: `payload: {type: string, nullable: true,
    // additionalProperties: true}` is a string, not a map.
    let api = lower_yaml(
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Delivery"}
components:
  schemas:
    Delivery:
      type: object
      required: [payload, headers, extra]
      properties:
        payload: {type: string, nullable: true, additionalProperties: true}
        headers: {type: object, nullable: true, additionalProperties: true}
        extra: {additionalProperties: {type: integer}}
"##,
    );
    let TypeKind::Struct(s) = type_named(&api, "Delivery") else {
        panic!("a struct")
    };
    let ty = |wire: &str| s.fields.iter().find(|f| f.wire == wire).unwrap().ty.clone();
    let inner = |t: TypeRef| match t {
        TypeRef::Option(t) => *t,
        t => t,
    };
    assert_eq!(inner(ty("payload")), TypeRef::String);
    assert!(
        matches!(inner(ty("headers")), TypeRef::Map(_)),
        "{:?}",
        ty("headers")
    );
    assert_eq!(
        inner(ty("extra")),
        TypeRef::Map(Box::new(TypeRef::Integer(IntKind::I64)))
    );
}

#[test]
fn properties_beside_type_array_keep_the_array() {
    // VTEX's `UpsertMapping`: `type: array` with `items`, and the items'
    // `properties` repeated beside them; the value is an array.
    let api = lower_yaml(
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
components:
  schemas:
    Holder:
      type: object
      required: [mapping]
      properties:
        mapping:
          type: array
          items:
            type: object
            properties:
              channel: {type: string}
          properties:
            channel: {type: string}
"##,
    );
    let TypeKind::Struct(s) = type_named(&api, "Holder") else {
        panic!("a struct")
    };
    let ty = s
        .fields
        .iter()
        .find(|f| f.wire == "mapping")
        .unwrap()
        .ty
        .clone();
    assert!(matches!(ty, TypeRef::Vec(_)), "{ty:?}");
}
