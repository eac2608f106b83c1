//! Lenient input: every fixture survives each member nulled or removed (but the documented
//! required ones), PHP's `[]`, odd times, unknown values, the JSON:API variants.
// Unix seconds are written as the wire writes them; helpers take JSON values by value.
#![allow(clippy::unreadable_literal, clippy::needless_pass_by_value)]

mod common;

use common::*;
use payelata_sdk::jsonapi::{Document, Included, Linkage};
use payelata_sdk::webhook::CallbackObject;
use payelata_sdk::{
    ExposeSecret, InvoiceStatus, PaymentInvoice, Refund, ResolutionCode, SaleAnswer, dec,
};
use payments_core::test_util::json_mutations;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The members whose loss must fail a resource document: the resource itself, its `type`
/// (checked, and it chooses the attributes) and its key `id`.
const RESOURCE_KEYS: &[&str] = &["data", "data.type", "data.id"];

fn check_mutations<T: DeserializeOwned>(name: &str, doc: &Value, required: &[&str]) {
    let mut failed_as_required = 0;
    for (path, mutation, variant) in json_mutations(doc) {
        let body = serde_json::to_vec(&variant).unwrap();
        let decoded = payments_core::decode_json::<T>(None, &body);
        if required.contains(&path.as_str()) {
            let e = decoded.err().unwrap_or_else(|| {
                panic!("{name}: {path} {mutation:?} decoded, but it is required")
            });
            assert!(
                e.path == "." || e.path.starts_with("data"),
                "{name}: {path}: {}",
                e.path
            );
            failed_as_required += 1;
        } else if let Err(e) = decoded {
            panic!(
                "{name}: {path} {mutation:?} failed at {}: {}",
                e.path, e.message
            );
        }
    }
    assert_eq!(failed_as_required, required.len() * 2, "{name}");
}

#[test]
fn every_response_fixture_survives_every_member_nulled_or_removed() {
    check_mutations::<Document<PaymentInvoice>>(
        "token-checkout-response",
        &json(TOKEN_CHECKOUT_RESPONSE),
        RESOURCE_KEYS,
    );
    check_mutations::<Document<PaymentInvoice>>(
        "instant-charge-response",
        &json(INSTANT_CHARGE_RESPONSE),
        RESOURCE_KEYS,
    );
    let vector: Value = serde_json::from_slice(CALLBACK_VECTOR).unwrap();
    check_mutations::<Document<PaymentInvoice>>("callback-vector", &vector, RESOURCE_KEYS);
    check_mutations::<Document<CallbackObject>>("callback-vector", &vector, RESOURCE_KEYS);
    check_mutations::<Document<Refund>>("refund-response", &json(REFUND_RESPONSE), RESOURCE_KEYS);
    // The payload sample is a bare attributes fragment: nothing in it is required.
    check_mutations::<PaymentInvoice>(
        "tokenize-callback-payload",
        &json(TOKENIZE_CALLBACK_PAYLOAD),
        &[],
    );
}

#[test]
fn the_seed_payload_sample_decodes_to_what_it_prints() {
    let a: PaymentInvoice = serde_json::from_str(TOKENIZE_CALLBACK_PAYLOAD).unwrap();
    let payload = a.payload.as_ref().unwrap();
    assert_eq!(payload.client_ip.as_deref(), Some(""));
    let card = a.payment_card().unwrap();
    assert_eq!(card.last.as_deref(), Some("0000"));
    assert_eq!(card.mask.as_deref(), Some("512381******0000"));
    assert_eq!(card.brand.as_deref(), Some("mastercard"));
    assert_eq!(card.first.as_deref(), Some("512381"));
    assert_eq!(card.holder.as_deref(), Some("asd asdas "));
    assert_eq!(card.expiry_year.as_deref(), Some("32"));
    assert_eq!(card.issuer_name.as_deref(), Some("FIRST DATA CORPORATION"));
    assert_eq!(card.expiry_month.as_deref(), Some("12"));
    assert_eq!(card.issuer_country.as_deref(), Some("US"));
    assert_eq!(
        a.card_token().unwrap().expose_secret(),
        "4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x"
    );
    assert!(!format!("{a:?}").contains("4c9jHUge"));
}

