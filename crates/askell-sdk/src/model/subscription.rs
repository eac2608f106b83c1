//! Wire types: subscription.
