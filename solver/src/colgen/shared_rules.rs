//! A Lagrangian bound for units whose people all have the same rules (they differ only in
//! costs: their wishes), by column generation over one generic person's schedules.
//!
//! Why: the decomposition's bound (the LP over every person's schedules) needs one exact
//! pricing MIP per person and round, 7 to 25 s a round on the 60-nurse month, so it never came
//! within a minute; and the bound at the multipliers 0 is each person's least own cost, 0 to 36
//! there. When every person's block has the same rows, bounds and cover entries, one block
//! with generic costs `g` prices them all: for every `x` of that common set and person `e`,
//! `c_e x >= g x + sum_j min(d_j l_j, d_j u_j)` with `d = c_e - g` (their wishes, mostly), so
//! the Lagrangian function at cover multipliers `pi` is at least
//! `offset + sum_r pi_r b_r + (columns outside the blocks at their best bound)
//!  + n min_x (g - pi A) x + sum_e corr_e`,
//! one MIP per round instead of one per person. The multipliers are the duals of the master
//! LP over the generic schedules met so far (choose `n` of them), solved by interior point
//! without crossover: the roster's own schedules make a degenerate vertex whose simplex duals
//! price nothing useful (seen with the pool of `solve::hospital_pool`).
//!
//! Validity: every value is the Lagrangian function at some multipliers signed like row duals
//! (projected so), bounded from below as above with the pricing MIP's proven bound (never its
//! incumbent): a valid lower bound whatever the master LP's columns, and the best is kept.

