//! The date-time spellings of each provider, written by hand so no format string can drift.

use time::{OffsetDateTime, UtcOffset};

fn date_time(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Askell: UTC with microseconds and `Z`, `2021-10-15T10:02:25.663806Z`.
pub(crate) fn micros_z(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!("{}.{:06}Z", date_time(t), t.microsecond())
}

/// Askell, whole seconds: `2022-11-01T00:00:00Z`.
pub(crate) fn seconds_z(t: OffsetDateTime) -> String {
    format!("{}Z", date_time(t.to_offset(UtcOffset::UTC)))
}

/// Barion and Financial Line: UTC without an offset, with milliseconds,
/// `2015-03-03T09:30:45.648`.
pub(crate) fn naive_millis(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!("{}.{:03}", date_time(t), t.millisecond())
}

/// Barion error `HappenedAt`: seven fractional digits and `Z`, `2019-01-19T18:46:51.0808761Z`.
pub(crate) fn ticks_z(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!("{}.{:07}Z", date_time(t), t.nanosecond() / 100)
}

/// Iran Standard Time, `+03:30`.
pub(crate) fn iran_offset() -> UtcOffset {
    UtcOffset::from_hms(3, 30, 0).unwrap_or(UtcOffset::UTC)
}

/// Resid: Iran local time with microseconds and offset, `2017-05-14T14:01:50.632640+03:30`.
pub(crate) fn iran_micros(t: OffsetDateTime) -> String {
    let t = t.to_offset(iran_offset());
    let (h, m, _) = t.offset().as_hms();
    let sign = if h < 0 || m < 0 { '-' } else { '+' };
    format!(
        "{}.{:06}{sign}{:02}:{:02}",
        date_time(t),
        t.microsecond(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

/// Icelandic receipt date, `14.10.2021`.
pub(crate) fn receipt_date(t: OffsetDateTime) -> String {
    format!("{:02}.{:02}.{:04}", t.day(), u8::from(t.month()), t.year())
}

/// Icelandic receipt time, `15:36` (Iceland is on UTC all year).
pub(crate) fn receipt_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parses an ISO 8601 date-time with an offset or `Z` (RFC 3339), as the Resid list filters and
/// Askell set_expiry take them.
pub(crate) fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).ok()
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn every_spelling() {
        let t = datetime!(2017-05-14 09:31:50.632640 UTC);
        assert_eq!(micros_z(t), "2017-05-14T09:31:50.632640Z");
        assert_eq!(naive_millis(t), "2017-05-14T09:31:50.632");
        assert_eq!(ticks_z(t), "2017-05-14T09:31:50.6326400Z");
        assert_eq!(iran_micros(t), "2017-05-14T13:01:50.632640+03:30");
        assert_eq!(receipt_date(t), "14.05.2017");
        assert_eq!(receipt_time(t), "09:31");
        assert_eq!(seconds_z(t), "2017-05-14T09:31:50Z");
        assert_eq!(
            parse_rfc3339("2017-05-14T14:01:50.632640+04:30"),
            Some(datetime!(2017-05-14 09:31:50.632640 UTC))
        );
        assert_eq!(
            parse_date("2024-02-29"),
            Some(time::macros::date!(2024 - 02 - 29))
        );
        assert_eq!(parse_date("2023-02-29"), None);
    }
}
