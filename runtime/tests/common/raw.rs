//! A raw HTTP/1.1 server for wire tests: it answers every request with
//! `200 OK` and an empty JSON body, and hands back the exact bytes it
//! received (request line, headers, body), before any decoding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use apigen_runtime::{Config, HttpClient, Request};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The request line, without CRLF: `GET /path?query HTTP/1.1`.
    pub line: String,
    /// Header lines, without CRLF, as sent (`name: value`).
    pub headers: Vec<String>,
    /// The body bytes (`Content-Length` of them).
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The request-target: `/path?query`.
    pub fn target(&self) -> &str {
        self.line.split(' ').nth(1).expect("a request-target")
    }

    /// The query part of the target (after `?`), if any.
    pub fn query(&self) -> Option<&str> {
        self.target().split_once('?').map(|(_, q)| q)
    }

    /// Every raw value of header `name` (matched case-insensitively), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter_map(|line| line.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.strip_prefix(' ').unwrap_or(v))
            .collect()
    }

    /// The one raw value of header `name`; panics if there are several.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(values.len() <= 1, "several `{name}` headers: {values:?}");
        values.first().copied()
    }

    /// The body as text.
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }
}

/// A listening server; requests arrive on a channel.
pub struct RawServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    requests: Receiver<RawRequest>,
}

impl RawServer {
    /// Listens on `127.0.0.1:0` in a background thread.
    pub fn start() -> RawServer {
        RawServer::answering(&[])
    }

    /// Like [`RawServer::start`], but answers the first requests with
    /// `statuses` (empty bodies), in order, and `200 OK` after them.
    pub fn answering(statuses: &[u16]) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, requests) = mpsc::channel();
        let statuses = statuses.to_vec();
        thread::spawn(move || serve(listener, tx, statuses));
        RawServer { url, requests }
    }

    /// A client for this server (no retries, so one request is one request).
    pub fn client(&self, f: impl FnOnce(Config) -> Config) -> HttpClient {
        let config = Config::new(&self.url).retry(apigen_runtime::RetryPolicy::none());
        HttpClient::new(f(config)).expect("valid config")
    }

    /// The next request received.
    pub fn next(&self) -> RawRequest {
        self.requests
            .recv_timeout(Duration::from_secs(10))
            .expect("a request within 10 s")
    }

    /// Sends `request` with `client` (which must point here) and returns what
    /// arrived.
    pub async fn send(&self, client: &HttpClient, request: Request) -> RawRequest {
        let response = client
            .execute::<serde_json::Value>(request)
            .await
            .expect("the request is sent");
        assert_eq!(response.status, 200);
        self.next()
    }
}

fn serve(listener: TcpListener, tx: Sender<RawRequest>, statuses: Vec<u16>) {
    let mut statuses = statuses.into_iter();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { return };
        let Some(request) = read_request(&stream) else {
            continue;
        };
        // Hand the request over before answering: once the client has the
        // response, the test finds the request waiting.
        if tx.send(request).is_err() {
            return;
        }
        let mut stream = stream;
        let answer = match statuses.next() {
            Some(status) => format!(
                "HTTP/1.1 {status} Status\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            ),
            None => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".to_owned(),
        };
        let _ = stream.write_all(answer.as_bytes());
    }
}

fn read_request(stream: &TcpStream) -> Option<RawRequest> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let line = String::from_utf8(line).expect("an ASCII/UTF-8 request head");
        let line = line
            .strip_suffix("\r\n")
            .expect("CRLF line ends")
            .to_owned();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    let line = lines.remove(0);
    let request = RawRequest {
        line,
        headers: lines,
        body: Vec::new(),
    };
    assert!(
        request.header("transfer-encoding").is_none(),
        "chunked bodies are not expected"
    );
    let length: usize = request
        .header("content-length")
        .map_or(0, |v| v.parse().expect("a numeric content-length"));
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(RawRequest { body, ..request })
}
