//! The sandbox's answers against the recorded wire samples under `fixtures/`: the same keys
//! and JSON types. Adding a sample pair is one `assert_matches_fixture("<provider>/<file>",
//! &answer)` line in the flow that produces the answer.

mod common;

use common::*;
use payments_core::http::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn askell_answers_match_the_samples() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let shop = Shop::start().await;

    assert_matches_fixture(
        "askell/hello-response.json",
        &api.get("/hello/").await.json(),
    );
    assert_matches_fixture("askell/plan-list.json", &api.get("/plans/").await.json());
    assert_matches_fixture(
        "askell/plan-single.json",
        &api.get("/plans/").await.json()[0],
    );

    let hook = api
        .post(
            "/webhooks/",
            &json!({"url": shop.url("/hooks/askell/"), "event": "payment.*"}),
        )
        .await;
    assert_eq!(hook.status, 201);
    assert_matches_fixture("askell/webhook-create-response.json", &hook.json());
    let hook_id = hook.json()["id"].as_i64().unwrap();
    let second = api
        .post(
            "/webhooks/",
            &json!({"url": shop.url("/subs/"), "event": "subscription.*"}),
        )
        .await;
    assert_eq!(second.status, 201);
    assert_matches_fixture(
        "askell/webhook-list.json",
        &api.get("/webhooks/").await.json(),
    );
    let replaced = api
        .send(
            Method::PUT,
            &format!("/webhooks/{}/", second.json()["id"]),
            &json!({"url": shop.url("/customers/"), "event": "customer.created"}),
        )
        .await;
    assert_matches_fixture("askell/webhook-replace-response.json", &replaced.json());

    let created = api
        .post("/payments/", &json!({"customer_reference": "sandbox-customer", "amount": "1500", "currency": "ISK", "description": "Annual fee", "reference": "order-778"}))
        .await;
    assert_eq!(created.status, 201);
    assert_matches_fixture("askell/payment-create-response.json", &created.json());
    let uuid = created.json()["uuid"].as_str().unwrap().to_owned();
    let settled = api.wait_final(&uuid).await;
    assert_matches_fixture("askell/payment-get.json", &settled);
    assert_matches_fixture(
        "askell/payment-list.json",
        &api.get("/payments/").await.json(),
    );
    let deliveries = sandbox
        .wait_for_webhooks(2, std::time::Duration::from_secs(3))
        .await
        .unwrap();
    let changed = deliveries
        .iter()
        .find(|d| d.event == "payment.changed")
        .unwrap();
    assert_matches_fixture(
        "askell/webhook-payment-changed.json",
        &changed.json().unwrap(),
    );
    let _ = hook_id;

    let transactions = api.get("/transactions/").await.json();
    assert_matches_fixture("askell/transaction-list.json", &transactions);
    assert_matches_fixture(
        "askell/transaction-list-page.json",
        &api.get("/transactions/?page_size=1").await.json(),
    );
    let tx = settled["transactions"][0]["uuid"].as_str().unwrap();
    assert_matches_fixture(
        "askell/receipt-response.json",
        &api.get(&format!("/transactions/{tx}/receipt/"))
            .await
            .json(),
    );
    let refund = api
        .post(&format!("/payments/{uuid}/refund/"), &json!({}))
        .await;
    assert_matches_fixture("askell/payment-refund-response.json", &refund.json());

    let declined = api.settled_payment("1501").await;
    assert_matches_fixture("askell/payment-failed.json", &declined);
    let declined_uuid = declined["uuid"].as_str().unwrap();
    let retry = api
        .post(&format!("/payments/{declined_uuid}/retry/"), &json!({}))
        .await;
    assert_matches_fixture("askell/payment-retry-response.json", &retry.json());
    for _ in 0..3 {
        api.wait_final(declined_uuid).await;
        assert_eq!(
            api.post(&format!("/payments/{declined_uuid}/retry/"), &json!({}))
                .await
                .status,
            200
        );
    }
    let exhausted = api.wait_final(declined_uuid).await;
    assert_matches_fixture("askell/payment-failed-retries-exhausted.json", &exhausted);
    let refused = api
        .post(&format!("/payments/{uuid}/retry/"), &json!({}))
        .await;
    assert_eq!(refused.status, 400);
    assert_matches_fixture("askell/payment-error-400.json", &refused.json());
    let missing = api
        .get("/payments/00000000-0000-4000-8000-000000000000/")
        .await;
    assert_eq!(missing.status, 404);
    assert_matches_fixture("askell/payment-error-404.json", &missing.json());
    let fields = api
        .post(
            "/payments/",
            &json!({"customer_reference": "sandbox-customer", "amount": "many"}),
        )
        .await;
    assert_eq!(fields.status, 400);
    assert_matches_fixture("askell/payment-error-fields.json", &fields.json());

    // Customers, a card token, subscriptions.
    let card = api
        .post_public("/temporarypaymentmethod/", &json!({"card_number": "5555555555554444", "expiration_month": "11", "expiration_year": "30", "cvv_number": "123"}))
        .await;
    assert_eq!(card.status, 201);
    assert_matches_fixture(
        "askell/tmp-payment-method-create-response.json",
        &card.json(),
    );
    let token = card.json()["token"].as_str().unwrap().to_owned();
    let verify = card.json()["card_verification_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        submit(&api.client, &api.root, &verify, "pass", &[])
            .await
            .status,
        303
    );
    assert_matches_fixture(
        "askell/tmp-payment-method-status.json",
        &api.get_public(&format!("/temporarypaymentmethod/{token}/"))
            .await
            .json(),
    );
    let customer = api
        .post("/customers/", &json!({"customer_reference": "cust-1", "email": "jon@example.com", "first_name": "Jón", "last_name": "Jónsson", "phone": "+3545551234"}))
        .await;
    assert_eq!(customer.status, 201);
    assert_matches_fixture(
        "askell/webhook-customer-changed.json",
        &json!({"event": "customer.created", "sender": "api", "data": customer.json()}),
    );
    let duplicate = api
        .post("/customers/", &json!({"customer_reference": "cust-1", "email": "jon@example.com", "first_name": "Jón", "last_name": "Jónsson"}))
        .await;
    assert_eq!(duplicate.status, 400);
    assert_eq!(
        api.post(
            "/customers/paymentmethod/",
            &json!({"customer_reference": "cust-1", "token": token})
        )
        .await
        .status,
        201
    );
    let bad_token = api
        .post(
            "/customers/paymentmethod/",
            &json!({"customer_reference": "cust-1", "token": "nope"}),
        )
        .await;
    assert_matches_fixture("askell/customer-error-400.json", &bad_token.json());
    assert_matches_fixture(
        "askell/customer-get.json",
        &api.get("/customers/cust-1/").await.json(),
    );
    assert_matches_fixture(
        "askell/customer-list.json",
        &api.get("/customers/").await.json(),
    );
    assert_matches_fixture(
        "askell/customer-list-page.json",
        &api.get("/customers/?page_size=1").await.json(),
    );

    let added = api
        .post(
            "/customers/cust-1/subscriptions/add/",
            &json!({"plan": 2, "reference": "REF-12345", "description": "My custom note"}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.text());
    let sub_id = added.json()["id"].as_i64().unwrap();
    let plain = api
        .post(
            "/customers/cust-1/subscriptions/add/",
            &json!({"plan": 1, "reference": "REF-12346"}),
        )
        .await;
    assert_eq!(plain.status, 201);
    let subs = api.get("/customers/cust-1/subscriptions/").await.json();
    assert_matches_fixture("askell/customer-subscriptions.json", &subs);
    assert_matches_fixture("askell/billing-log-trial.json", &subs[0]["billing_logs"][0]);
    assert_matches_fixture(
        "askell/subscription-list.json",
        &api.get("/subscriptions/").await.json(),
    );
    assert_matches_fixture(
        "askell/subscription-list-page.json",
        &api.get("/subscriptions/?page_size=1").await.json(),
    );
    assert_matches_fixture(
        "askell/subscription-get.json",
        &api.get(&format!("/subscriptions/{sub_id}/")).await.json(),
    );
    let update = api
        .send(
            Method::PATCH,
            &format!("/subscriptions/{sub_id}/"),
            &json!({"plan": {"id": 1}, "description": "Moved to monthly"}),
        )
        .await;
    assert_matches_fixture("askell/subscription-update.json", &update.json());
    let cancel = api
        .post(&format!("/subscriptions/{sub_id}/cancel/"), &json!({}))
        .await;
    assert_eq!(cancel.status, 201);
    assert_matches_fixture("askell/subscription-cancel.json", &cancel.json());
    assert_matches_fixture(
        "askell/subscription-activate.json",
        &api.post(&format!("/subscriptions/{sub_id}/activate/"), &json!({}))
            .await
            .json(),
    );
    assert_matches_fixture(
        "askell/subscription-set-expiry.json",
        &api.post(
            &format!("/subscriptions/{sub_id}/set_expiry/"),
            &json!({"expires": "2099-01-31T00:00:00Z"}),
        )
        .await
        .json(),
    );

    let checkout_card = api
        .post(
            "/checkouts/",
            &json!({"payment_processor": 4, "currency": "ISK"}),
        )
        .await;
    assert_eq!(checkout_card.status, 201);
    assert_matches_fixture(
        "askell/checkout-create-response.json",
        &checkout_card.json(),
    );
    let checkout_token = checkout_card.json()["token"].as_str().unwrap().to_owned();
    assert_matches_fixture(
        "askell/checkout-status-pending.json",
        &api.get_public(&format!("/checkouts/{checkout_token}/"))
            .await
            .json(),
    );
    let page = checkout_card.json()["checkout_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        submit(&api.client, &api.root, &page, "pay", &[])
            .await
            .status,
        303
    );
    assert_matches_fixture(
        "askell/checkout-status.json",
        &api.get_public(&format!("/checkouts/{checkout_token}/"))
            .await
            .json(),
    );
    let multi = api
        .post(
            "/subscriptions/multi/",
            &json!({
                "customer": {"customer_reference": "cust-2", "email": "gudrun@example.com", "first_name": "Guðrún", "last_name": "Sigurðardóttir"},
                "payment_method": {"token": checkout_token},
                "subscriptions": [{"plan": 1, "reference": "Sub-1"}, {"plan": 2, "reference": "Sub-2"}],
            }),
        )
        .await;
    assert_eq!(multi.status, 201, "{}", multi.text());
    assert_matches_fixture("askell/subscription-multi-created.json", &multi.json());
    // `error` is present only on a misconfigured processor.
    assert_matches_fixture_except(
        "askell/processor-list.json",
        &api.get("/checkouts/paymentprocessors/").await.json(),
        &["payment_processors[].error"],
    );
    let unconfigured = api
        .post(
            "/checkouts/",
            &json!({"payment_processor": 9, "currency": "ISK"}),
        )
        .await;
    assert_eq!(unconfigured.status, 400);
    assert_matches_fixture("askell/processor-error-400.json", &unconfigured.json());
}

