//! `Client::payments`: the stream walks back through the pages until they are exhausted, each
//! payment once, and never loops: three pages and an empty one, a repeated page, equal
//! timestamps across a page boundary, a full page of one instant, an `after` floor.

use httpmock::prelude::*;
use resid_sdk::{
    Client, Credentials, Error, ListPayments, PageSize, RetryPolicy, TryStreamExt as _,
};
use serde_json::{Value, json};
use time::macros::datetime;

const CODE: &str = "abc123";

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::new(CODE))
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// A payment created at `minute` past 14:00 local Iran daylight time (09:30 UTC + `minute`).
fn payment(token: &str, minute: u8) -> Value {
    json!({
        "merchant": {"display_name": "", "display_image": "", "display_biz_name": ""},
        "description": "",
        "payer": null,
        "created": format!("2017-05-14T14:{minute:02}:00.000000+04:30"),
        "amount": 10000,
        "paid": null,
        "token": token,
        "outcome": null,
        "payload": ""
    })
}

fn page(items: &[Value]) -> String {
    json!({"message": "OK", "info": items, "errors": []}).to_string()
}

/// `before` one microsecond after `minute` past 09:30 UTC, as the walk sends it.
fn after_minute(minute: u8) -> String {
    format!("2017-05-14T09:{:02}:00.000001Z", 30 + minute)
}

/// Mocks a page for the request whose `before` is `before` (or none), with size `size`.
async fn mock_page<'a>(
    server: &'a MockServer,
    before: Option<String>,
    items: &[Value],
) -> httpmock::Mock<'a> {
    let body = page(items);
    server
        .mock_async(move |when, then| {
            let when = when
                .method(GET)
                .path("/payments")
                .header("authorization", CODE);
            match before {
                Some(b) => when.query_param("before", b),
                None => when.query_param_missing("before"),
            }
            .query_param("size", "3");
            then.status(200).body(body);
        })
        .await
}

async fn tokens(client: &Client, query: ListPayments) -> Vec<String> {
    client
        .payments(query)
        .map_ok(|p| p.token)
        .try_collect()
        .await
        .unwrap()
}

fn three() -> ListPayments {
    ListPayments::latest().size(PageSize::new(3).unwrap())
}

