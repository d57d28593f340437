//! What makes a request impossible that the generator can see in the
//! spec itself (the driver's per-operation `contradiction`): a required
//! parameter that is an array of objects, an object body under a media
//! type that is neither JSON nor a form. The `oneOf` bodies no value
//! matches once are noted by the synthesis (`Synth::one_of`).

use serde_json::Value;

use super::values::type_of;
use super::Synth;
use crate::ir::BodyKind;

/// Why no request can carry a valid value of a required parameter that is
/// an array of objects (mastodon's `GET /api/v1/markers` `timeline`): no
/// parameter style writes an object inside an array (OpenAPI's style table
/// has no such row), so an exploded `[{}]` is no value at all, and any text
/// is a string where the schema wants an object.
pub(super) fn array_of_objects_param(
    synth: &Synth<'_>,
    param: &crate::ir::Param,
) -> Option<String> {
    if !param.required || param.pointer.contains("/content/") {
        return None;
    }
    let Value::Object(s) = synth.at(&param.pointer)? else {
        return None;
    };
    let Value::Object(items) = synth.resolve(s.get("items")?) else {
        return None;
    };
    (type_of(s) == "array" && type_of(items) == "object").then(|| {
        format!(
            "the required parameter `{}` is an array of objects, and no parameter style writes \
             an object inside an array: no request carries a valid value",
            param.wire
        )
    })
}

/// Why no request body can be valid, when its schema is an object and its
/// media type neither JSON nor a form (`application/octet-stream`,
/// mastodon's unregistered `application/form-data`): the spec gives no
/// encoding of an object in that media type, so the body goes out as its
/// raw bytes, and a validator that reads the raw text as the value finds a
/// string where the schema wants an object.
pub(super) fn raw_object_body(synth: &Synth<'_>, body: &crate::ir::Body) -> Option<String> {
    if !matches!(body.kind, BodyKind::Text | BodyKind::Bytes) {
        return None;
    }
    let Value::Object(s) = synth.at(&body.pointer)? else {
        return None;
    };
    (type_of(s) == "object").then(|| {
        format!(
            "the request body's schema is an object, but its media type `{}` is neither JSON \
             nor a form, and the spec gives no encoding of an object in it: no body of that \
             media type is an object",
            body.content_type
        )
    })
}