#[tokio::test]
async fn barion_answers_match_the_samples() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let shop = Shop::start().await;
    let redirect = shop.url("/return");
    let callback = shop.url("/barion/callback");

    let started = api
        .start("Immediate", json!(1000), "HUF", &redirect, Some(&callback))
        .await;
    assert_matches_fixture("barion/start-payment-response.json", &started);
    let id = started["PaymentId"].as_str().unwrap().to_owned();
    let gateway = started["GatewayUrl"].as_str().unwrap().to_owned();
    assert_eq!(
        submit(&api.client, &api.root, &gateway, "pay", &[])
            .await
            .status,
        303
    );
    let legacy = api
        .get(&format!("/v2/Payment/GetPaymentState?PaymentId={id}"))
        .await
        .json();
    assert_matches_fixture_except(
        "barion/get-payment-state-v2-success.json",
        &legacy,
        &[
            // The old docs' sample predates these fields.
            "OrderNumber",
            "POSOwnerCountry",
            "RecurrenceType",
            "TraceId",
            "AllowedFundingSources",
            "DelayedCaptureUntil",
            "Transactions[].PaymentId",
            // The sample spells them `ValidThru_Year`/`ValidThru_Month`; the sandbox writes the
            // current (v4, PHP library) spelling everywhere.
            "FundingInformation.BankCard.ValidThru_Year",
            "FundingInformation.BankCard.ValidThru_Month",
            "FundingInformation.BankCard.ValidThruYear",
            "FundingInformation.BankCard.ValidThruMonth",
            "FundingInformation.ProcessResult",
        ],
    );
    let refund = api
        .post("/v2/Payment/Refund", &json!({"PaymentId": id, "TransactionsToRefund": [{"TransactionId": legacy["Transactions"][0]["TransactionId"], "POSTransactionId": "ORDER-1-T1", "AmountToRefund": 250, "Comment": "Damaged item"}]}))
        .await;
    assert_eq!(refund.status, 200, "{}", refund.text());
    assert_matches_fixture("barion/refund-response.json", &refund.json());

    let delayed = api
        .start("DelayedCapture", json!(12.5), "EUR", &redirect, None)
        .await;
    let delayed_id = delayed["PaymentId"].as_str().unwrap().to_owned();
    submit(
        &api.client,
        &api.root,
        delayed["GatewayUrl"].as_str().unwrap(),
        "pay",
        &[],
    )
    .await;
    let state = api.state(&delayed_id).await;
    // The sample has `ValidThruYear` as a number; the sandbox writes the string form of the
    // other samples (both occur on the wire).
    assert_matches_fixture_except(
        "barion/payment-state-v4-delayed-capture.json",
        &state,
        &[
            "FundingInformation.BankCard.ValidThruYear",
            "Transactions[].Items[].ImageUrl",
        ],
    );
    let tx = state["Transactions"][0]["TransactionId"].clone();
    let early_refund = api
        .post("/v2/Payment/Refund", &json!({"PaymentId": delayed_id, "TransactionsToRefund": [{"TransactionId": tx, "POSTransactionId": "ORDER-1-T1", "AmountToRefund": 1}]}))
        .await;
    assert_eq!(early_refund.status, 400);
    assert_matches_fixture("barion/error-refund-multiple.json", &early_refund.json());
    let capture = api
        .post(
            "/v2/Payment/Capture",
            &json!({"PaymentId": delayed_id, "Transactions": [{"TransactionId": tx, "Total": 10}]}),
        )
        .await;
    assert_eq!(capture.status, 200, "{}", capture.text());
    assert_matches_fixture_except(
        "barion/capture-response.json",
        &capture.json(),
        &["Transactions[].RelatedId"],
    );

    let to_cancel = api
        .start("DelayedCapture", json!(1000), "HUF", &redirect, None)
        .await;
    submit(
        &api.client,
        &api.root,
        to_cancel["GatewayUrl"].as_str().unwrap(),
        "pay",
        &[],
    )
    .await;
    let cancel = api
        .post(
            "/v2/Payment/CancelAuthorization",
            &json!({"PaymentId": to_cancel["PaymentId"]}),
        )
        .await;
    assert_eq!(cancel.status, 200, "{}", cancel.text());
    assert_matches_fixture_except(
        "barion/cancel-authorization-response.json",
        &cancel.json(),
        &["Transactions[].RelatedId"],
    );

    let reserved = api
        .start("Reservation", json!(1000), "HUF", &redirect, None)
        .await;
    submit(
        &api.client,
        &api.root,
        reserved["GatewayUrl"].as_str().unwrap(),
        "pay",
        &[],
    )
    .await;
    let reserved_state = api.state(reserved["PaymentId"].as_str().unwrap()).await;
    let finish = api
        .post("/v2/Payment/FinishReservation", &json!({"PaymentId": reserved["PaymentId"], "Transactions": [{"TransactionId": reserved_state["Transactions"][0]["TransactionId"], "Total": 800}]}))
        .await;
    assert_eq!(finish.status, 200, "{}", finish.text());
    assert_matches_fixture("barion/finish-reservation-response.json", &finish.json());

    let prepared = api
        .start("Immediate", json!(1000), "HUF", &redirect, None)
        .await;
    let complete = api
        .post(
            "/v2/Payment/Complete",
            &json!({"PaymentId": prepared["PaymentId"]}),
        )
        .await;
    assert_eq!(complete.status, 200, "{}", complete.text());
    assert_matches_fixture("barion/complete-response.json", &complete.json());

    let unknown = api
        .get("/v2/Payment/GetPaymentState?PaymentId=db3f3bda-9fc8-4229-b21a-b021483a5435")
        .await;
    assert_eq!(unknown.status, 400);
    assert_matches_fixture_except(
        "barion/get-payment-state-v2-not-existing.json",
        &unknown.json(),
        &[
            "Errors[].EndPoint",
            "Errors[].AuthData",
            "Errors[].HappenedAt",
            "Errors[].PaymentId",
        ],
    );
    let wrong_key = api
        .client
        .post_json(
            &format!("{}/v2/Payment/Start", api.base),
            &[("x-pos-key", "11111111-2222-3333-4444-555555555555")],
            &json!({}),
        )
        .await;
    assert_matches_fixture("barion/error-authentication-failed.json", &wrong_key.json());
    sandbox.inject_fault(
        payments_sandbox::Provider::Barion,
        payments_sandbox::Fault::Error500,
    );
    let outage = start_raw(&api, &redirect).await;
    assert_eq!(outage.status, 500);
    assert_matches_fixture("barion/error-500-message.json", &outage.json());
}

