//! Wire types of the Financial Line (Tranzzo) API: enums, timestamps, operations, products.
//!
//! Every enum keeps values this SDK does not know in an `Unknown(String)` variant, so a new
//! value on the wire is never a decode failure, and it is written back exactly as it came.

mod enums;
mod operation;
pub(crate) mod payment;
mod product;

pub use enums::{ErrorCode, Method, Mode, PriceType, Status, StatusCode, ThreeDsBypass};
pub use operation::{Fee, FeeAmount, Operation, Order, Timestamp};
pub use payment::{HostedPayment, RedirectSource};
pub use product::Product;
