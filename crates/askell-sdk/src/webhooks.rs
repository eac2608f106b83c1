//! Endpoints: webhooks.
