//! Endpoints: payments.
