//! Endpoint: `GET /hello/`, the credentials test.

use payments_core::Request;
use serde::Deserialize;

use crate::client::{self, Client};
use crate::error::Error;

/// Answer to `GET /hello/` (v1 `Hello` schema).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Hello {
    /// Wire `status`: `"success"`.
    #[serde(default)]
    pub status: Option<String>,
    /// Wire `message`: a greeting, `"Hello, <account name>"`.
    #[serde(default)]
    pub message: Option<String>,
    /// Wire `account`: the name of the account the key belongs to.
    #[serde(default)]
    pub account: Option<String>,
}

impl Client {
    /// `GET /hello/`: checks the secret key and names its account. A wrong key is an
    /// [`Error::Api`](payments_core::Error::Api) with status 401 or 403.
    pub async fn hello(&self) -> Result<Hello, Error> {
        client::call(&self.http, Request::get("/hello/")).await
    }
}
