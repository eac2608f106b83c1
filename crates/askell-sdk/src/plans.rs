//! Endpoints: plans.
