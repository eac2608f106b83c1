//! Subscriptions: every endpoint against a mock Askell, asserting method, exact path (trailing
//! slash), the `Api-Key` header and the exact JSON body, then snapshotting the decoded answer.

use askell_sdk::model::list::List;
use askell_sdk::{
    BillingLog, BillingLogType, Client, Decimal, Error, MultiSubscriptionCreate, NewCustomer,
    NewSubscription, RetryPolicy, SubscriptionCustomer, SubscriptionListQuery,
    SubscriptionListType, SubscriptionOrdering, SubscriptionPlan, SubscriptionState,
    SubscriptionUpdate,
};
use httpmock::prelude::*;
use payments_core::ExposeSecret;
use serde_json::json;
use time::macros::datetime;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";
const TOKEN: &str = "637302f0412e2e11adc0ba21adafcf11";

const SUBSCRIPTION: &str = include_str!("../../../fixtures/askell/subscription-get.json");
const LIST: &str = include_str!("../../../fixtures/askell/subscription-list.json");
const PAGE: &str = include_str!("../../../fixtures/askell/subscription-list-page.json");
const UPDATED: &str = include_str!("../../../fixtures/askell/subscription-update.json");
const MULTI: &str = include_str!("../../../fixtures/askell/subscription-multi-created.json");
const CANCELED: &str = include_str!("../../../fixtures/askell/subscription-cancel.json");
const ACTIVATED: &str = include_str!("../../../fixtures/askell/subscription-activate.json");
const EXPIRY: &str = include_str!("../../../fixtures/askell/subscription-set-expiry.json");
const TRIAL_LOG: &str = include_str!("../../../fixtures/askell/billing-log-trial.json");
const RENEWAL_LOG: &str = include_str!("../../../fixtures/askell/billing-log-renewal.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn list_subscriptions_without_query_is_a_bare_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .query_param_count(".*", ".*", 0);
            then.status(200).body(LIST);
        })
        .await;
    let list = client(&server)
        .list_subscriptions(&SubscriptionListQuery::new())
        .await
        .expect("list");
    mock.assert_async().await;
    assert!(matches!(list, List::All(_)));
    insta::assert_debug_snapshot!(list);
}

#[tokio::test]
async fn list_subscriptions_sends_page_size_type_and_ordering() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "2")
                .query_param("type", "full")
                .query_param("ordering", "-active_until")
                .query_param_count(".*", ".*", 4);
            then.status(200).body(PAGE);
        })
        .await;
    let query = SubscriptionListQuery::new()
        .page_size(2)
        .page(2)
        .kind(SubscriptionListType::Full)
        .ordering(SubscriptionOrdering::ActiveUntilDesc);
    let list = client(&server)
        .list_subscriptions(&query)
        .await
        .expect("page");
    mock.assert_async().await;
    let List::Page(page) = &list else {
        panic!("expected a page, got {list:?}")
    };
    assert_eq!(page.count, 5);
    assert!(page.previous.is_some());
    // The next query keeps size, type and ordering and moves to the page in `next`.
    assert_eq!(query.next_after(&list), Some(query.clone().page(3)));
    insta::assert_debug_snapshot!(list);
}

#[tokio::test]
async fn list_subscriptions_every_ordering_and_type_is_sent_as_written() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    for (ordering, wire) in [
        (SubscriptionOrdering::ActiveUntil, "active_until"),
        (SubscriptionOrdering::ActiveUntilDesc, "-active_until"),
        (SubscriptionOrdering::StartDate, "start_date"),
        (SubscriptionOrdering::StartDateDesc, "-start_date"),
    ] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/subscriptions/")
                    .query_param("ordering", wire)
                    .query_param("type", "light");
                then.status(200).body("[]");
            })
            .await;
        let list = client
            .list_subscriptions(
                &SubscriptionListQuery::new()
                    .ordering(ordering)
                    .kind(SubscriptionListType::Light),
            )
            .await
            .expect("list");
        assert!(list.items().is_empty());
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn list_subscriptions_limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    for query in [
        SubscriptionListQuery::new().page_size(0),
        SubscriptionListQuery::new().page_size(1001),
        SubscriptionListQuery::new().page(0),
    ] {
        let err = client
            .list_subscriptions(&query)
            .await
            .expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.is_not_sent());
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn list_subscriptions_tolerates_a_light_answer_with_plan_ids() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/")
                .query_param("type", "light");
            then.status(200).body(
                r#"[{"id":5,"reference":"R","is_on_trial":true,"active":true,"cancelled":false,"customer":8,"plan":3}]"#,
            );
        })
        .await;
    let list = client(&server)
        .list_subscriptions(&SubscriptionListQuery::new().kind(SubscriptionListType::Light))
        .await
        .expect("light");
    mock.assert_async().await;
    let sub = &list.items()[0];
    assert_eq!(sub.plan, Some(SubscriptionPlan::Id(3)));
    assert_eq!(sub.customer, SubscriptionCustomer::Id(8));
    assert!(sub.billing_logs.is_empty());
}

