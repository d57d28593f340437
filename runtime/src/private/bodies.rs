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
    for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
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
        let mp = multipart_body(&body).unwrap();
        let text = std::str::from_utf8(&mp).unwrap();
        assert!(text
            .contains("name=\"name\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\na b&c\r\n"));
        assert!(text.ends_with(&format!("--{MULTIPART_BOUNDARY}--\r\n")));
    }
}
