//! Rules of the OpenAPI specification that deserialisation does not check:
//! response keys, security requirements, server variables, parameters with
//! both or neither of `schema` and `content`, and schema `type` and bounds.
//! Each error quotes the rule it enforces.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{escape_token, Error, Location, Result};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The types a Schema Object's `type` names.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

fn invalid(path: &Path, pointer: String, message: String) -> Error {
    Error::Invalid {
        path: path.to_owned(),
        location: Location::pointer(pointer),
        message,
    }
}

/// Checks the document's structure outside schemas; every error is
/// returned, not only the first (each check stops at its first finding).
pub(super) fn check_document(path: &Path, raw: &Value) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<()>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    let schemes = raw
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    keep(check_security(
        path,
        raw.get("security"),
        "/security",
        schemes,
    ));
    keep(check_servers(path, raw.get("servers"), "/servers"));
    if let Some(params) = raw
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    {
        for (name, p) in params {
            keep(check_parameter(
                path,
                p,
                format!("/components/parameters/{}", escape_token(name)),
            ));
        }
    }
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return errors;
    };
    for (key, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_ptr = format!("/paths/{}", escape_token(key));
        keep(check_servers(
            path,
            item.get("servers"),
            &format!("{item_ptr}/servers"),
        ));
        keep(check_parameters(path, item, &item_ptr));
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let op_ptr = format!("{item_ptr}/{method}");
            keep(check_parameters(path, op, &op_ptr));
            keep(check_responses(
                path,
                op.get("responses"),
                &format!("{op_ptr}/responses"),
            ));
            keep(check_security(
                path,
                op.get("security"),
                &format!("{op_ptr}/security"),
                schemes,
            ));
            keep(check_servers(
                path,
                op.get("servers"),
                &format!("{op_ptr}/servers"),
            ));
        }
    }
    errors
}

/// Whether `key` may name a response: a status code, a range or `default`.
fn is_response_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || key.starts_with("x-")
        || b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && (b[1..].iter().all(u8::is_ascii_digit) || b[1..].eq_ignore_ascii_case(b"XX"))
}

fn check_responses(path: &Path, responses: Option<&Value>, pointer: &str) -> Result<()> {
    let Some(responses) = responses.and_then(Value::as_object) else {
        return Ok(());
    };
    match responses.keys().find(|k| !is_response_key(k)) {
        Some(key) => Err(invalid(
            path,
            format!("{pointer}/{}", escape_token(key)),
            format!("response key `{key}` is not an HTTP status code (OpenAPI 3, Responses Object: keys are HTTP status codes from 100 to 599, the ranges 1XX to 5XX, or `default`)"),
        )),
        None => Ok(()),
    }
}

fn check_security(
    path: &Path,
    security: Option<&Value>,
    pointer: &str,
    schemes: Option<&Map<String, Value>>,
) -> Result<()> {
    let Some(requirements) = security.and_then(Value::as_array) else {
        return Ok(());
    };
    for (i, requirement) in requirements.iter().enumerate() {
        let Some(requirement) = requirement.as_object() else {
            continue;
        };
        if let Some(name) = requirement
            .keys()
            .find(|name| !schemes.is_some_and(|s| s.contains_key(*name)))
        {
            return Err(invalid(
                path,
                format!("{pointer}/{i}/{}", escape_token(name)),
                format!("security requirement names `{name}`, which components.securitySchemes does not declare (OpenAPI 3, Security Requirement Object: each name MUST correspond to a security scheme which is declared in the Security Schemes under the Components Object)"),
            ));
        }
    }
    Ok(())
}

fn check_servers(path: &Path, servers: Option<&Value>, pointer: &str) -> Result<()> {
    let Some(servers) = servers.and_then(Value::as_array) else {
        return Ok(());
    };
    for (i, server) in servers.iter().enumerate() {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let variables = server.get("variables").and_then(Value::as_object);
        let mut rest = url;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            if !variables.is_some_and(|v| v.contains_key(name)) {
                return Err(invalid(
                    path,
                    format!("{pointer}/{i}/url"),
                    format!("server URL `{url}` uses `{{{name}}}`, which the server's `variables` does not declare (OpenAPI 3, Server Object: variables is a map between a variable name and its value, used for substitution in the server's URL template)"),
                ));
            }
            rest = &rest[open + close + 1..];
        }
    }
    Ok(())
}

fn check_parameters(path: &Path, holder: &Map<String, Value>, pointer: &str) -> Result<()> {
    let Some(params) = holder.get("parameters").and_then(Value::as_array) else {
        return Ok(());
    };
    for (i, p) in params.iter().enumerate() {
        check_parameter(path, p, format!("{pointer}/parameters/{i}"))?;
    }
    Ok(())
}

fn check_parameter(path: &Path, p: &Value, pointer: String) -> Result<()> {
    let Some(p) = p.as_object() else {
        return Ok(());
    };
    if p.contains_key("$ref") {
        return Ok(());
    }
    let what = match (p.contains_key("schema"), p.contains_key("content")) {
        (true, true) => "both `schema` and `content`",
        (false, false) => "neither `schema` nor `content`",
        _ => return Ok(()),
    };
    Err(invalid(
        path,
        pointer,
        format!("a parameter with {what} (OpenAPI 3, Parameter Object: a parameter MUST contain either a schema property, or a content property, but not both)"),
    ))
}

/// Checks one Schema Object's own keywords: a known `type`, and bounds that
/// some value satisfies.
pub(super) fn check_schema(path: &Path, schema: &Map<String, Value>, pointer: &str) -> Result<()> {
    if let Some(Value::String(ty)) = schema.get("type") {
        if !TYPES.contains(&ty.as_str()) {
            return Err(invalid(
                path,
                format!("{pointer}/type"),
                format!(
                    "unknown schema type `{ty}`{} (OpenAPI 3, Schema Object: type is one of \"string\", \"number\", \"integer\", \"boolean\", \"array\" or \"object\")",
                    crate::diagnostic::nearest(ty, TYPES)
                        .map(|t| format!(": did you mean `{t}`?"))
                        .unwrap_or_default()
                ),
            ));
        }
    }
    let bound = |k: &str| schema.get(k).and_then(Value::as_f64);
    if let (Some(min), Some(max)) = (bound("minimum"), bound("maximum")) {
        if min > max {
            return Err(invalid(
                path,
                format!("{pointer}/minimum"),
                format!("`minimum` {min} is above `maximum` {max}, so no value is valid (OpenAPI 3, Schema Object: minimum and maximum as JSON Schema Validation defines them, a lower and an upper bound of the value)"),
            ));
        }
    }
    Ok(())
}
