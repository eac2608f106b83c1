//! The tour behind the README's first command: one payment through its whole life with every
//! provider, through the facade's `dyn Gateway` only, on the local sandbox (or, with real
//! credentials in the environment and `TOUR_LIVE=1`, on the provider itself).
//!
//! For each provider: configure a gateway from variables alone (`GatewayConfig::from_lookup`),
//! create a payment, let the payer pay on the page the provider handed out (or with the token),
//! receive the webhook at the shop and verify it through the gateway, capture or collect where
//! the provider holds the money, refund where it can, and read the final state.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use payments_facade::{
    CaptureMode, Currency, Customer, Gateway, GatewayConfig, Money, NextAction, Operation, Payment,
    PaymentRequest, PaymentStatus, Provider, RedirectMethod, dec,
};
use payments_sandbox::Sandbox;

use crate::flows::Payer;
use crate::shop::Shop;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The configuration variables of one provider, as the environment would carry them.
pub type Variables = BTreeMap<&'static str, String>;

/// What the tour saw for one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    /// The provider.
    pub provider: Provider,
    /// The unified status after the create.
    pub created: PaymentStatus,
    /// After the payer paid (and any webhook arrived).
    pub paid: PaymentStatus,
    /// Whether a webhook arrived and verified (`None` for a provider without webhooks).
    pub webhook_verified: Option<bool>,
    /// After the capture or collect (`None` when the provider charged at once).
    pub captured: Option<PaymentStatus>,
    /// After the refund (`None` when the provider cannot refund).
    pub refunded: Option<PaymentStatus>,
    /// The final state, read back.
    pub last: PaymentStatus,
}

/// The sandbox variables of `provider`, with the one-time setup a shop does at the provider
/// (Resid: a registered merchant; Askell: the shop's webhook registered), against `shop`.
///
/// # Errors
/// When the setup call fails.
pub async fn sandbox_variables(
    sandbox: &Sandbox,
    provider: Provider,
    shop: &Shop,
) -> Result<Variables, BoxError> {
    let mut v = Variables::new();
    v.insert("PAYMENTS_PROVIDER", provider.name().to_owned());
    match provider {
        Provider::Askell => {
            let a = sandbox.askell();
            // Askell sends webhooks to registered URLs: the shop registers its own once.
            let client = payments_facade::askell::Client::builder(
                payments_facade::askell::Credentials::new(a.api_key.clone()),
            )
            .base_url(&a.base_url)
            .build()?;
            client
                .create_webhook(&payments_facade::askell::WebhookCreate::new(
                    format!("{}/hooks/askell", shop.url()),
                    payments_facade::askell::EventType::PaymentChanged,
                ))
                .await?;
            v.insert("ASKELL_API_KEY", a.api_key);
            v.insert("ASKELL_WEBHOOK_SECRET", a.webhook_secret);
            v.insert("ASKELL_BASE_URL", a.base_url);
        }
        Provider::Barion => {
            let b = sandbox.barion();
            v.insert("BARION_POS_KEY", b.pos_key);
            v.insert("BARION_PAYEE", "shop@example.com".into());
            v.insert("BARION_BASE_URL", b.base_url);
        }
        Provider::Resid => {
            let r = sandbox.resid();
            let client = payments_facade::resid::Client::builder(
                payments_facade::resid::Credentials::new(r.authorization_code.clone()),
            )
            .base_url(&r.base_url)
            .build()?;
            let merchant = client
                .register_merchant(&payments_facade::resid::RegisterMerchant::new(
                    "Asghar",
                    "Farhadi",
                    payments_facade::resid::MobileNumber::new("09123456789")?,
                    payments_facade::resid::NationalCode::new("0499370899")?,
                    payments_facade::resid::Sheba::new("IR062960000000100324200001")?,
                    0,
                ))
                .await?;
            let id = merchant
                .identifier()
                .ok_or("the merchant answer names no identifier")?;
            v.insert("RESID_AUTHORIZATION_CODE", r.authorization_code);
            v.insert("RESID_MERCHANT", id.to_owned());
            v.insert("RESID_BASE_URL", r.base_url);
        }
        Provider::Finline => {
            let f = sandbox.finline();
            v.insert("FINLINE_POS_ID", f.pos_id);
            v.insert("FINLINE_API_KEY", f.api_key);
            v.insert("FINLINE_API_SECRET", f.api_secret);
            v.insert("FINLINE_ENDPOINTS_KEY", f.endpoints_key);
            v.insert("FINLINE_BASE_URL", f.base_url);
        }
        Provider::Payelata => {
            let p = sandbox.payelata();
            v.insert("PAYELATA_BASE_URL", p.base_url);
            v.insert("PAYELATA_ACCOUNT_ID", p.account_id);
            v.insert("PAYELATA_API_KEY", p.api_key);
            v.insert("PAYELATA_SERVICE", "payment_card_uah_hpp".into());
            v.insert("PAYELATA_TEST_SECRET", p.test_secret);
            v.insert("PAYELATA_LIVE_SECRET", p.live_secret);
            v.insert("PAYELATA_TEST_MODE", "true".into());
            v.insert("PAYELATA_CARDGATE_URL", p.cardgate_url);
        }
    }
    Ok(v)
}

