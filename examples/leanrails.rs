//! Lists open LeanRails checkout sessions, page by page and as a stream.
//!
//! `cargo run --example leanrails -- BASE_URL API_KEY` (for example against
//! `prism mock specs/leanrails.yaml`).

use apigen_runtime::futures::TryStreamExt;
use checkout_clients::leanrails::{self, CheckoutSessionStatus, ListCheckoutSessionsParams};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args
        .next()
        .unwrap_or_else(|| leanrails::Client::DEFAULT_BASE_URL.into());
    let key = args.next().unwrap_or_else(|| "sk_test_123".into());

    let client = leanrails::Client::builder()
        .base_url(base_url)
        .basic_auth(key, None) // key as user name, empty password
        .x_api_version("2024-06-01")
        .build()?;
    let params = ListCheckoutSessionsParams {
        limit: Some(100),
        status: Some(CheckoutSessionStatus::Open),
        ..Default::default()
    };

    match client.list_checkout_sessions(&params).await {
        Ok(page) => println!("{} sessions, more: {}", page.data.len(), page.has_more),
        Err(apigen_runtime::Error::Api(e)) if e.status == 429 => {
            eprintln!("rate limited, retry after {:?}", e.retry_after());
        }
        Err(apigen_runtime::Error::Api(e)) => {
            let message = e.body.as_ref().and_then(|b| b.error.message.clone());
            eprintln!("{}: {message:?} (request {:?})", e.status, e.request_id());
        }
        Err(other) => eprintln!("{other}"),
    }

    let mut sessions = std::pin::pin!(client.list_checkout_sessions_stream(&params));
    let mut n = 0;
    while let Some(session) = sessions.try_next().await? {
        n += 1;
        if n <= 3 {
            println!("{} {:?}", session.id, session.status);
        }
    }
    println!("{n} sessions in all");
    Ok(())
}
