//! `/transactions/`: list with every filter, the receipt endpoint, and the Icelandic card
//! receipt of the seed's `payment.changed` example.

use askell_sdk::model::list::List;
use askell_sdk::{
    Client, Error, RetryPolicy, TransactionFilter, TransactionState,
    model::transaction::Transaction,
};
use httpmock::prelude::*;

const KEY: &str = "abcdef.abcdefgh1234567890";
const AUTH: &str = "Api-Key abcdef.abcdefgh1234567890";

const FX_LIST: &str = include_str!("../../../fixtures/askell/transaction-list.json");
const FX_PAGE: &str = include_str!("../../../fixtures/askell/transaction-list-page.json");
const FX_RECEIPT: &str = include_str!("../../../fixtures/askell/receipt-response.json");

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn list_without_filters_reads_a_bare_array_with_both_initial_spellings() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/transactions/")
                .header("authorization", AUTH)
                .header_missing("content-type")
                .is_true(|req| req.query_params().is_empty());
            then.status(200).body(FX_LIST);
        })
        .await;
    let list = client(&server)
        .list_transactions(&TransactionFilter::new())
        .await
        .unwrap();
    mock.assert_async().await;
    let items = list.items();
    assert!(matches!(list, List::All(_)));
    assert_eq!(items.len(), 4);
    // The seed's `initial` and the spec's `inital` are one variant.
    assert_eq!(items[0].state, TransactionState::Initial);
    assert_eq!(items[2].state, TransactionState::Initial);
    assert_eq!(items[2].amount.to_string(), "6.99");
    // Unknown values are kept; a receipt of another shape is kept in `extra`.
    assert_eq!(
        items[3].state,
        TransactionState::Unknown("chargeback".to_owned())
    );
    assert_eq!(items[3].data.id.as_deref(), Some("99812"));
    assert!(items[3].data.receipt.is_none());
    assert_eq!(items[3].data.extra["receipt"], "see dashboard");
    assert_eq!(items[3].data.extra["psp"], "adyen");
    insta::assert_debug_snapshot!("list_transactions", list);
}

#[tokio::test]
async fn list_sends_every_filter_and_reads_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/transactions/")
                .header("authorization", AUTH)
                .query_param("page_size", "1")
                .query_param("search", "2286047")
                .query_param("state", "settled,refunded,inital")
                .query_param("subscription_id", "12")
                .query_param("payment_id", "34")
                .query_param("created_at_after", "2021-10-01")
                .query_param("created_at_before", "2021-10-31")
                .query_param("paid_at_after", "2021-10-02")
                .query_param("paid_at_before", "2021-11-01");
            then.status(200).body(FX_PAGE);
        })
        .await;
    let filter = TransactionFilter::new()
        .page_size(1)
        .search("2286047")
        .states([TransactionState::Settled, TransactionState::Refunded])
        .state(TransactionState::Unknown("inital".to_owned()))
        .subscription_id(12)
        .payment_id(34)
        .created_at_after(time::macros::date!(2021 - 10 - 01))
        .created_at_before(time::macros::date!(2021 - 10 - 31))
        .paid_at_after(time::macros::date!(2021 - 10 - 02))
        .paid_at_before(time::macros::date!(2021 - 11 - 01));
    let list = client(&server).list_transactions(&filter).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        list.next_page(),
        Some("https://askell.is/api/transactions/?page_size=1&page=2")
    );
    insta::assert_debug_snapshot!("list_transactions_page", list);
}

#[tokio::test]
async fn invalid_filters_are_never_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(FX_LIST);
        })
        .await;
    let c = client(&server);
    let cases = [
        (TransactionFilter::new().page_size(0), "page_size"),
        (TransactionFilter::new().page_size(1001), "page_size"),
        (
            TransactionFilter::new()
                .created_at_after(time::macros::date!(2021 - 11 - 01))
                .created_at_before(time::macros::date!(2021 - 10 - 01)),
            "created_at_after",
        ),
        (
            TransactionFilter::new()
                .paid_at_after(time::macros::date!(2021 - 11 - 01))
                .paid_at_before(time::macros::date!(2021 - 10 - 01)),
            "paid_at_after",
        ),
    ];
    for (filter, field) in cases {
        match c.list_transactions(&filter).await.unwrap_err() {
            Error::InvalidRequest(e) => assert_eq!(e.field, field),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn receipt_reads_the_icelandic_card_receipt() {
    let server = MockServer::start_async().await;
    let id = "3c03b82a-951a-4331-b651-550de9da9004";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/transactions/{id}/receipt/"))
                .header("authorization", AUTH)
                .header_missing("content-type");
            then.status(200).body(FX_RECEIPT);
        })
        .await;
    let t = client(&server)
        .transaction_receipt(id.parse().unwrap())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_receipt_is_the_seeds(&t);
    insta::assert_debug_snapshot!("transaction_receipt", t);
}

