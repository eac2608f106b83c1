//! Scenario control: what an operation does, chosen by its amount or by a test card number.
//!
//! The rule is the same for every provider: the **last two digits of the amount in minor
//! units** pick the scenario (`10.00` and `1000` end in `00` and behave normally; `10.01` EUR
//! and `1001` HUF end in `01` and are declined). See the crate documentation for the table.

use std::fmt;

use crate::amount::Amount;

/// What the sandbox does with an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scenario {
    /// Normal behaviour: the charge is approved.
    Approve,
    /// `..01`: the charge is declined by the issuer.
    Decline,
    /// `..02`: the charge is declined for insufficient funds.
    InsufficientFunds,
    /// `..03`: the charge needs a 3-D Secure step, which the payer passes or fails on the
    /// sandbox's 3DS page. Where no payer is present (a stored-card or token charge), the
    /// charge fails as "authentication required".
    ThreeDsRequired,
    /// `..04` to `..08`: an HTTP-level fault of the call that carries the amount.
    Fault(Fault),
}

/// An HTTP-level fault: how the sandbox misbehaves towards the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// `..04`: acts normally, then answers only after the slow-answer delay (default 10 s,
    /// [`SandboxBuilder::slow_answer_delay`](crate::SandboxBuilder::slow_answer_delay)), past a
    /// client's timeout.
    SlowAnswer,
    /// `..05`: answers `500` before acting; nothing changes.
    Error500,
    /// `..06`: answers `503` before acting; nothing changes.
    Error503,
    /// `..07`: acts (the state changes, the status query shows it), then answers `503`: the
    /// answer is lost.
    ActThen503,
    /// `..08`: acts, then drops the connection in the middle of the answer.
    ActThenDrop,
}

impl Fault {
    /// Every fault, in code order.
    pub const ALL: [Fault; 5] = [
        Fault::SlowAnswer,
        Fault::Error500,
        Fault::Error503,
        Fault::ActThen503,
        Fault::ActThenDrop,
    ];

    /// Whether the operation is applied before the fault (the "answer is lost" cases).
    pub fn acts(self) -> bool {
        matches!(
            self,
            Self::SlowAnswer | Self::ActThen503 | Self::ActThenDrop
        )
    }

    /// The name used by the admin endpoint: `slow`, `error_500`, `error_503`,
    /// `act_then_503`, `act_then_drop`.
    pub fn name(self) -> &'static str {
        match self {
            Self::SlowAnswer => "slow",
            Self::Error500 => "error_500",
            Self::Error503 => "error_503",
            Self::ActThen503 => "act_then_503",
            Self::ActThenDrop => "act_then_drop",
        }
    }

    /// Reads a [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name.trim())
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The test card numbers: `4000 0000 0000 00NC`, where `NN` is the scenario code and `C` the
/// Luhn check digit. Every other card number is approved.
pub mod cards {
    /// An ordinary approved card (any number not listed here is approved too).
    pub const APPROVE: &str = "4242424242424242";
    /// Declined by the issuer (code 01).
    pub const DECLINE: &str = "4000000000000010";
    /// Declined for insufficient funds (code 02).
    pub const INSUFFICIENT_FUNDS: &str = "4000000000000028";
    /// Needs a 3-D Secure step (code 03).
    pub const THREE_DS: &str = "4000000000000036";
    /// The answer comes after the slow-answer delay (code 04).
    pub const SLOW_ANSWER: &str = "4000000000000044";
    /// `500` before acting (code 05).
    pub const ERROR_500: &str = "4000000000000051";
    /// `503` before acting (code 06).
    pub const ERROR_503: &str = "4000000000000069";
    /// Acts, then answers `503` (code 07).
    pub const ACT_THEN_503: &str = "4000000000000077";
    /// Acts, then drops the connection (code 08).
    pub const ACT_THEN_DROP: &str = "4000000000000085";

    /// Every listed card with its scenario code.
    pub const ALL: [(&str, u8); 9] = [
        (APPROVE, 0),
        (DECLINE, 1),
        (INSUFFICIENT_FUNDS, 2),
        (THREE_DS, 3),
        (SLOW_ANSWER, 4),
        (ERROR_500, 5),
        (ERROR_503, 6),
        (ACT_THEN_503, 7),
        (ACT_THEN_DROP, 8),
    ];
}

impl Scenario {
    /// The scenario of a two-digit code (`0..=99`); codes other than `01`..`08` approve.
    pub fn from_code(code: u8) -> Self {
        match code {
            1 => Self::Decline,
            2 => Self::InsufficientFunds,
            3 => Self::ThreeDsRequired,
            4 => Self::Fault(Fault::SlowAnswer),
            5 => Self::Fault(Fault::Error500),
            6 => Self::Fault(Fault::Error503),
            7 => Self::Fault(Fault::ActThen503),
            8 => Self::Fault(Fault::ActThenDrop),
            _ => Self::Approve,
        }
    }

