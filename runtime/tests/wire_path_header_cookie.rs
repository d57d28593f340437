//! Path, header and cookie parameters on the wire, checked on the raw
//! request-target and header lines the server reads.

mod common;

use apigen_runtime::{
    encode_header_value, encode_path_param, ApiKeyLocation, Credential, Error, Method, Request,
    Style,
};
use common::raw::{RawRequest, RawServer};
use common::wire::{COLOR, RGB, TRICKY};
use serde::Serialize;

/// An object with its properties in the given order.
struct Obj<'a>(&'a [(&'a str, &'a str)]);

impl Serialize for Obj<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

/// The target of `GET /items/{color}/x`.
async fn path_target<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let segment = encode_path_param("color", value, style, explode);
    let request = Request::new(Method::GET, format!("/items/{segment}/x"));
    server.send(&client, request).await.target().to_owned()
}

#[tokio::test]
async fn path_styles_openapi_examples() {
    use Style::{Label, Matrix, Simple};
    let cases: [(Style, bool, &str, &str, &str); 6] = [
        (
            Simple,
            false,
            "blue",
            "blue,black,brown",
            "R,100,G,200,B,150",
        ),
        (
            Simple,
            true,
            "blue",
            "blue,black,brown",
            "R=100,G=200,B=150",
        ),
        (
            Label,
            false,
            ".blue",
            ".blue,black,brown",
            ".R,100,G,200,B,150",
        ),
        (
            Label,
            true,
            ".blue",
            ".blue.black.brown",
            ".R=100.G=200.B=150",
        ),
        (
            Matrix,
            false,
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ),
        (
            Matrix,
            true,
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ),
    ];
    for (style, explode, scalar, array, object) in cases {
        let what = format!("{style:?}, explode: {explode}");
        let wrap = |s: &str| format!("/items/{s}/x");
        assert_eq!(
            path_target("blue", style, explode).await,
            wrap(scalar),
            "{what}"
        );
        assert_eq!(
            path_target(&COLOR, style, explode).await,
            wrap(array),
            "{what}"
        );
        assert_eq!(
            path_target(&RGB, style, explode).await,
            wrap(object),
            "{what}"
        );
    }
}

#[tokio::test]
async fn path_values_holding_delimiters_stay_values() {
    let enc = "a%2Cb,c%20d,e%7Cf%26g%3Dh,%2F%5Bi%5D,%C3%A9,%E6%97%A5%E6%9C%AC";
    assert_eq!(
        path_target(&TRICKY, Style::Simple, false).await,
        format!("/items/{enc}/x")
    );
    assert_eq!(
        path_target(&TRICKY, Style::Label, true).await,
        format!("/items/.{}/x", enc.replace(',', "."))
    );
    assert_eq!(
        path_target(&TRICKY, Style::Matrix, true).await,
        format!("/items/;color={}/x", enc.replace(',', ";color="))
    );
    // `.` is label's delimiter, so it is encoded there (and only there).
    assert_eq!(
        path_target(&["v1.2", "x"], Style::Label, true).await,
        "/items/.v1%2E2.x/x"
    );
    assert_eq!(
        path_target(&["v1.2", "x"], Style::Simple, false).await,
        "/items/v1.2,x/x"
    );
    let object = Obj(&[("k=;", "v,."), ("é", "a b")]);
    assert_eq!(
        path_target(&object, Style::Matrix, true).await,
        "/items/;k%3D%3B=v%2C.;%C3%A9=a%20b/x"
    );
    assert_eq!(
        path_target(&object, Style::Simple, true).await,
        "/items/k%3D%3B=v%2C.,%C3%A9=a%20b/x"
    );
    // A raw `\` would become `/` in the URL parser; encoded, it stays.
    assert_eq!(
        path_target("a\\b?c#d%", Style::Simple, false).await,
        "/items/a%5Cb%3Fc%23d%25/x"
    );
    assert_eq!(
        path_target(&1.0f64, Style::Simple, false).await,
        "/items/1/x"
    );
}

#[tokio::test]
async fn dot_values_are_refused_not_normalised() {
    let server = RawServer::start();
    let client = server.client(|c| c);
    for (value, style) in [
        (".", Style::Simple),
        ("..", Style::Simple),
        ("", Style::Label),
    ] {
        let segment = encode_path_param("id", value, style, false);
        let err = client
            .execute::<serde_json::Value>(Request::new(Method::GET, format!("/a/{segment}")))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidParam { param: "path", .. }),
            "{value:?}: {err:?}"
        );
    }
}

