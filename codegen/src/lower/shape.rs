//! The shape of a schema, whichever way openapiv3 parsed it.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::ir::IntKind;

/// The shape of a schema, whichever way openapiv3 parsed it.
pub(super) enum Shape {
    /// A string, with its `format`.
    String(Option<String>),
    Enum(Vec<String>),
    Integer(IntKind),
    Number,
    Bool,
    Array(Option<ReferenceOr<Box<Schema>>>),
    Object {
        properties: Vec<(String, ReferenceOr<Box<Schema>>)>,
        required: BTreeSet<String>,
        additional: Option<AdditionalProperties>,
    },
    AllOf(Vec<ReferenceOr<Schema>>),
    /// Alternatives, the discriminator, and the keyword (`oneOf` or `anyOf`).
    OneOf(
        Vec<ReferenceOr<Schema>>,
        Option<openapiv3::Discriminator>,
        &'static str,
    ),
    Any,
}

impl Shape {
    pub(super) fn of(schema: &Schema) -> Shape {
        let disc = schema.schema_data.discriminator.clone();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Shape::String(string_format(&s.format))
                } else {
                    Shape::Enum(values)
                }
            }
            SchemaKind::Type(Type::Integer(i)) => Shape::Integer(int_kind(&i.format)),
            SchemaKind::Type(Type::Number(_)) => Shape::Number,
            SchemaKind::Type(Type::Boolean(_)) => Shape::Bool,
            SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.clone()),
            SchemaKind::Type(Type::Object(o)) => Shape::Object {
                properties: o
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                required: o.required.iter().cloned().collect(),
                additional: o.additional_properties.clone(),
            },
            SchemaKind::AllOf { all_of } => Shape::AllOf(all_of.clone()),
            SchemaKind::OneOf { one_of } => Shape::OneOf(one_of.clone(), disc, "oneOf"),
            SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of.clone(), disc, "anyOf"),
            SchemaKind::Not { .. } => Shape::Any,
            SchemaKind::Any(any) => Shape::of_any(schema, any, disc),
        }
    }

    /// A schema openapiv3 could not type (`type` missing, or several
    /// keywords at once).
    fn of_any(
        schema: &Schema,
        any: &openapiv3::AnySchema,
        disc: Option<openapiv3::Discriminator>,
    ) -> Shape {
        if !any.one_of.is_empty() {
            return Shape::OneOf(any.one_of.clone(), disc, "oneOf");
        }
        if !any.any_of.is_empty() {
            return Shape::OneOf(any.any_of.clone(), disc, "anyOf");
        }
        if !any.all_of.is_empty() {
            let mut members = any.all_of.clone();
            if !any.properties.is_empty() {
                // Properties beside allOf: merge them as one more member.
                let mut own = schema.clone();
                if let SchemaKind::Any(a) = &mut own.schema_kind {
                    a.all_of.clear();
                    a.one_of.clear();
                    a.any_of.clear();
                }
                members.push(ReferenceOr::Item(own));
            }
            return Shape::AllOf(members);
        }
        let typ = any.typ.as_deref();
        // `additionalProperties` makes an object only where no other type
        // is stated: GitHub's `hook-delivery` gives a `type: string`
        // payload `additionalProperties: true`, and the value is a string.
        // Properties make an object whatever `type` says (a `type: string`
        // beside `properties` is an object on the wire), except beside
        // `type: array`, whose `items` say what the value is (VTEX's
        // `UpsertMapping`: `type: array`, `items` and the items' `properties`
        // repeated beside them).
        if (!any.properties.is_empty() && typ != Some("array"))
            || typ == Some("object")
            || (any.additional_properties.is_some() && typ.is_none())
        {
            return Shape::Object {
                properties: any
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                required: any.required.iter().cloned().collect(),
                additional: any.additional_properties.clone(),
            };
        }
        if any.items.is_some() || typ == Some("array") {
            return Shape::Array(any.items.clone());
        }
        let strings: Vec<String> = any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        match typ {
            Some("string") | None
                if !strings.is_empty()
                    && strings.len() == any.enumeration.iter().filter(|v| !v.is_null()).count() =>
            {
                Shape::Enum(strings)
            }
            Some("string") => Shape::String(any.format.clone()),
            Some("integer") => {
                Shape::Integer(wide_int(any).unwrap_or(int_kind_str(any.format.as_deref())))
            }
            Some("number") => Shape::Number,
            Some("boolean") => Shape::Bool,
            _ => Shape::Any,
        }
    }
}

fn string_format(
    format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>,
) -> Option<String> {
    use openapiv3::StringFormat;
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(f) => Some(
            match f {
                StringFormat::Date => "date",
                StringFormat::DateTime => "date-time",
                StringFormat::Password => "password",
                StringFormat::Byte => "byte",
                StringFormat::Binary => "binary",
            }
            .to_owned(),
        ),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn int_kind(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> IntKind {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntKind::I32,
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => int_kind_str(Some(s)),
        _ => IntKind::I64,
    }
}

/// An integer schema whose enum values or bounds do not fit an `i64`
/// (openapiv3 then leaves it untyped): `u64` when they are all
/// non-negative.
fn wide_int(any: &openapiv3::AnySchema) -> Option<IntKind> {
    let values: Vec<f64> = any
        .enumeration
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .chain([any.minimum, any.maximum].into_iter().flatten())
        .collect();
    let beyond = any
        .enumeration
        .iter()
        .filter_map(serde_json::Value::as_number)
        .any(|n| n.is_u64() && !n.is_i64())
        || values.iter().any(|v| *v > i64::MAX as f64);
    let negative = values.iter().any(|v| *v < 0.0);
    (beyond && !negative).then_some(IntKind::U64)
}

fn int_kind_str(format: Option<&str>) -> IntKind {
    match format {
        Some("int32") => IntKind::I32,
        Some("uint64") | Some("uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// An inline member that only annotates (description, nullable, example,
/// readOnly, ...) and constrains no shape.
pub(super) fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return false;
    };
    a.typ.is_none()
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

pub(super) fn is_plain_wrapper(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::AllOf { .. })
        || matches!(&schema.schema_kind, SchemaKind::Any(a) if a.properties.is_empty())
}
