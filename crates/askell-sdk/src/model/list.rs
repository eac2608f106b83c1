//! List answers: a bare array without `page_size`, a page with it.

use serde::Deserialize;

/// A list answer. Askell sends a bare JSON array when no `page_size` is given and a
/// `{count, next, previous, results}` page when one is.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum List<T> {
    /// A paginated answer.
    Page(Page<T>),
    /// A bare array: every item at once.
    All(Vec<T>),
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// Wire `count`: items in the whole list.
    pub count: u64,
    /// Wire `next`: the URL of the next page, `None` on the last.
    pub next: Option<String>,
    /// Wire `previous`: the URL of the previous page, `None` on the first.
    pub previous: Option<String>,
    /// Wire `results`: the items of this page.
    pub results: Vec<T>,
}

impl<T> List<T> {
    /// The items of this answer (of this page, for a paginated one).
    pub fn items(&self) -> &[T] {
        match self {
            Self::Page(p) => &p.results,
            Self::All(v) => v,
        }
    }

    /// The items, owned.
    pub fn into_items(self) -> Vec<T> {
        match self {
            Self::Page(p) => p.results,
            Self::All(v) => v,
        }
    }

    /// The URL of the next page, if there is one.
    pub fn next_page(&self) -> Option<&str> {
        match self {
            Self::Page(p) => p.next.as_deref(),
            Self::All(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_arrays_and_pages_both_read() {
        let all: List<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(all.items(), [1, 2]);
        let page: List<u32> = serde_json::from_str(
            r#"{"count":3,"next":"https://askell.is/api/customers/?page_size=2&page=2","previous":null,"results":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(page.items(), [1, 2]);
        assert_eq!(
            page.next_page(),
            Some("https://askell.is/api/customers/?page_size=2&page=2")
        );
    }
}
