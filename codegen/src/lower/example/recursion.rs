//! A response body that does not decode because it lacks a property its
//! schema requires is the server's fault, not the client's. A mock server
//! that makes up random bodies (Prism, through json-schema-faker) does
//! that where a schema recurs: it cuts the recursion off by writing `{}`
//! where the schema comes round again, required properties and all left
//! out. Following the decoder's path down the spec tells both apart from
//! a client that requires what the spec does not.

use serde_json::Value;

use super::Synth;

/// Deeper than this, the walk gives up (and says nothing).
const MAX_SEGMENTS: usize = 64;

/// One step of a decoder's path (`data[2].owner` is `data`, `2`, `owner`).
#[derive(Debug, PartialEq, Eq)]
enum Step<'p> {
    Field(&'p str),
    Index,
}

/// The steps of a path as serde_path_to_error writes it. `None` for what
/// it writes when it lost track (`?`).
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (field, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if field == "?" {
            return None;
        }
        if !field.is_empty() {
            out.push(Step::Field(field));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            r[..end].parse::<usize>().ok()?;
            out.push(Step::Index);
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    (out.len() <= MAX_SEGMENTS).then_some(out)
}

/// Why a response of the operation `method path` with `status`, whose
/// decoder stopped at `at` (a serde_path_to_error path) on the missing
/// property `field`, is a body its own schema refuses: the schema there
/// (the response's JSON schema followed down `at`) requires `field`. The
/// reason also names the schema the path has come round to a second time,
/// when it has (a random body cut off where its schema recurs). `None`
/// when that schema does not require `field`, or the path cannot be
/// followed.
pub fn lacks_required(
    raw: &Value,
    method: &str,
    path: &str,
    status: u16,
    at: &str,
    field: &str,
) -> Option<String> {
    let synth = Synth::new(raw);
    let (node, seen) = synth.schema_at(method, path, status, at)?;
    if !synth.requires(node, field, 0) {
        return None;
    }
    let twice = seen
        .iter()
        .enumerate()
        .find(|(i, r)| seen[..*i].contains(r))
        .map(|(_, r)| *r);
    let shown = if at.is_empty() { "/" } else { at };
    Some(match twice {
        Some(r) => format!(
            "the body lacks `{field}`, which its schema requires at `{shown}`, where the schema has come round to `{r}` again (a random body cut off where its schema recurs)"
        ),
        None => format!("the body lacks `{field}`, which its schema requires at `{shown}`"),
    })
}

/// The `format` of the string schema that the response of `method path`
/// with `status` has at `at` (a serde_path_to_error path), if it has one.
pub fn string_format_at(
    raw: &Value,
    method: &str,
    path: &str,
    status: u16,
    at: &str,
) -> Option<String> {
    let synth = Synth::new(raw);
    let (node, _) = synth.schema_at(method, path, status, at)?;
    synth.string_format(node, 0)
}

impl<'a> Synth<'a> {
    /// The schema of the response of `method path` with `status` (the
    /// exact code, else its range, else `default`; its first JSON media
    /// type) followed down `at`, and every `$ref` entered on the way.
    fn schema_at(
        &self,
        method: &str,
        path: &str,
        status: u16,
        at: &str,
    ) -> Option<(&'a Value, Vec<&'a str>)> {
        let op = super::operation_pointer(method, path);
        let responses = self.at(&format!("{op}/responses"))?.as_object()?;
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let response = responses
            .get(&code)
            .or_else(|| {
                responses
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&range))
                    .map(|(_, v)| v)
            })
            .or_else(|| responses.get("default"))?;
        let content = self.resolve(response).get("content")?.as_object()?;
        let schema = content
            .iter()
            .find(|(media, _)| super::served::is_json_media(media))
            .and_then(|(_, body)| body.get("schema"))?;
        let mut seen: Vec<&str> = Vec::new();
        let mut node = self.enter(schema, &mut seen);
        for step in steps(at)? {
            let next = self.child(node, &step, &mut seen, 0)?;
            node = self.enter(next, &mut seen);
        }
        Some((node, seen))
    }

    /// Follows `$ref`s like [`Synth::resolve`], noting each one.
    fn enter(&self, mut node: &'a Value, seen: &mut Vec<&'a str>) -> &'a Value {
        for _ in 0..32 {
            let Some(Value::String(r)) = node.get("$ref") else {
                return node;
            };
            let Some(target) = r.strip_prefix('#').and_then(|p| self.raw.pointer(p)) else {
                return node;
            };
            seen.push(r);
            node = target;
        }
        node
    }

    /// The `format` of a string schema, or of a member of its `allOf`
    /// (AWS's `allOf: [{$ref: Timestamp}, {description}]`).
    fn string_format(&self, node: &'a Value, depth: usize) -> Option<String> {
        let is_string = match node.get("type") {
            Some(Value::String(t)) => t == "string",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
            _ => false,
        };
        if is_string {
            if let Some(f) = node.get("format").and_then(Value::as_str) {
                return Some(f.to_owned());
            }
        }
        if depth > 8 {
            return None;
        }
        node.get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .find_map(|m| self.string_format(self.resolve(m), depth + 1))
    }

    /// Whether `node` (or a member of its `allOf`) requires `field`.
    fn requires(&self, node: &'a Value, field: &str, depth: usize) -> bool {
        let direct = node
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|f| f.as_str() == Some(field)));
        direct
            || (depth < 8
                && node
                    .get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|m| self.requires(self.resolve(m), field, depth + 1)))
    }

    /// The schema one step below `node`: a property (or an
    /// `additionalProperties` value), or the items; looked for in the
    /// members of `allOf`, `oneOf` and `anyOf` too.
    fn child(
        &self,
        node: &'a Value,
        step: &Step<'_>,
        seen: &mut Vec<&'a str>,
        depth: usize,
    ) -> Option<&'a Value> {
        if depth > 8 {
            return None;
        }
        let direct = match step {
            Step::Field(name) => node
                .get("properties")
                .and_then(|p| p.get(*name))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
            Step::Index => node.get("items"),
        };
        if direct.is_some() {
            return direct;
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for member in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let mut inner = seen.clone();
                let m = self.enter(member, &mut inner);
                if let Some(found) = self.child(m, step, &mut inner, depth + 1) {
                    *seen = inner;
                    return Some(found);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{lacks_required, steps, string_format_at, Step};

    fn recursion_cut(
        doc: &serde_json::Value,
        method: &str,
        path: &str,
        status: u16,
        at: &str,
    ) -> Option<String> {
        lacks_required(doc, method, path, status, at, "active")
    }

    /// groundhog-day.com's shape: a groundhog has predictions, and each
    /// prediction its groundhog.
    fn spec() -> serde_json::Value {
        json!({
            "paths": {"/groundhogs": {"get": {"responses": {"200": {"content": {
                "application/json": {"schema": {
                    "type": "object",
                    "properties": {"groundhogs": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Groundhog"}
                    }}
                }}
            }}}}}},
            "components": {"schemas": {
                "Groundhog": {
                    "type": "object",
                    "required": ["active"],
                    "properties": {
                        "active": {"type": "integer"},
                        "predictions": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Prediction"}
                        },
                        "owner": {"$ref": "#/components/schemas/Owner"}
                    }
                },
                "Prediction": {
                    "allOf": [
                        {"type": "object", "properties": {"year": {"type": "integer"}}},
                        {"properties": {"groundhog": {"$ref": "#/components/schemas/Groundhog"}}}
                    ]
                },
                "Owner": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
            }}
        })
    }

    #[test]
    fn the_format_of_a_string_is_found_down_the_path() {
        let mut doc = spec();
        doc["components"]["schemas"]["Owner"]["properties"]["since"] =
            json!({"type": "string", "format": "date-time"});
        doc["components"]["schemas"]["Owner"]["properties"]["until"] =
            json!({"allOf": [{"$ref": "#/components/schemas/Stamp"}, {"description": "end"}]});
        doc["components"]["schemas"]["Stamp"] = json!({"type": "string", "format": "date"});
        assert_eq!(
            string_format_at(&doc, "GET", "/groundhogs", 200, "groundhogs[0].owner.until")
                .as_deref(),
            Some("date")
        );
        let at = |p: &str| string_format_at(&doc, "GET", "/groundhogs", 200, p);
        assert_eq!(
            at("groundhogs[0].owner.since").as_deref(),
            Some("date-time")
        );
        assert_eq!(
            at("groundhogs[0].predictions[0].groundhog.owner.since").as_deref(),
            Some("date-time")
        );
        // An integer, a string without a format, no such property.
        assert_eq!(at("groundhogs[0].active"), None);
        assert_eq!(at("groundhogs[0].owner.name"), None);
        assert_eq!(at("groundhogs[0].owner.nothing"), None);
    }

    #[test]
    fn paths_are_read_as_serde_path_to_error_writes_them() {
        assert_eq!(
            steps("a[0][12].b"),
            Some(vec![
                Step::Field("a"),
                Step::Index,
                Step::Index,
                Step::Field("b")
            ])
        );
        assert_eq!(steps("a.?.b"), None);
        assert_eq!(steps("a[x]"), None);
    }

    #[test]
    fn a_path_that_comes_round_to_its_schema_again_is_a_recursion_cut() {
        let doc = spec();
        let at = "groundhogs[0].predictions[1].groundhog";
        let why = recursion_cut(&doc, "GET", "/groundhogs", 200, at).expect("recurs");
        assert!(why.starts_with("the body lacks `active`, which its schema requires at `groundhogs[0].predictions[1].groundhog`"), "{why}");
        assert!(
            why.contains("`#/components/schemas/Groundhog` again"),
            "{why}"
        );
        // Deeper still, through the `allOf` member.
        let deeper = "groundhogs[0].predictions[0].groundhog.predictions[3].groundhog";
        assert!(recursion_cut(&doc, "GET", "/groundhogs", 200, deeper).is_some());
    }

    #[test]
    fn a_required_property_missing_without_recursion_is_named_too() {
        let doc = spec();
        let why = recursion_cut(&doc, "GET", "/groundhogs", 200, "groundhogs[0]").expect("lacks");
        assert_eq!(
            why,
            "the body lacks `active`, which its schema requires at `groundhogs[0]`"
        );
        let owner = lacks_required(
            &doc,
            "GET",
            "/groundhogs",
            200,
            "groundhogs[0].owner",
            "name",
        );
        assert!(owner.is_some());
    }

    #[test]
    fn a_property_the_schema_does_not_require_or_a_path_not_followed_says_nothing() {
        let doc = spec();
        let get = |at: &str, status: u16| recursion_cut(&doc, "GET", "/groundhogs", status, at);
        // Where `active` is not required (the client would be wrong to
        // require it): the owner, a prediction.
        assert_eq!(get("groundhogs[0].owner", 200), None);
        assert_eq!(get("groundhogs[0].predictions[0]", 200), None);
        assert_eq!(
            lacks_required(
                &doc,
                "GET",
                "/groundhogs",
                200,
                "groundhogs[0]",
                "predictions"
            ),
            None
        );
        // A property the schema does not have, another status, another path.
        assert_eq!(
            get("groundhogs[0].nothing.predictions[0].groundhog", 200),
            None
        );
        assert_eq!(get("groundhogs[0].predictions[1].groundhog", 404), None);
        assert_eq!(
            recursion_cut(
                &doc,
                "GET",
                "/other",
                200,
                "groundhogs[0].predictions[1].groundhog"
            ),
            None
        );
    }
}
