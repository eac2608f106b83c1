//! Errors: the envelope whatever the status, decode failures, unknown outcomes and what
//! resolves them, retries for reads only, requests refused before sending, secrets.
//!
//! Resid does not document its error answers; the error bodies here are assumed shapes of its
//! `{message, info, errors}` envelope.

use std::time::Duration;

use httpmock::prelude::*;
use payments_core::http::StatusCode;
use resid_sdk::{
    Client, CreatePayment, Credentials, Error, ErrorEnvelope, ListPayments, PageSize,
    RegisterMerchant, RetryPolicy, Rials, RialsError, Sheba, TimeFilter, dec,
};
use serde_json::json;
use time::OffsetDateTime;

const CODE: &str = "abc123";
const CREATE: &str = include_str!("../../../fixtures/resid/payment-create-response.json");

fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

fn builder(server: &MockServer) -> resid_sdk::ClientBuilder {
    Client::builder(Credentials::new(CODE))
        .base_url(server.base_url())
        .retry(
            RetryPolicy::new(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
}

fn api(e: &Error) -> &payments_core::ApiError<ErrorEnvelope> {
    match e {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_200_with_errors_is_the_typed_provider_error() {
    let server = MockServer::start_async().await;
    let body = r#"{"message":"Payment can not be collected","info":{},"errors":["The collect window has passed",{"code":12}]}"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/AsF42Sg53/collect");
            then.status(200).body(body);
        })
        .await;
    let e = client(&server)
        .collect_payment("AsF42Sg53")
        .await
        .unwrap_err();
    mock.assert_async().await;
    let a = api(&e);
    assert_eq!(a.status, StatusCode::OK);
    let envelope = a.envelope.as_ref().unwrap();
    assert_eq!(
        envelope.message.as_deref(),
        Some("Payment can not be collected")
    );
    assert_eq!(
        envelope.errors,
        [json!("The collect window has passed"), json!({"code": 12})]
    );
    assert_eq!(a.body, body);
    assert_eq!(e.provider_message(), Some("Payment can not be collected"));
    // A provider refusal is a known outcome.
    assert!(e.outcome_unknown().is_none());
    insta::assert_debug_snapshot!("collect_refused_with_200", e);
}

#[tokio::test]
async fn errors_with_an_ok_message_or_a_message_without_errors_are_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/T1/collect");
            then.status(200)
                .body(r#"{"message":"OK","info":{},"errors":["already collected"]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/T2/collect");
            then.status(200)
                .body(r#"{"message":"Payment expired","info":{},"errors":[]}"#);
        })
        .await;
    let c = client(&server);
    let twice = c.collect_payment("T1").await.unwrap_err();
    assert_eq!(twice.provider_message(), Some("already collected"));
    assert_eq!(
        twice.to_string(),
        "POST /payments/T1/collect answered 200 OK: already collected"
    );
    let late = c.collect_payment("T2").await.unwrap_err();
    assert_eq!(late.provider_message(), Some("Payment expired"));
    assert!(api(&late).envelope.as_ref().unwrap().errors.is_empty());
}

#[tokio::test]
async fn an_error_envelope_whose_info_is_not_a_payment_is_still_the_provider_error() {
    let server = MockServer::start_async().await;
    for (token, status) in [("gone", 404), ("odd", 200)] {
        server
            .mock_async(|when, then| {
                when.method(GET).path(format!("/payments/{token}"));
                then.status(status)
                    .body(r#"{"message":"Not found","info":{},"errors":["no such payment"]}"#);
            })
            .await;
    }
    let c = client(&server);
    for (token, status) in [("gone", 404), ("odd", 200)] {
        let e = c.payment(token).await.unwrap_err();
        let a = api(&e);
        assert_eq!(a.status.as_u16(), status);
        assert_eq!(
            a.envelope.as_ref().unwrap().to_string(),
            "Not found: no such payment"
        );
    }
}

#[tokio::test]
async fn a_2xx_json_that_is_not_the_envelope_is_a_decode_error_with_an_unknown_collect() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/AsF42Sg53/collect");
            then.status(200)
                .body(r#"{"id":"something else","status":"ok"}"#);
        })
        .await;
    let e = client(&server)
        .collect_payment("AsF42Sg53")
        .await
        .unwrap_err();
    assert!(matches!(e, payments_core::Error::Decode(_)), "{e:?}");
    assert_eq!(
        e.outcome_unknown()
            .and_then(|u| u.resolve_with())
            .map(ToString::to_string),
        Some("Client::payment(token = \"AsF42Sg53\")".to_owned())
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn any_non_2xx_is_an_error_even_with_an_ok_envelope_or_no_json() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments");
            then.status(400).body(
                r#"{"message":"Bad Request","info":{},"errors":{"amount":["This field is required."]}}"#,
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/html");
            then.status(403).body("<html>Forbidden</html>");
        })
        .await;
    let c = client(&server);
    let e = c
        .create_payment(&CreatePayment::new("m", Rials::new(1)))
        .await
        .unwrap_err();
    assert_eq!(
        api(&e).envelope.as_ref().unwrap().errors,
        [json!({"amount": ["This field is required."]})]
    );
    // A 4xx to a write: Resid refused, nothing happened.
    assert!(e.outcome_unknown().is_none());
    let e = c.payment("html").await.unwrap_err();
    let a = api(&e);
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.envelope.is_none());
    assert_eq!(a.body, "<html>Forbidden</html>");
}

