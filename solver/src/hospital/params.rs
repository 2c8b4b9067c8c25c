//! Rule parameters: one declaration per parameter (name, type, default, whether its number is
//! unverified — marked U in `domain-rules.md` — and so a cautious assumption to confirm).
//! Minutes unless the name says otherwise.

use serde::{Deserialize, Serialize};

macro_rules! parameters {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty = $default:expr, $u:literal; )*) => {
        /// Values set by one parameter set; an absent value is inherited.
        #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
        #[serde(deny_unknown_fields)]
        pub struct ParameterValues {
            $( $(#[doc = $doc])* #[serde(default, skip_serializing_if = "Option::is_none")]
               pub $name: Option<$ty>, )*
        }

        /// The values in force for one staff member.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Parameters {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl Default for Parameters {
            fn default() -> Self {
                Parameters { $( $name: $default.into(), )* }
            }
        }

        impl Parameters {
            /// Overrides with the values `v` sets.
            pub fn apply(&mut self, v: &ParameterValues) {
                $( if let Some(x) = &v.$name { self.$name = x.clone(); } )*
            }
        }

        /// Every parameter: name, default, and whether the number is unverified (U).
        pub const CATALOGUE: &[(&str, &str, bool)] = &[ $( (stringify!($name), stringify!($default), $u), )* ];
    };
}

