//! Multipart bodies on the raw bytes a server receives: `format: binary`
//! properties are file parts (raw bytes, file name, the spec's
//! `encoding.<property>.contentType`), arrays of them several parts of one
//! name, other properties text or JSON parts; the boundary is in the
//! `Content-Type` and in no part. With the mappings off
//! (`fixtures_plain`), the same properties are text parts.

mod support;

use apigen_runtime::FilePart;
use apigen_suite::fixtures::scalars::*;
use support::raw::{RawRequest, RawServer};

/// A file with bytes that are not UTF-8, CRLF and a would-be delimiter.
const AVATAR: &[u8] = b"\x89PNG\r\n\x1a\n\xff\x00\r\n--apigen-boundary-3f6c1d9a8e2b4705\r\nend";

/// One part: its header lines (lower-case names) and its bytes.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<(String, String)>,
    content: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `name` of its `Content-Disposition`.
    fn name(&self) -> &str {
        let d = self.header("content-disposition").unwrap();
        let start = d.find("name=\"").unwrap() + 6;
        &d[start..start + d[start..].find('"').unwrap()]
    }
}

/// The parts of a `multipart/form-data` request, split on the boundary its
/// `Content-Type` names (RFC 2046: CRLF, `--`, the boundary).
fn parts(request: &RawRequest) -> Vec<Part> {
    let ct = request.header("content-type").unwrap();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{ct}"));
    let body = &request.body;
    let first = format!("--{boundary}\r\n");
    assert!(body.starts_with(first.as_bytes()));
    let delimiter = format!("\r\n--{boundary}");
    let d = delimiter.as_bytes();
    let mut starts = vec![first.len()];
    let mut ends = Vec::new();
    let mut i = first.len();
    while i + d.len() <= body.len() {
        if &body[i..i + d.len()] == d {
            ends.push(i);
            let after = &body[i + d.len()..];
            if after == b"--\r\n" {
                break;
            }
            assert!(after.starts_with(b"\r\n"));
            starts.push(i + d.len() + 2);
            i += d.len();
        } else {
            i += 1;
        }
    }
    assert_eq!(
        starts.len(),
        ends.len(),
        "the body ends with the close delimiter"
    );
    starts
        .into_iter()
        .zip(ends)
        .map(|(s, e)| {
            let part = &body[s..e];
            let split = part.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            let head = std::str::from_utf8(&part[..split]).unwrap();
            Part {
                headers: head
                    .split("\r\n")
                    .map(|l| {
                        let (n, v) = l.split_once(": ").unwrap();
                        (n.to_ascii_lowercase(), v.to_owned())
                    })
                    .collect(),
                content: part[split + 4..].to_vec(),
            }
        })
        .collect()
}

async fn received<F, Fut, T>(call: F) -> RawRequest
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let server = RawServer::start();
    let _ = call(server.url.clone()).await;
    server.next()
}

