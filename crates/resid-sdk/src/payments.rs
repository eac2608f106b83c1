//! Payment requests: create (`POST /payments`), collect (`POST /payments/{token}/collect`), get
//! (`GET /payments/{token}`) and list (`GET /payments`).
//!
//! # The flow
//!
//! 1. [`Client::create_payment`] returns a `token`; the payer pays through a bank gateway with
//!    it (how the token reaches the payer's page is not documented by Resid).
//! 2. Within **20 minutes of the creation** ([`Payment::collect_deadline`]), when you still
//!    mean to deliver the ride, [`Client::collect_payment`] locks the result in (unless the
//!    payment was created with [`auto_collect`](CreatePayment::auto_collect)).
//! 3. [`Client::payment`] reads the bank [`Outcome`](crate::Outcome) (`state`, `rrn`,
//!    `total_amount`, `tip`).
//!
//! Past the window, a bank payment that was not collected is returned to the payer by Resid
//! on its own, and a late collect fails with Resid's error ([`Error::Api`]): there is nothing
//! to refund and nothing to retry. Create a new payment request if the fare is still due.
//! Not collecting is also the way to give back a paid fare you will not serve.
//!
//! # Unknown outcomes
//!
//! A create or a collect is never repeated by the client. When one times out or gets a 5xx,
//! [`Error::outcome_unknown`](payments_core::Error::outcome_unknown) says so and names the call
//! that resolves it:
//!
//! - collect: `Client::payment(token = "...")`: read the payment and its outcome;
//! - create: `Client::payments(after = "<UTC instant just before the create was sent>")`: the
//!   token was never received, so look for the request among those created since
//!   ([`ListPayments::from_resolution`] builds that query). Set a unique
//!   [`payload`](CreatePayment::payload) on every create to recognise it. Resid's clock may
//!   differ from yours; widen the instant by your clock skew if you suspect one.
//!
//! # Listing
//!
//! Resid says the list is for reports only and is rate-limited (limits not documented); do not
//! poll it. [`Client::payments`] walks back through the pages; see its docs for how.

use std::collections::HashSet;

use payments_core::pagination::{Page, paginate};
use payments_core::validate::path_segment;
use payments_core::{InvalidRequest, ItemStream, Request, Resolution};
use serde::Serialize;
use serde::de::IgnoredAny;
use time::OffsetDateTime;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::amount::Rials;
use crate::model::payment::{Gateway, Payment, PaymentCreated};
use crate::model::time::utc_text;

/// Body of `POST /payments`: a payment request of `amount` rials to `merchant`.
///
/// Sent form-encoded, exactly as Resid's own example: `merchant=faSDF42w3Fs&amount=10000`,
/// then each optional field only when set, booleans as `true`/`false`.
///
/// ```
/// use resid_sdk::{CreatePayment, Gateway, Rials};
///
/// let request = CreatePayment::new("faSDF42w3Fs", Rials::new(10_000))
///     .description("Tajrish to Azadi")
///     .payload("ride-1001")
///     .auto_collect(true)
///     .preferred_method(Gateway::AsanPardakht);
/// assert_eq!(request.merchant, "faSDF42w3Fs");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CreatePayment {
    /// Wire `merchant`: the payee's identifier (e.g. `faSDF42w3Fs`; see
    /// [`Merchant::identifier`](crate::Merchant::identifier)).
    pub merchant: String,
    /// Wire `amount`: the fare in rials; must be more than zero.
    pub amount: Rials,
    /// Wire `description`: shown with the payment (Resid's default `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Wire `payload`: opaque text Resid gives back with the payment (default `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Wire `auto_collect`: collect a successful bank payment without calling collect
    /// (Resid's default `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_collect: Option<bool>,
    /// Wire `preferred_method`: the preferred bank gateway (default `""`: Resid chooses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_method: Option<Gateway>,
}

impl CreatePayment {
    /// A payment request of `amount` to the merchant `merchant`.
    pub fn new(merchant: impl Into<String>, amount: Rials) -> Self {
        Self {
            merchant: merchant.into(),
            amount,
            description: None,
            payload: None,
            auto_collect: None,
            preferred_method: None,
        }
    }

