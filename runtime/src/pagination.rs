//! Cursor pagination as a lazy stream of items.

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, Stream, StreamExt};

use crate::error::Error;

/// One page of a cursor-paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The page's items, in the order the API returned them.
    pub items: Vec<T>,
    /// Whether more items follow this page.
    pub has_more: bool,
    /// The cursor for the next page, when the API returns one.
    pub next_cursor: Option<String>,
}

/// Which way [`paginate`] walks the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Next cursor: the page's `next_cursor` if non-empty, otherwise the
    /// cursor of its last item (`starting_after` style).
    Forward,
    /// Next cursor: the cursor of the page's first item (`ending_before`
    /// style).
    Backward,
}

struct State<F> {
    fetch: F,
    /// `None` once the listing is over.
    next: Option<Option<String>>,
    seen: HashSet<String>,
}

/// Streams the items of a cursor-paginated list, fetching one page at a
/// time and only when the consumer needs more items.
///
/// The first page is fetched with `start`. After each page: if `has_more`
/// is false the stream ends; otherwise the next cursor is derived per
/// `direction` (using `item_cursor` for item ids). A cursor that was already
/// used (including `start`), or a page with `has_more` but no derivable
/// cursor, yields one [`Error::Pagination`] after that page's items and ends
/// the stream; so does any error returned by `fetch`.
///
/// The stream is `Send` when `F`, `Fut`, `T` and `E` are.
///
/// ```
/// use apigen_runtime::{paginate, Direction, Error, Page};
/// use futures::{executor::block_on, TryStreamExt};
///
/// let stream = paginate(
///     Direction::Forward,
///     None,
///     |n: &u32| Some(n.to_string()),
///     |cursor: Option<String>| async move {
///         let after = cursor.map_or(0, |c| c.parse::<u32>().unwrap());
///         let items: Vec<u32> = (after + 1..=(after + 2).min(5)).collect();
///         Ok::<_, Error<()>>(Page { has_more: after + 2 < 5, items, next_cursor: None })
///     },
/// );
/// let all: Vec<u32> = block_on(stream.try_collect()).unwrap();
/// assert_eq!(all, [1, 2, 3, 4, 5]);
/// ```
pub fn paginate<T, E, F, Fut>(
    direction: Direction,
    start: Option<String>,
    item_cursor: fn(&T) -> Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error<E>>>,
{
    let state = State {
        fetch,
        seen: start.iter().cloned().collect(),
        next: Some(start),
    };
    stream::unfold(state, move |mut state| async move {
        let cursor = state.next.take()?;
        let page = match (state.fetch)(cursor).await {
            Ok(page) => page,
            Err(e) => return Some((vec![Err(e)], state)),
        };
        let next = if page.has_more {
            let derived = match direction {
                Direction::Forward => page
                    .next_cursor
                    .clone()
                    .filter(|c| !c.is_empty())
                    .or_else(|| page.items.last().and_then(item_cursor)),
                Direction::Backward => page.items.first().and_then(item_cursor),
            };
            Some(derived.filter(|c| !c.is_empty()))
        } else {
            None
        };
        let mut out: Vec<Result<T, Error<E>>> = Vec::with_capacity(page.items.len() + 1);
        out.extend(page.items.into_iter().map(Ok));
        match next {
            None => {}
            Some(None) => out.push(Err(Error::Pagination {
                message: "the page says more items follow but no cursor can be derived from it"
                    .to_owned(),
            })),
            Some(Some(cursor)) => {
                if state.seen.insert(cursor.clone()) {
                    state.next = Some(Some(cursor));
                } else {
                    out.push(Err(Error::Pagination {
                        message: format!("cursor {cursor:?} was already used; stopping"),
                    }));
                }
            }
        }
        Some((out, state))
    })
    .flat_map(stream::iter)
}
