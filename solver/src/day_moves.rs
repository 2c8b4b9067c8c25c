//! A local search of one-day moves for long horizons: change one person's shift on one day
//! (or rest instead, or work instead of resting), or swap two people's shifts on one day.
//!
//! A MIP over a whole year (Instance 24: 1.7 million assignment variables) is out of reach in a
//! minute, and even its neighbourhoods are slow. One-day moves are priced in O(1) by the cover
//! ledger and checked against the person's own rules in one walk over their days, so millions
//! are tried per minute. First the people whose greedy schedule breaks their rules (mostly a
//! shortfall of minutes on the long instances) are repaired, each move bringing them closer to
//! their limits at the least cost; then every move that lowers the objective and keeps every
//! rule is taken, until none is left or the time is up.

use crate::cover_ledger::CoverLedger;
use crate::person_rules::{Breaches, PersonRules, Schedule};
use crate::problem::{Instance, Roster};
use crate::solve::{Rng, shuffle};
use std::time::Instant;

/// What a search did.
#[derive(Debug, Default, Clone, Copy)]
pub struct MoveStats {
    pub repaired: usize,
    pub passes: usize,
    pub changes: usize,
    pub swaps: usize,
    pub relocations: usize,
}

/// Cheapest removals of a person's shifts tried per relocation search.
const RELOCATION_TRIES: usize = 24;

pub struct DayMoves<'a> {
    inst: &'a Instance,
    rules: Vec<PersonRules>,
    /// Own cost of working shift `t` on day `d` for person `e`, at `(e * n_days + d) * n_shifts + t`.
    own: &'a [f64],
}

/// The numbers `0..n` in a seeded order.
fn shuffled(rng: &mut Rng, n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    shuffle(&mut v, rng);
    v
}

