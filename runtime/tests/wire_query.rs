//! Query parameters on the wire, checked on the raw request-target the
//! server reads (a decoding matcher would hide encoding bugs).

mod common;

use apigen_runtime::{ApiKeyLocation, Credential, Method, Request, Style};
use common::raw::RawServer;
use common::wire::{COLOR, RGB, TRICKY};
use serde::Serialize;

/// The target of `GET /q` with one query parameter.
async fn target<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let request = Request::new(Method::GET, "/q").query_param("color", value, style, explode);
    server.send(&client, request).await.target().to_owned()
}

#[tokio::test]
async fn form_style_openapi_examples() {
    assert_eq!(target("blue", Style::Form, false).await, "/q?color=blue");
    assert_eq!(target("blue", Style::Form, true).await, "/q?color=blue");
    assert_eq!(
        target(&COLOR, Style::Form, false).await,
        "/q?color=blue,black,brown"
    );
    assert_eq!(
        target(&COLOR, Style::Form, true).await,
        "/q?color=blue&color=black&color=brown"
    );
    assert_eq!(
        target(&RGB, Style::Form, false).await,
        "/q?color=R,100,G,200,B,150"
    );
    assert_eq!(
        target(&RGB, Style::Form, true).await,
        "/q?R=100&G=200&B=150"
    );
}

#[tokio::test]
async fn space_pipe_and_deep_object_openapi_examples() {
    assert_eq!(
        target(&COLOR, Style::SpaceDelimited, false).await,
        "/q?color=blue%20black%20brown"
    );
    assert_eq!(
        target(&RGB, Style::SpaceDelimited, false).await,
        "/q?color=R%20100%20G%20200%20B%20150"
    );
    assert_eq!(
        target(&COLOR, Style::PipeDelimited, false).await,
        "/q?color=blue|black|brown"
    );
    assert_eq!(
        target(&RGB, Style::PipeDelimited, false).await,
        "/q?color=R|100|G|200|B|150"
    );
    assert_eq!(
        target(&RGB, Style::DeepObject, true).await,
        "/q?color[R]=100&color[G]=200&color[B]=150"
    );
    // Exploded spaceDelimited/pipeDelimited are written like exploded form.
    assert_eq!(
        target(&COLOR, Style::PipeDelimited, true).await,
        "/q?color=blue&color=black&color=brown"
    );
}

#[tokio::test]
async fn values_holding_delimiters_stay_values() {
    let enc = "a%2Cb,c+d,e%7Cf%26g%3Dh,%2F%5Bi%5D,%C3%A9,%E6%97%A5%E6%9C%AC";
    assert_eq!(
        target(&TRICKY, Style::Form, false).await,
        format!("/q?color={enc}")
    );
    assert_eq!(
        target(&TRICKY, Style::Form, true).await,
        "/q?color=a%2Cb&color=c+d&color=e%7Cf%26g%3Dh&color=%2F%5Bi%5D&color=%C3%A9&color=%E6%97%A5%E6%9C%AC"
    );
    assert_eq!(
        target(&TRICKY, Style::PipeDelimited, false).await,
        format!("/q?color={}", enc.replace(',', "|"))
    );
    // A space inside a value is `+`, the delimiter `%20`: distinct bytes.
    assert_eq!(
        target(&TRICKY, Style::SpaceDelimited, false).await,
        format!("/q?color={}", enc.replace(',', "%20"))
    );
    let object = Obj(&[("k,1", "v|1"), ("[k]", "a b&c=d"), ("é", "日本")]);
    assert_eq!(
        target(&object, Style::DeepObject, true).await,
        "/q?color[k%2C1]=v%7C1&color[%5Bk%5D]=a+b%26c%3Dd&color[%C3%A9]=%E6%97%A5%E6%9C%AC"
    );
    assert_eq!(
        target(&object, Style::Form, true).await,
        "/q?k%2C1=v%7C1&%5Bk%5D=a+b%26c%3Dd&%C3%A9=%E6%97%A5%E6%9C%AC"
    );
    assert_eq!(
        target(&object, Style::Form, false).await,
        "/q?color=k%2C1,v%7C1,%5Bk%5D,a+b%26c%3Dd,%C3%A9,%E6%97%A5%E6%9C%AC"
    );
    assert_eq!(
        target("a b&c=d/é", Style::Form, true).await,
        "/q?color=a+b%26c%3Dd%2F%C3%A9"
    );
}

#[derive(Serialize)]
struct Filter {
    status: &'static str,
    created: Range,
    ids: Vec<u32>,
    owner: Option<&'static str>,
}

#[derive(Serialize)]
struct Range {
    gte: f64,
    lt: Option<f64>,
}

