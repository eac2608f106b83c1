//! Webhook signatures, computed the way each provider computes them (checked against the
//! fact sheets' test vectors below).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha512};

fn hmac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <M as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Askell `Hook-HMAC`: `base64(HMAC-<digest>(secret, body))`, standard alphabet, padded.
/// `digest` is `SHA512`, `SHA256` or `SHA1` (any case); anything else is `None`.
pub(crate) fn askell_hook_hmac(secret: &str, digest: &str, body: &[u8]) -> Option<String> {
    let key = secret.as_bytes();
    let raw = match digest.trim().to_ascii_uppercase().replace('-', "").as_str() {
        "SHA512" => hmac::<Hmac<Sha512>>(key, body),
        "SHA256" => hmac::<Hmac<Sha256>>(key, body),
        "SHA1" => hmac::<Hmac<Sha1>>(key, body),
        _ => return None,
    };
    Some(STANDARD.encode(raw))
}

fn sha1_sandwich(secret: &[u8], data: &[u8]) -> Vec<u8> {
    let mut h = Sha1::new();
    h.update(secret);
    h.update(data);
    h.update(secret);
    h.finalize().to_vec()
}

/// Financial Line `data` field: the operation JSON in base64url, padded.
pub(crate) fn finline_data(json: &[u8]) -> String {
    URL_SAFE.encode(json)
}

/// Financial Line `signature`: `base64url(SHA1(secret ‖ data ‖ secret))`, padded, over the
/// `data` text (not the decoded JSON).
pub(crate) fn finline_signature(secret: &str, data: &str) -> String {
    URL_SAFE.encode(sha1_sandwich(secret.as_bytes(), data.as_bytes()))
}

/// Payelata `X-Signature`: `base64(SHA1(secret ‖ body ‖ secret))`, standard alphabet.
pub(crate) fn payelata_signature(secret: &str, body: &[u8]) -> String {
    STANDARD.encode(sha1_sandwich(secret.as_bytes(), body))
}

/// HMAC-SHA256 in base64url without padding (the cardgate bearer's JWT signature).
pub(crate) fn jwt_hs256(key: &[u8], message: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hmac::<Hmac<Sha256>>(key, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKELL_BODY: &str = r#"{"event":"payment.changed","sender":"admin","data":{"uuid":"a19ca264-5dd4-4897-bcb8-47d84844a2bc","amount":"1.0000","currency":"ISK","description":"My description","reference":"customer-12345","state":"settled","created_at":"2021-10-15T10:02:25.663806Z","updated_at":"2021-10-15T10:02:25.663824Z","transactions":[]}}"#;

    #[test]
    fn askell_vectors_of_the_fact_sheet() {
        assert_eq!(ASKELL_BODY.len(), 316);
        assert_eq!(
            ASKELL_BODY,
            include_str!("../../../fixtures/askell/webhook-vector-body.json").trim_end()
        );
        let secret = "askell_test_webhook_secret";
        let body = ASKELL_BODY.as_bytes();
        assert_eq!(
            askell_hook_hmac(secret, "SHA512", body).unwrap(),
            "9W33OYnrO7thfgoXru/eVj1otSPgvsMN9PRwTW6kuAizNeU2+FRFjbtT3C2lLwKmuPHCUzJIB5TACmxdJIzV6Q=="
        );
        assert_eq!(
            askell_hook_hmac(secret, "sha256", body).unwrap(),
            "a8FPi9BaoO5y7bKsysbxqLN1t6rmOuqGZYWIVDHI4sE="
        );
        assert_eq!(
            askell_hook_hmac(secret, "SHA1", body).unwrap(),
            "RSfRKhSUiUZT9WH81DOJAYv3e3M="
        );
        assert_eq!(
            askell_hook_hmac("j209ilskdjfk,jsaæ.s7//+&.", "SHA512", body).unwrap(),
            "IyoGVvKm7K8i42+vl86XnhJnYryJus/cH9UBomcfRBLF0kEmtOcjnhxhEua6Ciw0/xAjgYPfe0aieK7J32U9Zw=="
        );
        let with_newline = format!("{ASKELL_BODY}\n");
        assert_eq!(
            askell_hook_hmac(secret, "SHA512", with_newline.as_bytes()).unwrap(),
            "qy4X5awIxI4wg+M3vdTPTcQewHM7HQePTyZ7xWnjYJiKo5k/QLU8FH7FPO8j0hhjCQtMOtYDVsFHKpt2NGD6jA=="
        );
        assert_eq!(askell_hook_hmac(secret, "MD5", body), None);
    }

    #[test]
    fn finline_vectors_of_the_fact_sheet() {
        // Vector A.
        let data = finline_data(br#"{"name":"Joe","age":20}"#);
        assert_eq!(data, "eyJuYW1lIjoiSm9lIiwiYWdlIjoyMH0=");
        assert_eq!(
            finline_signature("changeme", &data),
            "Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ="
        );
        // Vector B.
        let json = include_str!("../../../fixtures/finline/webhook-vector-b.json").trim_end();
        let data = finline_data(json.as_bytes());
        assert_eq!(
            data,
            "eyJvcmRlcl9pZCI6Im9yZC0xIiwibWV0aG9kIjoicHVyY2hhc2UiLCJzdGF0dXMiOiJzdWNjZXNzIiwic3RhdHVzX2NvZGUiOiIxMDAwIiwiYW1vdW50IjoxMi41LCJjdXJyZW5jeSI6IlVBSCIsInBheWxvYWQiOiJhP2I-Y2QifQ=="
        );
        let signature = finline_signature("finline_test_secret_1", &data);
        assert_eq!(signature, "IRRwbwtogzoy_EW_4xwq1yOKu4U=");
        assert_ne!(signature, "IRRwbwtogzoy/EW/4xwq1yOKu4U=");
        assert_ne!(
            finline_signature("finline_test_secret_1", json),
            signature,
            "the signature is over `data`, not the decoded JSON"
        );
        assert_eq!(
            finline_signature("finline_test_secret_1", json),
            "PKMQytustMKvdyc-eqFZJvs5TkQ="
        );
    }

    #[test]
    fn payelata_vector_of_the_fact_sheet() {
        let body = r#"{"data":{"type":"payment-invoices","id":"cpi_TEST0000000001","attributes":{"serial_number":"TEST0000000001","status":"processed","resolution":"ok","moderation_required":false,"amount":100,"payment_amount":100,"currency":"USD","service_currency":"USD","reference_id":"ORDER-42","test_mode":true,"fee":0,"deposit":100,"processed":1585175070,"processed_amount":100,"refunded_amount":null,"processed_fee":0,"processed_deposit":100,"metadata":[],"flow":"hpp","payment_flow":"charge","created":1585175055,"updated":1585175070,"payload":{"token":"4c9jHUgeL1SD7g5byDYn9Gc0RC60NN3x"}},"links":{"self":"/api/payment-invoices/cpi_TEST0000000001"}}}"#;
        assert_eq!(body.len(), 637);
        let signature = payelata_signature("sk_test_payelata_0", body.as_bytes());
        assert_eq!(signature, "osjIcDvhuOaSrP9adItfOd+CsQE=");
        assert_ne!(signature, "osjIcDvhuOaSrP9adItfOd-CsQE=");
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(body).unwrap())
                .unwrap();
        assert_ne!(
            payelata_signature("sk_test_payelata_0", pretty.as_bytes()),
            signature
        );
    }
}
