//! Any `Serialize` value as the small tree the wire encoder works on:
//! scalars as text, arrays, and objects with their keys in serialisation
//! order (a `serde_json::Value` would sort them unless serde_json's
//! `preserve_order` feature is on somewhere in the build).

use std::fmt;

use serde::ser::{self, Serialize};

/// A value ready to be written in some parameter style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`, `None`, `()`: left out wherever it appears.
    Null,
    /// A string (its JSON text is quoted).
    Str(String),
    /// A number or boolean, as its JSON text (whole `f64`s as integers).
    Raw(String),
    /// An array, without its `null` items.
    List(Vec<Value>),
    /// An object in serialisation order, without its `null` properties.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Serialises `value`. Fails only when its `Serialize` impl fails.
    pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
        value.serialize(ValueSerializer)
    }

    /// The text of a scalar.
    pub(crate) fn scalar(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Raw(s) => Some(s),
            _ => None,
        }
    }

    /// `null`, or an array or object with nothing in it: RFC 6570 calls
    /// these undefined, and they are left out.
    pub(crate) fn is_undefined(&self) -> bool {
        match self {
            Value::Null => true,
            Value::List(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            Value::Str(_) | Value::Raw(_) => false,
        }
    }

    /// The text of a scalar, or the JSON text of an array or object (for a
    /// compound value nested where only text fits).
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self.scalar() {
            Some(s) => s.into(),
            None => {
                let mut out = String::new();
                self.write_json(&mut out);
                out.into()
            }
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Str(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Value::Raw(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap_or_default());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// A `Serialize` impl failed.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// 2^53: every integer below it is exact in an `f64`.
const EXACT_F64: f64 = 9_007_199_254_740_992.0;

/// A float as JSON writes it, a whole value as an integer (like
/// [`Num`](crate::__private::Num)); NaN and infinities are `null`.
fn float(v: f64, json: String) -> Value {
    if !v.is_finite() {
        Value::Null
    } else if v.fract() == 0.0 && v.abs() < EXACT_F64 {
        Value::Raw((v as i64).to_string())
    } else {
        Value::Raw(json)
    }
}

/// The number text of serde_json's `arbitrary_precision` numbers, which
/// serialise as a struct of this name with one field of this name.
const JSON_NUMBER: &str = "$serde_json::private::Number";

/// Number text: integers as they are, whole floats as integers.
fn number_text(text: String) -> Value {
    let integer = text.strip_prefix('-').unwrap_or(&text);
    if !integer.is_empty() && integer.bytes().all(|b| b.is_ascii_digit()) {
        return Value::Raw(text);
    }
    match text.parse::<f64>() {
        Ok(v) => float(v, text),
        Err(_) => Value::Raw(text),
    }
}

fn raw(v: impl ToString) -> Result<Value, Error> {
    Ok(Value::Raw(v.to_string()))
}

/// `{variant: value}`, as serde_json writes a non-unit enum variant.
fn tagged(variant: &str, value: Value) -> Value {
    Value::Map(vec![(variant.to_owned(), value)])
}

struct ValueSerializer;

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        raw(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        Ok(float(
            v.into(),
            serde_json::to_string(&v).unwrap_or_default(),
        ))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        Ok(float(v, serde_json::to_string(&v).unwrap_or_default()))
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::Str(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::List(
            v.iter().map(|b| Value::Raw(b.to_string())).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        Ok(tagged(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder::new(None, len.unwrap_or(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder::new(None, len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder::new(None, len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, Error> {
        Ok(SeqBuilder::new(Some(variant), len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, Error> {
        Ok(MapBuilder::new(None, len.unwrap_or(0)))
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<MapBuilder, Error> {
        let mut builder = MapBuilder::new(None, len);
        builder.number = name == JSON_NUMBER;
        Ok(builder)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder, Error> {
        Ok(MapBuilder::new(Some(variant), len))
    }
}

/// Builds an array (a tuple variant's array is tagged with the variant).
struct SeqBuilder {
    variant: Option<&'static str>,
    items: Vec<Value>,
}

impl SeqBuilder {
    fn new(variant: Option<&'static str>, len: usize) -> Self {
        SeqBuilder {
            variant,
            items: Vec::with_capacity(len),
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match Value::of(value)? {
            Value::Null => {}
            item => self.items.push(item),
        }
        Ok(())
    }

    fn finish(self) -> Result<Value, Error> {
        let list = Value::List(self.items);
        Ok(match self.variant {
            Some(variant) => tagged(variant, list),
            None => list,
        })
    }
}

macro_rules! seq_impls {
    ($($trait:ident $method:ident;)*) => {$(
        impl ser::$trait for SeqBuilder {
            type Ok = Value;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Value, Error> {
                self.finish()
            }
        }
    )*};
}

seq_impls! {
    SerializeSeq serialize_element;
    SerializeTuple serialize_element;
    SerializeTupleStruct serialize_field;
    SerializeTupleVariant serialize_field;
}

/// Builds an object (a struct variant's object is tagged with the variant).
struct MapBuilder {
    variant: Option<&'static str>,
    entries: Vec<(String, Value)>,
    key: Option<String>,
    /// A serde_json `arbitrary_precision` number: its one field is the text.
    number: bool,
}

impl MapBuilder {
    fn new(variant: Option<&'static str>, len: usize) -> Self {
        MapBuilder {
            variant,
            entries: Vec::with_capacity(len),
            key: None,
            number: false,
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Error> {
        match Value::of(value)? {
            Value::Null => {}
            value => self.entries.push((key, value)),
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Value, Error> {
        if self.number {
            if let Some((_, Value::Str(text))) = self.entries.pop() {
                return Ok(number_text(text));
            }
        }
        let map = Value::Map(self.entries);
        Ok(match self.variant {
            Some(variant) => tagged(variant, map),
            None => map,
        })
    }
}

/// A map key as text: scalars as their text, anything else as JSON.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    Ok(Value::of(key)?.text().into_owned())
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_text(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        self.entry(key, value)
    }
    fn end(self) -> Result<Value, Error> {
        self.finish()
    }
}

macro_rules! struct_impls {
    ($($trait:ident;)*) => {$(
        impl ser::$trait for MapBuilder {
            type Ok = Value;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.entry(key.to_owned(), value)
            }
            fn end(self) -> Result<Value, Error> {
                self.finish()
            }
        }
    )*};
}

struct_impls! {
    SerializeStruct;
    SerializeStructVariant;
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::Value::{self, List, Map, Null, Raw, Str};

    fn s(text: &str) -> Value {
        Str(text.to_owned())
    }

    fn r(text: &str) -> Value {
        Raw(text.to_owned())
    }

    #[allow(non_snake_case)]
    #[derive(Serialize)]
    struct Rgb {
        R: u8,
        G: u8,
        B: u8,
    }

    #[test]
    fn objects_keep_serialisation_order_and_drop_nulls() {
        assert_eq!(
            Value::of(&Rgb {
                R: 100,
                G: 200,
                B: 150
            })
            .unwrap(),
            Map(vec![
                ("R".into(), r("100")),
                ("G".into(), r("200")),
                ("B".into(), r("150"))
            ])
        );
        #[derive(Serialize)]
        struct Partial {
            a: Option<u8>,
            b: Option<u8>,
            c: Vec<Option<&'static str>>,
        }
        let v = Partial {
            a: None,
            b: Some(1),
            c: vec![Some("x"), None],
        };
        assert_eq!(
            Value::of(&v).unwrap(),
            Map(vec![("b".into(), r("1")), ("c".into(), List(vec![s("x")]))])
        );
        assert_eq!(Value::of(&None::<u8>).unwrap(), Null);
        assert_eq!(Value::of(&()).unwrap(), Null);
    }

    #[test]
    fn whole_floats_are_integers() {
        assert_eq!(Value::of(&1.0f64).unwrap(), r("1"));
        assert_eq!(Value::of(&-0.0f64).unwrap(), r("0"));
        assert_eq!(Value::of(&2.5f64).unwrap(), r("2.5"));
        assert_eq!(Value::of(&0.1f32).unwrap(), r("0.1"));
        assert_eq!(Value::of(&3.0f32).unwrap(), r("3"));
        assert_eq!(Value::of(&f64::NAN).unwrap(), Null);
        let big = Value::of(&1e300f64).unwrap();
        assert_eq!(
            big.scalar(),
            Some(serde_json::to_string(&1e300f64).unwrap().as_str())
        );
        assert_eq!(Value::of(&u128::MAX).unwrap(), r(&u128::MAX.to_string()));
    }

    /// What serde_json's `arbitrary_precision` feature makes of a number.
    #[test]
    fn arbitrary_precision_numbers_are_numbers() {
        struct Number(&'static str);
        impl Serialize for Number {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut s = serializer.serialize_struct(super::JSON_NUMBER, 1)?;
                s.serialize_field(super::JSON_NUMBER, self.0)?;
                s.end()
            }
        }
        assert_eq!(
            Value::of(&Number("12345678901234567890123")).unwrap(),
            r("12345678901234567890123")
        );
        assert_eq!(Value::of(&Number("-7")).unwrap(), r("-7"));
        assert_eq!(Value::of(&Number("2.0")).unwrap(), r("2"));
        assert_eq!(Value::of(&Number("0.25")).unwrap(), r("0.25"));
    }

    #[test]
    fn enums_maps_and_json_text() {
        #[derive(Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, &'static str),
            Struct { x: bool },
        }
        assert_eq!(Value::of(&E::Unit).unwrap(), s("Unit"));
        assert_eq!(Value::of(&E::New(1)).unwrap().text(), r#"{"New":1}"#);
        assert_eq!(
            Value::of(&E::Tuple(1, "a")).unwrap().text(),
            r#"{"Tuple":[1,"a"]}"#
        );
        assert_eq!(
            Value::of(&E::Struct { x: true }).unwrap().text(),
            r#"{"Struct":{"x":true}}"#
        );
        let map: BTreeMap<u8, &str> = [(2, "b\"q"), (1, "a")].into();
        assert_eq!(Value::of(&map).unwrap().text(), r#"{"1":"a","2":"b\"q"}"#);
        assert_eq!(Value::of(&'c').unwrap(), s("c"));
        assert!(Value::of(&Vec::<u8>::new()).unwrap().is_undefined());
        assert!(!Value::of("").unwrap().is_undefined());
    }

    #[test]
    fn serialize_errors_are_reported() {
        struct Bad;
        impl Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert_eq!(Value::of(&[Bad]).unwrap_err().to_string(), "no");
    }
}
