//! Schemas to types: references, objects, `allOf` merges, unions and
//! string enums.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::shape::{is_annotation_only, is_plain_wrapper, Shape};
use super::{join_doc, Lowerer, Pending};
use crate::error::{escape_token, Error, Location, Result};
use crate::ir::*;
use crate::naming::{field_name, generated, type_name, variant_name, Scope};

impl<'a> Lowerer<'a> {
    pub(super) fn schema_ref(
        &mut self,
        s: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer),
        }
    }

    pub(super) fn schema_box(
        &mut self,
        s: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer),
        }
    }

    /// The type a `$ref` names: components keep their names; other targets
    /// are named after their last pointer token.
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> Result<(TypeRef, bool)> {
        if let Some(t) = self.refs.get(reference) {
            return Ok((t.clone(), self.ref_nullable[reference]));
        }
        let schema: Schema = self.resolve(reference, pointer)?;
        let target = reference.trim_start_matches('#').to_owned();
        let name = match reference
            .strip_prefix("#/components/schemas/")
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .and_then(|k| self.component_names.get(&k).cloned())
        {
            Some(n) => n,
            None => {
                let last = target.rsplit('/').next().unwrap_or("Schema");
                self.types_scope.claim(&type_name(last), "")
            }
        };
        let nullable = schema.schema_data.nullable;
        let ty = TypeRef::Named(name.clone());
        self.refs.insert(reference.to_owned(), ty.clone());
        self.ref_nullable.insert(reference.to_owned(), nullable);
        self.queue.push_back((
            name.clone(),
            Pending {
                name,
                pointer: target,
                schema,
            },
        ));
        Ok((ty, nullable))
    }

    pub(super) fn drain_queue(&mut self) -> Result<()> {
        while let Some((name, pending)) = self.queue.pop_front() {
            let kind = self.named_kind(&pending.name, &pending.schema, &pending.pointer)?;
            let doc = doc_of(&pending.schema);
            self.define(
                name.clone(),
                TypeDef {
                    name,
                    doc,
                    pointer: pending.pointer,
                    kind,
                    features: Vec::new(),
                },
            );
        }
        Ok(())
    }

    pub(super) fn define(&mut self, name: String, def: TypeDef) {
        if !self.types.contains_key(&name) {
            self.order.push(name.clone());
        }
        self.types.insert(name, def);
    }

    /// The definition of a named schema (a component or a `$ref` target).
    pub(super) fn named_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<TypeKind> {
        if let Some(kind) = self.composite_kind(name, schema, pointer)? {
            return Ok(kind);
        }
        // Anything else is an alias of what the schema lowers to inline.
        // Lower with a hint that cannot clash with the alias itself.
        let (ty, _) = self.schema(
            schema,
            &format!("{name}{}", generated::VALUE_SUFFIX),
            pointer,
        )?;
        // `A: {allOf: [{$ref: A}]}` says nothing about A's shape.
        if ty == TypeRef::Named(name.to_owned()) {
            return Ok(TypeKind::Alias(TypeRef::Json));
        }
        Ok(TypeKind::Alias(ty))
    }

    /// Objects, string enums and unions define a type of their own.
    pub(super) fn composite_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Option<TypeKind>> {
        let shape = Shape::of(schema);
        Ok(Some(match shape {
            Shape::Enum(values) => TypeKind::Enum(string_enum(&values)),
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => TypeKind::Struct(self.object(
                name,
                &properties,
                &Origins::default(),
                &required,
                additional,
                pointer,
            )?),
            Shape::AllOf(members) => match self.all_of(name, &members, pointer)? {
                Some(s) => TypeKind::Struct(s),
                None => return Ok(None),
            },
            Shape::OneOf(members, disc, keyword) => {
                let members_pointer = format!("{pointer}/{keyword}");
                TypeKind::Union(self.union(name, &members, disc, &members_pointer)?)
            }
            _ => return Ok(None),
        }))
    }

    /// Lowers an inline schema. Returns the type and whether it is nullable.
    pub(super) fn schema(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        let nullable = schema.schema_data.nullable;
        self.depth += 1;
        if self.depth > 200 {
            self.depth -= 1;
            return Err(self.unsupported(pointer, "schema nesting deeper than 200 levels"));
        }
        let result = self.schema_inner(schema, hint, pointer);
        self.depth -= 1;
        let (ty, inner_nullable) = result?;
        Ok((ty, nullable || inner_nullable))
    }

    pub(super) fn schema_inner(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        let shape = Shape::of(schema);
        Ok(match shape {
            Shape::String(format) => {
                let file_part = self.is_file_part(pointer);
                (self.scalars.string(format.as_deref(), file_part), false)
            }
            Shape::Integer(k) => (TypeRef::Integer(k), false),
            Shape::Number => (TypeRef::Number, false),
            Shape::Bool => (TypeRef::Bool, false),
            Shape::Any => (TypeRef::Json, false),
            Shape::Array(items) => {
                let ty = match items {
                    Some(items) => {
                        let (t, nullable) = self.schema_box(
                            &items,
                            &format!("{hint}Item"),
                            &format!("{pointer}/items"),
                        )?;
                        optional_if(t, nullable)
                    }
                    None => TypeRef::Json,
                };
                (TypeRef::Vec(Box::new(ty)), false)
            }
            Shape::Object {
                ref properties,
                ref additional,
                ..
            } if properties.is_empty() => {
                let value = self.additional(additional.as_ref(), hint, pointer)?;
                (TypeRef::Map(Box::new(value)), false)
            }
            // `allOf: [X]`, or `allOf: [X, {description: ..}]`: X itself
            // (annotation-only members add docs, not shape).
            Shape::AllOf(ref members)
                if is_plain_wrapper(schema)
                    && members.iter().filter(|m| !is_annotation_only(m)).count() == 1 =>
            {
                let (i, member) = members
                    .iter()
                    .enumerate()
                    .find(|(_, m)| !is_annotation_only(m))
                    .expect("counted one above");
                let nullable = members.iter().any(|m| {
                    matches!(m, ReferenceOr::Item(s) if is_annotation_only(m) && s.schema_data.nullable)
                });
                let (t, inner) = self.schema_ref(member, hint, &format!("{pointer}/allOf/{i}"))?;
                (t, inner || nullable)
            }
            Shape::OneOf(ref members, None, keyword) if members.len() == 1 => {
                self.schema_ref(&members[0], hint, &format!("{pointer}/{keyword}/0"))?
            }
            _ => self.inline_type(schema, hint, pointer)?,
        })
    }

    pub(super) fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (t, nullable) = self.schema_ref(
                    s,
                    &format!("{hint}{}", generated::VALUE_SUFFIX),
                    &format!("{pointer}/additionalProperties"),
                )?;
                optional_if(t, nullable)
            }
            _ => TypeRef::Json,
        })
    }

    pub(super) fn object(
        &mut self,
        name: &str,
        properties: &[(String, ReferenceOr<Box<Schema>>)],
        origins: &Origins,
        required: &BTreeSet<String>,
        additional: Option<AdditionalProperties>,
        pointer: &str,
    ) -> Result<Struct> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (i, (wire, s)) in properties.iter().enumerate() {
            let field = scope.claim(&field_name(wire), "_");
            // A property merged from a referenced schema is lowered at its
            // own place in the document (see `Lowerer::merged`).
            let f_pointer = match origins.properties.get(i).cloned().flatten() {
                Some(origin) => {
                    self.merged.insert(origin.clone());
                    origin
                }
                None => format!("{pointer}/properties/{}", escape_token(wire)),
            };
            let (ty, nullable) =
                self.schema_box(s, &format!("{name}{}", type_name(wire)), &f_pointer)?;
            let doc = match s {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push((field, wire, ty, required.contains(wire), nullable, doc));
        }
        let extra_value = match &origins.additional {
            Some(at) => {
                self.merged.insert(format!("{at}/additionalProperties"));
                self.additional(additional.as_ref(), name, at)?
            }
            None => self.additional(additional.as_ref(), name, pointer)?,
        };
        // An explicit `null` of an optional field is remembered in the extra
        // map, when that map can hold it: JSON values, or nullable ones.
        let remembers_null = matches!(extra_value, TypeRef::Json | TypeRef::Option(_));
        let fields = fields
            .into_iter()
            .map(|(name, wire, ty, required, nullable, doc)| Field {
                name,
                wire: wire.clone(),
                ty,
                kind: match (required, nullable) {
                    (true, false) => FieldKind::Required,
                    (true, true) => FieldKind::RequiredNullable,
                    (false, true) if remembers_null => FieldKind::OptionalNullable,
                    (false, _) => FieldKind::Optional,
                },
                // Decided once every type is known (`wire::decide`).
                number: false,
                doc,
            })
            .collect();
        let extra_name = scope.claim_first(generated::EXTRA_FIELD, "_");
        Ok(Struct {
            fields,
            extra_name,
            extra_value,
        })
    }

    /// Merges `allOf` members that are objects into one struct.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<Option<Struct>> {
        let mut merged = Merged::default();
        // `pointer` is where this `allOf` is in the document.
        let ok = self.collect_all_of(members, pointer, Some(pointer), &mut merged, 0)?;
        if !ok || merged.properties.is_empty() {
            return Ok(None);
        }
        let Merged {
            properties,
            required,
            additional,
            additional_at,
            ..
        } = merged;
        let (properties, at): (Vec<_>, Vec<_>) =
            properties.into_iter().map(|(k, v, o)| ((k, v), o)).unzip();
        let origins = Origins {
            properties: at,
            additional: additional_at,
        };
        Ok(Some(self.object(
            name,
            &properties,
            &origins,
            &required,
            additional,
            pointer,
        )?))
    }

    /// Adds the members' properties to `merged`; `false` when a member is
    /// not an object (the `allOf` is then not one struct). `origin` is where
    /// `members`' schema is in the document when it was reached through a
    /// `$ref`: its properties are then lowered there (`Lowerer::merged`).
    pub(super) fn collect_all_of(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        origin: Option<&str>,
        merged: &mut Merged,
        depth: usize,
    ) -> Result<bool> {
        if depth > 32 {
            return Err(Error::RefCycle {
                path: self.path(),
                location: Location::pointer(pointer),
                chain: "allOf members that include each other".into(),
            });
        }
        for (i, m) in members.iter().enumerate() {
            let m_pointer = format!("{pointer}/allOf/{i}");
            if let ReferenceOr::Reference { reference } = m {
                // A schema merged once adds nothing the second time; without
                // this, `L1: allOf [L2, L2]`, `L2: allOf [L3, L3]`, … is
                // walked 2^depth times.
                if merged.done.contains(reference) {
                    continue;
                }
                if !merged.seen.insert(reference.clone()) {
                    return Err(Error::RefCycle {
                        path: self.path(),
                        location: Location::pointer(m_pointer),
                        chain: format!("allOf includes `{reference}` twice on one path"),
                    });
                }
            }
            let schema = self.item(m, &m_pointer)?;
            let member_origin = match m {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix('#').map(str::to_owned)
                }
                ReferenceOr::Item(_) => origin.map(|o| format!("{o}/allOf/{i}")),
            };
            match Shape::of(&schema) {
                Shape::Object {
                    properties,
                    required,
                    additional,
                } => {
                    for (k, v) in properties {
                        let at = member_origin
                            .as_ref()
                            .map(|o| format!("{o}/properties/{}", escape_token(&k)));
                        merged.properties.retain(|(pk, _, _)| *pk != k);
                        merged.properties.push((k, v, at));
                    }
                    merged.required.extend(required);
                    if additional.is_some() {
                        merged.additional = additional;
                        merged.additional_at = member_origin.clone();
                    }
                }
                Shape::AllOf(inner) => {
                    let origin = member_origin.as_deref();
                    if !self.collect_all_of(&inner, &m_pointer, origin, merged, depth + 1)? {
                        return Ok(false);
                    }
                }
                // Constraint-only members (a description, `required` alone).
                Shape::Any => {
                    if let SchemaKind::Any(any) = &schema.schema_kind {
                        merged.required.extend(any.required.iter().cloned());
                    }
                }
                _ => return Ok(false),
            }
            if let ReferenceOr::Reference { reference } = m {
                merged.seen.remove(reference);
                merged.done.insert(reference.clone());
            }
        }
        Ok(true)
    }

    /// An inline schema that is a type of its own (an object, enum or
    /// union), named after `hint`; other shapes are any JSON.
    fn inline_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        // A property merged into an `allOf` from a referenced schema
        // is that schema's own property: the type it already has
        // (or is getting, when the `allOf` is inside that schema).
        if self.under_merged(pointer) {
            if let Some(t) = self.inline_types.get(pointer) {
                return Ok((t.clone(), false));
            }
        }
        let name = self.types_scope.claim(&type_name(hint), "");
        self.inline_types
            .entry(pointer.to_owned())
            .or_insert_with(|| TypeRef::Named(name.clone()));
        Ok(match self.composite_kind(&name, schema, pointer)? {
            Some(kind) => {
                self.define(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        doc: doc_of(schema),
                        pointer: pointer.to_owned(),
                        kind,
                        features: Vec::new(),
                    },
                );
                (TypeRef::Named(name), false)
            }
            None => {
                if self.inline_types.get(pointer) == Some(&TypeRef::Named(name)) {
                    self.inline_types.remove(pointer);
                }
                (TypeRef::Json, false)
            }
        })
    }

    /// Whether the schema at `pointer` is a part of a multipart body: a
    /// property of the body's schema, or the items of one.
    fn is_file_part(&self, pointer: &str) -> bool {
        let property = pointer.strip_suffix("/items").unwrap_or(pointer);
        property
            .rsplit_once("/properties/")
            .is_some_and(|(root, name)| !name.contains('/') && self.multipart_roots.contains(root))
    }

    /// Whether `pointer` is a property an `allOf` merged from a referenced
    /// schema, or inside one (its items, map values, nested properties).
    fn under_merged(&self, pointer: &str) -> bool {
        pointer
            .match_indices('/')
            .map(|(i, _)| &pointer[..i])
            .chain([pointer])
            .any(|prefix| self.merged.contains(prefix))
    }
}

