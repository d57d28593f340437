//! The generated client for `tests/specs/styles.yaml` (every parameter style
//! and location) checked on the raw bytes a server receives: the request
//! target, header and body bytes as sent, before anything decodes them.
//! Expected values are the OpenAPI specification's own style examples
//! (`color` = `["blue", "black", "brown"]`, `{"R": 100, "G": 200, "B": 150}`).

mod support;

use apigen_suite::fixtures::styles::*;
use support::raw::{RawRequest, RawServer};

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

fn rgb() -> Rgb {
    Rgb {
        r: Some(100),
        g: Some(200),
        b: Some(150),
        ..Rgb::default()
    }
}

/// Values that contain every delimiter and reserved character.
fn awkward() -> Vec<String> {
    ["a,b", "c d", "e&f", "g=h/i", "j|k", "[l]", "é日本"]
        .map(String::from)
        .to_vec()
}

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.url.clone())
        .build()
        .expect("client builds")
}

/// Runs one call against a fresh server and returns what it received.
async fn received<F, Fut>(call: F) -> RawRequest
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), apigen_runtime::Error<serde_json::Value>>>,
{
    let server = RawServer::start();
    call(client(&server)).await.expect("the call succeeds");
    server.next()
}

#[tokio::test]
async fn path_styles() {
    let cases: Vec<(RawRequest, &str)> = vec![
        (
            received(|c| async move { c.path_simple(&PathSimpleParams::new(colors())).await })
                .await,
            "/simple/blue,black,brown",
        ),
        (
            received(|c| async move {
                c.path_simple_explode(&PathSimpleExplodeParams::new(rgb()))
                    .await
            })
            .await,
            "/simple-explode/R=100,G=200,B=150",
        ),
        (
            received(|c| async move { c.path_label(&PathLabelParams::new(colors())).await }).await,
            "/label/.blue,black,brown",
        ),
        (
            received(|c| async move {
                c.path_label_explode(&PathLabelExplodeParams::new(colors()))
                    .await
            })
            .await,
            "/label-explode/.blue.black.brown",
        ),
        (
            received(|c| async move { c.path_matrix(&PathMatrixParams::new(colors())).await })
                .await,
            "/matrix/;color=blue,black,brown",
        ),
        (
            received(|c| async move {
                c.path_matrix_explode(&PathMatrixExplodeParams::new(rgb()))
                    .await
            })
            .await,
            "/matrix-explode/;R=100;G=200;B=150",
        ),
        (
            received(|c| async move {
                c.path_matrix_scalar(&PathMatrixScalarParams::new("x y/z".into()))
                    .await
            })
            .await,
            "/matrix-scalar/;id=x%20y%2Fz",
        ),
        (
            received(|c| async move { c.path_simple(&PathSimpleParams::new(awkward())).await })
                .await,
            "/simple/a%2Cb,c%20d,e%26f,g%3Dh%2Fi,j%7Ck,%5Bl%5D,%C3%A9%E6%97%A5%E6%9C%AC",
        ),
    ];
    for (request, target) in cases {
        assert_eq!(request.target(), target, "{}", request.line);
    }
}

async fn query(params: QueryStylesParams) -> String {
    received(|c| async move { c.query_styles(&params).await })
        .await
        .target()
        .to_owned()
}

#[tokio::test]
async fn query_styles() {
    let p = QueryStylesParams::default;
    let cases = [
        (
            QueryStylesParams {
                form: Some(colors()),
                ..p()
            },
            "/query?form=blue,black,brown",
        ),
        (
            QueryStylesParams {
                exploded: Some(colors()),
                ..p()
            },
            "/query?exploded=blue&exploded=black&exploded=brown",
        ),
        (
            QueryStylesParams {
                object: Some(rgb()),
                ..p()
            },
            "/query?object=R,100,G,200,B,150",
        ),
        (
            QueryStylesParams {
                object_exploded: Some(rgb()),
                ..p()
            },
            "/query?R=100&G=200&B=150",
        ),
        (
            QueryStylesParams {
                space: Some(colors()),
                ..p()
            },
            "/query?space=blue%20black%20brown",
        ),
        (
            QueryStylesParams {
                pipe: Some(colors()),
                ..p()
            },
            "/query?pipe=blue|black|brown",
        ),
        (
            QueryStylesParams {
                deep: Some(rgb()),
                ..p()
            },
            "/query?deep[R]=100&deep[G]=200&deep[B]=150",
        ),
        (
            QueryStylesParams {
                form: Some(awkward()),
                ..p()
            },
            "/query?form=a%2Cb,c+d,e%26f,g%3Dh%2Fi,j%7Ck,%5Bl%5D,%C3%A9%E6%97%A5%E6%9C%AC",
        ),
        (
            QueryStylesParams {
                pipe: Some(awkward()),
                ..p()
            },
            "/query?pipe=a%2Cb|c+d|e%26f|g%3Dh%2Fi|j%7Ck|%5Bl%5D|%C3%A9%E6%97%A5%E6%9C%AC",
        ),
        (
            QueryStylesParams {
                text: Some("a b&c=d".into()),
                ..p()
            },
            "/query?text=a+b%26c%3Dd",
        ),
    ];
    for (params, target) in cases {
        assert_eq!(query(params).await, target);
    }
}

#[tokio::test]
async fn header_and_cookie_styles() {
    let request = received(|c| async move {
        c.header_styles(&HeaderStylesParams {
            x_colors: Some(colors()),
            x_rgb: Some(rgb()),
            x_plain: Some("plain value".into()),
        })
        .await
    })
    .await;
    assert_eq!(request.header("x-colors"), Some("blue,black,brown"));
    assert_eq!(request.header("x-rgb"), Some("R=100,G=200,B=150"));
    assert_eq!(request.header("x-plain"), Some("plain value"));

    let request = received(|c| async move {
        c.cookie_styles(&CookieStylesParams {
            colors: Some(colors()),
            session: Some("a;b c".into()),
        })
        .await
    })
    .await;
    assert_eq!(
        request.header("cookie"),
        Some("colors=blue,black,brown; session=a%3Bb%20c")
    );
}

#[tokio::test]
async fn form_body_follows_its_encoding() {
    let body = FormBody {
        name: Some("a b&c".into()),
        tags: Some(vec!["x".into(), "y,z".into()]),
        piped: Some(vec!["p".into(), "q".into()]),
        joined: Some(vec!["j".into(), "k".into()]),
        rgb: Some(rgb()),
        ..FormBody::default()
    };
    let request = received(|c| async move { c.form_body(&body).await }).await;
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "name=a+b%26c&tags=x&tags=y%2Cz&piped=p|q&joined=j,k&rgb[R]=100&rgb[G]=200&rgb[B]=150"
    );
}
