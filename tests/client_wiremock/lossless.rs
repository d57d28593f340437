//! Values and fields the specs do not list.

use super::*;

/// Fails, naming the first difference, unless `again` equals `body`.
fn assert_round_trip(again: &Value, body: &Value) {
    if let Some(difference) = first_difference(again, body) {
        panic!("re-encoding changed the JSON at {difference} (re-encoded vs input)");
    }
    assert_eq!(again, body);
}

/// Serves `body`, decodes it with the client, and checks that re-encoding
/// the decoded value gives back exactly `body`.
async fn leanrails_round_trip(body: &Value) -> leanrails::CheckoutSessionList {
    let server = MockServer::start().await;
    mount_ok(&server, body.clone()).await;
    let list = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_or_else(|e| panic!("decoding {body}: {e}"));
    assert_round_trip(&serde_json::to_value(&list).unwrap(), body);
    list
}

async fn yorlet_round_trip(body: &Value) -> yorlet::CheckoutSessionList {
    let server = MockServer::start().await;
    mount_ok(&server, body.clone()).await;
    let list = yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_or_else(|e| panic!("decoding {body}: {e}"));
    assert_round_trip(&serde_json::to_value(&list).unwrap(), body);
    list
}

#[tokio::test]
async fn leanrails_unknown_enum_values_and_fields_round_trip() {
    let mut odd = leanrails_session("cs_odd", "teleported");
    odd["mode"] = json!("order");
    odd["ui_mode"] = json!("custom"); // known: listed by the spec
    odd["payment_status"] = json!("partially_refunded");
    odd["customer_creation"] = json!("never");
    odd["billing_address_collection"] = json!("optional");
    odd["object"] = json!("checkout.session.v2");
    odd["risk_score"] = json!(42);
    odd["shipping_rate"] = json!({"id": "shr_1", "amount": 500, "tags": ["a", null]});
    odd["customer_details"]["tax_ids"] = json!([{"type": "eu_vat", "value": "DE123"}]);
    odd["customer_details"]["address"]["county"] = json!("Kent");
    odd["total_details"]["amount_fees"] = json!(7);
    odd["total_details"]["breakdown"] = json!({"discounts": [], "taxes": [{"rate": 0.2}]});
    let mut body = leanrails_page(
        vec![odd, leanrails_session("cs_plain", "open")],
        true,
        Some("cs_plain"),
    );
    body["request_meta"] = json!({"region": "eu-west", "replayed": false});

    let list = leanrails_round_trip(&body).await;

    let s = &list.data[0];
    use leanrails::*;
    assert_eq!(
        s.status,
        Some(CheckoutSessionStatus::Unknown("teleported".into()))
    );
    assert_eq!(s.mode, Some(CheckoutSessionMode::Unknown("order".into())));
    assert_eq!(s.ui_mode, Some(UiMode::Custom));
    assert_eq!(
        s.payment_status,
        Some(PaymentStatus::Unknown("partially_refunded".into()))
    );
    assert_eq!(
        s.customer_creation,
        Some(CustomerCreation::Unknown("never".into()))
    );
    assert_eq!(
        s.billing_address_collection,
        Some(BillingAddressCollection::Unknown("optional".into()))
    );
    assert_eq!(
        s.object,
        CheckoutSessionObject::Unknown("checkout.session.v2".into())
    );
    assert_eq!(s.status.as_ref().unwrap().to_string(), "teleported");
    assert_eq!(s.extra["risk_score"], json!(42));
    assert_eq!(s.extra["shipping_rate"]["amount"], json!(500));
    let details = s.customer_details.as_ref().unwrap();
    assert_eq!(details.extra["tax_ids"][0]["value"], json!("DE123"));
    assert_eq!(
        details.address.as_ref().unwrap().extra["county"],
        json!("Kent")
    );
    let totals = s.total_details.as_ref().unwrap();
    assert_eq!(totals.amount_tax, Some(123));
    assert_eq!(totals.extra["amount_fees"], json!(7));
    assert_eq!(list.extra["request_meta"]["region"], json!("eu-west"));
    // The known values of the plain session decode to their variants.
    let plain = &list.data[1];
    assert_eq!(plain.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(plain.mode, Some(CheckoutSessionMode::Payment));
    assert_eq!(plain.object, CheckoutSessionObject::CheckoutSession);
    assert!(plain.extra.is_empty());
}

#[tokio::test]
async fn leanrails_fixture_round_trips() {
    leanrails_round_trip(&fixture("leanrails_list.json")).await;
}

/// The last page of a LeanRails list has `"next_cursor": null` (the spec
/// says so); decoding and re-encoding it must keep that `null`.
#[tokio::test]
async fn leanrails_last_page_with_null_next_cursor_round_trips() {
    let body = leanrails_page(vec![leanrails_session("cs_last", "expired")], false, None);
    assert_eq!(body["next_cursor"], Value::Null);

    let list = leanrails_round_trip(&body).await;

    assert_eq!(list.next_cursor, None);
}

#[tokio::test]
async fn leanrails_error_body_with_unknown_values_round_trips() {
    let server = MockServer::start().await;
    let body = json!({
        "error": {
            "type": "idempotency_error",
            "code": "idempotency_key_in_use",
            "message": "Keys are for one request.",
            "decline_code": "do_not_honor",
            "details": {"retry": false}
        },
        "request_log_url": "https://dashboard.leanrails.com/logs/req_1"
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(409).set_body_json(body.clone()))
        .mount(&server)
        .await;

    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    let model = err.into_api_error().unwrap().body.expect("decoded body");
    assert_eq!(
        model.error.r#type,
        Some(leanrails::ErrorType::Unknown("idempotency_error".into()))
    );
    assert_eq!(model.error.extra["decline_code"], json!("do_not_honor"));
    assert_eq!(
        model.extra["request_log_url"],
        json!("https://dashboard.leanrails.com/logs/req_1")
    );
    assert_round_trip(&serde_json::to_value(&model).unwrap(), &body);
}

/// The Yorlet fixture with a second session's worth of count. `number`
/// fields decode to `f64`; whole values are written back as integers, as the
/// provider writes them (`"count": 2`), so the round trip is exact.
fn yorlet_fixture_with_count_2() -> Value {
    let mut body = fixture("yorlet_list.json");
    body["count"] = json!(2);
    body
}

/// A whole number written as a float (`2.0`) is the same JSON number; it
/// decodes to the same `f64` and is written back as `2`.
#[test]
fn yorlet_whole_floats_are_written_as_integers() {
    let mut body = fixture("yorlet_list.json");
    body["count"] = json!(2.0);
    body["data"][0]["subscription_data"]["add_invoice_items"][0]["tax_percent"] = json!(12.5);
    let list: yorlet::CheckoutSessionList = serde_json::from_value(body).unwrap();
    assert_eq!(list.count, 2.0);
    let out = serde_json::to_value(&list).unwrap();
    assert_eq!(out["count"], json!(2));
    assert!(out["count"].is_i64());
    assert_eq!(
        out["data"][0]["subscription_data"]["add_invoice_items"][0]["tax_percent"],
        json!(12.5)
    );
}

#[tokio::test]
async fn yorlet_unknown_enum_values_and_fields_round_trip() {
    let mut body = yorlet_fixture_with_count_2();
    let first = &mut body["data"][0];
    first["status"] = json!("teleported");
    first["currency"] = json!("jpy");
    first["livemode"] = json!(true);
    first["merchant"]["statement_descriptor"] = json!("YORLET*RENT");
    first["subscription_data"]["phases"][0]["items"][0]["price_data"]["unit_label"] = json!("seat");
    first["subscription_data"]["billing_anchor_config"]["timezone"] = json!("Europe/London");
    let mut second = yorlet_session("cs_second");
    second["status"] = json!("canceled"); // known: listed by the spec
    second["currency"] = json!("sek");
    second["subscription_data"] = json!({"description": "none", "trial": {"days": 14}});
    body["data"].as_array_mut().unwrap().push(second);
    body["url"] = json!("/v1/checkout_sessions");

    let list = yorlet_round_trip(&body).await;

    use yorlet::*;
    let s = &list.data[0];
    assert_eq!(
        s.status,
        Some(CheckoutSessionStatus::Unknown("teleported".into()))
    );
    assert_eq!(s.currency, Some(Currency::Unknown("jpy".into())));
    assert_eq!(s.extra["livemode"], json!(true));
    assert_eq!(
        s.merchant.as_ref().unwrap().extra["statement_descriptor"],
        json!("YORLET*RENT")
    );
    let sub = s.subscription_data.as_ref().unwrap();
    let price_data = sub.phases.as_ref().unwrap()[0].items.as_ref().unwrap()[0]
        .price_data
        .as_ref()
        .unwrap();
    assert_eq!(price_data.extra["unit_label"], json!("seat"));
    assert_eq!(price_data.tax_percent, Some(123.0));
    assert_eq!(
        sub.billing_anchor_config.as_ref().unwrap().extra["timezone"],
        json!("Europe/London")
    );
    let second = &list.data[1];
    assert_eq!(second.status, Some(CheckoutSessionStatus::Canceled));
    assert_eq!(second.currency, Some(Currency::Sek));
    assert_eq!(
        second.subscription_data.as_ref().unwrap().extra["trial"],
        json!({"days": 14})
    );
    assert_eq!(list.extra["url"], json!("/v1/checkout_sessions"));
    assert_eq!(list.count, 2.0);
}

/// The provider's own example writes `"count": 1` and `"tax_percent": 50`;
/// decoding and re-encoding it must not turn them into `1.0` and `50.0`.
#[tokio::test]
async fn yorlet_integral_numbers_round_trip_unchanged() {
    let list = yorlet_round_trip(&fixture("yorlet_list.json")).await;
    assert_eq!(list.count, 1.0);
}
