//! Parameter validation.

use super::*;

#[tokio::test]
async fn leanrails_refuses_limit_outside_1_to_100_before_sending() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("leanrails_list.json")).await;
    let client = leanrails_client(&server);

    for limit in [0, 101, -1] {
        let params = leanrails::ListCheckoutSessionsParams {
            limit: Some(limit),
            ..Default::default()
        };
        let err = client.list_checkout_sessions(&params).await.unwrap_err();
        match &err {
            leanrails::Error::InvalidParam { param, message } => {
                assert_eq!(*param, "limit");
                assert!(message.contains(&limit.to_string()), "{message}");
            }
            other => panic!("limit {limit}: expected InvalidParam, got {other:?}"),
        }
        assert!(err.to_string().contains("limit"), "{err}");

        // The stream reports the same error once and ends.
        let items = drain(client.list_checkout_sessions_stream(&params)).await;
        assert_eq!(items.len(), 1);
        assert!(matches!(
            items[0],
            Err(leanrails::Error::InvalidParam { param: "limit", .. })
        ));
    }
    assert!(
        requests(&server).await.is_empty(),
        "nothing may be sent for an invalid limit"
    );

    // The bounds themselves are valid.
    for limit in [1, 100] {
        let params = leanrails::ListCheckoutSessionsParams {
            limit: Some(limit),
            ..Default::default()
        };
        client.list_checkout_sessions(&params).await.unwrap();
    }
    assert_eq!(
        queries(&server).await,
        [pairs(&[("limit", "1")]), pairs(&[("limit", "100")])]
    );
}
