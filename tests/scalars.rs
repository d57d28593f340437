//! Typed scalars (`tests/specs/scalars.yaml`): models decode and re-encode
//! each of them, parameters and bodies carry them on the raw bytes a server
//! receives (date-times as RFC 3339), and the same spec generated with the
//! mappings off (`apigen_suite::fixtures_plain`) has plain `String`s.

mod support;

use apigen_runtime::scalar::{Base64, Date, DateTime, Uri, Url, Uuid};
use apigen_suite::fixtures::scalars::*;
use serde_json::json;
use support::raw::{RawRequest, RawServer};

const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

fn at(text: &str) -> DateTime {
    text.parse().expect("a valid RFC 3339 date-time")
}

fn day(text: &str) -> Date {
    text.parse().expect("a valid date")
}

fn event_json() -> serde_json::Value {
    json!({
        "id": ID,
        "created_at": "2024-06-01T14:30:00.250+02:00",
        "updated_at": null,
        "day": "2024-06-01",
        // RFC 3986, which a WHATWG parser (`url::Url`) refuses: the last
        // label of the host is a number.
        "link": "https://x.y.1/a%20b?x=1",
        "payload": "aGVsbG8/Pz8=",
        "email": "a@example.com",
        "history": ["2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z"],
        "by_day": {"first": "2024-01-31"},
        "when": "2024-06-03",
        "future_field": 1
    })
}

#[test]
fn models_decode_each_scalar() {
    let event: Event = serde_json::from_value(event_json()).unwrap();
    assert_eq!(event.id, Uuid::parse_str(ID).unwrap());
    assert_eq!(event.created_at, at("2024-06-01T12:30:00.250Z"));
    assert_eq!(event.updated_at, None);
    assert_eq!(event.day, day("2024-06-01"));
    assert_eq!(event.link.as_str(), "https://x.y.1/a%20b?x=1");
    assert!(Url::parse(event.link.as_str()).is_err());
    assert_eq!(event.payload, Base64(b"hello???".to_vec()));
    // `format: email` has no typed scalar.
    assert_eq!(event.email.as_deref(), Some("a@example.com"));
    assert_eq!(
        event.history,
        Some(vec![at("2024-06-01T00:00:00Z"), at("2024-06-02T00:00:00Z")])
    );
    assert_eq!(event.by_day.as_ref().unwrap()["first"], day("2024-01-31"));
    // The union's first alternative (a date-time) refuses a date.
    assert_eq!(event.when, Some(When::Date(day("2024-06-03"))));
}

#[test]
fn models_encode_each_scalar() {
    let event: Event = serde_json::from_value(event_json()).unwrap();
    let text = serde_json::to_string(&event).unwrap();
    // Date-times are written in UTC; everything else as received.
    let mut expected = event_json();
    expected["created_at"] = json!("2024-06-01T12:30:00.250Z");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        expected
    );
    assert!(text.contains(r#""payload":"aGVsbG8/Pz8=""#), "{text}");
    assert!(text.contains(r#""history":["2024-06-01T00:00:00Z","2024-06-02T00:00:00Z"]"#));
}

#[test]
fn a_malformed_value_fails_the_decode() {
    for (field, bad) in [
        ("created_at", "2024-13-01T00:00:00Z"),
        ("created_at", "yesterday"),
        ("day", "2024-06-01T00:00:00Z"),
        ("id", "not-a-uuid"),
        ("link", "/relative/path"),
        ("link", "https://a b.example"),
        ("link", "https://example.com/%zz"),
        ("payload", "*not base64*"),
    ] {
        let mut value = event_json();
        value[field] = json!(bad);
        assert!(
            serde_json::from_value::<Event>(value).is_err(),
            "{field}: {bad}"
        );
    }
}

#[test]
fn with_the_mappings_off_every_format_is_a_string() {
    use apigen_suite::fixtures_plain::scalars as plain;
    let mut value = event_json();
    // What the typed model refuses, the plain one keeps as text.
    value["created_at"] = json!("yesterday");
    value["link"] = json!("/relative/path");
    let event: plain::Event = serde_json::from_value(value.clone()).unwrap();
    let (id, created_at, day, link, payload): (String, String, String, String, String) = (
        event.id.clone(),
        event.created_at.clone(),
        event.day.clone(),
        event.link.clone(),
        event.payload.clone(),
    );
    assert_eq!(
        (id.as_str(), created_at.as_str(), day.as_str()),
        (ID, "yesterday", "2024-06-01")
    );
    assert_eq!(
        (link.as_str(), payload.as_str()),
        ("/relative/path", "aGVsbG8/Pz8=")
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), value);
    // Parameters are strings too.
    let params = plain::GetEventParams {
        since: Some("2024-06-01T12:30:00Z".to_owned()),
        ..plain::GetEventParams::new(ID.to_owned(), "2024-06-01".to_owned())
    };
    assert_eq!(params.since.as_deref(), Some("2024-06-01T12:30:00Z"));
}

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.url.clone())
        .build()
        .expect("client builds")
}

