//! A roster from the shared-rules column generation (`shared_rules`): an integer master over
//! the generic person's schedules says how many people work each schedule, then each person
//! gets one of the chosen schedules by an assignment on their own costs (their wishes).
//!
//! Why: when everyone has the same rules, the people are interchangeable up to their wishes,
//! so the master needs one general integer per schedule, not one binary per person and
//! schedule; on the 60-nurse month its LP (converged: the lower bound) sits far below the
//! annealing's rosters, and rounding a mix of 60 schedules costs little.

use super::{Decomposition, pricing_options, round_integers};
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::Roster;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Rounding ups in a row that the master dive undoes before it accepts one that costs.
const MAX_REJECTED: usize = 20;

/// A schedule of the generic person, as a column of the master.
pub(super) struct GenericSchedule {
    /// Its cost for the generic person.
    pub cost: f64,
    /// Its entries in the coupling rows (the last row: "n schedules").
    pub link: Vec<(usize, f64)>,
    /// The block's column values (assignment columns only for schedules met by the annealing).
    pub values: Vec<f64>,
}

impl Decomposition {
    /// The roster of the integer master over the `support` of `schedules` (index, count in
    /// the starting solution) and the columns outside the blocks (`entries`, in `m`), then of
    /// the assignment of its schedules to people, then of a master with one choice per person
    /// over those schedules and the schedules of their own least reduced cost at `duals` (the
    /// people whose wishes the assignment broke); `None` when the first master found no
    /// solution in `time_limit` seconds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shared_roster(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        generic_costs: &[f64],
        schedules: &mut Vec<GenericSchedule>,
        support: &[(usize, f64)],
        duals: &[f64],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<Roster>, HighsError> {
        let t0 = Instant::now();
        let left = || time_limit - t0.elapsed().as_secs_f64();
        let n = self.blocks.len();
        let Some(slots) = self.generic_master(
            m,
            entries,
            schedules,
            support,
            left(),
            threads,
            cancel,
            verbose,
        )?
        else {
            return Ok(None);
        };
        let Some(owner) = self.assign(&slots, schedules, generic_costs, threads)? else {
            return Ok(None);
        };
        let mut chosen: Vec<usize> = (0..n).map(|e| slots[owner[e]]).collect();
        if verbose {
            let generic: f64 = chosen.iter().map(|&k| schedules[k].cost).sum();
            let own: f64 = (0..n).map(|e| self.own_cost(e, generic_costs, &schedules[chosen[e]].values)).sum();
            let least: f64 = (0..n).map(|e| self.least_own_cost(e, generic_costs)).sum();
            eprintln!("assignment: generic {generic}, own {own}, least own {least}, offset {}", self.offset);
        }
        // The people whose wishes their schedule breaks get their own best schedule at the
        // duals, then everyone chooses again among the chosen and the new schedules.
        let mut candidates: Vec<usize> = chosen.clone();
        candidates.sort_unstable();
        candidates.dedup();
        let mut priced = 0;
        for e in 0..n {
            if left() < 1.0 || cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                break;
            }
            let own = self.own_cost(e, generic_costs, &schedules[chosen[e]].values);
            if own <= self.least_own_cost(e, generic_costs) + 1e-9 {
                continue;
            }
            if let Some(values) = self.own_best(e, duals, threads, left().min(2.0))? {
                let (cost, link) = self.generic_column(generic_costs, &values);
                schedules.push(GenericSchedule { cost, link, values });
                candidates.push(schedules.len() - 1);
                priced += 1;
            }
        }
        if priced > 0 && left() > 0.5 {
            if let Some(better) = self.personal_master(
                m,
                entries,
                generic_costs,
                schedules,
                &candidates,
                &chosen,
                left(),
                threads,
                cancel,
                verbose,
            )? {
                chosen = better;
            }
        }
        let mut roster = Roster::new(n, self.n_days);
        for (e, &k) in chosen.iter().enumerate() {
            let s = &schedules[k];
            for (j, &c) in self.blocks[e].cols.iter().enumerate() {
                if c < self.n_x && s.values[j] > 0.5 {
                    roster.add(e, (c / self.n_shifts) % self.n_days, c % self.n_shifts);
                }
            }
        }
        Ok(Some(roster))
    }

    /// How many people work each schedule of `support`: the slots, one schedule index per
    /// person, by a dive on the master LP over the support and the columns outside the blocks.
    /// HiGHS's MIP over the same columns spent its time presolving (5 s for 12 000 schedules
    /// under load) and often returned its start; the LP is degenerate, with many optimal mixes,
    /// so fixing its integer parts and rounding up one fraction at a time mostly keeps its value.
    #[allow(clippy::too_many_arguments)]
    fn generic_master(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        schedules: &[GenericSchedule],
        support: &[(usize, f64)],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<Vec<usize>>, HighsError> {
        let t0 = Instant::now();
        let n = self.blocks.len();
        let n_rows = self.master_rows.len();
        let mut master = MipBuilder::empty();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_rows + 1];
        for (c, e) in entries {
            let k = master.add_col(m.cost[*c], m.lower[*c], m.upper[*c], false);
            for &(i, a) in e {
                row_terms[i].push((k, a));
            }
        }
        let first = master.n_cols();
        for &(k, _) in support {
            let s = &schedules[k];
            let k = master.add_col(s.cost, 0.0, n as f64, false);
            for &(i, a) in &s.link {
                row_terms[i].push((k, a));
            }
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            master.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        master.add_row(n as f64, n as f64, &row_terms[n_rows]);
        let mut h = Highs::new(&master)?;
        let mut lower = vec![0.0; support.len()];
        let mut upper = vec![n as f64; support.len()];
        let mut steps = 0;
        // The LP value to keep; a rounding up that raises it is undone and forbidden, until
        // `MAX_REJECTED` in a row, when the dive takes it anyway.
        let mut target: Option<f64> = None;
        let mut last_ceil: Option<(usize, f64)> = None;
        let mut rejected = 0;
        let slots = loop {
            if t0.elapsed().as_secs_f64() > time_limit
                || cancel.is_some_and(|c| c.load(Ordering::Relaxed))
            {
                break None;
            }
            let left = time_limit - t0.elapsed().as_secs_f64();
            let out = h.run(&pricing_options(threads, left.max(0.1)), None, None)?;
            steps += 1;
            let solved = match (out.status, out.objective, out.values) {
                (RunStatus::Optimal, Some(z), Some(v)) => Some((z, v)),
                _ => None,
            };
            let worse = match (&solved, target) {
                (Some((z, _)), Some(t)) => *z > t + 1e-6,
                (Some(_), None) => false,
                (None, _) => true,
            };
            if worse && rejected < MAX_REJECTED {
                let Some((i, old)) = last_ceil.take() else {
                    break None;
                };
                rejected += 1;
                // Back to the fraction's floor, and never above it.
                lower[i] = old;
                upper[i] = old;
                h.set_col_bounds(first + i, old, old)?;
                continue;
            }
            let Some((z, values)) = solved else {
                break None;
            };
            rejected = 0;
            target = Some(target.map_or(z, |t: f64| t.max(z)));
            let counts = &values[first..];
            let frac = counts
                .iter()
                .enumerate()
                .filter(|&(j, _)| upper[j] > lower[j])
                .map(|(j, v)| (j, v - v.floor()))
                .filter(|&(_, f)| f > 1e-6 && f < 1.0 - 1e-6)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let Some((i, _)) = frac else {
                if verbose {
                    eprintln!(
                        "{:8.2}s shared-rules master dive: {steps} LPs, objective {z:.2}",
                        t0.elapsed().as_secs_f64()
                    );
                }
                let mut slots = Vec::with_capacity(n);
                for (j, v) in counts.iter().enumerate() {
                    for _ in 0..v.round().max(0.0) as usize {
                        slots.push(support[j].0);
                    }
                }
                break (slots.len() == n).then_some(slots);
            };
            // Keep every whole person the LP gives (the LP stays where it is), and try one
            // more on the largest fraction.
            for (j, v) in counts.iter().enumerate() {
                let keep = (v + 1e-6).floor();
                if keep > lower[j] {
                    lower[j] = keep;
                    h.set_col_bounds(first + j, lower[j], upper[j])?;
                }
            }
            last_ceil = Some((i, counts[i].floor()));
            lower[i] = counts[i].ceil();
            h.set_col_bounds(first + i, lower[i], upper[i])?;
        };
        Ok(slots)
    }

    /// Person `e`'s cost of a schedule above the generic person's (their wishes).
    fn own_cost(&self, e: usize, generic_costs: &[f64], values: &[f64]) -> f64 {
        self.blocks[e]
            .model
            .cost
            .iter()
            .zip(generic_costs)
            .zip(values)
            .map(|((c, g), v)| (c - g) * v)
            .sum()
    }

    /// The least of person `e`'s costs above the generic person's on any schedule (on-request
    /// wishes are negative costs on the wished shift).
    fn least_own_cost(&self, e: usize, generic_costs: &[f64]) -> f64 {
        let b = &self.blocks[e].model;
        (0..b.n_cols())
            .map(|j| {
                let d = b.cost[j] - generic_costs[j];
                (d * b.lower[j]).min(d * b.upper[j])
            })
            .sum()
    }

    /// Person `e`'s schedule of least reduced cost at the coupling rows' `duals`, by their
    /// block's MIP; `None` when none was found in time.
    fn own_best(
        &self,
        e: usize,
        duals: &[f64],
        threads: u32,
        time_limit: f64,
    ) -> Result<Option<Vec<f64>>, HighsError> {
        let b = &self.blocks[e];
        let mut costs = b.model.cost.clone();
        for &(j, i, a) in &b.links {
            costs[j] -= a * duals[i];
        }
        let mut h = Highs::new(&b.model)?;
        h.set_string("presolve", "off")?;
        h.set_costs(&costs)?;
        let out = h.run(&pricing_options(threads, time_limit.max(0.1)), None, None)?;
        Ok(out.values.map(|v| round_integers(&b.model, v)))
    }

    /// One schedule of `candidates` per person, least total cost of each person's own costs
    /// under the coupling rows, from `chosen`; `None` when nothing better was found.
    #[allow(clippy::too_many_arguments)]
    fn personal_master(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        generic_costs: &[f64],
        schedules: &[GenericSchedule],
        candidates: &[usize],
        chosen: &[usize],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<Vec<usize>>, HighsError> {
        let n = self.blocks.len();
        let n_rows = self.master_rows.len();
        let mut master = MipBuilder::empty();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_rows + n];
        for (c, e) in entries {
            let k = master.add_col(m.cost[*c], m.lower[*c], m.upper[*c], m.integer[*c]);
            for &(i, a) in e {
                row_terms[i].push((k, a));
            }
        }
        let first = master.n_cols();
        let mut start: Vec<(usize, f64)> = Vec::new();
        for e in 0..n {
            for &k in candidates {
                let s = &schedules[k];
                let cost = s.cost + self.own_cost(e, generic_costs, &s.values);
                let col = master.add_col(cost, 0.0, 1.0, true);
                for &(i, a) in &s.link {
                    // The last row ("n schedules") becomes the person's own.
                    let row = if i < n_rows { i } else { n_rows + e };
                    row_terms[row].push((col, a));
                }
                start.push((col, if chosen[e] == k { 1.0 } else { 0.0 }));
            }
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            master.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        for terms in &row_terms[n_rows..] {
            master.add_row(1.0, 1.0, terms);
        }
        let mut h = Highs::new(&master)?;
        h.set_start(&start)?;
        let options = RunOptions {
            time_limit: Some(time_limit.max(0.1)),
            threads: Some(threads),
            mip_rel_gap: Some(1e-4),
            ..Default::default()
        };
        let out = h.run(&options, None, cancel)?;
        if verbose {
            eprintln!(
                "shared-rules personal master over {} schedules: {:?}, objective {:?}, bound {:?}",
                candidates.len(),
                out.status,
                out.objective,
                out.bound
            );
        }
        let Some(values) = out.values else {
            return Ok(None);
        };
        let width = candidates.len();
        Ok((0..n)
            .map(|e| {
                (0..width)
                    .find(|&i| values[first + e * width + i] > 0.5)
                    .map(|i| candidates[i])
            })
            .collect())
    }

    /// The slot of each person, least total cost of the people's own costs above the generic
    /// ones (their wishes) over the slots' schedules.
    fn assign(
        &self,
        slots: &[usize],
        schedules: &[GenericSchedule],
        generic_costs: &[f64],
        threads: u32,
    ) -> Result<Option<Vec<usize>>, HighsError> {
        let n = slots.len();
        let mut model = MipBuilder::empty();
        for e in 0..n {
            for &k in slots {
                let own = self.own_cost(e, generic_costs, &schedules[k].values);
                model.add_col(own, 0.0, 1.0, true);
            }
        }
        for e in 0..n {
            let terms: Vec<(usize, f64)> = (0..n).map(|k| (e * n + k, 1.0)).collect();
            model.add_row(1.0, 1.0, &terms);
        }
        for k in 0..n {
            let terms: Vec<(usize, f64)> = (0..n).map(|e| (e * n + k, 1.0)).collect();
            model.add_row(1.0, 1.0, &terms);
        }
        let mut h = Highs::new(&model)?;
        let options = RunOptions {
            time_limit: Some(10.0),
            threads: Some(threads),
            ..Default::default()
        };
        let out = h.run(&options, None, None)?;
        let Some(values) = out.values.filter(|_| out.status == RunStatus::Optimal) else {
            return Ok(None);
        };
        Ok(Some(
            (0..n)
                .map(|e| (0..n).find(|&k| values[e * n + k] > 0.5).unwrap_or(0))
                .collect(),
        ))
    }
}
