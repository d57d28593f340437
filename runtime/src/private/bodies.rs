//! Request bodies: JSON, form and multipart.

use serde::Serialize;
use serde_json::Value;

use super::legacy::{deep_pairs, scalar_text, value_map};

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
