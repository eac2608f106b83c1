//! Wire types: checkout.
