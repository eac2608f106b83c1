//! Barion's wire types: what the API sends back, field for field, plus the enums and value types
//! shared with requests.

pub mod enums;
pub mod payment;
pub mod timespan;
pub(crate) mod wire;

pub use wire::parse_datetime;
