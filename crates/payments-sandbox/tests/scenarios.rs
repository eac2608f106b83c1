//! The scenario table: the last two digits of an amount (and the test card numbers) pick a
//! decline, insufficient funds, 3-D Secure or an HTTP-level fault, the same for every
//! provider. The "act, then lose the answer" faults must change the state, so the provider's
//! status query shows the operation.

mod common;

use std::time::{Duration, Instant};

use common::*;
use payments_core::http::Method;
use payments_sandbox::{Fault, Provider, Scenario, cards};
use serde_json::{Value, json};

/// How a call ended, as a client sees it.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Status(u16),
    /// The connection failed mid-answer.
    Dropped,
    /// No answer within the client's patience.
    TimedOut,
}

async fn seen(
    call: impl std::future::Future<Output = Result<Answer, payments_core::TransportError>>,
) -> Seen {
    match tokio::time::timeout(Duration::from_millis(900), call).await {
        Err(_) => Seen::TimedOut,
        Ok(Err(_)) => Seen::Dropped,
        Ok(Ok(a)) => Seen::Status(a.status),
    }
}

/// What each fault code looks like to the client, and whether it acted.
const FAULTS: [(&str, Seen, bool); 5] = [
    ("04", Seen::TimedOut, true),
    ("05", Seen::Status(500), false),
    ("06", Seen::Status(503), false),
    ("07", Seen::Status(503), true),
    ("08", Seen::Dropped, true),
];

#[test]
fn the_codes_map_to_the_documented_scenarios() {
    let expected = [
        Scenario::Approve,
        Scenario::Decline,
        Scenario::InsufficientFunds,
        Scenario::ThreeDsRequired,
        Scenario::Fault(Fault::SlowAnswer),
        Scenario::Fault(Fault::Error500),
        Scenario::Fault(Fault::Error503),
        Scenario::Fault(Fault::ActThen503),
        Scenario::Fault(Fault::ActThenDrop),
    ];
    for (code, scenario) in expected.iter().enumerate() {
        assert_eq!(Scenario::from_code(u8::try_from(code).unwrap()), *scenario);
        assert_eq!(Scenario::for_card(cards::ALL[code].0), *scenario);
    }
    for ordinary in [0, 9, 10, 50, 99] {
        assert_eq!(Scenario::from_code(ordinary), Scenario::Approve);
    }
}

#[tokio::test]
async fn askell_payment_amounts() {
    let sandbox = sandbox().await;
    let api = Askell::new(&sandbox);
    let key = format!("Api-Key {}", sandbox.askell().api_key);
    for (code, expected, acts) in FAULTS {
        let reference = format!("fault-{code}");
        let body = json!({"customer_reference": "sandbox-customer", "amount": format!("15{code}"), "currency": "ISK", "reference": reference});
        assert_eq!(
            seen(api.client.try_send(
                Method::POST,
                &format!("{}/payments/", api.base),
                &[
                    ("authorization", &key),
                    ("content-type", "application/json")
                ],
                body.to_string()
            ))
            .await,
            expected,
            "code {code}"
        );
        let payments = api.get("/payments/").await.json();
        let found = payments
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["reference"] == reference.as_str());
        assert_eq!(
            found, acts,
            "code {code}: the payment exists only when the fault acts"
        );
    }
    let outage = api
        .post(
            "/payments/",
            &json!({"customer_reference": "sandbox-customer", "amount": "1505", "currency": "ISK"}),
        )
        .await;
    assert!(
        outage.text().contains("Server Error (500)"),
        "Django's 500 page"
    );
}

