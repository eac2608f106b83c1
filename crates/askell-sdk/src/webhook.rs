//! Incoming webhooks: verification and parsing.
