//! Time: when a session started, as kept in its record (UTC, RFC 3339, whole seconds:
//! `2026-11-27T19:04:05Z`), and as shown to people (local time, with the zone's name). The
//! calendar arithmetic is `jiff`'s; the local zone is the `TZ` environment variable, else the
//! system's setting (on Windows too), else UTC.

pub use jiff::Timestamp;
use jiff::fmt::strtime;
use jiff::tz::TimeZone;

/// The current time to the second: records keep whole seconds, so a timestamp written today
/// has the same text as one written by earlier versions.
pub fn now() -> Timestamp {
    let t = Timestamp::now();
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// The local time zone: `TZ` if set (a zone name or a POSIX rule), else the system's, else
/// UTC.
pub fn local_zone() -> TimeZone {
    TimeZone::system()
}

/// Formats `t` in `tz` with a `strftime` pattern; `fallback` (which never fails) is used if a
/// field cannot be formatted.
fn format_in(t: Timestamp, tz: &TimeZone, pattern: &str, fallback: &str) -> String {
    let zoned = t.to_zoned(tz.clone());
    strtime::format(pattern, &zoned)
        .or_else(|_| strtime::format(fallback, &zoned))
        .unwrap_or_else(|_| t.to_string())
}

/// A moment for people to read, in `tz`: `2026-06-15 19:30 BST`. Minutes are enough for a
/// session's start; the zone's abbreviation (or its UTC offset where it has none) makes the
/// time unambiguous in a report read elsewhere.
pub fn display_in(t: Timestamp, tz: &TimeZone) -> String {
    format_in(t, tz, "%Y-%m-%d %H:%M %Z", "%Y-%m-%d %H:%M %:z")
}

/// [`display_in`] the local time zone: what History and the reports show.
pub fn local_display(t: Timestamp) -> String {
    display_in(t, &local_zone())
}

/// The calendar date of `t` in `tz`, `YYYY-MM-DD`.
pub fn date_in(t: Timestamp, tz: &TimeZone) -> String {
    format_in(t, tz, "%Y-%m-%d", "%Y-%m-%d")
}

/// The local calendar date of `t`, `YYYY-MM-DD` (a session's date when none was written).
pub fn local_date(t: Timestamp) -> String {
    date_in(t, &local_zone())
}

/// Today's local date, `YYYY-MM-DD` (the default date of a new facilitated session).
pub fn today() -> String {
    local_date(now())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UK time by its POSIX rule, so the test needs no time zone database.
    fn uk() -> TimeZone {
        TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0").unwrap()
    }

    #[test]
    fn summer_and_winter_are_shown_in_local_time() {
        let summer: Timestamp = "2026-06-15T18:30:00Z".parse().unwrap();
        let winter: Timestamp = "2026-11-27T19:04:05Z".parse().unwrap();
        assert_eq!(display_in(summer, &uk()), "2026-06-15 19:30 BST");
        assert_eq!(display_in(winter, &uk()), "2026-11-27 19:04 GMT");
        assert_eq!(display_in(summer, &TimeZone::UTC), "2026-06-15 18:30 UTC");
    }

    #[test]
    fn the_local_date_can_differ_from_the_utc_date() {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London.
        let t: Timestamp = "2026-06-30T23:30:00Z".parse().unwrap();
        assert_eq!(date_in(t, &uk()), "2026-07-01");
        assert_eq!(date_in(t, &TimeZone::UTC), "2026-06-30");
    }

    #[test]
    fn a_zone_without_abbreviations_shows_its_offset() {
        let t: Timestamp = "2026-06-15T18:30:00Z".parse().unwrap();
        let shown = display_in(t, &TimeZone::fixed(jiff::tz::offset(5)));
        assert!(shown.starts_with("2026-06-15 23:30 "), "{shown}");
        assert!(shown.contains("05"), "{shown}");
    }

    #[test]
    fn now_is_whole_seconds_in_the_records_format() {
        let text = now().to_string();
        assert_eq!(text.len(), "2026-11-27T19:04:05Z".len(), "{text}");
        assert!(text.ends_with('Z'), "{text}");
    }
}
