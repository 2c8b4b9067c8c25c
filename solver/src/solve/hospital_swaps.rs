//! A local search for hospital problems: one-day swaps between two people and one-day changes
//! of one person, each priced by the checker, taken when they lower the objective and keep
//! every rule.
//!
//! Why: on the 60-nurse month under the French pack the neighbourhood MIPs take seconds each
//! and leave dozens of split weekends and isolated days (objective 360 after 600 s); most of
//! those are undone by one swap (the person working Saturday alone takes Sunday from someone
//! who works Sunday alone), and the cover stays as it was. The rules of hospital problems have
//! no dynamic programme (`DayMoves` and `PersonDescent` do not apply), so moves are priced by
//! the checker on the people they touch only. The search runs at the end of the budget: from
//! the whole-model run's first roster (18 624) it reached 1 426 in 18 s, where the
//! neighbourhood search does better, but on the search's final rosters it removes what the
//! neighbourhood MIPs left within seconds.

use crate::checker::{self, Report};
use crate::cover_ledger::CoverLedger;
use crate::problem::{Instance, Problem, Roster};
use crate::rules::Kind;
use crate::solve::{Rng, shuffle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Longest window of days exchanged between two people.
const MAX_WINDOW: usize = 4;

/// What a search did.
#[derive(Debug, Default, Clone, Copy)]
pub struct SwapStats {
    pub tried: usize,
    pub swaps: usize,
    pub changes: usize,
}

/// Each person alone: the instance with only them and no cover, so that the checker gives
/// their own violations (the cover is priced on the whole roster).
pub struct HospitalSwaps<'a> {
    pub(super) inst: &'a Instance,
    alone: Vec<Instance>,
}

