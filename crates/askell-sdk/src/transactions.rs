//! Endpoints: transactions (`/transactions/`) and their PDF receipts.

use payments_core::{InvalidRequest, ItemStream, Request};
use time::Date;
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::list::{Query, Single, paging, refused, stream};
use crate::model::transaction::{Transaction, TransactionReceipt, TransactionState};

/// Query of `GET /transactions/`: every filter is optional.
///
/// ```
/// use askell_sdk::{TransactionFilter, TransactionState};
///
/// let filter = TransactionFilter::new()
///     .page_size(50)
///     .states([TransactionState::Settled, TransactionState::Refunded])
///     .created_at_after(time::macros::date!(2021 - 10 - 01));
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionFilter {
    /// Query `page_size`: paginate with pages of this size (1 to 1000); without it the answer
    /// is every transaction at once.
    pub page_size: Option<u32>,
    /// Query `search`: a transaction uuid or the processor's external reference.
    pub search: Option<String>,
    /// Query `state`: only these states (sent comma-separated).
    pub states: Vec<TransactionState>,
    /// Query `subscription_id`: only this subscription's transactions.
    pub subscription_id: Option<i64>,
    /// Query `payment_id`: only this payment's transactions (Askell's numeric payment id).
    pub payment_id: Option<i64>,
    /// Query `created_at_after`: created on or after this date.
    pub created_at_after: Option<Date>,
    /// Query `created_at_before`: created on or before this date.
    pub created_at_before: Option<Date>,
    /// Query `paid_at_after`: paid on or after this date.
    pub paid_at_after: Option<Date>,
    /// Query `paid_at_before`: paid on or before this date.
    pub paid_at_before: Option<Date>,
}

impl TransactionFilter {
    /// No filter: every transaction.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `page_size` (1 to [`MAX_PAGE_SIZE`](crate::MAX_PAGE_SIZE)).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Sets `search` (uuid or external reference).
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Adds one state to `state`.
    pub fn state(mut self, state: TransactionState) -> Self {
        self.states.push(state);
        self
    }

    /// Adds states to `state`.
    pub fn states(mut self, states: impl IntoIterator<Item = TransactionState>) -> Self {
        self.states.extend(states);
        self
    }

    /// Sets `subscription_id`.
    pub fn subscription_id(mut self, id: i64) -> Self {
        self.subscription_id = Some(id);
        self
    }

    /// Sets `payment_id` (numeric).
    pub fn payment_id(mut self, id: i64) -> Self {
        self.payment_id = Some(id);
        self
    }

    /// Sets `created_at_after` (inclusive).
    pub fn created_at_after(mut self, date: Date) -> Self {
        self.created_at_after = Some(date);
        self
    }

    /// Sets `created_at_before` (inclusive).
    pub fn created_at_before(mut self, date: Date) -> Self {
        self.created_at_before = Some(date);
        self
    }

    /// Sets `paid_at_after` (inclusive).
    pub fn paid_at_after(mut self, date: Date) -> Self {
        self.paid_at_after = Some(date);
        self
    }

    /// Sets `paid_at_before` (inclusive).
    pub fn paid_at_before(mut self, date: Date) -> Self {
        self.paid_at_before = Some(date);
        self
    }

    fn to_query(&self) -> Result<Query, InvalidRequest> {
        let mut req = paging(self.page_size, None)?;
        if let Some(s) = &self.search {
            req.push(("search".into(), s.clone()));
        }
        if !self.states.is_empty() {
            let states: Vec<&str> = self.states.iter().map(TransactionState::as_str).collect();
            req.push(("state".into(), states.join(",")));
        }
        if let Some(id) = self.subscription_id {
            req.push(("subscription_id".into(), id.to_string()));
        }
        if let Some(id) = self.payment_id {
            req.push(("payment_id".into(), id.to_string()));
        }
        let dates = [
            ("created_at_after", self.created_at_after),
            ("created_at_before", self.created_at_before),
            ("paid_at_after", self.paid_at_after),
            ("paid_at_before", self.paid_at_before),
        ];
        if let (Some(after), Some(before)) = (self.created_at_after, self.created_at_before)
            && after > before
        {
            return Err(InvalidRequest::new(
                "created_at_after",
                "is later than created_at_before",
            ));
        }
        if let (Some(after), Some(before)) = (self.paid_at_after, self.paid_at_before)
            && after > before
        {
            return Err(InvalidRequest::new(
                "paid_at_after",
                "is later than paid_at_before",
            ));
        }
        for (key, date) in dates {
            if let Some(d) = date {
                req.push((key.into(), iso_date(d)));
            }
        }
        Ok(req)
    }
}

/// `YYYY-MM-DD`.
pub(crate) fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl Client {
    /// `GET /transactions/`: the transactions matching `filter`, as a stream that walks the
    /// pages when the filter sets a `page_size`. A filter outside the limits is the stream's
    /// only item ([`Error::InvalidRequest`]), and nothing is sent.
    ///
    /// ```no_run
    /// use askell_sdk::{TransactionFilter, TransactionState, TryStreamExt as _};
    ///
    /// # async fn run(client: askell_sdk::Client) -> askell_sdk::Result<()> {
    /// let filter = TransactionFilter::new().page_size(100).state(TransactionState::Settled);
    /// let mut transactions = client.transactions(&filter);
    /// while let Some(t) = transactions.try_next().await? {
    ///     println!("{} {:?} {:?}", t.uuid, t.amount, t.external_reference);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn transactions(&self, filter: &TransactionFilter) -> ItemStream<Transaction, Error> {
        match filter.to_query() {
            Ok(q) => stream(&self.http, "transactions", "/transactions/", q),
            Err(e) => refused(e),
        }
    }

    /// `GET /transactions/{uuid}/receipt/`: creates (or fetches) the PDF receipt of a
    /// transaction; [`TransactionReceipt::pdf`] gives its bytes. Askell answers 400 when the
    /// transaction's state has no receipt.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client, uuid: uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
    /// let receipt = client.transaction_receipt(uuid).await?;
    /// let name = receipt.filename.clone().unwrap_or_else(|| format!("{uuid}.pdf"));
    /// std::fs::write(name, receipt.pdf()?)?;
    /// # Ok(()) }
    /// ```
    pub async fn transaction_receipt(&self, uuid: Uuid) -> Result<TransactionReceipt> {
        let req =
            Request::get(format!("/transactions/{uuid}/receipt/")).operation("transaction_receipt");
        let Single(receipt) = self
            .http
            .call::<Single<TransactionReceipt>, ErrorEnvelope>(req)
            .await?;
        Ok(receipt)
    }
}
