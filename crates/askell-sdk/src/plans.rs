//! Endpoints: plans (`/plans/`).

use payments_core::Request;

use crate::client::Client;
use crate::error::{Error, ErrorEnvelope};
use crate::model::list::Page;
use crate::model::plan::Plan;

impl Client {
    /// `GET /plans/`: every plan of the account.
    ///
    /// The spec documents the answer as a single `Plan` object though the endpoint lists; an
    /// array, a `{count, next, previous, results}` page and a single object are all read into
    /// the returned `Vec`.
    ///
    /// ```no_run
    /// # async fn run(client: askell_sdk::Client) -> Result<(), askell_sdk::Error> {
    /// for plan in client.list_plans().await? {
    ///     println!("{} {} {} every {} {}", plan.id, plan.amount, plan.currency,
    ///         plan.interval_count, plan.interval);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_plans(&self) -> Result<Vec<Plan>, Error> {
        let response = self
            .http
            .send::<ErrorEnvelope>(Request::get("/plans/"))
            .await?;
        if !response.is_success() {
            return Err(response.api_error(response.try_json::<ErrorEnvelope>()));
        }
        match PlansShape::of(&response.body) {
            PlansShape::Array => response.json(),
            PlansShape::Page => response.json::<Page<Plan>, _>().map(|p| p.results),
            PlansShape::Object => response.json::<Plan, _>().map(|p| vec![p]),
        }
    }
}

/// Which of the three documented-or-seen shapes a `/plans/` body has, judged from its first
/// token (and, for an object, whether it has a `results` key), so that the decode error of the
/// chosen shape names the exact failing path.
#[derive(Debug, PartialEq, Eq)]
enum PlansShape {
    Array,
    Page,
    Object,
}

impl PlansShape {
    fn of(body: &[u8]) -> Self {
        #[derive(serde::Deserialize)]
        struct Probe {
            results: Option<serde::de::IgnoredAny>,
        }
        // Anything but an object (an array, or not JSON at all) goes to the array decoder,
        // which reports what it found.
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Self::Array;
        }
        match serde_json::from_slice::<Probe>(body) {
            Ok(Probe { results: Some(_) }) => Self::Page,
            _ => Self::Object,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_told_apart() {
        assert_eq!(PlansShape::of(b" [ ]"), PlansShape::Array);
        assert_eq!(
            PlansShape::of(br#"{"count":0,"results":[]}"#),
            PlansShape::Page
        );
        assert_eq!(PlansShape::of(br#"{"id":1}"#), PlansShape::Object);
        assert_eq!(PlansShape::of(b"<html>"), PlansShape::Array);
        assert_eq!(PlansShape::of(b""), PlansShape::Array);
    }
}