#[tokio::test]
async fn get_subscription_reads_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/subscriptions/123/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "application/json")
                .body(SUBSCRIPTION);
        })
        .await;
    let sub = client(&server).get_subscription(123).await.expect("sub");
    mock.assert_async().await;
    assert_eq!(
        sub.token.as_ref().map(ExposeSecret::expose_secret),
        Some(TOKEN)
    );
    assert!(!format!("{sub:?}").contains(TOKEN));
    assert_eq!(sub.meta_json(), Some(json!({"source": "web"})));
    assert_eq!(sub.plan_id(), Some(1));
    assert_eq!(sub.latest_billing_log().map(|l| l.id), Some(11));
    assert_eq!(
        sub.billing_logs[1].total.map(|t| t.to_string()),
        Some("6.99".to_owned())
    );
    insta::assert_debug_snapshot!(sub);
}

#[tokio::test]
async fn get_subscription_404_and_400_are_typed() {
    let server = MockServer::start_async().await;
    let missing = server
        .mock_async(|when, then| {
            when.method(GET).path("/subscriptions/404/");
            then.status(404).body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let bad = server
        .mock_async(|when, then| {
            when.method(GET).path("/subscriptions/400/");
            then.status(400)
                .body(r#"{"status":"error","error":"Invalid status value"}"#);
        })
        .await;
    let client = client(&server);
    let err = client.get_subscription(404).await.expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.envelope().and_then(|e| e.message()), Some("Not found."));
    let err = client.get_subscription(400).await.expect_err("400");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let envelope = err.envelope().expect("envelope");
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(envelope.error.as_deref(), Some("Invalid status value"));
    missing.assert_async().await;
    bad.assert_async().await;
}

#[tokio::test]
async fn get_subscription_malformed_body_is_a_decode_error_with_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/subscriptions/123/");
            then.status(200).body(
                r#"{"id":123,"reference":"R","is_on_trial":false,"active":true,"cancelled":false,"customer":1,
                    "billing_logs":[{"id":1,"billing_log_type":"renewal","billing_date":"yesterday"}]}"#,
            );
        })
        .await;
    let err = client(&server)
        .get_subscription(123)
        .await
        .expect_err("decode");
    mock.assert_async().await;
    let Error::Decode(decode) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(decode.status.map(|s| s.as_u16()), Some(200));
    assert_eq!(decode.path, "billing_logs[0].billing_date");
}

#[tokio::test]
async fn update_subscription_patches_plan_as_an_object() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/subscriptions/123/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "plan": {"id": 2},
                    "amount": "1500",
                    "discount": "12.5",
                    "description": "Moved to yearly"
                }));
            then.status(200).body(UPDATED);
        })
        .await;
    let update = SubscriptionUpdate::new()
        .plan(2)
        .amount(Decimal::new(1500, 0))
        .discount(Decimal::new(125, 1))
        .description("Moved to yearly");
    let sub = client(&server)
        .update_subscription(123, &update)
        .await
        .expect("updated");
    mock.assert_async().await;
    assert_eq!(sub.plan_id(), Some(2));
    assert_eq!(sub.meta_json(), Some(json!({"source": "web"})));
    insta::assert_debug_snapshot!(sub);
}

