//! Payelata's `CallbackVerifier`: arbitrary bodies signed with the live secret, the test secret
//! or an arbitrary signature, checked by verifiers holding either or both secrets.
#![no_main]

libfuzzer_sys::fuzz_target!(|d: payments_fuzz::payelata::Delivery| {
    payments_fuzz::payelata::callback(&d)
});