/// Runs one call against a fresh server (which answers 204, so a call that
/// expects a body fails to decode it: only the request matters here) and
/// returns what the server received.
async fn received<F, Fut, T>(call: F) -> RawRequest
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let server = RawServer::start();
    let _ = call(client(&server)).await;
    server.next()
}

#[tokio::test]
async fn parameters_on_the_wire() {
    let params = GetEventParams {
        since: Some(at("2024-06-01T14:30:00.250+02:00")),
        until: Some(at("2024-06-01T23:59:59Z")),
        callback: Some("https://hooks.x.1/a%20b?x=1&y=2".parse::<Uri>().unwrap()),
        x_signature: Some(Base64(vec![0xfb, 0xff, 0x00])),
        seen: Some(vec![at("2024-01-01T00:00:00Z"), at("2024-01-02T00:00:00Z")]),
        ..GetEventParams::new(Uuid::parse_str(ID).unwrap(), day("2024-06-01"))
    };
    let request = received(|c| async move { c.get_event(&params).await }).await;
    assert_eq!(
        request.target(),
        format!(
            "/events/{ID}/on/2024-06-01\
             ?since=2024-06-01T12%3A30%3A00.250Z\
             &until=2024-06-01T23%3A59%3A59Z\
             &callback=https%3A%2F%2Fhooks.x.1%2Fa%2520b%3Fx%3D1%26y%3D2\
             &seen=2024-01-01T00%3A00%3A00Z,2024-01-02T00%3A00%3A00Z"
        )
    );
    assert_eq!(request.header("x-signature"), Some("+/8A"));
}

#[tokio::test]
async fn a_date_time_in_the_path_is_rfc_3339() {
    let event: Event = serde_json::from_value(event_json()).unwrap();
    let params = PutEventAtParams::new(at("2024-06-01T14:30:00+02:00"));
    let request = received(|c| async move { c.put_event_at(&params, &event).await }).await;
    // `:` percent-encoded, as the encoder writes every reserved character
    // of a value.
    assert_eq!(request.target(), "/events/at/2024-06-01T12%3A30%3A00Z");
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["created_at"], "2024-06-01T12:30:00.250Z");
    assert_eq!(body["id"], ID);
    assert_eq!(body["payload"], "aGVsbG8/Pz8=");
    assert_eq!(body["link"], "https://x.y.1/a%20b?x=1");
}

#[tokio::test]
async fn a_uri_in_the_path_is_its_text_percent_encoded() {
    let link: Uri = "https://x.y.1/a%20b?q=1#f".parse().unwrap();
    let params = GetLinkParams::new(link);
    let request = received(|c| async move { c.get_link(&params).await }).await;
    assert_eq!(
        request.target(),
        "/links/https%3A%2F%2Fx.y.1%2Fa%2520b%3Fq%3D1%23f"
    );
}

#[tokio::test]
async fn form_and_binary_bodies() {
    let body = PostEventFormBody {
        at: at("2024-06-01T12:30:00Z"),
        id: Some(Uuid::parse_str(ID).unwrap()),
        payload: Some(Base64(b"hi?".to_vec())),
        extra: Default::default(),
    };
    let request = received(|c| async move { c.post_event_form(&body).await }).await;
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        format!("at=2024-06-01T12%3A30%3A00Z&id={ID}&payload=aGk%2F")
    );

    let raw = apigen_runtime::bytes::Bytes::from_static(&[0, 159, 146, 150, 255]);
    let request = received(|c| async move { c.post_event_raw(raw).await }).await;
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, [0, 159, 146, 150, 255]);
}

/// An event whose id is `id` (the other fields as in [`event_json`]).
fn event_with_id(id: &str) -> serde_json::Value {
    let mut event = event_json();
    event["id"] = json!(id);
    event
}

/// UUID ids are cursors too: the stream sends the last id of each page as
/// `starting_after` (its hyphenated text) and stops on the last page.
#[tokio::test]
async fn a_stream_pages_by_uuid_cursors() {
    use apigen_runtime::futures::TryStreamExt;
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let ids = [
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003",
    ];
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [event_with_id(ids[0]), event_with_id(ids[1])],
            "has_more": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("starting_after", ids[1]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [event_with_id(ids[2])],
            "has_more": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let events: Vec<Event> = client
        .list_events_stream(&ListEventsParams::default())
        .try_collect()
        .await
        .unwrap();
    let got: Vec<String> = events.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(got, ids);
}
