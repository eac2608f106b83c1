//! The seed page's examples (GetPaymentState v2), repaired into valid JSON, decode to what the
//! seed shows.

mod common;

use barion_sdk::{
    CardType, Currency, Decimal, ErrorCode, ErrorEnvelope, FundingSourceType, Locale, PaymentState,
    PaymentStatus, PaymentType, TransactionStatus, TransactionType, decode_body,
};
use common::{POS_KEY, client, id};
use httpmock::MockServer;
use time::macros::datetime;

const SUCCESS: &str = include_str!("../../../fixtures/barion/get-payment-state-v2-success.json");
const NOT_EXISTING: &str =
    include_str!("../../../fixtures/barion/get-payment-state-v2-not-existing.json");

#[test]
fn the_seed_success_example_decodes_to_what_the_seed_shows() {
    // The seed repeats `FraudRiskScore`: a derived Deserialize alone would fail on it.
    assert_eq!(SUCCESS.matches("\"FraudRiskScore\"").count(), 2);
    let s: PaymentState = decode_body(SUCCESS.as_bytes()).unwrap();

    // "ecc2bc7a3d8147cab1f04de3dddd657f " (dash-less, trailing space).
    assert_eq!(s.payment_id, id("ecc2bc7a-3d81-47ca-b1f0-4de3dddd657f"));
    assert_eq!(s.payment_request_id.as_deref(), Some("TEST-01"));
    assert_eq!(s.pos_id, Some(id("56c5aa0e-d69b-40a3-9d89-756817f83838")));
    assert_eq!(s.pos_name.as_deref(), Some("Barion bolt"));
    assert_eq!(s.pos_owner_email.as_deref(), Some("example@shop.com"));
    assert_eq!(s.status, PaymentStatus::Succeeded);
    assert_eq!(s.payment_type, PaymentType::Immediate);
    assert_eq!(s.funding_source, Some(FundingSourceType::BankCard)); // "Bankcard"
    let funding = s.funding_information.as_ref().unwrap();
    assert_eq!(funding.authorization_code.as_deref(), Some("975452"));
    let card = funding.bank_card.as_ref().unwrap();
    assert_eq!(card.masked_pan.as_deref(), Some("0425"));
    assert_eq!(card.card_type, Some(CardType::Visa));
    assert_eq!(card.valid_thru_year.as_deref(), Some("2018")); // "ValidThru_Year"
    assert_eq!(card.valid_thru_month.as_deref(), Some("11"));
    assert_eq!(s.guest_checkout, Some(true));
    assert_eq!(s.created_at, Some(datetime!(2015-03-03 09:30:45.648 UTC)));
    assert_eq!(s.started_at, None);
    assert_eq!(s.completed_at, Some(datetime!(2015-03-03 09:35:45.648 UTC)));
    assert_eq!(s.valid_until, Some(datetime!(2015-03-03 10:30:45.648 UTC)));
    assert_eq!(
        s.reserved_until,
        Some(datetime!(2015-03-03 09:45:45.648 UTC))
    );
    assert_eq!(s.suggested_locale, Some(Locale::Hungarian));
    assert_eq!(s.fraud_risk_score, Some(Decimal::from(10)));
    assert_eq!(s.total, Decimal::from(500));
    assert_eq!(s.currency, Currency::Huf);
    assert_eq!(
        s.callback_url.as_deref(),
        Some("https://webshop.example.com/BarionExamplePayment")
    );
    assert_eq!(
        s.redirect_url.as_deref(),
        Some(
            "https://webshop.example.com/PaymentResultExample?paymentId=ecc2bc7a3d8147cab1f04de3dddd657f"
        )
    );
    assert_eq!(s.payment_method, None);

    assert_eq!(s.transactions.len(), 1);
    let t = &s.transactions[0];
    assert_eq!(t.transaction_id, id("ef01be38-ad6e-413e-b47f-beeb6026b8aa"));
    assert_eq!(t.pos_transaction_id.as_deref(), Some("TEST-01-01"));
    assert_eq!(
        t.transaction_time,
        Some(datetime!(2015-04-24 05:31:35.499 UTC))
    );
    assert_eq!(t.total, Decimal::from(500));
    assert_eq!(t.currency, Some(Currency::Huf));
    let payer = t.payer.as_ref().unwrap();
    assert_eq!(payer.email.as_deref(), Some("payer@barion.com"));
    let name = payer.name.as_ref().unwrap();
    assert_eq!(name.login_name.as_deref(), Some("payer@barion.com"));
    assert_eq!(name.first_name.as_deref(), Some(" Payer")); // kept as sent
    assert_eq!(name.last_name.as_deref(), Some("Test"));
    assert_eq!(name.organization_name, None);
    assert_eq!(
        t.payee.as_ref().unwrap().email.as_deref(),
        Some("payee@barion.com")
    );
    assert_eq!(t.comment.as_deref(), Some("Transaction comment"));
    assert_eq!(t.status, TransactionStatus::Succeeded);
    assert_eq!(t.transaction_type, Some(TransactionType::CardPayment));
    let item = &t.items[0];
    assert_eq!(
        (
            item.name.as_str(),
            item.description.as_str(),
            item.unit.as_str()
        ),
        ("Product name", "product description", "piece")
    );
    assert_eq!(item.quantity, Decimal::from(5));
    assert_eq!(item.unit_price, Decimal::from(500));
    assert_eq!(item.item_total, Decimal::from(2500));
    assert_eq!(item.sku.as_deref(), Some("SM-01"));
    assert_eq!(t.related_id, None);
    assert_eq!(t.pos_id, Some(id("56c5aa0ed69b40a39d89756817f83838")));
}

#[test]
fn the_seed_error_example_decodes_to_its_error() {
    let e: ErrorEnvelope = decode_body(NOT_EXISTING.as_bytes()).unwrap();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].error_code, ErrorCode::NotExistingPaymentId);
    assert_eq!(
        e.errors[0].title.as_deref(),
        Some("The given transaction id is invalid")
    );
    assert!(e.has_code(&ErrorCode::NotExistingPaymentId));
}

#[tokio::test]
async fn the_seed_error_answer_is_a_typed_api_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/Payment/GetPaymentState")
                .header("x-pos-key", POS_KEY)
                .query_param("PaymentId", "db3f3bda-9fc8-4229-b21a-b021483a5434");
            then.status(200).body(NOT_EXISTING);
        })
        .await;
    let err = client(&server)
        .get_payment_state(id("db3f3bda-9fc8-4229-b21a-b021483a5434"))
        .await
        .unwrap_err();
    mock.assert_async().await;
    // A 200 with a non-empty `Errors` array is still an error.
    assert_eq!(err.status(), Some(payments_core::http::StatusCode::OK));
    let envelope = err.envelope().expect("typed envelope");
    assert_eq!(
        envelope.errors[0].error_code,
        ErrorCode::NotExistingPaymentId
    );
    assert!(err.outcome_unknown().is_none());
    insta::assert_debug_snapshot!(envelope);
}

#[test]
fn a_repeated_key_keeps_the_last_value() {
    let body = br#"{"PaymentId":"ecc2bc7a3d8147cab1f04de3dddd657f","Status":"Prepared","PaymentType":"Immediate",
        "FraudRiskScore": 10, "Total": 0, "Currency": "HUF", "FraudRiskScore": 20}"#;
    let s: PaymentState = decode_body(body).unwrap();
    assert_eq!(s.fraud_risk_score, Some(Decimal::from(20)));
}
