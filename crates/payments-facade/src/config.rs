//! [`GatewayConfig`]: a gateway chosen and configured by environment variables, so a shop can
//! switch provider without a code change.
//!
//! `PAYMENTS_PROVIDER` names the provider (`askell`, `barion`, `resid`, `finline`, `payelata`);
//! the provider's own variables follow. Every value is held as a secret: no error, `Debug` or
//! log line shows one; an error names the variable.
//!
//! | variable | provider | required | meaning |
//! |---|---|---|---|
//! | `PAYMENTS_PROVIDER` | all | yes | which provider |
//! | `ASKELL_API_KEY` | askell | yes | the secret API key |
//! | `ASKELL_WEBHOOK_SECRET` | askell | no | the `hmac_secret` of the registered webhook |
//! | `ASKELL_WEBHOOK_DIGEST` | askell | no | its `hmac_digest` (default `SHA512`) |
//! | `ASKELL_BASE_URL` | askell | no | another host (the sandbox) |
//! | `BARION_POS_KEY` | barion | yes | the shop's POSKey |
//! | `BARION_PAYEE` | barion | yes | the e-mail of the shop's Barion wallet, payee of every payment |
//! | `BARION_ENVIRONMENT` | barion | no | `test` or `production` (default `test`, as the SDK's: no real money unless asked) |
//! | `BARION_BASE_URL` | barion | no | another API host (the sandbox) |
//! | `RESID_AUTHORIZATION_CODE` | resid | yes | the authorization code |
//! | `RESID_MERCHANT` | resid | yes | the merchant (payee) identifier |
//! | `RESID_BASE_URL` | resid | no | another host (the sandbox) |
//! | `FINLINE_POS_ID` | finline | yes | the point of sale's UUID |
//! | `FINLINE_API_KEY` | finline | yes | `API_KEY` |
//! | `FINLINE_API_SECRET` | finline | yes | `API_SECRET` (also signs the webhooks) |
//! | `FINLINE_ENDPOINTS_KEY` | finline | yes | `ENDPOINTS_KEY` |
//! | `FINLINE_BASE_URL` | finline | no | another host (the sandbox) |
//! | `PAYELATA_BASE_URL` | payelata | yes | the private API's base URL (from the dashboard) |
//! | `PAYELATA_ACCOUNT_ID` | payelata | yes | the commerce account id |
//! | `PAYELATA_API_KEY` | payelata | yes | the API key |
//! | `PAYELATA_SERVICE` | payelata | yes | the payment service code (e.g. `payment_card_uah_hpp`) |
//! | `PAYELATA_TEST_SECRET` | payelata | no | the test callback secret |
//! | `PAYELATA_LIVE_SECRET` | payelata | no | the live callback secret |
//! | `PAYELATA_TEST_MODE` | payelata | no | `true` or `false`: create test invoices |
//! | `PAYELATA_CARDGATE_URL` | payelata | no | the cardgate URL (from the manager), needed to charge a card token |

use std::fmt;

use payments_core::{BuildError, ExposeSecret, SecretString};

use crate::Provider;
use crate::error::Error;
use crate::gateway::Gateway;

/// One configuration variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// Its name, e.g. `BARION_POS_KEY`.
    pub name: &'static str,
    /// The provider it configures.
    pub provider: Provider,
    /// Whether the gateway cannot be built without it.
    pub required: bool,
}

const fn var(name: &'static str, provider: Provider, required: bool) -> Variable {
    Variable {
        name,
        provider,
        required,
    }
}

/// Every variable, as the module docs' table lists them.
pub const VARIABLES: &[Variable] = &[
    var("ASKELL_API_KEY", Provider::Askell, true),
    var("ASKELL_WEBHOOK_SECRET", Provider::Askell, false),
    var("ASKELL_WEBHOOK_DIGEST", Provider::Askell, false),
    var("ASKELL_BASE_URL", Provider::Askell, false),
    var("BARION_POS_KEY", Provider::Barion, true),
    var("BARION_PAYEE", Provider::Barion, true),
    var("BARION_ENVIRONMENT", Provider::Barion, false),
    var("BARION_BASE_URL", Provider::Barion, false),
    var("RESID_AUTHORIZATION_CODE", Provider::Resid, true),
    var("RESID_MERCHANT", Provider::Resid, true),
    var("RESID_BASE_URL", Provider::Resid, false),
    var("FINLINE_POS_ID", Provider::Finline, true),
    var("FINLINE_API_KEY", Provider::Finline, true),
    var("FINLINE_API_SECRET", Provider::Finline, true),
    var("FINLINE_ENDPOINTS_KEY", Provider::Finline, true),
    var("FINLINE_BASE_URL", Provider::Finline, false),
    var("PAYELATA_BASE_URL", Provider::Payelata, true),
    var("PAYELATA_ACCOUNT_ID", Provider::Payelata, true),
    var("PAYELATA_API_KEY", Provider::Payelata, true),
    var("PAYELATA_SERVICE", Provider::Payelata, true),
    var("PAYELATA_TEST_SECRET", Provider::Payelata, false),
    var("PAYELATA_LIVE_SECRET", Provider::Payelata, false),
    var("PAYELATA_TEST_MODE", Provider::Payelata, false),
    var("PAYELATA_CARDGATE_URL", Provider::Payelata, false),
];

