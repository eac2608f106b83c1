//! List answers and the streams that walk them.
//!
//! Askell answers a list as a bare JSON array when no `page_size` is given, and as a Django REST
//! Framework page `{"count", "next", "previous", "results"}` when one is. [`ListAnswer`] reads
//! both (and the single object the spec documents for `GET /plans/`) in one pass, keeping the
//! serde path of a decode error (`[1].id`, `results[0].amount`). [`stream`] turns a list
//! endpoint into an [`ItemStream`] that follows `next` until a page has none.
//!
//! `next` is an absolute URL on Askell's host. The stream requests the next page on the
//! client's own base URL and path with the query `next` carries, so an answer can never send
//! the API key to a host it names, and the local sandbox or a mock server keeps working.

use std::fmt;
use std::marker::PhantomData;

use payments_core::pagination::{Page, paginate};
use payments_core::{DecodeError, HttpClient, InvalidRequest, ItemStream, Request};
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{Error, ErrorEnvelope};

/// A query as sent: name and value pairs.
pub(crate) type Query = Vec<(String, String)>;

/// The largest `page_size` Askell accepts.
pub(crate) const MAX_PAGE_SIZE: u32 = 1000;

/// The `page_size` and `page` members of a list query, checked: a size from 1 to
/// [`MAX_PAGE_SIZE`], pages numbered from 1.
pub(crate) fn paging(page_size: Option<u32>, page: Option<u32>) -> Result<Query, InvalidRequest> {
    let mut query = Query::new();
    if let Some(n) = page_size {
        if n == 0 || n > MAX_PAGE_SIZE {
            return Err(InvalidRequest::new(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}, is {n}"),
            ));
        }
        query.push(("page_size".into(), n.to_string()));
    }
    if let Some(n) = page {
        if n == 0 {
            return Err(InvalidRequest::new("page", "pages are numbered from 1"));
        }
        query.push(("page".into(), n.to_string()));
    }
    Ok(query)
}

/// A list answer: the items, and the URL of the next page when there is one.
pub(crate) struct ListAnswer<T> {
    pub(crate) results: Vec<T>,
    pub(crate) next: Option<String>,
}

/// The DRF page object.
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct PageObject<T> {
    /// Wire `count`: items in the whole list (not needed to walk it).
    #[serde(default, rename = "count")]
    _count: Option<de::IgnoredAny>,
    /// Wire `next`: the URL of the next page, `null` on the last.
    #[serde(default)]
    next: Option<String>,
    /// Wire `previous`: the URL of the previous page (not needed to walk forward).
    #[serde(default, rename = "previous")]
    _previous: Option<de::IgnoredAny>,
    /// Wire `results`: the items of this page (`null` or absent reads as none).
    #[serde(
        default = "Vec::new",
        with = "serde_with::As::<serde_with::DefaultOnNull>"
    )]
    results: Vec<T>,
}

/// The members that make an object a page rather than a single item.
const PAGE_KEYS: [&str; 4] = ["count", "next", "previous", "results"];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ListAnswer<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = ListAnswer<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list: an array, or a page {count, next, previous, results}")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let results = Vec::<T>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(ListAnswer {
                    results,
                    next: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // The first member tells a page from a single item (the spec's `GET /plans/`):
                // it is read here and handed back to whichever decoder reads the object.
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(ListAnswer {
                        results: Vec::new(),
                        next: None,
                    });
                };
                let replay = Replay {
                    first: Some(first),
                    map,
                };
                if replay
                    .first
                    .as_deref()
                    .is_some_and(|k| PAGE_KEYS.contains(&k))
                {
                    let page = PageObject::<T>::deserialize(
                        de::value::MapAccessDeserializer::new(replay),
                    )?;
                    Ok(ListAnswer {
                        results: page.results,
                        next: page.next,
                    })
                } else {
                    let item = T::deserialize(de::value::MapAccessDeserializer::new(replay))?;
                    Ok(ListAnswer {
                        results: vec![item],
                        next: None,
                    })
                }
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(ListAnswer {
                    results: Vec::new(),
                    next: None,
                })
            }
        }

        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// A map whose first key has been read already: it yields that key again, then the rest.
struct Replay<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed
                .deserialize(de::value::StringDeserializer::<A::Error>::new(key))
                .map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// One object that the spec documents as an array of it (`GET /payments/{uuid}/`, retry,
/// refund, receipt, webhook PUT): reads the object or a one-element array, keeping serde paths.
pub(crate) struct Single<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Single<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OneOrArrayOfOne<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrArrayOfOne<T> {
            type Value = Single<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of exactly one object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Single)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let Some(first) = seq.next_element::<T>()? else {
                    return Err(de::Error::invalid_length(0, &self));
                };
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(2, &self));
                }
                Ok(Single(first))
            }
        }

        d.deserialize_any(OneOrArrayOfOne(PhantomData))
    }
}

