//! Open string enums: the `open_enum!` macro and its visitor.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

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
            // Not `Self::Err`: a variant named `Err` would make that ambiguous.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
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
