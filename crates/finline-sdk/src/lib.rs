//! Typed client for the Finline payment API.
#![deny(missing_docs)]
