//! Webhook signature helpers, every comparison in constant time.
//!
//! | scheme | used by |
//! |---|---|
//! | `base64(HMAC-SHA512/256/1(secret, body))`, standard alphabet, padded | Askell `Hook-HMAC` |
//! | `base64(SHA1(secret ‖ data ‖ secret))`, standard alphabet | Payelata `X-Signature` |
//! | `base64url(SHA1(secret ‖ data ‖ secret))`, URL-safe alphabet, padded | Financial Line `signature` |
//!
//! Verification compares the expected encoded text with the received one (surrounding
//! whitespace ignored) without short-circuiting, so a signature in the wrong alphabet is a
//! mismatch, never a near-miss.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha512};
use subtle::ConstantTimeEq;

/// A webhook signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// No signature was given.
    #[error("the signature is missing")]
    Missing,
    /// The signature does not match the body and secret.
    #[error("the signature does not match the body")]
    Mismatch,
    /// The digest algorithm named is not supported.
    #[error("the signature's digest algorithm is not supported")]
    UnsupportedAlgorithm,
}

/// The hash under an HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HmacAlgorithm {
    /// HMAC-SHA1.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl HmacAlgorithm {
    /// Reads a digest name as providers write it (`SHA512`, `sha512`, `SHA-512`), ignoring case.
    pub fn from_name(name: &str) -> Option<Self> {
        let n: String = name
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        match n.as_str() {
            "sha1" => Some(Self::Sha1),
            "sha256" => Some(Self::Sha256),
            "sha512" => Some(Self::Sha512),
            _ => None,
        }
    }
}

/// `base64(HMAC-<algorithm>(key, message))`, standard alphabet with padding.
pub fn hmac_base64(algorithm: HmacAlgorithm, key: &[u8], message: &[u8]) -> String {
    fn mac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
        // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
        let mut m = <M as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        m.update(message);
        m.finalize().into_bytes().to_vec()
    }
    let raw = match algorithm {
        HmacAlgorithm::Sha1 => mac::<Hmac<Sha1>>(key, message),
        HmacAlgorithm::Sha256 => mac::<Hmac<Sha256>>(key, message),
        HmacAlgorithm::Sha512 => mac::<Hmac<Sha512>>(key, message),
    };
    STANDARD.encode(raw)
}

/// Checks `signature` against `base64(HMAC-<algorithm>(key, message))` in constant time.
pub fn verify_hmac_base64(
    algorithm: HmacAlgorithm,
    key: &[u8],
    message: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    compare(&hmac_base64(algorithm, key, message), signature)
}

/// The raw `SHA1(secret ‖ data ‖ secret)`.
pub fn sha1_sandwich(secret: &[u8], data: &[u8]) -> [u8; 20] {
    let mut h = Sha1::new();
    h.update(secret);
    h.update(data);
    h.update(secret);
    h.finalize().into()
}

/// `base64(SHA1(secret ‖ data ‖ secret))`, standard alphabet with padding.
pub fn sha1_sandwich_base64(secret: &[u8], data: &[u8]) -> String {
    STANDARD.encode(sha1_sandwich(secret, data))
}

/// `base64url(SHA1(secret ‖ data ‖ secret))`, URL-safe alphabet with padding.
pub fn sha1_sandwich_base64url(secret: &[u8], data: &[u8]) -> String {
    URL_SAFE.encode(sha1_sandwich(secret, data))
}

/// Checks `signature` against [`sha1_sandwich_base64`] in constant time.
pub fn verify_sha1_sandwich_base64(
    secret: &[u8],
    data: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    compare(&sha1_sandwich_base64(secret, data), signature)
}

