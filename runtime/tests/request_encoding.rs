//! URLs, query styles, path segments and bodies as they reach the server.

mod common;

use apigen_runtime::{encode_path_segment, Config, Error, HttpClient, Method, Request};
use common::{client, received, E};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn query_styles_on_the_wire() {
    let server = server().await;
    let request = Request::new(Method::GET, "/search")
        .query("q", "rust & go/ü")
        .query_opt("absent", None::<i32>)
        .query_opt("limit", Some(10))
        .query_array("tag", ["a", "b c"], true)
        .query_array("id", [1, 2, 3], false)
        .query_deep_object("filter", [("status", "open"), ("owner", "me")])
        .query_pipe_delimited("p", ["x", "y"])
        .query_space_delimited("s", ["x", "y"]);
    client(&server, |c| c).execute::<E>(request).await.unwrap();
    let r = &received(&server).await[0];
    assert_eq!(r.url.path(), "/search");
    assert_eq!(
        r.url.query(),
        Some(
            "q=rust+%26+go%2F%C3%BC&limit=10&tag=a&tag=b+c&id=1,2,3\
             &filter[status]=open&filter[owner]=me&p=x|y&s=x%20y"
        )
    );
    // And decoded the way a server framework would see them.
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("q".into(), "rust & go/ü".into())));
    assert!(pairs.contains(&("tag".into(), "b c".into())));
    assert!(pairs.contains(&("filter[owner]".into(), "me".into())));
}

#[tokio::test]
async fn query_matchers_see_decoded_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("name", "a+b c"))
        .and(query_param("filter[k]", "v"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let response = client(&server, |c| c)
        .execute::<E>(
            Request::new(Method::GET, "/items")
                .query("name", "a+b c")
                .query_deep_object("filter", [("k", "v")]),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn path_segment_encoding_reaches_server_intact() {
    let server = server().await;
    let id = "a/b c?#%é";
    client(&server, |c| c)
        .execute::<E>(Request::new(
            Method::GET,
            format!("/files/{}/meta", encode_path_segment(id)),
        ))
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(r.url.path(), "/files/a%2Fb%20c%3F%23%25%C3%A9/meta");
    assert_eq!(r.url.query(), None);
}

#[tokio::test]
async fn dot_segments_are_refused() {
    let server = server().await;
    let client = client(&server, |c| c);
    let mut paths: Vec<String> = ["..", "."]
        .iter()
        .map(|id| format!("/users/{}/delete", encode_path_segment(id)))
        .collect();
    // Percent-encoded dots are dot segments too for URL normalisation.
    paths.extend(["/users/%2E%2e/delete".to_owned(), "/a/.%2e".to_owned()]);
    for p in paths {
        let err = client
            .execute::<E>(Request::new(Method::GET, p.clone()))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidParam { param: "path", .. }),
            "{p}: {err:?}"
        );
    }
    // An encoded '%' keeps a value like "%2E%2E" a plain segment.
    client
        .execute::<E>(Request::new(
            Method::GET,
            format!("/users/{}", encode_path_segment("%2E%2E")),
        ))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/users/%252E%252E");
}

#[tokio::test]
async fn base_url_path_and_trailing_slash() {
    let server = server().await;
    let client = HttpClient::new(Config::new(format!("{}/v1/", server.uri()))).unwrap();
    client
        .execute::<E>(Request::new(Method::GET, "/charges").query("a", 1))
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(r.url.path(), "/v1/charges");
    assert_eq!(r.url.query(), Some("a=1"));
}

#[tokio::test]
async fn json_body_with_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"name": "Rex", "tags": ["a"]})))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let response = client(&server, |c| c)
        .execute::<E>(
            Request::new(Method::POST, "/pets")
                .json(&serde_json::json!({"name": "Rex", "tags": ["a"]})),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 201);
}

#[tokio::test]
async fn form_body_and_raw_body() {
    let server = server().await;
    let client = client(&server, |c| c);
    client
        .execute::<E>(
            Request::new(Method::POST, "/charges").form(&serde_json::json!({
                "amount": 2000,
                "metadata": {"order": "6735"},
            })),
        )
        .await
        .unwrap();
    client
        .execute::<E>(
            Request::new(Method::PUT, "/blob")
                .header("Content-Type", "text/csv")
                .body("application/octet-stream", &b"a,b\n1,2\n"[..]),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(requests[0].body, b"amount=2000&metadata[order]=6735");
    // An explicit Content-Type header wins over the body's.
    assert_eq!(requests[1].headers["content-type"], "text/csv");
    assert_eq!(requests[1].body, b"a,b\n1,2\n");
}

#[tokio::test]
async fn unserialisable_body_is_rejected_before_sending() {
    let server = server().await;
    let mut map = std::collections::HashMap::new();
    map.insert((1, 2), "tuple keys are not JSON");
    let err = client(&server, |c| c)
        .execute::<E>(Request::new(Method::POST, "/x").json(&map))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidParam { param: "body", .. }),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn http_client_is_clone_and_shares_config() {
    let server = server().await;
    let a = client(&server, |c| c.default_header("X-A", "1"));
    let b = a.clone();
    b.execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(received(&server).await[0].headers["x-a"], "1");
    assert_eq!(a.base_url(), server.uri());
    assert_eq!(b.config().get_base_url(), server.uri());
}