#[tokio::test]
async fn update_subscription_limits_and_400() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/subscriptions/123/")
                .json_body(json!({"discount": "100"}));
            then.status(400)
                .body(r#"{"status":"error","error":"Validation error"}"#);
        })
        .await;
    let client = client(&server);
    for bad in [
        SubscriptionUpdate::new(),
        SubscriptionUpdate::new().discount(Decimal::new(10_001, 2)),
        SubscriptionUpdate::new().discount(Decimal::new(-1, 2)),
        SubscriptionUpdate::new().amount(Decimal::new(-5, 0)),
    ] {
        let err = client
            .update_subscription(123, &bad)
            .await
            .expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    mock.assert_calls_async(0).await;
    let err = client
        .update_subscription(
            123,
            &SubscriptionUpdate::new().discount(Decimal::ONE_HUNDRED),
        )
        .await
        .expect_err("400");
    mock.assert_calls_async(1).await;
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Validation error")
    );
}

fn multi() -> MultiSubscriptionCreate {
    MultiSubscriptionCreate::new(
        NewCustomer::new("cust-1", "jon@example.com", "Jón", "Jónsson").phone("+3545551234"),
        vec![
            NewSubscription::new(1, "Sub-1").start_date(datetime!(2022-11-01 00:00:00 UTC)),
            NewSubscription::new(2, "Sub-2")
                .amount(Decimal::new(199_900, 2))
                .discount(Decimal::TEN)
                .description("note"),
        ],
    )
    .payment_method_token(TOKEN)
}

#[tokio::test]
async fn create_subscriptions_posts_customer_token_and_subscriptions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/multi/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer": {
                        "customer_reference": "cust-1",
                        "email": "jon@example.com",
                        "first_name": "Jón",
                        "last_name": "Jónsson",
                        "phone": "+3545551234"
                    },
                    "payment_method": {"token": TOKEN},
                    "subscriptions": [
                        {"plan": 1, "reference": "Sub-1", "start_date": "2022-11-01T00:00:00Z"},
                        {"plan": 2, "reference": "Sub-2", "amount": "1999.00", "discount": "10",
                         "description": "note"}
                    ]
                }));
            then.status(201).body(MULTI);
        })
        .await;
    let request = multi();
    assert!(!format!("{request:?}").contains(TOKEN));
    let created = client(&server)
        .create_subscriptions(&request)
        .await
        .expect("created");
    mock.assert_async().await;
    assert_eq!(created.customer.customer_reference, "cust-1");
    assert_eq!(created.subscriptions.len(), 2);
    insta::assert_debug_snapshot!(created);
}

#[tokio::test]
async fn create_subscriptions_without_token_leaves_payment_method_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/multi/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer": {"customer_reference": "c", "email": "e@x.is",
                                 "first_name": "F", "last_name": "L"},
                    "subscriptions": [{"plan": 1, "reference": "S"}]
                }));
            then.status(201).body(MULTI);
        })
        .await;
    client(&server)
        .create_subscriptions(&MultiSubscriptionCreate::new(
            NewCustomer::new("c", "e@x.is", "F", "L"),
            vec![NewSubscription::new(1, "S")],
        ))
        .await
        .expect("created");
    mock.assert_async().await;
}

#[tokio::test]
async fn create_subscriptions_invalid_input_is_refused_and_400_is_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/multi/");
            then.status(400)
                .body(r#"{"status":"error","error":"Customer already exists"}"#);
        })
        .await;
    let client = client(&server);
    let customer = || NewCustomer::new("c", "e@x.is", "F", "L");
    for bad in [
        MultiSubscriptionCreate::new(customer(), vec![]),
        MultiSubscriptionCreate::new(
            NewCustomer::new("", "e@x.is", "F", "L"),
            vec![NewSubscription::new(1, "S")],
        ),
        MultiSubscriptionCreate::new(customer(), vec![NewSubscription::new(1, "")]),
        MultiSubscriptionCreate::new(customer(), vec![NewSubscription::new(1, "S")])
            .payment_method_token(""),
        MultiSubscriptionCreate::new(
            customer(),
            vec![NewSubscription::new(1, "S").discount(Decimal::new(101, 0))],
        ),
    ] {
        let err = client
            .create_subscriptions(&bad)
            .await
            .expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    mock.assert_calls_async(0).await;
    let err = client
        .create_subscriptions(&multi())
        .await
        .expect_err("400");
    mock.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Customer already exists")
    );
    // Neither the error nor its Debug carries the token.
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