#[tokio::test]
async fn receipt_400_is_the_typed_envelope() {
    let server = MockServer::start_async().await;
    let id = "951913b0-3b99-4c6c-a58c-3b8e7c18b488";
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/transactions/{id}/receipt/"));
            then.status(400)
                .body(r#"{"status":"error","error":"Invalid transaction state"}"#);
        })
        .await;
    let err = client(&server)
        .transaction_receipt(id.parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        err.envelope().and_then(|e| e.error.as_deref()),
        Some("Invalid transaction state")
    );
}

#[test]
fn the_seed_webhook_transaction_decodes_to_the_printed_receipt() {
    // fixtures/askell/webhook-payment-changed.json is the seed's `payment.changed` example
    // with its one defect fixed (a trailing comma after the last transaction).
    let body = include_str!("../../../fixtures/askell/webhook-payment-changed.json");
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    let t: Transaction = serde_json::from_value(v["data"]["transactions"][0].clone()).unwrap();
    assert_receipt_is_the_seeds(&t);
}

fn assert_receipt_is_the_seeds(t: &Transaction) {
    assert_eq!(t.uuid.to_string(), "3c03b82a-951a-4331-b651-550de9da9004");
    assert_eq!(t.state, TransactionState::Settled);
    assert_eq!(t.amount.to_string(), "1.00");
    assert_eq!(t.external_reference.as_deref(), Some("2286047"));
    assert_eq!(t.data.id.as_deref(), Some("2286047"));
    assert_eq!(t.data.status, Some(TransactionState::Settled));
    let r = t.data.receipt.as_ref().expect("a card receipt");
    assert_eq!(r.already_voided, Some(false));
    assert_eq!(r.batch_number.as_deref(), Some("B0003049"));
    assert_eq!(r.date.as_deref(), Some("14.10.2021"));
    assert_eq!(r.parsed_date(), Some(time::macros::date!(2021 - 10 - 14)));
    assert_eq!(r.pos_entry_mode_f22.as_deref(), Some("1005"));
    assert_eq!(r.acquirer.as_deref(), Some("VALITOR, sími: 525 2000"));
    assert_eq!(r.transaction_number.as_deref(), Some("2286047"));
    assert_eq!(r.original_transaction_number, None);
    assert_eq!(r.authorization_code.as_deref(), Some("277031"));
    assert_eq!(r.software_number.as_deref(), Some("11101040000"));
    assert_eq!(r.masked_card_number.as_deref(), Some("****-****-****-2779"));
    assert_eq!(r.line_c1.as_deref(), Some("060"));
    assert_eq!(r.line_c2.as_deref(), Some("1509"));
    assert_eq!(r.line_c3.as_deref(), Some("FÆRSLUNR: 128715286045"));
    assert_eq!(r.line_c4.as_deref(), Some("HEIMILD:277031"));
    assert_eq!(r.line_d1.as_deref(), Some("12"));
    assert_eq!(r.line_d2, None);
    assert_eq!(r.pin_message, None);
    assert_eq!(r.pos_id.as_deref(), Some("0225"));
    assert_eq!(r.merchant_number.as_deref(), Some("S0053128"));
    assert_eq!(r.location_number.as_deref(), Some("0001"));
    assert_eq!(r.operation_type.as_deref(), Some("SALA"));
    assert_eq!(r.card_type.as_deref(), Some("Mastercard"));
    assert_eq!(r.card_type_code.as_deref(), Some("500"));
    assert_eq!(r.terminal_id.as_deref(), Some("11100126"));
    assert_eq!(r.time.as_deref(), Some("15:36"));
    assert_eq!(r.parsed_time(), Some(time::macros::time!(15:36)));
    assert_eq!(r.amount.as_deref(), Some("1"));
    assert_eq!(r.parsed_amount(), Some(askell_sdk::Decimal::ONE));
    assert_eq!(r.workstation_number.as_deref(), Some("0001"));
    assert_eq!(r.store_address, None);
    assert_eq!(r.store_name.as_deref(), Some("Fyrirtækjagreiðslur TEST"));
    assert_eq!(r.store_location.as_deref(), Some("Reykjavík"));
    assert_eq!(r.transaction_message.as_deref(), Some("VIÐSKIPTI ISK: 1"));
    assert!(r.extra.is_empty(), "every seed key is named: {:?}", r.extra);
}