    /// Sets the description (wire `description`).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the payload given back with the payment (wire `payload`): your ride or order id.
    pub fn payload(mut self, payload: impl Into<String>) -> Self {
        self.payload = Some(payload.into());
        self
    }

    /// Collects a successful bank payment automatically (wire `auto_collect`).
    pub fn auto_collect(mut self, auto_collect: bool) -> Self {
        self.auto_collect = Some(auto_collect);
        self
    }

    /// Sets the preferred bank gateway (wire `preferred_method`).
    pub fn preferred_method(mut self, gateway: Gateway) -> Self {
        self.preferred_method = Some(gateway);
        self
    }

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.merchant.trim().is_empty() {
            return Err(InvalidRequest::new("merchant", "is empty"));
        }
        if self.amount.is_zero() {
            return Err(InvalidRequest::new(
                "amount",
                "must be more than zero rials",
            ));
        }
        Ok(())
    }
}

/// How many payments a list page holds: 1 to 200 (Resid's limit); 50 when not given.
///
/// A value outside the range cannot be made, so it cannot be sent:
///
/// ```
/// use resid_sdk::PageSize;
///
/// assert_eq!(PageSize::new(200).unwrap().get(), 200);
/// assert!(PageSize::new(0).is_err());
/// assert!(PageSize::new(201).is_err());
/// assert_eq!(PageSize::DEFAULT.get(), 50);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(u8);

impl PageSize {
    /// The smallest page: 1.
    pub const MIN: Self = Self(1);
    /// Resid's default page: 50.
    pub const DEFAULT: Self = Self(50);
    /// The largest page Resid allows: 200.
    pub const MAX: Self = Self(200);

    /// A page of `size` payments; fails outside 1 to 200.
    pub fn new(size: u32) -> Result<Self, InvalidRequest> {
        match u8::try_from(size) {
            Ok(n) if (Self::MIN.0..=Self::MAX.0).contains(&n) => Ok(Self(n)),
            _ => Err(InvalidRequest::new(
                "size",
                format!("must be 1 to 200, got {size}"),
            )),
        }
    }

    /// The number of payments.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for PageSize {
    type Error = InvalidRequest;

    fn try_from(size: u32) -> Result<Self, InvalidRequest> {
        Self::new(size)
    }
}

/// Which payments a list page holds by creation time: at most one of `before` and `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFilter {
    /// Wire `before`: payments created before this instant (Resid's default: now).
    Before(OffsetDateTime),
    /// Wire `after`: payments created after this instant, instead of `before`.
    After(OffsetDateTime),
}

/// Query of `GET /payments`: page size and at most one time filter, written as ISO-8601 UTC
/// with microseconds (`before=2017-05-14T09:31:50.632640Z`) whatever the offset given.
///
/// Start from [`latest`](Self::latest), [`before`](Self::before) or [`after`](Self::after);
/// the type holds one filter at most, so both cannot be sent:
///
/// ```compile_fail
/// # let t = time::OffsetDateTime::UNIX_EPOCH;
/// let both = resid_sdk::ListPayments::before(t).after(t); // no such method
/// ```
///
/// ```
/// use resid_sdk::{ListPayments, PageSize};
/// use time::macros::datetime;
///
/// let query = ListPayments::after(datetime!(2017-05-09 03:58:51.309004 +03:30))
///     .size(PageSize::new(1).unwrap());
/// assert_eq!(
///     query.to_query(),
///     [("after", "2017-05-09T00:28:51.309004Z".to_owned()), ("size", "1".to_owned())]
/// );
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ListPayments {
    /// Wire `before` or `after`; neither: Resid's default, before now.
    pub filter: Option<TimeFilter>,
    /// Wire `size`; `None`: not sent (Resid's default, 50).
    pub size: Option<PageSize>,
}

impl ListPayments {
    /// The most recent payments (no time filter sent).
    pub fn latest() -> Self {
        Self::default()
    }

    /// Payments created before `at` (wire `before`).
    pub fn before(at: OffsetDateTime) -> Self {
        Self {
            filter: Some(TimeFilter::Before(at)),
            size: None,
        }
    }

    /// Payments created after `at` (wire `after`).
    pub fn after(at: OffsetDateTime) -> Self {
        Self {
            filter: Some(TimeFilter::After(at)),
            size: None,
        }
    }