#[test]
fn the_seed_requests_are_valid_documents() {
    // Request fixtures are asserted as exact bodies in `endpoints.rs`; here: their shape.
    for (name, text) in [
        ("tokenize-request", TOKENIZE_REQUEST),
        ("token-checkout-request", TOKEN_CHECKOUT_REQUEST),
        ("instant-charge-request", INSTANT_CHARGE_REQUEST),
        ("cardgate-sale-request", CARDGATE_SALE_REQUEST),
    ] {
        let v = json(text);
        assert!(v["data"]["type"].is_string(), "{name}");
        assert!(v["data"]["attributes"].is_object(), "{name}");
    }
}

fn invoice(attributes: Value) -> PaymentInvoice {
    *serde_json::from_str::<Document<PaymentInvoice>>(&invoice_doc("cpi_1", attributes))
        .unwrap()
        .data
        .attributes
}

#[test]
fn php_empty_arrays_read_as_empty_objects() {
    let empty = invoice(
        json!({"metadata": [], "payload": [], "flow_data": {"params": [], "metadata": []}}),
    );
    assert!(empty.metadata.is_empty() && empty.payload.is_none());
    let flow = empty.flow_data.unwrap();
    assert!(flow.params.is_empty() && flow.metadata.is_none());
    let nulls = invoice(json!({"metadata": null, "payload": null, "flow_data": null}));
    assert!(nulls.metadata.is_empty() && nulls.payload.is_none() && nulls.flow_data.is_none());
    let full = invoice(
        json!({"metadata": {"order": "42"}, "flow_data": {"method": "POST",
        "action": "https://pay.example/form", "params": {"a": "1", "b": 2}}}),
    );
    assert_eq!(full.metadata["order"], "42");
    let flow = full.flow_data.unwrap();
    assert_eq!(flow.params["b"], 2);
    assert!(
        flow.redirect_url().is_none(),
        "a POST is a form, not a link"
    );
    assert!(flow.html_form().unwrap().contains(r#"name="b" value="2""#));
    // A PHP list where an object was expected keeps its items under "0", "1".
    let list = invoice(json!({"metadata": ["x", "y"]}));
    assert_eq!(list.metadata["1"], "y");
}

#[test]
fn times_unknown_values_and_extra_attributes_are_kept() {
    let a = invoice(json!({
        "status": "disputed", "resolution": "NEW_REASON", "created": "yesterday",
        "updated": 1e20, "processed": "1585175070", "flow": "h2h", "payment_flow": "VERIFY",
        "service_amount": 2650.5, "exchange_rate": 26.505, "brand_new": {"x": [1]}
    }));
    assert_eq!(a.status, Some(InvoiceStatus::Unknown("disputed".into())));
    assert_eq!(
        a.resolution,
        Some(ResolutionCode::Unknown("NEW_REASON".into()))
    );
    assert_eq!(a.created.as_ref().unwrap().raw(), Some("yesterday"));
    assert!(a.updated.as_ref().unwrap().raw().is_some());
    assert!(a.processed.as_ref().unwrap().parsed().is_some());
    assert!(a.flow.as_ref().unwrap().is_unknown());
    assert_eq!(a.payment_flow, Some(payelata_sdk::PaymentFlow::Verify));
    assert_eq!(a.service_amount, Some(dec!(2650.5)));
    assert_eq!(a.exchange_rate, Some(dec!(26.505)));
    assert_eq!(a.extra["brand_new"], json!({"x": [1]}));
    assert!(!a.is_final() && !a.is_success());
}

#[test]
fn amounts_read_exactly_through_the_flattened_attributes() {
    let a = invoice(json!({"amount": 100.55, "fee": 0.1, "deposit": 12345678.99,
        "processed_amount": "7.10", "refunded_amount": null}));
    assert_eq!(a.amount, Some(dec!(100.55)));
    assert_eq!(a.fee, Some(dec!(0.1)));
    assert_eq!(a.deposit, Some(dec!(12345678.99)));
    assert_eq!(a.processed_amount, Some(dec!(7.10)));
    assert_eq!(a.refunded_amount, None);
    // From the wire text, every digit and the scale survive the flattened attributes.
    let raw = r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{"amount":0.12345678901234567,"fee":30.50}}}"#;
    let a = serde_json::from_str::<Document<PaymentInvoice>>(raw)
        .unwrap()
        .data
        .attributes;
    assert_eq!(a.amount.unwrap().to_string(), "0.12345678901234567");
    assert_eq!(a.fee.unwrap().to_string(), "30.50");
}

