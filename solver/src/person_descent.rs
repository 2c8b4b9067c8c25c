//! Best response, one person at a time.
//!
//! With everyone else's schedule fixed, the cheapest schedule of one person under their own
//! rules is a shortest path over days (the dynamic-programming pricer of the column
//! generation), whose day costs are the person's own costs (requests) plus the change in cover
//! cost that their presence makes: a person on a shift that others leave short saves its
//! under-cover weight, one on a shift already at target adds its over-cover weight. Replacing
//! each person's schedule by that best response never raises the objective, and a person whose
//! schedule breaks their own rules gets one that keeps them whenever one exists.
//!
//! On long horizons (Instances 20 to 24: up to 1.7 million assignment variables) this is the
//! step that makes a roster feasible within seconds and then improves it far faster than a MIP
//! over a window; on short ones it polishes the rosters of the other searches.

use crate::checker::Report;
use crate::colgen::schedule_dp::{self, Priced, SchedulePricer};
use crate::cover_ledger::CoverLedger;
use crate::problem::{Instance, Roster};
use crate::rules::Kind;
use std::time::Instant;

/// Labels kept per state when the exact search has too many states.
const FALLBACK_BEAM: usize = 3;

pub struct PersonDescent<'a> {
    inst: &'a Instance,
    pricers: Vec<SchedulePricer>,
    /// Own cost of working shift `t` on day `d` for person `e`, at `(e * n_days + d) * n_shifts + t`.
    own: &'a [f64],
}

/// What a descent did.
#[derive(Debug, Default, Clone, Copy)]
pub struct DescentStats {
    pub passes: usize,
    pub pricings: usize,
    pub improvements: usize,
    /// Pricings that fell back to a beam (too many states for the exact search).
    pub beamed: usize,
}

impl<'a> PersonDescent<'a> {
    /// `None` when some person's rules are not all known to the pricer (see
    /// [`schedule_dp::applies`]).
    pub fn new(inst: &'a Instance, own: &'a [f64]) -> Option<PersonDescent<'a>> {
        if !schedule_dp::applies(inst) {
            return None;
        }
        let pricers = (0..inst.n_staff)
            .map(|e| SchedulePricer::new(inst, e))
            .collect::<Option<Vec<_>>>()?;
        Some(PersonDescent { inst, pricers, own })
    }

    /// Replaces each person's schedule in `order` by their best response, pass after pass,
    /// until a pass improves nothing or `deadline` (seconds after `t0`) passes. `report` is the
    /// checker's report of `roster`: its people with hard violations are given a schedule
    /// that keeps their rules whatever it costs.
    pub fn run(
        &self,
        roster: &mut Roster,
        report: &Report,
        order: &[usize],
        t0: Instant,
        deadline: f64,
        max_passes: usize,
    ) -> DescentStats {
        let inst = self.inst;
        let (nd, s) = (inst.n_days, inst.n_shifts);
        let mut broken = vec![false; inst.n_staff];
        for v in &report.violations {
            if v.kind == Kind::Hard
                && let Some(e) = v.staff.as_deref().and_then(|id| inst.staff_ix(id))
            {
                broken[e] = true;
            }
        }
        let mut ledger = CoverLedger::new(inst, roster);
        let mut stats = DescentStats::default();
        let mut cost = vec![0.0; nd * s];
        while stats.passes < max_passes {
            stats.passes += 1;
            let mut improved = false;
            for &e in order {
                if t0.elapsed().as_secs_f64() > deadline {
                    return stats;
                }
                ledger.shift_person(roster, e, -1);
                let own = &self.own[e * nd * s..(e + 1) * nd * s];
                for (k, slot) in cost.iter_mut().enumerate() {
                    *slot = own[k] + ledger.added(e, k / s, k % s);
                }
                let current: f64 = (0..nd)
                    .flat_map(|d| roster.shifts(e, d).iter().map(move |&t| d * s + t))
                    .map(|k| cost[k])
                    .sum();
                // A person whose schedule keeps their rules is replaced only by a cheaper one.
                let cutoff = (!broken[e]).then_some(current - 1e-6);
                stats.pricings += 1;
                let mut priced = self.pricers[e].cheapest(|d, t| cost[d * s + t], cutoff, None);
                if matches!(priced, Priced::TooLarge) {
                    stats.beamed += 1;
                    priced = self.pricers[e].cheapest(
                        |d, t| cost[d * s + t],
                        cutoff,
                        Some(FALLBACK_BEAM),
                    );
                }
                if let Priced::Schedule(value, schedule) = priced
                    && (broken[e] || value < current - 1e-6)
                {
                    for (d, choice) in schedule.iter().enumerate() {
                        roster.clear(e, d);
                        if let Some(t) = choice {
                            roster.add(e, d, *t);
                        }
                    }
                    broken[e] = false;
                    improved = true;
                    stats.improvements += 1;
                }
                ledger.shift_person(roster, e, 1);
            }
            if !improved {
                break;
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
    use crate::solve::own_costs;

    #[test]
    fn best_responses_give_everyone_a_lawful_schedule_and_never_raise_the_objective() {
        for name in ["Instance5", "Instance8"] {
            let inst = load(name);
            let own = own_costs(&build_mip(&inst));
            let pd = PersonDescent::new(&inst, &own).unwrap();
            let mut roster = construct(&inst);
            let order: Vec<usize> = (0..inst.n_staff).collect();
            let t0 = Instant::now();
            let first = checker::check(&inst, &roster);
            pd.run(&mut roster, &first, &order, t0, f64::INFINITY, 1);
            let lawful = checker::check(&inst, &roster);
            assert_eq!(lawful.hard_violations, 0, "{name}");
            let stats = pd.run(&mut roster, &lawful, &order, t0, f64::INFINITY, 20);
            let end = checker::check(&inst, &roster);
            assert_eq!(end.hard_violations, 0);
            assert!(end.objective <= lawful.objective, "{name}");
            // Converged: nobody has a cheaper best response left.
            let again = pd.run(&mut roster, &end, &order, t0, f64::INFINITY, 1);
            assert!(stats.passes < 20, "{name}: converged within the passes");
            assert_eq!(again.improvements, 0, "{name}");
        }
    }
}
