//! What the test binaries share: mock servers, the calls a mock got (by id, so a mock can be
//! checked after its server moved), and one gateway per provider pointed at a server.

#![allow(dead_code, unreachable_pub)]

use httpmock::{Mock, MockServer};

/// A mock server (from httpmock's pool of 25: keep it only as long as needed).
pub async fn server() -> MockServer {
    MockServer::start_async().await
}

/// How many requests the mock `id` of `server` matched.
pub async fn calls(server: &MockServer, id: usize) -> usize {
    Mock::new(id, server).calls_async().await
}

/// A lookup over `pairs`, as `GatewayConfig::from_lookup` takes it.
pub fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(feature = "askell")]
pub mod askell {
    use payments_facade::AskellGateway;
    use payments_facade::askell::webhook::WebhookVerifier;
    use payments_facade::askell::{Client, Credentials};

    pub const API_KEY: &str = "abcdef.abcdefgh1234567890";
    pub const WEBHOOK_SECRET: &str = "askell_test_webhook_secret";
    pub const UUID: &str = "a19ca264-5dd4-4897-bcb8-47d84844a2bc";

    pub fn gateway(server: &httpmock::MockServer) -> AskellGateway {
        let client = Client::builder(Credentials::new(API_KEY))
            .base_url(server.base_url())
            .build()
            .unwrap();
        AskellGateway::new(client).webhooks(WebhookVerifier::new(WEBHOOK_SECRET))
    }
}

#[cfg(feature = "barion")]
pub mod barion {
    use payments_facade::BarionGateway;
    use payments_facade::barion::{Client, Credentials, SecretString};

    pub const POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
    pub const PAYEE: &str = "owner@shop.example";
    pub const PAYMENT_ID: &str = "f28b2b2572644d1084bbb3a7d8362337";

    pub fn gateway(server: &httpmock::MockServer) -> BarionGateway {
        let client = Client::builder(Credentials {
            pos_key: SecretString::from(POS_KEY),
        })
        .base_url(server.base_url())
        .build()
        .unwrap();
        BarionGateway::new(client, PAYEE)
    }
}

#[cfg(feature = "finline")]
pub mod finline {
    use payments_facade::FinlineGateway;
    use payments_facade::finline::{Client, Credentials, SecretString};

    pub const POS_ID: &str = "dc728de1-51ef-4ef1-80f7-3b44b07b5667";
    /// The secret of the fact sheet's webhook vector B.
    pub const API_SECRET: &str = "finline_test_secret_1";

    pub fn gateway(server: &httpmock::MockServer) -> FinlineGateway {
        let client = Client::builder(Credentials {
            pos_id: POS_ID.parse().unwrap(),
            api_key: SecretString::from("API_KEY"),
            api_secret: SecretString::from(API_SECRET),
            endpoints_key: SecretString::from("ENDPOINTS_KEY"),
        })
        .base_url(server.base_url())
        .build()
        .unwrap();
        FinlineGateway::new(client)
    }
}

#[cfg(feature = "payelata")]
pub mod payelata {
    use payments_facade::PayelataGateway;
    use payments_facade::payelata::webhook::CallbackVerifier;
    use payments_facade::payelata::{CardgateClient, Client, Credentials, SecretString};

    pub const LIVE_SECRET: &str = "sk_live_payelata_0";
    pub const TEST_SECRET: &str = "sk_test_payelata_0";
    pub const SERVICE: &str = "payment_card_usd_hpp";

    /// The gateway on `server`, its cardgate on `cardgate`.
    pub fn gateway(
        server: &httpmock::MockServer,
        cardgate: &httpmock::MockServer,
    ) -> PayelataGateway {
        let client = Client::builder(
            server.base_url(),
            Credentials::new("coma_123", SecretString::from("my-api-key")),
        )
        .build()
        .unwrap();
        let cardgate = CardgateClient::builder(cardgate.base_url())
            .build()
            .unwrap();
        PayelataGateway::new(client, SERVICE)
            .cardgate(cardgate)
            .callbacks(CallbackVerifier::new(
                SecretString::from(LIVE_SECRET),
                SecretString::from(TEST_SECRET),
            ))
    }
}

#[cfg(feature = "resid")]
pub mod resid {
    use payments_facade::ResidGateway;
    use payments_facade::resid::{Client, Credentials};

    pub const AUTHORIZATION_CODE: &str = "AUTHORIZATION_CODE";
    pub const MERCHANT: &str = "faSDF42w3Fs";
    pub const TOKEN: &str = "AsF42Sg53";

    pub fn gateway(server: &httpmock::MockServer) -> ResidGateway {
        let client = Client::builder(Credentials::new(AUTHORIZATION_CODE))
            .base_url(server.base_url())
            .build()
            .unwrap();
        ResidGateway::new(client, MERCHANT)
    }
}
