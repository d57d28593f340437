//! What the generated mock server matches beyond method, path and query
//! (`tests/specs/operations.yaml`): header parameter values, cookie
//! parameters and, with `body(..)`, the request body. Two expectations on
//! one operation that differ only there answer differently, and a request
//! that differs from every expectation gets wiremock's unmatched answer
//! (404, no body).

use apigen_runtime::mock::wiremock::ResponseTemplate;
use apigen_runtime::Error;
use apigen_suite::fixtures::operations::{
    mock::MockServer, Client, CreatePartBody, CreatePartParams, CreatePartResponse,
    PutWidgetsByWidgetIdUploadParams, SearchWidgetsBody,
};
use serde_json::json;

fn part(name: &str) -> CreatePartBody {
    CreatePartBody {
        name: name.into(),
        extra: Default::default(),
    }
}

fn params() -> CreatePartParams {
    CreatePartParams {
        widget_id: 7,
        idempotency_key: None,
        filter: None,
        session: None,
    }
}

fn created(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(json!({ "id": id }))
}

async fn create(client: &Client, p: &CreatePartParams, name: &str) -> Result<String, u16> {
    match client.create_part(p, &part(name)).await {
        Ok(CreatePartResponse::Created(c)) => Ok(c.id.unwrap()),
        Ok(other) => panic!("{other:?}"),
        Err(Error::Api(e)) => {
            // wiremock's answer to a request no expectation matches.
            assert!(e.snippet.is_empty(), "{e:?}");
            Err(e.status.as_u16())
        }
        Err(other) => panic!("{other}"),
    }
}

#[tokio::test]
async fn json_bodies_pick_the_expectation_and_a_third_body_matches_none() {
    let server = MockServer::start().await;
    let p = params();
    server
        .create_part(&p)
        .body(&part("bolt"))
        .respond_with(created("p_bolt"))
        .await;
    server
        .create_part(&p)
        .body(&part("nut"))
        .respond_with(created("p_nut"))
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(create(&client, &p, "nut").await, Ok("p_nut".into()));
    assert_eq!(create(&client, &p, "bolt").await, Ok("p_bolt".into()));
    assert_eq!(create(&client, &p, "washer").await, Err(404));
    assert_eq!(server.runtime().received().await.len(), 3);
}

