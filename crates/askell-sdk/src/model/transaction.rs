//! Wire types: a transaction (one charge attempt of a payment or a billing log) and the
//! Icelandic card receipt an acquirer attaches to it.

use std::collections::BTreeMap;

use payments_core::Decimal;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use payments_core::string_enum;

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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    /// Wire `uuid`: the transaction's id (dashed UUID).
    pub uuid: Uuid,
    /// Wire `state`: where the attempt stands.
    pub state: TransactionState,
    /// Wire `amount`: decimal string, two decimals on the wire (`"1.00"`); the scale is kept.
    pub amount: Decimal,
    /// Wire `currency`: ISO 4217 code, e.g. `ISK`.
    pub currency: String,
    /// Wire `data`: the processor's own data; `{}` until the processor answers, then for a
    /// card charge `{id, receipt, status}`.
    #[serde(default)]
    pub data: TransactionData,
    /// Wire `external_reference`: the processor's transaction id (e.g. `"2286047"`), `None`
    /// until the processor answers.
    #[serde(default)]
    pub external_reference: Option<String>,
    /// Wire `fail_code`: the processor's decline code (values undocumented).
    #[serde(default)]
    pub fail_code: Option<String>,
    /// Wire `refund_code`: the processor's refund code (values undocumented).
    #[serde(default)]
    pub refund_code: Option<String>,
    /// Wire `cancel_code`: the processor's cancellation code (values undocumented).
    #[serde(default)]
    pub cancel_code: Option<String>,
}

/// Wire `Transaction.data`: processor-specific. The keys seen after a card charge (`id`,
/// `status`, `receipt`) are typed; every other key is kept in [`extra`](Self::extra). A
/// `receipt` that is not shaped like a [`CardReceipt`] (another acquirer) is kept in `extra`
/// under `"receipt"` rather than failing the whole payment.
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
        let value = Option::<serde_json::Value>::deserialize(d)?;
        let mut extra = match value {
            Some(serde_json::Value::Object(map)) => map.into_iter().collect::<BTreeMap<_, _>>(),
            None | Some(serde_json::Value::Null) => BTreeMap::new(),
            Some(other) => BTreeMap::from([(String::new(), other)]),
        };
        let id = match extra.remove("id") {
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => {
                extra.insert("id".to_owned(), other);
                None
            }
        };
        let status = match extra.remove("status") {
            Some(serde_json::Value::String(s)) => Some(
                s.parse::<TransactionState>()
                    .unwrap_or_else(|never| match never {}),
            ),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => {
                extra.insert("status".to_owned(), other);
                None
            }
        };
        let receipt = match extra.remove("receipt") {
            Some(serde_json::Value::Null) | None => None,
            Some(raw) => {
                if let Ok(r) = CardReceipt::deserialize(&raw) {
                    Some(r)
                } else {
                    extra.insert("receipt".to_owned(), raw);
                    None
                }
            }
        };
        Ok(Self {
            id,
            status,
            receipt,
            extra,
        })
    }
}