    /// The code that selects this scenario (`0` for [`Approve`](Self::Approve)).
    pub fn code(self) -> u8 {
        match self {
            Self::Approve => 0,
            Self::Decline => 1,
            Self::InsufficientFunds => 2,
            Self::ThreeDsRequired => 3,
            Self::Fault(Fault::SlowAnswer) => 4,
            Self::Fault(Fault::Error500) => 5,
            Self::Fault(Fault::Error503) => 6,
            Self::Fault(Fault::ActThen503) => 7,
            Self::Fault(Fault::ActThenDrop) => 8,
        }
    }

    /// The scenario of a card number (spaces and dashes ignored): a listed test card's, else
    /// [`Approve`](Self::Approve).
    ///
    /// ```
    /// use payments_sandbox::{Scenario, cards};
    /// assert_eq!(Scenario::for_card("4000 0000 0000 0010"), Scenario::Decline);
    /// assert_eq!(Scenario::for_card(cards::APPROVE), Scenario::Approve);
    /// ```
    pub fn for_card(number: &str) -> Self {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        cards::ALL
            .iter()
            .find(|(card, _)| *card == digits)
            .map_or(Self::Approve, |(_, code)| Self::from_code(*code))
    }

    /// The scenario of an amount in `currency`.
    pub(crate) fn for_amount(amount: Amount, currency: &str) -> Self {
        Self::from_code(amount.scenario_code(currency))
    }

    /// The card's scenario when it is not an approval, else the amount's.
    pub(crate) fn for_card_and_amount(card: Option<&str>, amount: Amount, currency: &str) -> Self {
        match card.map(Self::for_card) {
            Some(s) if s != Self::Approve => s,
            _ => Self::for_amount(amount, currency),
        }
    }

    /// This scenario when it is a fault, else [`Approve`](Self::Approve): for follow-up
    /// operations (captures, refunds), where only the HTTP-level codes apply.
    pub(crate) fn faults_only(self) -> Self {
        match self {
            Self::Fault(_) => self,
            _ => Self::Approve,
        }
    }

    /// The fault, when this is one.
    pub(crate) fn fault(self) -> Option<Fault> {
        match self {
            Self::Fault(f) => Some(f),
            _ => None,
        }
    }
}

/// How a charge ended, once any 3-D Secure step is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChargeResult {
    Approved,
    Declined,
    InsufficientFunds,
    /// The 3-D Secure step failed (or could not be taken).
    AuthenticationFailed,
    /// The payer cancelled on the payment page.
    Cancelled,
}

impl ChargeResult {
    /// The result of charging under `scenario` when no payer can take a 3DS step.
    pub(crate) fn without_payer(scenario: Scenario) -> Self {
        match scenario {
            Scenario::Decline => Self::Declined,
            Scenario::InsufficientFunds => Self::InsufficientFunds,
            Scenario::ThreeDsRequired => Self::AuthenticationFailed,
            _ => Self::Approved,
        }
    }

    pub(crate) fn is_approved(self) -> bool {
        self == Self::Approved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luhn_ok(number: &str) -> bool {
        let sum: u32 = number
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    let d = d * 2;
                    if d > 9 { d - 9 } else { d }
                } else {
                    d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }

    #[test]
    fn test_cards_are_luhn_valid_and_carry_their_code() {
        for (card, code) in cards::ALL {
            assert!(luhn_ok(card), "{card}");
            assert_eq!(Scenario::for_card(card).code(), code);
            if code > 0 {
                assert_eq!(&card[13..15], format!("{code:02}"));
            }
        }
        assert_eq!(Scenario::for_card("5555 5555 5555 4444"), Scenario::Approve);
    }

    #[test]
    fn codes_round_trip() {
        for code in 0..=8 {
            assert_eq!(Scenario::from_code(code).code(), code);
        }
        assert_eq!(Scenario::from_code(42), Scenario::Approve);
        for fault in Fault::ALL {
            assert_eq!(Fault::from_name(fault.name()), Some(fault));
        }
    }

    #[test]
    fn a_scenario_card_wins_over_the_amount() {
        let amount = Amount::parse("10.07").unwrap();
        assert_eq!(
            Scenario::for_card_and_amount(Some(cards::DECLINE), amount, "EUR"),
            Scenario::Decline
        );
        assert_eq!(
            Scenario::for_card_and_amount(Some(cards::APPROVE), amount, "EUR"),
            Scenario::Fault(Fault::ActThen503)
        );
    }
}
