//! A payment request as `GET /payments/{token}` and the list return it.

use payments_core::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::DefaultOnNull;
use time::OffsetDateTime;

use crate::model::amount::Rials;
use crate::model::time::Timestamp;

/// How long after its creation a payment request can be collected: 20 minutes.
///
/// A bank payment that is not collected ([`Client::collect_payment`](crate::Client::collect_payment))
/// within this window of the request's `created` instant is returned to the payer automatically
/// by Resid. Not collecting is therefore also how a paid-but-unwanted fare is given back.
pub const COLLECT_WINDOW: time::Duration = time::Duration::minutes(20);

payments_core::string_enum! {
    /// Wire `outcome.state`: where the payment stands at the bank.
    ///
    /// Resid documents one value, `pending` (the payer has not finished, or the result is not in
    /// yet). The others are **unconfirmed**: `success`, `failure` and `refunded` are the names
    /// the fact sheets of Resid's integrations expect for a collected fare, a failed payment and
    /// one returned to the payer (uncollected after 20 minutes), read here so a shop need not
    /// match wire text; any other value is kept as [`PaymentState::Unknown`] with its wire text.
    pub enum PaymentState {
        /// `pending`: not finished, or paid and not yet collected; not final.
        Pending = "pending",
        /// `success` (unconfirmed): paid and collected.
        Success = "success",
        /// `failure` (unconfirmed): the bank payment failed.
        Failure = "failure",
        /// `refunded` (unconfirmed): paid, not collected in time, returned to the payer.
        Refunded = "refunded",
    }
}

payments_core::string_enum! {
    /// A bank gateway: wire `outcome.method`, and `preferred_method` when creating a payment.
    ///
    /// Resid documents no list; `asanpardakht` is the one observed. Any other gateway name is
    /// kept (and sent) as [`Gateway::Unknown`], e.g. `Gateway::from_wire("sep")`.
    pub enum Gateway {
        /// `asanpardakht`: the Asan Pardakht gateway.
        AsanPardakht = "asanpardakht",
    }
}

/// Wire `info` of `POST /payments`: the new payment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentCreated {
    /// Wire `token`: the payment request's id (9 alphanumerics in the docs), for the payer's
    /// payment and every later call.
    pub token: String,
}

/// Wire `info` of `GET /payments/{token}`, and each item of `GET /payments`: a payment request
/// and its bank outcome.
///
/// Read leniently: every member but `token` may be missing or `null`; text members Resid sends as
/// `""` when unset read as `""` then too. Malformed `created` text is kept raw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// Wire `token`: the payment request's id (9 alphanumerics in the docs), the key of every
    /// later call.
    pub token: String,
    /// Wire `amount`: the amount requested, in rials.
    #[serde(default)]
    pub amount: Option<Rials>,
    /// Wire `merchant`: how the payee is shown to the payer (not its identifier).
    #[serde(default)]
    pub merchant: Option<MerchantDisplay>,
    /// Wire `description`: your description; `""` when unset.
    #[serde(default, with = "serde_with::As::<DefaultOnNull>")]
    pub description: String,
    /// Wire `payer`: the payer's masked phone number, e.g. `0938*****25`; `None` before anyone
    /// paid (unconfirmed: the docs show only a set value).
    #[serde(default)]
    pub payer: Option<String>,
    /// Wire `created`: when the request was made, in local Iran time with its offset
    /// (`2017-05-14T14:01:50.632640+04:30`); kept raw when it does not parse. See
    /// [`created_utc`](Self::created_utc) and [`collect_deadline`](Self::collect_deadline).
    #[serde(default)]
    pub created: Option<Lenient<Timestamp>>,
    /// Wire `paid`: `null` in every example; its type when set is not documented (probably the
    /// paid instant or a flag), so it is kept exactly as sent.
    #[serde(default)]
    pub paid: Option<serde_json::Value>,
    /// Wire `outcome`: the bank's result.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Wire `payload`: the opaque text you passed when creating it; `""` when unset.
    #[serde(default, with = "serde_with::As::<DefaultOnNull>")]
    pub payload: String,
}

impl Payment {
    /// `created` as a UTC instant, when it was sent and parsed.
    pub fn created_utc(&self) -> Option<OffsetDateTime> {
        self.created
            .as_ref()
            .and_then(Lenient::parsed)
            .map(Timestamp::utc)
    }

    /// The last instant (UTC) the payment can be collected: `created` + [`COLLECT_WINDOW`]
    /// (20 minutes). `None` when `created` is missing or malformed.
    ///
    /// Past it, a successful bank payment that was not collected goes back to the payer by
    /// itself and [`Client::collect_payment`](crate::Client::collect_payment) fails with
    /// Resid's error: nothing is owed and nothing needs undoing; ask the payer to pay again
    /// through a new payment request if the fare is still due.
    ///
    /// ```
    /// # let body = include_str!("../../../../fixtures/resid/payment-get-response.json");
    /// # #[derive(serde::Deserialize)] struct E { info: resid_sdk::Payment }
    /// # let payment = serde_json::from_str::<E>(body).unwrap().info;
    /// // created 2017-05-14T14:01:50.632640+04:30
    /// let deadline = resid_sdk::Timestamp::new(payment.collect_deadline().unwrap()).unwrap();
    /// assert_eq!(deadline.to_string(), "2017-05-14T09:51:50.632640Z");
    /// ```
    pub fn collect_deadline(&self) -> Option<OffsetDateTime> {
        self.created_utc()
            .and_then(|t| t.checked_add(COLLECT_WINDOW))
    }

    /// The bank outcome's state, when there is one.
    pub fn state(&self) -> Option<&PaymentState> {
        self.outcome.as_ref().and_then(|o| o.state.as_ref())
    }
}

/// Wire `merchant` of a payment: display information only (Resid does not repeat the merchant's
/// identifier here). Each member is `""` when unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MerchantDisplay {
    /// Wire `display_name`: the payee's name as shown.
    #[serde(default, with = "serde_with::As::<DefaultOnNull>")]
    pub display_name: String,
    /// Wire `display_image`: an image URL.
    #[serde(default, with = "serde_with::As::<DefaultOnNull>")]
    pub display_image: String,
    /// Wire `display_biz_name`: the business name as shown.
    #[serde(default, with = "serde_with::As::<DefaultOnNull>")]
    pub display_biz_name: String,
}

/// Wire `outcome` of a payment: what the bank reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Outcome {
    /// Wire `rrn`: the bank's retrieval reference number.
    #[serde(default)]
    pub rrn: Option<String>,
    /// Wire `total_amount`: what the payer paid, in rials (probably `amount` plus `tip`;
    /// unconfirmed).
    #[serde(default)]
    pub total_amount: Option<Rials>,
    /// Wire `tip`: the tip the payer added to the fare, in rials.
    #[serde(default)]
    pub tip: Option<Rials>,
    /// Wire `state`: see [`PaymentState`].
    #[serde(default)]
    pub state: Option<PaymentState>,
    /// Wire `state_error`: `null` when there is no error; its type when set is not documented,
    /// so it is kept exactly as sent.
    #[serde(default)]
    pub state_error: Option<serde_json::Value>,
    /// Wire `method`: the gateway used, e.g. [`Gateway::AsanPardakht`].
    #[serde(default)]
    pub method: Option<Gateway>,
}