    /// Sets the page size (wire `size`).
    pub fn size(mut self, size: PageSize) -> Self {
        self.size = Some(size);
        self
    }

    /// The query that resolves an unknown create: `Resolution::new("payments", "after", <UTC
    /// instant>)`, as carried by the error of a [`Client::create_payment`] that timed out or
    /// got a 5xx. `None` for any other resolution.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client, request: resid_sdk::CreatePayment) -> resid_sdk::Result<()> {
    /// use resid_sdk::{ListPayments, TryStreamExt as _};
    ///
    /// if let Err(e) = client.create_payment(&request).await {
    ///     let query = e
    ///         .outcome_unknown()
    ///         .and_then(|u| u.resolve_with())
    ///         .and_then(ListPayments::from_resolution);
    ///     if let Some(query) = query {
    ///         let mine = client
    ///             .payments(query)
    ///             .try_filter(|p| std::future::ready(p.payload == "ride-1001"))
    ///             .try_collect::<Vec<_>>()
    ///             .await?;
    ///         println!("created: {}", !mine.is_empty());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn from_resolution(resolution: &Resolution) -> Option<Self> {
        if resolution.operation != "payments" || resolution.key_name != "after" {
            return None;
        }
        let at = OffsetDateTime::parse(
            &resolution.key,
            &time::format_description::well_known::Rfc3339,
        )
        .ok()?;
        Some(Self::after(at))
    }

    /// The query parameters as sent: the time filter (UTC), then `size` when set.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::with_capacity(2);
        match self.filter {
            Some(TimeFilter::Before(at)) => out.push(("before", utc_text(at))),
            Some(TimeFilter::After(at)) => out.push(("after", utc_text(at))),
            None => {}
        }
        if let Some(size) = self.size {
            out.push(("size", size.get().to_string()));
        }
        out
    }

    fn request(&self, operation: &'static str) -> Request {
        let mut request = Request::get("/payments").operation(operation);
        for (key, value) in self.to_query() {
            request = request.query(key, value);
        }
        request
    }
}

impl Client {
    /// `POST /payments`: creates a payment request and returns its token.
    ///
    /// Never repeated automatically. After a timeout or a 5xx the outcome is unknown and the
    /// error names `Client::payments(after = "<UTC instant just before sending>")`; see
    /// [`ListPayments::from_resolution`]. Refused before sending: an empty `merchant`, a zero
    /// `amount` (a negative one cannot be made: [`Rials`]).
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// use resid_sdk::{CreatePayment, Rials};
    ///
    /// let request = CreatePayment::new("faSDF42w3Fs", Rials::new(10_000)).payload("ride-1001");
    /// let created = client.create_payment(&request).await?;
    /// println!("pay with {}", created.token);
    /// # Ok(()) }
    /// ```
    pub async fn create_payment(&self, request: &CreatePayment) -> Result<PaymentCreated> {
        request.validate()?;
        // The list filtered by time finds a request whose token was lost: taken before sending.
        let sent_after = utc_text(OffsetDateTime::now_utc());
        let http = Request::post("/payments")
            .operation("create_payment")
            .form(request)?
            .resolve_with(Resolution::new("payments", "after", sent_after));
        self.call(http).await
    }

    /// `POST /payments/{token}/collect`: locks in the payer's payment, when you still mean to
    /// deliver the ride. Must be called within 20 minutes of the creation
    /// ([`Payment::collect_deadline`]); not needed for a payment created with `auto_collect`.
    ///
    /// Resid's answer to a late, repeated or unpaid collect is its error ([`Error::Api`],
    /// whatever the HTTP status, with the [`ErrorEnvelope`](crate::ErrorEnvelope)'s message and
    /// raw errors): past the window the money has gone back to the payer by itself. Never
    /// repeated automatically; after a timeout or a 5xx the error names
    /// `Client::payment(token = "...")`, which tells what happened.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// client.collect_payment("AsF42Sg53").await?;
    /// let payment = client.payment("AsF42Sg53").await?;
    /// println!("{:?}", payment.state());
    /// # Ok(()) }
    /// ```
    pub async fn collect_payment(&self, token: &str) -> Result<()> {
        let segment = token_segment(token)?;
        let http = Request::post(format!("/payments/{segment}/collect"))
            .operation("collect_payment")
            .resolve_with(Resolution::new("payment", "token", token));
        self.call_or_default::<IgnoredAny>(http).await?;
        Ok(())
    }

