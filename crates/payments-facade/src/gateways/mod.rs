//! One module per provider gateway, each behind its feature, and what they share: exact money
//! conversion with the provider's rules, and the refund arithmetic of a unified status.

#[cfg(feature = "askell")]
pub(crate) mod askell;
#[cfg(feature = "barion")]
pub(crate) mod barion;
#[cfg(feature = "finline")]
pub(crate) mod finline;
#[cfg(feature = "payelata")]
pub(crate) mod payelata;
#[cfg(feature = "resid")]
pub(crate) mod resid;

use payments_core::Decimal;

use crate::error::Error;
use crate::money::{Currency, Money, MoneyError};
use crate::{Provider, capability};

/// `money` as `provider`'s wire amount in major units with at most `places` decimals: fails
/// with [`ErrorKind::Money`](crate::ErrorKind::Money) for a currency the provider does not take
/// or an amount that would lose a digit, and with `InvalidRequest` for an amount that is not
/// positive. Nothing is sent in either case.
pub(crate) fn wire_amount(
    provider: Provider,
    money: &Money,
    places: u32,
) -> Result<Decimal, Error> {
    takes_currency(provider, money.currency())?;
    if !money.is_positive() {
        return Err(Error::invalid(
            provider,
            format!("the amount must be positive, got {money}"),
        ));
    }
    money
        .to_decimal_places(places)
        .map_err(|e| Error::money(provider, e))
}

/// Fails unless `provider` takes `currency` ([`Capabilities::currencies`](crate::Capabilities)).
pub(crate) fn takes_currency(provider: Provider, currency: Currency) -> Result<(), Error> {
    if capability::of(provider).takes(currency.code()) {
        Ok(())
    } else {
        Err(Error::money(
            provider,
            MoneyError::UnsupportedCurrency { currency, provider },
        ))
    }
}

/// A provider's amount (major units) in its ISO 4217 currency, when both read exactly.
#[cfg(any(
    feature = "askell",
    feature = "barion",
    feature = "finline",
    feature = "payelata"
))]
pub(crate) fn money(amount: Option<Decimal>, currency: Option<&str>) -> Option<Money> {
    let currency = Currency::from_code(currency?.trim())?;
    Money::from_major(amount?, currency).ok()
}

/// A paid payment's status once `refunded` of its `paid` amount went back: `PartiallyRefunded`
/// below the whole, `Refunded` at it (or when the paid amount is unknown); any status but
/// `Succeeded` is left as it is, and so is a payment with nothing refunded.
#[cfg(any(feature = "barion", feature = "finline", feature = "payelata"))]
pub(crate) fn after_refunds(
    status: crate::PaymentStatus,
    paid: Option<Decimal>,
    refunded: Decimal,
) -> crate::PaymentStatus {
    use crate::PaymentStatus;
    if status != PaymentStatus::Succeeded || refunded <= Decimal::ZERO {
        return status;
    }
    match paid {
        Some(paid) if refunded < paid => PaymentStatus::PartiallyRefunded,
        _ => PaymentStatus::Refunded,
    }
}

/// Table rows of `(wire, unified)` pairs, one row per unified value (in order of first
/// appearance) listing every wire value that maps to it: `` `a`, `b` `` → `` `Pending` ``.
#[cfg(all(test, feature = "full"))]
pub(crate) fn grouped(
    prefix: &str,
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    let mut rows: Vec<(Vec<String>, String)> = Vec::new();
    for (wire, unified) in pairs {
        match rows.iter_mut().find(|(_, u)| *u == unified) {
            Some((wires, _)) => wires.push(wire),
            None => rows.push((vec![wire], unified)),
        }
    }
    rows.into_iter()
        .map(|(wires, unified)| {
            let wires: Vec<String> = wires.iter().map(|w| format!("`{w}`")).collect();
            (format!("{prefix}{}", wires.join(", ")), unified)
        })
        .collect()
}
