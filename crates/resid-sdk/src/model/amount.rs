//! [`Rials`]: Resid's integer money amounts.

use std::fmt;

use payments_core::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An amount in whole Iranian rials: never a fraction, never negative.
///
/// Resid's `amount`, `total_amount` and `tip` are JSON integers, sent in forms as plain digits
/// (`amount=10000`). The currency unit is not stated in Resid's docs (unconfirmed): Iranian bank
/// gateways count in rials, so this SDK reads and writes rials; if your account turns out to
/// count in tomans, one toman is ten rials.
///
/// Built from an integer, or checked from a [`Decimal`] or a signed integer:
///
/// ```
/// use resid_sdk::{Decimal, Rials, RialsError, dec};
///
/// assert_eq!(Rials::new(10_000).get(), 10_000);
/// assert_eq!(Rials::try_from(dec!(10000.00)), Ok(Rials::new(10_000)));
/// assert_eq!(Rials::try_from(dec!(10.5)), Err(RialsError::Fraction(dec!(10.5))));
/// assert_eq!(Rials::try_from(-5_i64), Err(RialsError::Negative(Decimal::from(-5))));
/// assert_eq!(Rials::new(10_000).to_string(), "10000");
/// ```
///
/// A negative amount does not even compile:
///
/// ```compile_fail
/// let refund = resid_sdk::Rials::new(-10_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rials(u64);

impl Rials {
    /// No rials.
    pub const ZERO: Self = Self(0);

    /// `rials` whole rials.
    pub const fn new(rials: u64) -> Self {
        Self(rials)
    }

    /// The amount in rials.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// `true` for zero rials.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The amount as a [`Decimal`] (scale 0).
    pub fn to_decimal(self) -> Decimal {
        Decimal::from(self.0)
    }

    /// The sum, or `None` past `u64::MAX`.
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }
}

/// An amount could not be held as [`Rials`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RialsError {
    /// Below zero.
    #[error("{0} is negative; a rial amount cannot be")]
    Negative(Decimal),
    /// Not a whole number of rials.
    #[error("{0} is not a whole number of rials")]
    Fraction(Decimal),
    /// Larger than the type holds.
    #[error("{0} is too large")]
    TooLarge(Decimal),
}

impl From<u64> for Rials {
    fn from(rials: u64) -> Self {
        Self(rials)
    }
}

impl From<u32> for Rials {
    fn from(rials: u32) -> Self {
        Self(u64::from(rials))
    }
}

impl From<Rials> for Decimal {
    fn from(rials: Rials) -> Self {
        rials.to_decimal()
    }
}

impl TryFrom<Decimal> for Rials {
    type Error = RialsError;

    /// Exact: `10000.00` is 10000 rials; `10.5` and `-1` are refused, never rounded.
    fn try_from(amount: Decimal) -> Result<Self, RialsError> {
        if amount < Decimal::ZERO {
            return Err(RialsError::Negative(amount));
        }
        if !amount.fract().is_zero() {
            return Err(RialsError::Fraction(amount));
        }
        u64::try_from(amount.trunc())
            .map(Self)
            .map_err(|_| RialsError::TooLarge(amount))
    }
}

impl TryFrom<i64> for Rials {
    type Error = RialsError;

    fn try_from(rials: i64) -> Result<Self, RialsError> {
        u64::try_from(rials)
            .map(Self)
            .map_err(|_| RialsError::Negative(Decimal::from(rials)))
    }
}

impl fmt::Display for Rials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Rials {
    /// A JSON integer; plain digits in a form.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Rials {
    /// A non-negative JSON integer; also, leniently, an integral float (`10000.0`) or a string
    /// of digits (`"10000"`). A fraction or a negative is a decode error, never rounded.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RialsVisitor)
    }
}

struct RialsVisitor;

impl Visitor<'_> for RialsVisitor {
    type Value = Rials;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole, non-negative number of rials")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rials, E> {
        Ok(Rials(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rials, E> {
        u64::try_from(v)
            .map(Rials)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Rials, E> {
        // Only exact integers below 2^53 survive an f64 unchanged.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < EXACT {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(Rials(v as u64));
        }
        Err(E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Rials, E> {
        let t = v.trim();
        if !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = t.parse()
        {
            return Ok(Rials(n));
        }
        Err(E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_core::dec;

    #[test]
    fn reads_integers_and_refuses_fractions_and_negatives() {
        let read = |s: &str| serde_json::from_str::<Rials>(s);
        assert_eq!(read("10000").unwrap(), Rials::new(10_000));
        assert_eq!(read("10000.0").unwrap(), Rials::new(10_000));
        assert_eq!(read(r#"" 10000 ""#).unwrap(), Rials::new(10_000));
        for bad in ["-1", "10.5", r#""10.5""#, r#""""#, "true", "null", "1e400"] {
            assert!(read(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&Rials::new(7)).unwrap(), "7");
    }

    #[test]
    fn converts_exactly() {
        assert_eq!(Rials::try_from(dec!(0)), Ok(Rials::ZERO));
        assert_eq!(Rials::try_from(dec!(-0.0)), Ok(Rials::ZERO));
        assert_eq!(
            Rials::try_from(dec!(-1)),
            Err(RialsError::Negative(dec!(-1)))
        );
        assert_eq!(
            Rials::try_from(dec!(1.01)),
            Err(RialsError::Fraction(dec!(1.01)))
        );
        assert!(matches!(
            Rials::try_from(dec!(100000000000000000000)),
            Err(RialsError::TooLarge(_))
        ));
        assert_eq!(
            Rials::new(1).checked_add(Rials::new(2)),
            Some(Rials::new(3))
        );
        assert_eq!(Rials::new(u64::MAX).checked_add(Rials::new(1)), None);
    }
}
