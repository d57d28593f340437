//! Encoding of generated object types: one function for all of them.
//!
//! `object!`'s `Serialize` lists each field as an [`Out`] (a reference to
//! its value, erased, or nothing for an absent optional field) and calls
//! [`write_object`]. The work per field in the generated crate is one
//! reference made into a trait object; the map is written here, once.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{Num, Numbers};

/// One field of an object as it is written.
pub enum Out<'a> {
    /// Not written (an optional field without a value).
    Skip,
    /// Written as it serialises.
    Value(&'a dyn erased_serde::Serialize),
    /// A field holding `f64` numbers: whole values written as integers.
    Num(&'a dyn NumOut),
}

/// A value with numbers, written through [`Num`]; object safe.
pub trait NumOut {
    /// Calls `write` with the value wrapped in [`Num`].
    fn with_num(&self, write: &mut dyn FnMut(&dyn erased_serde::Serialize));
}

impl<T: Numbers> NumOut for T {
    fn with_num(&self, write: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
        write(&Num(self))
    }
}

/// Writes an object: its fields in order, then the extra map, leaving out
/// each extra key in `nulls` whose flag is set (a remembered `null` is not
/// written while its field has a value).
pub fn write_object<S: Serializer, V: Serialize>(
    serializer: S,
    fields: &[(&'static str, Out<'_>)],
    extra: &BTreeMap<String, V>,
    nulls: &[(&'static str, bool)],
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    for (key, out) in fields {
        match out {
            Out::Skip => {}
            Out::Value(value) => map.serialize_entry(key, value)?,
            Out::Num(value) => {
                let mut result = Ok(());
                value.with_num(&mut |value| result = map.serialize_entry(key, value));
                result?;
            }
        }
    }
    for (key, value) in extra {
        if nulls.iter().any(|(null, set)| *set && null == key) {
            continue;
        }
        map.serialize_entry(key, value)?;
    }
    map.end()
}
