//! Unions (`oneOf`/`anyOf`): alternatives, discriminators and their
//! mappings.

use openapiv3::{ReferenceOr, Schema};

use super::schema::variant_for_type;
use super::Lowerer;
use crate::error::{escape_token, Result};
use crate::ir::*;
use crate::naming::{generated, Scope};

impl<'a> Lowerer<'a> {
    /// A discriminator whose property no alternative has cannot choose
    /// one: such unions try each alternative in turn instead (as without a
    /// discriminator) rather than decode every value as unknown.
    pub(super) fn drop_unusable_discriminators(&mut self) {
        for name in self.order.clone() {
            let Some(TypeKind::Union(u)) = self.types.get(&name).map(|d| &d.kind) else {
                continue;
            };
            let Some(prop) = &u.discriminator else {
                continue;
            };
            let has = |t: &TypeRef| match t {
                TypeRef::Named(n) => matches!(
                    self.types.get(n).map(|d| &d.kind),
                    Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| &f.wire == prop)
                ),
                _ => false,
            };
            if u.variants.iter().any(|v| has(&v.ty)) {
                continue;
            }
            if let Some(TypeKind::Union(u)) = self.types.get_mut(&name).map(|d| &mut d.kind) {
                u.discriminator = None;
            }
        }
    }

    /// Every schema a discriminator's `mapping` names must exist.
    fn check_mapping(&self, d: &openapiv3::Discriminator, members_pointer: &str) -> Result<()> {
        let schema_pointer = members_pointer.rsplit_once('/').map_or("", |(p, _)| p);
        for (value, target) in &d.mapping {
            let reference = if target.starts_with('#') {
                target.clone()
            } else if target.contains(['#', '/', '.']) {
                // A reference into another document: not resolved here.
                continue;
            } else {
                format!("#/components/schemas/{target}")
            };
            if crate::load::resolve_pointer(&self.doc.raw, &reference).is_none() {
                return Err(self.invalid(
                    &format!("{schema_pointer}/discriminator/mapping/{}", escape_token(value)),
                    format!("discriminator value `{value}` maps to `{target}`, which is not in the document (OpenAPI 3, Discriminator Object: mapping values are schema names or references)"),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn union(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<openapiv3::Discriminator>,
        members_pointer: &str,
    ) -> Result<Union> {
        if let Some(d) = &discriminator {
            self.check_mapping(d, members_pointer)?;
        }
        let mut scope = Scope::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let m_pointer = format!("{members_pointer}/{i}");
            let (ty, _) = self.schema_ref(m, &format!("{name}Variant{}", i + 1), &m_pointer)?;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (&discriminator, m) {
                for (value, target) in &d.mapping {
                    let full = if target.starts_with('#') {
                        target.clone()
                    } else {
                        format!("#/components/schemas/{target}")
                    };
                    if full == *reference {
                        tags.push(value.clone());
                    }
                }
                if d.mapping.is_empty() {
                    if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                        tags.push(key.to_owned());
                    }
                }
            }
            tags.retain(|t| !variants.iter().any(|v| v.tags.contains(t)));
            variants.push(UnionVariant {
                name: scope.claim(&variant_for_type(&ty), ""),
                ty,
                number: false,
                tags,
            });
        }
        let fallback = scope.claim_first(generated::UNION_FALLBACK, "");
        let discriminator = discriminator
            .filter(|_| variants.iter().all(|v| !v.tags.is_empty()))
            .map(|d| d.property_name);
        Ok(Union {
            variants,
            discriminator,
            fallback,
            // Decided once every type is known (`wire::decide`).
            large_variant: false,
            by_status: Vec::new(),
        })
    }
}
