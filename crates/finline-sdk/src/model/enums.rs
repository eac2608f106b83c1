//! The API's enumerations: `status`, `method`, `mode`, `status_code`, `order_3ds_bypass`,
//! `price_type` and the error `args.code`.
//!
//! Every one is a [`payments_core::string_enum!`]: read case-insensitively (numbers as their
//! digits), values this SDK does not know kept in `Unknown(String)` and written back as sent.

use payments_core::string_enum;

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
    ///
    /// ```
    /// use finline_sdk::Status;
    /// assert!(Status::Failure.is_final());
    /// assert!(!Status::from_wire("processing").is_final());
    /// ```
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failure)
    }
}

string_enum! {
    /// `method`: the kind of operation (named `OperationMethod` so it does not clash with
    /// `http::Method`).
    pub enum OperationMethod {
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

string_enum! {
    /// `status_code`: the gateway's result code of an operation (named `ResponseCode` so it
    /// does not clash with `http::StatusCode`). Sent as a string (`"1009"`), sometimes as a
    /// number; both are read. Only three codes are documented; every other is kept in
    /// [`Unknown`](Self::Unknown).
    pub enum ResponseCode {
        /// `1000`: purchase successful.
        PurchaseSuccessful = "1000",
        /// `1002`: auth (hold) successful.
        AuthSuccessful = "1002",
        /// `1009`: "Reverse successful." (void).
        ReverseSuccessful = "1009",
    }
}

impl ResponseCode {
    /// The gateway's own description of the code, where the docs quote it (only `1009` so
    /// far; `1000` and `1002` are known from integrations without their wording).
    ///
    /// ```
    /// use finline_sdk::ResponseCode;
    /// assert_eq!(ResponseCode::from_wire("1009").description(), Some("Reverse successful."));
    /// ```
    pub fn description(&self) -> Option<&'static str> {
        match self {
            Self::ReverseSuccessful => Some("Reverse successful."),
            Self::PurchaseSuccessful | Self::AuthSuccessful | Self::Unknown(_) => None,
        }
    }

    /// `true` for the codes known to mean success (`1000`, `1002`, `1009`).
    ///
    /// ```
    /// use finline_sdk::ResponseCode;
    /// assert!(ResponseCode::from_wire("1000").is_success());
    /// assert!(!ResponseCode::from_wire("2101").is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        !self.is_unknown()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_round_trip_and_codes_read_as_numbers() {
        let s: Status = serde_json::from_str("\"chargeback\"").unwrap();
        assert_eq!(s, Status::Unknown("chargeback".into()));
        assert!(!s.is_final());
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"chargeback\"");
        let m: OperationMethod = serde_json::from_str("\"VOID\"").unwrap();
        assert_eq!(m, OperationMethod::Void);
        let c: ResponseCode = serde_json::from_str("1002").unwrap();
        assert_eq!(c, ResponseCode::AuthSuccessful);
        let c: ResponseCode = serde_json::from_str("\" 1009\"").unwrap();
        assert_eq!(c.description(), Some("Reverse successful."));
        let c: ResponseCode = serde_json::from_str("\"2101\"").unwrap();
        assert_eq!(c.description(), None);
        assert!(!c.is_success());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"2101\"");
        assert!(Status::Failure.is_final() && !Status::Pending.is_final());
    }
}
