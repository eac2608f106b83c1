//! The cardgate's answer to a sale: the session resource and its 3-D Secure step.

use std::collections::BTreeMap;

use payments_core::{Decimal, Lenient};
use serde::Deserialize;
use serde::de::Deserializer;

use crate::error::ErrorObject;
use crate::jsonapi::{Resource, ResourceKind};
use crate::model::form::{self, FormError, FormMethod};
use crate::model::status::{CardgateStatus, ResolutionCode};
use crate::wire::PhpObject;

/// The cardgate's answer to `POST /payment/sale`.
///
/// Documented as a JSON:API document whose `data` is the cardgate session (`cgi_...`), its
/// 3-D Secure step in `auth_payload`; some answers carry `auth_payload` (and `status`) at the
/// top level instead, and errors as a JSON:API `errors` array. All of these read, and
/// [`auth_payload`](Self::auth_payload) and [`status`](Self::status) look in both places.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SaleAnswer {
    /// Wire `data`: the cardgate session (its `type` is not checked: it is unconfirmed).
    pub data: Option<Resource<CardgateSession>>,
    /// Wire `auth_payload` at the top level.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub auth_payload: Option<AuthPayload>,
    /// Wire `status` at the top level.
    pub status: Option<CardgateStatus>,
    /// Wire `resolution` at the top level.
    pub resolution: Option<ResolutionCode>,
    /// Wire `errors`: JSON:API error objects; `null` reads as empty.
    #[serde(deserialize_with = "serde_with::As::<serde_with::DefaultOnNull>::deserialize")]
    pub errors: Vec<ErrorObject>,
}

impl SaleAnswer {
    /// The 3-D Secure step, from the top level or from `data.attributes`.
    pub fn auth_payload(&self) -> Option<&AuthPayload> {
        self.auth_payload
            .as_ref()
            .or_else(|| self.data.as_ref()?.attributes.auth_payload.as_ref())
    }

    /// `true` when the payer must pass 3-D Secure: an `auth_payload` is present or the status
    /// is `authorize_required`.
    pub fn requires_3ds(&self) -> bool {
        self.auth_payload().is_some()
            || matches!(self.status(), Some(CardgateStatus::AuthorizeRequired))
    }

    /// The operation's status: the top-level `status`, else the session's `active_payment`
    /// status, else the session's own.
    pub fn status(&self) -> Option<&CardgateStatus> {
        self.status.as_ref().or_else(|| {
            let session = &self.data.as_ref()?.attributes;
            session
                .active_payment
                .as_ref()
                .and_then(|p| p.status.as_ref())
                .or(session.status.as_ref())
        })
    }
}

/// The attributes of the cardgate session a sale answers with (Paycore's Google Pay example;
/// every field unconfirmed for Payelata).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CardgateSession {
    /// Wire `amount`.
    #[serde(deserialize_with = "payments_core::amount::json_number_option::deserialize")]
    pub amount: Option<Decimal>,
    /// Wire `currency`.
    pub currency: Option<String>,
    /// Wire `description`.
    pub description: Option<String>,
    /// Wire `service`.
    pub service: Option<String>,
    /// Wire `options`, as sent.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub options: BTreeMap<String, serde_json::Value>,
    /// Wire `customer`, as sent (`reference_id`).
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub customer: BTreeMap<String, serde_json::Value>,
    /// Wire `repeatable`.
    pub repeatable: Option<bool>,
    /// Wire `flow`.
    pub flow: Option<String>,
    /// Wire `status`.
    pub status: Option<CardgateStatus>,
    /// Wire `resolution`.
    pub resolution: Option<ResolutionCode>,
    /// Wire `active_request`.
    pub active_request: Option<OperationState>,
    /// Wire `active_payment`: `status` `authorize_required` means 3-D Secure is needed.
    pub active_payment: Option<OperationState>,
    /// Wire `auto_repay`.
    pub auto_repay: Option<bool>,
    /// Wire `metadata`: the fee (a decimal string, `"0.00"`) and its strategy.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub metadata: Option<CardgateMetadata>,
    /// Wire `form_data`, as sent.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub form_data: BTreeMap<String, serde_json::Value>,
    /// Wire `auth_payload`: the 3-D Secure step.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub auth_payload: Option<AuthPayload>,
    /// Every attribute this SDK does not model, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl ResourceKind for CardgateSession {
    fn expected() -> String {
        "cardgate session".into()
    }

    /// The session's `type` is unconfirmed: any is read.
    fn accepts(_kind: &str) -> bool {
        true
    }

    fn deserialize_attributes<'de, D: Deserializer<'de>>(
        _kind: &str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }

    fn empty(_kind: &str) -> Self {
        Self::default()
    }
}

/// Wire `active_request` / `active_payment`: one operation's state.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OperationState {
    /// Wire `status`.
    pub status: Option<CardgateStatus>,
    /// Wire `resolution`.
    pub resolution: Option<ResolutionCode>,
}

/// Wire `metadata` of a cardgate session.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CardgateMetadata {
    /// Wire `fee`: a decimal **string** (`"0.00"`); kept raw when it is not one.
    pub fee: Option<Lenient<Decimal>>,
    /// Wire `fee_strategy`.
    pub fee_strategy: Option<String>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Wire `auth_payload`: the 3-D Secure step the payer's browser must submit: `params` (3DS1
/// `MD`, `PaReq`, `TermUrl`; 3DS2 `creq`) to `action` with `method` (`POST`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AuthPayload {
    /// Wire `action`: the issuer's (ACS) URL.
    pub action: Option<String>,
    /// Wire `method`: `POST` (the default when missing).
    pub method: Option<FormMethod>,
    /// Wire `params`: the form fields; `[]` reads as none.
    #[serde(deserialize_with = "serde_with::As::<PhpObject>::deserialize")]
    pub params: BTreeMap<String, serde_json::Value>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl AuthPayload {
    /// The HTML page a shop returns to the payer: a form with `params` as hidden fields that
    /// submits itself to `action`.
    ///
    /// Every attribute value (the action, each name and value) is HTML-escaped, so a parameter
    /// cannot close its attribute or inject a tag or script; an action that is not an
    /// `http(s)://` URL (`javascript:...`) is refused with [`FormError::UnsafeAction`]. The one
    /// script is the `submit()` call; a `<noscript>` button submits by hand. Serve it with
    /// `Content-Type: text/html; charset=utf-8`.
    ///
    /// ```
    /// let payload: payelata_sdk::AuthPayload = serde_json::from_str(
    ///     r#"{"action":"https://acs.example/3ds","method":"POST","params":{"creq":"eyJ0\"><b>"}}"#,
    /// ).unwrap();
    /// let html = payload.html_form().unwrap();
    /// assert!(html.contains(r#"<form id="payelata-redirect" method="post" action="https://acs.example/3ds">"#));
    /// assert!(html.contains(r#"name="creq" value="eyJ0&quot;&gt;&lt;b&gt;""#));
    /// ```
    pub fn html_form(&self) -> Result<String, FormError> {
        form::render(
            self.action.as_deref(),
            Some(self.method()),
            &self.params,
            None,
        )
    }

    /// [`html_form`](Self::html_form) with its script tagged with a CSP `nonce`.
    pub fn html_form_with_nonce(&self, nonce: &str) -> Result<String, FormError> {
        form::render(
            self.action.as_deref(),
            Some(self.method()),
            &self.params,
            Some(nonce),
        )
    }

    /// The method, `POST` when missing.
    pub fn method(&self) -> &FormMethod {
        self.method.as_ref().unwrap_or(&FormMethod::Post)
    }
}
