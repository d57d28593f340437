//! Nullable array items and map values (`tests/specs/nullable_items.yaml`):
//! a `null` item or value decodes as `None` (a nullable component, an inline
//! nullable schema and a nullable `allOf` wrapper alike), is written back as
//! `null`, and a `None` item of a query array is left out on the wire.

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
