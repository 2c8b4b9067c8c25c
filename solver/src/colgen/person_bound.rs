//! The shared-rules bound (`shared_rules`) with some people's own pricing: at the multipliers
//! of the best bound, the generic bound counts each person at the generic pricing's bound plus
//! their least own cost taken cell by cell (`corr_e`), as if every wish could be granted at no
//! cost; a person's own pricing MIP (their block at their own costs) gives their exact term.
//!
//! Why: on the 60-nurse month the generic bound is 270 / 270 / 289 on seeds 100-102 while no
//! roster found goes below 285 on seed 101 (even in 240 s), and a single person's own pricing
//! there raised the bound by 9 (their wishes cannot be granted at the LP's reduced costs). A
//! person is priced only when no schedule met reaches their estimate (then it is exact), those
//! with most room first, within the time given.
//!
//! Validity: at multipliers `pi` the Lagrangian function is `outside + sum_e min_x (c_e - pi
//! A) x`; the generic bound takes `p + corr_e` for each term, and a person's proven pricing bound
//! is another lower bound of the same term: the larger of the two is kept.

use super::Decomposition;
use super::shared_rules::BoundTerms;
use super::wish_grants::own_of;
use crate::highs::{Highs, HighsError, RunStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Room under which a person is not priced (their term can rise by less than this).
const MIN_ROOM: f64 = 0.5;

impl Decomposition {
    /// The bound of `terms` with the people's own pricing, within `time_limit` seconds.
    pub fn person_bound(
        &self,
        terms: &BoundTerms,
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<f64, HighsError> {
        let t0 = Instant::now();
        let n_rows = self.master_rows.len();
        // Each schedule's reduced cost for the generic person at `pi` (without the convexity
        // row: the pricing's value is the plain minimum).
        let reduced: Vec<f64> = terms
            .schedules
            .iter()
            .map(|s| {
                s.cost
                    - s.link
                        .iter()
                        .filter(|&&(i, _)| i < n_rows)
                        .map(|&(i, a)| a * terms.pi[i])
                        .sum::<f64>()
            })
            .collect();
        // Per person: the room between the best schedule met and the estimate.
        let mut rooms: Vec<(usize, f64)> = self
            .own_diffs(&terms.generic_costs)
            .iter()
            .enumerate()
            .map(|(e, diff)| {
                let known = terms
                    .schedules
                    .iter()
                    .zip(&reduced)
                    .map(|(s, r)| r + own_of(diff, &s.values))
                    .fold(f64::INFINITY, f64::min);
                (e, known - (terms.generic + terms.person_corrections[e]))
            })
            .filter(|&(_, room)| room >= MIN_ROOM)
            .collect();
        rooms.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut pricer = Highs::new(&self.blocks[0].model)?;
        pricer.set_string("presolve", "off")?;
        let mut bound = terms.value;
        let mut priced = 0;
        for &(e, _) in &rooms {
            let left = time_limit - t0.elapsed().as_secs_f64();
            if left < 0.2 || cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                break;
            }
            let b = &self.blocks[e];
            let mut costs = b.model.cost.clone();
            for &(j, i, a) in &b.links {
                costs[j] -= a * terms.pi[i];
            }
            pricer.set_costs(&costs)?;
            let out = pricer.run(&super::pricing_options(threads, left), None, cancel)?;
            let proven = match out.status {
                RunStatus::Optimal => out.bound.or(out.objective),
                _ => out.bound,
            };
            if let Some(p) = proven {
                bound += (p - (terms.generic + terms.person_corrections[e])).max(0.0);
            }
            priced += 1;
        }
        if verbose {
            eprintln!(
                "{:8.2}s per-person bound {bound:.2} (from {:.2}): {priced} of {} people with room priced",
                t0.elapsed().as_secs_f64(),
                terms.value,
                rooms.len()
            );
        }
        Ok(bound)
    }
}