#[tokio::test]
async fn barion_start_and_refund_amounts() {
    let sandbox = sandbox().await;
    let api = Barion::new(&sandbox);
    let slow_start = Instant::now();
    let slow = api
        .start(
            "Immediate",
            json!(1004),
            "HUF",
            "https://shop.example/r",
            None,
        )
        .await;
    assert!(
        slow_start.elapsed() >= SLOW,
        "the answer waited the slow-answer delay"
    );
    assert_eq!(
        slow["Status"], "Prepared",
        "a slow answer is a normal answer, late"
    );
    let outage = api.post("/v2/Payment/Start", &json!({"PaymentType": "Immediate", "FundingSources": ["All"], "PaymentRequestId": "P-5", "Locale": "hu-HU", "Currency": "HUF",
        "Transactions": [{"POSTransactionId": "T", "Payee": "owner@shop.example", "Total": 1005, "Items": []}]})).await;
    assert_eq!(outage.status, 500);
    assert_eq!(outage.json(), json!({"Message": "An error has occurred."}));

    let started = api
        .start(
            "Immediate",
            json!(5000),
            "HUF",
            "https://shop.example/r",
            None,
        )
        .await;
    let id = started["PaymentId"].as_str().unwrap().to_owned();
    submit(
        &api.client,
        &api.root,
        started["GatewayUrl"].as_str().unwrap(),
        "pay",
        &[],
    )
    .await;
    let tx = api.state(&id).await["Transactions"][0]["TransactionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut refunds = 0;
    for (code, expected, acts) in FAULTS {
        let body = json!({"PaymentId": id, "TransactionsToRefund": [{"TransactionId": tx, "POSTransactionId": "ORDER-1-T1", "AmountToRefund": format!("1{code}").parse::<i64>().unwrap()}]});
        assert_eq!(
            seen(api.client.try_send(
                Method::POST,
                &format!("{}/v2/Payment/Refund", api.base),
                &[
                    ("x-pos-key", &api.key),
                    ("content-type", "application/json")
                ],
                body.to_string()
            ))
            .await,
            expected,
            "code {code}"
        );
        if acts {
            refunds += 1;
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let state = api.state(&id).await;
            let count = state["Transactions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["TransactionType"] == "Refund")
                .count();
            if count == refunds {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "code {code}: {count} refunds, expected {refunds}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn resid_request_amounts() {
    let sandbox = sandbox().await;
    let api = Resid::new(&sandbox);
    let merchant = api.merchant().await;
    for (code, expected, acts) in FAULTS {
        let amount = format!("100{code}");
        assert_eq!(
            seen(api.client.try_send(
                Method::POST,
                &format!("{}/payments", api.base),
                &[
                    ("authorization", &api.code),
                    ("content-type", "application/x-www-form-urlencoded")
                ],
                encode_form(&[("merchant", &merchant), ("amount", &amount)]),
            ))
            .await,
            expected,
            "code {code}"
        );
        let list = api.get("/payments?size=200").await.json();
        let found = list["info"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["amount"].as_i64() == amount.parse::<i64>().ok());
        assert_eq!(found, acts, "code {code}");
    }
}

#[tokio::test]
async fn finline_amounts_and_cards() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let f = sandbox.finline();
    let auth = format!("CPAY {}:{}", f.api_key, f.api_secret);
    for (i, (code, expected, acts)) in FAULTS.into_iter().enumerate() {
        for (kind, amount, card) in [
            ("amount", format!("100.{code}"), cards::APPROVE),
            ("card", "100".to_owned(), cards::ALL[4 + i].0),
        ] {
            let order_id = format!("{kind}-{code}");
            let body = json!({"pos_id": f.pos_id, "mode": "direct", "method": "purchase", "amount": amount.parse::<f64>().unwrap(), "currency": "UAH",
                "order_id": order_id, "cc_number": card, "exp_month": 1, "exp_year": 30, "card_cvv": "123"});
            assert_eq!(
                seen(api.client.try_send(
                    Method::POST,
                    &format!("{}/payment", api.base),
                    &[
                        ("x-api-auth", &auth),
                        ("x-api-key", &f.endpoints_key),
                        ("content-type", "application/json")
                    ],
                    body.to_string()
                ))
                .await,
                expected,
                "{kind} {code}"
            );
            let status = api
                .get(&format!("/pos/{}/orders/{order_id}", f.pos_id))
                .await;
            assert_eq!(
                status.status == 200,
                acts,
                "{kind} {code}: {}",
                status.text()
            );
            if acts {
                assert_eq!(status.json()[0]["status"], "success");
            }
        }
    }
    for (card, code) in [
        (cards::DECLINE, "2004"),
        (cards::INSUFFICIENT_FUNDS, "2005"),
    ] {
        let op = api
            .direct("purchase", &format!("d-{card}"), json!(10), card, None)
            .await
            .json();
        assert_eq!(op["status_code"], code);
    }
    let by_amount = api
        .direct("purchase", "amount-01", json!(10.01), cards::APPROVE, None)
        .await
        .json();
    assert_eq!(by_amount["status_code"], "2004");
    let by_amount = api
        .direct("purchase", "amount-02", json!(10.02), cards::APPROVE, None)
        .await
        .json();
    assert_eq!(by_amount["status_code"], "2005");
    let three_ds = api
        .direct("purchase", "amount-03", json!(10.03), cards::APPROVE, None)
        .await
        .json();
    assert_eq!(three_ds["status"], "pending");
}

#[tokio::test]
async fn payelata_amounts_and_cards() {
    let sandbox = sandbox().await;
    let api = Payelata::new(&sandbox);
    let shop = Shop::start().await;
    let p = sandbox.payelata();
    let basic = {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", p.account_id, p.api_key))
        )
    };
    for (i, (code, expected, acts)) in FAULTS.into_iter().enumerate() {
        let reference = format!("amount-{code}");
        let body = json!({"data": {"type": "payment-invoices", "attributes": {"reference_id": reference, "amount": format!("10.{code}").parse::<f64>().unwrap(),
            "currency": "UAH", "service": "payment_card_uah_hpp", "test_mode": true}}});
        assert_eq!(
            seen(api.client.try_send(
                Method::POST,
                &format!("{}/payment-invoices", api.base),
                &[
                    ("authorization", &basic),
                    ("content-type", "application/json")
                ],
                body.to_string()
            ))
            .await,
            expected,
            "amount {code}"
        );
        let list = api
            .get(&format!(
                "/payment-invoices?filter[reference_id]={reference}"
            ))
            .await
            .json();
        assert_eq!(
            list["data"].as_array().unwrap().len() == 1,
            acts,
            "amount {code}"
        );

        // The same codes as card numbers of a host-to-host sale.
        let invoice = api.invoice(json!({"reference_id": format!("card-{code}"), "amount": 10, "currency": "UAH", "service": "payment_card_uah_hpp", "test_mode": true, "callback_url": shop.url("/cb")})).await.json();
        let bearer = invoice["data"]["attributes"]["flow_data"]["metadata"]["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let sale = json!({"data": {"type": "sale-operation", "attributes": h2h_card(cards::ALL[4 + i].0)}});
        assert_eq!(
            seen(api.client.try_send(
                Method::POST,
                &format!("{}/payment/sale", api.cardgate),
                &[
                    ("authorization", &format!("Bearer {bearer}")),
                    ("content-type", "application/json")
                ],
                sale.to_string()
            ))
            .await,
            expected,
            "card {code}"
        );
        let id = invoice["data"]["id"].as_str().unwrap().to_owned();
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let status = api.fetch(&id).await["data"]["attributes"]["status"]
                .as_str()
                .unwrap()
                .to_owned();
            if (status == "processed") == acts {
                break;
            }
            assert!(Instant::now() < deadline, "card {code}: {status}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for (card, resolution) in [
        (cards::DECLINE, "declined"),
        (cards::INSUFFICIENT_FUNDS, "insufficient_funds"),
    ] {
        let invoice = api.invoice(json!({"reference_id": format!("r-{card}"), "amount": 10, "currency": "UAH", "service": "payment_card_uah_hpp"})).await.json();
        let answer = api.sale(&invoice, h2h_card(card)).await.json();
        assert_eq!(answer["data"]["attributes"]["resolution"], resolution);
    }
}

#[tokio::test]
async fn an_injected_fault_loses_the_answer_of_an_amountless_call() {
    let sandbox = sandbox().await;
    let finline = Finline::new(&sandbox);
    finline
        .direct("auth", "lost-void", json!(100), cards::APPROVE, None)
        .await;
    sandbox.inject_fault(Provider::Finline, Fault::ActThen503);
    let void = finline
        .post(
            "/void",
            &json!({"order_id": "lost-void", "order_currency": "UAH"}),
        )
        .await;
    assert_eq!(void.status, 503);
    assert_eq!(void.text(), "Service Unavailable");
    let order = finline.order("lost-void").await;
    assert_eq!(order[1]["method"], "void");
    assert_eq!(
        order[1]["status"], "success",
        "the void happened; only its answer was lost"
    );
    let next = finline
        .post(
            "/void",
            &json!({"order_id": "lost-void", "order_currency": "UAH"}),
        )
        .await;
    assert_eq!(next.status, 400, "one fault per injection");

    let resid = Resid::new(&sandbox);
    let merchant = resid.merchant().await;
    let token = resid.payment(&merchant, "10000", &[]).await.json()["info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(
        &resid.client,
        &resid.root,
        &format!("{}/resid/pay/{token}", resid.root),
        "pay",
        &[],
    )
    .await;
    sandbox.inject_fault(Provider::Resid, Fault::ActThenDrop);
    let collect = resid
        .client
        .try_send(
            Method::POST,
            &format!("{}/payments/{token}/collect", resid.base),
            &[("authorization", &resid.code)],
            bytes::Bytes::new(),
        )
        .await;
    assert!(collect.is_err(), "the connection was dropped");
    assert_eq!(resid.info(&token).await["outcome"]["state"], "success");

    // The admin endpoint queues faults for any language.
    let admin = Client::new()
        .post_json(
            &format!("{}/admin/faults", sandbox.url()),
            &[],
            &json!({"provider": "askell", "fault": "error_503", "count": 2}),
        )
        .await;
    assert_eq!(admin.json()["queued"], 2);
    let askell = Askell::new(&sandbox);
    let body = json!({"customer_reference": "sandbox-customer", "amount": "10", "currency": "ISK"});
    assert_eq!(askell.post("/payments/", &body).await.status, 503);
    assert_eq!(askell.post("/payments/", &body).await.status, 503);
    assert_eq!(askell.post("/payments/", &body).await.status, 201);
    let bad = Client::new()
        .post_json(
            &format!("{}/admin/faults", sandbox.url()),
            &[],
            &json!({"provider": "paypal", "fault": "error_503"}),
        )
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn a_slow_answer_arrives_after_the_configured_delay() {
    let sandbox = sandbox().await;
    let api = Finline::new(&sandbox);
    let started = Instant::now();
    let answer = api
        .direct("purchase", "slow-1", json!(100.04), cards::APPROVE, None)
        .await;
    let waited = started.elapsed();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["status"], "success");
    assert!(
        waited >= SLOW && waited < SLOW + Duration::from_secs(2),
        "{waited:?}"
    );
    let _: Value = api.order("slow-1").await;
}
