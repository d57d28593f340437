//! The spec's own response examples, checked against their schemas: a mock
//! server answers a call with the first success response's first example
//! (Prism's static mode), so an example that its schema refuses comes back
//! as a body no client can decode. That is the spec contradicting itself,
//! and the reason says where.

use serde_json::Value;

use super::Synth;

impl Synth<'_> {
    /// Why the example a mock serves for the operation at `pointer` does
    /// not fit its schema: its first `2XX` response (in document order)
    /// with a JSON media type, that media type's `example`, else the value
    /// of its first `examples` entry. `None` when it fits, or when there is
    /// no example or no schema.
    pub(super) fn served_example_misfit(&self, pointer: &str) -> Option<String> {
        let responses = self.at(&format!("{pointer}/responses"))?.as_object()?;
        let (status, response) = responses
            .iter()
            .find(|(status, _)| status.starts_with('2'))?;
        let content = self.resolve(response).get("content")?.as_object()?;
        let (media, body) = content.iter().find(|(m, _)| is_json_media(m))?;
        let schema = body.get("schema")?;
        let example = match body.get("example") {
            Some(e) => e,
            None => {
                let first = body.get("examples")?.as_object()?.values().next()?;
                self.resolve(first).get("value")?
            }
        };
        // JSON Schema lets any value through `properties` without a
        // `type`; the generated type (like the spec's author) reads them as
        // an object's, and no client decodes an array there.
        let resolved = self.resolve(schema);
        if resolved.get("type").is_none()
            && resolved.get("properties").is_some()
            && !example.is_object()
        {
            let kind = match example {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return Some(format!(
                "the spec's example of its {status} response ({media}) is {kind}, where the response's schema has `properties` (and no `type`): an object"
            ));
        }
        let at = self.misfit(example, schema, String::new(), 0)?;
        // GitHub's shape: `value: {$ref: '#/components/examples/x'}`, a
        // literal object to OpenAPI, which mocks resolve to the Example
        // object (its `value` wrapper and all) and serve as the body.
        let literal_ref = match example.as_object() {
            Some(m) if m.len() == 1 => m.get("$ref").and_then(Value::as_str),
            _ => None,
        }
        .map(|r| format!(" (the example's `value` is a `$ref` to `{r}`, a literal object to OpenAPI: a `$ref` to an Example object belongs in place of the whole `examples` entry)"))
        .unwrap_or_default();
        Some(format!(
            "the spec's example of its {status} response ({media}) does not fit the response's schema: {at}{literal_ref}"
        ))
    }

    /// Where `v` leaves its schema: the deepest property or item that
    /// does not fit, or the required property it lacks.
    fn misfit(&self, v: &Value, schema: &Value, at: String, depth: usize) -> Option<String> {
        if self.fits(v, schema, depth) {
            return None;
        }
        let shown = if at.is_empty() { "/" } else { at.as_str() };
        let here = || Some(format!("`{shown}` does not fit its schema"));
        if depth > super::HARD_DEPTH {
            return here();
        }
        let s = self.resolve(schema);
        if let Some(Value::Array(members)) = s.get("allOf") {
            if let Some(m) = members.iter().find(|m| !self.fits(v, m, depth + 1)) {
                return self.misfit(v, m, at, depth + 1);
            }
        }
        match v {
            Value::Object(m) => {
                let required = s.get("required").and_then(Value::as_array);
                if let Some(r) = required
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .find(|r| !m.contains_key(*r))
                {
                    return Some(format!("`{shown}` lacks the required property `{r}`"));
                }
                let props = s.get("properties").and_then(Value::as_object);
                for (k, x) in m {
                    let inner = format!("{at}/{}", super::escape_token(k));
                    match (props.and_then(|p| p.get(k)), s.get("additionalProperties")) {
                        (Some(p), _) | (None, Some(p @ Value::Object(_))) => {
                            if let Some(why) = self.misfit(x, p, inner, depth + 1) {
                                return Some(why);
                            }
                        }
                        (None, Some(Value::Bool(false))) => {
                            return Some(format!("`{inner}` is not a property of its schema"))
                        }
                        _ => {}
                    }
                }
                here()
            }
            Value::Array(items) => {
                if let Some(item) = s.get("items") {
                    for (i, x) in items.iter().enumerate() {
                        if let Some(why) = self.misfit(x, item, format!("{at}/{i}"), depth + 1) {
                            return Some(why);
                        }
                    }
                }
                here()
            }
            _ => here(),
        }
    }
}

