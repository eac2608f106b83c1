//! Wire types: customer.
