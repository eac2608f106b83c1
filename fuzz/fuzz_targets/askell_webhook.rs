//! Askell's `WebhookVerifier`: arbitrary headers, digests, signatures and bodies; a flag signs
//! the body correctly so the body parser is reached.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |d: payments_fuzz::askell::Delivery| payments_fuzz::askell::webhook(&d)
);
