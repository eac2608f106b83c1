//! Financial Line's webhook form: arbitrary forms, and `data` forms signed correctly or not.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |d: payments_fuzz::finline::Delivery| payments_fuzz::finline::webhook(&d)
);
