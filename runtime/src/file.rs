//! [`FilePart`]: the bytes of a `format: binary` property of a multipart body.

use std::cell::RefCell;
use std::fmt;

use bytes::Bytes;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A file: the value of a `format: binary` property of a
/// `multipart/form-data` request body, sent as a part of its own with the
/// raw bytes, an optional file name and a content type.
///
/// The part's `Content-Type` is the one set here, else the spec's
/// `encoding.<property>.contentType`, else `application/octet-stream`.
///
/// ```
/// use apigen_runtime::FilePart;
///
/// let file = FilePart::from(std::fs::read("Cargo.toml").unwrap_or_default())
///     .with_file_name("Cargo.toml")
///     .with_content_type("text/plain");
/// assert_eq!(file.file_name(), Some("Cargo.toml"));
/// let logo = FilePart::from(&b"\x89PNG\r\n"[..]);
/// assert_eq!(logo.bytes().len(), 6);
/// ```
///
/// Outside a multipart body (a model that is also read or written as JSON)
/// it is a JSON string: read as the string's UTF-8 bytes, written back as
/// that string; bytes that are not UTF-8 have no JSON form, and writing them
/// is an error.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, without a file name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type` (over the spec's `encoding`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The bytes, by value.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The file name, if one was set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the length, file name and content type, not the bytes.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        FilePart::new(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for FilePart {
    fn from(text: &'static str) -> Self {
        FilePart::new(Bytes::from_static(text.as_bytes()))
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        FilePart::new(text.into_bytes())
    }
}

/// The files met while a multipart body is serialised, and the token that
/// marks their places in the serialised value.
pub(crate) struct Captured {
    pub(crate) token: String,
    pub(crate) files: Vec<FilePart>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` (which serialises a body) with every [`FilePart`] it serialises
/// set aside and written as the marker [`marker`] gives; returns them.
pub(crate) fn capture<R>(f: impl FnOnce() -> R) -> (R, Captured) {
    let token = format!("\u{0}apigen-file-part:{:016x}:", rand::random::<u64>());
    let outer = CAPTURE.with(|c| {
        c.borrow_mut().replace(Captured {
            token,
            files: Vec::new(),
        })
    });
    // Restored even when `f` panics.
    struct Restore(Option<Option<Captured>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                CAPTURE.with(|c| *c.borrow_mut() = outer);
            }
        }
    }
    let mut restore = Restore(Some(outer));
    let result = f();
    let outer = restore.0.take().expect("set above");
    let captured = CAPTURE
        .with(|c| std::mem::replace(&mut *c.borrow_mut(), outer))
        .expect("set above");
    (result, captured)
}

/// The index of the captured file a serialised string marks, if it is a marker.
pub(crate) fn marker(token: &str, text: &str) -> Option<usize> {
    text.strip_prefix(token)?.parse().ok()
}

impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marked = CAPTURE.with(|c| {
            c.borrow_mut().as_mut().map(|captured| {
                captured.files.push(self.clone());
                format!("{}{}", captured.token, captured.files.len() - 1)
            })
        });
        match marked {
            Some(marker) => serializer.serialize_str(&marker),
            None => match std::str::from_utf8(&self.bytes) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => Err(serde::ser::Error::custom(
                    "binary data that is not UTF-8 has no JSON form",
                )),
            },
        }
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl Visitor<'_> for FileVisitor {
            type Value = FilePart;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_owned().into_bytes()))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_vec()))
            }
        }
        deserializer.deserialize_str(FileVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_the_utf8_text() {
        let file: FilePart = serde_json::from_str(r#""a\nb é""#).unwrap();
        assert_eq!(&file.bytes()[..], "a\nb é".as_bytes());
        assert_eq!(serde_json::to_string(&file).unwrap(), r#""a\nb é""#);
        let e = serde_json::to_string(&FilePart::from(vec![0xff, 0xfe])).unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
    }

    #[test]
    fn capture_marks_files_and_nests() {
        let a = FilePart::from("a").with_file_name("a.txt");
        let (value, outer) = capture(|| {
            let (inner, captured) = capture(|| serde_json::to_value([&a, &a]).unwrap());
            assert_eq!(captured.files.len(), 2);
            assert_eq!(marker(&captured.token, inner[1].as_str().unwrap()), Some(1));
            serde_json::to_value(&a).unwrap()
        });
        assert_eq!(outer.files.len(), 1);
        assert_eq!(outer.files[0], a);
        assert_eq!(marker(&outer.token, value.as_str().unwrap()), Some(0));
        // Outside a capture, the JSON text again.
        assert_eq!(serde_json::to_value(&a).unwrap(), "a");
        assert!(format!("{a:?}").contains("a.txt"));
    }
}