#[tokio::test]
async fn a_json_body_matches_as_json_whatever_its_spacing_and_key_order() {
    let server = MockServer::start().await;
    let mut body = part("bolt");
    body.extra.insert("size".into(), json!(3));
    server
        .create_part(&params())
        .body(&body)
        .respond_with(created("p1"))
        .await;
    let http = reqwest::Client::new();
    let url = format!("{}/widgets/7/parts", server.uri());
    let send = |ct: &'static str, text: &'static str| {
        http.post(&url).header("content-type", ct).body(text).send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();
    let same = r#"{ "size" : 3,
        "name": "bolt" }"#;
    assert_eq!(
        status(send("application/json; charset=utf-8", same).await.unwrap()),
        201
    );
    // Another value, a missing key, or the same text as another media type.
    for (ct, text) in [
        ("application/json", r#"{"name": "bolt", "size": 4}"#),
        ("application/json", r#"{"name": "bolt"}"#),
        ("text/plain", r#"{"name": "bolt", "size": 3}"#),
    ] {
        assert_eq!(status(send(ct, text).await.unwrap()), 404, "{ct} {text}");
    }
}

#[tokio::test]
async fn header_parameter_values_pick_the_expectation() {
    let server = MockServer::start().await;
    let with_key = |key: &str| CreatePartParams {
        idempotency_key: Some(key.into()),
        ..params()
    };
    server
        .create_part(&with_key("k1"))
        .respond_with(created("p_k1"))
        .await;
    server
        .create_part(&with_key("k2"))
        .respond_with(created("p_k2"))
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(
        create(&client, &with_key("k2"), "x").await,
        Ok("p_k2".into())
    );
    assert_eq!(
        create(&client, &with_key("k1"), "x").await,
        Ok("p_k1".into())
    );
    assert_eq!(create(&client, &with_key("k3"), "x").await, Err(404));
    // No header at all does not match an expectation that sets one.
    assert_eq!(create(&client, &params(), "x").await, Err(404));
}

#[tokio::test]
async fn cookie_parameters_pick_the_expectation() {
    let server = MockServer::start().await;
    let with_session = |s: &str| CreatePartParams {
        session: Some(s.into()),
        ..params()
    };
    server
        .create_part(&with_session("s 1"))
        .respond_with(created("p_s1"))
        .await;
    server
        .create_part(&with_session("s2"))
        .respond_with(created("p_s2"))
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(
        create(&client, &with_session("s 1"), "x").await,
        Ok("p_s1".into())
    );
    assert_eq!(
        create(&client, &with_session("s2"), "x").await,
        Ok("p_s2".into())
    );
    assert_eq!(create(&client, &with_session("s3"), "x").await, Err(404));
    assert_eq!(create(&client, &params(), "x").await, Err(404));
    let received = server.runtime().received().await;
    let cookie = received[0].headers.get("cookie").unwrap();
    assert_eq!(cookie.to_str().unwrap(), "session=s%201");
}

#[tokio::test]
async fn an_expectation_without_a_body_matches_any_body() {
    let server = MockServer::start().await;
    server
        .create_part(&params())
        .respond_with(created("any"))
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(create(&client, &params(), "a").await, Ok("any".into()));
    assert_eq!(create(&client, &params(), "b").await, Ok("any".into()));
}

#[tokio::test]
async fn form_bodies_match_by_their_pairs() {
    let server = MockServer::start().await;
    let q = |q: &str| SearchWidgetsBody {
        q: Some(q.into()),
        extra: Default::default(),
    };
    for text in ["blue bolts", "nuts"] {
        server
            .search_widgets()
            .body(&q(text))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!("found {text}")))
            .await;
    }
    let client = server.client_builder().build().unwrap();
    assert_eq!(
        client.search_widgets(Some(&q("nuts"))).await.unwrap(),
        "found nuts"
    );
    assert_eq!(
        client.search_widgets(Some(&q("blue bolts"))).await.unwrap(),
        "found blue bolts"
    );
    let err = client.search_widgets(Some(&q("bolts"))).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = client.search_widgets(None).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    // The same pairs percent-encoded another way (`+` for a space) match.
    let response = reqwest::Client::new()
        .post(format!("{}/widgets/search", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("q=blue+bolts")
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "found blue bolts");
}

#[tokio::test]
async fn byte_bodies_match_byte_for_byte() {
    let server = MockServer::start().await;
    let p = PutWidgetsByWidgetIdUploadParams {
        widget_id: "w1".into(),
    };
    server
        .put_widgets_by_widget_id_upload(&p)
        .body(apigen_runtime::bytes::Bytes::from_static(b"\x00\x01abc"))
        .respond_status(204)
        .await;
    let client = server.client_builder().build().unwrap();
    let upload = |b: &'static [u8]| {
        client
            .put_widgets_by_widget_id_upload(&p, Some(apigen_runtime::bytes::Bytes::from_static(b)))
    };
    upload(b"\x00\x01abc").await.unwrap();
    let err = upload(b"\x00\x01abd").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

/// Array and object parameters are compared as the client encodes them
/// (`tests/specs/styles.yaml`): `X-Colors: blue,black`, `colors=blue,black`.
#[tokio::test]
async fn array_and_object_headers_and_cookies_are_compared_encoded() {
    use apigen_suite::fixtures::styles::{mock, CookieStylesParams, HeaderStylesParams, Rgb};
    let server = mock::MockServer::start().await;
    let colors = |c: &[&str]| Some(c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let rgb = |g: i64| {
        Some(Rgb {
            r: Some(1),
            g: Some(g),
            b: None,
            extra: Default::default(),
        })
    };
    let headers = |c: &[&str], g: i64| HeaderStylesParams {
        x_colors: colors(c),
        x_rgb: rgb(g),
        x_plain: None,
    };
    server
        .header_styles(&headers(&["blue", "black"], 2))
        .respond_status(204)
        .await;
    let cookies = |c: &[&str]| CookieStylesParams {
        colors: colors(c),
        session: Some("s".into()),
    };
    server
        .cookie_styles(&cookies(&["blue", "black"]))
        .respond_status(204)
        .await;
    let client = server.client_builder().build().unwrap();
    let status = |r: Result<(), Error<serde_json::Value>>| match r {
        Ok(()) => 204,
        Err(e) => e.status().unwrap().as_u16(),
    };
    assert_eq!(
        status(client.header_styles(&headers(&["blue", "black"], 2)).await),
        204
    );
    assert_eq!(
        status(client.header_styles(&headers(&["black", "blue"], 2)).await),
        404
    );
    assert_eq!(
        status(client.header_styles(&headers(&["blue", "black"], 3)).await),
        404
    );
    assert_eq!(
        status(client.cookie_styles(&cookies(&["blue", "black"])).await),
        204
    );
    assert_eq!(status(client.cookie_styles(&cookies(&["blue"])).await), 404);
    let received = server.runtime().received().await;
    let header = |i: usize, name: &str| {
        received[i]
            .headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(header(0, "x-colors"), "blue,black");
    assert_eq!(header(0, "x-rgb"), "R=1,G=2");
    assert_eq!(header(3, "cookie"), "colors=blue,black; session=s");
}
