//! Wire types: the credentials test (`GET /hello/`).

use serde::Deserialize;

/// Answer to `GET /hello/` (v1 `Hello` schema):
/// `{"status":"success","message":"Hello, <account>","account":"<account>"}`.
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
