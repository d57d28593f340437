//! Decoding of generated object types: one function for all of them.
//!
//! `object!`'s decoder declares one typed slot per field, lists the slots
//! with their names on the wire as [`FieldSlot`] trait objects and calls
//! [`read_map`]. The work per field in the generated crate is one
//! reference made into a trait object; the map is read here, once.

use std::collections::BTreeMap;

use serde::de::{self, MapAccess};
use serde::Deserialize;
use serde_json::Value;

use super::object::Key;

/// A field's slot while a map `A` is read: `None` until the key is seen,
/// then the value, `Some(None)` for `null`.
///
/// A trait object per field, generic over the map: the value itself is
/// decoded by the field type's own `Deserialize` on `A` (nothing erased on
/// the way), and the generated crate does not type-check a call per field.
pub trait FieldSlot<'de, A: MapAccess<'de>> {
    /// Reads the map's next value into the slot.
    fn fill(&mut self, map: &mut A) -> Result<(), A::Error>;

    /// Whether the key was seen, and with a value other than `null`.
    fn state(&self) -> State;
}

/// What a map held for a field, once read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The key is absent.
    Absent,
    /// The value is `null`.
    Null,
    /// A value.
    Value,
}

impl<'de, T: Deserialize<'de>, A: MapAccess<'de>> FieldSlot<'de, A> for Option<Option<T>> {
    #[inline]
    fn fill(&mut self, map: &mut A) -> Result<(), A::Error> {
        *self = Some(map.next_value::<Option<T>>()?);
        Ok(())
    }

    #[inline]
    fn state(&self) -> State {
        match self {
            None => State::Absent,
            Some(None) => State::Null,
            Some(Some(_)) => State::Value,
        }
    }
}

/// One field of an object as it is read: its name on the wire, whether it
/// is required (absent or `null` is then an error) and its slot.
pub type Field<'a, 'de, A> = (&'static str, bool, &'a mut dyn FieldSlot<'de, A>);

/// Reads every entry of `map`: a key listed in `fields` goes to its slot,
/// any other to `extra`; then fails on the first required field that is
/// absent or `null`. Keys are looked for first at the slot after the last
/// one filled, since most maps list their keys in the schema's order.
pub fn read_map<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    mut map: A,
    fields: &mut [Field<'_, 'de, A>],
    extra: &mut BTreeMap<String, V>,
) -> Result<(), A::Error> {
    let mut next = 0;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let name = key.as_str();
        let found = match fields.get(next) {
            Some((wire, _, _)) if *wire == name => Some(next),
            _ => fields.iter().position(|(wire, _, _)| *wire == name),
        };
        match found {
            Some(i) => {
                fields[i].2.fill(&mut map)?;
                next = i + 1;
            }
            None => {
                extra.insert(key.into_string(), map.next_value()?);
            }
        }
    }
    for (name, required, slot) in fields.iter() {
        if *required {
            match slot.state() {
                State::Value => {}
                State::Absent => return Err(de::Error::missing_field(name)),
                State::Null => {
                    return Err(de::Error::custom(format_args!(
                        "field `{name}` must not be null"
                    )))
                }
            }
        }
    }
    Ok(())
}

/// What an extra map stores for a remembered `null`: JSON's `null`, or
/// `None` in a map whose values are nullable.
pub trait NullValue {
    /// The stored `null`.
    fn null() -> Self;
}

impl NullValue for Value {
    fn null() -> Self {
        Value::Null
    }
}

impl<T> NullValue for Option<T> {
    fn null() -> Self {
        None
    }
}

/// Remembers an explicit `null` of an optional nullable field in the extra
/// map, so that a re-encode writes it back (the field alone cannot tell
/// absent from `null`).
#[inline]
pub fn remember_null<T, V: NullValue>(
    slot: &Option<Option<T>>,
    key: &'static str,
    extra: &mut BTreeMap<String, V>,
) {
    if let Some(None) = slot {
        extra.insert(key.to_owned(), V::null());
    }
}
