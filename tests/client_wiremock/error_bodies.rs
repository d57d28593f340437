//! Error bodies.

use super::*;

struct LeanRailsCase {
    status: u16,
    kind: &'static str,
    code: &'static str,
    param: Option<&'static str>,
}

const LEANRAILS_ERRORS: [LeanRailsCase; 8] = [
    LeanRailsCase {
        status: 400,
        kind: "invalid_request_error",
        code: "parameter_invalid_integer",
        param: Some("limit"),
    },
    LeanRailsCase {
        status: 401,
        kind: "authentication_error",
        code: "api_key_invalid",
        param: None,
    },
    LeanRailsCase {
        status: 402,
        kind: "payment_error",
        code: "card_declined",
        param: None,
    },
    LeanRailsCase {
        status: 404,
        kind: "invalid_request_error",
        code: "resource_missing",
        param: Some("starting_after"),
    },
    // A type this client does not know.
    LeanRailsCase {
        status: 409,
        kind: "idempotency_error",
        code: "idempotency_key_in_use",
        param: None,
    },
    LeanRailsCase {
        status: 422,
        kind: "invalid_request_error",
        code: "parameter_unknown",
        param: Some("status"),
    },
    LeanRailsCase {
        status: 429,
        kind: "rate_limit_error",
        code: "rate_limit",
        param: None,
    },
    LeanRailsCase {
        status: 500,
        kind: "api_error",
        code: "internal_error",
        param: None,
    },
];

/// Headers every error response carries; 429 adds `Retry-After: 30`.
fn with_error_headers(
    template: ResponseTemplate,
    status: u16,
    id_header: &str,
) -> ResponseTemplate {
    let template = template
        .insert_header(id_header, format!("req_{status}").as_str())
        .insert_header("X-RateLimit-Limit", "1500")
        .insert_header("X-RateLimit-Remaining", "0");
    if status == 429 {
        template.insert_header("Retry-After", "30")
    } else {
        template
    }
}

/// What every error of either client must carry, whatever its body.
fn check_api_error_envelope<E: std::fmt::Debug>(
    err: &apigen_runtime::Error<E>,
    status: u16,
) -> &apigen_runtime::ApiError<E> {
    let apigen_runtime::Error::Api(api) = err else {
        panic!("{status}: expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), status);
    assert_eq!(err.status(), Some(StatusCode::from_u16(status).unwrap()));
    assert_eq!(
        api.attempts, 1,
        "{status}: no retry with a one-attempt policy"
    );
    assert_eq!(api.request_id(), Some(format!("req_{status}").as_str()));
    assert_eq!(api.header("x-ratelimit-limit"), Some("1500"));
    assert_eq!(api.header("x-ratelimit-remaining"), Some("0"));
    let expected_wait = (status == 429).then(|| Duration::from_secs(30));
    assert_eq!(api.retry_after(), expected_wait, "{status}");
    assert_eq!(err.is_retryable(), status == 429 || status >= 500);
    let text = err.to_string();
    assert!(text.contains(&status.to_string()), "{text}");
    assert!(text.contains(&format!("req_{status}")), "{text}");
    api
}

#[tokio::test]
async fn leanrails_error_bodies_decode_into_the_error_schema() {
    for case in &LEANRAILS_ERRORS {
        let server = MockServer::start().await;
        let message = format!("Something about {} went wrong.", case.code);
        let doc_url = format!("https://docs.leanrails.com/errors#{}", case.code);
        let mut error = json!({
            "type": case.kind,
            "code": case.code,
            "message": message,
            "doc_url": doc_url,
        });
        if let Some(param) = case.param {
            error["param"] = json!(param);
        }
        let template = ResponseTemplate::new(case.status).set_body_json(json!({ "error": error }));
        Mock::given(method("GET"))
            .respond_with(with_error_headers(template, case.status, "Request-Id"))
            .mount(&server)
            .await;
        let client = leanrails_client(&server);

        let err = client
            .list_checkout_sessions(&Default::default())
            .await
            .unwrap_err();

        let api = check_api_error_envelope(&err, case.status);
        let body = api
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{}: body not decoded: {}", case.status, api.snippet));
        assert_eq!(
            body.error.r#type,
            Some(leanrails::ErrorType::from(case.kind))
        );
        assert_eq!(
            body.error.r#type.as_ref().map(|t| t.as_str()),
            Some(case.kind)
        );
        assert_eq!(body.error.code.as_deref(), Some(case.code));
        assert_eq!(body.error.message.as_deref(), Some(message.as_str()));
        assert_eq!(body.error.param.as_deref(), case.param);
        assert_eq!(body.error.doc_url.as_deref(), Some(doc_url.as_str()));
        assert!(body.extra.is_empty() && body.error.extra.is_empty());
        assert!(api.snippet.contains(case.code));
        assert_eq!(requests(&server).await.len(), 1);
    }
    // The known types map to their variants, the unknown one is kept.
    assert_eq!(
        leanrails::ErrorType::from("rate_limit_error"),
        leanrails::ErrorType::RateLimitError
    );
    assert_eq!(
        leanrails::ErrorType::from("idempotency_error"),
        leanrails::ErrorType::Unknown("idempotency_error".into())
    );
}

#[tokio::test]
async fn yorlet_error_bodies_decode_into_the_error_schema() {
    let cases: [(u16, &str, Option<&str>); 8] = [
        (400, "invalid_request_error", Some("limit")),
        (401, "authentication_error", None),
        (402, "payment_error", None),
        (403, "permission_error", None),
        (404, "invalid_request_error", Some("id")),
        (422, "invalid_request_error", Some("currency")),
        (429, "rate_limit_error", None),
        (500, "api_error", None),
    ];
    for (status, kind, param) in cases {
        let server = MockServer::start().await;
        let message = format!("Error {status} from Yorlet.");
        let mut error = json!({"message": message, "type": kind});
        if let Some(param) = param {
            error["param"] = json!(param);
        }
        let template =
            ResponseTemplate::new(status).set_body_json(json!({"error": error, "status": status}));
        Mock::given(method("GET"))
            .respond_with(with_error_headers(template, status, "X-Request-Id"))
            .mount(&server)
            .await;
        let client = yorlet_client(&server);

        let err = client
            .list_checkout_sessions(&Default::default())
            .await
            .unwrap_err();

        let api = check_api_error_envelope(&err, status);
        let body = api
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{status}: body not decoded: {}", api.snippet));
        assert_eq!(body.status, Some(i32::from(status)));
        assert_eq!(body.error.message.as_deref(), Some(message.as_str()));
        assert_eq!(body.error.param.as_deref(), param);
        assert_eq!(body.error.r#type.as_deref(), Some(kind));
        assert!(body.extra.is_empty() && body.error.extra.is_empty());
        assert_eq!(requests(&server).await.len(), 1);
    }
}
