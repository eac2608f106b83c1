//! Wire types, one module per resource. Everything is also re-exported at the crate root.

pub mod cardgate;
pub mod customer;
pub mod form;
pub mod payment_invoice;
pub mod payment_request;
pub mod payout_invoice;
pub mod refund;
pub mod status;