/// Checks `signature` against [`sha1_sandwich_base64url`] in constant time.
pub fn verify_sha1_sandwich_base64url(
    secret: &[u8],
    data: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    compare(&sha1_sandwich_base64url(secret, data), signature)
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

fn compare(expected: &str, received: &str) -> Result<(), SignatureError> {
    let received = received.trim();
    if received.is_empty() {
        return Err(SignatureError::Missing);
    }
    if constant_time_eq(expected.as_bytes(), received.as_bytes()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 316-byte `payment.changed` body of Askell's fact sheet, §6.3.
    const ASKELL_BODY: &str = include_str!("../testdata/askell-webhook-body.json");

    #[test]
    fn askell_vectors_verify_for_every_digest() {
        assert_eq!(ASKELL_BODY.len(), 316);
        let key = b"askell_test_webhook_secret";
        let cases = [
            (
                HmacAlgorithm::Sha512,
                "9W33OYnrO7thfgoXru/eVj1otSPgvsMN9PRwTW6kuAizNeU2+FRFjbtT3C2lLwKmuPHCUzJIB5TACmxdJIzV6Q==",
            ),
            (
                HmacAlgorithm::Sha256,
                "a8FPi9BaoO5y7bKsysbxqLN1t6rmOuqGZYWIVDHI4sE=",
            ),
            (HmacAlgorithm::Sha1, "RSfRKhSUiUZT9WH81DOJAYv3e3M="),
        ];
        for (alg, sig) in cases {
            assert_eq!(hmac_base64(alg, key, ASKELL_BODY.as_bytes()), sig);
            assert_eq!(
                verify_hmac_base64(alg, key, ASKELL_BODY.as_bytes(), sig),
                Ok(())
            );
        }
    }

    #[test]
    fn askell_non_ascii_secret_and_negative_vector() {
        let secret = "j209ilskdjfk,jsaæ.s7//+&.";
        assert_eq!(secret.len(), 26);
        assert_eq!(
            hmac_base64(
                HmacAlgorithm::Sha512,
                secret.as_bytes(),
                ASKELL_BODY.as_bytes()
            ),
            "IyoGVvKm7K8i42+vl86XnhJnYryJus/cH9UBomcfRBLF0kEmtOcjnhxhEua6Ciw0/xAjgYPfe0aieK7J32U9Zw=="
        );
        let with_newline = format!("{ASKELL_BODY}\n");
        assert_eq!(
            hmac_base64(
                HmacAlgorithm::Sha512,
                b"askell_test_webhook_secret",
                with_newline.as_bytes()
            ),
            "qy4X5awIxI4wg+M3vdTPTcQewHM7HQePTyZ7xWnjYJiKo5k/QLU8FH7FPO8j0hhjCQtMOtYDVsFHKpt2NGD6jA=="
        );
        assert_eq!(
            verify_hmac_base64(
                HmacAlgorithm::Sha512,
                b"askell_test_webhook_secret",
                with_newline.as_bytes(),
                "9W33OYnrO7thfgoXru/eVj1otSPgvsMN9PRwTW6kuAizNeU2+FRFjbtT3C2lLwKmuPHCUzJIB5TACmxdJIzV6Q==",
            ),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn finline_vector_verifies_in_base64url_only() {
        let data = b"eyJuYW1lIjoiSm9lIiwiYWdlIjoyMH0=";
        assert_eq!(
            sha1_sandwich_base64url(b"changeme", data),
            "Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ="
        );
        assert_eq!(
            verify_sha1_sandwich_base64url(b"changeme", data, " Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ=\n"),
            Ok(())
        );
        assert_eq!(
            verify_sha1_sandwich_base64url(b"changeme", data, "Bcj3hb+h00HrEMIoJ5nPW5ZHlVQ="),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_sha1_sandwich_base64url(b"changemf", data, "Bcj3hb-h00HrEMIoJ5nPW5ZHlVQ="),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_sha1_sandwich_base64url(b"changeme", data, ""),
            Err(SignatureError::Missing)
        );
    }

    #[test]
    fn payelata_vector_verifies_in_standard_base64_only() {
        // Payelata's fact sheet §10.1: raw body and secret.
        let body = include_bytes!("../testdata/payelata-webhook-body.json");
        let secret = b"sk_test_payelata_0";
        assert_eq!(
            sha1_sandwich_base64(secret, body),
            "osjIcDvhuOaSrP9adItfOd+CsQE="
        );
        assert_eq!(
            verify_sha1_sandwich_base64(secret, body, "osjIcDvhuOaSrP9adItfOd+CsQE="),
            Ok(())
        );
        assert_eq!(
            verify_sha1_sandwich_base64(secret, body, "osjIcDvhuOaSrP9adItfOd-CsQE="),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn digest_names_are_read_case_insensitively() {
        assert_eq!(
            HmacAlgorithm::from_name("SHA512"),
            Some(HmacAlgorithm::Sha512)
        );
        assert_eq!(
            HmacAlgorithm::from_name("sha-256"),
            Some(HmacAlgorithm::Sha256)
        );
        assert_eq!(HmacAlgorithm::from_name("Sha1"), Some(HmacAlgorithm::Sha1));
        assert_eq!(HmacAlgorithm::from_name("md5"), None);
    }

    #[test]
    fn constant_time_eq_is_plain_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
