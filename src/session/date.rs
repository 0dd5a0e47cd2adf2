//! Calendar dates for due dates, session dates and the programme's date filters: a plain
//! date with no time zone, written `YYYY-MM-DD` in files. The calendar arithmetic is
//! `jiff`'s, and "today" is the local date of [`super::time`]; what is ours is the range
//! (1900–2200) and the lenient reading of old free-text due dates.
//!
//! Recommendations recorded before due dates were real dates carry free text ("June 2027",
//! "30/06/2027", "by the summer"); [`Date::parse_lenient`] reads the common British ways of
//! writing a date and leaves the rest as text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
fn days_in(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The month (1–12) a word names: full English names and three-letter abbreviations.
fn month_named(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && m == "september")
        })
        .map(|i| i as u8 + 1)
}

impl Date {
    /// A date, if it exists (years 1900–2200, which covers every sensible due date).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD` (what files and date fields hold), with a reason when it
    /// is not a date.
    pub fn parse_iso(text: &str) -> Result<Date, String> {
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let ok_shape = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !ok_shape {
            return Err(format!(
                "\"{t}\" is not a date written as year-month-day, e.g. 2027-06-30"
            ));
        }
        let (y, m, d) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u8>().unwrap_or(0),
            parts[2].parse::<u8>().unwrap_or(0),
        );
        Date::new(y, m, d).ok_or_else(|| format!("{t} is not a day in the calendar"))
    }

    /// Reads the usual ways a date is written in a British council: `2027-06-30`,
    /// `30/06/2027`, `30.06.2027`, `30 June 2027`, `30th Jun 2027`, `June 30, 2027`, and a month
    /// alone (`June 2027`, `06/2027`, read as the month's last day, since "due June" means by
    /// the end of June). Anything else (`by the summer`) is `None`.
    pub fn parse_lenient(text: &str) -> Option<Date> {
        let t = text.trim();
        if let Ok(d) = Date::parse_iso(t) {
            return Some(d);
        }
        // The ISO form may open a longer text: "2027-06-30 (to be confirmed)".
        if let Some(head) = t.get(..10)
            && let Ok(d) = Date::parse_iso(head)
            && !t[10..].starts_with(|c: char| c.is_ascii_digit())
        {
            return Some(d);
        }
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '.' || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let number = |w: &str| -> Option<u32> {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if digits.is_empty()
                || !digits.bytes().all(|b| b.is_ascii_digit())
                || !matches!(
                    suffix.to_ascii_lowercase().as_str(),
                    "" | "st" | "nd" | "rd" | "th"
                )
            {
                return None;
            }
            digits.parse().ok()
        };
        let year = |w: &str| -> Option<i32> {
            (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.parse().ok())
                .flatten()
        };
        match words.as_slice() {
            // 30 06 2027 (from 30/06/2027 or 30.06.2027), or 30 June 2027.
            [d, m, y] => {
                let y = year(y)?;
                // June 30 2027.
                if let Some(month) = month_named(d) {
                    return Date::new(y, month, u8::try_from(number(m)?).ok()?);
                }
                let day = number(d)?;
                let month = match number(m) {
                    Some(m) if m <= 12 => m as u8,
                    Some(_) => return None,
                    None => month_named(m)?,
                };
                Date::new(y, month, u8::try_from(day).ok()?)
            }
            // June 2027, 06/2027.
            [m, y] => {
                let y = year(y)?;
                let month = match number(m) {
                    Some(m) if (1..=12).contains(&m) => m as u8,
                    Some(_) => return None,
                    None => month_named(m)?,
                };
                Date::new(y, month, days_in(y, month))
            }
            _ => None,
        }
    }

    /// The same day as a `jiff` civil date (for its calendar arithmetic).
    fn civil(self) -> jiff::civil::Date {
        // In range by construction (years 1900–2200), so `new` cannot fail here.
        jiff::civil::Date::new(self.year as i16, self.month as i8, self.day as i8)
            .unwrap_or_default()
    }

    /// The day of a `jiff` civil date (None outside 1900–2200).
    fn of_civil(d: jiff::civil::Date) -> Option<Date> {
        Date::new(i32::from(d.year()), d.month() as u8, d.day() as u8)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let epoch = jiff::civil::date(1970, 1, 1);
        self.civil()
            .since((jiff::Unit::Day, epoch))
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0)
    }

    /// The date a number of days after 1970-01-01 (None outside 1900–2200).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let epoch = jiff::civil::date(1970, 1, 1);
        let span = jiff::Span::new().try_days(days).ok()?;
        Date::of_civil(epoch.checked_add(span).ok()?)
    }

    /// This date moved by a number of days.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        Date::of_civil(self.civil().checked_add(span).ok()?)
    }

    /// The local calendar date of a moment (as History shows a session's start).
    pub fn of_timestamp(t: jiff::Timestamp) -> Option<Date> {
        Date::of_civil(t.to_zoned(super::time::local_zone()).date())
    }

    /// Today's local date.
    pub fn today() -> Date {
        Date::of_timestamp(super::time::now()).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// The date in words, e.g. "30 June 2027".
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse_iso(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn iso_dates_parse_and_impossible_days_are_refused() {
        assert_eq!(Date::parse_iso("2027-06-30"), Ok(d(2027, 6, 30)));
        assert_eq!(Date::parse_iso(" 2028-02-29 "), Ok(d(2028, 2, 29)));
        assert!(
            Date::parse_iso("2027-02-29")
                .unwrap_err()
                .contains("not a day")
        );
        assert!(Date::parse_iso("2027-13-01").is_err());
        assert!(
            Date::parse_iso("30/06/2027")
                .unwrap_err()
                .contains("year-month-day")
        );
        assert!(Date::parse_iso("2027-6-30").is_err());
    }

    #[test]
    fn old_free_text_due_dates_are_read_where_they_are_dates() {
        assert_eq!(Date::parse_lenient("30/06/2027"), Some(d(2027, 6, 30)));
        assert_eq!(Date::parse_lenient("30.06.2027"), Some(d(2027, 6, 30)));
        assert_eq!(Date::parse_lenient("30 June 2027"), Some(d(2027, 6, 30)));
        assert_eq!(Date::parse_lenient("1st Sept 2027"), Some(d(2027, 9, 1)));
        assert_eq!(Date::parse_lenient("June 30, 2027"), Some(d(2027, 6, 30)));
        assert_eq!(Date::parse_lenient("June 2027"), Some(d(2027, 6, 30)));
        assert_eq!(Date::parse_lenient("02/2028"), Some(d(2028, 2, 29)));
        assert_eq!(
            Date::parse_lenient("2027-06-30 (to be confirmed)"),
            Some(d(2027, 6, 30))
        );
        assert_eq!(Date::parse_lenient("by the summer"), None);
        assert_eq!(Date::parse_lenient("31/02/2027"), None);
        assert_eq!(Date::parse_lenient("next year"), None);
        assert_eq!(Date::parse_lenient(""), None);
    }

    #[test]
    fn days_round_trip_and_order_follows_the_calendar() {
        for days in [-25_567, -1, 0, 1, 365, 19_000, 20_000, 60_000] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(d(2026, 11, 30).add_days(183), Some(d(2027, 6, 1)));
        assert!(d(2026, 12, 31) < d(2027, 1, 1));
        assert_eq!(d(2027, 6, 30).long(), "30 June 2027");
        assert_eq!(
            Date::of_timestamp("2026-11-30T12:05:00Z".parse().unwrap()),
            Some(d(2026, 11, 30))
        );
    }

    #[test]
    fn dates_are_written_as_iso_text_in_records() {
        let text = ron::to_string(&d(2027, 6, 30)).unwrap();
        assert_eq!(text, "\"2027-06-30\"");
        assert_eq!(ron::from_str::<Date>(&text).unwrap(), d(2027, 6, 30));
        assert!(ron::from_str::<Date>("\"2027-02-30\"").is_err());
    }
}
