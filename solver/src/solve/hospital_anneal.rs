//! Simulated annealing for hospital problems: random window swaps between two people (the
//! cover stays as it is) and one-day changes of one person (priced by the cover ledger), each
//! priced by the people's own checks (`HospitalSwaps::own_check`), taken when they lower the
//! objective or, with a probability falling over time, when they raise it a little. Half the
//! moves start on a day where a person has a soft violation.
//!
//! Why: on the 60-nurse month the neighbourhood MIPs take a second or more each, so that 40 s
//! of them leave 500 to 900 of split weekends, isolated days and refused wishes, while the
//! first-improvement swaps stop at a local optimum within seconds (53 000 tries, 3 taken).
//! Pricing a move costs one or two single-person checks (tens of microseconds), so the
//! annealing tries about 40 000 moves a second and leaves local optima uphill. Tried and
//! dropped: crossing rosters that break a person's rules at a price per breach (20 or 50: the
//! search never came back to a lawful roster), three-person rotations of a window (fewer moves
//! a second, 507 and 503 against 400 and 451). Session 11: five times the time (300 s, seed 100,
//! load 4) took the roster from about 330 to 290 only, QVT-3 and QVT-4 still 280 of it; after
//! the annealing, sub-MIPs of 2 to 8 people's whole month mended one violation in ten runs, and
//! a set-partitioning MIP over the schedules without cost it met never improved the roster (its
//! LP was the roster's objective): both reverted, see the history.

use super::hospital_pool::SchedulePool;
use super::hospital_swaps::{HospitalSwaps, set, swap};
use crate::checker::{self, Report};
use crate::cover_ledger::CoverLedger;
use crate::problem::Roster;
use crate::rules::Kind;
use crate::rules::cover_bounds::PENALTY as COVER_BOUND_PENALTY;
use crate::solve::Rng;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Longest window of days exchanged by a swap.
const MAX_WINDOW: usize = 7;
/// Farthest apart the two days of a trade (`try_trade`).
const TRADE_REACH: usize = 7;
/// Temperatures at the start and at the end of the run (in objective units: a refused wish
/// costs 5 to 10, an isolated day or a split weekend 20). On the 60-nurse month (seeds 100,
/// 101, 51 s of annealing) a start at 20 gave 360 and 402, at 10 370 and 443, at 5 380 and
/// 441, at 40 480 and 455.
const T_START: f64 = 20.0;
const T_END: f64 = 0.5;

/// What an annealing run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct AnnealStats {
    pub tried: usize,
    pub accepted: usize,
    pub improvements: usize,
}

/// A person's own cost and the days of their soft violations.
struct Own {
    cost: i64,
    spots: Vec<usize>,
}

/// The annealing's current roster and what it knows of it.
struct State<'l> {
    roster: Roster,
    own: Vec<Own>,
    ledger: CoverLedger<'l>,
    /// The people with soft violations of their own.
    troubled: Vec<usize>,
    /// The schedules without own cost met (for `hospital_pool`).
    pool: SchedulePool,
    n_days: usize,
}

impl State<'_> {
    /// Records person `e`'s schedule in the pool when it costs them nothing.
    fn record(&mut self, e: usize) {
        if self.own[e].cost == 0 {
            self.pool.record(&self.roster, e, self.n_days);
        }
    }

    fn refresh_troubled(&mut self) {
        self.troubled.clear();
        self.troubled
            .extend((0..self.own.len()).filter(|&e| !self.own[e].spots.is_empty()));
    }
}