/// A gateway built from `variables` alone, as `GatewayConfig::from_env` would build it.
///
/// # Errors
/// When a variable is missing or malformed.
pub fn gateway(variables: &Variables) -> Result<Box<dyn Gateway>, BoxError> {
    let config = GatewayConfig::from_lookup(|name| variables.get(name).cloned())?;
    Ok(config.build()?)
}

/// The tour's payment for `provider`: an ordinary amount in its currency (the last two digits
/// `00`, so no sandbox scenario), held for a capture where the provider can hold money.
///
/// # Errors
/// Never for these currencies; a `MoneyError` otherwise.
pub fn request(provider: Provider, shop: &Shop) -> Result<PaymentRequest, BoxError> {
    let (major, currency, capture) = match provider {
        Provider::Askell => (dec!(1990), Currency::ISK, CaptureMode::Immediate),
        Provider::Barion => (dec!(1000), Currency::HUF, CaptureMode::Manual),
        Provider::Resid => (dec!(10000), Currency::IRR, CaptureMode::Manual),
        Provider::Finline => (dec!(100), Currency::UAH, CaptureMode::Manual),
        Provider::Payelata => (dec!(100), Currency::UAH, CaptureMode::Immediate),
    };
    let amount = Money::from_major(major, currency)?;
    let mut request = PaymentRequest::new(amount, format!("tour-{}", provider.name()), "Blue mug")
        .capture(capture)
        .return_url(format!("{}/return", shop.url()))
        .callback_url(format!("{}/hooks/{}", shop.url(), provider.name()));
    if provider == Provider::Askell {
        request = request.customer(Customer {
            reference: "sandbox-customer".into(),
            ..Customer::default()
        });
    }
    Ok(request)
}

/// Plays the payer: pays on the page `next` points to (a link or a posted form), or with the
/// token on the sandbox's Resid page.
async fn pay(payer: &Payer, sandbox_url: &str, next: &NextAction) -> Result<String, BoxError> {
    match next {
        NextAction::Redirect {
            url,
            method: RedirectMethod::Get,
            ..
        } => {
            let page = payer.open(url).await;
            payer.submit(&page.form, "pay", &[]).await;
            Ok(format!("paid on the page {url}"))
        }
        NextAction::Redirect { url, params, .. } => {
            let answer = payer.post_form(url, params).await;
            Ok(format!(
                "posted {} field(s) to {url}: {}",
                params.len(),
                answer.status
            ))
        }
        NextAction::ShowToken { token } => {
            // Resid documents no payer page; the sandbox has one for the token.
            let url = format!("{sandbox_url}/resid/pay/{token}");
            let page = payer.open(&url).await;
            payer.submit(&page.form, "pay", &[]).await;
            Ok(format!("paid with the token {token}"))
        }
        _ => Ok("charged without the payer".into()),
    }
}

