//! Customers: every endpoint against a mock Askell, asserting method, exact path (trailing
//! slash), the `Api-Key` header and the exact JSON body, then snapshotting the decoded answer.

use askell_sdk::model::list::List;
use askell_sdk::{
    AttachPaymentMethod, Client, CustomerListQuery, CustomerPatch, Decimal, Error, NewCustomer,
    NewSubscription, RetryPolicy,
};
use httpmock::prelude::*;
use serde_json::json;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";

const CUSTOMER: &str = include_str!("../../../fixtures/askell/customer-get.json");
const CUSTOMERS: &str = include_str!("../../../fixtures/askell/customer-list.json");
const CUSTOMERS_PAGE: &str = include_str!("../../../fixtures/askell/customer-list-page.json");
const SUBSCRIPTIONS: &str = include_str!("../../../fixtures/askell/customer-subscriptions.json");
const ERROR_400: &str = include_str!("../../../fixtures/askell/customer-error-400.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

fn jon() -> NewCustomer {
    NewCustomer::new("1234", "email@example.com", "Jón", "Jónsson").phone("+3545551234")
}

#[tokio::test]
async fn create_customer_posts_the_customer_and_accepts_an_empty_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "1234",
                    "email": "email@example.com",
                    "first_name": "Jón",
                    "last_name": "Jónsson",
                    "phone": "+3545551234"
                }));
            then.status(201);
        })
        .await;
    let result = client(&server).create_customer(&jon()).await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn create_customer_without_phone_leaves_it_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer_reference": "r",
                    "email": "a@b.is",
                    "first_name": "A",
                    "last_name": "B"
                }));
            then.status(201);
        })
        .await;
    client(&server)
        .create_customer(&NewCustomer::new("r", "a@b.is", "A", "B"))
        .await
        .expect("created");
    mock.assert_async().await;
}

#[tokio::test]
async fn create_customer_400_is_the_typed_envelope() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/customers/");
            then.status(400)
                .header("content-type", "application/json")
                .body(ERROR_400);
        })
        .await;
    let err = client(&server)
        .create_customer(&jon())
        .await
        .expect_err("400");
    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let envelope = err.envelope().expect("typed envelope");
    assert_eq!(envelope.status.as_deref(), Some("error"));
    assert_eq!(envelope.error.as_deref(), Some("Validation error"));
    assert!(!err.is_not_sent());
    insta::assert_debug_snapshot!(envelope);
}

#[tokio::test]
async fn invalid_customers_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201);
        })
        .await;
    let client = client(&server);
    let long_ref = "x".repeat(257);
    let cases = [
        NewCustomer::new("", "a@b.is", "A", "B"),
        NewCustomer::new(long_ref.as_str(), "a@b.is", "A", "B"),
        NewCustomer::new("r", "", "A", "B"),
        NewCustomer::new("r", format!("{}@b.is", "a".repeat(250)), "A", "B"),
        NewCustomer::new("r", "a@b.is", "Á".repeat(129), "B"),
        NewCustomer::new("r", "a@b.is", "A", "B".repeat(129)),
        NewCustomer::new("r", "a@b.is", "A", "B").phone("1".repeat(33)),
    ];
    for customer in &cases {
        let err = client.create_customer(customer).await.expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.is_not_sent());
    }
    // 256 characters (not bytes) is still fine.
    let ok = NewCustomer::new("ö".repeat(256), "a@b.is", "A", "B");
    client
        .create_customer(&ok)
        .await
        .expect("256 chars is allowed");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn get_customer_reads_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "application/json")
                .body(CUSTOMER);
        })
        .await;
    let customer = client(&server)
        .get_customer("1234")
        .await
        .expect("customer");
    mock.assert_async().await;
    assert_eq!(customer.usable_payment_methods().count(), 1);
    insta::assert_debug_snapshot!(customer);
}

#[tokio::test]
async fn customer_references_are_percent_encoded_in_paths() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/cust%202%2F%C3%B6/")
                .header("authorization", AUTH);
            then.status(200).body(CUSTOMER);
        })
        .await;
    let customer = client(&server)
        .get_customer("cust 2/ö")
        .await
        .expect("customer");
    mock.assert_async().await;
    assert_eq!(customer.customer_reference, "1234");
}

