//! Endpoints: customers.
