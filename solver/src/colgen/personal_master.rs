//! The people's own master over the generic LP's optimal face: after the generic master
//! (`shared_roster`) has chosen how many people work each schedule ignoring their wishes, a
//! MIP gives each person one schedule of small reduced cost at the generic LP's duals, pricing
//! their own wishes.
//!
//! Why: the generic dive's mix holds few distinct schedules (a vertex of a degenerate LP), so the
//! assignment of its schedules to people left 20 to 110 of wish costs on the 60-nurse month,
//! which the annealing removes only in part. Every roster at the LP's value uses only schedules
//! of zero reduced cost at any optimal dual (complementary slackness), and one at most
//! `slack` above it only schedules of reduced cost up to `slack`: so the person's candidates are
//! the schedules whose reduced cost plus the person's own cost above their least is within
//! `slack`, a few hundred per person instead of the pool's ten thousand.

use super::Decomposition;
use super::shared_roster::GenericSchedule;
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Reduced costs up to this count as zero (the LP's optimal face).
const FACE_TOLERANCE: f64 = 1e-6;

/// Most candidates per person (the cheapest kept).
const MAX_CANDIDATES: usize = 100;

impl Decomposition {
    /// The objective and one schedule index per person of the MIP over the candidates, started
    /// from `chosen` (the generic master's assignment); `None` when it found no solution in
    /// `time_limit` seconds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn personal_master(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        master: &MipBuilder,
        generic_costs: &[f64],
        schedules: &[GenericSchedule],
        chosen: &[usize],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<(f64, Vec<usize>)>, HighsError> {
        let t0 = Instant::now();
        let n = self.blocks.len();
        let n_rows = self.master_rows.len();
        // Duals of the generic master LP (any optimal dual will do: see the module's doc).
        let mut h = Highs::new(master)?;
        h.set_string("solver", "simplex")?;
        let lp = h.run(&super::pricing_options(threads, time_limit), None, None)?;
        if lp.status != RunStatus::Optimal {
            return Ok(None);
        }
        let duals = h.row_duals();
        let reduced: Vec<f64> = schedules
            .iter()
            .map(|s| s.cost - s.link.iter().map(|&(i, a)| a * duals[i]).sum::<f64>())
            .collect();
        // Each person's candidates: (schedule, personal cost, reduced personal cost).
        let mut candidates: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
        for (e, &own_chosen) in chosen.iter().enumerate() {
            let mine = &schedules[own_chosen].values;
            // (schedule, personal cost, distance to the person's current schedule)
            let mut scored: Vec<(usize, f64, usize)> = schedules
                .iter()
                .enumerate()
                .filter(|&(k, _)| reduced[k] <= FACE_TOLERANCE || k == own_chosen)
                .map(|(k, s)| {
                    let own = self.own_cost(e, generic_costs, &s.values);
                    let distance = s
                        .values
                        .iter()
                        .zip(mine)
                        .filter(|(a, b)| (*a - *b).abs() > 0.5)
                        .count();
                    (k, s.cost + own, distance)
                })
                .collect();
            scored.sort_by_key(|c| c.2);
            scored.truncate(MAX_CANDIDATES);
            candidates.push(scored.into_iter().map(|c| (c.0, c.1)).collect());
        }
        let total: usize = candidates.iter().map(Vec::len).sum();
        // The MIP: the columns outside the blocks, then a binary per person and candidate;
        // the coupling rows, then "one schedule" per person.
        let mut model = MipBuilder::empty();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_rows + n];
        for (c, ent) in entries {
            let k = model.add_col(m.cost[*c], m.lower[*c], m.upper[*c], m.integer[*c]);
            for &(i, a) in ent {
                row_terms[i].push((k, a));
            }
        }
        let mut start: Vec<(usize, f64)> = Vec::with_capacity(total);
        let mut column_of: Vec<(usize, usize)> = Vec::with_capacity(total);
        for (e, cands) in candidates.iter().enumerate() {
            for &(s, cost) in cands {
                let k = model.add_col(cost, 0.0, 1.0, true);
                for &(i, a) in &schedules[s].link {
                    if i < n_rows {
                        row_terms[i].push((k, a));
                    }
                }
                row_terms[n_rows + e].push((k, 1.0));
                start.push((k, if s == chosen[e] { 1.0 } else { 0.0 }));
                column_of.push((e, s));
            }
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            model.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        for terms in &row_terms[n_rows..] {
            model.add_row(1.0, 1.0, terms);
        }
        let first = entries.len();
        let mut h = Highs::new(&model)?;
        h.set_start(&start)?;
        let options = RunOptions {
            time_limit: Some((time_limit - t0.elapsed().as_secs_f64()).max(0.1)),
            mip_rel_gap: Some(1e-4),
            threads: Some(threads),
            seed: Some(0),
            ..Default::default()
        };
        let out = h.run(&options, None, cancel)?;
        if verbose {
            eprintln!(
                "{:8.2}s personal master: {} candidates ({:.0} a person), {:?}, objective {:?}, bound {:?}",
                t0.elapsed().as_secs_f64(),
                total,
                total as f64 / n as f64,
                out.status,
                out.objective,
                out.bound
            );
        }
        let (Some(values), Some(objective)) = (out.values, out.objective) else {
            return Ok(None);
        };
        let mut picked = chosen.to_vec();
        for (k, &(e, s)) in column_of.iter().enumerate() {
            if values[first + k] > 0.5 {
                picked[e] = s;
            }
        }
        Ok(Some((objective, picked)))
    }
}
