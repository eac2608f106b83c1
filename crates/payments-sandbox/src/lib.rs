//! A stateful local emulator of five payment providers — **Askell** (Iceland), **Barion**
//! (Hungary), **Resid** (Iran), **Financial Line** (Ukraine, the Tranzzo API) and
//! **Payelata** (Ukraine, the Corefy API) — to test payment integrations offline.
//!
//! Each provider speaks its own wire format under its own base path, checks its own
//! credentials, keeps state through the documented life cycles, serves a plain HTML payer page
//! at every redirect URL it hands out, and sends signed webhooks with retries. Amounts and test
//! card numbers pick declines, 3-D Secure and HTTP faults; a controllable clock drives every
//! deadline. It writes its answers with its own JSON, never an SDK's types, so an SDK's wire
//! mistake cannot be mirrored here.
//!
//! # Quick start
//!
//! As a library, on an ephemeral port of `127.0.0.1` (hand the base URL and credentials to the
//! SDK builders):
//!
//! ```
//! use std::time::Duration;
//! use payments_core::{HttpRequest, HttpTransport, ReqwestTransport, http};
//! use payments_sandbox::Sandbox;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start().await?;
//! let finline = sandbox.finline(); // base_url, pos_id, api_key, api_secret, endpoints_key
//!
//! // A hosted purchase, as any client would send it.
//! let http = ReqwestTransport::new(Duration::from_secs(5))?;
//! let mut headers = http::HeaderMap::new();
//! headers.insert("content-type", "application/json".parse()?);
//! headers.insert("x-api-auth", format!("CPAY {}:{}", finline.api_key, finline.api_secret).parse()?);
//! headers.insert("x-api-key", finline.endpoints_key.parse()?);
//! let body = serde_json::json!({
//!     "pos_id": finline.pos_id, "mode": "hosted", "method": "purchase", "amount": 100,
//!     "currency": "UAH", "description": "Order 1", "order_id": "1",
//! });
//! let url = format!("{}/payment", finline.base_url);
//! let answer = http.send(HttpRequest::new(http::Method::POST, url, headers, body.to_string().into())).await?;
//! let page: serde_json::Value = serde_json::from_slice(&answer.body)?;
//!
//! // The payer pays on the hosted page (its form posts `action=pay` back to the same URL).
//! let page_url = page["redirect_url"].as_str().unwrap().to_owned();
//! let mut form = http::HeaderMap::new();
//! form.insert("content-type", "application/x-www-form-urlencoded".parse()?);
//! let paid = http.send(HttpRequest::new(http::Method::POST, page_url, form, "action=pay".into())).await?;
//! assert_eq!(paid.status, 303);
//!
//! // Deadlines follow the sandbox clock, not the wall clock.
//! sandbox.advance_clock(Duration::from_secs(20 * 60));
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! As a binary, for test suites in any language (prints every base URL and credential):
//!
//! ```text
//! payments-sandbox serve [--port 4010] [--host 127.0.0.1] [--public-url URL]
//!                        [--slow-answer-ms 10000] [--processing-ms 200] [--quiet]
//! ```
//!
//! # Providers, base paths and credentials
//!
//! Every URL below is relative to [`Sandbox::url`] (e.g. `http://127.0.0.1:4010`). The
//! credentials are fixed, well-known test values ([`defaults`]); the builder can set others.
//!
//! | provider | base path (accessor) | auth checked | default credentials |
//! |---|---|---|---|
//! | Askell | `/askell/api` ([`Sandbox::askell`]) | `Authorization: Api-Key <key>`; the public key only on its three endpoints | secret `sandbox1.AskellSandboxSecretKey0000000000`, public `sandbox1.AskellSandboxPublicKey0000000000`, webhook `hmac_secret` `askell_test_webhook_secret` (SHA512) |
//! | Barion | `/barion` ([`Sandbox::barion`]) | `x-pos-key`, or below v4 the legacy `POSKey` body/query field; compared as a GUID | POSKey `999FFDDA-04FF-333F-CCCC-345FCB555FFC` |
//! | Resid | `/resid/api/v1` ([`Sandbox::resid`]) | raw `Authorization: <code>` | `resid-sandbox-authorization-code` |
//! | Financial Line | `/finline/api/v1` ([`Sandbox::finline`]) | `X-API-AUTH: CPAY <key>:<secret>`, `X-API-KEY`, and the `pos_id` of body and path | POS `dc728de1-51ef-4ef1-80f7-3b44b07b5667`, key `c1f5e9a2-3b7d-4e08-9a61-5d2f7c8b4e10`, secret `finline_test_secret_1`, endpoints key `AIzaSySandboxEndpointsKey00000000000000` |
//! | Payelata private API | `/payelata/api` ([`Sandbox::payelata`] `base_url`) | HTTP Basic `account:key` | account `coma_sandbox0001`, key `payelata-sandbox-api-key`, callback secrets `sk_test_payelata_0` / `sk_live_payelata_0` |
//! | Payelata cardgate | `/payelata-cardgate` (`cardgate_url`) | `Authorization: Bearer <flow_data.metadata.token>` | issued per invoice |
//!
//! Wrong credentials get the provider's own answer: Askell `403 {"detail": ..}`, Barion
//! `400` with `AuthenticationFailed` (`AuthData` = the key sent, dash-less), Resid `401` in
//! its envelope, Financial Line `401 {"message": "Invalid pos_id field or credentials",
//! "args": {}}`, Payelata `401 {"request_id", "error_type": "unauthorized", "error_codes"}`.
//!
//! Endpoints served: Askell v1 (hello, plans, customers and their subscriptions and payment
//! methods, subscriptions incl. multi/cancel/activate/set_expiry, checkouts and processors,
//! temporary payment methods, payments with retry and refund, transactions and receipts,
//! webhooks); Barion `v2/Payment/Start`, `v4/Payment/{id}/PaymentState`,
//! `v2/Payment/GetPaymentState`, `FinishReservation`, `Capture`, `CancelAuthorization`,
//! `Refund`, `Complete`; Resid `POST /merchants` (form or multipart with a logo),
//! `POST /payments`, `POST /payments/{token}/collect`, `GET /payments/{token}`,
//! `GET /payments?size&before|after`; Financial Line `POST /payment` (hosted; direct purchase,
//! auth, credit, lookup, p2p; card data or `cc_token`), `/capture`, `/void`, `/refund`,
//! `/split/capture`, `/split/refund`, `GET /pos/{pos}/orders/{order}[/{method}]`; Payelata
//! `POST|GET /payment-invoices`, `GET /payment-invoices/{id}`,
//! `POST /payment-invoices/{id}/refund`, `GET /refunds/{id}`, `POST /payout-invoices`,
//! `GET /payout-invoices/{id}`, cardgate `POST /payment/sale`. Payelata's host-relative
//! `links.self` (`/api/payment-invoices/{id}`, `/refunds/{id}`) resolve against the sandbox
//! root as well.
//!
//! # Payer pages and their actions
//!
//! Each redirect URL the sandbox hands out is a small HTML page with one form. The form posts
//! to the endpoint in the second column; tests can call it directly with
//! `application/x-www-form-urlencoded` fields. Each answers `303 See Other` to the shop's
//! return URL (or back to the page when the provider has none).
//!
//! | page (handed out as) | form action and fields | then |
//! |---|---|---|
//! | Askell card form `/askell/checkout/{token}/` (`checkout_url`) | `POST` same URL: `action=pay\|decline\|cancel`, `card_number`, `expiration_month`, `expiration_year`, `cvv_number` | status `tokencreated`, `failed` or `canceled`; a 3DS card goes to the verify page |
//! | Askell verification `/askell/verify/{token}/` (`card_verification_url`) | `POST` same URL: `action=pass\|fail` | `tokencreated` or `failed` |
//! | Barion gateway `/barion/Pay?id=<PaymentId>` (`GatewayUrl`) | `POST /barion/Pay`: `id`, `action=pay\|decline\|cancel`, `card_number` | `RedirectUrl` (with `paymentId`), callback |
//! | Barion 3-D Secure `/barion/Pay/3ds?id=<PaymentId>` | `POST /barion/Pay/3ds`: `id`, `action=pass\|fail` | `RedirectUrl`, callback |
//! | Financial Line hosted page `/finline/pay/{payment_id}` (`redirect_url`) | `POST` same URL: `action=pay\|decline\|cancel`, `card_number` | `result_url`, webhook |
//! | Financial Line 3-D Secure `/finline/3ds/{payment_id}` (hosted, or a direct payment's `redirect_url`) | `POST` same URL: `action=pass\|fail` | `result_url`, webhook |
//! | Payelata hosted page `/payelata-cardgate/hpp/{sid}` (`flow_data.action`) | `POST` same URL: `action=pay\|decline\|cancel`, `card_number`, `card_holder`, `exp_month`, `exp_year`, `cvv` (none for a token invoice) | `return_urls.success\|fail` or `return_url`, callback |
//! | Payelata 3-D Secure `/payelata-cardgate/3ds/{sid}` (`auth_payload.action`) | `POST` same URL: `creq` shows the challenge; `action=pass\|fail` completes | as above |
//! | Resid payment page `/resid/pay/{token}` (Resid documents no payer URL) | `POST` same URL: `action=pay\|decline\|cancel`, `card_number`, `phone`, `tip` | back to the page |
//! | Resid 3-D Secure `/resid/3ds/{token}` | `POST` same URL: `action=pass\|fail` | the payment page |
//!
//! # Scenarios
//!
//! The **last two digits of the amount in minor units** pick what happens, the same rule for
//! every provider. Minor units follow the currency: whole units for ISK, HUF (as Barion takes
//! it), IRR (Resid's rials), JPY and other zero-decimal currencies, cents for the rest. So
//! `1000`, `10.00` and `5000` end in `00` and behave normally; `10.01` EUR, `1001` HUF,
//! `10001` rials and `1501` ISK are declined. Codes other than `01`–`08` behave normally.
//!
//! | last two digits | card number | scenario | what the caller sees |
//! |---|---|---|---|
//! | `01` | `4000 0000 0000 0010` | declined by the issuer | the provider's decline (Askell `fail_code` `05`, Barion `Failed`/`Declined`, Resid `failure`/`declined`, Financial Line `failure` `2004`, Payelata `process_failed`/`declined`) |
//! | `02` | `4000 0000 0000 0028` | insufficient funds | the same with the funds reason (Askell `51`, where a retry succeeds; Barion `LowFunds`; Financial Line `2005`; Payelata and Resid `insufficient_funds`) |
//! | `03` | `4000 0000 0000 0036` | needs 3-D Secure | the payer page leads to the 3DS page (pass or fail); a direct or H2H payment answers pending with the 3DS URL; a Barion token payment answers `ThreeDSAuthenticationRequired` and waits for the payer on the gateway; with no payer at all (Askell stored card, Payelata instant token, payouts) the charge fails as authentication required (Askell `1A`) |
//! | `04` | `4000 0000 0000 0044` | slow answer | acts normally, answers after the slow-answer delay (default 10 s, [`SandboxBuilder::slow_answer_delay`]) |
//! | `05` | `4000 0000 0000 0051` | `500` before acting | nothing changes |
//! | `06` | `4000 0000 0000 0069` | `503` before acting | nothing changes |
//! | `07` | `4000 0000 0000 0077` | act, then `503` | the operation is applied (the status query shows it); the answer is lost |
//! | `08` | `4000 0000 0000 0085` | act, then drop the connection | applied; the connection closes in the middle of the answer |
//! | other | `4242 4242 4242 4242`, any other | approved | normal behaviour |
//!
//! Where the codes apply:
//!
//! - The charge outcomes (`01`–`03`) apply to charges: Askell `POST /payments/`, the Barion,
//!   Financial Line, Payelata and Resid payer pages, Barion token payments and `Complete`,
//!   Financial Line direct payments, Payelata cardgate sales and payouts, Financial Line
//!   credits. On a payer page or in a card-data flow, a listed card number wins over the
//!   amount.
//! - The faults (`04`–`08`) apply to the acting call that carries the amount or the card: the
//!   creates (Askell payment, Barion Start, Resid payment request, Financial Line payment,
//!   Payelata invoice and payout), follow-ups with an amount (Barion FinishReservation,
//!   Capture and Refund by their total, Financial Line capture and refund by `charge_amount`
//!   or `refund_amount`, Payelata refunds), and the card-data calls (Financial Line direct,
//!   Payelata `payment/sale`).
//! - Calls without an amount (a void, a collect, an Askell retry) take an injected fault:
//!   [`Sandbox::inject_fault`] or `POST /admin/faults` arms the next acting call of a provider.
//!
//! # Clock
//!
//! The sandbox clock is the wall clock plus an offset that only moves forward
//! ([`Sandbox::advance_clock`], `POST /admin/clock/advance`). It drives Resid's 20-minute
//! collect window (an uncollected paid request then reads `refunded`), Barion's payment window
//! (`Expired`), reservation period (unfinished transactions are finished with 0) and delayed
//! capture period (the authorization is released), and Payelata's invoice lifetime (default
//! 30 minutes, [`SandboxBuilder::invoice_lifetime`]; the invoice becomes `expired` and its
//! cardgate bearer stops working). Deadlines are applied on every request, every second, and at
//! once when the clock is advanced; the webhooks they cause are sent.
//!
//! # Webhooks and callbacks
//!
//! | provider | when | request | signature | accepted answer |
//! |---|---|---|---|---|
//! | Askell | `payment.created` / `.changed` / `.retry`, `customer.created` / `.changed`, `subscription.created` / `.changed`, to each matching registration of `/webhooks/` | JSON `{"event", "sender", "data"}` | `Hook-HMAC: base64(HMAC-SHA512(hmac_secret, body))`, plus `Hook-Event`, `Hook-API-Version: v1` | any `2xx` |
//! | Barion | completion, cancellation, expiry, finish, capture, refund | form `paymentId=<id>` to `CallbackUrl?paymentId=<id>` | none (Barion's callback is unsigned) | `200` |
//! | Financial Line | every operation reaching a final status, to its `server_url` (or the order's) | form `data=<base64url JSON>&signature=..` | `base64url(SHA1(secret ‖ data ‖ secret))` | `200` |
//! | Payelata | invoice `processed`, `process_failed`, `terminated`, `expired`, refunds; payouts | the JSON:API document, to `callback_url` | `X-Signature: base64(SHA1(secret ‖ body ‖ secret))`, the test secret when `test_mode`, else the live one | `200` |
//! | Resid | none (Resid documents no webhooks) | | | |
//!
//! A failed delivery is retried with exponential backoff ([`WebhookRetry`], default 6 attempts
//! from 0.5 s, capped at 5 s). Every delivery is recorded with its URL, headers, body, attempts
//! and last status: [`Sandbox::webhooks`], [`Sandbox::wait_for_webhooks`], `GET /admin/webhooks`.
//!
//! # Admin endpoints
//!
//! | endpoint | does |
//! |---|---|
//! | `GET /` | an index page with every base URL and credential |
//! | `GET /admin/config` | the same as JSON, with the test cards |
//! | `GET /admin/clock` | `{"now", "unix", "offset_seconds"}` |
//! | `POST /admin/clock/advance` | moves the clock: `{"seconds": 1200}` (JSON, form or query) |
//! | `GET /admin/webhooks[?provider=..]` | every delivery: `id`, `provider`, `event`, `url`, `headers`, `body`, `attempts`, `attempt_log`, `last_status`, `state` |
//! | `POST /admin/faults` | `{"provider": "finline", "fault": "act_then_503", "count": 1}`; faults `slow`, `error_500`, `error_503`, `act_then_503`, `act_then_drop` |
//!
//! # Where the providers' documents are silent
//!
//! The sandbox picks one behaviour and keeps to it: Askell's seeded customer
//! `sandbox-customer` (a verified Visa) and account (plans 1 and 2, processors 4, 7 and a
//! misconfigured 9); Resid's merchant identifier in `info.id`, states `pending` (paid, not
//! collected), `success`, `failure`, `refunded`, errors as `[{"field", "message"}]`;
//! Financial Line's failure codes `2003`/`2004`/`2005`/`2010` and a direct payment's 3DS URL
//! in `redirect_url`; Payelata's failure resolutions in lower case (`declined`,
//! `insufficient_funds`, `authentication_failed`) and the cardgate answer's type
//! `sale-operation`.
#![deny(missing_docs)]

mod access;
mod admin;
mod amount;
mod askell;
mod barion;
mod clock;
mod finline;
mod http;
mod ids;
mod pages;
mod payelata;
mod provider;
mod resid;
mod sandbox;
mod scenario;
mod signing;
mod state;
mod tasks;
mod timefmt;
mod webhooks;

pub use access::{
    AskellAccess, BarionAccess, FinlineAccess, PayelataAccess, ResidAccess, defaults,
};
pub use provider::Provider;
pub use sandbox::{Sandbox, SandboxBuilder, StartError};
pub use scenario::{Fault, Scenario, cards};
pub use webhooks::{DeliveryAttempt, DeliveryState, WaitTimeout, WebhookDelivery, WebhookRetry};
