//! The five providers' cases, each with the plain structs of its baseline.
//!
//! A plain struct mirrors its fixture member by member: the wire names, `String` for text
//! (timestamps, ids and enums included), `f64` for numbers, `Option` for what may be `null`,
//! `Vec` for arrays. It is what a hand-written client would decode into.

pub mod askell;
pub mod barion;
pub mod finline;
pub mod payelata;
pub mod resid;

/// The routes of the local server: each provider's name and the body of its read.
pub fn routes() -> Vec<(&'static str, &'static [u8])> {
    use crate::Case;
    vec![
        (askell::Askell::NAME, askell::Askell::READ_BODY),
        (barion::Barion::NAME, barion::Barion::READ_BODY),
        (resid::Resid::NAME, resid::Resid::READ_BODY),
        (finline::Finline::NAME, finline::Finline::READ_BODY),
        (payelata::Payelata::NAME, payelata::Payelata::READ_BODY),
    ]
}

/// Expands `$m!(Type)` for each provider's case type, in the report's order.
#[macro_export]
macro_rules! for_each_case {
    ($m:ident) => {
        $m!($crate::cases::askell::Askell);
        $m!($crate::cases::barion::Barion);
        $m!($crate::cases::resid::Resid);
        $m!($crate::cases::finline::Finline);
        $m!($crate::cases::payelata::Payelata);
    };
}