#[tokio::test]
async fn get_customer_404_is_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/nobody/");
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let err = client(&server)
        .get_customer("nobody")
        .await
        .expect_err("404");
    mock.assert_async().await;
    let Error::Api(api) = &err else {
        panic!("expected Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.path, "/customers/nobody/");
    assert_eq!(
        err.envelope().and_then(|e| e.detail.as_deref()),
        Some("Not found.")
    );
}

#[tokio::test]
async fn get_customer_malformed_body_is_a_decode_error_with_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/1234/");
            then.status(200).body(
                r#"{"id":1,"customer_reference":"1234","email":"e","first_name":"f","last_name":"l","payment_method":[{"verified":"yes","canceled":false}]}"#,
            );
        })
        .await;
    let err = client(&server)
        .get_customer("1234")
        .await
        .expect_err("decode");
    mock.assert_async().await;
    let Error::Decode(decode) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(decode.status.map(|s| s.as_u16()), Some(200));
    assert_eq!(decode.path, "payment_method[0].verified");
}

#[tokio::test]
async fn not_json_at_all_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/");
            then.status(200).body("<html>oops</html>");
        })
        .await;
    let err = client(&server)
        .list_customers(&CustomerListQuery::new())
        .await
        .expect_err("decode");
    mock.assert_async().await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn bad_references_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CUSTOMER);
        })
        .await;
    let client = client(&server);
    let long = "r".repeat(257);
    for reference in ["", long.as_str()] {
        let errors = [
            client.get_customer(reference).await.map(|_| ()),
            client.delete_customer(reference).await,
            client.customer_subscriptions(reference).await.map(|_| ()),
            client.replace_customer(reference, &jon()).await,
            client
                .update_customer(reference, &CustomerPatch::new().email("a@b.is"))
                .await,
            client
                .add_customer_subscription(reference, &NewSubscription::new(1, "s"))
                .await,
            client
                .attach_payment_method(&AttachPaymentMethod::new(reference, "tok"))
                .await,
        ];
        for result in errors {
            let err = result.expect_err("invalid reference");
            assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn list_customers_without_page_size_is_a_bare_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param_missing("page_size")
                .query_param_missing("page")
                .header_missing("content-type");
            then.status(200).body(CUSTOMERS);
        })
        .await;
    let list = client(&server)
        .list_customers(&CustomerListQuery::new())
        .await
        .expect("list");
    mock.assert_async().await;
    assert!(matches!(list, List::All(_)));
    assert_eq!(list.items().len(), 2);
    insta::assert_debug_snapshot!(list);
}

#[tokio::test]
async fn list_customers_with_page_size_is_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "1")
                .header_missing("content-type");
            then.status(200).body(CUSTOMERS_PAGE);
        })
        .await;
    let list = client(&server)
        .list_customers(&CustomerListQuery::new().page_size(2).page(1))
        .await
        .expect("page");
    mock.assert_async().await;
    assert_eq!(
        list.next_page(),
        Some("https://askell.is/api/customers/?page_size=2&page=2")
    );
    insta::assert_debug_snapshot!(list);
}

#[tokio::test]
async fn page_size_and_page_limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    for query in [
        CustomerListQuery::new().page_size(0),
        CustomerListQuery::new().page_size(1001),
        CustomerListQuery::new().page(0),
    ] {
        let err = client.list_customers(&query).await.expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    mock.assert_calls_async(0).await;
    client
        .list_customers(&CustomerListQuery::new().page_size(1000))
        .await
        .expect("1000 is the maximum");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn replace_customer_puts_every_field() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "1234-new",
                    "email": "new@example.com",
                    "first_name": "Jón",
                    "last_name": "Jónsson"
                }));
            then.status(200).body(CUSTOMER);
        })
        .await;
    let result = client(&server)
        .replace_customer(
            "1234",
            &NewCustomer::new("1234-new", "new@example.com", "Jón", "Jónsson"),
        )
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn replace_customer_404_is_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/customers/gone/");
            then.status(404).body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let err = client(&server)
        .replace_customer("gone", &jon())
        .await
        .expect_err("404");
    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.envelope().and_then(|e| e.message()), Some("Not found."));
}

