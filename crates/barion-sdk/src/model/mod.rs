//! Barion's wire types: what the API sends back, field for field, plus the enums and value
//! types shared with requests. One module per resource.
//!
//! Every answer is read leniently: collections read `null` and a missing key as empty, related
//! ids and timestamps that do not parse are kept raw ([`Lenient`](payments_core::Lenient)),
//! unknown enum values are kept, unknown fields are ignored, and only the object's own id is
//! required.

pub mod enums;
pub mod payment;
pub mod refund;
pub mod reservation;
pub mod timespan;
pub(crate) mod wire;

pub use wire::parse_datetime;
