//! No secret ever shows in `Debug`.

mod common;

use common::{API_KEY, API_SECRET, ENDPOINTS_KEY, POS_ID};
use finline_sdk::{Card, CardData, Client, Decimal, DirectPaymentRequest, SecretString};

const PAN: &str = "4242424242424242";
const CVV: &str = "987";
const TOKEN: &str = "rcr:tok_supersecret";

fn builder() -> finline_sdk::ClientBuilder {
    Client::builder(
        POS_ID.parse().unwrap(),
        SecretString::from(API_KEY),
        SecretString::from(API_SECRET),
        SecretString::from(ENDPOINTS_KEY),
    )
}

fn card() -> CardData {
    CardData::new(SecretString::from(PAN), 2, 24, SecretString::from(CVV))
}

#[test]
fn debug_never_shows_a_secret() {
    let shown = [
        format!("{:?}", builder()),
        format!("{:?}", builder().build().unwrap()),
        format!("{:?}", card()),
        format!("{:?}", Card::Data(card())),
        format!("{:?}", Card::Token(SecretString::from(TOKEN))),
        format!(
            "{:?}",
            DirectPaymentRequest::auth(Decimal::ONE, "UAH", "x", "1", Card::Data(card()))
        ),
        format!(
            "{:?}",
            DirectPaymentRequest::purchase(
                Decimal::ONE,
                "UAH",
                "x",
                "1",
                Card::Token(SecretString::from(TOKEN))
            )
        ),
        format!(
            "{:?}",
            DirectPaymentRequest::credit(Decimal::ONE, "UAH", "x", "1", SecretString::from(PAN))
        ),
    ];
    for text in &shown {
        for secret in [API_KEY, API_SECRET, ENDPOINTS_KEY, PAN, CVV, TOKEN, "CPAY"] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
        assert!(
            text.contains("redacted") || text.contains("Sensitive"),
            "{text}"
        );
    }
    // The POS id is not a secret and helps debugging.
    assert!(shown[1].contains(POS_ID));
}

#[test]
fn a_key_a_header_cannot_carry_fails_without_echoing_it() {
    let err = Client::builder(
        POS_ID.parse().unwrap(),
        SecretString::from("bad\nkey-value"),
        SecretString::from(API_SECRET),
        SecretString::from(ENDPOINTS_KEY),
    )
    .build()
    .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("key-value"), "{text}");
    assert!(!text.contains(API_SECRET), "{text}");
}
