//! The seed pages' example responses decode into the generated types and
//! re-encode to the same JSON; values and fields the specs do not know decode
//! too and survive a round trip.

use checkout_clients::{leanrails, yorlet};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/fixtures/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Decodes `value` as `T`, re-encodes it, and checks the JSON is unchanged.
fn round_trip<T>(value: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let text = value.to_string();
    let decoded: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, value, "re-encoded JSON differs");
    decoded
}

#[test]
fn leanrails_fixture_round_trips() {
    let list: leanrails::CheckoutSessionList = round_trip(&fixture("leanrails_list.json"));
    assert!(list.has_more);
    assert_eq!(list.url, "/v1/checkout_sessions");
    let s = &list.data[0];
    assert_eq!(s.id, "cs_xxx");
    assert_eq!(s.status, Some(leanrails::CheckoutSessionStatus::Open));
    assert_eq!(s.mode, Some(leanrails::CheckoutSessionMode::Payment));
    assert_eq!(s.ui_mode, Some(leanrails::UiMode::Hosted));
    let address = s
        .customer_details
        .as_ref()
        .unwrap()
        .address
        .as_ref()
        .unwrap();
    assert_eq!(address.city.as_deref(), Some("<string>"));
    assert_eq!(s.total_details.as_ref().unwrap().amount_tax, Some(123));
    assert!(
        s.extra.is_empty(),
        "every fixture field is a declared field"
    );
}

#[test]
fn yorlet_fixture_round_trips() {
    let list: yorlet::CheckoutSessionList = round_trip(&fixture("yorlet_list.json"));
    assert_eq!(list.count, 1.0);
    let s = &list.data[0];
    assert_eq!(s.currency, Some(yorlet::Currency::Gbp));
    let sub = s.subscription_data.as_ref().unwrap();
    let phase = &sub.phases.as_ref().unwrap()[0];
    let item = &phase.items.as_ref().unwrap()[0];
    let entry = &item.schedule.as_ref().unwrap()[0];
    assert_eq!(entry.effective_at_config.as_ref().unwrap().month, Some(6));
    assert_eq!(
        s.merchant.as_ref().unwrap().support_email.as_deref(),
        Some("<string>")
    );
    assert!(s.extra.is_empty());
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut value = fixture("leanrails_list.json");
    let session = &mut value["data"][0];
    session["mode"] = json!("order");
    session["status"] = json!("teleported");
    session["ui_mode"] = json!("custom");
    let list: leanrails::CheckoutSessionList = round_trip(&value);
    let s = &list.data[0];
    assert_eq!(
        s.mode,
        Some(leanrails::CheckoutSessionMode::Unknown("order".into()))
    );
    assert_eq!(s.status.as_ref().unwrap().as_str(), "teleported");
    assert_eq!(s.ui_mode, Some(leanrails::UiMode::Custom));

    let mut value = fixture("yorlet_list.json");
    value["data"][0]["status"] = json!("canceled");
    value["data"][0]["currency"] = json!("jpy");
    let list: yorlet::CheckoutSessionList = round_trip(&value);
    assert_eq!(
        list.data[0].status,
        Some(yorlet::CheckoutSessionStatus::Canceled)
    );
    assert_eq!(
        list.data[0].currency,
        Some(yorlet::Currency::Unknown("jpy".into()))
    );
}

#[test]
fn unknown_fields_are_kept_at_every_level() {
    let mut value = fixture("leanrails_list.json");
    value["livemode_hint"] = json!({"nested": [1, 2]});
    value["data"][0]["new_field"] = json!(42);
    value["data"][0]["customer_details"]["address"]["district"] = json!("Soho");
    let list: leanrails::CheckoutSessionList = round_trip(&value);
    assert_eq!(list.extra["livemode_hint"], json!({"nested": [1, 2]}));
    assert_eq!(list.data[0].extra["new_field"], json!(42));
    let address = list.data[0]
        .customer_details
        .as_ref()
        .unwrap()
        .address
        .as_ref()
        .unwrap();
    assert_eq!(address.extra["district"], json!("Soho"));
}

#[test]
fn nullable_and_missing_fields() {
    let mut value = fixture("leanrails_list.json");
    value["next_cursor"] = Value::Null;
    let list: leanrails::CheckoutSessionList = round_trip(&value);
    assert_eq!(list.next_cursor, None);

    // A required field that is missing is an error naming it.
    let mut value = fixture("leanrails_list.json");
    value.as_object_mut().unwrap().remove("has_more");
    let err = serde_json::from_value::<leanrails::CheckoutSessionList>(value).unwrap_err();
    assert!(err.to_string().contains("has_more"), "{err}");

    // A wrong type is an error, not a silent default.
    let mut value = fixture("yorlet_list.json");
    value["count"] = json!("many");
    assert!(serde_json::from_value::<yorlet::CheckoutSessionList>(value).is_err());
}

#[test]
fn enums_convert_from_and_to_strings() {
    use std::str::FromStr;
    let status = leanrails::CheckoutSessionStatus::from_str("complete").unwrap();
    assert_eq!(status, leanrails::CheckoutSessionStatus::Complete);
    assert_eq!(status.to_string(), "complete");
    let unknown = leanrails::PaymentStatus::from("refunded");
    assert_eq!(unknown.as_str(), "refunded");
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"refunded\"");
}
