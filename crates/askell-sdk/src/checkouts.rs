//! Endpoints: checkouts.
