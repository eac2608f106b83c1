//! No secret ever shows in `Debug`.

mod common;

use barion_sdk::{Client, Environment, SecretString};
use common::POS_KEY;

#[test]
fn client_and_builder_debug_never_show_the_pos_key() {
    let builder = Client::builder(SecretString::from(POS_KEY), Environment::Production)
        .legacy_query_auth(true);
    let text = format!("{builder:?}");
    assert!(!text.contains(POS_KEY), "{text}");
    assert!(text.contains("redacted"), "{text}");
    let client = builder.base_url("http://127.0.0.1:1").build().unwrap();
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!text.contains(POS_KEY), "{text}");
        assert!(
            !text
                .to_ascii_lowercase()
                .contains(&POS_KEY.to_ascii_lowercase()),
            "{text}"
        );
    }
}

#[tokio::test]
async fn errors_of_the_legacy_query_never_show_the_pos_key() {
    // Nothing listens on port 1: the request fails and the error must not carry the query.
    let client = Client::builder(SecretString::from(POS_KEY), Environment::Test)
        .base_url("http://127.0.0.1:1")
        .retry(barion_sdk::RetryPolicy::disabled())
        .legacy_query_auth(true)
        .build()
        .unwrap();
    let err = client
        .get_payment_state(common::id("ecc2bc7a3d8147cab1f04de3dddd657f"))
        .await
        .unwrap_err();
    for text in [format!("{err:?}"), err.to_string()] {
        assert!(!text.contains(POS_KEY), "{text}");
    }
}

#[test]
fn an_empty_pos_key_is_refused() {
    let err = Client::new(SecretString::from("  "), Environment::Test).unwrap_err();
    assert!(err.to_string().contains("pos_key"), "{err}");
}