impl<'a> DayMoves<'a> {
    /// `None` when the person rules do not cover the instance (see [`PersonRules`]).
    pub fn new(inst: &'a Instance, own: &'a [f64]) -> Option<DayMoves<'a>> {
        if !crate::colgen::schedule_dp::applies(inst) {
            return None;
        }
        Some(DayMoves {
            inst,
            rules: (0..inst.n_staff)
                .map(|e| PersonRules::new(inst, e))
                .collect(),
            own,
        })
    }

    fn own(&self, e: usize, d: usize, t: Option<usize>) -> f64 {
        t.map_or(0.0, |t| {
            self.own[(e * self.inst.n_days + d) * self.inst.n_shifts + t]
        })
    }

    /// The change in objective of person `e` going from `a` to `b` on day `d`.
    fn change_cost(
        &self,
        ledger: &CoverLedger,
        e: usize,
        d: usize,
        a: Option<usize>,
        b: Option<usize>,
    ) -> f64 {
        let mut delta = self.own(e, d, b) - self.own(e, d, a);
        if let Some(a) = a {
            delta += ledger.removed(e, d, a);
        }
        if let Some(b) = b {
            // Off `a` first: requirements of `a` and `b` differ (one shift each).
            delta += ledger.added(e, d, b);
        }
        delta
    }

    /// The change in objective of people `e` and `f` swapping `a` and `b` on day `d`.
    fn swap_cost(
        &self,
        ledger: &CoverLedger,
        e: usize,
        f: usize,
        d: usize,
        a: Option<usize>,
        b: Option<usize>,
    ) -> f64 {
        let mut delta =
            self.own(e, d, b) - self.own(e, d, a) + self.own(f, d, a) - self.own(f, d, b);
        // Net change of each requirement touched.
        let mut moved: Vec<(usize, i64)> = Vec::new();
        let mut bump = |c: usize, k: i64| match moved.iter_mut().find(|m| m.0 == c) {
            Some(m) => m.1 += k,
            None => moved.push((c, k)),
        };
        if let Some(a) = a {
            ledger.covers(e, d, a).for_each(|c| bump(c, -1));
            ledger.covers(f, d, a).for_each(|c| bump(c, 1));
        }
        if let Some(b) = b {
            ledger.covers(f, d, b).for_each(|c| bump(c, -1));
            ledger.covers(e, d, b).for_each(|c| bump(c, 1));
        }
        delta += moved
            .iter()
            .filter(|m| m.1 != 0)
            .map(|&(c, k)| ledger.change(c, k))
            .sum::<f64>();
        delta
    }

    /// The first relocation of person `e`'s shift from a worked day to a day off that lowers
    /// the objective and keeps their rules, cheapest removals first. Both days differ, so the
    /// cover requirements they touch differ and the two prices add up.
    fn best_relocation(
        &self,
        ledger: &CoverLedger,
        schedule: &Schedule,
        e: usize,
        before: &Breaches,
    ) -> Option<(usize, usize, usize, Breaches)> {
        let nd = self.inst.n_days;
        let mut removals: Vec<(f64, usize)> = (0..nd)
            .filter(|&d| schedule[d].is_some())
            .map(|d| (self.change_cost(ledger, e, d, schedule[d], None), d))
            .collect();
        removals.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut additions: Vec<(f64, usize, usize)> = Vec::new();
        for d in (0..nd).filter(|&d| schedule[d].is_none()) {
            for t in 0..self.inst.n_shifts {
                if self.rules[e].allowed(d, t) {
                    additions.push((self.change_cost(ledger, e, d, None, Some(t)), d, t));
                }
            }
        }
        additions.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut trial = schedule.clone();
        for &(rc, d1) in removals.iter().take(RELOCATION_TRIES) {
            for &(ac, d2, t) in &additions {
                if rc + ac >= -1e-9 {
                    break;
                }
                trial[d1] = None;
                trial[d2] = Some(t);
                let br = self.rules[e].check(&trial);
                trial[d1] = schedule[d1];
                trial[d2] = None;
                if br.measure() <= before.measure() {
                    return Some((d1, d2, t, br));
                }
            }
        }
        None
    }

    /// The cheapest two consecutive days off of person `e` to work (the prices add up: two
    /// days, different requirements) that bring them closer to their rules than `now`.
    fn pair_addition(
        &self,
        ledger: &CoverLedger,
        schedule: &Schedule,
        e: usize,
        now: u64,
    ) -> Option<(usize, usize, usize, Breaches)> {
        let (nd, ns) = (self.inst.n_days, self.inst.n_shifts);
        let mut tries: Vec<(f64, usize, usize, usize)> = Vec::new();
        for d in 0..nd.saturating_sub(1) {
            if schedule[d].is_some() || schedule[d + 1].is_some() {
                continue;
            }
            for t1 in (0..ns).filter(|&t| self.rules[e].allowed(d, t)) {
                let c1 = self.change_cost(ledger, e, d, None, Some(t1));
                for t2 in (0..ns).filter(|&t| self.rules[e].allowed(d + 1, t)) {
                    let c2 = self.change_cost(ledger, e, d + 1, None, Some(t2));
                    tries.push((c1 + c2, d, t1, t2));
                }
            }
        }
        tries.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut trial = schedule.clone();
        for &(_, d, t1, t2) in &tries {
            trial[d] = Some(t1);
            trial[d + 1] = Some(t2);
            let br = self.rules[e].check(&trial);
            trial[d] = None;
            trial[d + 1] = None;
            if br.measure() < now {
                return Some((d, t1, t2, br));
            }
        }
        None
    }

    /// Runs the search on `roster` until no move helps or `deadline` (seconds after `t0`).
    /// Rosters with two shifts on a day for someone are left as they are.
    pub fn run(
        &self,
        roster: &mut Roster,
        seed: u64,
        t0: Instant,
        deadline: f64,
        max_passes: usize,
    ) -> MoveStats {
        let inst = self.inst;
        let (ne, nd, ns) = (inst.n_staff, inst.n_days, inst.n_shifts);
        let mut stats = MoveStats::default();
        let mut schedules: Vec<Schedule> = Vec::with_capacity(ne);
        for e in 0..ne {
            let mut s = vec![None; nd];
            for (d, slot) in s.iter_mut().enumerate() {
                match roster.shifts(e, d) {
                    [] => {}
                    [t] => *slot = Some(*t),
                    _ => return stats,
                }
            }
            schedules.push(s);
        }
        let mut ledger = CoverLedger::new(inst, roster);
        let mut breaches: Vec<Breaches> = (0..ne)
            .map(|e| self.rules[e].check(&schedules[e]))
            .collect();
        let out_of_time = || t0.elapsed().as_secs_f64() > deadline;
        let options: Vec<Option<usize>> = std::iter::once(None).chain((0..ns).map(Some)).collect();
        let apply = |schedules: &mut Vec<Schedule>,
                     ledger: &mut CoverLedger,
                     e: usize,
                     d: usize,
                     b: Option<usize>| {
            if let Some(a) = schedules[e][d] {
                ledger.shift(e, d, a, -1);
            }
            if let Some(b) = b {
                ledger.shift(e, d, b, 1);
            }
            schedules[e][d] = b;
        };

        // 1. Repair: for each broken person, the cheapest one-day change that brings them
        //    closer to their rules, until none does.
        for e in 0..ne {
            while !breaches[e].none() && !out_of_time() {
                let mut tries: Vec<(f64, usize, Option<usize>)> = Vec::new();
                for (d, &a) in schedules[e].iter().enumerate() {
                    for &b in &options {
                        if b != a && b.is_none_or(|t| self.rules[e].allowed(d, t)) {
                            tries.push((self.change_cost(&ledger, e, d, a, b), d, b));
                        }
                    }
                }
                tries.sort_by(|x, y| x.0.total_cmp(&y.0));
                let now = breaches[e].measure();
                let mut found = None;
                for &(_, d, b) in &tries {
                    let a = schedules[e][d];
                    schedules[e][d] = b;
                    let br = self.rules[e].check(&schedules[e]);
                    schedules[e][d] = a;
                    if br.measure() < now {
                        found = Some((d, b, br));
                        break;
                    }
                }
                if let Some((d, b, br)) = found {
                    apply(&mut schedules, &mut ledger, e, d, b);
                    breaches[e] = br;
                    stats.repaired += 1;
                    continue;
                }
                // Short of minutes with every single day blocked (a day alone would make a
                // run too short, say): two consecutive days off worked instead.
                let Some((d, t1, t2, br)) = self.pair_addition(&ledger, &schedules[e], e, now)
                else {
                    break;
                };
                apply(&mut schedules, &mut ledger, e, d, Some(t1));
                apply(&mut schedules, &mut ledger, e, d + 1, Some(t2));
                breaches[e] = br;
                stats.repaired += 1;
            }
        }

        // 2. Improvement: every move that lowers the objective and keeps the rules of the
        //    people it touches (people still broken may only get closer to their rules).
        let mut rng = Rng(seed ^ 0xDA7E_0000_0000_0001);
        let keeps = |rules: &PersonRules, s: &Schedule, before: &Breaches| {
            let br = rules.check(s);
            (br.measure() <= before.measure()).then_some(br)
        };
        while stats.passes < max_passes {
            if out_of_time() {
                break;
            }
            stats.passes += 1;
            let mut improved = false;
            for d in shuffled(&mut rng, nd) {
                if out_of_time() {
                    break;
                }
                // Changes.
                for e in shuffled(&mut rng, ne) {
                    for &b in &options {
                        if b == schedules[e][d] || b.is_some_and(|t| !self.rules[e].allowed(d, t)) {
                            continue;
                        }
                        let cur = schedules[e][d];
                        if self.change_cost(&ledger, e, d, cur, b) >= -1e-9 {
                            continue;
                        }
                        schedules[e][d] = b;
                        let ok = keeps(&self.rules[e], &schedules[e], &breaches[e]);
                        schedules[e][d] = cur;
                        if let Some(br) = ok {
                            apply(&mut schedules, &mut ledger, e, d, b);
                            breaches[e] = br;
                            stats.changes += 1;
                            improved = true;
                        }
                    }
                }
                // Swaps between two people working different shifts (or one resting).
                for e in 0..ne {
                    for f in e + 1..ne {
                        let (a, b) = (schedules[e][d], schedules[f][d]);
                        if a == b
                            || b.is_some_and(|t| !self.rules[e].allowed(d, t))
                            || a.is_some_and(|t| !self.rules[f].allowed(d, t))
                            || self.swap_cost(&ledger, e, f, d, a, b) >= -1e-9
                        {
                            continue;
                        }
                        schedules[e][d] = b;
                        schedules[f][d] = a;
                        let ok_e = keeps(&self.rules[e], &schedules[e], &breaches[e]);
                        let ok_f =
                            ok_e.and_then(|_| keeps(&self.rules[f], &schedules[f], &breaches[f]));
                        schedules[e][d] = a;
                        schedules[f][d] = b;
                        if let (Some(be), Some(bf)) = (ok_e, ok_f) {
                            apply(&mut schedules, &mut ledger, e, d, b);
                            apply(&mut schedules, &mut ledger, f, d, a);
                            breaches[e] = be;
                            breaches[f] = bf;
                            stats.swaps += 1;
                            improved = true;
                        }
                    }
                }
            }
            // Relocations: one person leaves a shift on one day for a shift on another, the
            // move a tight window of minutes leaves (each half alone would break it).
            for e in shuffled(&mut rng, ne) {
                if out_of_time() {
                    break;
                }
                while let Some((d1, d2, t, br)) =
                    self.best_relocation(&ledger, &schedules[e], e, &breaches[e])
                {
                    apply(&mut schedules, &mut ledger, e, d1, None);
                    apply(&mut schedules, &mut ledger, e, d2, Some(t));
                    breaches[e] = br;
                    stats.relocations += 1;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        for (e, s) in schedules.iter().enumerate() {
            for (d, choice) in s.iter().enumerate() {
                roster.clear(e, d);
                if let Some(t) = choice {
                    roster.add(e, d, *t);
                }
            }
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker;
    use crate::construct::construct;
    use crate::curtois::tests::load;
    use crate::rules::build_mip;

    fn own_costs(inst: &Instance) -> Vec<f64> {
        crate::solve::own_costs(&build_mip(inst))
    }

    fn choice(roster: &Roster, e: usize, d: usize) -> Option<usize> {
        roster.shifts(e, d).first().copied()
    }

    fn set(roster: &mut Roster, e: usize, d: usize, t: Option<usize>) {
        roster.clear(e, d);
        if let Some(t) = t {
            roster.add(e, d, t);
        }
    }

    #[test]
    fn a_moves_price_is_the_change_in_the_checkers_objective() {
        // Instance 12 has qualifications on its cover: people count towards different rows.
        for name in ["Instance5", "Instance12"] {
            let inst = load(name);
            let own = own_costs(&inst);
            let dm = DayMoves::new(&inst, &own).unwrap();
            let mut roster = construct(&inst);
            let mut seed = 0xC0FFEE_u64;
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as usize
            };
            for _ in 0..60 {
                let before = checker::check(&inst, &roster).objective as f64;
                let ledger = CoverLedger::new(&inst, &roster);
                let (e, d) = (next() % inst.n_staff, next() % inst.n_days);
                let pick = next() % (inst.n_shifts + 1);
                let b = (pick < inst.n_shifts).then_some(pick);
                let a = choice(&roster, e, d);
                if a == b {
                    continue;
                }
                if next() % 2 == 0 {
                    let price = dm.change_cost(&ledger, e, d, a, b);
                    set(&mut roster, e, d, b);
                    let after = checker::check(&inst, &roster).objective as f64;
                    assert!(
                        (after - before - price).abs() < 1e-6,
                        "{name} change {e} {d} {a:?}->{b:?}: {} vs {price}",
                        after - before
                    );
                } else {
                    let f = next() % inst.n_staff;
                    let bf = choice(&roster, f, d);
                    if f == e || bf == a {
                        continue;
                    }
                    let price = dm.swap_cost(&ledger, e, f, d, a, bf);
                    set(&mut roster, e, d, bf);
                    set(&mut roster, f, d, a);
                    let after = checker::check(&inst, &roster).objective as f64;
                    assert!((after - before - price).abs() < 1e-6, "{name} swap");
                }
            }
        }
    }

    #[test]
    fn the_search_repairs_the_greedy_start_and_then_only_lowers_the_objective() {
        let inst = load("Instance14");
        let own = own_costs(&inst);
        let dm = DayMoves::new(&inst, &own).unwrap();
        let mut roster = construct(&inst);
        let start = checker::check(&inst, &roster);
        let t0 = Instant::now();
        // Repair only (no improvement pass), then the improvement passes.
        let repair = dm.run(&mut roster, 1, t0, f64::INFINITY, 0);
        let repaired = checker::check(&inst, &roster);
        assert!(repaired.hard_violations <= start.hard_violations);
        let stats = dm.run(&mut roster, 1, t0, f64::INFINITY, 50);
        let improved = checker::check(&inst, &roster);
        assert!(stats.changes + stats.swaps > 0, "{repair:?} {stats:?}");
        assert!(improved.hard_violations <= repaired.hard_violations);
        assert!(
            improved.objective < repaired.objective,
            "{} -> {}",
            repaired.objective,
            improved.objective
        );
        // At the end no single move helps: a further run changes nothing.
        let again = dm.run(&mut roster, 2, t0, f64::INFINITY, 50);
        assert_eq!(again.changes + again.swaps, 0);
    }
}