#[tokio::test]
async fn a_success_that_does_not_decode_names_the_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/notoken");
            then.status(200)
                .body(r#"{"message":"OK","info":{"amount":1},"errors":[]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/noinfo");
            then.status(200)
                .body(r#"{"message":"OK","info":null,"errors":[]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/payments");
            then.status(200)
                .body(r#"{"message":"OK","info":{"token":7},"errors":[]}"#);
        })
        .await;
    let c = client(&server);
    let Error::Decode(d) = c.payment("notoken").await.unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(d.path, "info");
    assert!(d.message.contains("token"), "{}", d.message);
    assert!(d.outcome_unknown.is_none(), "a read");
    let Error::Decode(d) = c.payment("noinfo").await.unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(d.path, "info");
    // A write that got a 2xx it cannot read: Resid acted; the error says how to find out.
    let Error::Decode(d) = c
        .create_payment(&CreatePayment::new("m", Rials::new(1)))
        .await
        .unwrap_err()
    else {
        panic!("expected a decode error");
    };
    assert_eq!(d.path, "info.token");
    let r = d.outcome_unknown.unwrap();
    assert_eq!(r.resolve_with().unwrap().operation, "payments");
}

#[tokio::test]
async fn a_5xx_on_create_is_an_unknown_outcome_resolved_by_the_list_after_an_instant() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments");
            then.status(503).body("upstream busy");
        })
        .await;
    let before = OffsetDateTime::now_utc();
    let e = client(&server)
        .create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)))
        .await
        .unwrap_err();
    let after = OffsetDateTime::now_utc();
    // Never repeated, even with retries on.
    assert_eq!(mock.calls_async().await, 1);
    let unknown = e.outcome_unknown().expect("a 5xx to a create is unknown");
    let r = unknown.resolve_with().unwrap();
    assert_eq!((r.operation, r.key_name), ("payments", "after"));
    assert!(r.key.ends_with('Z') && r.key.len() == 27, "{}", r.key);
    let at = OffsetDateTime::parse(&r.key, &time::format_description::well_known::Rfc3339).unwrap();
    assert!(
        at >= before - Duration::from_micros(1) && at <= after,
        "{at} not in {before}..{after}"
    );
    // The resolution reads back as the list query.
    let query = ListPayments::from_resolution(r).unwrap();
    assert_eq!(query.filter, Some(TimeFilter::After(at)));
    assert!(
        e.to_string()
            .contains("resolve it with Client::payments(after = \"")
    );
}

#[tokio::test]
async fn a_5xx_on_collect_is_resolved_by_getting_the_payment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/AsF42Sg53/collect");
            then.status(502)
                .body(r#"{"message":"Bad gateway","errors":["bank timeout"]}"#);
        })
        .await;
    let e = client(&server)
        .collect_payment("AsF42Sg53")
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!(
        (r.operation, r.key_name, r.key.as_str()),
        ("payment", "token", "AsF42Sg53")
    );
    assert_eq!(e.provider_message(), Some("Bad gateway"));
    insta::assert_snapshot!("collect_502_display", e.to_string());
}

#[tokio::test]
async fn timeouts_on_create_and_collect_are_unknown_and_never_repeated() {
    let server = MockServer::start_async().await;
    let collect = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments/AsF42Sg53/collect");
            then.status(200)
                .delay(Duration::from_millis(800))
                .body("{}");
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path("/payments");
            then.status(200)
                .delay(Duration::from_millis(800))
                .body(CREATE);
        })
        .await;
    let c = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let e = c.collect_payment("AsF42Sg53").await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!((r.operation, r.key.as_str()), ("payment", "AsF42Sg53"));
    let e = c
        .create_payment(&CreatePayment::new("m", Rials::new(1)))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    let r = e.outcome_unknown().unwrap().resolve_with().unwrap();
    assert_eq!((r.operation, r.key_name), ("payments", "after"));
    assert_eq!(collect.calls_async().await, 1);
    assert_eq!(create.calls_async().await, 1);
}

