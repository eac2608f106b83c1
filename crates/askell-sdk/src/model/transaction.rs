//! Wire types: transaction.
