//! Barion's `Callback`: arbitrary content types, bodies and query strings.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |d: payments_fuzz::barion::Delivery| payments_fuzz::barion::callback(&d)
);
