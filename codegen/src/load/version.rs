//! The `openapi` version check: 3.0.x and 3.1.x are read, Swagger 2.0 and
//! anything else are refused by name.

use std::path::Path;

use serde_json::Value;

use super::kind_of;
use crate::error::{Error, Result};

/// The declared `openapi` version, when it is 3.0.x or 3.1.x.
pub(super) fn check_version(path: &Path, raw: &Value) -> Result<String> {
    let version_error = |message: String| Error::Version {
        path: path.to_owned(),
        message,
    };
    let Some(obj) = raw.as_object() else {
        return Err(version_error(format!(
            "not an OpenAPI document: the top level is {}, not an object",
            kind_of(raw)
        )));
    };
    if let Some(swagger) = obj.get("swagger") {
        return Err(version_error(format!(
            "this is a Swagger (OpenAPI 2.0) document (`swagger: {swagger}`); only OpenAPI 3.0.x and 3.1.x are supported: convert it to OpenAPI 3 first"
        )));
    }
    match obj.get("openapi") {
        None => Err(version_error(
            "not an OpenAPI document: no `openapi` version field at the top level".into(),
        )),
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(v.clone()),
        Some(Value::String(v)) => Err(version_error(format!(
            "unsupported OpenAPI version `{v}`: only 3.0.x and 3.1.x are supported"
        ))),
        Some(other) => Err(version_error(format!(
            "the `openapi` field must be a version string such as \"3.0.3\", found {}",
            kind_of(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, Document};

    fn load(text: &str) -> Result<Document> {
        load_str(Path::new("spec.yaml"), text)
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn minimal_document_loads() {
        let doc = load(MINIMAL).unwrap();
        assert_eq!(doc.declared_version, "3.0.3");
    }

    #[test]
    fn swagger_2_is_refused_by_name() {
        let err = load("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(matches!(err, Error::Version { .. }));
        assert!(err.to_string().contains("Swagger (OpenAPI 2.0)"), "{err}");
    }

    #[test]
    fn other_versions_are_named() {
        let err = load("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(err.to_string().contains("`4.0.0`"), "{err}");
        let err = load("hello: world\n").unwrap_err();
        assert!(
            err.to_string().contains("no `openapi` version field"),
            "{err}"
        );
    }

    #[test]
    fn the_wrong_kind_of_value_is_named() {
        let check = |v: Value| {
            check_version(Path::new("s.json"), &v)
                .unwrap_err()
                .to_string()
        };
        assert!(check(serde_json::json!([1])).contains("the top level is an array"));
        assert!(check(serde_json::json!({"openapi": 3.1})).contains("found a number"));
        assert_eq!(
            check_version(
                Path::new("s.json"),
                &serde_json::json!({"openapi": "3.1.1"})
            )
            .unwrap(),
            "3.1.1"
        );
    }
}
