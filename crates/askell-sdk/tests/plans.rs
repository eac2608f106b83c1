//! Plans: `GET /plans/` against a mock Askell, in every shape the answer may take.

use askell_sdk::{Client, Error, PlanInterval, RetryPolicy};
use httpmock::prelude::*;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";

const PLANS: &str = include_str!("../../../fixtures/askell/plan-list.json");
const PLAN: &str = include_str!("../../../fixtures/askell/plan-single.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

async fn plans_answering(
    status: u16,
    body: &str,
) -> (MockServer, Result<Vec<askell_sdk::Plan>, Error>) {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/plans/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
    let result = client(&server).list_plans().await;
    mock.assert_async().await;
    (server, result)
}

#[tokio::test]
async fn list_plans_reads_an_array() {
    let (_server, result) = plans_answering(200, PLANS).await;
    let plans = result.expect("plans");
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].amount.to_string(), "1.0000");
    assert_eq!(plans[1].interval, PlanInterval::Year);
    assert_eq!(plans[1].amount.to_string(), "19990.0000");
    insta::assert_debug_snapshot!(plans);
}

#[tokio::test]
async fn list_plans_reads_the_single_object_the_spec_documents() {
    let (_server, result) = plans_answering(200, PLAN).await;
    let plans = result.expect("plan");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].reference, "SKU-1");
    insta::assert_debug_snapshot!(plans);
}

#[tokio::test]
async fn list_plans_reads_a_page() {
    let page = format!(r#"{{"count":2,"next":null,"previous":null,"results":{PLANS}}}"#);
    let (_server, result) = plans_answering(200, &page).await;
    let plans = result.expect("page");
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].id, 1);
    assert_eq!(plans[1].id, 2);
}

#[tokio::test]
async fn list_plans_empty_array() {
    let (_server, result) = plans_answering(200, " []").await;
    assert!(result.expect("empty").is_empty());
}

#[tokio::test]
async fn list_plans_malformed_answers_name_the_failing_path() {
    for (body, path) in [
        // A wrong field in the second plan of an array.
        (
            r#"[{"id":1,"name":"a","reference":"r","interval":"day","interval_count":1,"amount":"1","currency":"ISK","enabled":true,"private":false,"electronic_only":true},{"id":"two"}]"#,
            "[1].id",
        ),
        // A single object with an amount that is not a decimal.
        (
            r#"{"id":1,"name":"a","reference":"r","interval":"day","interval_count":1,"amount":"one","currency":"ISK","enabled":true,"private":false,"electronic_only":true}"#,
            "amount",
        ),
        // A page whose results are not plans.
        (
            r#"{"count":1,"next":null,"previous":null,"results":[{"id":1}]}"#,
            "results[0]",
        ),
    ] {
        let (_server, result) = plans_answering(200, body).await;
        let err = result.expect_err("decode");
        let Error::Decode(decode) = &err else {
            panic!("expected Decode, got {err:?}")
        };
        assert_eq!(decode.status.map(|s| s.as_u16()), Some(200));
        assert!(decode.path.starts_with(path), "{} vs {path}", decode.path);
    }
}

#[tokio::test]
async fn list_plans_not_json_is_a_decode_error() {
    let (_server, result) = plans_answering(200, "<html>502</html>").await;
    assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");
}

#[tokio::test]
async fn list_plans_errors_are_typed() {
    let (_server, result) =
        plans_answering(400, r#"{"status":"error","error":"Validation error"}"#).await;
    let err = result.expect_err("400");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let envelope = err.envelope().expect("envelope");
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(envelope.error.as_deref(), Some("Validation error"));

    let (_server, result) = plans_answering(404, r#"{"detail":"Not found."}"#).await;
    let err = result.expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.envelope().and_then(|e| e.message()), Some("Not found."));

    let (_server, result) = plans_answering(403, r#"{"detail":"Invalid API key."}"#).await;
    let err = result.expect_err("403");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert!(!format!("{err} {err:?}").contains("abcdefgh1234567890"));
}