    /// `GET /payments/{token}`: one payment request with its bank outcome.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// let payment = client.payment("AsF42Sg53").await?;
    /// if let Some(deadline) = payment.collect_deadline() {
    ///     println!("collect before {deadline}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn payment(&self, token: &str) -> Result<Payment> {
        let segment = token_segment(token)?;
        self.call(Request::get(format!("/payments/{segment}")).operation("payment"))
            .await
    }

    /// `GET /payments`: one page of payment requests, failed ones included.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// use resid_sdk::{ListPayments, PageSize};
    ///
    /// let page = client.payments_page(&ListPayments::latest().size(PageSize::MAX)).await?;
    /// println!("{} payments", page.len());
    /// # Ok(()) }
    /// ```
    pub async fn payments_page(&self, query: &ListPayments) -> Result<Vec<Payment>> {
        self.call_or_default(query.request("payments_page")).await
    }

    /// `GET /payments`, page after page: every payment request matching `query`, newest
    /// first, each once.
    ///
    /// The walk: the first page is `query` as given; each next page is
    /// `before = <oldest created of the page> + 1 µs` (UTC), so that payments sharing the
    /// oldest instant and cut off by the page's size are fetched too, whether Resid's `before`
    /// is strict or not. Payments already yielded are recognised by token and skipped. The walk
    /// ends at the first page that brings no new payment (an empty page, a repeated page, or
    /// only the boundary payments again), or one with no readable `created`. If a full page
    /// holds only payments of one instant, the next page asks `before` that exact instant once,
    /// so the walk cannot stall on it.
    ///
    /// With [`ListPayments::after`], Resid documents neither the order of a page nor its paging
    /// (unconfirmed), so the walk does not rely on either: after the first page (`after` the
    /// instant), it walks back with `before` from that page's oldest payment down to the
    /// instant, then forward with `after` from the newest payment yielded (minus 1 µs), until a
    /// page brings nothing new. Whether Resid answers an `after` page oldest or newest first,
    /// every payment after the instant is yielded once; payments at or before it are left out.
    /// A `before` walk assumes newest first, as `before` defaulting to "now" suggests. The list is for reports
    /// and rate-limited; the stream fetches a page only when the previous one is used up.
    ///
    /// ```no_run
    /// # async fn run(client: resid_sdk::Client) -> resid_sdk::Result<()> {
    /// use resid_sdk::{ListPayments, PageSize, TryStreamExt as _};
    ///
    /// let mut payments = client.payments(ListPayments::latest().size(PageSize::MAX));
    /// while let Some(payment) = payments.try_next().await? {
    ///     println!("{} {:?} {:?}", payment.token, payment.amount, payment.state());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn payments(&self, query: ListPayments) -> ItemStream<Payment, Error> {
        let client = self.clone();
        let floor = match query.filter {
            Some(TimeFilter::After(at)) => Some(at),
            _ => None,
        };
        let first = Walk {
            direction: if floor.is_some() {
                Direction::First
            } else {
                Direction::Back
            },
            query,
            seen: HashSet::new(),
            floor,
            newest: None,
        };
        paginate(first, move |walk: Walk| {
            let client = client.clone();
            async move { walk.next_page(&client).await }
        })
    }
}

/// Where a list walk stands: the next page's query, the direction it walks, and what was
/// already yielded.
struct Walk {
    query: ListPayments,
    seen: HashSet<String>,
    /// The instant of an `after` query: nothing at or before it is yielded.
    floor: Option<OffsetDateTime>,
    direction: Direction,
    /// The newest `created` yielded so far, where a forward walk starts.
    newest: Option<OffsetDateTime>,
}

/// Which way the walk moves through time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The first page of an `after` query, whose order Resid does not document.
    First,
    /// Back in time with `before` (newest first, as Resid's default listing).
    Back,
    /// Forward in time with `after`, past the newest payment yielded.
    Forward,
}

