//! Request bodies: JSON, form and multipart.

use serde::Serialize;
use serde_json::Value;

use crate::wire;

/// A JSON request body.
pub fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<bytes::Bytes, String> {
    serde_json::to_vec(value)
        .map(bytes::Bytes::from)
        .map_err(|e| e.to_string())
}

/// An `application/x-www-form-urlencoded` body: each property of the object
/// `value` in the style of its `encoding` entry (property name, style,
/// explode; by default `form` with `explode: true`), nested objects and
/// arrays of objects in bracket notation (`metadata[k]=v`,
/// `items[0][price]=p_1`). See [`Style`](crate::Style) for the format.
pub fn form_body_with<T: Serialize + ?Sized>(
    value: &T,
    encoding: &[(&str, crate::Style, bool)],
) -> Result<bytes::Bytes, String> {
    let value = wire::Value::of(value).map_err(|e| e.to_string())?;
    wire::form_body(&value, encoding).map(bytes::Bytes::from)
}

/// The multipart boundary generated clients use, unless a part contains
/// it (then `-1`, `-2`, … is appended until none does).
pub const MULTIPART_BOUNDARY: &str = "apigen-boundary-3f6c1d9a8e2b4705";

/// A `multipart/form-data` body and its `Content-Type` (which carries the
/// boundary): one part per top-level property that is not `null`.
///
/// - A [`FilePart`](crate::FilePart) is a file part: its raw bytes, its file
///   name, and its content type, else the property's entry in
///   `content_types` (the spec's `encoding.<property>.contentType`), else
///   `application/octet-stream`. An array of them is one part per file,
///   each with the property's name.
/// - A string is a `text/plain` part, any other value a JSON part.
///
/// The boundary occurs in no part. A file anywhere but at the top level (or
/// in a top-level array) is an error.
pub fn multipart_body<T: Serialize + ?Sized>(
    value: &T,
    content_types: &[(&str, &str)],
) -> Result<(String, bytes::Bytes), String> {
    let (value, captured) = crate::file::capture(|| serde_json::to_value(value));
    let value = value.map_err(|e| e.to_string())?;
    let Value::Object(map) = value else {
        return Err("a multipart body must be an object".into());
    };
    let token = captured.token.as_str();
    let file_at = |v: &Value| {
        v.as_str()
            .and_then(|s| crate::file::marker(token, s))
            .and_then(|i| captured.files.get(i))
    };
    let mut parts: Vec<(String, bytes::Bytes)> = Vec::new();
    for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
        let name = disposition_value(k);
        let files: Option<Vec<_>> = match v {
            Value::Array(items) if !items.is_empty() => items.iter().map(file_at).collect(),
            single => file_at(single).map(|f| vec![f]),
        };
        if let Some(files) = files {
            let declared = content_types
                .iter()
                .find(|(p, _)| p == k)
                .and_then(|(_, ct)| concrete_type(ct));
            for file in files {
                let ct = file
                    .content_type()
                    .map(|ct| ct.replace(['\r', '\n'], " "))
                    .or(declared.map(str::to_owned))
                    .unwrap_or_else(|| "application/octet-stream".to_owned());
                let file_name = file
                    .file_name()
                    .map(|f| format!("; filename=\"{}\"", disposition_value(f)))
                    .unwrap_or_default();
                let head = format!(
                    "Content-Disposition: form-data; name=\"{name}\"{file_name}\r\nContent-Type: {ct}\r\n\r\n"
                );
                parts.push((head, file.bytes().clone()));
            }
            continue;
        }
        let (ct, text) = match v {
            Value::String(s) => ("text/plain; charset=utf-8", s.clone()),
            other => ("application/json", other.to_string()),
        };
        // The token without its leading NUL, which JSON text escapes.
        if text.contains(&token[1..]) {
            return Err(format!(
                "property `{k}` holds a file below the top level of a multipart body"
            ));
        }
        let head = format!(
            "Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n"
        );
        parts.push((head, bytes::Bytes::from(text)));
    }
    let boundary = boundary_for(&parts);
    let mut out = Vec::new();
    for (head, content) in &parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((
        format!("multipart/form-data; boundary={boundary}"),
        bytes::Bytes::from(out),
    ))
}

