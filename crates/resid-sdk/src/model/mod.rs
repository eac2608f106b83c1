//! Resid's wire types, one file per resource, with the value types they share.

pub mod amount;
pub(crate) mod envelope;
pub mod merchant;
pub mod payment;
pub mod time;
