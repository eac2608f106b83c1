//! Typed client for the [Askell](https://askell.is) API (Iceland): one-off payments, customers,
//! plans and subscriptions, hosted checkouts, transactions with their Icelandic card receipts,
//! and signed webhooks.
#![deny(missing_docs)]

mod client;
pub mod error;
pub mod model;
pub mod webhook;

mod account;
mod checkouts;
mod customers;
mod payments;
mod plans;
mod subscriptions;
mod transactions;
mod webhooks;

pub use client::{BASE_URL, Client, ClientBuilder, PublicClient};
pub use error::{Error, ErrorEnvelope};
pub use payments_core::{Decimal, RetryPolicy, SecretString};