impl<'a> HospitalSwaps<'a> {
    /// `None` when a person alone does not make a valid instance.
    pub fn new(inst: &'a Instance) -> Option<HospitalSwaps<'a>> {
        let alone = (0..inst.n_staff)
            .map(|e| Instance::new(alone_problem(&inst.problem, e)).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(HospitalSwaps { inst, alone })
    }

    /// Own cost of person `e` working `days` (one shift or none per day), `None` when it breaks
    /// one of their rules.
    pub(super) fn own_cost(&self, e: usize, roster: &Roster) -> Option<i64> {
        let rep = self.own_check(e, roster);
        (rep.hard_violations == 0).then_some(rep.objective)
    }

    /// The checker's report on person `e` alone (their own rules, no cover).
    pub(super) fn own_check(&self, e: usize, roster: &Roster) -> Report {
        let mut r = Roster::new(1, self.inst.n_days);
        for d in 0..self.inst.n_days {
            for &t in roster.shifts(e, d) {
                r.add(0, d, t);
            }
        }
        checker::check(&self.alone[e], &r)
    }

    /// Improves `roster` (no hard violation) by first-improvement moves until none is found,
    /// `deadline` seconds after `t0`, or cancellation.
    pub fn run(
        &self,
        roster: &mut Roster,
        seed: u64,
        t0: Instant,
        deadline: f64,
        cancel: Option<&AtomicBool>,
    ) -> (SwapStats, Report) {
        let inst = self.inst;
        let mut stats = SwapStats::default();
        let mut rep = checker::check(inst, roster);
        let mut own: Vec<Option<i64>> = (0..inst.n_staff)
            .map(|e| self.own_cost(e, roster))
            .collect();
        let mut rng = Rng(seed ^ 0x5A4F_0000_0000_0003);
        let out_of_time = || {
            t0.elapsed().as_secs_f64() >= deadline
                || cancel.is_some_and(|c| c.load(Ordering::Relaxed))
        };
        loop {
            let mut improved = self.change_pass(roster, &mut rep, &mut own, &mut stats, &mut rng);
            if out_of_time() {
                return (stats, rep);
            }
            // The people with soft violations, and the days around them.
            let mut spots: Vec<(usize, usize)> = rep
                .violations
                .iter()
                .filter(|v| v.kind == Kind::Soft)
                .filter_map(|v| {
                    let e = v.staff.as_deref().and_then(|id| inst.staff_ix(id))?;
                    Some(v.days.iter().map(move |&d| (e, d)))
                })
                .flatten()
                .collect();
            spots.sort_unstable();
            spots.dedup();
            let mut order: Vec<usize> = (0..spots.len()).collect();
            shuffle(&mut order, &mut rng);
            for &k in &order {
                if out_of_time() {
                    return (stats, rep);
                }
                let (a, d0) = spots[k];
                let mut others: Vec<usize> = (0..inst.n_staff).filter(|&b| b != a).collect();
                shuffle(&mut others, &mut rng);
                'spot: for (s, len) in windows(d0, inst.n_days) {
                    for &b in &others {
                        if (s..s + len).all(|d| roster.shifts(a, d) == roster.shifts(b, d)) {
                            continue;
                        }
                        stats.tried += 1;
                        swap(roster, a, b, s, len);
                        let (na, nb) = (self.own_cost(a, roster), self.own_cost(b, roster));
                        let gain = match (own[a], own[b], na, nb) {
                            (Some(oa), Some(ob), Some(na), Some(nb)) => oa + ob - na - nb,
                            _ => 0,
                        };
                        if gain > 0 {
                            let next = checker::check(inst, roster);
                            if next.hard_violations == 0 && next.objective < rep.objective {
                                rep = next;
                                own[a] = na;
                                own[b] = nb;
                                stats.swaps += 1;
                                improved = true;
                                break 'spot;
                            }
                        }
                        swap(roster, a, b, s, len);
                    }
                }
            }
            if !improved {
                return (stats, rep);
            }
        }
    }
}

/// One person's schedule on one day set to `t` (or rest).
pub(super) fn set(roster: &mut Roster, e: usize, d: usize, t: Option<usize>) {
    roster.clear(e, d);
    if let Some(t) = t {
        roster.add(e, d, t);
    }
}

/// Windows `(first day, length)` of one to `MAX_WINDOW` days around day `d0`: those that
/// hold it, and the single days on either side.
fn windows(d0: usize, n_days: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for len in 1..=MAX_WINDOW.min(n_days) {
        for s in (d0 + 1).saturating_sub(len)..=d0 {
            if s + len <= n_days {
                out.push((s, len));
            }
        }
    }
    if d0 > 0 {
        out.push((d0 - 1, 1));
    }
    if d0 + 1 < n_days {
        out.push((d0 + 1, 1));
    }
    out
}

/// Exchanges the schedules of `a` and `b` on days `s..s + len` (its own inverse).
pub(super) fn swap(roster: &mut Roster, a: usize, b: usize, s: usize, len: usize) {
    for d in s..s + len {
        let (sa, sb) = (roster.shifts(a, d).to_vec(), roster.shifts(b, d).to_vec());
        roster.clear(a, d);
        roster.clear(b, d);
        for &t in &sb {
            roster.add(a, d, t);
        }
        for &t in &sa {
            roster.add(b, d, t);
        }
    }
}

/// The problem with person `e` only, without cover.
impl HospitalSwaps<'_> {
    /// One pass of one-day changes (work another shift, rest, or work instead of resting) over
    /// every person and day, priced by the cover ledger and the person's own cost; `true` when
    /// one was taken.
    fn change_pass(
        &self,
        roster: &mut Roster,
        rep: &mut Report,
        own: &mut [Option<i64>],
        stats: &mut SwapStats,
        rng: &mut Rng,
    ) -> bool {
        let inst = self.inst;
        let mut ledger = CoverLedger::new(inst, roster);
        let mut improved = false;
        let mut people: Vec<usize> = (0..inst.n_staff).collect();
        shuffle(&mut people, rng);
        for &e in &people {
            for d in 0..inst.n_days {
                let now = roster.shifts(e, d).first().copied();
                if roster.shifts(e, d).len() > 1 {
                    continue;
                }
                let before = now.map_or(0.0, |t| ledger.removed(e, d, t));
                for alt in std::iter::once(None).chain((0..inst.n_shifts).map(Some)) {
                    if alt == now || alt.is_some_and(|t| !inst.allowed[e][t]) {
                        continue;
                    }
                    stats.tried += 1;
                    // Cover change: remove the current shift, then add the new one.
                    if let Some(t) = now {
                        ledger.shift(e, d, t, -1);
                    }
                    let cover = before + alt.map_or(0.0, |t| ledger.added(e, d, t));
                    if let Some(t) = now {
                        ledger.shift(e, d, t, 1);
                    }
                    set(roster, e, d, alt);
                    let gain = match (own[e], self.own_cost(e, roster)) {
                        (Some(o), Some(n)) => (o - n) as f64 - cover,
                        _ => 0.0,
                    };
                    if gain > 1e-9 {
                        let next = checker::check(inst, roster);
                        if next.hard_violations == 0 && next.objective < rep.objective {
                            *rep = next;
                            own[e] = self.own_cost(e, roster);
                            if let Some(t) = now {
                                ledger.shift(e, d, t, -1);
                            }
                            if let Some(t) = alt {
                                ledger.shift(e, d, t, 1);
                            }
                            stats.changes += 1;
                            improved = true;
                            break;
                        }
                    }
                    set(roster, e, d, now);
                }
            }
        }
        improved
    }
}