#[tokio::test]
async fn three_pages_then_an_empty_page() {
    let server = MockServer::start_async().await;
    let p1 = mock_page(
        &server,
        None,
        &[payment("A", 9), payment("B", 8), payment("C", 7)],
    )
    .await;
    let p2 = mock_page(
        &server,
        Some(after_minute(7)),
        &[payment("D", 6), payment("E", 5), payment("F", 4)],
    )
    .await;
    let p3 = mock_page(
        &server,
        Some(after_minute(4)),
        &[payment("G", 3), payment("H", 2)],
    )
    .await;
    let p4 = mock_page(&server, Some(after_minute(2)), &[]).await;
    let got = tokens(&client(&server), three()).await;
    assert_eq!(got, ["A", "B", "C", "D", "E", "F", "G", "H"]);
    for m in [&p1, &p2, &p3, &p4] {
        assert_eq!(m.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_repeated_page_ends_the_walk_without_duplicates() {
    let server = MockServer::start_async().await;
    let items = [payment("A", 9), payment("B", 8), payment("C", 7)];
    let p1 = mock_page(&server, None, &items).await;
    // A server that ignores `before` answers the same page again.
    let p2 = mock_page(&server, Some(after_minute(7)), &items).await;
    let got = tokens(&client(&server), three()).await;
    assert_eq!(got, ["A", "B", "C"]);
    assert_eq!(p1.calls_async().await, 1);
    assert_eq!(p2.calls_async().await, 1);
}

#[tokio::test]
async fn equal_timestamps_across_a_page_boundary_are_neither_lost_nor_repeated() {
    // C and D share 14:07; the page of 3 cuts between them. A strict `before` (created <
    // before) at 14:07:00.000001 gives C again, then D and E.
    let server = MockServer::start_async().await;
    let p1 = mock_page(
        &server,
        None,
        &[payment("A", 9), payment("B", 8), payment("C", 7)],
    )
    .await;
    let p2 = mock_page(
        &server,
        Some(after_minute(7)),
        &[payment("C", 7), payment("D", 7), payment("E", 6)],
    )
    .await;
    let p3 = mock_page(&server, Some(after_minute(6)), &[payment("E", 6)]).await;
    let got = tokens(&client(&server), three()).await;
    assert_eq!(got, ["A", "B", "C", "D", "E"]);
    for m in [&p1, &p2, &p3] {
        assert_eq!(m.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_full_page_of_one_instant_is_stepped_past_once() {
    let server = MockServer::start_async().await;
    let same = [payment("A", 7), payment("B", 7), payment("C", 7)];
    let p1 = mock_page(&server, None, &same).await;
    // Asked again just after that instant, the same three come back: the walk then asks for
    // `before` the instant itself, once.
    let p2 = mock_page(&server, Some(after_minute(7)), &same).await;
    let p3 = mock_page(
        &server,
        Some("2017-05-14T09:37:00.000000Z".into()),
        &[payment("D", 6)],
    )
    .await;
    let p4 = mock_page(&server, Some(after_minute(6)), &[payment("D", 6)]).await;
    let got = tokens(&client(&server), three()).await;
    assert_eq!(got, ["A", "B", "C", "D"]);
    for m in [&p1, &p2, &p3, &p4] {
        assert_eq!(m.calls_async().await, 1);
    }
}

#[tokio::test]
async fn an_after_query_stops_at_its_instant() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .query_param("after", "2017-05-14T09:35:00.000000Z")
                .query_param_missing("before")
                .query_param("size", "3");
            then.status(200)
                .body(page(&[payment("A", 9), payment("B", 8), payment("C", 7)]));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .query_param_missing("after")
                .query_param("before", after_minute(7))
                .query_param("size", "3");
            then.status(200)
                .body(page(&[payment("C", 7), payment("D", 6), payment("E", 5)]));
        })
        .await;
    // Then forward past the newest payment yielded: only A again, nothing new, the end.
    let forward = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .query_param("after", "2017-05-14T09:38:59.999999Z")
                .query_param_missing("before")
                .query_param("size", "3");
            then.status(200).body(page(&[payment("A", 9)]));
        })
        .await;
    let query =
        ListPayments::after(datetime!(2017-05-14 09:35 UTC)).size(PageSize::new(3).unwrap());
    // E was created at the `after` instant itself: left out.
    assert_eq!(tokens(&client(&server), query).await, ["A", "B", "C", "D"]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(forward.calls_async().await, 1);
}

#[tokio::test]
async fn an_after_query_answered_oldest_first_still_yields_every_payment() {
    // Resid does not document the order of an `after` page: if it answers the oldest first,
    // the walk goes forward page by page.
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (filter, at, items) in [
        (
            "after",
            "2017-05-14T09:35:00.000000Z",
            vec![payment("B", 6), payment("C", 7)],
        ),
        // Back from the first page's oldest: nothing older after the instant.
        (
            "before",
            "2017-05-14T09:36:00.000001Z",
            vec![payment("B", 6)],
        ),
        // Forward from the newest yielded, page by page.
        (
            "after",
            "2017-05-14T09:36:59.999999Z",
            vec![payment("C", 7), payment("D", 8)],
        ),
        (
            "after",
            "2017-05-14T09:37:59.999999Z",
            vec![payment("D", 8)],
        ),
    ] {
        let body = page(&items);
        let other = if filter == "after" { "before" } else { "after" };
        mocks.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/payments")
                        .query_param(filter, at)
                        .query_param_missing(other)
                        .query_param("size", "2");
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let query =
        ListPayments::after(datetime!(2017-05-14 09:35 UTC)).size(PageSize::new(2).unwrap());
    assert_eq!(tokens(&client(&server), query).await, ["B", "C", "D"]);
    for m in &mocks {
        assert_eq!(m.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_failed_page_is_yielded_once_and_ends_the_stream() {
    let server = MockServer::start_async().await;
    mock_page(
        &server,
        None,
        &[payment("A", 9), payment("B", 8), payment("C", 7)],
    )
    .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/payments")
                .query_param("before", after_minute(7));
            then.status(429)
                .body(r#"{"message":"Too many requests","info":[],"errors":["rate limited"]}"#);
        })
        .await;
    let mut stream = client(&server).payments(three());
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = resid_sdk::StreamExt::next(&mut stream).await {
        match item {
            Ok(p) => ok.push(p.token),
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(ok, ["A", "B", "C"]);
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0], Error::Api(a) if a.status.as_u16() == 429));
    assert_eq!(errors[0].provider_message(), Some("Too many requests"));
}
