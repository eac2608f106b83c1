//! Endpoints: transactions.
