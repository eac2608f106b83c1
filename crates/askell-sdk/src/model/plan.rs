//! Wire types: plan.
