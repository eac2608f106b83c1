//! Wire types: a transaction (one charge attempt of a payment or a billing log), the Icelandic
//! card receipt an acquirer attaches to it, and the PDF receipt Askell issues for it.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use payments_core::{Decimal, Lenient, string_enum};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use crate::model::text;

string_enum! {
    /// Wire `Transaction.state`: where one charge attempt stands.
    pub enum TransactionState {
        /// Wire `initial` (and the spec's misspelling `inital`): created, not yet sent to
        /// the processor. Written back as `initial`, the spelling seen on the wire.
        Initial = "initial" | "inital",
        /// Wire `pending`: sent to the processor, no answer yet.
        Pending = "pending",
        /// Wire `settled`: the charge went through.
        Settled = "settled",
        /// Wire `failed`: the charge was declined or errored (see `fail_code`).
        Failed = "failed",
        /// Wire `canceled` (one l): cancelled before settling (see `cancel_code`).
        Canceled = "canceled",
        /// Wire `refunded`: the settled charge was refunded (see `refund_code`).
        Refunded = "refunded",
    }
}

/// Wire `Transaction`: one charge attempt. A payment gets one at creation and one more per
/// retry.
///
/// Only [`uuid`](Self::uuid), the transaction's key, is required.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    /// Wire `uuid`: the transaction's id (dashed UUID).
    pub uuid: Uuid,
    /// Wire `state`: where the attempt stands.
    #[serde(default)]
    pub state: Option<TransactionState>,
    /// Wire `amount`: decimal string, two decimals on the wire (`"1.00"`); the scale is kept.
    #[serde(default)]
    pub amount: Option<Decimal>,
    /// Wire `currency`: ISO 4217 code, e.g. `ISK`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Wire `data`: the processor's own data; `{}` until the processor answers, then for a
    /// card charge `{id, receipt, status}` (`null` or absent reads as empty).
    #[serde(default)]
    pub data: TransactionData,
    /// Wire `external_reference`: the processor's transaction id (e.g. `"2286047"`; a number is
    /// kept as its text), `None` until the processor answers.
    #[serde(default, deserialize_with = "text")]
    pub external_reference: Option<String>,
    /// Wire `fail_code`: the processor's decline code (values undocumented; kept as text).
    #[serde(default, deserialize_with = "text")]
    pub fail_code: Option<String>,
    /// Wire `refund_code`: the processor's refund code (values undocumented; kept as text).
    #[serde(default, deserialize_with = "text")]
    pub refund_code: Option<String>,
    /// Wire `cancel_code`: the processor's cancellation code (values undocumented; kept as
    /// text).
    #[serde(default, deserialize_with = "text")]
    pub cancel_code: Option<String>,
}

/// Wire `Transaction.data`: processor-specific. The keys seen after a card charge (`id`,
/// `status`, `receipt`) are typed; every other key is kept in [`extra`](Self::extra). A
/// `receipt` that is not an object (another acquirer's shape) is kept in `extra` under
/// `"receipt"`, and a `data` that is not an object at all under `""`, rather than failing the
/// whole payment.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactionData {
    /// Wire `data.id`: the processor's transaction id (a number is kept as its text).
    pub id: Option<String>,
    /// Wire `data.status`: the processor's view of the state; mirrors [`Transaction::state`].
    pub status: Option<TransactionState>,
    /// Wire `data.receipt`: the card receipt (Valitor style, Icelandic keys).
    pub receipt: Option<CardReceipt>,
    /// Every other key of `data`, as sent.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl<'de> Deserialize<'de> for TransactionData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DataVisitor)
    }
}

/// Reads `data` in one pass: the known keys typed, the rest kept.
struct DataVisitor;

impl DataVisitor {
    fn other(value: serde_json::Value) -> TransactionData {
        TransactionData {
            extra: BTreeMap::from([(String::new(), value)]),
            ..TransactionData::default()
        }
    }
}