impl HospitalSwaps<'_> {
    /// Person `e`'s own cost and soft-violation days, `None` when they break a rule.
    fn own(&self, e: usize, roster: &Roster) -> Option<Own> {
        let rep = self.own_check(e, roster);
        if rep.hard_violations > 0 {
            return None;
        }
        let mut spots: Vec<usize> = rep
            .violations
            .iter()
            .filter(|v| v.kind == Kind::Soft)
            .flat_map(|v| v.days.iter().copied())
            .collect();
        spots.sort_unstable();
        spots.dedup();
        Some(Own {
            cost: rep.objective,
            spots,
        })
    }

    /// Anneals `roster` (no hard violation) until `deadline` seconds after `t0` or
    /// cancellation, and leaves in it the best roster met, which the whole checker confirms
    /// (else `roster` is left as it was). The temperature falls from `T_START` to `T_END`
    /// between the seconds `cooling.0` and `cooling.1` after `t0` (a run resumed after a pause
    /// goes on cooling where it stopped). The schedules without own cost it meets are added to
    /// `pool`.
    #[allow(clippy::too_many_arguments)]
    pub fn anneal(
        &self,
        roster: &mut Roster,
        seed: u64,
        t0: Instant,
        cooling: (f64, f64),
        deadline: f64,
        cancel: Option<&AtomicBool>,
        pool: &mut SchedulePool,
    ) -> (AnnealStats, Report) {
        let inst = self.inst;
        let mut stats = AnnealStats::default();
        let start_rep = checker::check(inst, roster);
        if start_rep.hard_violations > 0 || inst.n_staff < 2 || inst.n_days == 0 {
            return (stats, start_rep);
        }
        let Some(own) = (0..inst.n_staff)
            .map(|e| self.own(e, roster))
            .collect::<Option<Vec<Own>>>()
        else {
            return (stats, start_rep);
        };
        let mut st = State {
            roster: roster.clone(),
            own,
            ledger: CoverLedger::new(inst, roster),
            troubled: Vec::new(),
            pool: std::mem::take(pool),
            n_days: inst.n_days,
        };
        for e in 0..inst.n_staff {
            st.record(e);
        }
        st.refresh_troubled();
        let mut cost = start_rep.objective as f64;
        let mut best = (cost, roster.clone());
        let mut rng = Rng(seed ^ 0xA11E_0000_0000_0005);
        let (begin, end) = cooling;
        let span = (end - begin).max(1e-3);
        let cooled =
            |now: f64| T_START * (T_END / T_START).powf(((now - begin) / span).clamp(0.0, 1.0));
        let mut temperature = cooled(t0.elapsed().as_secs_f64());
        loop {
            if stats.tried % 256 == 0 {
                let now = t0.elapsed().as_secs_f64();
                if now >= deadline || cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    break;
                }
                temperature = cooled(now);
            }
            stats.tried += 1;
            let threshold = -temperature * (1.0 - rng.unit()).ln();
            // A person and a day: on a soft violation half the time, else anywhere.
            let (e, d) = if !st.troubled.is_empty() && rng.below(2) == 0 {
                let e = st.troubled[rng.below(st.troubled.len())];
                let spots = &st.own[e].spots;
                (e, spots[rng.below(spots.len())].min(inst.n_days - 1))
            } else {
                (rng.below(inst.n_staff), rng.below(inst.n_days))
            };
            let taken = match rng.below(3) {
                0 => {
                    let windows = 1 + rng.below(2);
                    self.try_swap(&mut st, e, d, windows, &mut rng, threshold)
                }
                1 => self.try_change(&mut st, e, d, &mut rng, threshold),
                _ => self.try_trade(&mut st, e, d, &mut rng, threshold),
            };
            if let Some(delta) = taken {
                stats.accepted += 1;
                st.refresh_troubled();
                cost += delta;
                if cost < best.0 - 1e-9 {
                    stats.improvements += 1;
                    best = (cost, st.roster.clone());
                }
            }
        }
        *pool = std::mem::take(&mut st.pool);
        let rep = checker::check(inst, &best.1);
        if rep.hard_violations == 0 && rep.objective <= start_rep.objective {
            *roster = best.1;
            (stats, rep)
        } else {
            (stats, start_rep)
        }
    }

    /// Person `a` and another exchange a window of days holding `d0` or next to it, and with
    /// `windows` 2 a second window within a week of it (a weekend for a weekday, say); kept
    /// (returning the change in objective) when it costs less than `threshold`.
    fn try_swap(
        &self,
        st: &mut State,
        a: usize,
        d0: usize,
        windows: usize,
        rng: &mut Rng,
        threshold: f64,
    ) -> Option<f64> {
        let inst = self.inst;
        let nd = inst.n_days;
        // The other person: half the time one with soft violations too (a split weekend is
        // mended by someone working the other day of the same weekend alone).
        let troubled = &st.troubled;
        let b = match troubled.len() {
            n if n >= 2 && rng.below(2) == 0 => troubled[rng.below(n)],
            _ => (a + 1 + rng.below(inst.n_staff - 1)) % inst.n_staff,
        };
        if b == a {
            return None;
        }
        let mut picked = [(0, 0); 2];
        for (k, w) in picked.iter_mut().enumerate().take(windows) {
            let len = 1 + rng.below(MAX_WINDOW.min(nd) / (k + 1));
            // Around `d0` first, then a day within a week of it.
            let centre = if k == 0 {
                d0
            } else {
                (d0 + nd + rng.below(15))
                    .saturating_sub(7)
                    .clamp(nd, 2 * nd - 1)
                    - nd
            };
            // A first day from `centre - len` to `centre + 1`: the window holds the centre or
            // ends just before it or starts just after it.
            let lo = centre.saturating_sub(len);
            *w = ((lo + rng.below(centre + 2 - lo)).min(nd - len), len);
        }
        let picked = &picked[..windows];
        // Overlapping windows would swap their common days back.
        for i in 0..windows {
            for j in 0..i {
                let ((s1, l1), (s2, l2)) = (picked[i], picked[j]);
                if s1 < s2 + l2 && s2 < s1 + l1 {
                    return None;
                }
            }
        }
        let r = &st.roster;
        let same =
            |(s, len): (usize, usize)| (s..s + len).all(|d| r.shifts(a, d) == r.shifts(b, d));
        if picked.iter().any(|&w| same(w)) {
            return None;
        }
        self.exchange(st, a, b, picked, threshold)
    }

    /// `a` and `b` exchange their shifts on the `windows` (first day, length): the cover stays
    /// as it is, so only their own costs change. Kept (returning the change) when neither
    /// breaks a rule and the change is below `threshold`; undone otherwise.
    fn exchange(
        &self,
        st: &mut State,
        a: usize,
        b: usize,
        windows: &[(usize, usize)],
        threshold: f64,
    ) -> Option<f64> {
        for &(s, len) in windows {
            swap(&mut st.roster, a, b, s, len);
        }
        if let Some(na) = self.own(a, &st.roster)
            && let Some(nb) = self.own(b, &st.roster)
        {
            let delta = (na.cost + nb.cost - st.own[a].cost - st.own[b].cost) as f64;
            if delta < threshold {
                st.own[a] = na;
                st.own[b] = nb;
                st.record(a);
                st.record(b);
                return Some(delta);
            }
        }
        for &(s, len) in windows {
            swap(&mut st.roster, a, b, s, len);
        }
        None
    }

    /// Person `a` trades day `d` for a day `d2` within `TRADE_REACH` days with someone whose
    /// schedule on the two days is `a`'s the other way round (works `a`'s shift of `d2` on
    /// `d` and rests on `d2`, say): a shift moves to another day of `a`'s, the cover stays as
    /// it is. Why: such partners are a few of the unit, which the random window swaps seldom
    /// draw, while moving a shift next to another run is what mends an isolated day or a split
    /// weekend.
    fn try_trade(
        &self,
        st: &mut State,
        a: usize,
        d: usize,
        rng: &mut Rng,
        threshold: f64,
    ) -> Option<f64> {
        let inst = self.inst;
        let lo = d.saturating_sub(TRADE_REACH);
        let hi = (d + TRADE_REACH).min(inst.n_days - 1);
        let d2 = lo + rng.below(hi - lo + 1);
        let r = &st.roster;
        if d2 == d || r.shifts(a, d) == r.shifts(a, d2) {
            return None;
        }
        // A partner drawn uniformly among those that fit (reservoir sampling).
        let mut partner = None;
        let mut seen = 0;
        for b in (0..inst.n_staff).filter(|&b| b != a) {
            if r.shifts(b, d) == r.shifts(a, d2) && r.shifts(b, d2) == r.shifts(a, d) {
                seen += 1;
                if rng.below(seen) == 0 {
                    partner = Some(b);
                }
            }
        }
        let b = partner?;
        self.exchange(st, a, b, &[(d, 1), (d2, 1)], threshold)
    }

    /// Person `e` on day `d` works another shift, rests, or works instead of resting; kept
    /// when the change in own and cover cost is below `threshold` and the cover stays within
    /// its bounds.
    fn try_change(
        &self,
        st: &mut State,
        e: usize,
        d: usize,
        rng: &mut Rng,
        threshold: f64,
    ) -> Option<f64> {
        let inst = self.inst;
        if st.roster.shifts(e, d).len() > 1 {
            return None;
        }
        let now = st.roster.shifts(e, d).first().copied();
        let pick = rng.below(inst.n_shifts + 1);
        let alt = (pick < inst.n_shifts).then_some(pick);
        if alt == now || alt.is_some_and(|t| !inst.allowed[e][t]) {
            return None;
        }
        let ledger = &mut st.ledger;
        let mut cover = 0.0;
        if let Some(t) = now {
            cover += ledger.removed(e, d, t);
            ledger.shift(e, d, t, -1);
        }
        if let Some(t) = alt {
            cover += ledger.added(e, d, t);
        }
        if let Some(t) = now {
            ledger.shift(e, d, t, 1);
        }
        // A bound of the cover broken (its penalty) is never taken.
        if cover >= COVER_BOUND_PENALTY {
            return None;
        }
        set(&mut st.roster, e, d, alt);
        if let Some(n) = self.own(e, &st.roster) {
            let delta = (n.cost - st.own[e].cost) as f64 + cover;
            if delta < threshold {
                st.own[e] = n;
                if let Some(t) = now {
                    ledger.shift(e, d, t, -1);
                }
                if let Some(t) = alt {
                    ledger.shift(e, d, t, 1);
                }
                st.record(e);
                return Some(delta);
            }
        }
        set(&mut st.roster, e, d, now);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::hospital_swaps::tests::{lawful, unit};

    #[test]
    fn a_trade_moves_a_shift_between_days_and_keeps_the_cover_and_every_rule() {
        let seed = 7;
        let inst = unit(16, 28, seed);
        let r = lawful(&inst, seed, 0);
        let hs = HospitalSwaps::new(&inst).unwrap();
        let own: Vec<Own> = (0..inst.n_staff)
            .map(|e| {
                hs.own(e, &r)
                    .expect("a lawful roster keeps everyone's rules")
            })
            .collect();
        let mut st = State {
            roster: r.clone(),
            own,
            ledger: CoverLedger::new(&inst, &r),
            troubled: Vec::new(),
            pool: SchedulePool::default(),
            n_days: inst.n_days,
        };
        let before = checker::check(&inst, &r).objective as f64;
        let mut rng = Rng(seed);
        let (mut taken, mut total) = (0, 0.0);
        for _ in 0..2000 {
            let (a, d) = (rng.below(inst.n_staff), rng.below(inst.n_days));
            if let Some(delta) = hs.try_trade(&mut st, a, d, &mut rng, f64::INFINITY) {
                taken += 1;
                total += delta;
            }
        }
        assert!(taken > 0, "no partner found in 2000 tries");
        assert_ne!(st.roster, r);
        let rep = checker::check(&inst, &st.roster);
        assert_eq!(rep.hard_violations, 0);
        // The cover counts are those of the start, and the deltas add up to the objective.
        assert_eq!(CoverLedger::new(&inst, &st.roster).counts, st.ledger.counts);
        assert_eq!(rep.objective as f64, before + total);
    }

    #[test]
    fn annealing_keeps_every_rule_and_lowers_the_objective() {
        for seed in [5, 6] {
            let inst = unit(16, 28, seed);
            let mut r = lawful(&inst, seed, 0);
            let start = checker::check(&inst, &r);
            assert_eq!(start.hard_violations, 0);
            let hs = HospitalSwaps::new(&inst).unwrap();
            let (stats, rep) = hs.anneal(
                &mut r,
                seed,
                Instant::now(),
                (0.0, 3.0),
                3.0,
                None,
                &mut SchedulePool::default(),
            );
            let again = checker::check(&inst, &r);
            assert_eq!(again.hard_violations, 0, "seed {seed}");
            assert_eq!(again.objective, rep.objective, "seed {seed}");
            assert!(
                rep.objective < start.objective,
                "seed {seed}: {} -> {}, {stats:?}",
                start.objective,
                rep.objective
            );
        }
    }
}
