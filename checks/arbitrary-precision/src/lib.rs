//! Nothing to export: the tests under `tests/` decode amounts with serde_json's
//! `arbitrary_precision` feature turned on, as any crate in a user's build may do.