#[test]
fn the_type_is_checked_whatever_the_member_order() {
    let body = r#"{"data":{"attributes":{"status":"processed","amount":5},"id":"cpi_1","type":"payment-invoices"}}"#;
    let doc: Document<PaymentInvoice> = serde_json::from_str(body).unwrap();
    assert_eq!(doc.data.attributes.amount, Some(dec!(5)));
    let body = r#"{"data":{"attributes":{"amount":5},"id":"ref_1","type":"refunds"}}"#;
    let e =
        payments_core::decode_json::<Document<PaymentInvoice>>(None, body.as_bytes()).unwrap_err();
    assert_eq!(e.path, "data.type");
    assert!(e.message.contains("found `refunds`"));
    // A resource without attributes reads as empty attributes.
    let doc: Document<Refund> =
        serde_json::from_str(r#"{"data":{"type":"refund","id":"ref_1"}}"#).unwrap();
    assert!(doc.data.attributes.status.is_none());
}

#[test]
fn included_resources_relationships_and_links_read_in_every_form() {
    let body = json!({
        "data": {"type": "payment-invoices", "id": "cpi_1", "attributes": {"status": "charged_back"},
            "relationships": {
                "customer": {"data": {"type": "customers", "id": "cus_1"}},
                "payment-method": {"data": null},
                "payment-requests": {"data": [{"type": "payment-requests", "id": "cpr_1"}]}
            },
            "links": {"self": {"href": "/api/payment-invoices/cpi_1"}}},
        "included": [
            {"type": "customers", "id": "cus_1", "attributes": {"reference_id": "my_customer_1",
                "meta_data": {"vip": true}, "address": [], "created": 1585175055}},
            {"type": "payment-requests", "id": "cpr_1", "attributes": {"status": "CHARGED_BACK",
                "resolution": "OK", "amount": 100}},
            {"type": "ledger-entries", "id": "le_1", "attributes": []}
        ],
        "meta": []
    });
    let doc: Document<PaymentInvoice> = serde_json::from_value(body).unwrap();
    assert_eq!(doc.data.relationships.customer_id(), Some("cus_1"));
    assert_eq!(
        doc.data.relationships.payment_method.as_ref().unwrap().data,
        Linkage::Empty
    );
    assert!(
        doc.data
            .relationships
            .other
            .contains_key("payment-requests")
    );
    assert!(doc.data.links.self_href().is_none());
    assert!(
        doc.data
            .links
            .self_link
            .as_ref()
            .unwrap()
            .raw()
            .unwrap()
            .contains("href")
    );
    let Included::Customer(c) = &*doc.included[0].attributes else {
        panic!()
    };
    assert_eq!(c.reference_id.as_deref(), Some("my_customer_1"));
    assert_eq!(c.metadata["vip"], true);
    let Included::PaymentRequest(r) = &*doc.included[1].attributes else {
        panic!()
    };
    assert_eq!(r.status, Some(InvoiceStatus::ChargedBack));
    assert_eq!(r.resolution, Some(ResolutionCode::Ok));
    assert!(matches!(&*doc.included[2].attributes, Included::Other(m) if m.is_empty()));
    insta::assert_debug_snapshot!(doc.included);
}

#[test]
fn cardgate_answers_survive_mutations() {
    let answer = json!({"data": {"type": "payment-sessions", "id": "cgi_1", "attributes": {
        "status": "process_pending", "active_payment": {"status": "authorize_required"},
        "metadata": {"fee": "0.00"}, "auth_payload": {"action": "https://acs.example",
        "method": "POST", "params": {"creq": "x"}}}}});
    check_mutations::<SaleAnswer>("cardgate answer", &answer, &["data.type", "data.id"]);
    let a: SaleAnswer = serde_json::from_value(answer).unwrap();
    let fee = a
        .data
        .as_ref()
        .unwrap()
        .attributes
        .metadata
        .as_ref()
        .unwrap()
        .fee
        .clone();
    assert_eq!(fee.unwrap().parsed(), Some(&dec!(0.00)));
    let odd: SaleAnswer = serde_json::from_str(
        r#"{"data":{"type":"x","id":"cgi_1","attributes":{"metadata":{"fee":"n/a"}}}}"#,
    )
    .unwrap();
    let fee = odd.data.unwrap().attributes.metadata.unwrap().fee.unwrap();
    assert_eq!(fee.raw(), Some("n/a"));
}

#[test]
fn a_malformed_attribute_is_kept_in_extra_and_the_rest_reads() {
    let a = invoice(json!({
        "amount": true, "fee": "n/a", "currency": 840, "test_mode": "yes",
        "status": {"code": 1}, "metadata": "order-42", "flow_data": "https://pay.example",
        "payload": [1], "serial_number": "ADzw", "payment_amount": 100.10
    }));
    assert_eq!(a.serial_number.as_deref(), Some("ADzw"));
    assert_eq!(a.payment_amount, Some(dec!(100.1)));
    assert!(a.amount.is_none() && a.fee.is_none() && a.currency.is_none());
    assert!(a.test_mode.is_none() && a.status.is_none() && a.flow_data.is_none());
    assert!(a.metadata.is_empty() && a.payload.is_none());
    assert_eq!(a.extra["amount"], json!(true));
    assert_eq!(a.extra["fee"], json!("n/a"));
    assert_eq!(a.extra["currency"], json!(840));
    assert_eq!(a.extra["test_mode"], json!("yes"));
    assert_eq!(a.extra["status"], json!({"code": 1}));
    assert_eq!(a.extra["metadata"], json!("order-42"));
    assert_eq!(a.extra["flow_data"], json!("https://pay.example"));
    assert_eq!(a.extra["payload"], json!([1]));
    assert_eq!(a.extra.len(), 8);
    // Inside a nested object too: the member is kept in that object's `extra`.
    let a = invoice(json!({"flow_data": {"action": 7, "method": "GET",
        "metadata": {"sid": ["x"], "token": 12}}}));
    let flow = a.flow_data.unwrap();
    assert!(flow.action.is_none());
    assert_eq!(flow.extra["action"], json!(7));
    let session = flow.metadata.unwrap();
    assert_eq!(session.extra["sid"], json!(["x"]));
    // A secret that is not a string stays a secret (its JSON text), never in `extra`.
    assert_eq!(session.token.unwrap().expose_secret(), "12");
    assert!(!session.extra.contains_key("token"));
}

#[test]
fn unknown_attributes_are_kept_in_extra_at_every_level() {
    let a = invoice(json!({
        "new_number": 1.5, "new_list": [1, {"a": null}], "new_null": null,
        "flow_data": {"action": "https://pay.example", "target": "_top",
            "metadata": {"sid": "cgi_1", "ttl": 900}},
        "payload": {"client_ip": "1.2.3.4", "risk": {"score": 3},
            "payment_card": {"last": "0000", "bank_code": "X1"}}
    }));
    assert_eq!(a.extra["new_number"], json!(1.5));
    assert_eq!(a.extra["new_list"], json!([1, {"a": null}]));
    assert_eq!(a.extra["new_null"], Value::Null);
    let flow = a.flow_data.as_ref().unwrap();
    assert_eq!(flow.extra["target"], "_top");
    assert_eq!(flow.metadata.as_ref().unwrap().extra["ttl"], 900);
    let payload = a.payload.as_ref().unwrap();
    assert_eq!(payload.extra["risk"], json!({"score": 3}));
    assert_eq!(a.payment_card().unwrap().extra["bank_code"], "X1");
    assert_eq!(a.payment_card().unwrap().last.as_deref(), Some("0000"));
}

#[test]
fn a_member_sent_twice_reads_as_the_last() {
    let body = r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{
        "amount":1,"amount":2,"status":"created","status":"processed",
        "fee":true,"fee":3,"deposit":4,"deposit":"bad","x":1,"x":2}}}"#;
    let a = *serde_json::from_str::<Document<PaymentInvoice>>(body)
        .unwrap()
        .data
        .attributes;
    assert_eq!(a.amount, Some(dec!(2)));
    assert_eq!(a.status, Some(InvoiceStatus::Processed));
    // A malformed copy followed by a good one: the good one, and nothing left in `extra`.
    assert_eq!(a.fee, Some(dec!(3)));
    assert!(!a.extra.contains_key("fee"));
    // A good copy followed by a malformed one: the malformed one is what was sent last.
    assert!(a.deposit.is_none());
    assert_eq!(a.extra["deposit"], "bad");
    assert_eq!(a.extra["x"], 2);
}

