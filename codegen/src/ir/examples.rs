//! Example values of the generated types, parameters and bodies.

/// Schema-valid example values as JSON, each for a type, a parameter or a
/// request body (see `lower::example`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// Type name → its example.
    pub types: std::collections::BTreeMap<String, serde_json::Value>,
    /// Operation index → an example per parameter, in parameter order.
    pub params: Vec<Vec<serde_json::Value>>,
    /// Operation index → an example of its request body, if it has one.
    pub bodies: Vec<Option<serde_json::Value>>,
    /// Operation index → why no request of it can be valid, when the
    /// generator can tell the spec contradicts itself: a `oneOf` body no
    /// value matches exactly one alternative of, an object body under a
    /// media type that is neither JSON nor a form.
    pub contradictions: Vec<Option<String>>,
    /// Operation index → why the response example a mock serves for it
    /// (the spec's own, for its first success response) does not fit the
    /// response's schema: a body the spec promises no client can decode.
    pub served_misfits: Vec<Option<String>>,
    /// Whether the example items are compiled only with this cargo feature.
    pub feature: Option<String>,
}
