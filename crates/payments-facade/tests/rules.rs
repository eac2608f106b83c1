//! The rules around the scenario: money that cannot be sent exactly (or in that currency) and
//! unsupported operations fail before anything is sent; configuration builds every gateway and
//! names a missing or malformed variable, never its value; provider errors keep their answers;
//! webhooks are verified first; Payelata's card token flow.

// A build with some providers only uses part of the helpers.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_mut))]

mod common;

use httpmock::{Mock, MockServer};
use payments_facade::{
    CaptureMode, Currency, Customer, Error, ErrorKind, Gateway, GatewayConfig, HeaderMap, Money,
    MoneyError, NextAction, Operation, PaymentId, PaymentRequest, PaymentStatus, Provider,
    RedirectMethod,
};

/// A mock that answers every request, to count that none was sent.
async fn catch_all(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|_, then| {
            then.status(500).body("no request should have been sent");
        })
        .await
}

/// A gateway on its own mock server (Payelata's cardgate too), whose catch-all mock counts
/// what was sent.
struct Isolated {
    gateway: Box<dyn Gateway>,
    server: MockServer,
    catch_all: usize,
}

impl Isolated {
    async fn new(gateway: impl FnOnce(&MockServer) -> Box<dyn Gateway>) -> Self {
        let server = common::server().await;
        let gateway = gateway(&server);
        let catch_all = catch_all(&server).await.id();
        Self {
            gateway,
            server,
            catch_all,
        }
    }

    /// How many requests reached the provider.
    async fn sent(&self) -> usize {
        common::calls(&self.server, self.catch_all).await
    }
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(minor, currency).unwrap()
}

fn request(amount: Money) -> PaymentRequest {
    PaymentRequest::new(amount, "order-1001", "Blue mug").customer(Customer {
        reference: "customer-12345".into(),
        ..Customer::default()
    })
}

fn assert_kind<T: std::fmt::Debug>(result: Result<T, Error>, kind: &ErrorKind) -> Error {
    let e = result.expect_err("must fail");
    assert_eq!(e.kind(), kind, "{e}");
    assert!(e.is_not_sent(), "{e}");
    e
}

/// Every gateway of this build, each on its own mock server with a catch-all mock.
async fn gateways() -> Vec<Isolated> {
    let mut all = Vec::new();
    #[cfg(feature = "askell")]
    all.push(Isolated::new(|s| Box::new(common::askell::gateway(s))).await);
    #[cfg(feature = "barion")]
    all.push(Isolated::new(|s| Box::new(common::barion::gateway(s))).await);
    #[cfg(feature = "resid")]
    all.push(Isolated::new(|s| Box::new(common::resid::gateway(s))).await);
    #[cfg(feature = "finline")]
    all.push(Isolated::new(|s| Box::new(common::finline::gateway(s))).await);
    #[cfg(feature = "payelata")]
    all.push(Isolated::new(|s| Box::new(common::payelata::gateway(s, s))).await);
    all
}

// ---------------------------------------------------------------------------------------------
// Money

#[tokio::test]
async fn a_currency_the_provider_does_not_take_is_a_money_error_and_nothing_is_sent() {
    for isolated in gateways().await {
        let gateway = &isolated.gateway;
        let provider = gateway.provider();
        // JPY is taken by none of the five.
        let jpy = money(1000, Currency::JPY);
        assert!(!gateway.capabilities().takes("JPY"));
        let e = assert_kind(
            gateway.create_payment(&request(jpy)).await,
            &ErrorKind::Money,
        );
        assert!(e.to_string().contains("does not take JPY"), "{e}");
        let id = PaymentId::from("f28b2b2572644d1084bbb3a7d8362337");
        for op in [Operation::PartialCapture, Operation::PartialRefund] {
            let result = match op {
                Operation::PartialCapture => gateway.capture(&id, Some(jpy)).await,
                _ => gateway.refund(&id, Some(jpy)).await,
            };
            let e = result.expect_err("must fail");
            let expected = if gateway.capabilities().support(op).is_supported() {
                ErrorKind::Money
            } else {
                ErrorKind::Unsupported(op)
            };
            assert_eq!(e.kind(), &expected, "{provider} {op}: {e}");
        }
        assert_eq!(isolated.sent().await, 0, "{provider}");
    }
}

