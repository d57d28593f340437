//! Decoding and encoding of generated object types: the `object!` macro,
//! the field kinds it calls and the helpers behind them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A map key that borrows from the input when it can (no allocation for
/// keys without escapes when decoding from a slice or string).
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (the input was transient or escaped).
    Owned(String),
}

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated object type's decoding from a map; its `Deserialize` impl
/// hands an [`ObjectVisitor`] to the deserializer.
pub trait FromMap<'de>: Sized {
    /// Reads every entry of `map`.
    fn from_map<A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a [`FromMap`] type from a map; `name` is the type's name, shown
/// in errors ("expected an object `Name`").
pub struct ObjectVisitor<T>(&'static str, PhantomData<fn() -> T>);

impl<T> ObjectVisitor<T> {
    /// A visitor for `T`, called `name` in errors.
    pub fn new(name: &'static str) -> Self {
        ObjectVisitor(name, PhantomData)
    }
}

impl<'de, T: FromMap<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object `{}`", self.0)
    }
    #[inline]
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Field kinds of generated objects: the `object!` macro uses the `Slot`
/// type, `REQUIRED`, `take` and `out` of each field's kind.
///
/// - `Req`: required, not nullable; absent or `null` is an error.
/// - `ReqNull`: required and nullable (an `Option`, always written).
/// - `Opt`: optional (an `Option`, skipped when `None`).
/// - `OptNull`: optional and nullable; an explicit `null` is remembered in
///   the extra map so that a re-encode writes it back (the field is also
///   listed in the `nulls` of `object!`).
///
/// The `…Num` kinds write whole `f64` values as integers (see [`Num`](crate::__private::Num)).
///
/// Each kind is a module, so that a field's slot is a plain type (an alias)
/// and its requiredness a constant: the generated crate calls no function
/// per field to decode, beside `take`.
#[allow(non_snake_case)]
pub mod kind {
    macro_rules! kinds {
        ($($kind:ident $num:ident: $required:literal $init:ident $ser:ident;)*) => {$(
            kinds!(@kind $kind $required $init $ser (T: serde::Serialize) Value);
            kinds!(@kind $num $required $init $ser (T: crate::__private::Numbers) Num);
        )*};
        (@kind $kind:ident $required:literal $init:ident $ser:ident ($($bound:tt)*) $out:ident) => {
            #[doc = concat!("The `", stringify!($kind), "` field kind.")]
            pub mod $kind {
                use crate::__private::write::Out;

                /// Whether the field must be present and not `null`.
                pub const REQUIRED: bool = $required;
                kinds!(@init $init);
                kinds!(@ser $ser ($($bound)*) $out);
            }
        };
        (@init req) => {
            /// The slot of a field of type `T` while the map is read.
            pub type Slot<T> = Option<Option<T>>;

            /// The field's value, once the map is read and the field found.
            #[inline]
            pub fn take<T>(slot: Slot<T>) -> T {
                match slot {
                    Some(Some(value)) => value,
                    _ => unreachable!("`read_map` passes only present required fields"),
                }
            }
        };
        (@init opt) => {
            /// The slot of a field of type `T` (an `Option`) while the map is read.
            pub type Slot<T> = Option<T>;

            /// The field's value: absent and `null` are `None`.
            #[inline]
            pub fn take<T>(slot: Option<Option<T>>) -> Option<T> {
                slot.flatten()
            }
        };
        (@ser always ($($bound:tt)*) $out:ident) => {
            /// The field as it is written.
            #[inline]
            pub fn out<$($bound)*>(value: &T) -> Out<'_> {
                Out::$out(value)
            }
        };
        (@ser some ($($bound:tt)*) $out:ident) => {
            /// The field as it is written: skipped without a value.
            #[inline]
            pub fn out<$($bound)*>(value: &Option<T>) -> Out<'_> {
                match value {
                    Some(value) => Out::$out(value),
                    None => Out::Skip,
                }
            }
        };
    }

    kinds! {
        Req ReqNum: true req always;
        ReqNull ReqNullNum: false opt always;
        Opt OptNum: false opt some;
        OptNull OptNullNum: false opt some;
    }
}

/// `Deserialize` and `Serialize` for a generated object type, written like
/// a struct expression: each field with its [`kind`], name on the wire and
/// type,
/// then the field that keeps the other properties:
///
/// ```text
/// object!(
///     Session { id: Req("id", String), url: OptNull("url", Option<String>), ..extra },
///     nulls = [(url, "url")],
/// );
/// ```
///
/// `nulls` lists the `OptNull` fields: a `null` remembered in the extra map
/// is not written while the field has a value.
///
/// Decoding reads the map once: known keys go to their fields (keys borrowed
/// from the input where possible), others to the extra map. Encoding writes
/// the known fields in order, then the extra map.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $name:ident { $($field:ident: $kind:ident($wire:literal, $ty:ty),)* ..$extra:ident }
        $(, nulls = [$(($nfield:ident, $nwire:literal)),* $(,)?])? $(,)?
    ) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                deserializer.deserialize_map($crate::__private::ObjectVisitor::<Self>::new(
                    ::std::stringify!($name),
                ))
            }
        }

        impl<'de> $crate::__private::FromMap<'de> for $name {
            fn from_map<__A: $crate::serde::de::MapAccess<'de>>(
                map: __A,
            ) -> ::std::result::Result<Self, __A::Error> {
                $(let mut $field: $crate::__private::kind::$kind::Slot<$ty> =
                    ::std::option::Option::None;)*
                let mut $extra = ::std::collections::BTreeMap::new();
                $crate::__private::read_map(
                    map,
                    &mut [$((
                        $wire,
                        $crate::__private::kind::$kind::REQUIRED,
                        &mut $field as &mut dyn $crate::__private::FieldSlot<'de, __A>,
                    ),)*],
                    &mut $extra,
                )?;
                $($($crate::__private::remember_null(&$nfield, $nwire, &mut $extra);)*)?
                ::std::result::Result::Ok(Self {
                    $($field: $crate::__private::kind::$kind::take($field),)*
                    $extra,
                })
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                $crate::__private::write_object(
                    serializer,
                    &[$(($wire, $crate::__private::kind::$kind::out(&self.$field)),)*],
                    &self.$extra,
                    &[$($(($nwire, self.$nfield.is_some())),*)?],
                )
            }
        }
    };
}

pub use crate::__object as object;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_borrow_from_slices() {
        let mut de = serde_json::Deserializer::from_str("\"plain\"");
        assert!(matches!(
            Key::deserialize(&mut de).unwrap(),
            Key::Borrowed("plain")
        ));
        let mut de = serde_json::Deserializer::from_str("\"esc\\u0061ped\"");
        let key = Key::deserialize(&mut de).unwrap();
        assert!(matches!(key, Key::Owned(_)));
        assert_eq!(key.as_str(), "escaped");
    }
}
