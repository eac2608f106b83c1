//! [`Money`]: an amount in minor units of an ISO 4217 currency, converted exactly to each
//! provider's wire amount.
//!
//! The currency table and its exponents come from the maintained `iso_currency` crate
//! ([`Currency`] is its type). Providers add their own rules on top, applied when a gateway
//! converts: Barion takes whole forints although ISO 4217 gives HUF two decimals; Resid takes whole
//! rials; Askell's ISK has no decimals anyway. A conversion that would drop a digit is an error
//! before anything is sent, never a rounding.

use std::fmt;

use payments_core::Decimal;

/// An ISO 4217 currency (re-exported from `iso_currency`).
pub use iso_currency::Currency;

/// An amount in minor units of a currency (cents, fillér, aurar ...), never a float.
///
/// ```
/// use payments_facade::{Currency, Money};
///
/// let m = Money::new(1050, Currency::EUR)?;
/// assert_eq!(m.to_decimal().to_string(), "10.50");
/// assert_eq!(Money::from_major("10.5".parse()?, Currency::EUR)?, m);
/// // Whole forints only (Barion's rule): 1 000.50 HUF cannot be sent.
/// let huf = Money::new(100_050, Currency::HUF)?;
/// assert!(huf.to_decimal_places(0).is_err());
/// assert_eq!(Money::new(100_000, Currency::HUF)?.to_decimal_places(0)?.to_string(), "1000");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor_units: i64,
    currency: Currency,
}

impl Money {
    /// `minor_units` of `currency` (`Money::new(1050, Currency::EUR)` is €10.50). Fails for a
    /// code with no minor unit in ISO 4217 (gold, SDRs and the like).
    pub fn new(minor_units: i64, currency: Currency) -> Result<Self, MoneyError> {
        exponent_of(currency)?;
        Ok(Self {
            minor_units,
            currency,
        })
    }

    /// An amount in major units (`10.50` EUR); fails if it has more decimals than the
    /// currency's minor unit (`10.505` EUR) or does not fit.
    pub fn from_major(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let exponent = exponent_of(currency)?;
        let scaled = amount
            .checked_mul(Decimal::from(10i64.pow(exponent)))
            .ok_or(MoneyError::Overflow)?;
        if !scaled.fract().is_zero() {
            return Err(MoneyError::PrecisionLoss {
                amount,
                places: exponent,
                currency,
            });
        }
        let minor = i64::try_from(scaled.trunc()).map_err(|_| MoneyError::Overflow)?;
        Ok(Self {
            minor_units: minor,
            currency,
        })
    }

    /// The amount in minor units.
    pub fn minor_units(&self) -> i64 {
        self.minor_units
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The number of decimals of the currency's minor unit (ISO 4217).
    pub fn exponent(&self) -> u32 {
        // Checked on construction.
        exponent_of(self.currency).unwrap_or(0)
    }

    /// The amount in major units, with the currency's decimals (`1050` EUR cents → `10.50`).
    pub fn to_decimal(&self) -> Decimal {
        Decimal::new(self.minor_units, self.exponent())
    }

    /// The amount in major units with at most `places` decimals, for a provider that takes fewer
    /// than ISO 4217 gives (whole forints, whole rials); fails rather than round.
    pub fn to_decimal_places(&self, places: u32) -> Result<Decimal, MoneyError> {
        let d = self.to_decimal();
        if d.normalize().scale() > places {
            return Err(MoneyError::PrecisionLoss {
                amount: d,
                places,
                currency: self.currency,
            });
        }
        let mut exact = d.normalize();
        exact.rescale(places.min(self.exponent()));
        Ok(exact)
    }

    /// `true` for a positive amount.
    pub fn is_positive(&self) -> bool {
        self.minor_units > 0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal(), self.currency.code())
    }
}

fn exponent_of(currency: Currency) -> Result<u32, MoneyError> {
    currency
        .exponent()
        .map(u32::from)
        .ok_or(MoneyError::NoMinorUnit(currency))
}

/// A money value could not be formed or converted exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// More decimals than the currency or the provider allows.
    #[error("{amount} {} has more than {places} decimal places", currency.code())]
    PrecisionLoss {
        /// The amount given, in major units.
        amount: Decimal,
        /// The decimals allowed.
        places: u32,
        /// The currency.
        currency: Currency,
    },
    /// The code has no minor unit in ISO 4217.
    #[error("{} has no minor unit in ISO 4217", .0.code())]
    NoMinorUnit(Currency),
    /// The amount does not fit.
    #[error("the amount does not fit")]
    Overflow,
    /// The provider does not take the currency (see
    /// [`Capabilities::currencies`](crate::Capabilities::currencies)).
    #[error("{provider} does not take {}", currency.code())]
    UnsupportedCurrency {
        /// The currency given.
        currency: Currency,
        /// The provider that does not take it.
        provider: crate::Provider,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn exponents_come_from_the_iso_table() {
        assert_eq!(Money::new(1, Currency::ISK).unwrap().exponent(), 0);
        assert_eq!(Money::new(1, Currency::HUF).unwrap().exponent(), 2);
        assert_eq!(Money::new(1, Currency::IRR).unwrap().exponent(), 2);
        assert_eq!(Money::new(1, Currency::KWD).unwrap().exponent(), 3);
        assert_eq!(
            Money::new(1, Currency::XAU),
            Err(MoneyError::NoMinorUnit(Currency::XAU))
        );
    }

    #[test]
    fn conversions_are_exact_or_refused() {
        let eur = Money::new(1050, Currency::EUR).unwrap();
        assert_eq!(eur.to_decimal(), d("10.50"));
        assert_eq!(eur.to_decimal().to_string(), "10.50");
        assert_eq!(eur.to_decimal_places(2).unwrap().to_string(), "10.50");
        assert!(eur.to_decimal_places(0).is_err());
        assert_eq!(
            Money::new(100_000, Currency::HUF)
                .unwrap()
                .to_decimal_places(0)
                .unwrap()
                .to_string(),
            "1000"
        );
        assert_eq!(
            Money::new(1000, Currency::ISK)
                .unwrap()
                .to_decimal()
                .to_string(),
            "1000"
        );
        assert!(Money::from_major(d("10.505"), Currency::EUR).is_err());
        assert_eq!(
            Money::from_major(d("1.5000"), Currency::EUR)
                .unwrap()
                .minor_units(),
            150
        );
        assert_eq!(
            Money::from_major(Decimal::MAX, Currency::EUR),
            Err(MoneyError::Overflow)
        );
        assert_eq!(eur.to_string(), "10.50 EUR");
    }
}
