//! Exact amounts: a fixed-point number of ten-thousandths, parsed from the wire's decimal
//! strings and JSON numbers, printed in each provider's style. No `f64` arithmetic anywhere; a
//! JSON number is only produced from the exact decimal text.

use std::fmt;

use serde_json::Value;

/// The scale: amounts carry at most four decimal places (Askell prints four).
const SCALE: i64 = 10_000;
const SCALE_DIGITS: u32 = 4;

/// An exact amount in ten-thousandths of a unit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default, Hash)]
pub(crate) struct Amount(i64);

impl Amount {
    /// Zero.
    pub(crate) const ZERO: Self = Self(0);

    /// `units` whole units.
    pub(crate) fn from_units(units: i64) -> Self {
        Self(units * SCALE)
    }

    /// Parses a plain decimal (`"100"`, `"12.5"`, `"-3.25"`, `"1.0000"`); at most four decimals.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let whole_ok = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
        let fraction_ok = fraction.bytes().all(|b| b.is_ascii_digit())
            && (fraction.len() <= SCALE_DIGITS as usize
                || fraction[4..].bytes().all(|b| b == b'0'));
        if !whole_ok || !fraction_ok || (digits.contains('.') && fraction.is_empty()) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let mut frac: i64 = 0;
        for (i, b) in fraction.bytes().take(SCALE_DIGITS as usize).enumerate() {
            frac += i64::from(b - b'0') * 10_i64.pow(SCALE_DIGITS - 1 - u32::try_from(i).ok()?);
        }
        let value = whole.checked_mul(SCALE)?.checked_add(frac)?;
        Some(Self(if negative { -value } else { value }))
    }

    /// Reads a JSON number or a numeric string. A number is read from its text: the literal
    /// itself under serde_json's `arbitrary_precision`, else the shortest round-trip text of
    /// the parsed float, which is the literal the client wrote for any amount of up to 15
    /// significant digits (`1e2`-style exponents go through the float).
    pub(crate) fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => Self::parse(&n.to_string()).or_else(|| {
                let f = n.as_f64().filter(|f| f.is_finite())?;
                Self::parse(&format!("{f}"))
            }),
            Value::String(s) => Self::parse(s),
            _ => None,
        }
    }

    /// The number of decimal places needed to print the amount exactly (0 to 4).
    pub(crate) fn decimals(self) -> u32 {
        let mut frac = self.0.rem_euclid(SCALE);
        if frac == 0 {
            return 0;
        }
        let mut places = SCALE_DIGITS;
        while frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
        places
    }

    /// Whether the amount is a whole number of units.
    pub(crate) fn is_whole(self) -> bool {
        self.decimals() == 0
    }

    /// Prints with exactly `places` decimals (`places` must cover [`decimals`](Self::decimals)).
    pub(crate) fn fixed(self, places: u32) -> String {
        let places = places.min(SCALE_DIGITS);
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE.unsigned_abs();
        let frac = abs % SCALE.unsigned_abs();
        if places == 0 {
            return format!("{sign}{whole}");
        }
        let frac = frac / 10_u64.pow(SCALE_DIGITS - places);
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }

    /// A JSON number: an integer when whole, otherwise the exact decimal.
    pub(crate) fn to_json(self) -> Value {
        if self.is_whole() {
            Value::from(self.0 / SCALE)
        } else {
            // The shortest text of this f64 is exactly `self.fixed(..)`: at most 15 digits.
            let text = self.fixed(self.decimals());
            text.parse::<f64>().map_or(Value::Null, Value::from)
        }
    }

    /// The amount in minor units of a currency with `exponent` decimals, when it is whole in
    /// them (`10.01` EUR is 1001; `10.001` EUR is `None`).
    pub(crate) fn minor_units(self, exponent: u32) -> Option<i64> {
        if exponent > SCALE_DIGITS {
            return Some(self.0 * 10_i64.pow(exponent - SCALE_DIGITS));
        }
        let divisor = 10_i64.pow(SCALE_DIGITS - exponent);
        (self.0 % divisor == 0).then_some(self.0 / divisor)
    }

    /// The scenario code of this amount in `currency`: the last two digits of its minor units
    /// (0 when it is not whole in minor units).
    pub(crate) fn scenario_code(self, currency: &str) -> u8 {
        self.minor_units(currency_exponent(currency))
            .and_then(|minor| u8::try_from(minor.rem_euclid(100)).ok())
            .unwrap_or(0)
    }

    /// Whether the amount has at most `places` decimals.
    pub(crate) fn has_at_most_decimals(self, places: u32) -> bool {
        self.decimals() <= places
    }

    pub(crate) fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub(crate) fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    pub(crate) fn saturating_add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Self::saturating_add)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fixed(self.decimals()))
    }
}

/// The number of minor-unit decimals the scenario rule uses for `currency`: 0 for the
/// currencies the providers take in whole units (ISK, HUF at Barion, IRR at Resid, JPY, ...),
/// 2 for every other code.
pub(crate) fn currency_exponent(currency: &str) -> u32 {
    const WHOLE: &[&str] = &[
        "ISK", "HUF", "IRR", "IRT", "JPY", "KRW", "CLP", "VND", "PYG", "UGX", "RWF", "XAF", "XOF",
        "XPF", "KMF", "GNF", "DJF", "BIF", "VUV",
    ];
    if WHOLE
        .iter()
        .any(|c| c.eq_ignore_ascii_case(currency.trim()))
    {
        0
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_prints_exactly() {
        let a = Amount::parse("100.07").unwrap();
        assert_eq!(a.to_string(), "100.07");
        assert_eq!(a.fixed(4), "100.0700");
        assert_eq!(a.fixed(2), "100.07");
        assert_eq!(Amount::parse("1").unwrap().fixed(4), "1.0000");
        assert_eq!(Amount::parse("-3.5").unwrap().to_string(), "-3.5");
        assert_eq!(Amount::parse("1.23456"), None);
        assert_eq!(Amount::parse("1.23450").unwrap().to_string(), "1.2345");
        assert_eq!(Amount::parse("abc"), None);
        assert_eq!(Amount::parse("1."), None);
        assert_eq!(Amount::parse(".5"), None);
    }

    #[test]
    fn json_numbers_round_trip_without_float_noise() {
        for text in ["100.07", "0.3", "12.5", "250", "19990", "0.05"] {
            let v: Value = serde_json::from_str(text).unwrap();
            let a = Amount::from_json(&v).unwrap();
            assert_eq!(serde_json::to_string(&a.to_json()).unwrap(), text);
        }
        assert_eq!(Amount::from_json(&json!("1.0000")), Amount::parse("1"));
        assert_eq!(Amount::from_json(&json!(true)), None);
    }

    #[test]
    fn scenario_codes_use_minor_units_per_currency() {
        let code = |a: &str, c: &str| Amount::parse(a).unwrap().scenario_code(c);
        assert_eq!(code("1000", "HUF"), 0);
        assert_eq!(code("1001", "HUF"), 1);
        assert_eq!(code("10.00", "EUR"), 0);
        assert_eq!(code("10.07", "EUR"), 7);
        assert_eq!(code("1007", "EUR"), 0);
        assert_eq!(code("5003", "ISK"), 3);
        assert_eq!(code("10.001", "EUR"), 0);
    }
}
