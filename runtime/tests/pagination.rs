//! Cursor pagination: directions, loop protection, laziness.

mod common;

use std::pin::pin;
use std::sync::{Arc, Mutex};

use apigen_runtime::{paginate, Direction, Error, HttpClient, Method, Page, Request};
use common::{config, E};
use futures::{Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Records the cursors `fetch` was called with.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Option<String>>>>);

impl Calls {
    fn record(&self, cursor: &Option<String>) {
        self.0.lock().unwrap().push(cursor.clone());
    }
    fn get(&self) -> Vec<Option<String>> {
        self.0.lock().unwrap().clone()
    }
    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

fn id_cursor(n: &u32) -> Option<String> {
    Some(n.to_string())
}

/// Items 1..=total, `size` per page, `starting_after` semantics.
fn numbers(calls: Calls, total: u32, size: u32) -> impl Stream<Item = Result<u32, Error<E>>> {
    paginate(
        Direction::Forward,
        None,
        id_cursor,
        move |cursor: Option<String>| {
            calls.record(&cursor);
            async move {
                let after: u32 = cursor.map_or(0, |c| c.parse().unwrap());
                let items: Vec<u32> = (after + 1..=total).take(size as usize).collect();
                let has_more = items.last().is_some_and(|&last| last < total);
                Ok(Page {
                    items,
                    has_more,
                    next_cursor: None,
                })
            }
        },
    )
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[tokio::test]
async fn forward_by_item_cursor() {
    let calls = Calls::default();
    let all: Vec<u32> = numbers(calls.clone(), 10, 3).try_collect().await.unwrap();
    assert_eq!(all, (1..=10).collect::<Vec<_>>());
    assert_eq!(calls.get(), [None, some("3"), some("6"), some("9")]);
}

#[tokio::test]
async fn forward_by_next_cursor_preferred_over_item_cursor() {
    let calls = Calls::default();
    let recorder = calls.clone();
    let stream = paginate(
        Direction::Forward,
        some("start"),
        |s: &String| Some(format!("item-{s}")),
        move |cursor: Option<String>| {
            recorder.record(&cursor);
            async move {
                let page = match cursor.as_deref() {
                    Some("start") => Page {
                        items: vec!["a".to_string(), "b".into()],
                        has_more: true,
                        next_cursor: some("p2"),
                    },
                    Some("p2") => Page {
                        items: vec!["c".to_string()],
                        has_more: true,
                        next_cursor: some("p3"),
                    },
                    // An empty next_cursor falls back to the last item's cursor.
                    Some("p3") => Page {
                        items: vec!["d".to_string()],
                        has_more: true,
                        next_cursor: some(""),
                    },
                    Some("item-d") => Page {
                        items: vec!["e".to_string()],
                        has_more: false,
                        next_cursor: some("ignored"),
                    },
                    other => panic!("unexpected cursor {other:?}"),
                };
                Ok::<_, Error<E>>(page)
            }
        },
    );
    let all: Vec<String> = stream.try_collect().await.unwrap();
    assert_eq!(all, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        calls.get(),
        [some("start"), some("p2"), some("p3"), some("item-d")]
    );
}

#[tokio::test]
async fn backward_uses_first_item() {
    // `ending_before` semantics over 1..=9, pages of 3, starting before 10.
    let calls = Calls::default();
    let recorder = calls.clone();
    let stream = paginate(
        Direction::Backward,
        some("10"),
        id_cursor,
        move |cursor: Option<String>| {
            recorder.record(&cursor);
            async move {
                let before: u32 = cursor.unwrap().parse().unwrap();
                let items: Vec<u32> = (before.saturating_sub(3).max(1)..before).collect();
                Ok::<_, Error<E>>(Page {
                    has_more: items.first().is_some_and(|&f| f > 1),
                    items,
                    // Ignored when walking backward.
                    next_cursor: some("nope"),
                })
            }
        },
    );
    let all: Vec<u32> = stream.try_collect().await.unwrap();
    assert_eq!(all, [7, 8, 9, 4, 5, 6, 1, 2, 3]);
    assert_eq!(calls.get(), [some("10"), some("7"), some("4")]);
}

#[tokio::test]
async fn repeated_cursor_yields_one_error_then_ends() {
    let calls = Calls::default();
    let recorder = calls.clone();
    let stream = paginate(
        Direction::Forward,
        None,
        id_cursor,
        move |cursor: Option<String>| {
            recorder.record(&cursor);
            // A buggy API: always the same page and the same cursor.
            async {
                Ok::<_, Error<E>>(Page {
                    items: vec![1, 2],
                    has_more: true,
                    next_cursor: some("c1"),
                })
            }
        },
    );
    let results: Vec<Result<u32, Error<E>>> = stream.collect().await;
    assert_eq!(results.len(), 5, "{results:?}");
    assert_eq!(
        results[..4]
            .iter()
            .map(|r| *r.as_ref().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 1, 2]
    );
    match &results[4] {
        Err(Error::Pagination { message }) => assert!(message.contains("c1"), "{message}"),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert_eq!(calls.get(), [None, some("c1")]);
}

#[tokio::test]
async fn cursor_equal_to_start_is_a_repeat() {
    let calls = Calls::default();
    let recorder = calls.clone();
    let stream = paginate(
        Direction::Forward,
        some("s"),
        id_cursor,
        move |cursor: Option<String>| {
            recorder.record(&cursor);
            async {
                Ok::<_, Error<E>>(Page {
                    items: vec![9],
                    has_more: true,
                    next_cursor: some("s"),
                })
            }
        },
    );
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(*results[0].as_ref().unwrap(), 9);
    assert!(matches!(results[1], Err(Error::Pagination { .. })));
    assert_eq!(calls.count(), 1);
}

#[tokio::test]
async fn has_more_without_cursor_is_an_error() {
    let stream = paginate(
        Direction::Forward,
        None,
        id_cursor,
        |_cursor: Option<String>| async {
            Ok::<_, Error<E>>(Page {
                items: vec![],
                has_more: true,
                next_cursor: None,
            })
        },
    );
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(results[0], Err(Error::Pagination { .. })),
        "{results:?}"
    );
}

#[tokio::test]
async fn fetch_error_is_yielded_and_ends_the_stream() {
    let calls = Calls::default();
    let recorder = calls.clone();
    let stream = paginate(
        Direction::Forward,
        None,
        id_cursor,
        move |cursor: Option<String>| {
            recorder.record(&cursor);
            async move {
                match cursor {
                    None => Ok(Page {
                        items: vec![1],
                        has_more: true,
                        next_cursor: None,
                    }),
                    Some(_) => Err(Error::<E>::Timeout { attempts: 3 }),
                }
            }
        },
    );
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(results[1], Err(Error::Timeout { attempts: 3 })));
    assert_eq!(calls.count(), 2);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let calls = Calls::default();
    let mut stream = pin!(numbers(calls.clone(), 10, 3));
    assert_eq!(calls.count(), 0, "nothing is fetched before the first poll");
    let first: Vec<u32> = stream.as_mut().take(3).try_collect().await.unwrap();
    assert_eq!(first, [1, 2, 3]);
    assert_eq!(calls.count(), 1, "the second page is not fetched yet");
    assert_eq!(stream.next().await.unwrap().unwrap(), 4);
    assert_eq!(calls.count(), 2);
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
}

#[derive(Debug, Deserialize)]
struct List {
    data: Vec<Item>,
    has_more: bool,
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn end_to_end_over_http() {
    let server = MockServer::start().await;
    let pages = [
        (None, r#"{"data":[{"id":"a"},{"id":"b"}],"has_more":true}"#),
        (
            Some("b"),
            r#"{"data":[{"id":"c"},{"id":"d"}],"has_more":true}"#,
        ),
        (Some("d"), r#"{"data":[{"id":"e"}],"has_more":false}"#),
    ];
    for (after, body) in pages {
        let mock = Mock::given(method("GET"))
            .and(path("/items"))
            .and(query_param("limit", "2"));
        let mock = match after {
            None => mock.and(query_param_is_missing("starting_after")),
            Some(a) => mock.and(query_param("starting_after", a)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = HttpClient::new(config(&server)).unwrap();
    let stream = paginate(
        Direction::Forward,
        None,
        |item: &Item| Some(item.id.clone()),
        move |cursor: Option<String>| {
            let client = client.clone();
            async move {
                let response = client
                    .execute::<E>(
                        Request::new(Method::GET, "/items")
                            .query("limit", 2)
                            .query_opt("starting_after", cursor),
                    )
                    .await?;
                let list: List = response.decode()?;
                Ok(Page {
                    items: list.data,
                    has_more: list.has_more,
                    next_cursor: None,
                })
            }
        },
    );
    assert_send(&stream);
    let ids: Vec<String> = stream.map_ok(|i| i.id).try_collect().await.unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    server.verify().await;
}
