//! An operation's own server (`Request::server`) is used while the client
//! uses the spec's default server, and a base URL set by the user wins.

mod common;

use apigen_runtime::{Config, HttpClient, Method, Request};
use common::{received, E};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[tokio::test]
async fn operation_servers_apply_to_the_default_server_only() {
    let default = server().await;
    let own = server().await;
    let own_url = leak(format!("{}/v2/", own.uri()));

    // The client on the spec's default server: the operation's server wins.
    let client = HttpClient::new(Config::new(default.uri())).unwrap();
    client
        .execute::<E>(Request::new(Method::GET, "/items").server(own_url))
        .await
        .unwrap();
    client
        .execute::<E>(Request::new(Method::GET, "/plain"))
        .await
        .unwrap();
    let own_paths: Vec<String> = received(&own)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let default_paths: Vec<String> = received(&default)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(own_paths, ["/v2/items"]);
    assert_eq!(default_paths, ["/plain"]);

    // A base URL the user set (a mock, a sandbox) receives everything.
    let elsewhere = server().await;
    let client = HttpClient::new(Config::new(default.uri()).base_url(elsewhere.uri())).unwrap();
    client
        .execute::<E>(Request::new(Method::GET, "/items").server(own_url))
        .await
        .unwrap();
    assert_eq!(received(&elsewhere).await.len(), 1);
    assert_eq!(received(&own).await.len(), 1);
}
