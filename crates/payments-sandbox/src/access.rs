//! What a client needs to reach each emulated provider: its base URL and credentials.
//!
//! `Debug` of every type here masks the secrets; print the fields yourself when you mean to.

use std::fmt;

/// The well-known test credentials every sandbox starts with, unless the builder sets others.
pub mod defaults {
    /// Askell secret API key (`Authorization: Api-Key <key>`), drf-api-key format.
    pub const ASKELL_API_KEY: &str = "sandbox1.AskellSandboxSecretKey0000000000";
    /// Askell public API key (the three public-key endpoints).
    pub const ASKELL_PUBLIC_KEY: &str = "sandbox1.AskellSandboxPublicKey0000000000";
    /// The `hmac_secret` of every Askell webhook registration (digest `SHA512`); the secret of
    /// the fact sheet's test vectors.
    pub const ASKELL_WEBHOOK_SECRET: &str = "askell_test_webhook_secret";
    /// Barion POSKey (the documentation's example key).
    pub const BARION_POS_KEY: &str = "999FFDDA-04FF-333F-CCCC-345FCB555FFC";
    /// Resid authorization code (the whole `Authorization` header value).
    pub const RESID_AUTHORIZATION_CODE: &str = "resid-sandbox-authorization-code";
    /// Financial Line POS id.
    pub const FINLINE_POS_ID: &str = "dc728de1-51ef-4ef1-80f7-3b44b07b5667";
    /// Financial Line API key (`X-API-AUTH: CPAY <key>:<secret>`).
    pub const FINLINE_API_KEY: &str = "c1f5e9a2-3b7d-4e08-9a61-5d2f7c8b4e10";
    /// Financial Line API secret; also the webhook signature key (the fact sheet's vector B).
    pub const FINLINE_API_SECRET: &str = "finline_test_secret_1";
    /// Financial Line endpoints key (`X-API-KEY`).
    pub const FINLINE_ENDPOINTS_KEY: &str = "AIzaSySandboxEndpointsKey00000000000000";
    /// Payelata commerce account id (HTTP Basic user name).
    pub const PAYELATA_ACCOUNT_ID: &str = "coma_sandbox0001";
    /// Payelata API key (HTTP Basic password).
    pub const PAYELATA_API_KEY: &str = "payelata-sandbox-api-key";
    /// Payelata test secret: signs callbacks of `test_mode: true` invoices (the fact sheet's
    /// vector secret).
    pub const PAYELATA_TEST_SECRET: &str = "sk_test_payelata_0";
    /// Payelata live secret: signs callbacks of `test_mode: false` invoices.
    pub const PAYELATA_LIVE_SECRET: &str = "sk_live_payelata_0";
}

const MASK: &str = "***";

/// The credentials of the five providers (the builder's and the sandbox's copy).
#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) askell_api_key: String,
    pub(crate) askell_public_key: String,
    pub(crate) askell_webhook_secret: String,
    pub(crate) barion_pos_key: String,
    pub(crate) resid_authorization_code: String,
    pub(crate) finline_pos_id: String,
    pub(crate) finline_api_key: String,
    pub(crate) finline_api_secret: String,
    pub(crate) finline_endpoints_key: String,
    pub(crate) payelata_account_id: String,
    pub(crate) payelata_api_key: String,
    pub(crate) payelata_test_secret: String,
    pub(crate) payelata_live_secret: String,
}

impl Default for Credentials {
    fn default() -> Self {
        Self {
            askell_api_key: defaults::ASKELL_API_KEY.into(),
            askell_public_key: defaults::ASKELL_PUBLIC_KEY.into(),
            askell_webhook_secret: defaults::ASKELL_WEBHOOK_SECRET.into(),
            barion_pos_key: defaults::BARION_POS_KEY.into(),
            resid_authorization_code: defaults::RESID_AUTHORIZATION_CODE.into(),
            finline_pos_id: defaults::FINLINE_POS_ID.into(),
            finline_api_key: defaults::FINLINE_API_KEY.into(),
            finline_api_secret: defaults::FINLINE_API_SECRET.into(),
            finline_endpoints_key: defaults::FINLINE_ENDPOINTS_KEY.into(),
            payelata_account_id: defaults::PAYELATA_ACCOUNT_ID.into(),
            payelata_api_key: defaults::PAYELATA_API_KEY.into(),
            payelata_test_secret: defaults::PAYELATA_TEST_SECRET.into(),
            payelata_live_secret: defaults::PAYELATA_LIVE_SECRET.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("finline_pos_id", &self.finline_pos_id)
            .field("payelata_account_id", &self.payelata_account_id)
            .finish_non_exhaustive()
    }
}

/// Askell: base URL (`…/askell/api`) and keys.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AskellAccess {
    /// The API base, to give `askell_sdk::ClientBuilder::base_url`.
    pub base_url: String,
    /// The secret API key.
    pub api_key: String,
    /// The public API key.
    pub public_key: String,
    /// The `hmac_secret` every webhook registration gets (digest `SHA512`).
    pub webhook_secret: String,
}

impl fmt::Debug for AskellAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AskellAccess")
            .field("base_url", &self.base_url)
            .field("api_key", &MASK)
            .field("public_key", &MASK)
            .field("webhook_secret", &MASK)
            .finish()
    }
}

