//! Askell's wire types, one module per resource.

pub mod checkout;
pub mod customer;
pub mod list;
pub mod payment;
pub mod plan;
pub mod subscription;
pub mod transaction;
pub mod webhook;
