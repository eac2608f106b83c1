//! Real answers that must decode: the seed page's examples, `null` collections, malformed
//! related ids, repeated keys, and every fixture with each member nulled and removed in turn.

mod common;

use barion_sdk::{
    CardType, CompleteResponse, CurrencyCode, ErrorCode, ErrorEnvelope, FundingSourceType, Lenient,
    Locale, PaymentOperationResponse, PaymentState, PaymentStatus, PaymentType, RefundResponse,
    StartPaymentResponse, TransactionStatus, TransactionType, dec, decode_body,
};
use common::{POS_KEY, client, fixture, id};
use httpmock::MockServer;
use payments_core::test_util::json_mutations;
use serde::de::DeserializeOwned;
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
    assert_eq!(
        s.pos_id,
        Some(Lenient::Parsed(id("56c5aa0e-d69b-40a3-9d89-756817f83838")))
    );
    assert_eq!(s.pos_name.as_deref(), Some("Barion bolt"));
    assert_eq!(s.pos_owner_email.as_deref(), Some("example@shop.com"));
    assert_eq!(s.status, Some(PaymentStatus::Succeeded));
    assert_eq!(s.payment_type, Some(PaymentType::Immediate));
    assert_eq!(s.funding_source, Some(FundingSourceType::BankCard)); // "Bankcard"
    let funding = s.funding_information.as_ref().unwrap();
    assert_eq!(funding.authorization_code.as_deref(), Some("975452"));
    let card = funding.bank_card.as_ref().unwrap();
    assert_eq!(card.masked_pan.as_deref(), Some("0425"));
    assert_eq!(card.card_type, Some(CardType::Visa));
    assert_eq!(card.valid_thru_year.as_deref(), Some("2018")); // "ValidThru_Year"
    assert_eq!(card.valid_thru_month.as_deref(), Some("11"));
    assert_eq!(s.guest_checkout, Some(true));
    let at =
        |t: &Option<Lenient<time::OffsetDateTime>>| t.as_ref().and_then(|t| t.parsed()).copied();
    assert_eq!(
        at(&s.created_at),
        Some(datetime!(2015-03-03 09:30:45.648 UTC))
    );
    assert_eq!(s.started_at, None);
    assert_eq!(
        at(&s.completed_at),
        Some(datetime!(2015-03-03 09:35:45.648 UTC))
    );
    assert_eq!(
        at(&s.valid_until),
        Some(datetime!(2015-03-03 10:30:45.648 UTC))
    );
    assert_eq!(
        at(&s.reserved_until),
        Some(datetime!(2015-03-03 09:45:45.648 UTC))
    );
    assert_eq!(s.suggested_locale, Some(Locale::Hungarian));
    assert_eq!(s.fraud_risk_score, Some(dec!(10)));
    assert_eq!(s.total, Some(dec!(500)));
    assert_eq!(s.currency, Some(CurrencyCode::Huf));
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
        at(&t.transaction_time),
        Some(datetime!(2015-04-24 05:31:35.499 UTC))
    );
    assert_eq!(t.total, Some(dec!(500)));
    assert_eq!(t.currency, Some(CurrencyCode::Huf));
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
    assert_eq!(t.status, Some(TransactionStatus::Succeeded));
    assert_eq!(t.transaction_type, Some(TransactionType::CardPayment));
    let item = &t.items[0];
    assert_eq!(item.name.as_deref(), Some("Product name"));
    assert_eq!(item.description.as_deref(), Some("product description"));
    assert_eq!(item.unit.as_deref(), Some("piece"));
    assert_eq!(item.quantity, Some(dec!(5)));
    assert_eq!(item.unit_price, Some(dec!(500)));
    assert_eq!(item.item_total, Some(dec!(2500)));
    assert_eq!(item.sku.as_deref(), Some("SM-01"));
    assert_eq!(t.related_id, None);
    assert_eq!(
        t.pos_id,
        Some(Lenient::Parsed(id("56c5aa0ed69b40a39d89756817f83838")))
    );
}