impl<'de> Visitor<'de> for DataVisitor {
    type Value = TransactionData;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the processor's data object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TransactionData, A::Error> {
        let mut data = TransactionData::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => data.id = map.next_value::<Text>()?.0,
                "status" => data.status = map.next_value()?,
                "receipt" => match map.next_value::<ReceiptValue>()? {
                    ReceiptValue::Card(r) => data.receipt = Some(r),
                    ReceiptValue::Null => {}
                    ReceiptValue::Other(v) => {
                        data.extra.insert(key, v);
                    }
                },
                _ => {
                    let value = map.next_value()?;
                    data.extra.insert(key, value);
                }
            }
        }
        Ok(data)
    }

    fn visit_unit<E>(self) -> Result<TransactionData, E> {
        Ok(TransactionData::default())
    }

    fn visit_none<E>(self) -> Result<TransactionData, E> {
        Ok(TransactionData::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<TransactionData, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E>(self, v: &str) -> Result<TransactionData, E> {
        Ok(Self::other(v.into()))
    }

    fn visit_bool<E>(self, v: bool) -> Result<TransactionData, E> {
        Ok(Self::other(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<TransactionData, E> {
        Ok(Self::other(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<TransactionData, E> {
        Ok(Self::other(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<TransactionData, E> {
        Ok(Self::other(v.into()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<TransactionData, A::Error> {
        let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Self::other(v))
    }
}

/// An optional text value that also reads numbers and booleans.
#[derive(Deserialize)]
struct Text(#[serde(deserialize_with = "text")] Option<String>);

/// `data.receipt`: a card receipt object, `null`, or another shape kept as sent.
enum ReceiptValue {
    Card(CardReceipt),
    Null,
    Other(serde_json::Value),
}

impl<'de> Deserialize<'de> for ReceiptValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ReceiptVisitor;

        impl<'de> Visitor<'de> for ReceiptVisitor {
            type Value = ReceiptValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a card receipt")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReceiptValue, A::Error> {
                CardReceipt::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ReceiptValue::Card)
            }

            fn visit_unit<E>(self) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Null)
            }

            fn visit_none<E>(self) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Null)
            }

            fn visit_str<E>(self, v: &str) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Other(v.into()))
            }

            fn visit_bool<E>(self, v: bool) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Other(v.into()))
            }

            fn visit_i64<E>(self, v: i64) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Other(v.into()))
            }

            fn visit_u64<E>(self, v: u64) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Other(v.into()))
            }

            fn visit_f64<E>(self, v: f64) -> Result<ReceiptValue, E> {
                Ok(ReceiptValue::Other(v.into()))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<ReceiptValue, A::Error> {
                serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(ReceiptValue::Other)
            }
        }

        d.deserialize_any(ReceiptVisitor)
    }
}

