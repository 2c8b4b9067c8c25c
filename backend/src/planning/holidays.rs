//! French public holidays (jours fériés, metropolitan France): maquettes treat them as
//! Sundays.

use chrono::{Datelike, Duration, NaiveDate};

/// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
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

/// Whether `date` is a public holiday.
pub fn is_holiday(date: NaiveDate) -> bool {
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    if fixed.contains(&(date.month(), date.day())) {
        return true;
    }
    match easter(date.year()) {
        // Easter Monday, Ascension, Whit Monday.
        Some(sunday) => [1, 39, 50]
            .iter()
            .any(|offset| sunday + Duration::days(*offset) == date),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn known_holidays() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert!(is_holiday(d(2026, 4, 6))); // Easter Monday
        assert!(is_holiday(d(2026, 5, 14))); // Ascension
        assert!(is_holiday(d(2026, 5, 25))); // Whit Monday
        assert!(is_holiday(d(2026, 7, 14)));
        assert!(!is_holiday(d(2026, 7, 15)));
    }
}
