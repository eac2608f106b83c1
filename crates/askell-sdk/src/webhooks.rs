//! Endpoints: webhook registrations (`/webhooks/`).
//!
//! One registration subscribes one URL to one event name or wildcard ([`EventType`]); register
//! several for several events. Askell answers each with the registration's `hmac_secret` and
//! `hmac_digest`, which a [`WebhookVerifier`](crate::webhook::WebhookVerifier) needs.
//!
//! Askell's spec documents no body for the answers to create (201) and partial update (200),
//! and an array for replace; these methods therefore answer `Option<Webhook>`: the
//! registration when Askell sends one (as an object or a one-element array), `None` for an
//! empty body.

use payments_core::{HttpClient, InvalidRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::{self, Client};
use crate::error::{Error, ErrorEnvelope};
use crate::model::payment::Single;
use crate::model::webhook::{EventType, Webhook};

/// Body of `POST /webhooks/` and `PUT /webhooks/{id}/`: the URL and the event it receives.
///
/// ```
/// use askell_sdk::WebhookCreate;
/// use askell_sdk::model::webhook::EventType;
///
/// let request = WebhookCreate::new("https://example.com/hooks/askell/", EventType::PaymentAll);
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({"url": "https://example.com/hooks/askell/", "event": "payment.*"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WebhookCreate {
    /// Wire `url`: where Askell posts the events (`http://` or `https://`).
    pub url: String,
    /// Wire `event`: one event name or wildcard.
    pub event: EventType,
}

impl WebhookCreate {
    /// Posts `event` to `url`.
    pub fn new(url: impl Into<String>, event: EventType) -> Self {
        Self {
            url: url.into(),
            event,
        }
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        validate_url(&self.url)
    }
}

/// Body of `PATCH /webhooks/{id}/`: the fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WebhookPatch {
    /// Wire `url`: a new target URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Wire `event`: a new event name or wildcard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventType>,
}

impl WebhookPatch {
    /// A patch that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Changes the event.
    pub fn event(mut self, event: EventType) -> Self {
        self.event = Some(event);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.url.is_none() && self.event.is_none() {
            return Err(InvalidRequest::new(
                "url",
                "a patch must change url or event",
            ));
        }
        if let Some(url) = &self.url {
            validate_url(url)?;
        }
        Ok(())
    }
}

fn validate_url(url: &str) -> Result<(), InvalidRequest> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    if rest.is_some_and(|r| !r.is_empty() && !r.chars().any(char::is_whitespace)) {
        Ok(())
    } else {
        Err(InvalidRequest::new(
            "url",
            format!("must be an http(s) URL, got {url:?}"),
        ))
    }
}

/// Sends `request`; a 2xx answer with an empty body is `None`, otherwise the body is read as
/// `T` (an object or a one-element array).
async fn call_optional<T: DeserializeOwned>(
    http: &HttpClient,
    request: Request,
) -> Result<Option<T>, Error> {
    let response = http.send::<ErrorEnvelope>(request).await?;
    if !response.is_success() {
        return Err(response.api_error(response.try_json::<ErrorEnvelope>()));
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    response
        .json::<Single<T>, ErrorEnvelope>()
        .map(|s| Some(s.0))
}

impl Client {
    /// `GET /webhooks/`: every registration of the account.
    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, Error> {
        client::call(&self.http, Request::get("/webhooks/")).await
    }

    /// `POST /webhooks/`: registers `request.url` for `request.event`. Answers the
    /// registration (with its HMAC secret) when Askell sends it back.
    pub async fn create_webhook(&self, request: &WebhookCreate) -> Result<Option<Webhook>, Error> {
        request.validate()?;
        let req = Request::post("/webhooks/").json(request)?;
        call_optional(&self.http, req).await
    }

    /// `PUT /webhooks/{id}/`: replaces the registration's URL and event.
    pub async fn replace_webhook(
        &self,
        id: i64,
        request: &WebhookCreate,
    ) -> Result<Option<Webhook>, Error> {
        request.validate()?;
        let req = Request::put(format!("/webhooks/{id}/")).json(request)?;
        call_optional(&self.http, req).await
    }

    /// `PATCH /webhooks/{id}/`: changes the URL, the event or both.
    pub async fn update_webhook(
        &self,
        id: i64,
        patch: &WebhookPatch,
    ) -> Result<Option<Webhook>, Error> {
        patch.validate()?;
        let req = Request::patch(format!("/webhooks/{id}/")).json(patch)?;
        call_optional(&self.http, req).await
    }

    /// `DELETE /webhooks/{id}/`: removes the registration (204).
    pub async fn delete_webhook(&self, id: i64) -> Result<(), Error> {
        client::call_empty(&self.http, Request::delete(format!("/webhooks/{id}/"))).await
    }
}
