//! Nullable array items and map values (`tests/specs/nullable_items.yaml`):
//! a `null` item or value decodes as `None` (a nullable component, an inline
//! nullable schema and a nullable `allOf` wrapper alike), is written back as
//! `null`, a `None` item of a query array is left out on the wire, and a
//! cursor-paginated list of nullable items streams `Option`s.

mod support;

use apigen_suite::fixtures::nullable_items::*;
use serde_json::json;
use support::raw::RawServer;

fn board_json() -> serde_json::Value {
    json!({
        "members": [null, {"id": 1, "login": "octo"}],
        "scores": [1, null],
        "owners": [{"id": 2}, null],
        "counts": {"a": null, "b": 3},
        "notes": {"a": null},
        "grid": [[1.5, null], [null]]
    })
}

#[test]
fn null_items_and_values_decode_as_none() {
    let board: Board = serde_json::from_value(board_json()).unwrap();
    assert_eq!(board.scores, [Some(1), None]);
    assert!(board.members[0].is_none());
    assert_eq!(board.members[1].as_ref().map(|u| u.id), Some(1));
    let owners = board.owners.as_ref().unwrap();
    assert_eq!(owners[0].as_ref().map(|u| u.id), Some(2));
    assert!(owners[1].is_none());
    let counts = board.counts.as_ref().unwrap();
    assert_eq!(counts["a"], None);
    assert_eq!(counts["b"], Some(3));
    assert_eq!(board.notes.as_ref().unwrap()["a"], None);
    assert_eq!(
        board.grid.as_ref().unwrap(),
        &[vec![Some(1.5), None], vec![None]]
    );
}

#[test]
fn null_items_and_values_are_written_back() {
    let board: Board = serde_json::from_value(board_json()).unwrap();
    assert_eq!(serde_json::to_value(&board).unwrap(), board_json());
}

#[test]
fn a_null_is_still_refused_where_the_schema_does_not_allow_it() {
    // `members` itself is required and not nullable; its items' type is not
    // nullable inside (`id` must be an integer).
    let mut v = board_json();
    v["members"] = json!(null);
    assert!(serde_json::from_value::<Board>(v).is_err());
    let mut v = board_json();
    v["members"] = json!([{"id": null}]);
    assert!(serde_json::from_value::<Board>(v).is_err());
}

#[tokio::test]
async fn a_none_item_of_a_query_array_is_left_out() {
    let server = RawServer::start();
    let client = Client::builder()
        .base_url(server.url.clone())
        .build()
        .unwrap();
    let params = ListBoardsParams {
        labels: Some(vec![Some("a b".into()), None, Some("c".into())]),
    };
    let _ = client.list_boards(&params).await;
    assert_eq!(server.next().target(), "/boards?labels=a+b&labels=c");
}

#[test]
fn examples_of_nullable_items_are_values() {
    let board = Board::example();
    assert!(board.members.iter().all(Option::is_some));
    assert!(board.scores.iter().all(Option::is_some));
}

#[test]
fn a_null_property_beside_nullable_map_values_is_written_back() {
    let text = json!({"note": null, "x": 1, "y": null});
    let tally: Tally = serde_json::from_value(text.clone()).unwrap();
    assert_eq!(tally.note, None);
    assert_eq!(tally.extra["x"], Some(1));
    assert_eq!(tally.extra["y"], None);
    // The explicit `null` of `note` survives a decode and re-encode.
    assert_eq!(serde_json::to_value(&tally).unwrap(), text);
    // Absent stays absent; a value hides the remembered `null`.
    let absent: Tally = serde_json::from_value(json!({"x": 1})).unwrap();
    assert_eq!(serde_json::to_value(&absent).unwrap(), json!({"x": 1}));
    let mut set = tally;
    set.note = Some("n".into());
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"note": "n", "x": 1, "y": null})
    );
}

fn card_page(ids: &[Option<&str>], has_more: bool) -> serde_json::Value {
    let data: Vec<_> = ids
        .iter()
        .map(|id| id.map_or(json!(null), |id| json!({"id": id})))
        .collect();
    json!({"data": data, "has_more": has_more})
}

async fn mount_page(server: &wiremock::MockServer, after: Option<&str>, body: serde_json::Value) {
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    let m = wiremock::Mock::given(method("GET")).and(path("/cards"));
    let m = match after {
        Some(a) => m.and(query_param("starting_after", a)),
        None => m.and(query_param_is_missing("starting_after")),
    };
    m.respond_with(wiremock::ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_list_of_nullable_items_streams_options_and_pages_on_the_last_card() {
    use futures::TryStreamExt;
    let server = wiremock::MockServer::start().await;
    mount_page(
        &server,
        None,
        card_page(&[Some("a"), None, Some("b")], true),
    )
    .await;
    mount_page(&server, Some("b"), card_page(&[None, Some("c")], false)).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let items: Vec<Option<NullableCard>> = client
        .list_cards_stream(&ListCardsParams::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<Option<&str>> = items
        .iter()
        .map(|c| c.as_ref().map(|c| c.id.as_str()))
        .collect();
    assert_eq!(ids, [Some("a"), None, Some("b"), None, Some("c")]);
}

#[tokio::test]
async fn a_page_that_ends_with_a_null_item_gives_no_cursor() {
    use futures::StreamExt;
    let server = wiremock::MockServer::start().await;
    mount_page(&server, None, card_page(&[Some("a"), None], true)).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let items: Vec<_> = client
        .list_cards_stream(&ListCardsParams::default())
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[0], Ok(Some(c)) if c.id == "a"));
    assert!(matches!(items[1], Ok(None)));
    assert!(
        matches!(&items[2], Err(Error::Pagination { message }) if message.contains("no cursor")),
        "{:?}",
        items[2]
    );
}
