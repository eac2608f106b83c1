//! No secret appears in `Debug` (or `Display`) of any type holding one.

use askell_sdk::webhook::WebhookVerifier;
use askell_sdk::{CardDetails, Client, PublicClient, Webhook};

const SECRET_KEY: &str = "abcdef.secretpart1234567890";
const PUBLIC_KEY: &str = "pubpre.publicpart0987654321";
const HMAC_SECRET: &str = "j209ilskdjfk,jsaæ.s7//+&.";
const PAN: &str = "4111111111111111";
const CVC: &str = "737";

fn assert_hidden(text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{s:?} leaked in {text}");
    }
}

#[test]
fn clients_and_builders_hide_the_key() {
    let builder = Client::builder(SECRET_KEY);
    assert_hidden(&format!("{builder:?}"), &[SECRET_KEY, "secretpart"]);
    let client = builder.build().unwrap();
    assert_hidden(
        &format!("{client:?} {client:#?}"),
        &[SECRET_KEY, "secretpart"],
    );
    let public = PublicClient::builder(PUBLIC_KEY).build_public().unwrap();
    assert_hidden(
        &format!("{public:?} {public:#?}"),
        &[PUBLIC_KEY, "publicpart"],
    );
}

#[test]
fn card_details_hide_number_and_cvc() {
    let card = CardDetails::new(PAN, "01", "29", CVC).plan(1);
    let text = format!("{card:?} {card:#?}");
    assert_hidden(&text, &[PAN, "1111", CVC]);
    assert!(text.contains("redacted"));
}

#[test]
fn webhook_registrations_hide_the_hmac_secret() {
    let hooks: Vec<Webhook> =
        serde_json::from_str(include_str!("../../../fixtures/askell/webhook-list.json")).unwrap();
    let text = format!("{hooks:?} {hooks:#?}");
    assert_hidden(
        &text,
        &[HMAC_SECRET, "j209ilskdjfk", "askell_test_webhook_secret"],
    );
}

#[test]
fn the_verifier_hides_its_secret() {
    let verifier = WebhookVerifier::new(HMAC_SECRET);
    assert_hidden(
        &format!("{verifier:?} {verifier:#?}"),
        &[HMAC_SECRET, "j209"],
    );
    let from_hook: Webhook = serde_json::from_str(include_str!(
        "../../../fixtures/askell/webhook-create-response.json"
    ))
    .unwrap();
    let verifier = WebhookVerifier::from_webhook(&from_hook).unwrap();
    assert_hidden(&format!("{verifier:?}"), &[HMAC_SECRET, "j209"]);
}