/// Every item of the list at `path` with `query`, page after page.
pub(crate) fn stream<T>(
    http: &HttpClient,
    operation: &'static str,
    path: impl Into<String>,
    query: Query,
) -> ItemStream<T, Error>
where
    T: DeserializeOwned + Send + 'static,
{
    let http = http.clone();
    let path = path.into();
    paginate(query, move |query: Query| {
        let http = http.clone();
        let path = path.clone();
        async move {
            let mut request = Request::get(path).operation(operation);
            for (name, value) in &query {
                request = request.query(name.clone(), value.clone());
            }
            let answer = http.call::<ListAnswer<T>, ErrorEnvelope>(request).await?;
            let next = match answer.next {
                Some(url) => Some(next_query(&url, &query)?),
                None => None,
            };
            Ok(Page::new(answer.results, next))
        }
    })
}

/// A stream whose only item is `error`: a list query refused before sending.
pub(crate) fn refused<T: Send + 'static>(error: InvalidRequest) -> ItemStream<T, Error> {
    paginate(error, |error| async move {
        Err::<Page<T, InvalidRequest>, _>(Error::InvalidRequest(error))
    })
}

/// The query of the page at `next` (a URL whose query names the page, e.g.
/// `https://askell.is/api/customers/?page_size=2&page=2`). A `next` that names the page just
/// read would loop forever: it is a decode error.
fn next_query(next: &str, current: &Query) -> Result<Query, DecodeError> {
    let query = next
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('#')
        .next()
        .unwrap_or_default();
    let pairs: Query = serde_urlencoded::from_str(query).map_err(|e| {
        DecodeError::new(
            None,
            "next",
            format!("the next page's URL has an unreadable query: {e}"),
            next.as_bytes(),
        )
    })?;
    if &pairs == current {
        return Err(DecodeError::new(
            None,
            "next",
            "the next page's URL names the page just read",
            next.as_bytes(),
        ));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> ListAnswer<u32> {
        serde_json::from_str(json).unwrap()
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Item {
        id: u32,
    }

    #[test]
    fn arrays_pages_and_single_objects_read() {
        let all = read("[1,2]");
        assert_eq!((all.results, all.next), (vec![1, 2], None));
        let page = read(
            r#"{"count":3,"next":"https://askell.is/api/customers/?page_size=2&page=2","previous":null,"results":[1,2]}"#,
        );
        assert_eq!(page.results, [1, 2]);
        assert_eq!(
            page.next.as_deref(),
            Some("https://askell.is/api/customers/?page_size=2&page=2")
        );
        let nulls = read(r#"{"count":null,"next":null,"previous":null,"results":null}"#);
        assert!(nulls.results.is_empty() && nulls.next.is_none());
        let reordered = read(r#"{"results":[7],"count":1}"#);
        assert_eq!(reordered.results, [7]);
        assert!(read("{}").results.is_empty());
        assert!(read("null").results.is_empty());
        let one: ListAnswer<Item> = serde_json::from_str(r#"{"id":4,"x":1}"#).unwrap();
        assert_eq!(one.results, [Item { id: 4 }]);
    }

    #[test]
    fn decode_errors_keep_their_path() {
        let path = |json: &str| {
            payments_core::decode_json::<ListAnswer<Item>>(None, json.as_bytes())
                .map(|_| ())
                .unwrap_err()
                .path
        };
        assert_eq!(path(r#"[{"id":1},{"id":"x"}]"#), "[1].id");
        assert_eq!(
            path(r#"{"count":1,"results":[{"id":"x"}]}"#),
            "results[0].id"
        );
        assert_eq!(path(r#"{"id":"x"}"#), "id");
    }

    #[test]
    fn next_urls_give_the_next_query() {
        let current: Query = vec![("page_size".into(), "2".into())];
        assert_eq!(
            next_query(
                "https://askell.is/api/customers/?page_size=2&page=2",
                &current
            )
            .unwrap(),
            [
                ("page_size".to_owned(), "2".to_owned()),
                ("page".to_owned(), "2".to_owned())
            ]
        );
        assert_eq!(
            next_query("https://x/?state=settled%2Cfailed&page=3#f", &Vec::new()).unwrap(),
            [
                ("state".to_owned(), "settled,failed".to_owned()),
                ("page".to_owned(), "3".to_owned())
            ]
        );
        let e = next_query("https://askell.is/api/customers/?page_size=2", &current).unwrap_err();
        assert_eq!(e.path, "next");
    }
}