#[tokio::test]
async fn reads_are_retried_and_writes_are_not() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/AsF42Sg53");
            then.status(503).body("busy");
        })
        .await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/payments");
            then.status(429).body("slow down");
        })
        .await;
    let merchants = server
        .mock_async(|when, then| {
            when.method(POST).path("/merchants");
            then.status(503).body("busy");
        })
        .await;
    let c = client(&server);
    let e = c.payment("AsF42Sg53").await.unwrap_err();
    assert_eq!(api(&e).attempts, 3);
    assert!(e.outcome_unknown().is_none(), "a read changes nothing");
    assert_eq!(get.calls_async().await, 3);
    let e = c.payments_page(&ListPayments::latest()).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(list.calls_async().await, 3);
    let request = RegisterMerchant::new(
        "A",
        "B",
        resid_sdk::MobileNumber::new("09123456789").unwrap(),
        resid_sdk::NationalCode::new("0499370899").unwrap(),
        Sheba::new("IR062960000000100324200001").unwrap(),
        0,
    );
    let e = c.register_merchant(&request).await.unwrap_err();
    assert_eq!(merchants.calls_async().await, 1);
    // No status query exists for merchants: unknown, with nothing to call.
    assert!(e.outcome_unknown().unwrap().resolve_with().is_none());
}

#[tokio::test]
async fn invalid_requests_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CREATE);
        })
        .await;
    let c = client(&server);

    // Cannot be built: a page size of 0 or 201, a negative or fractional amount, a malformed
    // Sheba (both filters at once do not compile: see `ListPayments`).
    for size in [0, 201, 1000] {
        let e = PageSize::new(size).unwrap_err();
        assert_eq!(e.field, "size");
    }
    assert_eq!(
        Rials::try_from(dec!(-10000)),
        Err(RialsError::Negative(dec!(-10000)))
    );
    assert_eq!(Rials::try_from(-1_i64), Err(RialsError::Negative(dec!(-1))));
    assert!(matches!(
        Rials::try_from(dec!(99.5)),
        Err(RialsError::Fraction(_))
    ));
    for sheba in [
        "IR123456789012345678901234",
        "IR06296000000010032420000",
        "IR0629600000001003242000011",
        "GB062960000000100324200001",
        "",
    ] {
        let e = Sheba::new(sheba).unwrap_err();
        assert_eq!(e.field, "sheba", "{sheba}");
    }
    // Only one filter: the last constructor wins because there is only room for one.
    let t = OffsetDateTime::UNIX_EPOCH;
    let q = ListPayments::before(t);
    assert!(matches!(q.filter, Some(TimeFilter::Before(_))));
    assert_eq!(q.to_query().len(), 1);

    // Refused by the client before sending.
    let cases: Vec<(Error, &str)> = vec![
        (
            c.create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::ZERO))
                .await
                .unwrap_err(),
            "amount",
        ),
        (
            c.create_payment(&CreatePayment::new("  ", Rials::new(1)))
                .await
                .unwrap_err(),
            "merchant",
        ),
        (c.collect_payment("").await.unwrap_err(), "token"),
        (c.payment(" ").await.unwrap_err(), "token"),
    ];
    for (e, field) in cases {
        assert!(e.is_not_sent(), "{e}");
        let Error::InvalidRequest(i) = e else {
            panic!("expected InvalidRequest");
        };
        assert_eq!(i.field, field);
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn the_authorization_code_never_shows() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/payments/x");
            then.status(401).body(
                r#"{"message":"Invalid authorization code abc123","info":{},"errors":["abc123"]}"#,
            );
        })
        .await;
    let c = client(&server);
    assert!(!format!("{c:?}").contains(CODE));
    assert!(!format!("{:?}", Credentials::new(CODE)).contains(CODE));
    assert!(!format!("{:?}", Client::builder(Credentials::new(CODE))).contains(CODE));
    let e = c.payment("x").await.unwrap_err();
    for text in [e.to_string(), format!("{e:?}"), api(&e).body.clone()] {
        assert!(!text.contains(CODE), "{text}");
    }
    assert_eq!(
        e.provider_message(),
        Some("Invalid authorization code *** redacted ***")
    );
}

#[test]
fn an_empty_code_does_not_build() {
    for code in ["", "  "] {
        let e = Client::builder(Credentials::new(code)).build().unwrap_err();
        assert!(e.to_string().contains("authorization_code"), "{e}");
    }
    let e = Client::builder(Credentials::new("a\nb"))
        .build()
        .unwrap_err();
    assert!(!e.to_string().contains("a\nb"));
}
