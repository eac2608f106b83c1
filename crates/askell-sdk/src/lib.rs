//! Typed client for the Askell payment API.
#![deny(missing_docs)]