async fn start_raw(api: &Barion, redirect: &str) -> Answer {
    api.post(
            "/v2/Payment/Start",
            &json!({"PaymentType": "Immediate", "FundingSources": ["All"], "PaymentRequestId": "X-1", "RedirectUrl": redirect, "Locale": "hu-HU", "Currency": "HUF",
                "Transactions": [{"POSTransactionId": "X-1-T1", "Payee": "owner@shop.example", "Total": 1000, "Items": []}]}),
    )
    .await
}

#[tokio::test]
async fn finline_answers_match_the_samples() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);

    let hosted = api
        .post("/payment", &json!({"mode": "hosted", "method": "purchase", "amount": 100.5, "currency": "UAH", "description": "Order 7", "order_id": "7", "order_3ds_bypass": "always"}))
        .await;
    assert_eq!(hosted.status, 200, "{}", hosted.text());
    assert_matches_fixture("finline/hosted-payment-response.json", &hosted.json());

    let direct = api
        .direct("auth", "123", json!(100), "4242424242424242", None)
        .await;
    assert_eq!(direct.status, 200, "{}", direct.text());
    // The sample's `status_code` is a number (1002); the other samples and the docs write it
    // as a string, as the sandbox does.
    let with_payload = api
        .post("/payment", &json!({"mode": "direct", "method": "auth", "amount": 1, "currency": "UAH", "description": "Order 123", "order_id": "124", "order_3ds_bypass": "always", "cc_number": "4242424242424242", "exp_month": 2, "exp_year": 24, "card_cvv": "111", "payload": "cart-77"}))
        .await;
    assert_matches_fixture_except(
        "finline/direct-payment-response.json",
        &with_payload.json(),
        &["status_code", "gateway_order_id"],
    );
    let void = api
        .post(
            "/void",
            &json!({"order_id": "123", "order_currency": "UAH", "comment": "10101"}),
        )
        .await;
    assert_matches_fixture("finline/void-response.json", &void.json());
    let order = api.order("123").await;
    let ordered = Value::Array(vec![order[1].clone(), order[0].clone()]);
    assert_matches_fixture("finline/order-status-response.json", &ordered);

    let capture = api.post("/capture", &json!({"order_id": "124", "order_currency": "UAH", "charge_amount": 0.5, "comment": "partial"})).await;
    assert_matches_fixture("finline/capture-response.json", &capture.json());
    let refund = api
        .post(
            "/refund",
            &json!({"order_id": "124", "order_currency": "UAH", "refund_amount": 0.25}),
        )
        .await;
    assert_matches_fixture("finline/refund-response.json", &refund.json());

    api.direct("auth", "split-1", json!(100), "4242424242424242", None)
        .await;
    let split_capture = api
        .post("/split/capture", &json!({"order_id": "split-1", "order_currency": "UAH", "charge_amount": 100, "split": [{"sub_merchant_id": "sm-1", "amount": 60}, {"sub_merchant_id": "sm-2", "amount": 40}]}))
        .await;
    assert_matches_fixture("finline/split-capture-response.json", &split_capture.json());
    let split_refund = api
        .post("/split/refund", &json!({"order_id": "split-1", "currency": "UAH", "refund_amount": 130, "comment": "return of item 2", "split": [{"sub_merchant_id": "sm-1", "amount": 130}]}))
        .await;
    assert_eq!(split_refund.json()["status"], "failure");
    assert_matches_fixture("finline/split-refund-response.json", &split_refund.json());

    let credit = api
        .post("/payment", &json!({"mode": "direct", "method": "credit", "amount": 250, "currency": "UAH", "description": "Payout 77", "order_id": "payout-77", "cc_number": "4111111111111111", "order_3ds_bypass": "supported"}))
        .await;
    assert_matches_fixture_except(
        "finline/credit-response.json",
        &credit.json(),
        &[
            "status_code",
            "status_description",
            "processing_time",
            "fee",
            "gateway_order_id",
        ],
    );

    let again = api
        .direct("auth", "123", json!(1), "4242424242424242", None)
        .await;
    assert_eq!(again.status, 409);
    assert_matches_fixture("finline/error-already-exists.json", &again.json());
    let missing = api.get(&format!("/pos/{}/orders/none", api.pos_id)).await;
    assert_eq!(missing.status, 404);
    assert_matches_fixture("finline/error-not-found.json", &missing.json());
    let invalid = api
        .direct("auth", "neg", json!(-1), "4242424242424242", None)
        .await;
    assert_eq!(invalid.status, 400);
    assert_matches_fixture("finline/error-violations.json", &invalid.json());
}

