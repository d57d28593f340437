//! Decoding and encoding of generated object types: the `object!` macro,
//! the field kinds it calls and the helpers behind them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;

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

/// Reads the value of a key the object does not describe into its extra map.
#[inline]
pub fn read_extra<'de, V: Deserialize<'de>, A: de::MapAccess<'de>>(
    map: &mut A,
    extra: &mut std::collections::BTreeMap<String, V>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    extra.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// A required field that a decoded map lacks or holds as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The key is absent.
    Absent(&'static str),
    /// The value is `null`.
    Null(&'static str),
}

/// The error for the first missing required field, if any.
#[inline]
pub fn check_fields<E: de::Error>(fields: &[Option<Missing>]) -> Result<(), E> {
    match fields.iter().flatten().next() {
        None => Ok(()),
        Some(Missing::Absent(name)) => Err(E::missing_field(name)),
        Some(Missing::Null(name)) => {
            Err(E::custom(format_args!("field `{name}` must not be null")))
        }
    }
}

/// The next value of an optional nullable field. An explicit `null` is
/// remembered in `extra` under `key`, so that a re-encode writes it back
/// (the field alone cannot tell absent from `null`).
#[inline]
pub fn nullable<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(
    map: &mut A,
    extra: &mut std::collections::BTreeMap<String, Value>,
    key: Key<'de>,
) -> Result<Option<T>, A::Error> {
    let value = map.next_value::<Option<T>>()?;
    if value.is_none() {
        extra.insert(key.into_string(), Value::Null);
    }
    Ok(value)
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

/// Field kinds of generated objects: the `object!` macro calls `read`,
/// `check`, `take` and `ser` of each field's kind.
///
/// - `Req`: required, not nullable; absent or `null` is an error.
/// - `ReqNull`: required and nullable (an `Option`, always written).
/// - `Opt`: optional (an `Option`, skipped when `None`).
/// - `OptNull`: optional and nullable; an explicit `null` is remembered in
///   the extra map so that a re-encode writes it back (the field is also
///   listed in the `nulls` of `object!`).
///
/// The `…Num` kinds write whole `f64` values as integers (see [`Num`](crate::__private::Num)).
pub mod kind {
    use std::collections::BTreeMap;

    use serde::{de, Deserialize, Serialize};
    use serde_json::Value;

    use super::{Key, Missing};
    use crate::__private::write::Out;
    use crate::__private::Numbers;

    /// Reads a value that may not be `null` (`null` fails in `init`).
    #[inline]
    fn read_next<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(
        slot: &mut Option<Option<T>>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }

    macro_rules! kinds {
        ($($kind:ident $num:ident: $read:ident $init:ident $ser:ident;)*) => {$(
            kinds!(@kind $kind $read $init $ser (T: Serialize) Value);
            kinds!(@kind $num $read $init $ser (T: Numbers) Num);
        )*};
        (@kind $kind:ident $read:ident $init:ident $ser:ident ($($bound:tt)*) $out:ident) => {
            #[doc = concat!("The `", stringify!($kind), "` field kind.")]
            pub struct $kind;

            impl $kind {
                kinds!(@read $read);
                kinds!(@init $init);
                kinds!(@ser $ser ($($bound)*) $out);
            }
        };
        (@read next) => {
            /// Reads the field's value into its slot.
            #[inline]
            pub fn read<'de, T: Deserialize<'de>, A: de::MapAccess<'de>, E>(
                slot: &mut Option<Option<T>>,
                map: &mut A,
                _extra: &mut E,
                _key: Key<'de>,
            ) -> Result<(), A::Error> {
                read_next(slot, map)
            }
        };
        (@read null) => {
            /// Reads the field's value into its slot; `null` is remembered in
            /// `extra`.
            #[inline]
            pub fn read<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(
                slot: &mut Option<Option<T>>,
                map: &mut A,
                extra: &mut BTreeMap<String, Value>,
                key: Key<'de>,
            ) -> Result<(), A::Error> {
                *slot = Some(super::nullable(map, extra, key)?);
                Ok(())
            }
        };
        (@init req) => {
            /// An empty slot for a field of type `T`.
            #[inline]
            pub fn slot<T>() -> Option<Option<T>> {
                None
            }

            /// Whether the field is missing or `null` once the map is read.
            #[inline]
            pub fn check<T>(slot: &Option<Option<T>>, name: &'static str) -> Option<Missing> {
                match slot {
                    Some(Some(_)) => None,
                    Some(None) => Some(Missing::Null(name)),
                    None => Some(Missing::Absent(name)),
                }
            }

            /// The field's value, once [`check`](Self::check) found it.
            #[inline]
            pub fn take<T>(slot: Option<Option<T>>) -> T {
                match slot {
                    Some(Some(value)) => value,
                    _ => unreachable!("`check` passes only present fields"),
                }
            }
        };
        (@init opt) => {
            /// An empty slot for a field of type `T` (an `Option`).
            #[inline]
            pub fn slot<T>() -> Option<T> {
                None
            }

            /// Never missing: absent and `null` are `None`.
            #[inline]
            pub fn check<T>(_slot: &Option<Option<T>>, _name: &'static str) -> Option<Missing> {
                None
            }

            /// The field's value.
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
        Req ReqNum: next req always;
        ReqNull ReqNullNum: next opt always;
        Opt OptNum: next opt some;
        OptNull OptNullNum: null opt some;
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
                mut map: __A,
            ) -> ::std::result::Result<Self, __A::Error> {
                $(let mut $field = $crate::__private::kind::$kind::slot::<$ty>();)*
                let mut $extra = ::std::collections::BTreeMap::new();
                while let ::std::option::Option::Some(key) =
                    map.next_key::<$crate::__private::Key<'de>>()?
                {
                    // One `?` for all the arms, as below.
                    match key.as_str() {
                        $($wire => $crate::__private::kind::$kind::read(
                            &mut $field,
                            &mut map,
                            &mut $extra,
                            key,
                        ),)*
                        _ => $crate::__private::read_extra(&mut map, &mut $extra, key),
                    }?;
                }
                // One check and one early return for all the fields: a `?`
                // per field costs the compiler a drop path per field.
                $crate::__private::check_fields::<__A::Error>(&[
                    $($crate::__private::kind::$kind::check(&$field, $wire),)*
                ])?;
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
