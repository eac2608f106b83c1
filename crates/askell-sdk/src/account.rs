//! Endpoints: account.