fn alone_problem(p: &Problem, e: usize) -> Problem {
    let mut q = p.clone();
    let id = p.staff[e].id.clone();
    q.staff = vec![p.staff[e].clone()];
    q.cover.clear();
    q.requests.retain(|r| r.staff == id);
    q.fixed_days_off.retain(|f| f.staff == id);
    q.history.assignments.retain(|h| h.staff == id);
    q
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::solve::{Params, solve};

    /// A generated unit under the whole French rules pack.
    pub(in crate::solve) fn unit(staff: usize, days: usize, seed: u64) -> Instance {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        Instance::new(crate::unit_month::french_problem(start, staff, days, seed)).unwrap()
    }

    /// The engine's roster of `inst` after `iterations` neighbourhood steps, without hard
    /// violations (asserted).
    pub(in crate::solve) fn lawful(inst: &Instance, seed: u64, iterations: u64) -> Roster {
        let out = solve(
            inst,
            &Params {
                time_limit: 10.0,
                seed,
                max_iterations: Some(iterations),
                ..Params::default()
            },
            None,
            &mut |_| {},
            None,
        )
        .unwrap();
        assert_eq!(out.report.unwrap().hard_violations, 0);
        out.roster.unwrap()
    }

    #[test]
    fn own_costs_and_cover_add_up_to_the_checkers_objective() {
        for seed in [1, 2] {
            let inst = unit(12, 14, seed);
            let r = lawful(&inst, seed, 2);
            let hs = HospitalSwaps::new(&inst).expect("each person alone is an instance");
            let rep = checker::check(&inst, &r);
            let own: i64 = (0..inst.n_staff)
                .map(|e| {
                    hs.own_cost(e, &r)
                        .expect("a lawful roster keeps everyone's rules")
                })
                .sum();
            let shared: i64 = rep
                .violations
                .iter()
                .filter(|v| v.staff.is_none())
                .map(|v| v.cost)
                .sum();
            assert_eq!(own + shared, rep.objective, "seed {seed}");
        }
    }

    #[test]
    fn swaps_keep_every_rule_and_never_raise_the_objective() {
        for seed in [3, 4] {
            let inst = unit(12, 14, seed);
            let mut r = lawful(&inst, seed, 2);
            // A worse lawful start: two people exchange their whole schedules (their requests
            // stay with them), so that swaps have something to undo.
            swap(&mut r, 0, 1, 0, inst.n_days);
            swap(&mut r, 2, 3, 0, inst.n_days);
            let start = checker::check(&inst, &r);
            assert_eq!(start.hard_violations, 0);
            let hs = HospitalSwaps::new(&inst).unwrap();
            let (stats, rep) = hs.run(&mut r, seed, Instant::now(), 30.0, None);
            let again = checker::check(&inst, &r);
            assert_eq!(again.hard_violations, 0, "seed {seed}");
            assert_eq!(again.objective, rep.objective, "seed {seed}");
            assert!(rep.objective <= start.objective, "seed {seed}: {stats:?}");
            assert!(stats.tried > 0, "seed {seed}");
        }
    }
}
