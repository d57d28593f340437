use apigen_runtime::Error;
use things::{Client, ListThingsParams};

/// One line about a call of `list_things`, for a log.
pub async fn report(client: &Client, params: &ListThingsParams) -> String {
    match client.list_things(params).await {
        Ok(things) => format!("{} things", things.len()),
        Err(Error::Api(e)) => {
            // e.body: Option<serde_json::Value>; also e.status, e.headers, e.snippet
            let message = e.body.as_ref().and_then(|b| b["message"].as_str());
            format!("HTTP {}: {message:?} (request {:?})", e.status, e.request_id())
        }
        Err(Error::MissingCredential { setter, .. }) => {
            format!("configure the client first: {setter:?}")
        }
        Err(other) => other.to_string(),
    }
}
