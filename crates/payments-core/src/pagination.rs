//! Lists as an async [`Stream`] of items that walks the pages itself.
//!
//! A provider crate describes one page fetch (cursor in, items and the next cursor out) and
//! [`paginate`] turns it into an [`ItemStream`]: the next page is fetched only when the items of
//! the current one have been taken, the first error ends the stream after being yielded, and a
//! page without a next cursor is the last.
//!
//! ```
//! use payments_core::pagination::{Page, paginate};
//! use payments_core::TryStreamExt as _;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! // Three pages of a fake list: cursor = page number.
//! let items = paginate(1u32, |page| async move {
//!     let items = vec![page * 10, page * 10 + 1];
//!     Ok::<_, std::convert::Infallible>(Page::new(items, (page < 3).then_some(page + 1)))
//! });
//! let all: Vec<u32> = items.try_collect().await.unwrap();
//! assert_eq!(all, [10, 11, 20, 21, 30, 31]);
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _, TryStreamExt as _};

/// A boxed stream of list items, each a `Result`: what every provider's list method returns.
pub type ItemStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'static>>;

/// One fetched page: its items and the cursor of the next page (`None` on the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T, C> {
    /// The items of this page, in order.
    pub items: Vec<T>,
    /// Where the next page starts, or `None` when this is the last.
    pub next: Option<C>,
}

impl<T, C> Page<T, C> {
    /// A page of `items` followed by the page at `next`.
    pub fn new(items: Vec<T>, next: Option<C>) -> Self {
        Self { items, next }
    }
}

/// A stream of every item of every page, starting at cursor `first`, fetching each page with
/// `fetch` when the previous page's items are used up.
pub fn paginate<T, C, E, F, Fut>(first: C, mut fetch: F) -> ItemStream<T, E>
where
    T: Send + 'static,
    C: Send + 'static,
    E: Send + 'static,
    F: FnMut(C) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T, C>, E>> + Send + 'static,
{
    let pages = stream::try_unfold(Some(first), move |cursor| {
        let next_page = cursor.map(&mut fetch);
        async move {
            let Some(fetching) = next_page else {
                return Ok(None);
            };
            let page = fetching.await?;
            let items = stream::iter(page.items.into_iter().map(Ok));
            Ok(Some((items, page.next)))
        }
    });
    Box::pin(pages.try_flatten().fuse())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn pages_are_fetched_lazily_and_the_first_error_ends_the_stream() {
        let fetches = Arc::new(AtomicU32::new(0));
        let counter = fetches.clone();
        let mut s = paginate(0u32, move |page| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                match page {
                    0 => Ok(Page::new(vec!["a", "b"], Some(1))),
                    1 => Ok(Page::new(vec![], Some(2))),
                    _ => Err("boom"),
                }
            }
        });
        assert_eq!(s.next().await, Some(Ok("a")));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert_eq!(s.next().await, Some(Ok("b")));
        // An empty page is walked through, then the error is yielded once and the stream ends.
        assert_eq!(s.next().await, Some(Err("boom")));
        assert_eq!(s.next().await, None);
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }
}