fn string_enum(values: &[String]) -> StringEnum {
    let mut scope = Scope::new();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for v in values {
        if !seen.insert(v.clone()) {
            continue;
        }
        variants.push(Variant {
            name: scope.claim(&variant_name(v), ""),
            wire: v.clone(),
        });
    }
    let unknown = scope.claim_first(generated::ENUM_UNKNOWN, "");
    StringEnum { variants, unknown }
}

/// What the members of an `allOf` add up to.
#[derive(Default)]
pub(super) struct Merged {
    /// Name, schema, and where it is in the document when it came from a
    /// referenced member.
    properties: Vec<(String, ReferenceOr<Box<Schema>>, Option<String>)>,
    required: BTreeSet<String>,
    additional: Option<AdditionalProperties>,
    /// References on the current path, to refuse one that includes itself.
    seen: BTreeSet<String>,
    /// References merged already.
    done: BTreeSet<String>,
    /// Where the `additionalProperties` taken came from, like `properties`.
    additional_at: Option<String>,
}

/// Where an object's properties and `additionalProperties` are in the
/// document, when an `allOf` merged them from elsewhere.
#[derive(Default)]
pub(super) struct Origins {
    properties: Vec<Option<String>>,
    additional: Option<String>,
}

/// An array item or map value that may be `null`: `Option<T>` (JSON holds
/// `null` itself).
fn optional_if(t: TypeRef, nullable: bool) -> TypeRef {
    if nullable && t != TypeRef::Json {
        TypeRef::Option(Box::new(t))
    } else {
        t
    }
}

pub(super) fn variant_for_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Scalar(s) => s.rust_name().into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_for_type(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_for_type(inner)),
        TypeRef::Boxed(inner) => variant_for_type(inner),
        TypeRef::Option(inner) => format!("Optional{}", variant_for_type(inner)),
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    join_doc(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
