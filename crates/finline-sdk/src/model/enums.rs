//! The API's enumerations: `status`, `method`, `mode`, `status_code`, `order_3ds_bypass`,
//! `price_type` and the error `args.code`.

use std::fmt;

use payments_core::string_enum;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

string_enum! {
    /// `status`: the state of one operation.
    ///
    /// Only [`Success`](Self::Success) and [`Failure`](Self::Failure) are final (see
    /// [`is_final`](Self::is_final)). A business decline is an HTTP 200 with `failure`, not an
    /// HTTP error.
    pub enum Status {
        /// `init`: created (for example the payment page was opened) but no attempt made yet.
        Init = "init",
        /// `pending`: the bank or 3-D Secure is still processing; wait for the webhook or poll.
        Pending = "pending",
        /// `success`: the operation succeeded (final).
        Success = "success",
        /// `failure`: the operation failed or was declined (final).
        Failure = "failure",
        /// `processing`: legacy value seen in older integrations; treated as not final.
        Processing = "processing",
        /// `rejected`: legacy value seen in older integrations; treated as not final.
        Rejected = "rejected",
        /// `unsuccessful`: legacy value seen in older integrations; treated as not final.
        Unsuccessful = "unsuccessful",
        /// `antifraud`: legacy value seen in older integrations (held by anti-fraud); not final.
        Antifraud = "antifraud",
    }
}

impl Status {
    /// `true` for `success` and `failure`: this operation will not change any more. (The order
    /// may still get further operations, such as a capture after a successful auth.)
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failure)
    }
}

string_enum! {
    /// `method`: the kind of operation.
    pub enum Method {
        /// `purchase`: one-step payment (charge at once).
        Purchase = "purchase",
        /// `auth`: reserve (hold) funds, to be captured or voided later.
        Auth = "auth",
        /// `credit`: payout to a card.
        Credit = "credit",
        /// `p2p`: card-to-card transfer.
        P2p = "p2p",
        /// `lookup`: card verification.
        Lookup = "lookup",
        /// `capture`: charge of a successful auth (full or partial).
        Capture = "capture",
        /// `void`: cancellation (reversal) of a successful auth.
        Void = "void",
        /// `refund`: refund of a successful purchase or capture (full or partial).
        Refund = "refund",
    }
}

string_enum! {
    /// `mode`: how the payer's card data reaches the gateway.
    pub enum Mode {
        /// `hosted`: the payer enters the card on the gateway's payment page.
        Hosted = "hosted",
        /// `direct`: the merchant sends card data or a card token (PCI scope). Secondary
        /// operations always report `direct`.
        Direct = "direct",
    }
}

string_enum! {
    /// `order_3ds_bypass`: whether the order may skip 3-D Secure.
    pub enum ThreeDsBypass {
        /// `always`.
        Always = "always",
        /// `supported`: bypass where the card and acquirer support it.
        Supported = "supported",
    }
}

string_enum! {
    /// `price_type` of a product (fiscalization; unconfirmed in the docs).
    pub enum PriceType {
        /// `VAT`: price includes VAT.
        Vat = "VAT",
        /// `NET`: price excludes VAT.
        Net = "NET",
    }
}

string_enum! {
    /// `args.code` of an error answer.
    pub enum ErrorCode {
        /// `S-404`: the order (or another record) was not found.
        NotFound = "S-404",
        /// `P-409`: the record already exists (for example an `order_id` reused on the POS).
        AlreadyExists = "P-409",
    }
}

/// `status_code`: the gateway's result code of an operation, with its description where the
/// docs give one. Sent as a string (`"1009"`), sometimes as a number; both are read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// `1000`: purchase successful.
    PurchaseSuccessful,
    /// `1002`: auth (hold) successful.
    AuthSuccessful,
    /// `1009`: "Reverse successful." (void).
    ReverseSuccessful,
    /// A code this SDK has no description for, kept exactly as sent.
    Unknown(String),
}

impl StatusCode {
    /// The code as text (`"1009"`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::PurchaseSuccessful => "1000",
            Self::AuthSuccessful => "1002",
            Self::ReverseSuccessful => "1009",
            Self::Unknown(code) => code,
        }
    }

    /// The gateway's own description of the code, where the docs quote it (only `1009` so
    /// far; `1000` and `1002` are known from integrations without their wording).
    pub fn description(&self) -> Option<&'static str> {
        match self {
            Self::ReverseSuccessful => Some("Reverse successful."),
            Self::PurchaseSuccessful | Self::AuthSuccessful | Self::Unknown(_) => None,
        }
    }

    /// `true` for the codes known to mean success (`1000`, `1002`, `1009`).
    pub fn is_success(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl From<&str> for StatusCode {
    fn from(code: &str) -> Self {
        match code.trim() {
            "1000" => Self::PurchaseSuccessful,
            "1002" => Self::AuthSuccessful,
            "1009" => Self::ReverseSuccessful,
            _ => Self::Unknown(code.to_owned()),
        }
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = StatusCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status code as a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StatusCode, E> {
                Ok(StatusCode::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StatusCode, E> {
                Ok(StatusCode::from(v.to_string().as_str()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StatusCode, E> {
                Ok(StatusCode::from(v.to_string().as_str()))
            }
        }
        deserializer.deserialize_any(CodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_round_trip() {
        let s: Status = serde_json::from_str("\"chargeback\"").unwrap();
        assert_eq!(s, Status::Unknown("chargeback".into()));
        assert!(!s.is_final());
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"chargeback\"");
        let m: Method = serde_json::from_str("\"void\"").unwrap();
        assert_eq!(m, Method::Void);
        let c: StatusCode = serde_json::from_str("1002").unwrap();
        assert_eq!(c, StatusCode::AuthSuccessful);
        let c: StatusCode = serde_json::from_str("\"2101\"").unwrap();
        assert_eq!(c.description(), None);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"2101\"");
        assert!(Status::Failure.is_final() && !Status::Pending.is_final());
    }
}