#[test]
fn null_and_empty_collections_read_as_empty() {
    let a = invoice(
        json!({"metadata": null, "flow_data": {"params": null, "metadata": null},
        "payload": {"payment_card": []}}),
    );
    assert!(a.metadata.is_empty());
    let flow = a.flow_data.as_ref().unwrap();
    assert!(flow.params.is_empty() && flow.metadata.is_none());
    assert!(a.payload.as_ref().unwrap().payment_card.is_none());
    // The attributes object itself, as PHP writes an empty one.
    let doc: Document<PaymentInvoice> = serde_json::from_str(
        r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":[]}}"#,
    )
    .unwrap();
    assert!(doc.data.attributes.status.is_none());
    // Relationships and links: `null` members and PHP's `[]`.
    let doc: Document<PaymentInvoice> = serde_json::from_str(
        r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{},
        "relationships":{"customer":null,"payment-method":[],"payment-service":"odd"},
        "links":{"self":null,"related":"/x"}}}"#,
    )
    .unwrap();
    let r = &doc.data.relationships;
    assert!(r.customer.is_none() && r.payment_method.is_none() && r.payment_service.is_none());
    assert_eq!(r.other["payment-service"], "odd");
    assert!(doc.data.links.self_link.is_none());
    assert_eq!(doc.data.links.other["related"], "/x");
}