#[cfg(feature = "barion")]
#[tokio::test]
async fn barion_takes_whole_forints_only() {
    let server = common::server().await;
    let mock = catch_all(&server).await;
    let gateway: Box<dyn Gateway> = Box::new(common::barion::gateway(&server));
    // ISO 4217 gives HUF two decimals; Barion takes none: 1000.50 HUF cannot be sent.
    let e = assert_kind(
        gateway
            .create_payment(&request(money(100_050, Currency::HUF)))
            .await,
        &ErrorKind::Money,
    );
    assert!(
        e.to_string().contains("has more than 0 decimal places"),
        "{e}"
    );
    let id = PaymentId::from(common::barion::PAYMENT_ID);
    for result in [
        gateway.capture(&id, Some(money(50, Currency::HUF))).await,
        gateway.refund(&id, Some(money(1_99, Currency::HUF))).await,
    ] {
        assert_kind(result, &ErrorKind::Money);
    }
    // And nothing that is not positive.
    assert_kind(
        gateway
            .create_payment(&request(money(0, Currency::HUF)))
            .await,
        &ErrorKind::InvalidRequest,
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[cfg(feature = "resid")]
#[tokio::test]
async fn resid_takes_whole_rials_only() {
    let server = common::server().await;
    let mock = catch_all(&server).await;
    let gateway: Box<dyn Gateway> = Box::new(common::resid::gateway(&server));
    let e = assert_kind(
        gateway
            .create_payment(&request(money(1_000_050, Currency::IRR)))
            .await,
        &ErrorKind::Money,
    );
    let source = std::error::Error::source(&e);
    assert!(
        source.is_none(),
        "the money error's text is the error's own"
    );
    assert!(e.to_string().contains("IRR"), "{e}");
    assert_kind(
        gateway
            .create_payment(&request(money(-100, Currency::IRR)))
            .await,
        &ErrorKind::InvalidRequest,
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[test]
fn money_errors_are_typed() {
    let e = MoneyError::UnsupportedCurrency {
        currency: Currency::JPY,
        provider: Provider::Barion,
    };
    assert_eq!(e.to_string(), "barion does not take JPY");
}

// ---------------------------------------------------------------------------------------------
// Unsupported operations

#[tokio::test]
async fn every_unsupported_operation_is_a_typed_error_and_nothing_is_sent() {
    let mut checked = 0;
    for isolated in gateways().await {
        let gateway = &isolated.gateway;
        let caps = gateway.capabilities();
        let id = PaymentId::from("a19ca264-5dd4-4897-bcb8-47d84844a2bc");
        let some = Money::new(100, Currency::from_code(caps.currencies[0]).unwrap()).ok();
        for op in Operation::ALL {
            let support = caps.support(op);
            if support.is_supported() {
                continue;
            }
            let result = match op {
                Operation::Capture => gateway.capture(&id, None).await,
                Operation::PartialCapture => gateway.capture(&id, some).await,
                Operation::Cancel => gateway.cancel(&id).await,
                Operation::Refund => gateway.refund(&id, None).await,
                Operation::PartialRefund => gateway.refund(&id, some).await,
                Operation::Webhook => gateway
                    .webhook(&HeaderMap::new(), b"{}")
                    .await
                    .map(|e| e.raw)
                    .map(|_| unreachable!()),
                Operation::Create | Operation::Status => unreachable!("every provider has them"),
            };
            let e = assert_kind(result, &ErrorKind::Unsupported(op));
            assert!(e.to_string().contains(support.note()), "{e}");
            checked += 1;
        }
        // A hold where the provider has none.
        if !caps.support(Operation::Capture).is_supported() {
            let amount =
                Money::new(10_000, Currency::from_code(caps.currencies[0]).unwrap()).unwrap();
            let manual = request(amount).capture(CaptureMode::Manual);
            assert_kind(
                gateway.create_payment(&manual).await,
                &ErrorKind::Unsupported(Operation::Capture),
            );
        }
        assert_eq!(isolated.sent().await, 0, "{}", gateway.provider());
    }
    if cfg!(feature = "full") {
        // Askell 4, Resid 5, Payelata 3.
        assert_eq!(checked, 12);
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn the_provider_variable_is_required_and_checked() {
    let e = GatewayConfig::from_lookup(|_| None).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Config);
    assert!(e.to_string().contains("PAYMENTS_PROVIDER"), "{e}");
    let e = GatewayConfig::from_lookup(common::lookup(&[("PAYMENTS_PROVIDER", "paypal-s3cr3t")]))
        .unwrap_err();
    assert!(e.to_string().contains("PAYMENTS_PROVIDER") && !e.to_string().contains("s3cr3t"));
    let config = GatewayConfig::from_lookup(common::lookup(&[
        ("PAYMENTS_PROVIDER", " Resid "),
        ("RESID_AUTHORIZATION_CODE", "s3cr3t"),
        ("RESID_MERCHANT", "faSDF42w3Fs"),
    ]))
    .unwrap();
    assert_eq!(config.provider(), Provider::Resid);
    assert!(!format!("{config:?}").contains("s3cr3t"));
}

/// Each provider's complete variables, the base URL(s) pointed at `base_url`.
fn variables(provider: Provider, base_url: &str) -> Vec<(&'static str, String)> {
    let v = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    };
    let mut vars = match provider {
        Provider::Askell => v(&[
            ("ASKELL_API_KEY", "abcdef.abcdefgh1234567890"),
            ("ASKELL_WEBHOOK_SECRET", "askell_test_webhook_secret"),
            ("ASKELL_WEBHOOK_DIGEST", "SHA512"),
            ("ASKELL_BASE_URL", base_url),
        ]),
        Provider::Barion => v(&[
            ("BARION_POS_KEY", "999FFDDA-04FF-333F-CCCC-345FCB555FFC"),
            ("BARION_PAYEE", "owner@shop.example"),
            ("BARION_ENVIRONMENT", "Test"),
            ("BARION_BASE_URL", base_url),
        ]),
        Provider::Resid => v(&[
            ("RESID_AUTHORIZATION_CODE", "resid-code-1"),
            ("RESID_MERCHANT", "faSDF42w3Fs"),
            ("RESID_BASE_URL", base_url),
        ]),
        Provider::Finline => v(&[
            ("FINLINE_POS_ID", "dc728de1-51ef-4ef1-80f7-3b44b07b5667"),
            ("FINLINE_API_KEY", "finline-key-1"),
            ("FINLINE_API_SECRET", "finline-secret-1"),
            ("FINLINE_ENDPOINTS_KEY", "finline-endpoints-1"),
            ("FINLINE_BASE_URL", base_url),
        ]),
        Provider::Payelata => v(&[
            ("PAYELATA_BASE_URL", base_url),
            ("PAYELATA_ACCOUNT_ID", "coma_123"),
            ("PAYELATA_API_KEY", "my-api-key"),
            ("PAYELATA_SERVICE", "payment_card_usd_hpp"),
            ("PAYELATA_LIVE_SECRET", "sk_live_payelata_0"),
            ("PAYELATA_TEST_MODE", "true"),
            ("PAYELATA_CARDGATE_URL", base_url),
        ]),
    };
    vars.insert(0, ("PAYMENTS_PROVIDER", provider.name().to_owned()));
    vars
}

fn config(vars: &[(&'static str, String)]) -> Result<GatewayConfig, Error> {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    GatewayConfig::from_lookup(common::lookup(&pairs))
}

/// The read each provider's gateway makes for `id`, with the credentials it must carry.
fn read_mock(
    provider: Provider,
) -> (
    &'static str,
    String,
    (&'static str, &'static str),
    &'static str,
) {
    match provider {
        Provider::Askell => (
            "a19ca264-5dd4-4897-bcb8-47d84844a2bc",
            "/payments/a19ca264-5dd4-4897-bcb8-47d84844a2bc/".into(),
            ("authorization", "Api-Key abcdef.abcdefgh1234567890"),
            include_str!("../../../fixtures/askell/payment-get.json"),
        ),
        Provider::Barion => (
            "f28b2b2572644d1084bbb3a7d8362337",
            "/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState".into(),
            ("x-pos-key", "999FFDDA-04FF-333F-CCCC-345FCB555FFC"),
            include_str!("../../../fixtures/barion/payment-state-v4-delayed-capture.json"),
        ),
        Provider::Resid => (
            "AsF42Sg53",
            "/payments/AsF42Sg53".into(),
            ("authorization", "resid-code-1"),
            include_str!("../../../fixtures/resid/payment-get-response.json"),
        ),
        Provider::Finline => (
            "123",
            "/pos/dc728de1-51ef-4ef1-80f7-3b44b07b5667/orders/123".into(),
            ("x-api-key", "finline-endpoints-1"),
            include_str!("../../../fixtures/finline/order-status-response.json"),
        ),
        Provider::Payelata => (
            "cpi_TEST0000000001",
            "/payment-invoices/cpi_TEST0000000001".into(),
            ("authorization", "Basic Y29tYV8xMjM6bXktYXBpLWtleQ=="),
            include_str!("../../../fixtures/payelata/callback-vector.json"),
        ),
    }
}

#[tokio::test]
async fn every_provider_builds_from_configuration_alone() {
    for provider in Provider::ALL {
        let server = common::server().await;
        let vars = variables(provider, &server.base_url());
        let config = config(&vars).unwrap();
        assert_eq!(config.provider(), provider);
        let debug = format!("{config:?}");
        for (name, value) in &vars[1..] {
            assert!(debug.contains(name), "{debug}");
            if !name.ends_with("_URL") && *name != "PAYELATA_TEST_MODE" {
                assert!(!debug.contains(value.as_str()), "{name} shows in {debug}");
            }
        }
        let built = config.build();
        if !provider.is_enabled() {
            let e = built.unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::Config);
            assert!(e.to_string().contains("feature"), "{e}");
            continue;
        }
        let gateway = built.unwrap();
        assert_eq!(gateway.provider(), provider);
        assert!(!format!("{gateway:?}").contains("my-api-key"));
        // The gateway built from the variables talks to the configured host with the configured
        // credentials.
        let (id, path, (header, value), body) = read_mock(provider);
        let read = server
            .mock_async(|when, then| {
                when.method("GET").path(&path).header(header, value);
                then.status(200).body(body);
            })
            .await;
        let payment = gateway.payment(&PaymentId::from(id)).await.unwrap();
        assert_eq!(payment.provider, provider);
        read.assert_calls_async(1).await;
    }
}

#[test]
fn a_missing_required_variable_is_named() {
    for provider in Provider::ALL {
        let vars = variables(provider, "http://127.0.0.1:1");
        let required = payments_facade::VARIABLES
            .iter()
            .filter(|v| v.provider == provider && v.required);
        for variable in required {
            for blank in [None, Some("  ")] {
                let mut without: Vec<(&'static str, String)> = vars
                    .iter()
                    .filter(|(k, _)| *k != variable.name)
                    .cloned()
                    .collect();
                if let Some(b) = blank {
                    without.push((variable.name, b.to_owned()));
                }
                let e = config(&without).unwrap_err();
                assert_eq!(e.kind(), &ErrorKind::Config);
                assert_eq!(e.provider(), provider);
                assert!(e.to_string().contains(variable.name), "{e}");
            }
        }
    }
}

#[test]
fn a_malformed_variable_is_named_and_its_value_never_shown() {
    let secretish = "s3cr3t-VALUE";
    let cases: &[(Provider, &str, String)] = &[
        (
            Provider::Finline,
            "FINLINE_POS_ID",
            format!("not-a-uuid-{secretish}"),
        ),
        (
            Provider::Finline,
            "FINLINE_BASE_URL",
            format!("ftp://{secretish}"),
        ),
        (
            Provider::Barion,
            "BARION_ENVIRONMENT",
            format!("staging-{secretish}"),
        ),
        (
            Provider::Barion,
            "BARION_BASE_URL",
            format!("api.barion.com/{secretish}"),
        ),
        (
            Provider::Resid,
            "RESID_BASE_URL",
            format!("https://resid.ir/?key={secretish}"),
        ),
        (
            Provider::Askell,
            "ASKELL_WEBHOOK_DIGEST",
            format!("MD5-{secretish}"),
        ),
        (
            Provider::Askell,
            "ASKELL_BASE_URL",
            format!("askell.is:{secretish}"),
        ),
        (
            Provider::Payelata,
            "PAYELATA_TEST_MODE",
            format!("maybe-{secretish}"),
        ),
        (
            Provider::Payelata,
            "PAYELATA_BASE_URL",
            format!("//{secretish}"),
        ),
        (
            Provider::Payelata,
            "PAYELATA_CARDGATE_URL",
            format!("cardgate-{secretish}"),
        ),
    ];
    for (provider, name, value) in cases {
        if !provider.is_enabled() {
            continue;
        }
        let mut vars: Vec<(&'static str, String)> = variables(*provider, "http://127.0.0.1:1")
            .into_iter()
            .filter(|(k, _)| k != name)
            .collect();
        vars.push((name, value.clone()));
        let e = config(&vars).and_then(|c| c.build()).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Config, "{name}: {e}");
        let shown = format!("{e} {e:?}");
        assert!(shown.contains(name), "{name}: {shown}");
        assert!(
            !shown.contains(secretish),
            "{name} shows its value: {shown}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Provider errors and webhooks

#[cfg(feature = "finline")]
#[tokio::test]
async fn a_write_whose_outcome_is_unknown_says_so_and_names_the_query() {
    let server = common::server().await;
    let capture = server
        .mock_async(|when, then| {
            when.method("POST").path("/capture");
            then.status(503).body("upstream unavailable");
        })
        .await;
    let gateway: Box<dyn Gateway> = Box::new(common::finline::gateway(&server));
    let e = gateway
        .capture(&PaymentId::from("123"), Some(money(5025, Currency::UAH)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Provider);
    assert!(!e.is_not_sent());
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    let resolution = e.outcome_unknown().and_then(|u| u.resolve_with()).unwrap();
    assert_eq!(
        (resolution.operation, resolution.key.as_str()),
        ("order_status", "123")
    );
    // The typed SDK error is the source.
    let source = std::error::Error::source(&e).unwrap();
    assert!(
        source
            .downcast_ref::<payments_facade::finline::Error>()
            .is_some()
    );
    capture.assert_calls_async(1).await;
}

#[cfg(feature = "barion")]
#[tokio::test]
async fn a_provider_error_keeps_its_code_and_message() {
    let server = common::server().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/Payment/Start");
            then.status(400).body(include_str!(
                "../../../fixtures/barion/error-authentication-failed.json"
            ));
        })
        .await;
    let gateway: Box<dyn Gateway> = Box::new(common::barion::gateway(&server));
    let e = gateway
        .create_payment(&request(money(100_000, Currency::HUF)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Provider);
    assert_eq!(e.provider_code(), Some("AuthenticationFailed"));
    assert_eq!(e.provider_message(), Some("Authentication failed."));
    assert!(!format!("{e:?}").contains("999ffdda04ff333fcccc345fcb555ffc"));
}

#[cfg(feature = "barion")]
#[tokio::test]
async fn barions_callback_is_answered_with_the_fetched_state_never_the_body() {
    let server = common::server().await;
    let state = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/f28b2b2572644d1084bbb3a7d8362337/PaymentState")
                .header("x-pos-key", common::barion::POS_KEY);
            then.status(200).body(include_str!(
                "../../../fixtures/barion/payment-state-v4-delayed-capture.json"
            ));
        })
        .await;
    let gateway: Box<dyn Gateway> = Box::new(common::barion::gateway(&server));
    // Whatever else the (unsigned) body claims, only its PaymentId is read.
    let body = br#"{"PaymentId":"f28b2b2572644d1084bbb3a7d8362337","Status":"Succeeded"}"#;
    let event = gateway.webhook(&HeaderMap::new(), body).await.unwrap();
    assert_eq!(event.status, PaymentStatus::Authorized);
    assert_eq!(event.payment_id.0, "f28b2b2572644d1084bbb3a7d8362337");
    assert!(matches!(
        event.raw,
        payments_facade::ProviderObject::BarionState(_)
    ));
    state.assert_calls_async(1).await;
    // No id: nothing is fetched.
    let e = gateway
        .webhook(&HeaderMap::new(), b"Status=Succeeded")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Webhook);
    state.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_webhook_that_does_not_verify_is_refused() {
    for isolated in gateways().await {
        let gateway = &isolated.gateway;
        let caps = gateway.capabilities();
        if !caps.support(Operation::Webhook).is_supported()
            || gateway.provider() == Provider::Barion
        {
            continue;
        }
        let mut headers = HeaderMap::new();
        headers.insert("hook-hmac", "bm9wZQ==".parse().unwrap());
        headers.insert("hook-event", "payment.changed".parse().unwrap());
        headers.insert("x-signature", "bm9wZQ==".parse().unwrap());
        let body = b"data=eyJvcmRlcl9pZCI6IjEifQ%3D%3D&signature=bm9wZQ%3D%3D";
        let e = assert_kind(gateway.webhook(&headers, body).await, &ErrorKind::Webhook);
        assert!(std::error::Error::source(&e).is_some(), "{e}");
        assert_eq!(isolated.sent().await, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Payelata: invoice by card token, charged through the cardgate

#[cfg(feature = "payelata")]
async fn token_invoice(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment-invoices")
                .json_body_includes(
                    serde_json::json!({"data": {"type": "payment-invoices", "attributes": {
                        "token": "card-token-1",
                        "customer": {"reference_id": "my_customer_1"},
                        "gateway_options": {"cardgate": {"instant": true}},
                    }}})
                    .to_string(),
                );
            then.status(201).body(include_str!(
                "../../../fixtures/payelata/token-checkout-response.json"
            ));
        })
        .await
}

#[cfg(feature = "payelata")]
fn token_request() -> PaymentRequest {
    PaymentRequest::new(
        money(10_000, Currency::USD),
        "test_live_recurrent_11",
        "Renewal",
    )
    .customer(Customer {
        reference: "my_customer_1".into(),
        ..Customer::default()
    })
    .card_token(payments_facade::SecretString::from("card-token-1"))
}

#[cfg(feature = "payelata")]
#[tokio::test]
async fn payelata_charges_a_card_token_and_returns_3ds_as_a_post_redirect() {
    let (server, cardgate) = (common::server().await, common::server().await);
    let invoice = token_invoice(&server).await;
    let sale = cardgate
        .mock_async(|when, then| {
            when.method("POST")
                .path("/payment/sale")
                .header_exists("authorization")
                .json_body(serde_json::json!({"data": {"type": "sale-operation", "attributes": {}}}));
            then.status(201).body(
                r#"{"data":{"type":"cardgate-sessions","id":"cgi_1","attributes":{"status":"authorize_required",
                "auth_payload":{"action":"https://acs.example/3ds","method":"POST","params":{"creq":"eyJ0"}}}}}"#,
            );
        })
        .await;
    let gateway: Box<dyn Gateway> = Box::new(common::payelata::gateway(&server, &cardgate));
    let created = gateway.create_payment(&token_request()).await.unwrap();
    assert_eq!(created.payment.id.0, "cpi_ADzwZTG99f3q3utQ");
    assert_eq!(created.payment.status, PaymentStatus::Pending);
    assert_eq!(
        created.next,
        NextAction::Redirect {
            url: "https://acs.example/3ds".into(),
            method: RedirectMethod::Post,
            params: vec![("creq".into(), "eyJ0".into())],
        }
    );
    assert!(matches!(
        created.payment.raw,
        payments_facade::ProviderObject::PayelataSale { .. }
    ));
    // The bearer is the invoice's cardgate token, and it shows nowhere.
    assert!(!format!("{created:?}").contains("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzUxMiJ9"));
    invoice.assert_calls_async(1).await;
    sale.assert_calls_async(1).await;
}

#[cfg(feature = "payelata")]
#[tokio::test]
async fn payelata_charged_without_3ds_needs_nothing_more() {
    let (server, cardgate) = (common::server().await, common::server().await);
    let invoice = token_invoice(&server).await;
    cardgate
        .mock_async(|when, then| {
            when.method("POST").path("/payment/sale");
            then.status(200).body(r#"{"data":{"type":"cardgate-sessions","id":"cgi_1","attributes":{"status":"processed"}}}"#);
        })
        .await;
    let gateway: Box<dyn Gateway> = Box::new(common::payelata::gateway(&server, &cardgate));
    let created = gateway.create_payment(&token_request()).await.unwrap();
    assert_eq!(created.next, NextAction::None);
    assert_eq!(created.payment.status, PaymentStatus::Succeeded);
    invoice.assert_calls_async(1).await;
}

#[cfg(feature = "payelata")]
#[tokio::test]
async fn payelata_without_a_cardgate_refuses_a_token_before_sending() {
    let server = common::server().await;
    let mock = catch_all(&server).await;
    let client = payments_facade::payelata::Client::builder(
        server.base_url(),
        payments_facade::payelata::Credentials::new(
            "coma_123",
            payments_facade::SecretString::from("k"),
        ),
    )
    .build()
    .unwrap();
    let gateway = payments_facade::PayelataGateway::new(client, "payment_card_usd_hpp");
    let e = assert_kind(
        gateway.create_payment(&token_request()).await,
        &ErrorKind::Config,
    );
    assert!(e.to_string().contains("PAYELATA_CARDGATE_URL"), "{e}");
    assert_eq!(mock.calls_async().await, 0);
}
