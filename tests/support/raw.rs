//! A one-connection-at-a-time HTTP server on 127.0.0.1 that hands back the
//! raw bytes of each request it receives, before anything decodes them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// One request as it arrived: the request line, the header lines and the body.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// `GET /path?query HTTP/1.1`.
    pub line: String,
    /// Header lines, as sent (`name: value`).
    pub headers: Vec<String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The request target (path and query) exactly as sent.
    pub fn target(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or_default()
    }

    /// The value of the first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|h| {
            let (n, v) = h.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A server answering every request with `204 No Content`.
pub struct RawServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    requests: mpsc::Receiver<RawRequest>,
}

impl RawServer {
    /// Starts the server on a free port; it stops when the test process ends.
    pub fn start() -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let (tx, requests) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let tx = tx.clone();
                std::thread::spawn(move || serve(stream, tx));
            }
        });
        RawServer { url, requests }
    }

    /// The next request received (waits up to five seconds).
    pub fn next(&self) -> RawRequest {
        self.requests
            .recv_timeout(Duration::from_secs(5))
            .expect("the server received a request")
    }
}

fn serve(stream: std::net::TcpStream, tx: mpsc::Sender<RawRequest>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end_matches(['\r', '\n']).to_owned();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                if n.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            headers.push(h);
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = RawRequest {
            line: line.trim_end().to_owned(),
            headers,
            body,
        };
        if tx.send(request).is_err() {
            return;
        }
        let stream = reader.get_mut();
        if stream
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            .is_err()
        {
            return;
        }
    }
}
