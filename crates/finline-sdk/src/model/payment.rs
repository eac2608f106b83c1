//! The answer of a hosted payment: where to send the payer.

use serde::Deserialize;

/// The answer of a hosted `POST /payment`: the payment page to redirect the payer to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HostedPayment {
    /// `redirect_url` of the JSON body, or the `Location` header of the answer: the payment
    /// page URL.
    pub redirect_url: String,
    /// Where the URL was found.
    pub source: RedirectSource,
}

/// Where a hosted payment's page URL came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectSource {
    /// The `redirect_url` member of a JSON body.
    Body,
    /// The `Location` header of the answer (a 3xx, or a 2xx without `redirect_url`).
    Location,
}

/// The JSON body of a hosted payment answer (only `redirect_url` is documented).
#[derive(Debug, Deserialize)]
pub(crate) struct HostedPaymentBody {
    /// `redirect_url`: the payment page.
    pub(crate) redirect_url: Option<String>,
}