#[tokio::test]
async fn files_are_raw_parts_beside_text_fields() {
    let body = Upload {
        avatar: FilePart::from(AVATAR).with_file_name("me \"1\".png"),
        pages: Some(vec![
            FilePart::from(&b"page one\r\n"[..]).with_file_name("1.txt"),
            FilePart::from(vec![0u8, 255]).with_content_type("application/pdf"),
        ]),
        title: "Ünïcode title".into(),
        meta: Some(UploadMeta {
            raw: Some("nested text".into()),
            extra: Default::default(),
        }),
        extra: Default::default(),
    };
    let request = received(|url| async move {
        let client = Client::builder().base_url(url).build().unwrap();
        client.upload(&body).await
    })
    .await;
    let ct = request.header("content-type").unwrap();
    // The avatar holds the default boundary, so the body has another one.
    assert_eq!(
        ct,
        "multipart/form-data; boundary=apigen-boundary-3f6c1d9a8e2b4705-1"
    );
    let mut parts = parts(&request);
    parts.sort_by(|a, b| a.name().cmp(b.name()));
    let names: Vec<&str> = parts.iter().map(Part::name).collect();
    assert_eq!(names, ["avatar", "meta", "pages", "pages", "title"]);

    let avatar = &parts[0];
    assert_eq!(avatar.content, AVATAR);
    assert_eq!(
        avatar.header("content-disposition"),
        Some("form-data; name=\"avatar\"; filename=\"me %221%22.png\"")
    );
    // The spec's `encoding.avatar.contentType`.
    assert_eq!(avatar.header("content-type"), Some("image/png"));

    assert_eq!(parts[1].header("content-type"), Some("application/json"));
    let meta: serde_json::Value = serde_json::from_slice(&parts[1].content).unwrap();
    assert_eq!(meta, serde_json::json!({"raw": "nested text"}));

    // Array items in order, each a part of the property's name.
    let (one, two) = (&parts[2], &parts[3]);
    assert_eq!(one.content, b"page one\r\n");
    assert_eq!(
        one.header("content-disposition"),
        Some("form-data; name=\"pages\"; filename=\"1.txt\"")
    );
    assert_eq!(one.header("content-type"), Some("application/octet-stream"));
    assert_eq!(two.content, [0, 255]);
    assert_eq!(
        two.header("content-disposition"),
        Some("form-data; name=\"pages\"")
    );
    assert_eq!(two.header("content-type"), Some("application/pdf"));

    assert_eq!(parts[4].content, "Ünïcode title".as_bytes());
    assert_eq!(
        parts[4].header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[tokio::test]
async fn an_inline_body_keeps_the_default_boundary() {
    use apigen_suite::fixtures::bodies as b;
    let body = b::UploadFileBody {
        file: FilePart::from(vec![0xde, 0xad, 0xbe, 0xef]),
        thumbnails: None,
        purpose: b::FilePurpose::Avatar,
        note: None,
        extra: Default::default(),
    };
    let request = received(|url| async move {
        let client = b::Client::builder()
            .base_url(url)
            .bearer("t")
            .build()
            .unwrap();
        client.upload_file(&body).await
    })
    .await;
    assert_eq!(
        request.header("content-type"),
        Some("multipart/form-data; boundary=apigen-boundary-3f6c1d9a8e2b4705")
    );
    let parts = parts(&request);
    assert_eq!(parts.len(), 2, "{parts:?}");
    let file = parts.iter().find(|p| p.name() == "file").unwrap();
    assert_eq!(file.content, [0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(file.header("content-type"), Some("image/png"));
    let purpose = parts.iter().find(|p| p.name() == "purpose").unwrap();
    assert_eq!(purpose.content, b"avatar");
}

/// With the mappings off, a binary property is a `String`, sent as text.
#[tokio::test]
async fn plain_binary_properties_are_text_parts() {
    use apigen_suite::fixtures_plain::scalars as plain;
    let body = plain::Upload {
        avatar: "not a file".to_owned(),
        pages: None,
        title: "t".into(),
        meta: None,
        extra: Default::default(),
    };
    let request = received(|url| async move {
        let client = plain::Client::builder().base_url(url).build().unwrap();
        client.upload(&body).await
    })
    .await;
    let parts = parts(&request);
    let avatar = parts.iter().find(|p| p.name() == "avatar").unwrap();
    assert_eq!(avatar.content, b"not a file");
    assert_eq!(
        avatar.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

/// A model holding files also reads and writes JSON: a file is its text.
#[test]
fn a_file_model_round_trips_json() {
    let json = serde_json::json!({"avatar": "bytes\r\n", "title": "t", "pages": ["a", "b"]});
    let upload: Upload = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&upload.avatar.bytes()[..], b"bytes\r\n");
    assert_eq!(serde_json::to_value(&upload).unwrap(), json);
    assert_eq!(Upload::example().title, "example");
}