#[test]
fn the_seed_error_example_decodes_to_its_error() {
    let e: ErrorEnvelope = decode_body(NOT_EXISTING.as_bytes()).unwrap();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(
        e.errors[0].error_code,
        Some(ErrorCode::NotExistingPaymentId)
    );
    assert_eq!(
        e.errors[0].title.as_deref(),
        Some("The given transaction id is invalid")
    );
    assert!(e.has_code(&ErrorCode::NotExistingPaymentId));
}

#[test]
fn a_repeated_key_keeps_the_last_value_and_its_exact_digits() {
    let body = br#"{"PaymentId":"ecc2bc7a3d8147cab1f04de3dddd657f","Status":"Prepared",
        "FraudRiskScore": 10, "Total": 10.50, "Currency": "HUF", "FraudRiskScore": 20.0}"#;
    let s: PaymentState = decode_body(body).unwrap();
    assert_eq!(s.fraud_risk_score.unwrap().to_string(), "20.0");
    assert_eq!(s.total.unwrap().to_string(), "10.50");
    // A repeated key inside a transaction is tolerated too.
    let body = br#"{"PaymentId":"ecc2bc7a3d8147cab1f04de3dddd657f","Transactions":[
        {"TransactionId":"ef01be38ad6e413eb47fbeeb6026b8aa","Total":1,"Total":2}]}"#;
    let s: PaymentState = decode_body(body).unwrap();
    assert_eq!(s.transactions[0].total, Some(dec!(2)));
}

/// Class: `null` where a collection was promised (a real GetPaymentState answer had
/// `"Items": null` on a fee transaction); the whole state, and so callback handling, must
/// still read.
#[tokio::test]
async fn items_null_on_a_fee_transaction_reads_as_empty_and_the_callback_resolves() {
    let body = include_str!("../../../fixtures/barion/payment-state-v4-fee-items-null.json");
    let state: PaymentState = decode_body(body.as_bytes()).unwrap();
    let fee = &state.transactions[1];
    assert_eq!(fee.transaction_type, Some(TransactionType::GatewayFee));
    assert!(fee.items.is_empty());
    assert_eq!(state.transactions[0].items.len(), 1);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v4/Payment/3c5e2a4b6d7f48a9b0c1d2e3f4a5b6c7/PaymentState")
                .header("x-pos-key", POS_KEY);
            then.status(200).body(body);
        })
        .await;
    let callback = barion_sdk::webhook::Callback::from_body(
        Some("application/x-www-form-urlencoded"),
        b"paymentId=3c5e2a4b6d7f48a9b0c1d2e3f4a5b6c7",
    )
    .unwrap();
    let state = client(&server).callback_state(&callback).await.unwrap();
    assert_eq!(state.status, Some(PaymentStatus::Succeeded));
    assert!(state.is_final());
}

/// Class: a field that is not the object's key, documented as a GUID, carried a small integer
/// in Barion's own documentation (`RelatedId`): kept raw, the rest reads.
#[test]
fn a_related_id_that_is_not_a_guid_is_kept_raw() {
    let body = include_str!("../../../fixtures/barion/payment-state-v4-related-id-integer.json");
    let state: PaymentState = decode_body(body.as_bytes()).unwrap();
    let fee = &state.transactions[1];
    assert_eq!(fee.related_id, Some(Lenient::Raw("1".into())));
    assert_eq!(fee.related_id.as_ref().unwrap().to_string(), "1");
    assert_eq!(fee.total.unwrap().to_string(), "0.20");
    // The same on the answers of writes, and in an error entry's PaymentId.
    let op: PaymentOperationResponse = decode_body(
        br#"{"PaymentId":"b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e","Transactions":[
            {"TransactionId":"d3e4f5a6b7c84d9e8f1a2b3c4d5e6f7a","RelatedId":7,"TransactionTime":"never"}]}"#,
    )
    .unwrap();
    assert_eq!(
        op.transactions[0].related_id,
        Some(Lenient::Raw("7".into()))
    );
    assert_eq!(
        op.transactions[0].transaction_time,
        Some(Lenient::Raw("never".into()))
    );
    // The object's own key stays strict.
    let err = decode_body::<PaymentOperationResponse>(br#"{"PaymentId":1}"#).unwrap_err();
    assert_eq!(err.path, "PaymentId");
}

