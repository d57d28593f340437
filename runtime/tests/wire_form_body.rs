//! `application/x-www-form-urlencoded` bodies on the wire, checked on the
//! raw body bytes the server reads.

mod common;

use apigen_runtime::{__private, Method, Request, Style};
use common::raw::{RawRequest, RawServer};
use serde::Serialize;

#[derive(Serialize)]
struct Order {
    amount: f64,
    currency: &'static str,
    note: Option<&'static str>,
    tags: Vec<&'static str>,
    metadata: Meta,
    items: Vec<Item>,
    confirm: bool,
}

#[derive(Serialize)]
struct Meta {
    #[serde(rename = "order id")]
    order_id: &'static str,
    #[serde(rename = "k[1]")]
    k1: &'static str,
    nested: Vec<&'static str>,
}

#[derive(Serialize)]
struct Item {
    price: &'static str,
    quantity: u8,
}

fn order() -> Order {
    Order {
        amount: 2000.0,
        currency: "usd",
        note: None,
        tags: vec!["a b", "c&d=e", "é,日本"],
        metadata: Meta {
            order_id: "6735",
            k1: "[x]/y|z",
            nested: vec!["p", "q"],
        },
        items: vec![
            Item {
                price: "p_1",
                quantity: 1,
            },
            Item {
                price: "p_2",
                quantity: 2,
            },
        ],
        confirm: false,
    }
}

const TAGS: &str = "tags=a+b&tags=c%26d%3De&tags=%C3%A9%2C%E6%97%A5%E6%9C%AC";
const METADATA: &str =
    "metadata[order+id]=6735&metadata[k%5B1%5D]=%5Bx%5D%2Fy%7Cz&metadata[nested][0]=p&metadata[nested][1]=q";
const ITEMS: &str =
    "items[0][price]=p_1&items[0][quantity]=1&items[1][price]=p_2&items[1][quantity]=2";

/// Per-property encodings: property name, style, explode.
type Encoding = &'static [(&'static str, Style, bool)];

async fn send(request: Request) -> RawRequest {
    let server = RawServer::start();
    let client = server.client(|c| c);
    server.send(&client, request).await
}

fn form_request(body: bytes::Bytes) -> Request {
    Request::new(Method::POST, "/f").body("application/x-www-form-urlencoded", body)
}

#[tokio::test]
async fn default_encoding_is_one_rule_for_both_encoders() {
    let expected = format!("amount=2000&currency=usd&{TAGS}&{METADATA}&{ITEMS}&confirm=false");
    let r = send(Request::new(Method::POST, "/f").form(&order())).await;
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        r.header("content-length"),
        Some(expected.len().to_string().as_str())
    );
    assert_eq!(r.body_text(), expected);
    // What generated code sends.
    let r = send(form_request(
        __private::form_body_with(&order(), &[]).unwrap(),
    ))
    .await;
    assert_eq!(r.body_text(), expected);
}

#[tokio::test]
async fn per_property_encodings() {
    let cases: [(Encoding, &str, &str); 5] = [
        (
            &[("tags", Style::Form, false)],
            "tags=a+b,c%26d%3De,%C3%A9%2C%E6%97%A5%E6%9C%AC",
            METADATA,
        ),
        (
            &[
                ("tags", Style::SpaceDelimited, false),
                ("metadata", Style::DeepObject, true),
            ],
            "tags=a+b%20c%26d%3De%20%C3%A9%2C%E6%97%A5%E6%9C%AC",
            METADATA,
        ),
        (
            &[
                ("tags", Style::PipeDelimited, false),
                ("metadata", Style::Form, false),
            ],
            "tags=a+b|c%26d%3De|%C3%A9%2C%E6%97%A5%E6%9C%AC",
            "metadata=order+id,6735,k%5B1%5D,%5Bx%5D%2Fy%7Cz,nested,%5B%22p%22%2C%22q%22%5D",
        ),
        (
            &[("tags", Style::DeepObject, true)],
            "tags[0]=a+b&tags[1]=c%26d%3De&tags[2]=%C3%A9%2C%E6%97%A5%E6%9C%AC",
            METADATA,
        ),
        // The default, spelled out, is the default.
        (
            &[("tags", Style::Form, true), ("metadata", Style::Form, true)],
            TAGS,
            METADATA,
        ),
    ];
    for (encoding, tags, metadata) in cases {
        let body = __private::form_body_with(&order(), encoding).unwrap();
        let r = send(form_request(body)).await;
        assert_eq!(
            r.body_text(),
            format!("amount=2000&currency=usd&{tags}&{metadata}&{ITEMS}&confirm=false"),
            "{encoding:?}"
        );
    }
}

#[tokio::test]
async fn form_pairs_and_errors() {
    let r = send(Request::new(Method::POST, "/f").form_pairs([
        ("a b", "c&d"),
        ("a b", "=é"),
        ("x[y]", ""),
    ]))
    .await;
    assert_eq!(r.body_text(), "a+b=c%26d&a+b=%3D%C3%A9&x%5By%5D=");
    assert_eq!(
        __private::form_body_with(&[1, 2], &[]).unwrap_err(),
        "a form body must be an object"
    );
    let server = RawServer::start();
    let err = server
        .client(|c| c)
        .execute::<serde_json::Value>(Request::new(Method::POST, "/f").form(&"text"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            apigen_runtime::Error::InvalidParam { param: "body", .. }
        ),
        "{err:?}"
    );
}
