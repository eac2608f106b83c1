//! Typed client for the Barion payment API.
#![deny(missing_docs)]