impl Walk {
    async fn next_page(mut self, client: &Client) -> Result<Page<Payment, Walk>> {
        let page = client
            .call_or_default::<Vec<Payment>>(self.query.request("payments"))
            .await?;
        let page_len = page.len();
        let created = page.iter().filter_map(Payment::created_utc);
        let oldest = created.clone().min();
        let newest = created.max();
        let mut fresh: Vec<Payment> = page
            .into_iter()
            .filter(|p| self.seen.insert(p.token.clone()))
            .collect();
        let brought_new = !fresh.is_empty();
        if let Some(floor) = self.floor {
            // Unreadable `created`: kept, it cannot be placed.
            fresh.retain(|p| p.created_utc().is_none_or(|t| t > floor));
        }
        self.newest = self.newest.max(newest);
        let full = page_len >= usize::from(self.query.size.unwrap_or_default().get());
        let next = match self.direction {
            // An `after` page may hold the oldest payments after the instant or the newest:
            // walk back from its oldest down to the instant, then forward past its newest.
            Direction::First => match oldest.and_then(|o| Some((o, o.checked_add(MICROSECOND)?))) {
                Some((oldest, just_after))
                    if self.floor.is_none_or(|floor| oldest > floor) && full =>
                {
                    Some((Direction::Back, TimeFilter::Before(just_after)))
                }
                _ => self.forward(full),
            },
            Direction::Back => match self.back(oldest, newest, brought_new, full) {
                Some(before) => Some((Direction::Back, TimeFilter::Before(before))),
                None if self.floor.is_some() => self.forward(true),
                None => None,
            },
            Direction::Forward => {
                let current = match self.query.filter {
                    Some(TimeFilter::After(at)) => Some(at),
                    _ => None,
                };
                let just_before = newest.and_then(|n| n.checked_sub(MICROSECOND));
                match (newest, just_before) {
                    (Some(_), Some(just_before)) if brought_new => Some(just_before),
                    // A full page of one instant seen before: step past that instant.
                    (Some(newest), Some(just_before))
                        if full && Some(newest) == oldest && current == Some(just_before) =>
                    {
                        Some(newest)
                    }
                    _ => None,
                }
                .map(|after| (Direction::Forward, TimeFilter::After(after)))
            }
        };
        let next = next.map(|(direction, filter)| {
            self.direction = direction;
            self.query.filter = Some(filter);
            self
        });
        Ok(Page::new(fresh, next))
    }

    /// The next `before` walking back, or `None` when the walk back is done.
    fn back(
        &self,
        oldest: Option<OffsetDateTime>,
        newest: Option<OffsetDateTime>,
        brought_new: bool,
        full: bool,
    ) -> Option<OffsetDateTime> {
        let current = match self.query.filter {
            Some(TimeFilter::Before(at)) => Some(at),
            _ => None,
        };
        let oldest = oldest?;
        if self.floor.is_some_and(|floor| oldest <= floor) {
            return None;
        }
        // At the calendar's end there is no instant after: the walk back ends.
        let just_after = oldest.checked_add(MICROSECOND)?;
        if brought_new {
            // Never move forward in time, even if a page held a payment it should not.
            Some(current.map_or(just_after, |b| b.min(just_after)))
        } else if full && Some(oldest) == newest && current == Some(just_after) {
            // A full page of one instant seen before: step past that instant.
            Some(oldest)
        } else {
            None
        }
    }

    /// The first forward page, past the newest payment yielded (just before it, so payments
    /// sharing that instant are fetched too), when there may be more.
    fn forward(&self, may_be_more: bool) -> Option<(Direction, TimeFilter)> {
        let from = self.newest?.checked_sub(MICROSECOND)?;
        may_be_more.then_some((Direction::Forward, TimeFilter::After(from)))
    }
}

/// The step the walk moves a time cursor by, so a boundary instant is asked again.
const MICROSECOND: time::Duration = time::Duration::microseconds(1);

/// `token` as a path segment; empty is refused before sending.
fn token_segment(token: &str) -> Result<String, InvalidRequest> {
    if token.trim().is_empty() {
        return Err(InvalidRequest::new("token", "is empty"));
    }
    Ok(path_segment(token))
}
