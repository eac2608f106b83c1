//! Exact money: minor units plus an ISO 4217 currency with its exponent.
//!
//! No floating point anywhere. Provider crates carry [`Decimal`] amounts on the wire; this module
//! converts between those and minor units and refuses any conversion that would lose precision.

use std::fmt;

use rust_decimal::Decimal;

/// An ISO 4217 currency: its three-letter code and the number of decimal places of its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

macro_rules! currencies {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $exp:literal;)*) => {
        impl Currency {
            $($(#[$doc])* pub const $name: Currency = Currency { code: *$code, exponent: $exp };)*

            /// The currency with ISO code `code` (upper case) if this crate knows its exponent.
            pub fn from_code(code: &str) -> Option<Currency> {
                match code {
                    $(c if c.as_bytes() == $code => Some(Self::$name),)*
                    _ => None,
                }
            }
        }
    };
}

currencies! {
    /// Czech koruna (2 decimals).
    CZK = b"CZK", 2;
    /// Euro (2 decimals).
    EUR = b"EUR", 2;
    /// Pound sterling (2 decimals).
    GBP = b"GBP", 2;
    /// Hungarian forint (2 decimals in ISO 4217; some providers accept whole forints only).
    HUF = b"HUF", 2;
    /// Iranian rial (2 decimals in ISO 4217; Iranian providers use whole rials).
    IRR = b"IRR", 2;
    /// Icelandic króna (0 decimals).
    ISK = b"ISK", 0;
    /// Polish złoty (2 decimals).
    PLN = b"PLN", 2;
    /// Ukrainian hryvnia (2 decimals).
    UAH = b"UAH", 2;
    /// US dollar (2 decimals).
    USD = b"USD", 2;
}

impl Currency {
    /// A currency with code `code` (three ASCII upper-case letters) and `exponent` decimals.
    pub fn new(code: &str, exponent: u8) -> Result<Self, MoneyError> {
        let bytes: [u8; 3] = code
            .as_bytes()
            .try_into()
            .map_err(|_| MoneyError::InvalidCurrency(code.to_owned()))?;
        if !bytes.iter().all(u8::is_ascii_uppercase) || exponent > 4 {
            return Err(MoneyError::InvalidCurrency(code.to_owned()));
        }
        Ok(Self {
            code: bytes,
            exponent,
        })
    }

    /// The ISO code, e.g. `"EUR"`.
    pub fn code(&self) -> &str {
        // Always three ASCII letters (checked on construction).
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// The number of decimal places of the minor unit.
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in minor units of a currency (cents, aurar, fillér ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor_units: i64,
    currency: Currency,
}

impl Money {
    /// `minor_units` of `currency` (e.g. `Money::new(1050, Currency::EUR)` is €10.50).
    pub const fn new(minor_units: i64, currency: Currency) -> Self {
        Self {
            minor_units,
            currency,
        }
    }

    /// The amount in minor units.
    pub const fn minor_units(&self) -> i64 {
        self.minor_units
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as a decimal in major units (`1050` EUR cents → `10.50`).
    pub fn to_decimal(&self) -> Decimal {
        Decimal::new(self.minor_units, u32::from(self.currency.exponent))
    }

    /// Reads a decimal in major units; fails if it has more decimals than the currency's minor
    /// unit (`10.505` EUR) or does not fit.
    pub fn from_decimal(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let scaled = amount
            .checked_mul(Decimal::from(10i64.pow(u32::from(currency.exponent))))
            .ok_or(MoneyError::Overflow)?;
        if !scaled.fract().is_zero() {
            return Err(MoneyError::PrecisionLoss {
                amount,
                places: u32::from(currency.exponent),
            });
        }
        let minor = i64::try_from(scaled.trunc()).map_err(|_| MoneyError::Overflow)?;
        Ok(Self::new(minor, currency))
    }

    /// The amount as a decimal with at most `places` decimals (a provider that takes fewer than
    /// the currency has, e.g. whole forints); fails rather than round.
    pub fn to_decimal_with_places(&self, places: u32) -> Result<Decimal, MoneyError> {
        let d = self.to_decimal();
        ensure_places(d, places)?;
        Ok(d.normalize())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal(), self.currency)
    }
}

/// Fails if `amount` has more than `places` significant decimals (trailing zeros are fine:
/// `1.5000` has one).
pub fn ensure_places(amount: Decimal, places: u32) -> Result<(), MoneyError> {
    if amount.normalize().scale() > places {
        Err(MoneyError::PrecisionLoss { amount, places })
    } else {
        Ok(())
    }
}

/// A money value could not be formed or converted exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// More decimals than allowed.
    #[error("{amount} has more than {places} decimal places")]
    PrecisionLoss {
        /// The amount given.
        amount: Decimal,
        /// The decimals allowed.
        places: u32,
    },
    /// The amount does not fit.
    #[error("the amount is out of range")]
    Overflow,
    /// Not a three-letter upper-case code with a sane exponent.
    #[error("`{0}` is not an ISO 4217 currency code")]
    InvalidCurrency(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn minor_units_round_trip_through_decimals() {
        let m = Money::new(1050, Currency::EUR);
        assert_eq!(m.to_decimal().to_string(), "10.50");
        assert_eq!(Money::from_decimal(d("10.5"), Currency::EUR), Ok(m));
        assert_eq!(
            Money::from_decimal(d("1500"), Currency::ISK)
                .unwrap()
                .minor_units(),
            1500
        );
        assert_eq!(m.to_string(), "10.50 EUR");
    }

    #[test]
    fn precision_loss_is_refused() {
        assert!(matches!(
            Money::from_decimal(d("10.505"), Currency::EUR),
            Err(MoneyError::PrecisionLoss { places: 2, .. })
        ));
        assert!(Money::from_decimal(d("1.5"), Currency::ISK).is_err());
        assert_eq!(
            Money::new(150_000, Currency::HUF).to_decimal_with_places(0),
            Ok(d("1500"))
        );
        assert!(
            Money::new(150_050, Currency::HUF)
                .to_decimal_with_places(0)
                .is_err()
        );
        assert!(ensure_places(d("1.5000"), 1).is_ok());
        assert!(ensure_places(d("1.25"), 1).is_err());
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert_eq!(
            Money::from_decimal(Decimal::MAX, Currency::EUR),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn currencies_are_checked() {
        assert_eq!(Currency::from_code("ISK"), Some(Currency::ISK));
        assert_eq!(Currency::from_code("XXX"), None);
        assert_eq!(Currency::new("SEK", 2).unwrap().code(), "SEK");
        assert!(Currency::new("sek", 2).is_err());
        assert!(Currency::new("SEKK", 2).is_err());
    }
}
