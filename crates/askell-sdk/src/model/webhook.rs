//! Wire types: webhook.
