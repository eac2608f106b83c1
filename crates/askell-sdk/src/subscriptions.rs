//! Endpoints: subscriptions.
