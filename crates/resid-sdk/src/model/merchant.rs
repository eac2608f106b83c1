//! A merchant (payee) as `POST /merchants` echoes it.

use std::collections::BTreeMap;

use payments_core::Lenient;
use serde::{Deserialize, Serialize};

/// Members that may carry the merchant's identifier, tried in this order by
/// [`Merchant::identifier`]. Resid's docs do not name it (unconfirmed).
const IDENTIFIER_CANDIDATES: [&str; 4] = ["id", "merchant_id", "merchant", "token"];

/// Wire `info` of `POST /merchants`: the registered merchant, echoed.
///
/// Resid's docs show only the start of this answer (`{"first_name": "Asghar", ...}`), so every
/// member is optional, and members this SDK does not know are kept in
/// [`other`](Self::other). In particular the name of the member holding the merchant's
/// identifier (the value `create_payment` takes as `merchant`, e.g. `faSDF42w3Fs`) is not
/// documented: [`identifier`](Self::identifier) looks for it under likely names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Merchant {
    /// Wire `first_name`.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Wire `last_name`.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Wire `phone_number`: the mobile number, `09` and 9 digits.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Wire `national_no`: the Iranian national code (10 digits).
    #[serde(default)]
    pub national_no: Option<String>,
    /// Wire `sheba`: the payee's IBAN (`IR` and 24 digits).
    #[serde(default)]
    pub sheba: Option<String>,
    /// Wire `bank_code`: an integer (the code list is not documented); kept raw when it is not
    /// one (a form echo may send it as text).
    #[serde(default)]
    pub bank_code: Option<Lenient<i64>>,
    /// Wire `job_title`: `""` when unset.
    #[serde(default)]
    pub job_title: Option<String>,
    /// Wire `logo`: the profile image (probably a URL; unconfirmed), `null` when none.
    #[serde(default)]
    pub logo: Option<serde_json::Value>,
    /// Every other member, as sent (the identifier among them).
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl Merchant {
    /// The merchant's identifier for [`CreatePayment::new`](crate::CreatePayment::new): the first
    /// non-empty text among the members `id`, `merchant_id`, `merchant`, `token`.
    ///
    /// A guess: Resid's docs do not name this member. If it returns `None`, look in
    /// [`other`](Self::other) (and tell us the name, so this SDK can model it).
    pub fn identifier(&self) -> Option<&str> {
        IDENTIFIER_CANDIDATES.iter().find_map(|name| {
            self.other
                .get(*name)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.trim().is_empty())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_is_the_first_likely_text_member() {
        let m: Merchant =
            serde_json::from_str(r#"{"first_name":"Asghar","id":42,"merchant":"faSDF42w3Fs"}"#)
                .unwrap();
        assert_eq!(m.identifier(), Some("faSDF42w3Fs"));
        assert_eq!(m.first_name.as_deref(), Some("Asghar"));
        let none: Merchant = serde_json::from_str(r#"{"first_name":"Asghar"}"#).unwrap();
        assert_eq!(none.identifier(), None);
        let text_code: Merchant = serde_json::from_str(r#"{"bank_code":"0"}"#).unwrap();
        assert_eq!(text_code.bank_code.unwrap().raw(), Some("0"));
    }
}
