//! Barion's life cycles: Prepared -> Started -> Succeeded through the payer page, Reservation
//! and DelayedCapture with FinishReservation / Capture / CancelAuthorization, refunds, the
//! deadlines on the sandbox clock, the legacy state query and token payments.

mod common;

use std::time::Duration;

use common::*;
use payments_core::http::Method;
use serde_json::{Value, json};

fn id_of(started: &Value) -> String {
    started["PaymentId"].as_str().unwrap().to_owned()
}

async fn pay(api: &Barion, started: &Value, button: &str) -> Answer {
    submit(
        &api.client,
        &api.root,
        started["GatewayUrl"].as_str().unwrap(),
        button,
        &[],
    )
    .await
}

#[tokio::test]
async fn an_immediate_payment_is_paid_on_the_gateway_called_back_and_refunded() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let started = api
        .start(
            "Immediate",
            json!(1000),
            "HUF",
            &shop.url("/return?order=1"),
            Some(&shop.url("/barion/callback")),
        )
        .await;
    let id = id_of(&started);
    assert_eq!(id.len(), 32, "dash-less GUID");
    assert!(!id.contains('-'));
    assert_eq!(started["Status"], "Prepared");
    assert_eq!(
        started["GatewayUrl"],
        format!("{}/barion/Pay?id={id}", api.root)
    );
    assert_eq!(
        started["RedirectUrl"],
        shop.url(&format!("/return?order=1&paymentId={id}"))
    );

    let page = api
        .client
        .get(started["GatewayUrl"].as_str().unwrap(), &[])
        .await;
    assert!(page.text().contains("1000 HUF"));
    assert_eq!(api.state(&id).await["Status"], "Started");
    let paid = pay(&api, &started, "pay").await;
    assert_eq!(paid.status, 303);
    assert_eq!(
        paid.location(),
        shop.url(&format!("/return?order=1&paymentId={id}"))
    );

    let state = api.state(&id).await;
    assert_eq!(state["Status"], "Succeeded");
    assert_eq!(state["FundingSource"], "BankCard");
    assert_eq!(state["FundingInformation"]["BankCard"]["MaskedPan"], "4242");
    assert_eq!(state["PaymentMethod"], "BankCard");
    assert_eq!(state["Total"], 1000);
    assert!(state["CompletedAt"].as_str().unwrap().len() >= 19);
    assert!(
        !state["CompletedAt"].as_str().unwrap().ends_with('Z'),
        "offset-less UTC"
    );
    let tx = state["Transactions"][0].clone();
    assert_eq!(tx["Status"], "Succeeded");

    let callbacks = sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(callbacks[0].event, "callback");
    assert_eq!(callbacks[0].body, format!("paymentId={id}"));
    let received = &shop.received()[0];
    assert_eq!(received.method, "POST");
    assert!(received.uri.contains(&format!("paymentId={id}")));
    assert!(received.header("hook-hmac").is_none() && received.header("x-signature").is_none());

    let refund = |amount: i64| json!({"PaymentId": id, "TransactionsToRefund": [{"TransactionId": tx["TransactionId"], "POSTransactionId": "ORDER-1-T1", "AmountToRefund": amount, "Comment": "partial"}]});
    let first = api.post("/v2/Payment/Refund", &refund(300)).await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.json()["RefundedTransactions"][0]["Total"], 300);
    let too_much = api.post("/v2/Payment/Refund", &refund(701)).await;
    assert_eq!(too_much.status, 400);
    assert_eq!(
        too_much.json()["Errors"][0]["ErrorCode"],
        "ModelValidationError"
    );
    assert_eq!(
        api.post("/v2/Payment/Refund", &refund(700)).await.status,
        200
    );
    let after = api.state(&id).await;
    assert_eq!(
        after["Status"], "Succeeded",
        "a refund does not change the status"
    );
    let refunds: Vec<&Value> = after["Transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["TransactionType"] == "Refund")
        .collect();
    assert_eq!(refunds.len(), 2);
    assert!(
        refunds
            .iter()
            .all(|r| r["RelatedId"] == tx["TransactionId"])
    );
    let fractional = api.post("/v2/Payment/Refund", &json!({"PaymentId": id, "TransactionsToRefund": [{"TransactionId": tx["TransactionId"], "POSTransactionId": "ORDER-1-T1", "AmountToRefund": 0.5}]})).await;
    assert_eq!(fractional.status, 400, "HUF takes whole forints");
    // Every completion and refund calls back.
    assert_eq!(
        sandbox
            .wait_for_webhooks(3, Duration::from_secs(3))
            .await
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn a_reservation_is_finished_once_and_expires_to_zero() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let started = api
        .start("Reservation", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    let id = id_of(&started);
    pay(&api, &started, "pay").await;
    let reserved = api.state(&id).await;
    assert_eq!(reserved["Status"], "Reserved");
    assert!(reserved["ReservedUntil"].is_string());
    let tx = reserved["Transactions"][0]["TransactionId"].clone();
    let finish = |total: i64| json!({"PaymentId": id, "Transactions": [{"TransactionId": tx, "Total": total}]});
    assert_eq!(
        api.post("/v2/Payment/FinishReservation", &finish(1001))
            .await
            .status,
        400,
        "more than reserved"
    );
    let finished = api
        .post("/v2/Payment/FinishReservation", &finish(800))
        .await
        .json();
    assert_eq!(finished["Status"], "Succeeded");
    assert_eq!(finished["Transactions"][0]["Status"], "Succeeded");
    assert_eq!(api.state(&id).await["Total"], 800);
    let twice = api
        .post("/v2/Payment/FinishReservation", &finish(800))
        .await;
    assert_eq!(
        twice.json()["Errors"][0]["ErrorCode"],
        "PaymentStatusNotValid"
    );

    let other = api
        .start("Reservation", json!(500), "HUF", &shop.url("/r"), None)
        .await;
    pay(&api, &other, "pay").await;
    sandbox.advance_clock(Duration::from_secs(31 * 60));
    let expired = api.state(&id_of(&other)).await;
    assert_eq!(expired["Status"], "Succeeded");
    assert_eq!(expired["Transactions"][0]["Status"], "Reversed");
    assert_eq!(expired["Total"], 0);
}

#[tokio::test]
async fn a_delayed_capture_is_captured_or_cancelled() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let started = api
        .start("DelayedCapture", json!(20.5), "EUR", &shop.url("/r"), None)
        .await;
    let id = id_of(&started);
    pay(&api, &started, "pay").await;
    let authorized = api.state(&id).await;
    assert_eq!(authorized["Status"], "Authorized");
    assert!(authorized["DelayedCaptureUntil"].is_string());
    let tx = authorized["Transactions"][0]["TransactionId"].clone();
    let finish = api
        .post(
            "/v2/Payment/FinishReservation",
            &json!({"PaymentId": id, "Transactions": [{"TransactionId": tx, "Total": 20}]}),
        )
        .await;
    assert_eq!(
        finish.json()["Errors"][0]["ErrorCode"],
        "PaymentStatusNotValid",
        "not a reservation"
    );
    let three_decimals = api
        .post(
            "/v2/Payment/Capture",
            &json!({"PaymentId": id, "Transactions": [{"TransactionId": tx, "Total": 20.001}]}),
        )
        .await;
    assert_eq!(three_decimals.status, 400);
    let captured = api
        .post(
            "/v2/Payment/Capture",
            &json!({"PaymentId": id, "Transactions": [{"TransactionId": tx, "Total": 20.25}]}),
        )
        .await
        .json();
    assert_eq!(captured["Status"], "Succeeded");
    assert_eq!(api.state(&id).await["Total"], 20.25);

    let other = api
        .start("DelayedCapture", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    pay(&api, &other, "pay").await;
    let cancelled = api
        .post(
            "/v2/Payment/CancelAuthorization",
            &json!({"PaymentId": id_of(&other)}),
        )
        .await
        .json();
    assert_eq!(cancelled["Transactions"][0]["Status"], "Reversed");
    assert_eq!(api.state(&id_of(&other)).await["Total"], 0);
    let again = api
        .post(
            "/v2/Payment/CancelAuthorization",
            &json!({"PaymentId": id_of(&other)}),
        )
        .await;
    assert_eq!(
        again.json()["Errors"][0]["ErrorCode"],
        "PaymentStatusNotValid"
    );

    let lapsing = api
        .start("DelayedCapture", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    pay(&api, &lapsing, "pay").await;
    sandbox.advance_clock(Duration::from_secs(8 * 24 * 3600));
    let lapsed = api.state(&id_of(&lapsing)).await;
    assert_eq!(
        lapsed["Transactions"][0]["Status"], "Reversed",
        "released after the capture period"
    );
}

#[tokio::test]
async fn unpaid_payments_expire_after_the_payment_window() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let started = api
        .start(
            "Immediate",
            json!(1000),
            "HUF",
            &shop.url("/r"),
            Some(&shop.url("/cb")),
        )
        .await;
    sandbox.advance_clock(Duration::from_secs(29 * 60));
    assert_eq!(api.state(&id_of(&started)).await["Status"], "Prepared");
    sandbox.advance_clock(Duration::from_secs(2 * 60));
    assert_eq!(api.state(&id_of(&started)).await["Status"], "Expired");
    let deliveries = sandbox
        .wait_for_webhooks(1, Duration::from_secs(3))
        .await
        .unwrap();
    assert_eq!(deliveries[0].body, format!("paymentId={}", id_of(&started)));
    let page = api
        .client
        .get(started["GatewayUrl"].as_str().unwrap(), &[])
        .await;
    assert!(
        PageForm::parse(&page.text()).is_none(),
        "an expired payment offers no form"
    );
}

#[tokio::test]
async fn the_payer_can_decline_cancel_or_pass_and_fail_three_d_secure() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let declined = api
        .start("Immediate", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    assert_eq!(pay(&api, &declined, "decline").await.status, 303);
    let state = api.state(&id_of(&declined)).await;
    assert_eq!(state["Status"], "Failed");
    assert_eq!(state["FundingInformation"]["ProcessResult"], "Declined");

    let cancelled = api
        .start("Immediate", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    pay(&api, &cancelled, "cancel").await;
    assert_eq!(api.state(&id_of(&cancelled)).await["Status"], "Canceled");

    let passed = api
        .start("Immediate", json!(1003), "HUF", &shop.url("/r"), None)
        .await;
    let answer = pay_through(
        &api.client,
        &api.root,
        passed["GatewayUrl"].as_str().unwrap(),
        &["pay", "pass"],
    )
    .await;
    assert!(answer.location().starts_with(&shop.url("/r")));
    assert_eq!(api.state(&id_of(&passed)).await["Status"], "Succeeded");

    let failed = api
        .start("Immediate", json!(1000), "HUF", &shop.url("/r"), None)
        .await;
    let first = submit(
        &api.client,
        &api.root,
        failed["GatewayUrl"].as_str().unwrap(),
        "pay",
        &[("card_number", payments_sandbox::cards::THREE_DS)],
    )
    .await;
    assert!(
        first.location().contains("/barion/Pay/3ds?id="),
        "a 3DS card leads to the 3DS step"
    );
    submit(&api.client, &api.root, first.location(), "fail", &[]).await;
    let state = api.state(&id_of(&failed)).await;
    assert_eq!(state["Status"], "Failed");
    assert_eq!(
        state["FundingInformation"]["ProcessResult"],
        "FailedDuringAuthentication"
    );

    let low = api
        .start("Immediate", json!(1002), "HUF", &shop.url("/r"), None)
        .await;
    pay(&api, &low, "pay").await;
    assert_eq!(
        api.state(&id_of(&low)).await["FundingInformation"]["ProcessResult"],
        "LowFunds"
    );
}

#[tokio::test]
async fn the_legacy_query_and_case_insensitive_paths() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let started = api
        .start(
            "Immediate",
            json!(1000),
            "HUF",
            "https://shop.example/r",
            None,
        )
        .await;
    let id = id_of(&started);
    let dashed = uuid::Uuid::parse_str(&id)
        .unwrap()
        .hyphenated()
        .to_string()
        .to_uppercase();
    let legacy = api
        .client
        .get(
            &format!(
                "{}/v2/Payment/GetPaymentState?POSKey={}&PaymentId={dashed}",
                api.base, api.key
            ),
            &[],
        )
        .await;
    assert_eq!(legacy.status, 200, "{}", legacy.text());
    assert_eq!(legacy.json()["PaymentId"], id.as_str());
    assert!(legacy.json().get("PaymentMethod").is_none(), "v4 only");
    let lower = api.get(&format!("/v4/payment/{dashed}/paymentstate")).await;
    assert_eq!(lower.status, 200);
    let v4_query_key = api
        .client
        .get(
            &format!(
                "{}/v4/Payment/{id}/PaymentState?POSKey={}",
                api.base, api.key
            ),
            &[],
        )
        .await;
    assert_eq!(
        v4_query_key.status, 400,
        "v4 takes the key in the header only"
    );
    assert_eq!(
        v4_query_key.json()["Errors"][0]["ErrorCode"],
        "ModelValidationError"
    );
    let body_key = api
        .client
        .post_json(
            &format!("{}/v2/Payment/Complete", api.base),
            &[],
            &json!({"POSKey": api.key, "PaymentId": id}),
        )
        .await;
    assert_eq!(
        body_key.status,
        200,
        "the legacy body POSKey: {}",
        body_key.text()
    );
    let get_on_post = api.get("/v2/Payment/Start").await;
    assert_eq!(get_on_post.status, 405);
    assert!(
        get_on_post
            .text()
            .contains("does not support http method 'GET'")
    );
    let bad_guid = api.get("/v4/Payment/not-a-guid/PaymentState").await;
    assert_eq!(
        bad_guid.json()["Errors"][0]["ErrorCode"],
        "ModelValidationError"
    );
}

#[tokio::test]
async fn start_validates_like_barion() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let half_forint = api
        .post("/v2/Payment/Start", &json!({"PaymentType": "Immediate", "FundingSources": ["All"], "PaymentRequestId": "P", "Locale": "hu-HU", "Currency": "HUF", "GuestCheckOut": 1,
            "Transactions": [{"POSTransactionId": "T", "Payee": "not-an-email", "Total": 1000.5, "Items": [{"Name": "x"}]}]}))
        .await;
    assert_eq!(half_forint.status, 400);
    let codes: Vec<String> = half_forint.json()["Errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["ErrorCode"].as_str().unwrap().to_owned())
        .collect();
    assert!(codes.contains(&"InvalidUser".to_owned()), "{codes:?}");
    let titles = half_forint.text();
    for needle in ["GuestCheckOut", "Total", "Description"] {
        assert!(titles.contains(needle), "{needle} not reported: {titles}");
    }
    let unparsable = api
        .client
        .send(
            Method::POST,
            &format!("{}/v2/Payment/Start", api.base),
            &[("x-pos-key", &api.key)],
            "{not json",
        )
        .await;
    assert_eq!(
        unparsable.json()["Errors"][0]["ErrorCode"],
        "AuthenticationFailed"
    );
    let missing = api
        .client
        .post_json(&format!("{}/v2/Payment/Start", api.base), &[], &json!({}))
        .await;
    assert_eq!(
        missing.json()["Errors"][0]["ErrorCode"],
        "ModelValidationError"
    );
    let timespan = api
        .start(
            "Reservation",
            json!(1000),
            "HUF",
            "https://shop.example/r",
            None,
        )
        .await;
    assert_eq!(timespan["Status"], "Prepared");
}

#[tokio::test]
async fn a_registered_token_is_charged_without_the_payer() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let body = |recurrence: Value, initiate: bool, total: i64| {
        json!({"PaymentType": "Immediate", "GuestCheckOut": true, "FundingSources": ["All"], "PaymentRequestId": "SUB-1", "RedirectUrl": "https://shop.example/r",
            "Locale": "en-US", "Currency": "HUF", "InitiateRecurrence": initiate, "RecurrenceId": recurrence, "RecurrenceType": "MerchantInitiatedPayment",
            "Transactions": [{"POSTransactionId": "SUB-1-T1", "Payee": "owner@shop.example", "Total": total, "Items": []}]})
    };
    let first = api
        .post("/v2/Payment/Start", &body(json!("token-1"), true, 1000))
        .await
        .json();
    assert_eq!(first["RecurrenceResult"], "None");
    pay(&api, &first, "pay").await;
    let trace = api.state(&id_of(&first)).await["TraceId"].clone();
    assert!(trace.is_string());
    let charged = api
        .post("/v2/Payment/Start", &body(json!("token-1"), false, 1500))
        .await
        .json();
    assert_eq!(charged["RecurrenceResult"], "Successful");
    assert_eq!(charged["Status"], "Succeeded");
    assert_eq!(charged["TraceId"], trace);
    let declined = api
        .post("/v2/Payment/Start", &body(json!("token-1"), false, 1501))
        .await
        .json();
    assert_eq!(declined["RecurrenceResult"], "Failed");
    assert_eq!(declined["Status"], "Failed");
    let unknown = api
        .post("/v2/Payment/Start", &body(json!("token-2"), false, 1000))
        .await
        .json();
    assert_eq!(unknown["RecurrenceResult"], "NotFound");
    assert_eq!(unknown["Status"], "Prepared");
}
