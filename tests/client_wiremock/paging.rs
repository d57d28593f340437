//! Paging (LeanRails: the only spec with cursor parameters).

use super::*;

#[derive(Clone, Copy)]
enum Cursors {
    /// Pages carry `next_cursor: null`: clients page with the last id.
    LastId,
    /// Pages carry an opaque `next_cursor` (`tok_<index>`) that is not an id;
    /// `starting_after` must be that token (an id is answered with 400).
    NextCursor,
}

/// A LeanRails list endpoint over sessions `cs_01..=cs_<n>`, all with one
/// status: `starting_after` and `ending_before` cursors, `limit` (default 10).
struct Pager {
    ids: Vec<String>,
    status: &'static str,
    cursors: Cursors,
}

impl Pager {
    fn new(n: usize, status: &'static str, cursors: Cursors) -> Pager {
        Pager {
            ids: ids(1..=n),
            status,
            cursors,
        }
    }
}

fn leanrails_error(status: u16, message: &str, param: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"type": "invalid_request_error", "message": message, "param": param}
    }))
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let n = self.ids.len();
        let limit: usize = query.get("limit").map_or(10, |l| l.parse().unwrap());
        let id_position = |id: &str| self.ids.iter().position(|x| x == id);
        let (start, end, has_more) = if let Some(after) = query.get("starting_after") {
            let position = match self.cursors {
                Cursors::LastId => id_position(after),
                Cursors::NextCursor => after.strip_prefix("tok_").and_then(|i| i.parse().ok()),
            };
            let Some(position) = position else {
                return leanrails_error(400, &format!("no such cursor: {after}"), "starting_after");
            };
            let start = position + 1;
            let end = (start + limit).min(n);
            (start, end, end < n)
        } else if let Some(before) = query.get("ending_before") {
            let Some(end) = id_position(before) else {
                return leanrails_error(400, &format!("no such object: {before}"), "ending_before");
            };
            let start = end.saturating_sub(limit);
            (start, end, start > 0)
        } else {
            let end = limit.min(n);
            (0, end, end < n)
        };
        let data = self.ids[start..end]
            .iter()
            .map(|id| leanrails_session(id, self.status))
            .collect();
        let forward = !query.contains_key("ending_before");
        let next_cursor = match self.cursors {
            Cursors::NextCursor if has_more && forward => Some(format!("tok_{}", end - 1)),
            _ => None,
        };
        ResponseTemplate::new(200).set_body_json(leanrails_page(
            data,
            has_more,
            next_cursor.as_deref(),
        ))
    }
}

async fn mount_pager(server: &MockServer, pager: Pager) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(pager)
        .mount(server)
        .await;
}

#[tokio::test]
async fn leanrails_stream_pages_forward_with_last_id() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "open", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        status: Some(leanrails::CheckoutSessionStatus::Open),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(1..=8));
    assert!(items
        .iter()
        .all(|r| r.as_ref().unwrap().status == Some(leanrails::CheckoutSessionStatus::Open)));
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("limit", "3"), ("status", "open")]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "cs_03"),
                ("status", "open")
            ]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "cs_06"),
                ("status", "open")
            ]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_pages_forward_with_next_cursor() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "complete", Cursors::NextCursor)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        status: Some(leanrails::CheckoutSessionStatus::Complete),
        ..Default::default()
    };

    // One page by hand: the cursor is the page's `next_cursor`, not an id.
    let first = client.list_checkout_sessions(&params).await.unwrap();
    assert_eq!(first.next_cursor.as_deref(), Some("tok_2"));
    assert!(first.has_more);

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(1..=8));
    let sent = queries(&server).await;
    assert_eq!(
        sent[1..],
        [
            pairs(&[("limit", "3"), ("status", "complete")]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "tok_2"),
                ("status", "complete")
            ]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "tok_5"),
                ("status", "complete")
            ]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_resumes_after_a_given_starting_after() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "open", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        starting_after: Some("cs_02".into()),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(3..=8));
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("limit", "3"), ("starting_after", "cs_02")]),
            pairs(&[("limit", "3"), ("starting_after", "cs_05")]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_pages_backward_with_ending_before() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(10, "expired", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        ending_before: Some("cs_10".into()),
        status: Some(leanrails::CheckoutSessionStatus::Expired),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    // Page by page, each page in the order the API returned it.
    let expected: Vec<String> = [7, 8, 9, 4, 5, 6, 1, 2, 3]
        .iter()
        .map(|i| format!("cs_{i:02}"))
        .collect();
    assert_eq!(ok_ids(&items), expected);
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[
                ("ending_before", "cs_10"),
                ("limit", "3"),
                ("status", "expired")
            ]),
            pairs(&[
                ("ending_before", "cs_07"),
                ("limit", "3"),
                ("status", "expired")
            ]),
            pairs(&[
                ("ending_before", "cs_04"),
                ("limit", "3"),
                ("status", "expired")
            ]),
        ]
    );
}

fn assert_pagination_error(item: &Result<leanrails::CheckoutSession, leanrails::Error>) {
    match item {
        Err(leanrails::Error::Pagination { message }) => assert!(!message.is_empty()),
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

#[tokio::test]
async fn leanrails_stream_stops_on_a_repeated_next_cursor() {
    let server = MockServer::start().await;
    let page = |a: &str, b: &str| {
        leanrails_page(
            vec![leanrails_session(a, "open"), leanrails_session(b, "open")],
            true,
            Some("tok_same"),
        )
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("cs_01", "cs_02")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "tok_same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("cs_03", "cs_04")))
        .expect(1)
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok_ids(&items[..4]), ids(1..=4));
    assert_pagination_error(&items[4]);
    assert_eq!(requests(&server).await.len(), 2);
    server.verify().await;
}

#[tokio::test]
async fn leanrails_stream_stops_when_the_last_id_repeats() {
    // A server that ignores the cursor and always sends the same page.
    let server = MockServer::start().await;
    let page = leanrails_page(
        vec![
            leanrails_session("cs_01", "open"),
            leanrails_session("cs_02", "open"),
        ],
        true,
        None,
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok_ids(&items[..4]), ["cs_01", "cs_02", "cs_01", "cs_02"]);
    assert_pagination_error(&items[4]);
    assert_eq!(
        queries(&server).await,
        [vec![], pairs(&[("starting_after", "cs_02")])]
    );
}

#[tokio::test]
async fn leanrails_stream_stops_when_no_cursor_can_be_derived() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(vec![], true, None)))
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 1, "{items:?}");
    assert_pagination_error(&items[0]);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn leanrails_stream_sends_opaque_cursors_encoded() {
    // A cursor with characters that must be escaped in a query.
    const CURSOR: &str = "c+1/2=3&x y%z";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![leanrails_session("cs_01", "open")],
            true,
            Some(CURSOR),
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", CURSOR))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![leanrails_session("cs_02", "open")],
            false,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(ok_ids(&items), ids(1..=2));
    assert_eq!(
        queries(&server).await,
        [vec![], pairs(&[("starting_after", CURSOR)])]
    );
    server.verify().await;
}

#[tokio::test]
async fn leanrails_stream_ends_after_a_failed_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![
                leanrails_session("cs_01", "open"),
                leanrails_session("cs_02", "open"),
            ],
            true,
            None,
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "cs_02"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": {"type": "api_error", "message": "boom"}})),
        )
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(ok_ids(&items[..2]), ids(1..=2));
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    let body = err.api_error().unwrap().body.as_ref().unwrap();
    assert_eq!(body.error.message.as_deref(), Some("boom"));
    assert_eq!(
        requests(&server).await.len(),
        2,
        "no request after the error"
    );
}
