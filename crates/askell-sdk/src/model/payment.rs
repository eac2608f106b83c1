//! Wire types: payment.