/// Wire `Transaction.data.receipt`: a card receipt as the Icelandic acquirer (Valitor) prints
/// it. Keys are PascalCase Icelandic without accents; every value is text or `null` except
/// `BuidAdOgilda`. Keys this type does not name are kept in [`extra`](Self::extra).
///
/// Other acquirers send other shapes, so reading never fails on a receipt object: a text
/// member sent as a number or a boolean is kept as its text, and `BuidAdOgilda` as sent
/// ([`Lenient`]) when it is not a boolean.
///
/// Dates and times are kept as printed (`DD.MM.YYYY`, `HH:MM`, Iceland time = UTC);
/// [`CardReceipt::parsed_date`] and [`CardReceipt::parsed_time`] read them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CardReceipt {
    /// Wire `BuidAdOgilda` ("búið að ógilda", already voided): `true` when the transaction has
    /// been cancelled or reversed.
    #[serde(rename = "BuidAdOgilda", default)]
    pub already_voided: Option<Lenient<bool>>,
    /// Wire `Bunkanumer` ("bunkanúmer", batch number): the settlement batch, e.g. `B0003049`.
    #[serde(rename = "Bunkanumer", default, deserialize_with = "text")]
    pub batch_number: Option<String>,
    /// Wire `Dagsetning` ("dagsetning", date): the transaction date as `DD.MM.YYYY`.
    #[serde(rename = "Dagsetning", default, deserialize_with = "text")]
    pub date: Option<String>,
    /// Wire `F22_1til4` (ISO 8583 field 22, positions 1 to 4): POS entry mode / data code.
    #[serde(rename = "F22_1til4", default, deserialize_with = "text")]
    pub pos_entry_mode_f22: Option<String>,
    /// Wire `Faersluhirdir` ("færsluhirðir", acquirer): the card processor's name and phone,
    /// e.g. `VALITOR, sími: 525 2000`.
    #[serde(rename = "Faersluhirdir", default, deserialize_with = "text")]
    pub acquirer: Option<String>,
    /// Wire `Faerslunumer` ("færslunúmer", transaction number): the acquirer's transaction
    /// number, equal to the transaction's `external_reference`.
    #[serde(rename = "Faerslunumer", default, deserialize_with = "text")]
    pub transaction_number: Option<String>,
    /// Wire `FaerslunumerUpphafleguFaerslu` ("færslunúmer upphaflegu færslu"): the number of the
    /// original transaction, for refunds and reversals.
    #[serde(
        rename = "FaerslunumerUpphafleguFaerslu",
        default,
        deserialize_with = "text"
    )]
    pub original_transaction_number: Option<String>,
    /// Wire `Heimildarnumer` ("heimildarnúmer", authorization number): the approval code.
    #[serde(rename = "Heimildarnumer", default, deserialize_with = "text")]
    pub authorization_code: Option<String>,
    /// Wire `Hugbunadarnumer` ("hugbúnaðarnúmer", software number): the terminal
    /// application's number or version.
    #[serde(rename = "Hugbunadarnumer", default, deserialize_with = "text")]
    pub software_number: Option<String>,
    /// Wire `Kortnumer` ("kortnúmer", card number): the masked card number,
    /// e.g. `****-****-****-2779`.
    #[serde(rename = "Kortnumer", default, deserialize_with = "text")]
    pub masked_card_number: Option<String>,
    /// Wire `LinaC1` ("lína", line): receipt print line C1.
    #[serde(rename = "LinaC1", default, deserialize_with = "text")]
    pub line_c1: Option<String>,
    /// Wire `LinaC2`: receipt print line C2.
    #[serde(rename = "LinaC2", default, deserialize_with = "text")]
    pub line_c2: Option<String>,
    /// Wire `LinaC3`: receipt print line C3, e.g. `FÆRSLUNR: 128715286045`.
    #[serde(rename = "LinaC3", default, deserialize_with = "text")]
    pub line_c3: Option<String>,
    /// Wire `LinaC4`: receipt print line C4, e.g. `HEIMILD:277031`.
    #[serde(rename = "LinaC4", default, deserialize_with = "text")]
    pub line_c4: Option<String>,
    /// Wire `LinaD1`: receipt print line D1.
    #[serde(rename = "LinaD1", default, deserialize_with = "text")]
    pub line_d1: Option<String>,
    /// Wire `LinaD2`: receipt print line D2.
    #[serde(rename = "LinaD2", default, deserialize_with = "text")]
    pub line_d2: Option<String>,
    /// Wire `PinSkilabod` ("PIN skilaboð", PIN message): the cardholder PIN prompt or result.
    #[serde(rename = "PinSkilabod", default, deserialize_with = "text")]
    pub pin_message: Option<String>,
    /// Wire `PosiID` ("posi", card terminal): the POS device id.
    #[serde(rename = "PosiID", default, deserialize_with = "text")]
    pub pos_id: Option<String>,
    /// Wire `Soluadilinumer` ("söluaðilanúmer", merchant number): the merchant's number at the
    /// acquirer.
    #[serde(rename = "Soluadilinumer", default, deserialize_with = "text")]
    pub merchant_number: Option<String>,
    /// Wire `StadsetningNumer` ("staðsetning", location): the site number.
    #[serde(rename = "StadsetningNumer", default, deserialize_with = "text")]
    pub location_number: Option<String>,
    /// Wire `TegundAdgerd` ("tegund aðgerðar", operation type): `SALA` = sale.
    #[serde(rename = "TegundAdgerd", default, deserialize_with = "text")]
    pub operation_type: Option<String>,
    /// Wire `TegundKorts` ("tegund korts", card type): the brand, e.g. `Mastercard`.
    #[serde(rename = "TegundKorts", default, deserialize_with = "text")]
    pub card_type: Option<String>,
    /// Wire `TegundKortsKodi` ("kóði", code): the card type code, e.g. `500`.
    #[serde(rename = "TegundKortsKodi", default, deserialize_with = "text")]
    pub card_type_code: Option<String>,
    /// Wire `TerminalID`: the terminal id.
    #[serde(rename = "TerminalID", default, deserialize_with = "text")]
    pub terminal_id: Option<String>,
    /// Wire `Timi` ("tími", time): local time of the transaction as `HH:MM`.
    #[serde(rename = "Timi", default, deserialize_with = "text")]
    pub time: Option<String>,
    /// Wire `Upphaed` ("upphæð", amount): the amount as printed, text without decimals
    /// (e.g. `"1"`); [`CardReceipt::parsed_amount`] reads it.
    #[serde(rename = "Upphaed", default, deserialize_with = "text")]
    pub amount: Option<String>,
    /// Wire `UtstodNumer` ("útstöð", workstation): the workstation number.
    #[serde(rename = "UtstodNumer", default, deserialize_with = "text")]
    pub workstation_number: Option<String>,
    /// Wire `VerslunHeimilisfang` ("verslun heimilisfang", store address).
    #[serde(rename = "VerslunHeimilisfang", default, deserialize_with = "text")]
    pub store_address: Option<String>,
    /// Wire `VerslunNafn` ("verslun nafn", store name): the merchant name on the receipt.
    #[serde(rename = "VerslunNafn", default, deserialize_with = "text")]
    pub store_name: Option<String>,
    /// Wire `VerslunStadur` ("verslun staður", store place): the store's town.
    #[serde(rename = "VerslunStadur", default, deserialize_with = "text")]
    pub store_location: Option<String>,
    /// Wire `Vidskiptaskilabod` ("viðskiptaskilaboð", transaction message): the message
    /// printed on the receipt, e.g. `VIÐSKIPTI ISK: 1`.
    #[serde(rename = "Vidskiptaskilabod", default, deserialize_with = "text")]
    pub transaction_message: Option<String>,
    /// Receipt keys this type does not name, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl CardReceipt {
    /// [`date`](Self::date) (`DD.MM.YYYY`) read as a date; `None` when absent or not in that
    /// form.
    ///
    /// ```
    /// let r: askell_sdk::model::transaction::CardReceipt =
    ///     serde_json::from_str(r#"{"Dagsetning":"14.10.2021","Timi":"15:36"}"#).unwrap();
    /// assert_eq!(r.parsed_date().unwrap().to_string(), "2021-10-14");
    /// assert_eq!(r.parsed_time().unwrap().to_string(), "15:36:00.0");
    /// ```
    pub fn parsed_date(&self) -> Option<time::Date> {
        let b = self.date.as_deref()?.as_bytes();
        if b.len() != 10 || b[2] != b'.' || b[5] != b'.' {
            return None;
        }
        let day = u8::try_from(ascii_number(&b[0..2])?).ok()?;
        let month = u8::try_from(ascii_number(&b[3..5])?).ok()?;
        let year = i32::from(ascii_number(&b[6..10])?);
        time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
    }

    /// [`time`](Self::time) (`HH:MM`, Iceland time = UTC) read as a time of day; `None` when
    /// absent or not in that form.
    pub fn parsed_time(&self) -> Option<time::Time> {
        let b = self.time.as_deref()?.as_bytes();
        if b.len() != 5 || b[2] != b':' {
            return None;
        }
        let hour = u8::try_from(ascii_number(&b[0..2])?).ok()?;
        let minute = u8::try_from(ascii_number(&b[3..5])?).ok()?;
        time::Time::from_hms(hour, minute, 0).ok()
    }

    /// [`amount`](Self::amount) read as an exact decimal.
    pub fn parsed_amount(&self) -> Option<Decimal> {
        self.amount.as_deref()?.trim().parse().ok()
    }
}