#[tokio::test]
async fn resid_answers_match_the_samples() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api
        .form(
            "/merchants",
            &[
                ("first_name", "Asghar"),
                ("last_name", "Farhadi"),
                ("phone_number", "09123456789"),
                ("national_no", "0012345678"),
                ("sheba", "IR123456789012345678901234"),
                ("bank_code", "0"),
            ],
        )
        .await;
    // The sample is cut short after `first_name`.
    assert_matches_fixture_except(
        "resid/merchant-register-response.json",
        &merchant.json(),
        &[
            "info.id",
            "info.last_name",
            "info.phone_number",
            "info.national_no",
            "info.sheba",
            "info.bank_code",
            "info.job_title",
            "info.logo",
        ],
    );
    let id = merchant.json()["info"]["id"].as_str().unwrap().to_owned();
    let created = api.payment(&id, "10000", &[]).await;
    assert_matches_fixture("resid/payment-create-response.json", &created.json());
    let token = created.json()["info"]["token"].as_str().unwrap().to_owned();
    let paid = submit(
        &api.client,
        &api.root,
        &format!("{}/resid/pay/{token}", api.root),
        "pay",
        &[],
    )
    .await;
    assert_eq!(paid.status, 303);
    assert_matches_fixture(
        "resid/payment-get-response.json",
        &api.get(&format!("/payments/{token}")).await.json(),
    );
    assert_matches_fixture(
        "resid/payment-list-response.json",
        &api.get("/payments?size=1").await.json(),
    );
    assert_matches_fixture(
        "resid/payment-collect-response.json",
        &api.post(&format!("/payments/{token}/collect")).await.json(),
    );
}