use super::shared_roster::GenericSchedule;
use super::{Decomposition, pricing_options};
use crate::highs::{Highs, HighsError, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::Roster;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// What the column generation found.
#[derive(Debug, Clone)]
pub struct SharedOutcome {
    /// The best valid lower bound (the model's objective, offset included).
    pub bound: Option<f64>,
    /// The last master LP value, offset and corrections included (no bound unless `converged`).
    pub lp: Option<f64>,
    pub rounds: usize,
    pub columns: usize,
    /// The pricing found no schedule of negative reduced cost: the bound is the LP's.
    pub converged: bool,
    /// The roster of the integer master over the schedules generated (`shared_roster`).
    pub roster: Option<Roster>,
    /// What the per-person bound (`person_bound`) starts from: the multipliers of the best
    /// bound, its value, the generic pricing's bound there, and the schedules met.
    pub terms: Option<BoundTerms>,
}

/// The best bound's parts (see `SharedOutcome::terms`).
#[derive(Debug, Clone)]
pub struct BoundTerms {
    pub(super) pi: Vec<f64>,
    pub(super) value: f64,
    pub(super) generic: f64,
    pub(super) person_corrections: Vec<f64>,
    pub(super) generic_costs: Vec<f64>,
    pub(super) schedules: Vec<GenericSchedule>,
}

/// The common block's generic costs and each person's correction `corr_e`.
struct Shared {
    costs: Vec<f64>,
    corrections: f64,
    /// Each person's `corr_e` (they sum to `corrections`).
    person_corrections: Vec<f64>,
}

impl Decomposition {
    /// The generic costs (per column, the median of the people's) and the sum of the people's
    /// corrections, when every block has the same columns, rows and coupling entries; `None`
    /// otherwise or when a correction is unbounded.
    fn shared(&self) -> Option<Shared> {
        let first = self.blocks.first()?;
        let a = &first.model;
        let mut links0 = first.links.clone();
        links0.sort_by_key(|x| (x.0, x.1));
        for b in &self.blocks[1..] {
            let m = &b.model;
            let same = m.lower == a.lower
                && m.upper == a.upper
                && m.integer == a.integer
                && m.row_lower == a.row_lower
                && m.row_upper == a.row_upper
                && m.row_start == a.row_start
                && m.row_index == a.row_index
                && m.row_value == a.row_value
                && m.offset == a.offset;
            let mut links = b.links.clone();
            links.sort_by_key(|x| (x.0, x.1));
            if !same || links != links0 {
                return None;
            }
        }
        let n_cols = a.n_cols();
        let costs: Vec<f64> = (0..n_cols)
            .map(|j| {
                let mut v: Vec<f64> = self.blocks.iter().map(|b| b.model.cost[j]).collect();
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            })
            .collect();
        let person_corrections: Vec<f64> = self
            .own_diffs(&costs)
            .iter()
            .map(|diff| {
                diff.iter()
                    .map(|&(j, d)| (d * a.lower[j]).min(d * a.upper[j]))
                    .sum()
            })
            .collect();
        let corrections: f64 = person_corrections.iter().sum();
        corrections.is_finite().then_some(Shared {
            costs,
            corrections,
            person_corrections,
        })
    }

    /// Column generation over the generic person's schedules, from the schedules of `start`
    /// and `extra` (one byte a day: 0 off, `t + 1` working shift `t`; counted at no cost, as
    /// schedules that cost their person nothing), for `time_limit` seconds or `max_rounds`
    /// rounds. `None` when the people's blocks differ. Once the rounds converge, the outcome
    /// also carries the roster of the master over the schedules met (`shared_roster`).
    #[allow(clippy::too_many_arguments)]
    pub fn shared_rules_bound(
        &self,
        m: &MipBuilder,
        start: &Roster,
        extra: &[Vec<u8>],
        time_limit: f64,
        max_rounds: usize,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<SharedOutcome>, HighsError> {
        let t0 = Instant::now();
        let left = || time_limit - t0.elapsed().as_secs_f64();
        let Some(shared) = self.shared() else {
            return Ok(None);
        };
        let n = self.blocks.len();
        let n_rows = self.master_rows.len();
        let block = &self.blocks[0];
        let caps = self.multiplier_caps(m);
        let entries = self.master_entries(m);
        let column = |values: &[f64]| self.generic_column(&shared.costs, values);
        let mut seen: HashSet<Vec<u64>> = HashSet::new();
        let mut schedules: Vec<GenericSchedule> = Vec::new();
        let key = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        for e in 0..n {
            let Some(p) = self.pattern_of(e, start)? else {
                continue;
            };
            if !seen.insert(key(&p.values)) {
                continue;
            }
            let (cost, link) = column(&p.values);
            schedules.push(GenericSchedule {
                cost,
                link,
                values: p.values,
            });
        }
        // Block 0's column of each (day, shift).
        let mut x_col = vec![usize::MAX; self.n_days * self.n_shifts];
        for (j, &c) in block.cols.iter().enumerate() {
            if c < self.n_x {
                x_col[c % (self.n_days * self.n_shifts)] = j;
            }
        }
        for s in extra {
            let mut values = vec![0.0; block.cols.len()];
            for (d, &x) in s.iter().enumerate() {
                if x > 0 {
                    let j = x_col.get(d * self.n_shifts + usize::from(x - 1)).copied();
                    if let Some(j) = j.filter(|&j| j != usize::MAX) {
                        values[j] = 1.0;
                    }
                }
            }
            let (_, link) = column(&values);
            schedules.push(GenericSchedule {
                cost: 0.0,
                link,
                values,
            });
        }
        let mut h = Highs::new(&self.generic_model(m, &entries, &schedules))?;
        h.set_string("solver", "ipm")?;
        h.set_string("run_crossover", "off")?;
        let mut pricer = Highs::new(&block.model)?;
        // As in the column generation: presolving a tiny model costs more than it saves.
        pricer.set_string("presolve", "off")?;
        let mut out = SharedOutcome {
            bound: None,
            lp: None,
            rounds: 0,
            columns: schedules.len(),
            converged: false,
            roster: None,
            terms: None,
        };
        // The multipliers, value and generic pricing bound of the best bound so far.
        let mut best_terms: Option<(Vec<f64>, f64, f64)> = None;
        while out.rounds < max_rounds
            && left() > 0.0
            && !cancel.is_some_and(|c| c.load(Ordering::Relaxed))
        {
            out.rounds += 1;
            let sol = h.run(&pricing_options(threads, left().max(0.1)), None, None)?;
            let (RunStatus::Optimal, Some(z)) = (sol.status, sol.objective) else {
                break;
            };
            out.lp = Some(z + self.offset + shared.corrections);
            let duals = h.row_duals();
            // Multipliers signed like row duals, within the caps of the columns outside the
            // blocks.
            let pi: Vec<f64> = (0..n_rows)
                .map(|i| {
                    let r = self.master_rows[i];
                    let p = duals[i];
                    let p = if (p > 0.0 && !m.row_lower[r].is_finite())
                        || (p < 0.0 && !m.row_upper[r].is_finite())
                    {
                        0.0
                    } else {
                        p
                    };
                    // (max then min, not clamp: crossed caps must not panic.)
                    p.max(caps[i].0).min(caps[i].1)
                })
                .collect();
            let mu = duals[n_rows];
            let mut costs = shared.costs.clone();
            for &(j, i, a) in &block.links {
                costs[j] -= a * pi[i];
            }
            pricer.set_costs(&costs)?;
            // HiGHS refuses a thread count other than its global scheduler's.
            let priced = pricer.run(&pricing_options(threads, left().max(0.1)), None, None)?;
            let proven = match priced.status {
                RunStatus::Optimal => priced.bound.or(priced.objective),
                _ => priced.bound,
            };
            if let Some(p) = proven
                && let Some(v) = self.outside_value(m, &entries, &pi)
            {
                let value = v + n as f64 * p + shared.corrections;
                if out.bound.is_none_or(|b| value > b) {
                    best_terms = Some((pi.clone(), value, p));
                }
                out.bound = Some(out.bound.map_or(value, |b: f64| b.max(value)));
            }
            if verbose {
                eprintln!(
                    "{:8.2}s shared rules round {}: LP {:.2}, priced {:?} {:?} (mu {mu:.2}), bound {:?}",
                    t0.elapsed().as_secs_f64(),
                    out.rounds,
                    z,
                    priced.status,
                    priced.objective,
                    out.bound
                );
            }
            // The bound meets the LP value: the LP is optimal up to the IPM's tolerance (its
            // inexact duals keep pricing columns of tiny negative reduced cost).
            if let (Some(b), Some(lp)) = (out.bound, out.lp)
                && b >= lp - 1e-6 * lp.abs().max(1.0)
            {
                out.converged = true;
                break;
            }
            // A new schedule when its reduced cost at the LP's duals is negative.
            let Some(values) = priced.values else {
                break;
            };
            let values = super::round_integers(&block.model, values);
            let (cost, link) = column(&values);
            let reduced = cost
                - link
                    .iter()
                    .map(|&(i, a)| a * if i < n_rows { duals[i] } else { mu })
                    .sum::<f64>();
            if reduced > -1e-6 || !seen.insert(key(&values)) {
                out.converged = priced.status == RunStatus::Optimal;
                break;
            }
            h.add_col(cost, 0.0, f64::INFINITY, &link)?;
            out.columns += 1;
            schedules.push(GenericSchedule { cost, link, values });
        }
        if out.converged && left() > 0.5 {
            out.roster = self.shared_roster(
                m,
                &entries,
                &shared.costs,
                &schedules,
                left(),
                threads,
                cancel,
                verbose,
            )?;
        }
        out.terms = best_terms.map(|(pi, value, generic)| BoundTerms {
            pi,
            value,
            generic,
            person_corrections: shared.person_corrections,
            generic_costs: shared.costs,
            schedules,
        });
        Ok(Some(out))
    }

    /// The master LP: the columns outside the blocks (`entries`, in `m`), then one column per
    /// schedule (how many people work it); the coupling rows, then "n schedules".
    pub(super) fn generic_model(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        schedules: &[GenericSchedule],
    ) -> MipBuilder {
        let n_rows = self.master_rows.len();
        let mut master = MipBuilder::empty();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_rows + 1];
        for (c, e) in entries {
            let k = master.add_col(m.cost[*c], m.lower[*c], m.upper[*c], false);
            for &(i, a) in e {
                row_terms[i].push((k, a));
            }
        }
        for s in schedules {
            let k = master.add_col(s.cost, 0.0, f64::INFINITY, false);
            for &(i, a) in &s.link {
                row_terms[i].push((k, a));
            }
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            master.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        let n = self.blocks.len() as f64;
        master.add_row(n, n, &row_terms[n_rows]);
        master
    }

    /// A schedule of block 0's `values` as a master column: its cost at `costs` and its
    /// entries in the coupling rows, then 1 in the last row ("n schedules").
    pub(super) fn generic_column(&self, costs: &[f64], values: &[f64]) -> (f64, Vec<(usize, f64)>) {
        let cost: f64 = costs.iter().zip(values).map(|(c, v)| c * v).sum();
        let mut link: Vec<(usize, f64)> = Vec::new();
        for &(j, i, a) in &self.blocks[0].links {
            if values[j].abs() > 1e-9 {
                match link.iter_mut().find(|l| l.0 == i) {
                    Some(l) => l.1 += a * values[j],
                    None => link.push((i, a * values[j])),
                }
            }
        }
        link.push((self.master_rows.len(), 1.0));
        (cost, link)
    }

    /// The Lagrangian function's part outside the blocks at `pi`: the offset, each coupling
    /// row's bound on the side of its multiplier, and the columns outside every block at the
    /// bound minimising their reduced cost; `None` when one of those is unbounded.
    fn outside_value(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        pi: &[f64],
    ) -> Option<f64> {
        let mut value = self.offset;
        for (i, &r) in self.master_rows.iter().enumerate() {
            if pi[i] > 0.0 {
                value += pi[i] * m.row_lower[r];
            } else if pi[i] < 0.0 {
                value += pi[i] * m.row_upper[r];
            }
        }
        for (c, e) in entries {
            let rc = m.cost[*c] - e.iter().map(|&(i, a)| a * pi[i]).sum::<f64>();
            let at = if rc >= 0.0 { m.lower[*c] } else { m.upper[*c] };
            if rc != 0.0 {
                value += rc * at;
            }
        }
        value.is_finite().then_some(value)
    }
}