#[tokio::test]
async fn cancel_subscription_posts_without_body_and_reads_the_state() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/cancel/")
                .header("authorization", AUTH)
                .body("");
            then.status(201).body(CANCELED);
        })
        .await;
    let result = client(&server)
        .cancel_subscription(123)
        .await
        .expect("canceled");
    mock.assert_async().await;
    assert_eq!(result.state, SubscriptionState::Canceled);
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn cancel_subscription_400_is_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/123/cancel/");
            then.status(400)
                .body(r#"{"status":"error","error":"Subscription already cancelled"}"#);
        })
        .await;
    let err = client(&server)
        .cancel_subscription(123)
        .await
        .expect_err("400");
    mock.assert_async().await;
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Subscription already cancelled")
    );
}

#[tokio::test]
async fn activate_subscription_posts_without_body_and_reads_the_state() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/activate/")
                .header("authorization", AUTH)
                .body("");
            then.status(200).body(ACTIVATED);
        })
        .await;
    let result = client(&server)
        .activate_subscription(123)
        .await
        .expect("active");
    mock.assert_async().await;
    assert_eq!(result.state, SubscriptionState::Active);
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn activate_subscription_400_and_unknown_states() {
    let server = MockServer::start_async().await;
    let bad = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/1/activate/");
            then.status(400)
                .body(r#"{"status":"error","error":"Billing period has passed"}"#);
        })
        .await;
    let odd = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/2/activate/");
            then.status(200).body(r#"{"state":"paused"}"#);
        })
        .await;
    let client = client(&server);
    let err = client.activate_subscription(1).await.expect_err("400");
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Billing period has passed")
    );
    let result = client.activate_subscription(2).await.expect("unknown kept");
    assert_eq!(result.state, SubscriptionState::Unknown("paused".into()));
    bad.assert_async().await;
    odd.assert_async().await;
}

#[tokio::test]
async fn set_subscription_expiry_posts_the_date() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/subscriptions/123/set_expiry/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"expires": "2024-01-31T00:00:00Z"}));
            then.status(200).body(EXPIRY);
        })
        .await;
    let result = client(&server)
        .set_subscription_expiry(123, datetime!(2024-01-31 00:00:00 UTC))
        .await
        .expect("set");
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn set_subscription_expiry_400_and_malformed_answer() {
    let server = MockServer::start_async().await;
    let bad = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/1/set_expiry/");
            then.status(400)
                .body(r#"{"status":"error","error":"No billing log"}"#);
        })
        .await;
    let broken = server
        .mock_async(|when, then| {
            when.method(POST).path("/subscriptions/2/set_expiry/");
            then.status(200).body(r#"{"state": 1}"#);
        })
        .await;
    let client = client(&server);
    let when = datetime!(2024-01-31 00:00:00 UTC);
    let err = client
        .set_subscription_expiry(1, when)
        .await
        .expect_err("400");
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("No billing log")
    );
    let err = client
        .set_subscription_expiry(2, when)
        .await
        .expect_err("decode");
    let Error::Decode(decode) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(decode.path, "state");
    assert_eq!(decode.status.map(|s| s.as_u16()), Some(200));
    bad.assert_async().await;
    broken.assert_async().await;
}

#[test]
fn billing_logs_read_from_the_fixtures() {
    let trial: BillingLog = serde_json::from_str(TRIAL_LOG).expect("trial");
    assert_eq!(trial.billing_log_type, BillingLogType::Trial);
    assert_eq!(trial.total, None);
    assert!(trial.transaction.is_none());
    let renewal: BillingLog = serde_json::from_str(RENEWAL_LOG).expect("renewal");
    assert_eq!(renewal.billing_log_type, BillingLogType::Renewal);
    assert_eq!(renewal.total.map(|t| t.to_string()), Some("6.99".into()));
    insta::assert_debug_snapshot!((trial, renewal));
}
