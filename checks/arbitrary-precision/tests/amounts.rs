//! With `arbitrary_precision` on, serde_json hands numbers over as a one-entry map holding their
//! text; every amount reader must still be exact, directly and through buffering parents.

use payments_core::Decimal;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Amounts {
    #[serde(with = "payments_core::amount::json_number")]
    a: Decimal,
    #[serde(default, with = "payments_core::amount::json_number_option")]
    b: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
struct Flattened {
    #[serde(flatten)]
    inner: Amounts,
    #[serde(flatten)]
    rest: std::collections::BTreeMap<String, serde_json::Value>,
}

#[test]
fn the_feature_is_really_on() {
    let v: serde_json::Value = serde_json::from_str("0.12345678901234567890").unwrap();
    assert_eq!(v.to_string(), "0.12345678901234567890");
}

#[test]
fn fractional_amounts_read_exactly_directly() {
    let v: Amounts = serde_json::from_str(r#"{"a":12.50,"b":0.12345678901234567891}"#).unwrap();
    assert_eq!(v.a.to_string(), "12.50");
    assert_eq!(v.b.unwrap().to_string(), "0.12345678901234567891");
    let v: Amounts = serde_json::from_str(r#"{"a":100,"b":null}"#).unwrap();
    assert_eq!((v.a, v.b), (Decimal::from(100), None));
}

#[test]
fn fractional_amounts_read_exactly_through_a_flattened_parent() {
    let v: Flattened =
        serde_json::from_str(r#"{"a":100.55,"b":"7.10","extra":1.5}"#).unwrap();
    assert_eq!(v.inner.a.to_string(), "100.55");
    assert_eq!(v.inner.b.unwrap().to_string(), "7.10");
    assert!(v.rest.contains_key("extra"));
}

#[test]
fn fractional_amounts_read_exactly_through_a_value() {
    let value: serde_json::Value = serde_json::from_str(r#"{"a":0.10,"b":99.999}"#).unwrap();
    let v = Amounts::deserialize(&value).unwrap();
    assert_eq!(v.a.to_string(), "0.10");
    assert_eq!(v.b.unwrap().to_string(), "99.999");
}

#[test]
fn garbage_is_still_an_error() {
    assert!(serde_json::from_str::<Amounts>(r#"{"a":"ten"}"#).is_err());
    assert!(serde_json::from_str::<Amounts>(r#"{"a":true}"#).is_err());
    assert!(serde_json::from_str::<Amounts>(r#"{"a":1.000000000000000000000000000001}"#).is_err());
}