/// The value of up to four ASCII digits (a receipt's date and time fields); `None` when any
/// byte is not one.
fn ascii_number(digits: &[u8]) -> Option<u16> {
    digits.iter().try_fold(0u16, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
    })
}

/// Answer to `GET /transactions/{uuid}/receipt/`: the receipt Askell issues for a transaction,
/// as a PDF document, `{"receipt": "<base64 PDF>", "filename": "…"}`.
///
/// (The v1 spec documents an array of transactions here; real answers are this object. A
/// one-element array of it is read too.) `Debug` shows the size of the document, not its text.
///
/// ```
/// use askell_sdk::TransactionReceipt;
///
/// let receipt: TransactionReceipt =
///     serde_json::from_str(r#"{"receipt":"JVBERi0xLjQK","filename":"receipt-2286047.pdf"}"#)?;
/// assert_eq!(receipt.pdf()?, b"%PDF-1.4\n");
/// assert_eq!(receipt.filename.as_deref(), Some("receipt-2286047.pdf"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TransactionReceipt {
    /// Wire `receipt`: the PDF document, base64-encoded (standard alphabet); decode it with
    /// [`pdf`](Self::pdf). The receipt's one required member.
    #[serde(rename = "receipt")]
    pub pdf_base64: String,
    /// Wire `filename`: a suggested file name for the document, e.g. `receipt-2286047.pdf`.
    #[serde(default)]
    pub filename: Option<String>,
}