#[test]
fn amounts_read_exactly_whatever_their_form() {
    let raw = r#"{"data":{"type":"payment-invoices","id":"cpi_1","attributes":{
        "amount":100,"fee":"0.50","deposit":1e2,"processed_amount":-3.25,
        "refunded_amount":null,"processed_fee":"  7 ","exchange_rate":123456789012345678}}}"#;
    let a = serde_json::from_str::<Document<PaymentInvoice>>(raw)
        .unwrap()
        .data
        .attributes;
    assert_eq!(a.amount.unwrap().to_string(), "100");
    assert_eq!(a.fee.unwrap().to_string(), "0.50");
    assert_eq!(a.deposit, Some(dec!(100)));
    assert_eq!(a.processed_amount.unwrap().to_string(), "-3.25");
    assert_eq!(a.refunded_amount, None);
    assert_eq!(a.processed_fee, Some(dec!(7)));
    assert_eq!(a.exchange_rate, Some(dec!(123456789012345678)));
    assert!(a.extra.is_empty());
    // The same through a `serde_json::Value` (no raw text on the way).
    let v: Value = serde_json::from_str(raw).unwrap();
    let b = serde_json::from_value::<Document<PaymentInvoice>>(v)
        .unwrap()
        .data
        .attributes;
    assert_eq!(b.fee.unwrap().to_string(), "0.50");
    assert_eq!(b.amount, Some(dec!(100)));
}