/// The variable naming the provider.
pub const PROVIDER_VARIABLE: &str = "PAYMENTS_PROVIDER";

/// A provider and its settings, read from the environment (or any lookup).
///
/// ```
/// use payments_facade::{GatewayConfig, Provider};
/// let env = [("PAYMENTS_PROVIDER", "barion"), ("BARION_POS_KEY", "s3cr3t"), ("BARION_PAYEE", "shop@example.com")];
/// let config = GatewayConfig::from_lookup(|name| {
///     env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
/// })?;
/// assert_eq!(config.provider(), Provider::Barion);
/// assert!(!format!("{config:?}").contains("s3cr3t"));
/// let missing = GatewayConfig::from_lookup(|name| (name == "PAYMENTS_PROVIDER").then(|| "finline".into()));
/// assert!(missing.unwrap_err().to_string().contains("FINLINE_POS_ID"));
/// # Ok::<(), payments_facade::Error>(())
/// ```
#[derive(Clone)]
pub struct GatewayConfig {
    provider: Provider,
    values: Vec<(&'static str, SecretString)>,
}

impl fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.values.iter().map(|(n, _)| *n).collect();
        f.debug_struct("GatewayConfig")
            .field("provider", &self.provider)
            .field("set", &names)
            .finish_non_exhaustive()
    }
}

impl GatewayConfig {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (a map, a secrets store, the environment).
    ///
    /// Fails, naming the variable (never its value), when `PAYMENTS_PROVIDER` or a required
    /// variable of that provider is missing or empty, or the provider is unknown.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let name = lookup(PROVIDER_VARIABLE).unwrap_or_default();
        let provider = Provider::from_name(name.trim()).ok_or_else(|| {
            Error::config(
                Provider::Askell,
                format!(
                    "`{PROVIDER_VARIABLE}` must be one of askell, barion, resid, finline, payelata"
                ),
            )
        })?;
        let mut values = Vec::new();
        for v in VARIABLES.iter().filter(|v| v.provider == provider) {
            match lookup(v.name).filter(|s| !s.trim().is_empty()) {
                Some(value) => values.push((v.name, SecretString::from(value.trim().to_owned()))),
                None if v.required => {
                    return Err(Error::config(
                        provider,
                        format!("the variable `{}` is missing or empty", v.name),
                    ));
                }
                None => {}
            }
        }
        Ok(Self { provider, values })
    }

    /// The provider chosen.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// A variable's value, if set.
    pub fn get(&self, name: &str) -> Option<&SecretString> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A required variable's value.
    pub fn require(&self, name: &str) -> Result<&SecretString, Error> {
        self.get(name).ok_or_else(|| {
            Error::config(
                self.provider,
                format!("the variable `{name}` is missing or empty"),
            )
        })
    }

    /// A variable that is not a secret (a URL, an id, a mode), as text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(ExposeSecret::expose_secret)
    }

    /// The error for a variable whose value does not have the right shape; names the variable
    /// and what was expected, never the value.
    pub fn malformed(&self, name: &str, expected: &str) -> Error {
        Error::config(
            self.provider,
            format!("the variable `{name}` must be {expected}"),
        )
    }

    /// A yes/no variable (`true`/`false`, `1`/`0`, `yes`/`no`, any case), `None` when unset.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, Error> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(self.malformed(name, "`true` or `false`")),
        }
    }

    /// The error for an SDK client that would not build from these variables: a bad base URL
    /// names `base_url_variable`; nothing of any value is shown.
    #[cfg_attr(
        not(any(
            feature = "askell",
            feature = "barion",
            feature = "finline",
            feature = "payelata",
            feature = "resid"
        )),
        allow(dead_code)
    )]
    pub(crate) fn build_error(&self, e: &BuildError, base_url_variable: &str) -> Error {
        match e {
            BuildError::Invalid(invalid) if invalid.field == "base_url" => {
                self.malformed(base_url_variable, "an http(s) URL without a query")
            }
            BuildError::Invalid(invalid) => Error::config(
                self.provider,
                format!(
                    "the {} client could not be built: its setting `{}` is not valid",
                    self.provider, invalid.field
                ),
            ),
            BuildError::Transport(_) => Error::config(
                self.provider,
                format!(
                    "the {} client could not set up its HTTP transport",
                    self.provider
                ),
            ),
            _ => Error::config(
                self.provider,
                format!("the {} client could not be built", self.provider),
            ),
        }
    }

    /// Builds the gateway of the chosen provider; fails when that provider's feature is off.
    pub fn build(&self) -> Result<Box<dyn Gateway>, Error> {
        crate::build_gateway(self)
    }
}