#[tokio::test]
async fn update_customer_patches_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({"email": "new@example.com", "phone": "+3545550000"}));
            then.status(200).body("{}");
        })
        .await;
    let result = client(&server)
        .update_customer(
            "1234",
            &CustomerPatch::new()
                .email("new@example.com")
                .phone("+3545550000"),
        )
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn update_customer_every_field_and_the_limits() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .json_body(json!({
                    "customer_reference": "5678",
                    "email": "e@x.is",
                    "first_name": "Anna",
                    "last_name": "Jóns",
                    "phone": "+354"
                }));
            then.status(200);
        })
        .await;
    let client = client(&server);
    let full = CustomerPatch::new()
        .customer_reference("5678")
        .email("e@x.is")
        .first_name("Anna")
        .last_name("Jóns")
        .phone("+354");
    client
        .update_customer("1234", &full)
        .await
        .expect("patched");
    mock.assert_calls_async(1).await;
    for bad in [
        CustomerPatch::new(),
        CustomerPatch::new().customer_reference(""),
        CustomerPatch::new().email(""),
        CustomerPatch::new().first_name("a".repeat(129)),
        CustomerPatch::new().phone("1".repeat(33)),
    ] {
        let err = client.update_customer("1234", &bad).await.expect_err("bad");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn delete_customer_sends_delete_and_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/customers/1234/")
                .header("authorization", AUTH)
                .body("");
            then.status(204);
        })
        .await;
    let result = client(&server).delete_customer("1234").await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn delete_customer_404_is_typed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/customers/1234/");
            then.status(404).body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let err = client(&server)
        .delete_customer("1234")
        .await
        .expect_err("404");
    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.envelope().and_then(|e| e.message()), Some("Not found."));
}

#[tokio::test]
async fn customer_subscriptions_reads_the_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/1234/subscriptions/")
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(SUBSCRIPTIONS);
        })
        .await;
    let subscriptions = client(&server)
        .customer_subscriptions("1234")
        .await
        .expect("subscriptions");
    mock.assert_async().await;
    assert_eq!(subscriptions.len(), 2);
    insta::assert_debug_snapshot!(subscriptions);
}

#[tokio::test]
async fn add_customer_subscription_posts_a_subscription_create() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/1234/subscriptions/add/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "plan": 1,
                    "reference": "Sub-12345",
                    "start_date": "2022-11-01T00:00:00Z",
                    "amount": "1500",
                    "discount": "10",
                    "description": "My custom note"
                }));
            then.status(201);
        })
        .await;
    let subscription = NewSubscription::new(1, "Sub-12345")
        .start_date(time::macros::datetime!(2022-11-01 00:00:00 UTC))
        .amount(Decimal::new(1500, 0))
        .discount(Decimal::TEN)
        .description("My custom note");
    let result = client(&server)
        .add_customer_subscription("1234", &subscription)
        .await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
}

#[tokio::test]
async fn add_customer_subscription_keeps_the_amount_scale() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/1234/subscriptions/add/")
                .json_body(json!({"plan": 7, "reference": "S", "amount": "1500.50"}));
            then.status(201);
        })
        .await;
    client(&server)
        .add_customer_subscription(
            "1234",
            &NewSubscription::new(7, "S").amount(Decimal::new(150_050, 2)),
        )
        .await
        .expect("added");
    mock.assert_async().await;
}