impl fmt::Debug for TransactionReceipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionReceipt")
            .field(
                "pdf_base64",
                &format_args!("<{} base64 characters>", self.pdf_base64.len()),
            )
            .field("filename", &self.filename)
            .finish()
    }
}

impl TransactionReceipt {
    /// The PDF document's bytes, decoded from [`pdf_base64`](Self::pdf_base64). Whitespace
    /// (line breaks of a wrapped encoding) is ignored and the trailing `=` padding is optional;
    /// anything else that is not standard base64 is a [`ReceiptError`].
    pub fn pdf(&self) -> Result<Vec<u8>, ReceiptError> {
        let engine = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
        let text = self.pdf_base64.as_bytes();
        let decoded = if text.iter().any(u8::is_ascii_whitespace) {
            let compact: Vec<u8> = text
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            engine.decode(compact)
        } else {
            engine.decode(text)
        };
        decoded.map_err(|source| ReceiptError { source })
    }
}

/// A [`TransactionReceipt`]'s document is not valid base64.
///
/// `source()` gives the decoder's own error (position and byte).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the receipt's PDF document is not valid base64")]
pub struct ReceiptError {
    #[source]
    source: base64::DecodeError,
}

#[cfg(test)]
mod tests {
    use super::CardReceipt;
    use time::{Date, Month, Time};

    fn receipt(date: &str, time: &str) -> CardReceipt {
        CardReceipt {
            date: Some(date.to_owned()),
            time: Some(time.to_owned()),
            ..CardReceipt::default()
        }
    }

    #[test]
    fn printed_dates_and_times_are_read() {
        let r = receipt("14.10.2021", "15:36");
        assert_eq!(
            r.parsed_date(),
            Some(Date::from_calendar_date(2021, Month::October, 14).unwrap())
        );
        assert_eq!(r.parsed_time(), Some(Time::from_hms(15, 36, 0).unwrap()));
        let r = receipt("29.02.2024", "00:00");
        assert_eq!(
            r.parsed_date(),
            Some(Date::from_calendar_date(2024, Month::February, 29).unwrap())
        );
        assert_eq!(r.parsed_time(), Some(Time::MIDNIGHT));
        let r = receipt("01.01.0001", "23:59");
        assert_eq!(
            r.parsed_date(),
            Some(Date::from_calendar_date(1, Month::January, 1).unwrap())
        );
        assert_eq!(r.parsed_time(), Some(Time::from_hms(23, 59, 0).unwrap()));
    }

    #[test]
    fn absent_values_are_none() {
        let r = CardReceipt::default();
        assert_eq!(r.parsed_date(), None);
        assert_eq!(r.parsed_time(), None);
    }

    #[test]
    fn malformed_dates_are_none() {
        for bad in [
            "",
            "14.10.21",
            "4.10.2021",
            "14.1.2021",
            "14-10-2021",
            "14.10-2021",
            "2021-10-14",
            "14.10.2021 ",
            " 14.10.2021",
            "14.10.20211",
            "14.10.+021",
            "+4.10.2021",
            "14.1a.2021",
            "00.10.2021",
            "32.10.2021",
            "29.02.2023",
            "31.04.2021",
            "14.00.2021",
            "14.13.2021",
            "14.99.2021",
            "１4.10.2021",
            "14.10.２０21",
        ] {
            assert_eq!(receipt(bad, "15:36").parsed_date(), None, "{bad:?}");
        }
    }

    #[test]
    fn malformed_times_are_none() {
        for bad in [
            "", "5:36", "15:6", "1536", "15.36", "15:36:00", "15:36 ", " 15:36", "24:00", "15:60",
            "99:99", "+5:36", "15:-6", "1a:36", "１5:36",
        ] {
            assert_eq!(receipt("14.10.2021", bad).parsed_time(), None, "{bad:?}");
        }
    }
}
