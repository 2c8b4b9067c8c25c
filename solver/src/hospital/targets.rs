//! Annual targets and the weekly due of FPH staff (the basis of overtime), from the counters:
//! 1 607 h full time (FPH-ANN-2), 1 582 h with at least 10 Sundays or public holidays worked in
//! the year (FPH-ANN-3), 1 476 h for exclusive night workers (FPH-ANN-5, without cumulation,
//! FPH-ANN-7), and for mixed day/night agents 1 607 h reduced pro rata of the share of night
//! hours (FPH-ANN-6; the formula is our reading, U). All times the quotité.

use super::context::StaffInfo;

/// The annual target in minutes for this staff member.
pub fn annual_target_minutes(s: &StaffInfo) -> i64 {
    let p = &s.params;
    let c = &s.counters;
    let full = if s.night_team {
        i64::from(p.annual_minutes_night)
    } else {
        let base = if c.year_sundays_holidays_worked >= p.repos_variable_min_sundays_holidays {
            i64::from(p.annual_minutes_repos_variable)
        } else {
            i64::from(p.annual_minutes)
        };
        let pro_rata = if c.year_worked_minutes > 0 {
            let reduction = i64::from(p.annual_minutes.saturating_sub(p.annual_minutes_night));
            i64::from(p.annual_minutes)
                - reduction * i64::from(c.year_night_minutes) / i64::from(c.year_worked_minutes)
        } else {
            i64::from(p.annual_minutes)
        };
        base.min(pro_rata)
    };
    full * i64::from(s.quotite_percent) / 100
}

/// Minutes due per week: the weekly reference scaled by the annual target's share of the full
/// time one (so a part-timer or a night worker owes proportionally less).
pub fn weekly_due_minutes(s: &StaffInfo) -> f64 {
    let p = &s.params;
    f64::from(p.weekly_reference_minutes) * annual_target_minutes(s) as f64
        / f64::from(p.annual_minutes.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hospital::{Category, Counters, Parameters};

    fn staff(quotite: u32, night: bool, c: Counters) -> StaffInfo {
        StaffInfo {
            category: Category::Fph,
            quotite_percent: quotite,
            night_team: night,
            counters: c,
            params: Parameters::default(),
            references: vec![],
        }
    }

    #[test]
    fn targets_follow_the_decree_and_the_quotite() {
        assert_eq!(
            annual_target_minutes(&staff(100, false, Counters::default())),
            1607 * 60
        );
        // A part-timer at 80 %: 1 285 h 36.
        assert_eq!(
            annual_target_minutes(&staff(80, false, Counters::default())),
            77136
        );
        assert_eq!(
            annual_target_minutes(&staff(100, true, Counters::default())),
            1476 * 60
        );
        let rv = Counters {
            year_sundays_holidays_worked: 10,
            ..Default::default()
        };
        assert_eq!(annual_target_minutes(&staff(100, false, rv)), 1582 * 60);
        // No cumulation for night workers.
        let rv_night = Counters {
            year_sundays_holidays_worked: 12,
            ..Default::default()
        };
        assert_eq!(
            annual_target_minutes(&staff(100, true, rv_night)),
            1476 * 60
        );
        // Mixed: half of the hours at night: 1 607 - 131 / 2 = 1 541 h 30.
        let mixed = Counters {
            year_worked_minutes: 600,
            year_night_minutes: 300,
            ..Default::default()
        };
        assert_eq!(annual_target_minutes(&staff(100, false, mixed)), 92490);
        assert!(
            (weekly_due_minutes(&staff(100, false, Counters::default())) - 2100.0).abs() < 1e-9
        );
        assert!((weekly_due_minutes(&staff(50, false, Counters::default())) - 1050.0).abs() < 1e-9);
    }
}