/// Which type reads each fixture; every file under `fixtures/barion` must be listed.
const FIXTURES: &[(&str, Kind)] = &[
    ("barion/cancel-authorization-response.json", Kind::Operation),
    ("barion/capture-response.json", Kind::Operation),
    ("barion/complete-response.json", Kind::Complete),
    ("barion/error-400-without-error-code.json", Kind::Error),
    ("barion/error-500-message.json", Kind::Error),
    ("barion/error-authentication-failed.json", Kind::Error),
    ("barion/error-refund-multiple.json", Kind::Error),
    ("barion/finish-reservation-response.json", Kind::Operation),
    ("barion/get-payment-state-v2-not-existing.json", Kind::Error),
    ("barion/get-payment-state-v2-success.json", Kind::State),
    ("barion/payment-state-v4-delayed-capture.json", Kind::State),
    ("barion/payment-state-v4-fee-items-null.json", Kind::State),
    (
        "barion/payment-state-v4-related-id-integer.json",
        Kind::State,
    ),
    ("barion/refund-response.json", Kind::Refund),
    ("barion/start-payment-response.json", Kind::Start),
];

#[derive(Clone, Copy, Debug)]
enum Kind {
    Start,
    State,
    Operation,
    Refund,
    Complete,
    Error,
}

impl Kind {
    fn decode(self, body: &[u8]) -> Result<(), payments_core::DecodeError> {
        fn one<T: DeserializeOwned>(body: &[u8]) -> Result<(), payments_core::DecodeError> {
            decode_body::<T>(body).map(drop)
        }
        match self {
            Self::Start => one::<StartPaymentResponse>(body),
            Self::State => one::<PaymentState>(body),
            Self::Operation => one::<PaymentOperationResponse>(body),
            Self::Refund => one::<RefundResponse>(body),
            Self::Complete => one::<CompleteResponse>(body),
            Self::Error => one::<ErrorEnvelope>(body),
        }
    }
}

/// The only members that may not be null or missing: the object's own key. `PaymentId` of an
/// answer about a payment, and `TransactionId` of each transaction in its top-level lists
/// (`Transactions[i]`, `RefundedTransactions[i]`). Error envelopes have none.
fn is_required(kind: Kind, path: &str) -> bool {
    if matches!(kind, Kind::Error) {
        return false;
    }
    if path == "PaymentId" {
        return true;
    }
    path.strip_suffix(".TransactionId").is_some_and(|list| {
        list.split_once('[').is_some_and(|(name, rest)| {
            !name.contains('.')
                && rest
                    .strip_suffix(']')
                    .is_some_and(|i| i.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

#[test]
fn every_fixture_reads_with_each_member_nulled_and_removed_except_the_keys() {
    let dir = format!("{}/../../fixtures/barion", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| format!("barion/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = FIXTURES.iter().map(|(p, _)| *p).collect();
    assert_eq!(on_disk, listed, "list every fixture in FIXTURES");

    let (mut variants, mut required) = (0, 0);
    for (path, kind) in FIXTURES {
        let text = fixture(path);
        kind.decode(text.as_bytes())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        for (member, mutation, variant) in json_mutations(&doc) {
            variants += 1;
            let body = serde_json::to_vec(&variant).unwrap();
            let result = kind.decode(&body);
            if is_required(*kind, &member) {
                required += 1;
                let e = result.expect_err(&format!("{path}: {member} {mutation:?} must fail"));
                let key = member.rsplit('.').next().unwrap();
                assert!(
                    e.message.contains(key) || e.path.ends_with(key),
                    "{path}: {member} {mutation:?}: {e}"
                );
            } else {
                result.unwrap_or_else(|e| {
                    panic!("{path}: {member} {mutation:?} must still decode: {e}")
                });
            }
        }
    }
    assert!(variants > 500, "{variants}");
    assert!(required >= 20, "{required}");
}
