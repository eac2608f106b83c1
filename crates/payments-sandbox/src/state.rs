//! The state every handler shares: configuration, clock, webhooks, injected faults and one
//! store per provider.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::access::Credentials;
use crate::clock::Clock;
use crate::scenario::{Fault, Scenario};
use crate::tasks::Tasks;
use crate::webhooks::{Outgoing, Webhooks};
use crate::{Provider, askell, barion, finline, payelata, resid};

/// Locks `mutex`, carrying on after a panic in another holder (the stores stay consistent:
/// every change is made in one critical section).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The settings a sandbox runs with.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The root URL the pages and links are built on, without a trailing `/`.
    pub(crate) public_url: String,
    pub(crate) credentials: Credentials,
    pub(crate) slow_answer_delay: Duration,
    pub(crate) processing_delay: Duration,
    pub(crate) invoice_lifetime: Duration,
    pub(crate) log_requests: bool,
}

pub(crate) struct Inner {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) tasks: Tasks,
    pub(crate) webhooks: Arc<Webhooks>,
    faults: Mutex<HashMap<Provider, VecDeque<Fault>>>,
    pub(crate) askell: Mutex<askell::State>,
    pub(crate) barion: Mutex<barion::State>,
    pub(crate) resid: Mutex<resid::State>,
    pub(crate) finline: Mutex<finline::State>,
    pub(crate) payelata: Mutex<payelata::State>,
}

impl Inner {
    pub(crate) fn new(config: Config, tasks: Tasks, webhooks: Webhooks) -> Self {
        let clock = Clock::new();
        let now = clock.now();
        Self {
            askell: Mutex::new(askell::State::seeded(now)),
            barion: Mutex::new(barion::State::default()),
            resid: Mutex::new(resid::State::default()),
            finline: Mutex::new(finline::State::default()),
            payelata: Mutex::new(payelata::State::default()),
            faults: Mutex::new(HashMap::new()),
            webhooks: Arc::new(webhooks),
            config,
            clock,
            tasks,
        }
    }

    /// An absolute URL on the sandbox for `path` (which starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.public_url)
    }

    /// Queues `count` faults for the next acting calls to `provider`.
    pub(crate) fn inject_fault(&self, provider: Provider, fault: Fault, count: usize) {
        let mut faults = lock(&self.faults);
        let queue = faults.entry(provider).or_default();
        queue.extend(std::iter::repeat_n(fault, count));
    }

    /// The fault for an acting call to `provider` whose amount (or card) picked `scenario`: an
    /// injected fault first, else the scenario's.
    pub(crate) fn acting_fault(&self, provider: Provider, scenario: Scenario) -> Option<Fault> {
        let injected = lock(&self.faults)
            .get_mut(&provider)
            .and_then(VecDeque::pop_front);
        injected.or(scenario.fault())
    }

    /// Sends a webhook in the background.
    pub(crate) fn send_webhook(&self, outgoing: Outgoing) {
        self.webhooks.send(&self.tasks, outgoing);
    }

    /// Applies every deadline that has passed on the sandbox clock (expiries, returns).
    pub(crate) fn sweep(&self) {
        barion::sweep(self);
        resid::sweep(self);
        payelata::sweep(self);
    }

    /// Runs `job` after the processing delay (the asynchronous settlements), in the
    /// background.
    pub(crate) fn later(self: &Arc<Self>, job: impl FnOnce(&Inner) + Send + 'static) {
        let this = Arc::clone(self);
        let delay = self.config.processing_delay;
        self.tasks.spawn(async move {
            tokio::time::sleep(delay).await;
            job(&this);
        });
    }
}