/// Barion: base URL (`…/barion`) and POSKey.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BarionAccess {
    /// The API base (`/v2/Payment/Start` and so on live under it; the payer page is
    /// `<base_url>/Pay?id=<PaymentId>`).
    pub base_url: String,
    /// The shop's secret POSKey.
    pub pos_key: String,
}

impl fmt::Debug for BarionAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BarionAccess")
            .field("base_url", &self.base_url)
            .field("pos_key", &MASK)
            .finish()
    }
}

/// Resid: base URL (`…/resid/api/v1`) and authorization code.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResidAccess {
    /// The API base.
    pub base_url: String,
    /// The raw `Authorization` header value.
    pub authorization_code: String,
}

impl fmt::Debug for ResidAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResidAccess")
            .field("base_url", &self.base_url)
            .field("authorization_code", &MASK)
            .finish()
    }
}

/// Financial Line: base URL (`…/finline/api/v1`) and the POS's four credentials.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FinlineAccess {
    /// The API base.
    pub base_url: String,
    /// The POS id (a UUID).
    pub pos_id: String,
    /// The API key.
    pub api_key: String,
    /// The API secret (also the webhook signature key).
    pub api_secret: String,
    /// The endpoints key (`X-API-KEY`).
    pub endpoints_key: String,
}

impl fmt::Debug for FinlineAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinlineAccess")
            .field("base_url", &self.base_url)
            .field("pos_id", &self.pos_id)
            .field("api_key", &MASK)
            .field("api_secret", &MASK)
            .field("endpoints_key", &MASK)
            .finish()
    }
}

/// Payelata: the private API base (`…/payelata/api`), the cardgate base
/// (`…/payelata-cardgate`), HTTP Basic credentials and the callback secrets.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayelataAccess {
    /// The private API base (`/payment-invoices` and so on live under it).
    pub base_url: String,
    /// The cardgate base (`/payment/sale` lives under it).
    pub cardgate_url: String,
    /// The commerce account id (HTTP Basic user name).
    pub account_id: String,
    /// The API key (HTTP Basic password).
    pub api_key: String,
    /// Signs callbacks of test-mode invoices.
    pub test_secret: String,
    /// Signs callbacks of live invoices.
    pub live_secret: String,
}

impl fmt::Debug for PayelataAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayelataAccess")
            .field("base_url", &self.base_url)
            .field("cardgate_url", &self.cardgate_url)
            .field("account_id", &self.account_id)
            .field("api_key", &MASK)
            .field("test_secret", &MASK)
            .field("live_secret", &MASK)
            .finish()
    }
}

impl Credentials {
    pub(crate) fn askell(&self, root: &str) -> AskellAccess {
        AskellAccess {
            base_url: format!("{root}/askell/api"),
            api_key: self.askell_api_key.clone(),
            public_key: self.askell_public_key.clone(),
            webhook_secret: self.askell_webhook_secret.clone(),
        }
    }

    pub(crate) fn barion(&self, root: &str) -> BarionAccess {
        BarionAccess {
            base_url: format!("{root}/barion"),
            pos_key: self.barion_pos_key.clone(),
        }
    }

    pub(crate) fn resid(&self, root: &str) -> ResidAccess {
        ResidAccess {
            base_url: format!("{root}/resid/api/v1"),
            authorization_code: self.resid_authorization_code.clone(),
        }
    }

    pub(crate) fn finline(&self, root: &str) -> FinlineAccess {
        FinlineAccess {
            base_url: format!("{root}/finline/api/v1"),
            pos_id: self.finline_pos_id.clone(),
            api_key: self.finline_api_key.clone(),
            api_secret: self.finline_api_secret.clone(),
            endpoints_key: self.finline_endpoints_key.clone(),
        }
    }

    pub(crate) fn payelata(&self, root: &str) -> PayelataAccess {
        PayelataAccess {
            base_url: format!("{root}/payelata/api"),
            cardgate_url: format!("{root}/payelata-cardgate"),
            account_id: self.payelata_account_id.clone(),
            api_key: self.payelata_api_key.clone(),
            test_secret: self.payelata_test_secret.clone(),
            live_secret: self.payelata_live_secret.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_secret() {
        let c = Credentials::default();
        let root = "http://127.0.0.1:1";
        let printed = format!(
            "{:?} {:?} {:?} {:?} {:?} {c:?}",
            c.askell(root),
            c.barion(root),
            c.resid(root),
            c.finline(root),
            c.payelata(root)
        );
        for secret in [
            defaults::ASKELL_API_KEY,
            defaults::ASKELL_PUBLIC_KEY,
            defaults::ASKELL_WEBHOOK_SECRET,
            defaults::BARION_POS_KEY,
            defaults::RESID_AUTHORIZATION_CODE,
            defaults::FINLINE_API_KEY,
            defaults::FINLINE_API_SECRET,
            defaults::FINLINE_ENDPOINTS_KEY,
            defaults::PAYELATA_API_KEY,
            defaults::PAYELATA_TEST_SECRET,
            defaults::PAYELATA_LIVE_SECRET,
        ] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
        assert!(printed.contains("/askell/api"));
    }
}