#[tokio::test]
async fn add_customer_subscription_400_and_limits() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/customers/1234/subscriptions/add/");
            then.status(400)
                .body(r#"{"status":"error","error":"Plan does not exist"}"#);
        })
        .await;
    let client = client(&server);
    for bad in [
        NewSubscription::new(1, ""),
        NewSubscription::new(1, "s").discount(Decimal::new(1001, 1)),
        NewSubscription::new(1, "s").discount(Decimal::NEGATIVE_ONE),
        NewSubscription::new(1, "s").amount(Decimal::NEGATIVE_ONE),
    ] {
        let err = client
            .add_customer_subscription("1234", &bad)
            .await
            .expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    mock.assert_calls_async(0).await;
    let err = client
        .add_customer_subscription("1234", &NewSubscription::new(99, "s"))
        .await
        .expect_err("400");
    mock.assert_calls_async(1).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Plan does not exist")
    );
}

#[tokio::test]
async fn attach_payment_method_posts_reference_and_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .header("authorization", AUTH)
                .header("content-type", "application/json")
                .json_body(json!({
                    "customer_reference": "12345",
                    "token": "637302f0412e2e11adc0ba21adafcf11"
                }));
            then.status(201);
        })
        .await;
    let attach = AttachPaymentMethod::new("12345", "637302f0412e2e11adc0ba21adafcf11");
    let result = client(&server).attach_payment_method(&attach).await;
    mock.assert_async().await;
    insta::assert_debug_snapshot!(result);
    assert!(!format!("{attach:?}").contains("637302f0"));
}

#[tokio::test]
async fn attach_payment_method_errors() {
    let server = MockServer::start_async().await;
    let missing = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .json_body_includes(r#"{"customer_reference":"nobody"}"#);
            then.status(404).body(r#"{"detail":"Not found."}"#);
        })
        .await;
    let invalid = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/customers/paymentmethod/")
                .json_body_includes(r#"{"customer_reference":"12345"}"#);
            then.status(400)
                .body(r#"{"status":"error","error":"Invalid token"}"#);
        })
        .await;
    let client = client(&server);
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("nobody", "t"))
        .await
        .expect_err("404");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("12345", "t"))
        .await
        .expect_err("400");
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Invalid token")
    );
    let err = client
        .attach_payment_method(&AttachPaymentMethod::new("12345", ""))
        .await
        .expect_err("empty token");
    assert!(err.is_not_sent());
    missing.assert_calls_async(1).await;
    invalid.assert_calls_async(1).await;
    // The token is never part of an error message.
    assert!(!format!("{err} {err:?}").contains("637302f0"));
}

#[tokio::test]
async fn writes_are_not_retried_but_reads_are() {
    let server = MockServer::start_async().await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST).path("/customers/");
            then.status(503);
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/customers/1234/");
            then.status(503);
        })
        .await;
    let client = Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::new(3).with_initial_backoff(std::time::Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client.create_customer(&jon()).await.expect_err("503");
    assert!(err.outcome_unknown().is_some(), "{err:?}");
    assert!(err.to_string().contains("get_customer"), "{err}");
    post.assert_calls_async(1).await;
    client.get_customer("1234").await.expect_err("503");
    assert!(get.calls_async().await > 1);
}

#[tokio::test]
async fn list_customers_follows_next_until_the_last_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param_missing("page");
            then.status(200).body(CUSTOMERS_PAGE);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/customers/")
                .header("authorization", AUTH)
                .query_param("page_size", "2")
                .query_param("page", "2");
            then.status(200).body(
                r#"{"count":3,"next":null,"previous":"https://askell.is/api/customers/?page_size=2","results":[{"id":9,"customer_reference":"last","email":"l@x.is","first_name":"L","last_name":"X"}]}"#,
            );
        })
        .await;
    let client = client(&server);
    let mut query = CustomerListQuery::new().page_size(2);
    let mut references = Vec::new();
    loop {
        let page = client.list_customers(&query).await.expect("page");
        references.extend(page.items().iter().map(|c| c.customer_reference.clone()));
        match query.next_after(&page) {
            Some(next) => query = next,
            None => break,
        }
    }
    assert_eq!(references, ["1234", "cust 2/ö", "last"]);
    first.assert_async().await;
    second.assert_async().await;
    // An unpaginated answer has no next page.
    let all: List<askell_sdk::Customer> = serde_json::from_str(CUSTOMERS).expect("array");
    assert_eq!(CustomerListQuery::new().next_after(&all), None);
}
