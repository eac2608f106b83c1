//! Wire types of the Financial Line (Tranzzo) API, one module per resource; every public type
//! is also at the crate root.
//!
//! Every enum keeps values this SDK does not know in an `Unknown(String)` variant, so a new
//! value on the wire is never a decode failure, and it is written back exactly as it came.

pub mod enums;
pub mod operation;
pub mod payment;
pub mod product;
