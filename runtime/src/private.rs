//! Support for generated code. Not a public API: items here may change in any release.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
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

/// Numbers (`type: number`, decoded as `f64`) that hold a whole value are
/// written as integers, so `1` re-encodes as `1`, not `1.0`.
pub struct Num<'a, T: ?Sized>(pub &'a T);

/// Types that contain `f64` numbers at some depth.
pub trait Numbers {
    /// Serialises with whole numbers written as integers.
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Numbers for f64 {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // 2^53: every integer below it is exact in an f64.
        if self.is_finite() && self.fract() == 0.0 && self.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(*self as i64)
        } else {
            serializer.serialize_f64(*self)
        }
    }
}

impl<T: Numbers> Numbers for Option<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.serialize_numbers(serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Numbers> Numbers for Box<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_numbers(serializer)
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Num))
    }
}

impl<T: Numbers> Numbers for std::collections::BTreeMap<String, T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(k, v)| (k, Num(v))))
    }
}

impl<T: Numbers + ?Sized> Serialize for Num<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_numbers(serializer)
    }
}

/// An optional field's value: absent and `null` are both `None`.
#[inline]
pub fn opt<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
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
/// The `…Num` kinds write whole `f64` values as integers (see [`Num`]).
pub mod kind {
    use std::collections::BTreeMap;

    use serde::ser::SerializeMap;
    use serde::{de, Deserialize, Serialize};
    use serde_json::Value;

