//! The documented Prism defects (CONFORMANCE.md shows each with a raw
//! request): a rejection that matches one is counted apart, never as a
//! rejected request.

/// Prism requires a header parameter that OpenAPI says is ignored.
pub const DEFECT_IGNORED_HEADER: &str =
    "requires an Accept, Content-Type or Authorization header parameter, which OpenAPI says is ignored";
/// Prism reads an encoded reserved character as the character.
pub const DEFECT_RESERVED: &str =
    "reports percent-encoded reserved characters (commas) in a query value as invalid";
/// Prism does not read repeated form keys as one array.
pub const DEFECT_FORM_ARRAY: &str =
    "reports repeated keys of an exploded form array as \"must be array\"";

/// Prism does not validate a body whose schema its validator cannot
/// compile (`nullable` without `type`, a pattern JavaScript refuses in
/// unicode mode), and takes that for no errors.
pub const DEFECT_UNVALIDATED_BODY: &str =
    "accepts any body when its validator cannot compile the body's schema (`nullable` without `type`, a pattern that is not a JavaScript regular expression in unicode mode)";
/// Prism's static body, for a schema without an example, is `"string"`
/// for every string schema, whatever its `format`.
pub const DEFECT_STATIC_FORMAT: &str =
    "writes \"string\" for a string schema with a `format` (date-time, uuid, ...) in its static bodies";
/// Prism serves a `*/*` response as text and cannot serialise an object.
pub const DEFECT_ANY_MEDIA_OBJECT: &str =
    "answers 500 \"Cannot serialise complex objects as text\" for a */* response with an object schema";

/// The documented Prism defect an error answer of Prism's own (not a
/// rejection) matches, if any.
pub fn prism_answer_defect(status: u16, detail: &str) -> Option<&'static str> {
    if status == 500 && detail.contains("prism/errors#NO_COMPLEX_OBJECT_TEXT") {
        return Some(DEFECT_ANY_MEDIA_OBJECT);
    }
    None
}

/// The documented Prism defects a rejection matches, if any (see
/// CONFORMANCE.md for each with a raw request that shows it).
pub fn prism_defect(_method: &str, _path: &str, violation: &str) -> Option<&'static str> {
    let v = violation;
    // OpenAPI: header parameters named Accept, Content-Type or
    // Authorization are ignored; Prism still requires them.
    for name in ["authorization", "accept", "content-type"] {
        if v.contains(&format!("must have required property '{name}'")) && v.contains("\"header\"")
        {
            return Some(DEFECT_IGNORED_HEADER);
        }
    }
    if v.contains("Reserved characters") || v.contains("reserved characters") {
        return Some(DEFECT_RESERVED);
    }
    if v.contains("must be array") && (v.contains("\"query\"") || v.contains("[\"body\"")) {
        return Some(DEFECT_FORM_ARRAY);
    }
    None
}
