//! Example values of generated types (`Builder::examples`).

/// An example value of a generated type, from the JSON the generator made
/// for it (`example()` constructors). The generator checks the JSON against
/// the schema, so a failure to decode is a generator bug and panics with
/// the type and the text.
pub fn example<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!(
            "example of {} does not decode: {e}: {json}",
            std::any::type_name::<T>()
        ),
    }
}