    use super::{Key, Missing, Num, Numbers};

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
            kinds!(@kind $kind $read $init $ser (T: Serialize) std::convert::identity);
            kinds!(@kind $num $read $init $ser (T: Numbers) Num);
        )*};
        (@kind $kind:ident $read:ident $init:ident $ser:ident ($($bound:tt)*) $wrap:path) => {
            #[doc = concat!("The `", stringify!($kind), "` field kind.")]
            pub struct $kind;

            impl $kind {
                kinds!(@read $read);
                kinds!(@init $init);
                kinds!(@ser $ser ($($bound)*) $wrap);
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
        (@ser always ($($bound:tt)*) $wrap:path) => {
            /// Writes the field.
            #[inline]
            pub fn ser<M: SerializeMap, $($bound)*>(
                map: &mut M,
                wire: &'static str,
                value: &T,
            ) -> Result<(), M::Error> {
                map.serialize_entry(wire, &$wrap(value))
            }
        };
        (@ser some ($($bound:tt)*) $wrap:path) => {
            /// Writes the field when it has a value.
            #[inline]
            pub fn ser<M: SerializeMap, $($bound)*>(
                map: &mut M,
                wire: &'static str,
                value: &Option<T>,
            ) -> Result<(), M::Error> {
                match value {
                    Some(value) => map.serialize_entry(wire, &$wrap(value)),
                    None => Ok(()),
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
/// a struct expression: each field with its [`kind`] and name on the wire,
/// then the field that keeps the other properties:
///
/// ```text
/// object!(
///     Session { id: Req("id"), url: OptNull("url"), ..extra },
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
        $name:ident { $($field:ident: $kind:ident($wire:literal),)* ..$extra:ident }
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
                $(let mut $field = ::std::option::Option::None;)*
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
                use $crate::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                $($crate::__private::kind::$kind::ser(&mut map, $wire, &self.$field)?;)*
                for (key, value) in &self.$extra {
                    // A remembered `null` is not written while its field has a value.
                    if $($((self.$nfield.is_some() && key == $nwire) ||)*)? false {
                        continue;
                    }
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}

pub use crate::__object as object;

/// The impls of a generated open string enum, written like a struct
/// expression of its known variants with their wire values, then the
/// variant that keeps any other value:
///
/// ```text
/// open_enum!(Status { Open: "open", Complete: "complete", ..Unknown });
/// ```
///
/// gives `as_str`, `From<&str>`, `From<String>` (which keeps the string of
/// an unknown value), `FromStr`, `Display`, `Serialize` and `Deserialize`.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    ($name:ident { $($variant:ident: $wire:literal,)* ..$unknown:ident }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::$unknown(::std::borrow::ToOwned::to_owned(value)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$unknown(_) => Self::$unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                deserializer.deserialize_str($crate::__private::EnumVisitor::<Self>::new())
            }
        }
    };
}

pub use crate::__open_enum as open_enum;

/// Decodes an open string enum from any string, known or not.
pub struct EnumVisitor<T>(PhantomData<fn() -> T>);

impl<T> EnumVisitor<T> {
    /// A visitor for `T`.
    pub fn new() -> Self {
        EnumVisitor(PhantomData)
    }
}

impl<T> Default for EnumVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Visitor<'_> for EnumVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// Checks a number against the schema's `minimum`/`maximum` (each with its
/// exclusive flag). The message names the allowed range and the value.
pub fn check_range(
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
) -> Result<(), String> {
    let low_ok = match min {
        Some((m, true)) => value > m,
        Some((m, false)) => value >= m,
        None => true,
    };
    let high_ok = match max {
        Some((m, true)) => value < m,
        Some((m, false)) => value <= m,
        None => true,
    };
    if low_ok && high_ok {
        return Ok(());
    }
    let bound = |b: Option<(f64, bool)>, incl: &str, excl: &str| {
        b.map(|(m, e)| format!("{} {}", if e { excl } else { incl }, fmt_num(m)))
    };
    let parts: Vec<String> = [bound(min, ">=", ">"), bound(max, "<=", "<")]
        .into_iter()
        .flatten()
        .collect();
    Err(format!(
        "must be {}, got {}",
        parts.join(" and "),
        fmt_num(value)
    ))
}

/// Checks a length (characters or items) against `min`/`max`.
pub fn check_len(len: usize, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let range = match (min, max) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(format!("length must be {range}, got {len}"));
    }
    Ok(())
}

/// Query serialisation styles for non-scalar parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`, `explode: true`: `a=1&a=2`, object properties as their own pairs.
    FormExplode,
    /// `form`, `explode: false`: `a=1,2`, objects as `a=k,v,k2,v2`.
    Form,
    /// `spaceDelimited`: `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

/// A JSON scalar as parameter text (`true`, `3`, `text`); compound values as JSON.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The query pairs for a non-scalar parameter value, per OpenAPI style.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let joined =
        |items: &[Value], sep: &str| items.iter().map(scalar_text).collect::<Vec<_>>().join(sep);
    match (&value, style) {
        (Value::Null, _) => Vec::new(),
        (Value::Array(items), Style::FormExplode) => items
            .iter()
            .map(|v| (name.to_owned(), scalar_text(v)))
            .collect(),
        (Value::Array(items), Style::Form | Style::DeepObject) => {
            vec![(name.to_owned(), joined(items, ","))]
        }
        (Value::Array(items), Style::SpaceDelimited) => vec![(name.to_owned(), joined(items, " "))],
        (Value::Array(items), Style::PipeDelimited) => vec![(name.to_owned(), joined(items, "|"))],
        (Value::Object(map), Style::DeepObject) => {
            let mut out = Vec::new();
            deep_pairs(name, &value_map(map), &mut out);
            out
        }
        (Value::Object(map), Style::FormExplode) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), scalar_text(v)))
            .collect(),
        (Value::Object(map), _) => {
            let flat: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
                .collect();
            vec![(name.to_owned(), flat.join(","))]
        }
        (scalar, _) => vec![(name.to_owned(), scalar_text(scalar))],
    }
}

fn value_map(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    map.iter().filter(|(_, v)| !v.is_null()).collect()
}

fn deep_pairs(prefix: &str, entries: &[(&String, &Value)], out: &mut Vec<(String, String)>) {
    for (k, v) in entries {
        let key = format!("{prefix}[{k}]");
        match v {
            Value::Object(inner) => deep_pairs(&key, &value_map(inner), out),
            Value::Array(items) => {
                for item in items {
                    out.push((format!("{key}[]"), scalar_text(item)));
                }
            }
            other => out.push((key, scalar_text(other))),
        }
    }
}

/// A header or cookie value for a non-scalar parameter (`simple` style).
pub fn simple_value<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(&other),
    }
}

/// A JSON request body.
pub fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<bytes::Bytes, String> {
    serde_json::to_vec(value)
        .map(bytes::Bytes::from)
        .map_err(|e| e.to_string())
}

/// An `application/x-www-form-urlencoded` body: top-level properties as
/// pairs, nested objects in `deepObject` style.
pub fn form_body<T: Serialize + ?Sized>(value: &T) -> Result<bytes::Bytes, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let Value::Object(map) = value else {
        return Err("a form body must be an object".into());
    };
    let mut pairs = Vec::new();
    for (k, v) in value_map(&map) {
        match v {
            Value::Object(inner) => deep_pairs(k, &value_map(inner), &mut pairs),
            Value::Array(items) => pairs.extend(items.iter().map(|i| (k.clone(), scalar_text(i)))),
            other => pairs.push((k.clone(), scalar_text(other))),
        }
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::encode_query_component(k),
                crate::encode_query_component(v)
            )
        })
        .collect();
    Ok(bytes::Bytes::from(encoded.join("&")))
}

