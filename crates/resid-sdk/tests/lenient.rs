//! The fixtures (the seed's samples as valid JSON) decode to the values the seed prints, and
//! every fixture still decodes with any one member nulled or removed, except the documented
//! required paths, which fail with a decode error.

use std::sync::Arc;

use payments_core::http::{Method, StatusCode};
use payments_core::test_util::{Mutation, ReplayEvent, ReplayTransport, json_mutations};
use resid_sdk::{Client, CreatePayment, Credentials, Error, ListPayments, Rials};
use serde_json::Value;

const CREATE: (&str, &str) = (
    "resid/payment-create-response.json",
    include_str!("../../../fixtures/resid/payment-create-response.json"),
);
const COLLECT: (&str, &str) = (
    "resid/payment-collect-response.json",
    include_str!("../../../fixtures/resid/payment-collect-response.json"),
);
const GET: (&str, &str) = (
    "resid/payment-get-response.json",
    include_str!("../../../fixtures/resid/payment-get-response.json"),
);
const LIST: (&str, &str) = (
    "resid/payment-list-response.json",
    include_str!("../../../fixtures/resid/payment-list-response.json"),
);
const MERCHANT: (&str, &str) = (
    "resid/merchant-register-response.json",
    include_str!("../../../fixtures/resid/merchant-register-response.json"),
);

/// Vector R1: the seed's GET example with its typographic quotes replaced, the missing `{`
/// added and the trailing commas removed.
const R1: &str = r#"{"message":"OK","info":{"merchant":{"display_name":"","display_image":"","display_biz_name":""},"description":"","payer":"0938*****25","created":"2017-05-14T14:01:50.632640+04:30","amount":10000,"paid":null,"token":"AsF42Sg53","outcome":{"rrn":"bank_reference_code","total_amount":10000,"tip":0,"state":"pending","state_error":null,"method":"asanpardakht"},"payload":""},"errors":[]}"#;

#[test]
fn the_fixtures_are_the_seed_samples() {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    assert_eq!(parse(GET.1), parse(R1));
    // The list answer is the same payment in an array.
    let list = parse(LIST.1);
    assert_eq!(list["info"][0], parse(R1)["info"]);
    assert_eq!(list["info"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        parse(CREATE.1),
        serde_json::json!({"message": "OK", "info": {"token": "AsF42Sg53"}, "errors": []})
    );
    assert_eq!(
        parse(COLLECT.1),
        serde_json::json!({"message": "OK", "info": {}, "errors": []})
    );
    assert_eq!(parse(MERCHANT.1)["info"]["first_name"], "Asghar");
}

/// What a fixture is decoded by: the client call that receives it.
#[derive(Clone, Copy, Debug)]
enum Call {
    Create,
    Collect,
    Get,
    List,
    Register,
}

impl Call {
    fn event(self, body: String) -> ReplayEvent {
        let (method, path) = match self {
            Self::Create => (Method::POST, "/payments"),
            Self::Collect => (Method::POST, "/payments/AsF42Sg53/collect"),
            Self::Get => (Method::GET, "/payments/AsF42Sg53"),
            Self::List => (Method::GET, "/payments"),
            Self::Register => (Method::POST, "/merchants"),
        };
        ReplayEvent::new(method, path, StatusCode::OK, body)
    }

    async fn run(self, client: &Client) -> Result<(), Error> {
        match self {
            Self::Create => client
                .create_payment(&CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)))
                .await
                .map(drop),
            Self::Collect => client.collect_payment("AsF42Sg53").await,
            Self::Get => client.payment("AsF42Sg53").await.map(drop),
            Self::List => client
                .payments_page(&ListPayments::latest())
                .await
                .map(drop),
            Self::Register => {
                let request = resid_sdk::RegisterMerchant::new(
                    "Asghar",
                    "Farhadi",
                    resid_sdk::MobileNumber::new("09123456789").unwrap(),
                    resid_sdk::NationalCode::new("0499370899").unwrap(),
                    resid_sdk::Sheba::new("IR062960000000100324200001").unwrap(),
                    0,
                );
                client.register_merchant(&request).await.map(drop)
            }
        }
    }
}

/// Paths that must be there, each failing with a decode error when nulled or removed:
/// - `info` of a single object (the payment, the create's token, the merchant echo): an OK
///   answer without it says nothing;
/// - the payment's and the created payment's key, `token`.
///
/// Everything else reads when nulled or removed: `message` (an answer without errors counts
/// as a success), `errors` (as empty), the list's and collect's `info` (as empty), every
/// member of a payment but its token.
const REQUIRED: &[(&str, &str)] = &[
    ("resid/payment-create-response.json", "info"),
    ("resid/payment-create-response.json", "info.token"),
    ("resid/payment-get-response.json", "info"),
    ("resid/payment-get-response.json", "info.token"),
    ("resid/payment-list-response.json", "info[0].token"),
    ("resid/merchant-register-response.json", "info"),
];

#[tokio::test]
async fn every_fixture_reads_with_any_member_nulled_or_removed_but_the_required() {
    let fixtures = [
        (CREATE, Call::Create),
        (COLLECT, Call::Collect),
        (GET, Call::Get),
        (LIST, Call::List),
        (MERCHANT, Call::Register),
    ];
    let mut checked = 0;
    let mut required_seen = Vec::new();
    for ((name, body), call) in fixtures {
        let doc: Value = serde_json::from_str(body).unwrap();
        let mut variants = json_mutations(&doc);
        variants.push(("(as is)".into(), Mutation::Nulled, doc.clone()));
        for (path, mutation, variant) in variants {
            let replay = Arc::new(ReplayTransport::new([call.event(variant.to_string())]));
            let client = Client::builder(Credentials::new("abc123"))
                .base_url("https://resid.test/api/v1")
                .transport(replay.clone())
                .build()
                .unwrap();
            let result = call.run(&client).await;
            replay.assert_done();
            let required = REQUIRED.contains(&(name, path.as_str()));
            match (required, result) {
                (false, Ok(())) => {}
                (true, Err(Error::Decode(_))) => required_seen.push((name, path.clone())),
                (false, Err(e)) => panic!("{name} {path} {mutation:?} must read: {e}"),
                (true, other) => {
                    panic!("{name} {path} {mutation:?} must fail to decode, got {other:?}")
                }
            }
            checked += 1;
        }
    }
    // Each required path was hit twice (nulled and removed).
    assert_eq!(required_seen.len(), REQUIRED.len() * 2);
    assert!(checked > 60, "{checked}");
}