fn amount(p: &Payment) -> String {
    p.amount.map_or_else(|| "-".into(), |m| m.to_string())
}

/// Waits for the payment to leave `Pending`/`Processing` (or `timeout`), reading it back.
async fn settle(
    gateway: &dyn Gateway,
    payment: &Payment,
    timeout: Duration,
) -> Result<Payment, BoxError> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let now = gateway.payment(&payment.id).await?;
        let moving = matches!(
            now.status,
            PaymentStatus::Pending | PaymentStatus::Processing
        );
        if !moving || tokio::time::Instant::now() >= deadline {
            return Ok(now);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One provider's leg, written to `out` as it goes.
///
/// # Errors
/// When a step the provider supports fails.
pub async fn leg(out: &mut String, sandbox: &Sandbox, provider: Provider) -> Result<Leg, BoxError> {
    let shop = Shop::start(0).await;
    let variables = sandbox_variables(sandbox, provider, &shop).await?;
    let gateway = gateway(&variables)?;
    let caps = gateway.capabilities();
    let payer = Payer::new();
    let _ = writeln!(out, "\n== {provider} ({} variables)", variables.len());

    let created = gateway.create_payment(&request(provider, &shop)?).await?;
    let p = &created.payment;
    let _ = writeln!(
        out,
        "  create    {:<18} {:>14}  id {}",
        p.status.to_string(),
        amount(p),
        p.id
    );
    let how = pay(&payer, sandbox.url(), &created.next).await?;
    let _ = writeln!(out, "  payer     {how}");

    let webhook_verified = if caps.support(Operation::Webhook).is_supported() {
        let got = shop.wait_for(1, Duration::from_secs(10)).await;
        if let Some(hook) = got.first() {
            let event = gateway.webhook(&hook.header_map(), &hook.body).await;
            let ok = event.as_ref().is_ok_and(|e| e.payment_id == p.id);
            let _ = match &event {
                Ok(e) => writeln!(
                    out,
                    "  webhook   {:<18} verified ({} bytes, {})",
                    e.status.to_string(),
                    hook.body.len(),
                    hook.line
                ),
                Err(e) => writeln!(out, "  webhook   refused: {e}"),
            };
            Some(ok)
        } else {
            let _ = writeln!(out, "  webhook   none arrived");
            Some(false)
        }
    } else {
        let why = caps.support(Operation::Webhook).note();
        let _ = writeln!(out, "  webhook   none: {why}");
        None
    };
    let paid = settle(gateway.as_ref(), p, Duration::from_secs(5)).await?;
    let _ = writeln!(
        out,
        "  state     {:<18} {:>14}",
        paid.status.to_string(),
        amount(&paid)
    );

    let captured = if caps.support(Operation::Capture).is_supported()
        && !matches!(paid.status, PaymentStatus::Succeeded)
    {
        let c = gateway.capture(&p.id, None).await?;
        let how = caps.support(Operation::Capture).note();
        let _ = writeln!(
            out,
            "  capture   {:<18} {:>14}  ({how})",
            c.status.to_string(),
            amount(&c)
        );
        Some(c.status)
    } else {
        None
    };

    let refunded = if caps.support(Operation::Refund).is_supported() {
        // Partly where the provider can, so the tour shows the unified PartiallyRefunded.
        let part = if caps.support(Operation::PartialRefund).is_supported() {
            let total = request(provider, &shop)?.amount;
            Some(Money::new(total.minor_units() / 2, total.currency())?)
        } else {
            None
        };
        let r = gateway.refund(&p.id, part).await?;
        let what = part.map_or_else(|| "all".to_owned(), |m| m.to_string());
        let _ = writeln!(
            out,
            "  refund    {:<18} {:>14}  ({what})",
            r.status.to_string(),
            amount(&r)
        );
        Some(r.status)
    } else {
        let why = caps.support(Operation::Refund).note();
        let _ = writeln!(out, "  refund    none: {why}");
        None
    };

    let last = settle(gateway.as_ref(), p, Duration::from_secs(2)).await?;
    let _ = writeln!(
        out,
        "  final     {:<18} final={} success={}",
        last.status.to_string(),
        last.status.is_final(),
        last.status.is_success()
    );
    Ok(Leg {
        provider,
        created: p.status.clone(),
        paid: paid.status,
        webhook_verified,
        captured,
        refunded,
        last: last.status,
    })
}

/// The whole tour on a fresh in-process sandbox: every provider's leg, and the transcript.
///
/// # Errors
/// When the sandbox cannot start or a leg fails.
pub async fn run() -> Result<(Vec<Leg>, String), BoxError> {
    let sandbox = Sandbox::builder()
        .processing_delay(Duration::from_millis(50))
        .start()
        .await?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "The sandbox listens on {}; every provider goes through the same dyn Gateway.",
        sandbox.url()
    );
    let mut legs = Vec::new();
    for provider in Provider::ALL {
        legs.push(leg(&mut out, &sandbox, provider).await?);
    }
    let deliveries = sandbox.webhooks();
    let _ = writeln!(
        out,
        "\n{} payments, {} webhook deliveries recorded by the sandbox.",
        legs.len(),
        deliveries.len()
    );
    sandbox.shutdown().await;
    Ok((legs, out))
}