/// A JSON media type: `application/json`, `…+json`, `…/json`.
pub(super) fn is_json_media(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m.ends_with("/json") || m.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::Synth;

    fn misfit(doc: serde_json::Value) -> Option<String> {
        Synth::new(&doc).served_example_misfit("#/paths/~1x/get")
    }

    fn spec(content: serde_json::Value) -> serde_json::Value {
        json!({
            "paths": {"/x": {"get": {"responses": {
                "404": {"description": "no", "content": {"application/json": {"example": 1}}},
                "200": {"description": "ok", "content": content}
            }}}},
            "components": {
                "schemas": {"Issue": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer"},
                        "labels": {"type": "array", "items": {"type": "string"}}
                    }
                }},
                "examples": {"wrapped": {"value": {"value": {"id": 1}}}}
            }
        })
    }

    #[test]
    fn an_example_its_schema_refuses_is_explained() {
        let schema = json!({"$ref": "#/components/schemas/Issue"});
        // GitHub's shape: an `examples` entry written inside `value` twice.
        let doc = spec(json!({"application/json": {
            "schema": schema,
            "examples": {"default": {"$ref": "#/components/examples/wrapped"}}
        }}));
        let why = misfit(doc).expect("refused");
        assert!(why.contains("200 response (application/json)"), "{why}");
        assert!(
            why.contains("`/` lacks the required property `id`"),
            "{why}"
        );
        assert!(!why.contains("literal object"), "{why}");
        // GitHub's other shape: a `$ref` to an Example object inside `value`.
        let doc = spec(json!({"application/json": {
            "schema": schema,
            "examples": {"default": {"value": {"$ref": "#/components/examples/wrapped"}}}
        }}));
        let why = misfit(doc).expect("refused");
        assert!(
            why.contains("a `$ref` to `#/components/examples/wrapped`"),
            "{why}"
        );
        // The deepest place that does not fit is named.
        let doc = spec(json!({"application/json": {
            "schema": schema, "example": {"id": 1, "labels": ["a", 2]}
        }}));
        let why = misfit(doc).expect("refused");
        assert!(
            why.ends_with("`/labels/1` does not fit its schema"),
            "{why}"
        );
    }

    #[test]
    fn an_array_example_of_an_object_without_type_is_explained() {
        // Azure's list responses: `properties: {value: [...]}` without
        // `type`, and an example that is the list itself.
        let schema =
            json!({"properties": {"value": {"type": "array", "items": {"type": "string"}}}});
        let doc = spec(json!({"application/json": {"schema": schema, "example": ["a"]}}));
        let why = misfit(doc).expect("refused");
        assert!(why.ends_with("is an array, where the response's schema has `properties` (and no `type`): an object"), "{why}");
        let fits =
            spec(json!({"application/json": {"schema": schema, "example": {"value": ["a"]}}}));
        assert_eq!(misfit(fits), None);
    }

    #[test]
    fn examples_that_fit_and_missing_examples_say_nothing() {
        let schema = json!({"$ref": "#/components/schemas/Issue"});
        let fits = spec(json!({"application/json": {"schema": schema, "example": {"id": 1}}}));
        assert_eq!(misfit(fits), None);
        let none = spec(json!({"application/json": {"schema": schema}}));
        assert_eq!(misfit(none), None);
        let text = spec(json!({"text/plain": {"schema": {"type": "integer"}, "example": "x"}}));
        assert_eq!(misfit(text), None);
    }
}
