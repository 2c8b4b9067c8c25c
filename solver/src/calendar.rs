//! Civil dates for the French rules: ISO parsing, Easter (computus) and the French public
//! holidays, with the Alsace-Moselle extras as an option.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which public holidays apply.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HolidayCalendar {
    /// The 11 national public holidays (Code du travail, art. L3133-1).
    France,
    /// France plus Good Friday and 26 December (Code du travail, art. L3134-13).
    AlsaceMoselle,
}

/// Parses `YYYY-MM-DD`.
///
/// The rules parse their dates (effective dates, fortnight anchors) on every check, and the
/// hospital local searches check millions of single-person rosters: chrono's format parser
/// took a tenth of their time. Ten-byte `DDDD-DD-DD` strings are read by hand (chrono reads
/// them the same way); anything else goes to chrono.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if let Some((y, m, d)) = parse_ymd(s) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The numbers of a ten-byte `DDDD-DD-DD` string (not checked to be a calendar date).
pub fn parse_ymd(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((digits(0..4)? as i32, digits(5..7)?, digits(8..10)?))
}

/// "11/03" for a date (as chrono's `%d/%m`, without its format parser: see `parse_date`).
pub fn day_month(d: NaiveDate) -> String {
    format!("{:02}/{:02}", d.day(), d.month())
}

/// "11/03/2026" for a date (as chrono's `%d/%m/%Y` for years 0 to 9999).
pub fn day_month_year(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Easter Sunday of `year` (Gregorian, anonymous computus of Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Whether `date` is a public holiday under `calendar`.
pub fn is_holiday(date: NaiveDate, calendar: HolidayCalendar) -> bool {
    let (m, d) = (date.month(), date.day());
    let fixed = matches!(
        (m, d),
        (1, 1) | (5, 1) | (5, 8) | (7, 14) | (8, 15) | (11, 1) | (11, 11) | (12, 25)
    );
    if fixed {
        return true;
    }
    let Some(easter) = easter(date.year()) else {
        return false;
    };
    let offset = (date - easter).num_days();
    // Easter Monday, Ascension, Whit Monday.
    if matches!(offset, 1 | 39 | 50) {
        return true;
    }
    calendar == HolidayCalendar::AlsaceMoselle && (offset == -2 || (m, d) == (12, 26))
}

/// Monday = 0 ... Sunday = 6.
pub fn weekday(date: NaiveDate) -> u8 {
    date.weekday().num_days_from_monday() as u8
}

/// First day of the reference period of `months` months containing `date`, periods being
/// aligned so that one starts on the first day of `anchor_month` (1 = January).
pub fn period_start(date: NaiveDate, months: u32, anchor_month: u32) -> Option<NaiveDate> {
    let months = months.clamp(1, 12) as i32;
    let index = date.year() * 12 + date.month0() as i32;
    let anchor = anchor_month.clamp(1, 12) as i32 - 1;
    let start = index - (index - anchor).rem_euclid(months);
    NaiveDate::from_ymd_opt(start.div_euclid(12), start.rem_euclid(12) as u32 + 1, 1)
}

/// First day of the period after the one starting at `start`.
pub fn period_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start.checked_add_months(chrono::Months::new(months.clamp(1, 12)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn easter_dates_match_the_published_ones() {
        for (y, e) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(y), Some(d(e)), "{y}");
        }
    }

    #[test]
    fn french_holidays_of_2026_and_the_alsace_moselle_extras() {
        let fr: Vec<String> = (0..365)
            .filter_map(|i| d("2026-01-01").checked_add_days(chrono::Days::new(i)))
            .filter(|&x| is_holiday(x, HolidayCalendar::France))
            .map(|x| x.to_string())
            .collect();
        assert_eq!(
            fr,
            [
                "2026-01-01",
                "2026-04-06",
                "2026-05-01",
                "2026-05-08",
                "2026-05-14",
                "2026-05-25",
                "2026-07-14",
                "2026-08-15",
                "2026-11-01",
                "2026-11-11",
                "2026-12-25"
            ]
        );
        assert!(!is_holiday(d("2026-04-03"), HolidayCalendar::France));
        assert!(is_holiday(d("2026-04-03"), HolidayCalendar::AlsaceMoselle));
        assert!(is_holiday(d("2026-12-26"), HolidayCalendar::AlsaceMoselle));
        assert!(!is_holiday(d("2026-12-26"), HolidayCalendar::France));
    }

    #[test]
    fn reference_periods_are_aligned_on_their_anchor_month() {
        assert_eq!(period_start(d("2026-03-15"), 4, 1), Some(d("2026-01-01")));
        assert_eq!(period_start(d("2026-05-01"), 4, 1), Some(d("2026-05-01")));
        // Internes: trimestres from the May stage start: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan.
        assert_eq!(period_start(d("2026-01-20"), 3, 5), Some(d("2025-11-01")));
        assert_eq!(period_end(d("2025-11-01"), 3), Some(d("2026-02-01")));
        assert_eq!(weekday(d("2026-03-01")), 6);
    }

    #[test]
    fn dates_parse_and_print_as_with_chronos_formats() {
        for s in [
            "2026-03-02",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            "2026-3-2",
            "2026-03-2x",
            "2026/03/02",
            "+2026-03-02",
            "2026-03-021",
            "",
            "abcd-ef-gh",
        ] {
            let chrono = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            assert_eq!(parse_date(s), chrono, "{s:?}");
        }
        let mut x = d("1999-12-25");
        for _ in 0..400 {
            assert_eq!(day_month(x), x.format("%d/%m").to_string());
            assert_eq!(day_month_year(x), x.format("%d/%m/%Y").to_string());
            x = x.checked_add_days(chrono::Days::new(29)).unwrap();
        }
    }
}