/// The tour against a real provider: the gateway from the process environment
/// (`GatewayConfig::from_env`), a payment of `TOUR_AMOUNT` minor units of `TOUR_CURRENCY`
/// (Askell: for the customer `TOUR_CUSTOMER`), the payer's page printed for a person to pay on,
/// then the state polled for up to ten minutes, a capture where the money is held, a refund
/// where the provider can, and the final state. Webhooks are not awaited: the shop's endpoint is
/// not reachable from the provider here.
///
/// # Errors
/// When a variable is missing or malformed, or a step fails.
pub async fn live() -> Result<String, BoxError> {
    let config = GatewayConfig::from_env()?;
    let provider = config.provider();
    let gateway = config.build()?;
    let caps = gateway.capabilities();
    let var = |name: &str| std::env::var(name).ok();
    let currency = var("TOUR_CURRENCY")
        .and_then(|c| Currency::from_code(&c))
        .ok_or("TOUR_CURRENCY must be an ISO 4217 code the provider takes")?;
    let minor: i64 = var("TOUR_AMOUNT")
        .and_then(|a| a.parse().ok())
        .ok_or("TOUR_AMOUNT must be a whole number of minor units")?;
    let mut request = PaymentRequest::new(Money::new(minor, currency)?, "tour-live", "Tour")
        .return_url(var("TOUR_RETURN_URL").unwrap_or_else(|| "https://example.com/return".into()));
    if let Some(url) = var("TOUR_CALLBACK_URL") {
        request = request.callback_url(url);
    }
    if let Some(customer) = var("TOUR_CUSTOMER") {
        request = request.customer(Customer {
            reference: customer,
            ..Customer::default()
        });
    }
    let mut out = String::new();
    let created = gateway.create_payment(&request).await?;
    let p = &created.payment;
    let _ = writeln!(
        out,
        "== {provider}: created {} ({}) {}",
        p.id,
        amount(p),
        p.status
    );
    match &created.next {
        NextAction::Redirect { url, .. } => println!("pay at {url}"),
        NextAction::ShowToken { token } => println!("pay with the token {token}"),
        _ => {}
    }
    let paid = settle(gateway.as_ref(), p, Duration::from_secs(600)).await?;
    let _ = writeln!(out, "  state   {}", paid.status);
    if paid.status == PaymentStatus::Authorized && caps.support(Operation::Capture).is_supported() {
        let c = gateway.capture(&p.id, None).await?;
        let _ = writeln!(out, "  capture {}", c.status);
    }
    if caps.support(Operation::Refund).is_supported() {
        let r = gateway.refund(&p.id, None).await?;
        let _ = writeln!(out, "  refund  {}", r.status);
    }
    let last = gateway.payment(&p.id).await?;
    let _ = writeln!(out, "  final   {}", last.status);
    Ok(out)
}
