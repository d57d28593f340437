//! References: what a `$ref` names, borrowed from the deserialised
//! document where it can be, else deserialised from the raw one.

use std::borrow::Cow;

use openapiv3::{Components, Parameter, ReferenceOr, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Lowerer;
use crate::error::{Error, Location, Result};
use crate::load::resolve_pointer;

/// What a `$ref` can name: deserialisable from the raw document, and, for
/// the kinds `components` holds, found in the deserialised document.
pub(super) trait Component: DeserializeOwned + Clone {
    /// The `components` member that holds this kind.
    const KIND: &'static str;
    /// The entry `name` of that member.
    fn entry<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>>;
}

macro_rules! component {
    ($($t:ty => $kind:literal $field:ident,)*) => {$(
        impl Component for $t {
            const KIND: &'static str = $kind;
            fn entry<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>> {
                components.$field.get(name)
            }
        }
    )*};
}

component! {
    Schema => "schemas" schemas,
    Parameter => "parameters" parameters,
    openapiv3::RequestBody => "requestBodies" request_bodies,
    openapiv3::Response => "responses" responses,
    openapiv3::SecurityScheme => "securitySchemes" security_schemes,
}

impl Component for openapiv3::PathItem {
    const KIND: &'static str = "pathItems";
    fn entry<'c>(_: &'c Components, _: &str) -> Option<&'c ReferenceOr<Self>> {
        None
    }
}

/// The longest chain of bare `$ref`s followed outside the ones load checked.
const MAX_HOPS: usize = 64;

impl<'a> Lowerer<'a> {
    /// Deserialises the node a local `$ref` points at.
    pub(super) fn resolve<T: Component>(&self, reference: &str, pointer: &str) -> Result<T> {
        // The common case, `#/components/<kind>/<name>` naming an item: a
        // copy of the item already deserialised with the document.
        if let Some(item) = self.component::<T>(reference) {
            return Ok(item.clone());
        }
        // Load recorded where every chain of bare `$ref`s ends: one lookup,
        // however long the chain.
        let end = self
            .doc
            .ref_targets
            .get(reference)
            .map_or(reference, String::as_str);
        let dangling = || Error::DanglingRef {
            path: self.path(),
            location: Location::pointer(pointer),
            target: reference.to_owned(),
            message: "no such node in the document".into(),
        };
        let mut node = resolve_pointer(&self.doc.raw, end).ok_or_else(dangling)?;
        // A reference load did not see (one the lowering made up): follow
        // its chain here, within a bound.
        let mut hops = 0;
        while let Some(next) = node.get("$ref").and_then(Value::as_str) {
            hops += 1;
            if hops > MAX_HOPS {
                return Err(Error::Limit {
                    path: self.path(),
                    location: Location::pointer(pointer),
                    message: format!(
                        "the $ref chain from `{reference}` is longer than {MAX_HOPS} hops"
                    ),
                });
            }
            node = resolve_pointer(&self.doc.raw, next).ok_or_else(dangling)?;
        }
        serde_path_to_error::deserialize(node).map_err(|e| {
            self.invalid(
                &format!(
                    "{}{}",
                    reference.trim_start_matches('#'),
                    crate::load::path_to_pointer(e.path())
                ),
                e.into_inner().to_string(),
            )
        })
    }

    /// `r` itself, or the item its `$ref` names: borrowed from the document
    /// when it can be ([`Lowerer::component`]), else deserialised.
    pub(super) fn item<'d, T: Component>(
        &self,
        r: &'d ReferenceOr<T>,
        pointer: &str,
    ) -> Result<Cow<'d, T>>
    where
        'a: 'd,
    {
        match r {
            ReferenceOr::Item(item) => Ok(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => match self.component::<T>(reference) {
                Some(item) => Ok(Cow::Borrowed(item)),
                None => self.resolve(reference, pointer).map(Cow::Owned),
            },
        }
    }

    /// The item a `#/components/<kind>/<name>` reference names, when it is
    /// an item (not another reference) and the name needs no unescaping.
    pub(super) fn component<T: Component>(&self, reference: &str) -> Option<&'a T> {
        let name = reference
            .strip_prefix("#/components/")?
            .strip_prefix(T::KIND)?
            .strip_prefix('/')?;
        if name.contains(['/', '~', '%']) {
            return None;
        }
        match T::entry(self.api.components.as_ref()?, name)? {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        }
    }
}