/// The request a header parameter `X-Color` arrives in.
async fn header_request(value: String) -> RawRequest {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let request = Request::new(Method::GET, "/h").header("X-Color", value);
    server.send(&client, request).await
}

#[tokio::test]
async fn header_simple_style() {
    let cases = [
        (encode_header_value("blue", false), "blue"),
        (encode_header_value(&COLOR, false), "blue,black,brown"),
        (encode_header_value(&COLOR, true), "blue,black,brown"),
        (encode_header_value(&RGB, false), "R,100,G,200,B,150"),
        (encode_header_value(&RGB, true), "R=100,G=200,B=150"),
        (encode_header_value(&2.0f64, false), "2"),
        (
            encode_header_value(&TRICKY, false),
            "a%2Cb,c d,e|f&g=h,/[i],%C3%A9,%E6%97%A5%E6%9C%AC",
        ),
        (
            encode_header_value(&Obj(&[("k=,", "v%")]), true),
            "k%3D%2C=v%25",
        ),
        (encode_header_value(&Obj(&[("k=", "v=")]), false), "k=,v="),
        // A scalar has no structure: only what a header cannot hold is encoded.
        (
            encode_header_value("W/\"x\", 100% é", false),
            "W/\"x\", 100% %C3%A9",
        ),
    ];
    for (value, expected) in cases {
        let r = header_request(value).await;
        assert_eq!(r.header("x-color"), Some(expected));
    }
    // CR and LF cannot start a header of their own.
    let r = header_request(encode_header_value("x\r\nInjected: 1", false)).await;
    assert_eq!(r.header("x-color"), Some("x%0D%0AInjected: 1"));
    assert_eq!(r.header("injected"), None);
}

/// The one `Cookie` header of a request.
async fn cookie_header(
    request: Request,
    f: impl FnOnce(apigen_runtime::Config) -> apigen_runtime::Config,
) -> String {
    let server = RawServer::start();
    let client = server.client(f);
    let r = server.send(&client, request).await;
    r.header("cookie").expect("a Cookie header").to_owned()
}

#[tokio::test]
async fn cookie_form_style() {
    let cases: [(Request, &str); 6] = [
        (
            Request::new(Method::GET, "/c").cookie("color", "blue", false),
            "color=blue",
        ),
        (
            Request::new(Method::GET, "/c").cookie("color", &COLOR, false),
            "color=blue,black,brown",
        ),
        (
            Request::new(Method::GET, "/c").cookie("color", &COLOR, true),
            "color=blue; color=black; color=brown",
        ),
        (
            Request::new(Method::GET, "/c").cookie("color", &RGB, false),
            "color=R,100,G,200,B,150",
        ),
        (
            Request::new(Method::GET, "/c").cookie("color", &RGB, true),
            "R=100; G=200; B=150",
        ),
        (
            Request::new(Method::GET, "/c").cookie("color", &TRICKY, false),
            "color=a%2Cb,c%20d,e%7Cf%26g%3Dh,%2F%5Bi%5D,%C3%A9,%E6%97%A5%E6%9C%AC",
        ),
    ];
    for (request, expected) in cases {
        assert_eq!(cookie_header(request, |c| c).await, expected);
    }
    let request = Request::new(Method::GET, "/c")
        .cookie("s", "a; b=c", true)
        .cookie("none", &None::<u8>, true)
        .cookie("n", &1.0f64, true);
    assert_eq!(cookie_header(request, |c| c).await, "s=a%3B%20b%3Dc; n=1");
}

#[tokio::test]
async fn all_cookies_share_one_header() {
    let request = Request::new(Method::GET, "/c")
        .header("Cookie", "pre=1")
        .cookie("a", &1, true)
        .cookie("color", &COLOR, true)
        .security(&[&["key"]]);
    let header = cookie_header(request, |c| {
        c.credential(
            "key",
            Credential::api_key(ApiKeyLocation::Cookie, "sid", "s3cret"),
        )
    })
    .await;
    assert_eq!(
        header,
        "pre=1; a=1; color=blue; color=black; color=brown; sid=s3cret"
    );
    // No cookie parameters and no key: no Cookie header at all.
    let server = RawServer::start();
    let client = server.client(|c| c);
    let r = server
        .send(
            &client,
            Request::new(Method::GET, "/c").cookie("x", &Vec::<u8>::new(), true),
        )
        .await;
    assert_eq!(r.header("cookie"), None);
}
