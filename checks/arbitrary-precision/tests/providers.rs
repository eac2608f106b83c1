//! Each provider's recorded answers, with fractional amounts, decoded with `arbitrary_precision`
//! on: every amount keeps every digit and its scale.

fn fixture(path: &str) -> String {
    let full = format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn finline_operation_amounts_are_exact() {
    let body = fixture("finline/void-response.json").replace("\"amount\": 100", "\"amount\": 100.55");
    assert!(body.contains("100.55"));
    let op: finline_sdk::Operation = serde_json::from_str(&body).unwrap();
    assert_eq!(op.amount.unwrap().to_string(), "100.55");
}

#[test]
fn payelata_invoice_amounts_are_exact_through_the_flattened_extra_map() {
    let body = fixture("payelata/token-checkout-response.json")
        .replace("\"amount\": 100", "\"amount\": 0.12345678901234567891");
    assert!(body.contains("0.12345678901234567891"));
    let doc: payelata_sdk::Document<payelata_sdk::PaymentInvoice> =
        serde_json::from_str(&body).unwrap();
    let amount = doc.data.attributes.amount.unwrap();
    assert_eq!(amount.to_string(), "0.12345678901234567891");
}

#[test]
fn resid_whole_rials_still_read() {
    let body = fixture("resid/payment-get-response.json");
    let envelope: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(envelope["info"]["amount"].to_string(), "10000");
    let payment: resid_sdk::Payment = serde_json::from_value(envelope["info"].clone()).unwrap();
    assert_eq!(payment.amount.map(|r| r.get()), Some(10_000));
}