/// A name or file name inside the quotes of `Content-Disposition`, escaped
/// as browsers do (`"` → `%22`, CR → `%0D`, LF → `%0A`).
fn disposition_value(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The content type of an `encoding` entry, if it names one concrete type
/// (not a list, not a wildcard).
fn concrete_type(ct: &str) -> Option<&str> {
    let ct = ct.trim();
    (!ct.is_empty() && !ct.contains([',', '*', '\r', '\n'])).then_some(ct)
}

/// [`MULTIPART_BOUNDARY`], or it with the first suffix `-1`, `-2`, … such
/// that `--boundary` occurs in no part.
fn boundary_for(parts: &[(String, bytes::Bytes)]) -> String {
    let occurs = |boundary: &str| {
        let delimiter = format!("--{boundary}");
        let d = delimiter.as_bytes();
        parts.iter().any(|(head, content)| {
            head.contains(&delimiter) || content.windows(d.len()).any(|w| w == d)
        })
    };
    let mut boundary = MULTIPART_BOUNDARY.to_owned();
    let mut n = 0u64;
    while occurs(&boundary) {
        n += 1;
        boundary = format!("{MULTIPART_BOUNDARY}-{n}");
    }
    boundary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_body_with_encodings() {
        #[derive(serde::Serialize)]
        struct Body {
            ids: Vec<u8>,
            items: Vec<Item>,
            note: Option<String>,
        }
        #[derive(serde::Serialize)]
        struct Item {
            price: &'static str,
        }
        let body = Body {
            ids: vec![1, 2],
            items: vec![Item { price: "p 1" }],
            note: None,
        };
        let style = crate::Style::PipeDelimited;
        assert_eq!(
            &form_body_with(&body, &[("ids", style, false)]).unwrap()[..],
            b"ids=1|2&items[0][price]=p+1"
        );
        assert_eq!(
            &form_body_with(&body, &[]).unwrap()[..],
            b"ids=1&ids=2&items[0][price]=p+1"
        );
        assert!(form_body_with(&[1], &[]).is_err());
    }

    #[test]
    fn form_and_multipart_bodies() {
        let body = serde_json::json!({"name": "a b&c", "tags": ["x", "y"]});
        assert_eq!(
            &form_body_with(&body, &[]).unwrap()[..],
            b"name=a+b%26c&tags=x&tags=y"
        );
        let (ct, mp) = multipart_body(&body, &[]).unwrap();
        assert_eq!(
            ct,
            format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}")
        );
        let text = std::str::from_utf8(&mp).unwrap();
        assert!(text
            .contains("name=\"name\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\na b&c\r\n"));
        assert!(text.ends_with(&format!("--{MULTIPART_BOUNDARY}--\r\n")));
    }

    #[derive(serde::Serialize)]
    struct Upload {
        file: crate::FilePart,
        pages: Vec<crate::FilePart>,
        purpose: &'static str,
        size: Option<u32>,
    }

    /// The parts of a body: (head, content), split on the boundary.
    fn parts<'a>(ct: &str, body: &'a [u8]) -> Vec<(String, &'a [u8])> {
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let delimiter = format!("--{boundary}");
        let d = delimiter.as_bytes();
        let mut at: Vec<usize> = (0..=body.len() - d.len())
            .filter(|&i| &body[i..i + d.len()] == d)
            .collect();
        assert!(body.ends_with(format!("{delimiter}--\r\n").as_bytes()));
        at.push(body.len());
        at.windows(2)
            .filter(|w| w[1] < body.len() || w[0] + d.len() + 4 < body.len())
            .filter(|w| &body[w[0] + d.len()..w[0] + d.len() + 2] == b"\r\n")
            .map(|w| {
                let part = &body[w[0] + d.len() + 2..w[1] - 2];
                let split = part.windows(4).position(|x| x == b"\r\n\r\n").unwrap();
                (
                    String::from_utf8(part[..split].to_vec()).unwrap(),
                    &part[split + 4..],
                )
            })
            .collect()
    }

    #[test]
    fn files_are_raw_parts() {
        let raw: &'static [u8] = b"\xff\x00\r\n--x\r\n\xfe";
        let body = Upload {
            file: crate::FilePart::from(raw).with_file_name("a \"b\".bin"),
            pages: vec![
                crate::FilePart::from("p1"),
                crate::FilePart::from(vec![1, 2]).with_content_type("image/gif"),
            ],
            purpose: "avatar",
            size: None,
        };
        let (ct, mp) =
            multipart_body(&body, &[("pages", "image/png"), ("file", "image/*")]).unwrap();
        let mut parts = parts(&ct, &mp);
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert_eq!(
            parts[0],
            (
                "Content-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.bin\"\r\n\
                 Content-Type: application/octet-stream"
                    .into(),
                raw
            )
        );
        assert_eq!(
            parts[1],
            (
                "Content-Disposition: form-data; name=\"pages\"\r\nContent-Type: image/gif".into(),
                &[1u8, 2][..]
            )
        );
        assert_eq!(
            parts[2],
            (
                "Content-Disposition: form-data; name=\"pages\"\r\nContent-Type: image/png".into(),
                &b"p1"[..]
            )
        );
        assert_eq!(
            parts[3],
            (
                "Content-Disposition: form-data; name=\"purpose\"\r\n\
                 Content-Type: text/plain; charset=utf-8"
                    .into(),
                &b"avatar"[..]
            )
        );
    }

    #[test]
    fn the_boundary_occurs_in_no_part() {
        let inside = format!("a\r\n--{MULTIPART_BOUNDARY}\r\n--{MULTIPART_BOUNDARY}-1 b");
        let body = Upload {
            file: crate::FilePart::from(inside.clone().into_bytes()),
            pages: vec![],
            purpose: "x",
            size: Some(3),
        };
        let (ct, mp) = multipart_body(&body, &[]).unwrap();
        assert_eq!(
            ct,
            format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}-2")
        );
        let parts = parts(&ct, &mp);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert!(parts.iter().any(|(_, c)| *c == inside.as_bytes()));
        // The same in a text part.
        let text = serde_json::json!({ "note": inside });
        let (ct, _) = multipart_body(&text, &[]).unwrap();
        assert!(ct.ends_with("-2"), "{ct}");
    }

    #[test]
    fn a_nested_file_is_an_error() {
        let body = serde_json::json!({"a": 1});
        assert!(multipart_body(&body, &[]).is_ok());
        #[derive(serde::Serialize)]
        struct Nested {
            inner: Vec<Vec<crate::FilePart>>,
        }
        let e = multipart_body(
            &Nested {
                inner: vec![vec![crate::FilePart::from("x")]],
            },
            &[],
        )
        .unwrap_err();
        assert!(e.contains("below the top level"), "{e}");
    }
}