/// Wire `Transaction.data.receipt`: a card receipt as the Icelandic acquirer (Valitor) prints
/// it. Keys are PascalCase Icelandic without accents; every value is text or `null` except
/// `BuidAdOgilda`. Keys this type does not name are kept in [`extra`](Self::extra).
///
/// Dates and times are kept as printed (`DD.MM.YYYY`, `HH:MM`, Iceland time = UTC);
/// [`CardReceipt::parsed_date`] and [`CardReceipt::parsed_time`] read them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CardReceipt {
    /// Wire `BuidAdOgilda` ("búið að ógilda", already voided): `true` when the transaction has
    /// been cancelled or reversed.
    #[serde(rename = "BuidAdOgilda", default)]
    pub already_voided: Option<bool>,
    /// Wire `Bunkanumer` ("bunkanúmer", batch number): the settlement batch, e.g. `B0003049`.
    #[serde(rename = "Bunkanumer", default)]
    pub batch_number: Option<String>,
    /// Wire `Dagsetning` ("dagsetning", date): the transaction date as `DD.MM.YYYY`.
    #[serde(rename = "Dagsetning", default)]
    pub date: Option<String>,
    /// Wire `F22_1til4` (ISO 8583 field 22, positions 1 to 4): POS entry mode / data code.
    #[serde(rename = "F22_1til4", default)]
    pub pos_entry_mode_f22: Option<String>,
    /// Wire `Faersluhirdir` ("færsluhirðir", acquirer): the card processor's name and phone,
    /// e.g. `VALITOR, sími: 525 2000`.
    #[serde(rename = "Faersluhirdir", default)]
    pub acquirer: Option<String>,
    /// Wire `Faerslunumer` ("færslunúmer", transaction number): the acquirer's transaction
    /// number, equal to the transaction's `external_reference`.
    #[serde(rename = "Faerslunumer", default)]
    pub transaction_number: Option<String>,
    /// Wire `FaerslunumerUpphafleguFaerslu` ("færslunúmer upphaflegu færslu"): the number of the
    /// original transaction, for refunds and reversals.
    #[serde(rename = "FaerslunumerUpphafleguFaerslu", default)]
    pub original_transaction_number: Option<String>,
    /// Wire `Heimildarnumer` ("heimildarnúmer", authorization number): the approval code.
    #[serde(rename = "Heimildarnumer", default)]
    pub authorization_code: Option<String>,
    /// Wire `Hugbunadarnumer` ("hugbúnaðarnúmer", software number): the terminal
    /// application's number or version.
    #[serde(rename = "Hugbunadarnumer", default)]
    pub software_number: Option<String>,
    /// Wire `Kortnumer` ("kortnúmer", card number): the masked card number,
    /// e.g. `****-****-****-2779`.
    #[serde(rename = "Kortnumer", default)]
    pub masked_card_number: Option<String>,
    /// Wire `LinaC1` ("lína", line): receipt print line C1.
    #[serde(rename = "LinaC1", default)]
    pub line_c1: Option<String>,
    /// Wire `LinaC2`: receipt print line C2.
    #[serde(rename = "LinaC2", default)]
    pub line_c2: Option<String>,
    /// Wire `LinaC3`: receipt print line C3, e.g. `FÆRSLUNR: 128715286045`.
    #[serde(rename = "LinaC3", default)]
    pub line_c3: Option<String>,
    /// Wire `LinaC4`: receipt print line C4, e.g. `HEIMILD:277031`.
    #[serde(rename = "LinaC4", default)]
    pub line_c4: Option<String>,
    /// Wire `LinaD1`: receipt print line D1.
    #[serde(rename = "LinaD1", default)]
    pub line_d1: Option<String>,
    /// Wire `LinaD2`: receipt print line D2.
    #[serde(rename = "LinaD2", default)]
    pub line_d2: Option<String>,
    /// Wire `PinSkilabod` ("PIN skilaboð", PIN message): the cardholder PIN prompt or result.
    #[serde(rename = "PinSkilabod", default)]
    pub pin_message: Option<String>,
    /// Wire `PosiID` ("posi", card terminal): the POS device id.
    #[serde(rename = "PosiID", default)]
    pub pos_id: Option<String>,
    /// Wire `Soluadilinumer` ("söluaðilanúmer", merchant number): the merchant's number at the
    /// acquirer.
    #[serde(rename = "Soluadilinumer", default)]
    pub merchant_number: Option<String>,
    /// Wire `StadsetningNumer` ("staðsetning", location): the site number.
    #[serde(rename = "StadsetningNumer", default)]
    pub location_number: Option<String>,
    /// Wire `TegundAdgerd` ("tegund aðgerðar", operation type): `SALA` = sale.
    #[serde(rename = "TegundAdgerd", default)]
    pub operation_type: Option<String>,
    /// Wire `TegundKorts` ("tegund korts", card type): the brand, e.g. `Mastercard`.
    #[serde(rename = "TegundKorts", default)]
    pub card_type: Option<String>,
    /// Wire `TegundKortsKodi` ("kóði", code): the card type code, e.g. `500`.
    #[serde(rename = "TegundKortsKodi", default)]
    pub card_type_code: Option<String>,
    /// Wire `TerminalID`: the terminal id.
    #[serde(rename = "TerminalID", default)]
    pub terminal_id: Option<String>,
    /// Wire `Timi` ("tími", time): local time of the transaction as `HH:MM`.
    #[serde(rename = "Timi", default)]
    pub time: Option<String>,
    /// Wire `Upphaed` ("upphæð", amount): the amount as printed, text without decimals
    /// (e.g. `"1"`); [`CardReceipt::parsed_amount`] reads it.
    #[serde(rename = "Upphaed", default)]
    pub amount: Option<String>,
    /// Wire `UtstodNumer` ("útstöð", workstation): the workstation number.
    #[serde(rename = "UtstodNumer", default)]
    pub workstation_number: Option<String>,
    /// Wire `VerslunHeimilisfang` ("verslun heimilisfang", store address).
    #[serde(rename = "VerslunHeimilisfang", default)]
    pub store_address: Option<String>,
    /// Wire `VerslunNafn` ("verslun nafn", store name): the merchant name on the receipt.
    #[serde(rename = "VerslunNafn", default)]
    pub store_name: Option<String>,
    /// Wire `VerslunStadur` ("verslun staður", store place): the store's town.
    #[serde(rename = "VerslunStadur", default)]
    pub store_location: Option<String>,
    /// Wire `Vidskiptaskilabod` ("viðskiptaskilaboð", transaction message): the message
    /// printed on the receipt, e.g. `VIÐSKIPTI ISK: 1`.
    #[serde(rename = "Vidskiptaskilabod", default)]
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
        let format = time::macros::format_description!("[day].[month].[year]");
        time::Date::parse(self.date.as_deref()?, format).ok()
    }

    /// [`time`](Self::time) (`HH:MM`, Iceland time = UTC) read as a time of day.
    pub fn parsed_time(&self) -> Option<time::Time> {
        let format = time::macros::format_description!("[hour]:[minute]");
        time::Time::parse(self.time.as_deref()?, format).ok()
    }

    /// [`amount`](Self::amount) read as an exact decimal.
    pub fn parsed_amount(&self) -> Option<Decimal> {
        self.amount.as_deref()?.trim().parse().ok()
    }
}
