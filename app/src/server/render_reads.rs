//! Reads shared within one page render.
//!
//! While rendering on the server, Leptos' `<Suspense>` walks its children more than once (once
//! to find the resources they read, then to render them: leptos-rs/leptos#4688), and every walk
//! creates the page's resources again, so each page ran its queries two or three times per
//! request. A render gets one [`RenderReads`] in its context; a server function called again with
//! the same arguments during that render awaits the first call's answer instead of asking the
//! database again. A server function called over HTTP has a fresh one and simply runs.

use std::{
    any::Any,
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
};

use futures::{
    FutureExt,
    future::{BoxFuture, Shared},
};

use crate::error::AppError;

type Answer<T> = Shared<BoxFuture<'static, Result<T, AppError>>>;
/// A server function's endpoint and its arguments (`Debug`-formatted).
type Read = (&'static str, String);

#[derive(Clone, Default)]
pub struct RenderReads {
    answers: Arc<Mutex<HashMap<Read, Box<dyn Any + Send + Sync>>>>,
}

impl RenderReads {
    /// The answer to `read` for `(endpoint, key)`: started by the first caller, shared by the
    /// rest of the render.
    pub fn share<T, Fut>(
        &self,
        endpoint: &'static str,
        key: String,
        read: impl FnOnce() -> Fut,
    ) -> impl Future<Output = Result<T, AppError>> + Send + 'static
    where
        T: Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        let slot = (endpoint, key);
        if let Some(answer) = answers.get(&slot).and_then(|a| a.downcast_ref::<Answer<T>>()) {
            return answer.clone();
        }
        let answer: Answer<T> = read().boxed().shared();
        answers.insert(slot, Box::new(answer.clone()));
        answer
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn the_same_read_runs_once_and_other_arguments_run_again() {
        let reads = RenderReads::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let read = |n: u32| {
            let runs = Arc::clone(&runs);
            move || async move {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, AppError>(n * 2)
            }
        };
        let first = reads.share("test/double", "1".into(), read(1));
        let second = reads.share("test/double", "1".into(), read(1));
        let other = reads.share("test/double", "2".into(), read(2));
        assert_eq!((first.await, second.await, other.await), (Ok(2), Ok(2), Ok(4)));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // A later caller in the same render gets the answer without running the read.
        assert_eq!(reads.share("test/double", "1".into(), read(1)).await, Ok(2));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn errors_are_shared_too() {
        let reads = RenderReads::default();
        let failing = || async { Err::<u32, _>(AppError::Unauthorized) };
        assert_eq!(
            reads.share("test/fail", String::new(), failing).await,
            Err(AppError::Unauthorized)
        );
        assert_eq!(
            reads.share("test/fail", String::new(), failing).await,
            Err(AppError::Unauthorized)
        );
    }
}