#[tokio::test]
async fn scalars_numbers_nulls_and_nesting() {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let filter = Filter {
        status: "open",
        created: Range {
            gte: 1700000000.0,
            lt: None,
        },
        ids: vec![1, 2],
        owner: None,
    };
    let request = Request::new(Method::GET, "/q")
        .query_param("limit", &10u8, Style::Form, true)
        .query_param("ratio", &0.5f64, Style::Form, true)
        .query_param("whole", &3.0f64, Style::Form, false)
        .query_param("flag", &true, Style::Form, true)
        .query_param("none", &None::<u8>, Style::Form, true)
        .query_param("empty", &Vec::<u8>::new(), Style::Form, false)
        .query_param("blank", "", Style::Form, true)
        .query_param("filter", &filter, Style::DeepObject, true);
    assert_eq!(
        server.send(&client, request).await.target(),
        "/q?limit=10&ratio=0.5&whole=3&flag=true&blank=\
         &filter[status]=open&filter[created][gte]=1700000000&filter[ids][0]=1&filter[ids][1]=2"
    );
}

#[tokio::test]
async fn request_helpers_write_what_query_param_writes() {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let helpers = Request::new(Method::GET, "/q")
        .query("q", "a b&c")
        .query_array("f", TRICKY, false)
        .query_array("e", TRICKY, true)
        .query_space_delimited("s", TRICKY)
        .query_pipe_delimited("p", TRICKY)
        .query_deep_object("d", [("k,1", "v|1"), ("[k]", "a b")])
        .query_object("o", [("k,1", "v|1"), ("[k]", "a b")], false)
        .query_object("x", [("k,1", "v|1")], true);
    let object = Obj(&[("k,1", "v|1"), ("[k]", "a b")]);
    let params = Request::new(Method::GET, "/q")
        .query_param("q", "a b&c", Style::Form, true)
        .query_param("f", &TRICKY, Style::Form, false)
        .query_param("e", &TRICKY, Style::Form, true)
        .query_param("s", &TRICKY, Style::SpaceDelimited, false)
        .query_param("p", &TRICKY, Style::PipeDelimited, false)
        .query_param("d", &object, Style::DeepObject, true)
        .query_param("o", &object, Style::Form, false)
        .query_param("x", &Obj(&[("k,1", "v|1")]), Style::Form, true);
    let a = server.send(&client, helpers).await;
    let b = server.send(&client, params).await;
    assert_eq!(a.target(), b.target());
    assert!(
        a.target()
            .contains("&d[k%2C1]=v%7C1&d[%5Bk%5D]=a+b&o=k%2C1,v%7C1,%5Bk%5D,a+b&k%2C1=v%7C1"),
        "{}",
        a.target()
    );
}

#[tokio::test]
async fn api_key_in_query_follows_the_parameters() {
    let server = RawServer::start();
    let client = server.client(|c| {
        c.credential(
            "key",
            Credential::api_key(ApiKeyLocation::Query, "api key", "s&cret"),
        )
    });
    let request = Request::new(Method::GET, "/q")
        .query_param("color", &COLOR, Style::PipeDelimited, false)
        .security(&[&["key"]]);
    assert_eq!(
        server.send(&client, request).await.target(),
        "/q?color=blue|black|brown&api+key=s%26cret"
    );
}

/// An object with its properties in the given order.
struct Obj<'a>(&'a [(&'a str, &'a str)]);

impl Serialize for Obj<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

/// What the URL parser under reqwest does to raw text, and that encoded
/// text passes untouched.
#[tokio::test]
async fn url_parser_rewrites_raw_text_not_encoded_text() {
    let server = RawServer::start();
    let client = server.client(|c| c);
    let raw = Request::new(Method::GET, "/p/a\\b\"`{x}é/?q='\" é|[]^");
    assert_eq!(
        server.send(&client, raw).await.target(),
        "/p/a/b%22%60%7Bx%7D%C3%A9/?q=%27%22%20%C3%A9|[]^"
    );
    let value = "a\\b\"`{x}é q'|[]^";
    let path = apigen_runtime::encode_path_param("p", value, Style::Simple, false);
    let encoded = Request::new(Method::GET, format!("/p/{path}/")).query_param(
        "q",
        &[value, value],
        Style::PipeDelimited,
        false,
    );
    let q = "a%5Cb%22%60%7Bx%7D%C3%A9+q%27%7C%5B%5D%5E";
    assert_eq!(
        server.send(&client, encoded).await.target(),
        format!("/p/a%5Cb%22%60%7Bx%7D%C3%A9%20q%27%7C%5B%5D%5E/?q={q}|{q}")
    );
}
