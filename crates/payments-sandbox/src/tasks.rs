//! The sandbox's background tasks (webhook deliveries, delayed settlements), aborted together
//! when the sandbox shuts down.

use std::future::Future;
use std::sync::{Mutex, PoisonError};

use tokio::runtime::Handle;
use tokio::task::JoinSet;

pub(crate) struct Tasks {
    set: Mutex<JoinSet<()>>,
    handle: Handle,
}

impl Tasks {
    /// Tasks spawned on the runtime behind `handle`.
    pub(crate) fn new(handle: Handle) -> Self {
        Self {
            set: Mutex::new(JoinSet::new()),
            handle,
        }
    }

    /// Runs `future` in the background until it ends or the sandbox shuts down.
    pub(crate) fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let mut set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        // Reap the finished ones so the set does not grow with every delivery.
        while set.try_join_next().is_some() {}
        set.spawn_on(future, &self.handle);
    }

    /// Stops every task.
    pub(crate) fn abort_all(&self) {
        self.set
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .abort_all();
    }
}