#[tokio::test]
async fn payelata_answers_match_the_samples() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let mut tokenize = fixture("payelata/tokenize-request.json");
    tokenize["data"]["attributes"]["callback_url"] = Value::from(shop.url("/callback"));
    tokenize["data"]["attributes"]["return_url"] = Value::from(shop.url("/return"));
    let created = api.post("/payment-invoices", &tokenize).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_matches_fixture("payelata/token-checkout-response.json", &created.json());
    let action = created.json()["data"]["attributes"]["flow_data"]["action"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        submit(&api.client, &api.root, &action, "pay", &[])
            .await
            .status,
        303
    );
    let callbacks = sandbox
        .wait_for_webhooks(1, std::time::Duration::from_secs(3))
        .await
        .unwrap();
    let callback = callbacks[0].json().unwrap();
    // The vector is a trimmed callback.
    assert_matches_fixture_except(
        "payelata/callback-vector.json",
        &callback,
        &[
            "data.attributes.flow_data",
            "data.attributes.description",
            "data.attributes.descriptor",
            "data.attributes.callback_url",
            "data.attributes.return_url",
            "data.attributes.original_data",
            "data.attributes.rrn",
            "data.attributes.approval_code",
            "data.attributes.payload.client_ip",
            "data.attributes.payload.payment_card",
            "data.relationships",
        ],
    );
    let payload = callback["data"]["attributes"]["payload"].clone();
    assert_matches_fixture(
        "payelata/tokenize-callback-payload.json",
        &serde_json::json!({"payload": payload}),
    );

    let mut instant = fixture("payelata/instant-charge-request.json");
    instant["data"]["attributes"]["token"] = payload["token"].clone();
    instant["data"]["attributes"]["reference_id"] = Value::from("ORDER1234");
    let charge = api.post("/payment-invoices", &instant).await;
    assert_eq!(charge.status, 201, "{}", charge.text());
    assert_matches_fixture("payelata/instant-charge-response.json", &charge.json());
    let sale = api
        .sale(
            &charge.json(),
            fixture("payelata/cardgate-sale-request.json")["data"]["attributes"].clone(),
        )
        .await;
    assert_eq!(sale.status, 200, "{}", sale.text());
    let id = created.json()["data"]["id"].as_str().unwrap().to_owned();
    let refund = api
        .post(&format!("/payment-invoices/{id}/refund"), &serde_json::json!({"data": {"type": "refund", "attributes": {"invoiceId": id, "amount": 1, "reference_id": "REFUND-1", "description": "Refund of ORDER1233"}}}))
        .await;
    assert_eq!(refund.status, 201, "{}", refund.text());
    assert_matches_fixture("payelata/refund-response.json", &refund.json());
}