parameters! {
    /// FPH-WK-1: effective work in any 7-day period, overtime included.
    fph_max_minutes_per_7_days: u32 = 2880u32, false;
    /// FPH-WK-2: effective work in each calendar week of the cycle.
    fph_max_minutes_per_week: u32 = 2640u32, false;
    /// FPH-DAY-1: daily effective work, day teams.
    fph_day_max_minutes: u32 = 540u32, false;
    /// FPH-DAY-2: effective work of a night shift.
    fph_night_max_minutes: u32 = 600u32, false;
    /// FPH-DAY-3: the unit works under the 12 h derogation (after the CSE's avis).
    fph_derogation_12h: bool = false, false;
    /// FPH-DAY-3: amplitude of the day under the derogation, handover included.
    fph_amplitude_max_minutes: u32 = 720u32, false;
    /// FPH-DAY-4: amplitude of a discontinuous day.
    fph_split_amplitude_max_minutes: u32 = 630u32, false;
    fph_split_max_vacations: u32 = 2u32, false;
    fph_split_min_vacation_minutes: u32 = 180u32, false;
    /// FPH-DAY-5 and EU-4: continuous work after which a break is due.
    break_after_minutes: u32 = 360u32, false;
    /// FPH-DAY-5.
    fph_break_minutes: u32 = 20u32, false;
    /// FPH-NIGHT-1: night hours are those between these two times (21:00-06:00; a local
    /// choice may take any 9 h between 21:00 and 07:00).
    night_start_minute: u32 = 1260u32, false;
    night_end_minute: u32 = 360u32, false;
    /// FPH-NIGHT-1 / FPH-ANN-5: share of night hours of an exclusive night worker.
    night_worker_share_percent: u32 = 90u32, false;
    /// FPH-REST-1.
    fph_daily_rest_minutes: u32 = 720u32, false;
    /// FPH-REST-2: an accord (cited by the parameter set's `reference`) lowers daily rest.
    fph_daily_rest_accord: bool = false, false;
    fph_daily_rest_accord_minutes: u32 = 660u32, false;
    /// FPH-REST-3: in each calendar week (the window is U).
    fph_weekly_rest_minutes: u32 = 2160u32, true;
    /// FPH-REST-4: rest days per fortnight.
    fph_fortnight_days_off: u32 = 4u32, false;
    /// FPH-REST-4: a Monday starting a fortnight (the alignment is U).
    fph_fortnight_anchor: String = "2024-01-01", true;
    /// FPH-CYC-1 / FPH-HS-3/4: length of the unit's work cycle (when not given, a cycle of at
    /// most a month is assumed).
    cycle_weeks: u32 = 4u32, true;
    /// A Monday starting a cycle.
    cycle_anchor: String = "2024-01-01", true;
    /// FPH-ANN-1: weekly reference duration (basis of overtime), full time.
    weekly_reference_minutes: u32 = 2100u32, false;
    /// FPH-ANN-2/3/5 annual targets, full time (FPH-ANN-6 pro rata between the first and the
    /// last is U).
    annual_minutes: u32 = 96420u32, false;
    annual_minutes_repos_variable: u32 = 94920u32, false;
    annual_minutes_night: u32 = 88560u32, false;
    repos_variable_min_sundays_holidays: u32 = 10u32, false;
    /// FPH-HS-2.
    fph_overtime_year_minutes: u32 = 14400u32, false;
    /// FPH-HS-3.
    fph_overtime_month_minutes: u32 = 1200u32, false;
    /// FPH-HS-5: a temporary derogation of the ARS lifts the overtime caps.
    fph_overtime_derogation: bool = false, false;
    /// PH-1: weekly demi-journées, full time.
    ph_weekly_half_days: u32 = 10u32, false;
    /// PH-1 / PH-4: cost per demi-journée (PH-1) or per minute (PH-4) of deviation (policy).
    ph_obligation_weight: u32 = 50u32, true;
    /// PH-4: the unit is a "temps continu" service.
    ph_temps_continu: bool = false, false;
    /// PH-4: weekly obligation in hours, full time.
    ph_temps_continu_weekly_minutes: u32 = 2880u32, true;
    /// PH-5.
    ph_daily_rest_minutes: u32 = 660u32, false;
    /// PH-6.
    ph_max_continuous_minutes: u32 = 1440u32, false;
    /// PH-8.
    ph_securite_rest_minutes: u32 = 660u32, false;
    /// PH-2: average weekly work over the quadrimestre.
    ph_average_weekly_minutes: u32 = 2880u32, false;
    ph_period_months: u32 = 4u32, false;
    /// First month of a quadrimestre (January: Jan-Apr, May-Aug, Sep-Dec).
    ph_period_anchor_month: u32 = 1u32, true;
    /// INT-1: stage demi-journées per week (the other 2 are hors stage).
    int_stage_half_days: u32 = 8u32, false;
    /// INT-2.
    int_average_weekly_minutes: u32 = 2880u32, false;
    int_period_months: u32 = 3u32, false;
    /// First month of a trimestre (May: stages start in May and November).
    int_period_anchor_month: u32 = 5u32, true;
    /// INT-7.
    int_break_minutes_per_half_day: u32 = 15u32, false;
    /// INT-5.
    int_securite_rest_minutes: u32 = 660u32, false;
    /// EU-3.
    eu_daily_rest_minutes: u32 = 660u32, false;
    /// EU-4: the break's length is set nationally; 20 min as in D2002-9.
    eu_break_minutes: u32 = 20u32, true;
    /// EU-5: 24 h + 11 h per 7-day period (calendar weeks).
    eu_weekly_rest_minutes: u32 = 2100u32, false;
    /// EU-6.
    eu_average_weekly_minutes: u32 = 2880u32, false;
    eu_period_months: u32 = 4u32, false;
    eu_period_anchor_month: u32 = 1u32, true;
    /// EU-8: night workers, average per 24 h.
    eu_night_average_daily_minutes: u32 = 480u32, false;
    /// QVT-1: consecutive nights.
    qvt_max_consecutive_nights: u32 = 3u32, true;
    qvt_nights_weight: u32 = 30u32, true;
    /// QVT-2: a "12 h" shift is one of at least this many minutes.
    qvt_long_shift_minutes: u32 = 690u32, true;
    qvt_max_consecutive_long_shifts: u32 = 3u32, true;
    qvt_long_shifts_weight: u32 = 30u32, true;
    /// QVT-3.
    qvt_isolated_day_weight: u32 = 20u32, true;
    /// QVT-4.
    qvt_split_weekend_weight: u32 = 20u32, true;
    /// QVT-5: a change of shift with less rest than this is a quick return.
    qvt_quick_return_minutes: u32 = 780u32, true;
    qvt_quick_return_weight: u32 = 10u32, true;
    /// Work cycles: cost of each day where the roster departs from the person's trame
    /// (stability and predictability; policy).
    cycle_departure_weight: u32 = 5u32, true;
    /// GHT pool: cost per shift worked outside the home unit, by placement (policy; own unit,
    /// then pool, then volunteers, then another site).
    placement_pool_weight: u32 = 3u32, true;
    placement_volunteer_weight: u32 = 6u32, true;
    placement_other_site_weight: u32 = 12u32, true;
    /// FPH-CET-1: days on the compte épargne-temps at most.
    cet_max_days: u32 = 60u32, false;
    /// FPH-CET-3: above this many days, the CET grows by at most `cet_yearly_increase_days` a
    /// year (the rest is paid or converted).
    cet_threshold_days: u32 = 20u32, false;
    cet_yearly_increase_days: u32 = 10u32, false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_schema_documents_every_parameter_and_unknown_ones_are_rejected() {
        let schema = include_str!("../../schema/problem.schema.json");
        for (name, _, _) in CATALOGUE {
            assert!(
                schema.contains(&format!("\"{name}\"")),
                "{name} missing from the schema"
            );
        }
        let err = serde_json::from_str::<ParameterValues>(r#"{"daily_rest": 600}"#).unwrap_err();
        assert!(
            err.to_string().contains("unknown field `daily_rest`"),
            "{err}"
        );
        let mut p = Parameters::default();
        p.apply(&ParameterValues {
            fph_daily_rest_accord: Some(true),
            ..Default::default()
        });
        assert!(p.fph_daily_rest_accord);
        assert_eq!(p.fph_daily_rest_minutes, 720);
    }
}
