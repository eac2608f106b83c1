//! [`parse_instant`]: the timestamps providers send, parsed without a general format engine.
//!
//! Every answer carries a few timestamps, and `time`'s general parsers (RFC 3339, format
//! descriptions evaluated at run time) cost more than the rest of a decode. The forms providers
//! write are few and fixed, so they are read by hand here, once for every crate.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses `YYYY-MM-DDTHH:MM:SS` (`T`, `t` or a space between date and time), an optional
/// fraction of 1 to 9 digits (.NET writes 7), then `Z`, `±HH:MM`, `±HHMM` or nothing, which
/// reads as UTC (Barion's and Financial Line's offset-less times). Surrounding whitespace is
/// ignored; anything else is `None`.
///
/// ```
/// use payments_core::time::parse_instant;
/// let a = parse_instant("2017-05-14T14:01:50.632640+04:30").unwrap();
/// let b = parse_instant("2017-05-14T09:31:50.632640Z").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(parse_instant("2015-03-03T09:30:45.6480000"), parse_instant("2015-03-03T09:30:45.648Z"));
/// assert!(parse_instant("yesterday").is_none());
/// assert!(parse_instant("2015-02-30T00:00:00Z").is_none());
/// ```
pub fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes().trim_ascii();
    let num = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let small = |from: usize, to: usize| num(from, to).and_then(|n| u8::try_from(n).ok());
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let date = Date::from_calendar_date(
        i32::try_from(num(0, 4)?).ok()?,
        Month::try_from(small(5, 7)?).ok()?,
        small(8, 10)?,
    )
    .ok()?;
    let mut at = 19;
    let mut nanos = 0;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanos = num(at + 1, at + 1 + digits)? * 10u32.pow(u32::try_from(9 - digits).ok()?);
        at += 1 + digits;
    }
    let offset = match &b[at..] {
        [] | [b'Z' | b'z'] => UtcOffset::UTC,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (hours, minutes) = match rest {
                [_, _, b':', _, _] => (num(at + 1, at + 3)?, num(at + 4, at + 6)?),
                [_, _, _, _] => (num(at + 1, at + 3)?, num(at + 3, at + 5)?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let sign = if *sign == b'-' { -1 } else { 1 };
            let hours = i8::try_from(hours).ok()?;
            let minutes = i8::try_from(minutes).ok()?;
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
        }
        _ => return None,
    };
    let time = Time::from_hms_nano(small(11, 13)?, small(14, 16)?, small(17, 19)?, nanos).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_providers_write() {
        let utc = |s| parse_instant(s).map(|t| t.to_offset(UtcOffset::UTC).unix_timestamp_nanos());
        let want = utc("2019-01-19T18:46:51Z");
        for s in [
            "2019-01-19T18:46:51",
            "2019-01-19 18:46:51",
            " 2019-01-19t18:46:51z ",
            "2019-01-19T20:46:51+02:00",
            "2019-01-19T20:46:51+0200",
            "2019-01-19T16:46:51-02:00",
        ] {
            assert_eq!(utc(s), want, "{s}");
        }
        assert_eq!(
            parse_instant("2019-01-19T18:46:51.0808761Z")
                .unwrap()
                .nanosecond(),
            80_876_100
        );
        for bad in [
            "",
            "2019-01-19",
            "2019-01-19T18:46",
            "2019-13-19T18:46:51Z",
            "2019-01-19T24:00:00Z",
            "2019-01-19T18:46:51.Z",
            "2019-01-19T18:46:51.1234567890Z",
            "2019-01-19T18:46:51+2:00",
            "2019-01-19T18:46:51+25:00",
            "2019-01-19T18:46:51 UTC",
            "２０１９-01-19T18:46:51Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
