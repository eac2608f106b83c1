//! [`parse_instant`]: the timestamps providers send, parsed without a general format engine;
//! [`format_date`] and [`format_date_time_micros`]: the dates and times requests carry, written
//! the same way.
//!
//! Every answer carries a few timestamps, and `time`'s general parsers (RFC 3339, format
//! descriptions evaluated at run time) cost more than the rest of a decode. The forms providers
//! write are few and fixed, so they are read by hand here, once for every crate. The forms
//! requests carry are written by hand too, so that no crate needs `time`'s `macros` feature (a
//! proc macro every build would compile first) for a compile-time format description.

use std::fmt::Write as _;

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

/// Writes `date` as `YYYY-MM-DD` (ISO 8601's calendar date), the year zero-padded to four
/// digits.
///
/// The output is what `time`'s `[year]-[month]-[day]` format description writes: a year before
/// 1 CE is written with a `-` (`-0001-01-01`) and, when `time`'s `large-dates` feature allows
/// them, a year after 9999 with a `+` (`+10000-01-01`).
///
/// ```
/// use payments_core::time::format_date;
/// use time::{Date, Month};
/// let date = Date::from_calendar_date(1990, Month::April, 1).unwrap();
/// assert_eq!(format_date(date), "1990-04-01");
/// let early = Date::from_calendar_date(-5, Month::December, 31).unwrap();
/// assert_eq!(format_date(early), "-0005-12-31");
/// ```
pub fn format_date(date: Date) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, date);
    out
}

/// Writes `at` as `YYYY-MM-DDTHH:MM:SS.ffffff`: [`format_date`]'s date, a `T`, the time of day
/// zero-padded and exactly six fractional digits (microseconds; finer digits are cut, not
/// rounded). No offset is written: the caller appends the one its wire form wants (`Z`,
/// `+03:30`).
///
/// The output is what `time`'s
/// `[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]` writes.
///
/// ```
/// use payments_core::time::format_date_time_micros;
/// use time::{Date, Month, PrimitiveDateTime, Time};
/// let at = PrimitiveDateTime::new(
///     Date::from_calendar_date(2017, Month::May, 9).unwrap(),
///     Time::from_hms_nano(3, 58, 51, 309_004_789).unwrap(),
/// );
/// assert_eq!(format_date_time_micros(at), "2017-05-09T03:58:51.309004");
/// ```
pub fn format_date_time_micros(at: PrimitiveDateTime) -> String {
    let mut out = String::with_capacity(26);
    push_date(&mut out, at.date());
    // Writing to a `String` cannot fail.
    let _ = write!(
        out,
        "T{:02}:{:02}:{:02}.{:06}",
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    );
    out
}

fn push_date(out: &mut String, date: Date) {
    let year = date.year();
    if year < 0 {
        out.push('-');
    } else if year > 9999 {
        out.push('+');
    }
    // Writing to a `String` cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(date.month()),
        date.day()
    );
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
            "2019-01-1xT18:46:51Z",
            "2019-01-19T18:4/:51Z",
            "2019-01-19T18:46:51+0a:00",
            "2019-01-19T18:46:51+02:0x",
            "2019-01-19T18:46:51+02:00:00",
            "-019-01-19T18:46:51Z",
            "２０１９-01-19T18:46:51Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_written_as_the_format_description_would() {
        let date = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        for (d, want) in [
            (date(2021, 10, 1), "2021-10-01"),
            (date(1990, 4, 1), "1990-04-01"),
            (date(0, 1, 1), "0000-01-01"),
            (date(9, 2, 3), "0009-02-03"),
            (date(9999, 12, 31), "9999-12-31"),
            (date(-1, 1, 1), "-0001-01-01"),
            (date(-9999, 1, 1), "-9999-01-01"),
        ] {
            assert_eq!(format_date(d), want);
        }
    }

    #[test]
    fn the_same_bytes_as_time_s_own_formatter() {
        let date_items =
            time::format_description::parse_borrowed::<1>("[year]-[month]-[day]").unwrap();
        let micros_items = time::format_description::parse_borrowed::<1>(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]",
        )
        .unwrap();
        let mut day = Date::MIN;
        let mut nanos: u32 = 1;
        loop {
            assert_eq!(format_date(day), day.format(&date_items).unwrap());
            nanos = nanos.wrapping_mul(2_654_435_761) % 1_000_000_000;
            let secs = nanos % 86_400;
            let time = Time::from_hms_nano(
                u8::try_from(secs / 3600).unwrap(),
                u8::try_from(secs / 60 % 60).unwrap(),
                u8::try_from(secs % 60).unwrap(),
                nanos,
            )
            .unwrap();
            let at = PrimitiveDateTime::new(day, time);
            assert_eq!(
                format_date_time_micros(at),
                at.format(&micros_items).unwrap()
            );
            match day.checked_add(time::Duration::days(997)) {
                Some(next) => day = next,
                None => break,
            }
        }
        assert_eq!(
            format_date(Date::MAX),
            Date::MAX.format(&date_items).unwrap()
        );
    }

    #[test]
    fn date_times_carry_exactly_six_fractional_digits() {
        let at = |y, h, mi, s, ns| {
            PrimitiveDateTime::new(
                Date::from_calendar_date(y, Month::May, 9).unwrap(),
                Time::from_hms_nano(h, mi, s, ns).unwrap(),
            )
        };
        for (t, want) in [
            (
                at(2017, 3, 58, 51, 309_004_789),
                "2017-05-09T03:58:51.309004",
            ),
            (at(2017, 0, 0, 0, 0), "2017-05-09T00:00:00.000000"),
            (
                at(2017, 23, 59, 59, 999_999_999),
                "2017-05-09T23:59:59.999999",
            ),
            (at(2017, 9, 5, 7, 999), "2017-05-09T09:05:07.000000"),
            (at(2017, 9, 5, 7, 1_000), "2017-05-09T09:05:07.000001"),
            (
                at(-42, 12, 0, 0, 500_000_000),
                "-0042-05-09T12:00:00.500000",
            ),
        ] {
            assert_eq!(format_date_time_micros(t), want);
        }
    }
}
