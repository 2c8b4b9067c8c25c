//! Exact repairs around a roster's unmet wishes: for each day with an unmet request, everyone's
//! shifts over a few days around it are re-optimised by HiGHS on the strict model, the rest of
//! the roster fixed.
//!
//! Why: on the 60-nurse month the shared-rules master roster (`colgen::shared_roster`) keeps
//! the unit's structural cost (the bound's) and most wishes, but leaves one or two people's
//! wishes unmet where the bound says they can be granted; granting one moves a shift to
//! someone else, who must then give up another, a chain the annealing finds in some runs and
//! not in others. A window of all the staff on 3 days solves to optimality in about half a
//! second there.

use super::{freed, x_values};
use crate::checker::{self, Report};
use crate::highs::{HighsError, RunOptions};
use crate::mip::{MipBuilder, Restrictor};
use crate::problem::{Instance, Roster};
use crate::rules::Rule;
use crate::rules::requests::Requests;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Half-widths of the windows tried around each day, in order.
const HALF_WIDTHS: [usize; 2] = [1, 2];
/// Seconds a window's run may take.
const WINDOW_SECONDS: f64 = 3.0;

/// What the repairs did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WindowStats {
    pub windows: usize,
    pub improvements: usize,
}

pub struct WishWindows<'a> {
    inst: &'a Instance,
    strict: &'a MipBuilder,
    restrictor: Restrictor,
}

impl<'a> WishWindows<'a> {
    pub fn new(inst: &'a Instance, strict: &'a MipBuilder) -> WishWindows<'a> {
        WishWindows {
            inst,
            strict,
            restrictor: Restrictor::new(strict),
        }
    }

    /// Repairs `roster` (without hard violations, `report` its checker report) window after
    /// window until none improves it or `deadline` (seconds after `t0`) passes.
    pub fn run(
        &self,
        roster: &mut Roster,
        report: &mut Report,
        t0: Instant,
        deadline: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
    ) -> Result<WindowStats, HighsError> {
        let inst = self.inst;
        let mut stats = WindowStats::default();
        let left = || deadline - t0.elapsed().as_secs_f64();
        for &half in &HALF_WIDTHS {
            let mut tried: Vec<usize> = Vec::new();
            while let Some(d) = self.unmet_day(report, &tried) {
                if left() < 0.2 {
                    return Ok(stats);
                }
                tried.push(d);
                let days: Vec<usize> =
                    (d.saturating_sub(half)..(d + half + 1).min(inst.n_days)).collect();
                stats.windows += 1;
                if let Some(next) = self.solve_window(roster, &days, left(), threads, cancel)? {
                    let rep = checker::check(inst, &next);
                    if rep.hard_violations == 0 && rep.objective < report.objective {
                        stats.improvements += 1;
                        *roster = next;
                        *report = rep;
                        // The roster changed: every day is worth another look.
                        tried.clear();
                    }
                }
            }
        }
        Ok(stats)
    }

    /// The first day of an unmet request not yet tried.
    fn unmet_day(&self, report: &Report, tried: &[usize]) -> Option<usize> {
        report
            .violations
            .iter()
            .filter(|v| v.rule == Requests.id())
            .filter_map(|v| v.days.first().copied())
            .find(|d| !tried.contains(d))
    }

    /// Everyone's shifts on `days` re-optimised, the rest of `roster` fixed; `None` when HiGHS
    /// found nothing.
    fn solve_window(
        &self,
        roster: &Roster,
        days: &[usize],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
    ) -> Result<Option<Roster>, HighsError> {
        let (inst, m) = (self.inst, self.strict);
        let cur = x_values(m, roster);
        let staff: Vec<usize> = (0..inst.n_staff).collect();
        let free = freed::columns(m, &staff, days);
        let opts = RunOptions {
            time_limit: Some(time_limit.min(WINDOW_SECONDS)),
            mip_rel_gap: Some(0.0),
            threads: Some(threads),
            ..RunOptions::default()
        };
        let (_, _, values) = freed::run_sub_model(&self.restrictor, m, &free, &cur, &opts, cancel)?;
        Ok(values.map(|v| freed::roster_with(inst, roster, &free, &v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::build_mip;
    use crate::solve::hospital_swaps::swap;
    use crate::solve::hospital_swaps::tests::{lawful, unit};

    /// The (person, day) of each unmet request of `report`.
    fn unmet(report: &Report, inst: &Instance) -> Vec<(usize, usize)> {
        report
            .violations
            .iter()
            .filter(|v| v.rule == Requests.id())
            .filter_map(|v| Some((inst.staff_ix(v.staff.as_deref()?)?, *v.days.first()?)))
            .collect()
    }

    #[test]
    fn a_wish_unmet_by_a_one_day_exchange_is_granted_again() {
        let mut checked = 0;
        for seed in [5, 6, 7] {
            let inst = unit(12, 14, seed);
            let good = lawful(&inst, seed, 3);
            let good_rep = checker::check(&inst, &good);
            let before = unmet(&good_rep, &inst);
            // A lawful roster where one more wish is unmet: two people exchange one day.
            let spoiled = (0..inst.n_staff).flat_map(|e| (0..inst.n_days).map(move |d| (e, d)));
            let spoiled = spoiled
                .flat_map(|(e, d)| (0..inst.n_staff).map(move |f| (e, d, f)))
                .filter(|&(e, _, f)| e != f)
                .find_map(|(e, d, f)| {
                    let mut r = good.clone();
                    swap(&mut r, e, f, d, 1);
                    let rep = checker::check(&inst, &r);
                    let newly = unmet(&rep, &inst)
                        .into_iter()
                        .any(|u| u == (e, d) && !before.contains(&u));
                    (rep.hard_violations == 0 && newly).then_some((r, rep))
                });
            let Some((mut r, mut rep)) = spoiled else {
                continue;
            };
            assert!(rep.objective > good_rep.objective, "seed {seed}");
            let strict = build_mip(&inst);
            let stats = WishWindows::new(&inst, &strict)
                .run(&mut r, &mut rep, Instant::now(), 60.0, 1, None)
                .unwrap();
            let again = checker::check(&inst, &r);
            assert_eq!(again.hard_violations, 0, "seed {seed}");
            assert_eq!(again.objective, rep.objective, "seed {seed}");
            // The window around the spoiled day holds the good roster's days: at least as good.
            assert!(
                rep.objective <= good_rep.objective,
                "seed {seed}: {} > {} ({stats:?})",
                rep.objective,
                good_rep.objective
            );
            assert!(stats.improvements > 0, "seed {seed}");
            checked += 1;
        }
        assert!(checked >= 2, "only {checked} seeds had a wish to spoil");
    }
}
