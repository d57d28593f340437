//! Streaming 10,000 LeanRails sessions (100 pages of 100) from a local
//! server: the generated client's `list_checkout_sessions_stream` against a
//! plain reqwest + serde_json loop doing the same paging into hand-written
//! structs.
//!
//! The server is a minimal HTTP/1.1 keep-alive server on 127.0.0.1 (its own
//! thread and Tokio runtime) serving precomputed pages by `starting_after`,
//! so both clients pay the same, small, server cost.
//!
//! `cargo bench --bench stream_sessions` measures (interleaved rounds,
//! medians); without `--bench` it streams 1,000 sessions once with each
//! client and checks that they agree.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;

use checkout_clients::leanrails;
use common::{fixture_session, full_run, interleave, page, report, session_id, HandList};
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "sk_test_bench";
const PAGE_SIZE: usize = 100;

/// Response bodies by `starting_after` value (`""` for the first page).
type Pages = HashMap<String, Vec<u8>>;

fn build_pages(total: usize) -> Pages {
    let template = fixture_session();
    (0..total / PAGE_SIZE)
        .map(|k| {
            let start = k * PAGE_SIZE;
            let end = start + PAGE_SIZE;
            let key = if k == 0 {
                String::new()
            } else {
                session_id(start - 1)
            };
            let body = page(&template, start..end, end < total);
            (key, serde_json::to_vec(&body).unwrap())
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The response to one request head: the page for its `starting_after`,
/// 401 without Basic credentials, 404 for an unknown cursor.
fn respond(head: &[u8], pages: &Pages) -> Vec<u8> {
    let head = String::from_utf8_lossy(head);
    let target = head.split(' ').nth(1).unwrap_or("");
    let authorized = head
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("authorization: basic "));
    let cursor = target
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .find_map(|pair| pair.strip_prefix("starting_after="))
        .unwrap_or("");
    let (status, body): (&str, &[u8]) = if !authorized {
        (
            "401 Unauthorized",
            b"{\"error\":{\"type\":\"authentication_error\"}}",
        )
    } else {
        match pages.get(cursor) {
            Some(body) => ("200 OK", body),
            None => (
                "404 Not Found",
                b"{\"error\":{\"type\":\"invalid_request_error\"}}",
            ),
        }
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

async fn serve_connection(mut stream: tokio::net::TcpStream, pages: Arc<Pages>) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = find(&buffer, b"\r\n\r\n") {
            let response = respond(&buffer[..end], &pages);
            buffer.drain(..end + 4);
            if stream.write_all(&response).await.is_err() {
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Starts the server on 127.0.0.1 in a thread of its own; it runs until the
/// benchmark exits.
fn start_server(pages: Pages) -> SocketAddr {
    let pages = Arc::new(pages);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(serve_connection(stream, pages.clone()));
            }
        });
    });
    addr
}

/// Sessions seen and the sum of their `amount_total`.
type Outcome = (usize, i64);

async fn with_generated_client(client: &leanrails::Client) -> Outcome {
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(PAGE_SIZE as i32),
        ..Default::default()
    };
    let mut sessions = pin!(client.list_checkout_sessions_stream(&params));
    let (mut count, mut sum) = (0, 0);
    while let Some(session) = sessions.next().await {
        let session = session.unwrap();
        count += 1;
        sum += session.amount_total.unwrap_or(0);
    }
    (count, sum)
}

async fn with_reqwest_loop(http: &reqwest::Client, base_url: &str) -> Outcome {
    let (mut count, mut sum) = (0, 0);
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base_url}/v1/checkout_sessions?limit={PAGE_SIZE}");
        if let Some(after) = &cursor {
            url.push_str("&starting_after=");
            url.push_str(after);
        }
        let response = http
            .get(&url)
            .basic_auth(KEY, None::<&str>)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
        let body = response.bytes().await.unwrap();
        let page: HandList = serde_json::from_slice(&body).unwrap();
        for session in &page.data {
            count += 1;
            sum += session.amount_total.unwrap_or(0);
        }
        if !page.has_more {
            break;
        }
        cursor = page
            .next_cursor
            .filter(|c| !c.is_empty())
            .or_else(|| page.data.last().map(|s| s.id.clone()));
    }
    (count, sum)
}

fn main() {
    let full = full_run();
    let total = if full { 10_000 } else { 1_000 };
    let addr = start_server(build_pages(total));
    let base_url = format!("http://{addr}");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = leanrails::Client::builder()
        .base_url(&base_url)
        .basic_auth(KEY, None)
        .build()
        .unwrap();
    let http = reqwest::Client::new();

    // Both read every session, the same ones.
    let generated = rt.block_on(with_generated_client(&client));
    let baseline = rt.block_on(with_reqwest_loop(&http, &base_url));
    assert_eq!(generated.0, total);
    assert_eq!(generated, baseline);

    let (rounds, warmup) = if full { (41, 3) } else { (1, 0) };
    let (generated, baseline) = interleave(
        rounds,
        warmup,
        1,
        ("generated stream", || {
            rt.block_on(with_generated_client(&client))
        }),
        ("reqwest + serde_json loop", || {
            rt.block_on(with_reqwest_loop(&http, &base_url))
        }),
    );
    let title = format!(
        "stream {total} LeanRails sessions ({} pages of {PAGE_SIZE}) from 127.0.0.1",
        total / PAGE_SIZE
    );
    report(&title, &generated, &baseline, 1.05);
    if full {
        let per_second = |d: std::time::Duration| total as f64 / d.as_secs_f64();
        println!(
            "  sessions/s: generated {:.0}, reqwest loop {:.0}",
            per_second(generated.median()),
            per_second(baseline.median())
        );
    }
}
