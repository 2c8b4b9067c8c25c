//! The shared-rules bound with a few people out of the generic block (`person_bound`): column
//! generation over the generic person's schedules for everyone else and over each of those
//! people's own schedules, priced at their own costs.
//!
//! Why: `person_bound` prices the people whose wishes the generic bound counts as granted at
//! the generic LP's multipliers only; on the 60-nurse month (seed 102) that raised the bound
//! from 289 to 306 against rosters of 313. Letting the multipliers move with those people's
//! own columns in the master raises it further.
//!
//! Validity: at multipliers `pi` (signed like row duals, within caps) the Lagrangian function
//! is at least `outside + (n - k) p + sum over the others of corr_e + sum over the k people of
//! p_e`, with `p` and `p_e` proven pricing bounds: every round's value is a lower bound.

use super::Decomposition;
use super::shared_rules::BoundTerms;
use crate::highs::{Highs, HighsError, RunStatus};
use crate::mip::MipBuilder;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

impl Decomposition {
    /// The best bound of the rounds with the people of `own` (each with a first schedule of
    /// their block's values) out of the generic block, within `time_limit` seconds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn partial_bound(
        &self,
        m: &MipBuilder,
        terms: &BoundTerms,
        own: &[(usize, Vec<f64>)],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<f64, HighsError> {
        let t0 = Instant::now();
        let left = || time_limit - t0.elapsed().as_secs_f64();
        let n = self.blocks.len();
        let k = own.len();
        let n_rows = self.master_rows.len();
        let entries = self.master_entries(m);
        let caps = self.multiplier_caps(m);
        let block = &self.blocks[0];
        // A schedule as a column of person `slot` (0: the generic block, 1 + i: own[i]).
        let column = |slot: usize, values: &[f64]| -> (f64, Vec<(usize, f64)>) {
            let costs = if slot == 0 {
                &terms.generic_costs
            } else {
                &self.blocks[own[slot - 1].0].model.cost
            };
            let (cost, mut link) = self.generic_column(costs, values);
            if let Some(last) = link.last_mut() {
                last.0 = n_rows + slot;
            }
            (cost, link)
        };
        let mut master = MipBuilder::empty();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_rows + 1 + k];
        for (c, e) in &entries {
            let j = master.add_col(m.cost[*c], m.lower[*c], m.upper[*c], false);
            for &(i, a) in e {
                row_terms[i].push((j, a));
            }
        }
        let mut add = |master: &mut MipBuilder, cost: f64, link: &[(usize, f64)]| {
            let j = master.add_col(cost, 0.0, f64::INFINITY, false);
            for &(i, a) in link {
                row_terms[i].push((j, a));
            }
        };
        for s in &terms.schedules {
            add(&mut master, s.cost, &s.link);
        }
        for (slot, (_, values)) in own.iter().enumerate() {
            let (cost, link) = column(slot + 1, values);
            add(&mut master, cost, &link);
            // The schedules met, as the person's own columns too (their cost for the generic
            // person plus the person's own).
            let person = &self.blocks[own[slot].0].model.cost;
            for s in &terms.schedules {
                let (_, link) = column(slot + 1, &s.values);
                let extra: f64 = person
                    .iter()
                    .zip(&terms.generic_costs)
                    .zip(&s.values)
                    .map(|((c, g), v)| (c - g) * v)
                    .sum();
                add(&mut master, s.cost + extra, &link);
            }
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            master.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        master.add_row((n - k) as f64, (n - k) as f64, &row_terms[n_rows]);
        for terms_i in &row_terms[n_rows + 1..] {
            master.add_row(1.0, 1.0, terms_i);
        }
        let mut h = Highs::new(&master)?;
        h.set_string("solver", "ipm")?;
        h.set_string("run_crossover", "off")?;
        let mut pricer = Highs::new(&block.model)?;
        pricer.set_string("presolve", "off")?;
        let in_own: Vec<bool> = (0..n).map(|e| own.iter().any(|o| o.0 == e)).collect();
        let others: f64 = (0..n)
            .filter(|&e| !in_own[e])
            .map(|e| terms.person_corrections[e])
            .sum();
        let mut best = f64::NEG_INFINITY;
        let mut rounds = 0;
        let mut lp = None;
        while left() > 0.2 && !cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            rounds += 1;
            let sol = h.run(&super::pricing_options(threads, left().max(0.1)), None, None)?;
            let (RunStatus::Optimal, Some(z)) = (sol.status, sol.objective) else {
                break;
            };
            lp = Some(z + others);
            let duals = h.row_duals();
            let pi = self.multipliers(m, &caps, &duals);
            let Some(outside) = self.outside_value(m, &entries, &pi) else {
                break;
            };
            let mut value = outside + others;
            let mut added = 0;
            for slot in 0..=k {
                let person = if slot == 0 { 0 } else { own[slot - 1].0 };
                let base = if slot == 0 {
                    &terms.generic_costs
                } else {
                    &self.blocks[person].model.cost
                };
                let mut costs = base.clone();
                for &(j, i, a) in &block.links {
                    costs[j] -= a * pi[i];
                }
                pricer.set_costs(&costs)?;
                let out = pricer.run(&super::pricing_options(threads, left().max(0.1)), None, cancel)?;
                let proven = match out.status {
                    RunStatus::Optimal => out.bound.or(out.objective),
                    _ => out.bound,
                };
                let Some(p) = proven else {
                    value = f64::NEG_INFINITY;
                    break;
                };
                value += if slot == 0 { (n - k) as f64 * p } else { p };
                if let Some(v) = out.values {
                    let v = super::round_integers(&block.model, v);
                    let (cost, link) = column(slot, &v);
                    let reduced =
                        cost - link.iter().map(|&(i, a)| a * duals[i]).sum::<f64>();
                    if reduced < -1e-6 {
                        h.add_col(cost, 0.0, f64::INFINITY, &link)?;
                        added += 1;
                    }
                }
            }
            best = best.max(value);
            if verbose {
                eprintln!(
                    "{:8.2}s partial bound round {rounds}: LP {:.2}, bound {value:.2}, {added} columns",
                    t0.elapsed().as_secs_f64(),
                    z + others
                );
            }
            if added == 0 || lp.is_some_and(|l| best >= l - 1e-6 * l.abs().max(1.0)) {
                break;
            }
        }
        if verbose {
            eprintln!(
                "{:8.2}s partial bound {best:.2} with {k} people apart, {rounds} rounds (LP {lp:?})",
                t0.elapsed().as_secs_f64()
            );
        }
        Ok(best)
    }
}