/// The multipart boundary generated clients use.
pub const MULTIPART_BOUNDARY: &str = "apigen-boundary-3f6c1d9a8e2b4705";

/// A `multipart/form-data` body (boundary [`MULTIPART_BOUNDARY`]): one part
/// per top-level property; strings as text, other values as JSON.
pub fn multipart_body<T: Serialize + ?Sized>(value: &T) -> Result<bytes::Bytes, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let Value::Object(map) = value else {
        return Err("a multipart body must be an object".into());
    };
    let mut out = String::new();
    for (k, v) in value_map(&map) {
        let (ct, text) = match v {
            Value::String(s) => ("text/plain; charset=utf-8", s.clone()),
            other => ("application/json", other.to_string()),
        };
        if text.contains(MULTIPART_BOUNDARY) || k.contains(MULTIPART_BOUNDARY) {
            return Err(format!("part `{k}` contains the multipart boundary"));
        }
        let name = k.replace('"', "%22").replace(['\r', '\n'], " ");
        out.push_str(&format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n{text}\r\n"
        ));
    }
    out.push_str(&format!("--{MULTIPART_BOUNDARY}--\r\n"));
    Ok(bytes::Bytes::from(out))
}

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

    #[test]
    fn whole_numbers_are_written_as_integers() {
        let json = |v: &dyn erased::Ser| v.to_json();
        assert_eq!(json(&Num(&1.0f64)), "1");
        assert_eq!(json(&Num(&-2.0f64)), "-2");
        assert_eq!(json(&Num(&1.5f64)), "1.5");
        assert_eq!(json(&Num(&1e300f64)), "1e+300");
        assert_eq!(json(&Num(&Some(vec![3.0f64, 0.25]))), "[3,0.25]");
        assert_eq!(json(&Num(&None::<f64>)), "null");
        let map: std::collections::BTreeMap<String, f64> = [("a".to_owned(), 7.0)].into();
        assert_eq!(json(&Num(&map)), "{\"a\":7}");
    }

    mod erased {
        pub trait Ser {
            fn to_json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn to_json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn ranges_name_the_bounds() {
        assert!(check_range(1.0, Some((1.0, false)), Some((100.0, false))).is_ok());
        assert_eq!(
            check_range(0.0, Some((1.0, false)), Some((100.0, false))).unwrap_err(),
            "must be >= 1 and <= 100, got 0"
        );
        assert!(check_range(1.0, Some((1.0, true)), None).is_err());
        assert_eq!(
            check_len(3, Some(1), Some(2)).unwrap_err(),
            "length must be between 1 and 2, got 3"
        );
    }

    #[test]
    fn query_styles() {
        let v = vec!["a", "b"];
        assert_eq!(
            query_pairs("t", &v, Style::FormExplode),
            [
                ("t".to_owned(), "a".to_owned()),
                ("t".to_owned(), "b".to_owned())
            ]
        );
        assert_eq!(
            query_pairs("t", &v, Style::Form),
            [("t".to_owned(), "a,b".to_owned())]
        );
        assert_eq!(
            query_pairs("t", &v, Style::PipeDelimited),
            [("t".to_owned(), "a|b".to_owned())]
        );
        let obj = serde_json::json!({"a": 1, "b": {"c": "x"}, "n": null});
        assert_eq!(
            query_pairs("f", &obj, Style::DeepObject),
            [
                ("f[a]".to_owned(), "1".to_owned()),
                ("f[b][c]".to_owned(), "x".to_owned())
            ]
        );
    }

    #[test]
    fn form_and_multipart_bodies() {
        let body = serde_json::json!({"name": "a b&c", "tags": ["x", "y"]});
        assert_eq!(
            &form_body(&body).unwrap()[..],
            b"name=a+b%26c&tags=x&tags=y"
        );
        let mp = multipart_body(&body).unwrap();
        let text = std::str::from_utf8(&mp).unwrap();
        assert!(text
            .contains("name=\"name\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\na b&c\r\n"));
        assert!(text.ends_with(&format!("--{MULTIPART_BOUNDARY}--\r\n")));
    }
}
