//! Every payelata response decoder: the wire types with serde_json, and every client method through
//! its real decode path (a replaying transport answering the input under 200 and an error
//! status).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| payments_fuzz::payelata::decode(data));
