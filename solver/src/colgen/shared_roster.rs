//! A roster from the shared-rules column generation (`shared_rules`): an integer master over
//! the generic person's schedules says how many people work each schedule, then each person
//! gets one of the chosen schedules by an assignment on their own costs (their wishes).
//!
//! Why: when everyone has the same rules, the people are interchangeable up to their wishes,
//! so the master needs one general integer per schedule, not one binary per person and
//! schedule. On the 60-nurse month (seeds 100-102) the converged LP is 270 against annealed
//! rosters of 330 to 390, and the dive below rounds its mix of 60 schedules at 270 or 280 in
//! 11 to 25 LPs (1 to 2 s under load). The master ignores the wishes (it prices the generic
//! person): the assignment then leaves 20 to 80 of wish costs, which the annealing resumed
//! from that roster mostly removes (`solve`).

use super::wish_grants::WishGrants;
use super::{Decomposition, pricing_options};
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::Roster;
use crate::solve::Rng;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Rounding ups in a row that the master dive undoes before it accepts one that costs.
const MAX_REJECTED: usize = 20;

/// Most dives of the master, and the part of the master's time after which no new one starts.
const MAX_DIVES: u64 = 4;
const DIVES_SHARE: f64 = 0.3;

/// Largest random addition to a fraction in the dives after the first.
const JITTER: f64 = 0.3;

/// The master dive's last change of bounds.
#[derive(Clone, Copy)]
enum Step {
    /// Nothing to undo.
    Kept,
    /// Schedule `i` rounded up from `floor` people.
    Up(usize, f64),
    /// Schedule `i` held at `floor` people after its rounding up was undone.
    Forbade(usize, f64),
}

/// A schedule of the generic person, as a column of the master.
#[derive(Debug, Clone)]
pub(super) struct GenericSchedule {
    /// Its cost for the generic person.
    pub cost: f64,
    /// Its entries in the coupling rows (the last row: "n schedules").
    pub link: Vec<(usize, f64)>,
    /// The block's column values (assignment columns only for schedules met by the annealing).
    pub values: Vec<f64>,
}

impl Decomposition {
    /// The roster of the integer master over `schedules` and the columns outside the blocks
    /// (`entries`, in `m`), then of the assignment of its schedules to people; `None` when the
    /// master found no solution in `time_limit` seconds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shared_roster(
        &self,
        m: &MipBuilder,
        entries: &[(usize, Vec<(usize, f64)>)],
        generic_costs: &[f64],
        schedules: &[GenericSchedule],
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<Roster>, HighsError> {
        let t0 = Instant::now();
        let left = || time_limit - t0.elapsed().as_secs_f64();
        let n = self.blocks.len();
        // Dives until one keeps the LP's value (the first takes the largest fraction, the
        // others a jittered one); the best mix after its assignment is kept. Measured on the
        // 60-nurse month: the first dive ends 10 to 30 above the LP in one run of three; six
        // dives each time gave mixes whose assignments differ by 0 to 6 of wishes, not worth
        // the annealing's time.
        let master = self.generic_model(m, entries, schedules);
        let mut best: Option<(f64, Vec<usize>)> = None;
        let grants = self.wish_grants(generic_costs, schedules);
        let mut complete = false;
        if let Some((z, chosen, granted)) = self.nurse_dive(
            &master,
            schedules,
            &grants,
            left(),
            threads,
            cancel,
            verbose,
        )? {
            let own: f64 = (0..n)
                .map(|e| grants.own(e, &schedules[chosen[e]].values))
                .sum();
            if verbose {
                eprintln!(
                    "{:8.2}s shared-rules nurse dive: {z:.2}, wishes {own:.2}",
                    t0.elapsed().as_secs_f64()
                );
            }
            best = Some((z + own, chosen));
            complete = granted;
        }
        // The plain dives only when the nurse dive left someone without a granting schedule
        // or left the LP's value.
        // (Their share counts from here: the nurse dive may have taken seconds.)
        let dives_t0 = Instant::now();
        let dives_time = left();
        for attempt in 0..if complete { 0 } else { MAX_DIVES } {
            let spent = dives_t0.elapsed().as_secs_f64();
            if attempt > 0 && (spent > DIVES_SHARE * dives_time || left() < 1.0) {
                break;
            }
            let Some((root, z, slots)) = self.generic_master(
                &master,
                schedules.len(),
                attempt,
                left(),
                threads,
                cancel,
                verbose,
            )?
            else {
                continue;
            };
            let Some(owner) = self.assign(&slots, schedules, &grants, threads)? else {
                continue;
            };
            let chosen: Vec<usize> = (0..n).map(|e| slots[owner[e]]).collect();
            let own: f64 = (0..n)
                .map(|e| grants.own(e, &schedules[chosen[e]].values))
                .sum();
            if verbose {
                eprintln!(
                    "{:8.2}s shared-rules master dive {attempt}: {z:.2}, wishes {own:.2}",
                    t0.elapsed().as_secs_f64()
                );
            }
            if best.as_ref().is_none_or(|b| z + own < b.0 - 1e-6) {
                best = Some((z + own, chosen));
            }
            if z <= root + 1e-6 {
                break;
            }
        }
        let Some((_, chosen)) = best else {
            return Ok(None);
        };
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

    /// How many people work each schedule: the LP's value, the value reached and the slots, one
    /// schedule index per person, by a dive on the `master` LP (`generic_model`: its last `n_schedules` columns the
    /// schedules).
    /// HiGHS's MIP over the same columns spent its time presolving (5 s for 12 000 schedules
    /// under load) and often returned its start; the LP is degenerate, with many optimal mixes,
    /// so fixing its integer parts and rounding up one fraction at a time mostly keeps its value.
    /// Dive `attempt` > 0 jitters the choice of the fraction with that seed.
    #[allow(clippy::too_many_arguments)]
    fn generic_master(
        &self,
        master: &MipBuilder,
        n_schedules: usize,
        attempt: u64,
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<(f64, f64, Vec<usize>)>, HighsError> {
        let t0 = Instant::now();
        // A second dive without keeping the LP's whole people when the first ends without an
        // LP (both roundings of a fraction infeasible under the cover maxima).
        for keep_whole in [true, false] {
            let mut h = Highs::new(master)?;
            // The dual simplex, warm from the last basis after each change of bounds.
            h.set_string("solver", "simplex")?;
            let deadline = time_limit - t0.elapsed().as_secs_f64();
            let mut dive = Dive {
                first: master.n_cols() - n_schedules,
                n_schedules,
                n: self.blocks.len(),
                keep_whole,
                jitter: (attempt > 0).then_some(Rng(attempt)),
            };
            if let Some(found) = dive.run(&mut h, deadline, threads, cancel, verbose)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// The slot of each person, least total cost of the people's own costs above the generic
    /// ones (their wishes) over the slots' schedules.
    fn assign(
        &self,
        slots: &[usize],
        schedules: &[GenericSchedule],
        grants: &WishGrants,
        threads: u32,
    ) -> Result<Option<Vec<usize>>, HighsError> {
        let n = slots.len();
        let mut model = MipBuilder::empty();
        for e in 0..n {
            for &k in slots {
                let own = grants.own(e, &schedules[k].values);
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

/// A dive on the master LP (schedules from column `first`): round up one fraction at a time.
pub(super) struct Dive {
    pub first: usize,
    pub n_schedules: usize,
    /// People to place.
    pub n: usize,
    /// Hold every whole person of each LP as a lower bound.
    pub keep_whole: bool,
    /// Adds up to `JITTER` at random to each fraction when choosing the one to round up.
    pub jitter: Option<Rng>,
}

impl Dive {
    /// The first LP's value, the value reached and the slots, one schedule index per person;
    /// `None` when the dive ends without an LP or out of `time_limit` seconds. The bounds
    /// already set on `h` stay (the dive only sets bounds at or above the LP's values).
    pub(super) fn run(
        &mut self,
        h: &mut Highs,
        time_limit: f64,
        threads: u32,
        cancel: Option<&AtomicBool>,
        verbose: bool,
    ) -> Result<Option<(f64, f64, Vec<usize>)>, HighsError> {
        let mut lower = vec![0.0; self.n_schedules];
        let mut upper = vec![self.n as f64; self.n_schedules];
        let mut steps = 0;
        // The LP value to keep; a rounding up that raises it is undone and forbidden, until
        // `MAX_REJECTED` in a row, when the dive takes it anyway.
        let mut target: Option<f64> = None;
        let mut root: Option<f64> = None;
        let mut last = Step::Kept;
        let mut rejected = 0;
        let t0 = Instant::now();
        let slots = loop {
            if t0.elapsed().as_secs_f64() > time_limit
                || cancel.is_some_and(|c| c.load(Ordering::Relaxed))
            {
                if verbose {
                    eprintln!("shared-rules master dive: out of time after {steps} LPs");
                }
                break None;
            }
            let left = time_limit - t0.elapsed().as_secs_f64();
            let mut out = h.run(&pricing_options(threads, left.max(0.1)), None, None)?;
            if out.status == RunStatus::Optimal && out.values.is_none() {
                // HiGHS 1.15 sometimes calls the presolved master optimal without a feasible
                // primal solution after postsolve; solving it again without presolve gives one.
                h.set_string("presolve", "off")?;
                out = h.run(&pricing_options(threads, left.max(0.1)), None, None)?;
                if verbose {
                    eprintln!(
                        "shared-rules master dive: LP again without presolve: {:?}, {:?}",
                        out.status, out.objective
                    );
                }
            }
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
            match (last, worse) {
                // A rounding up that raised the LP (or left none) is undone and forbidden.
                (Step::Up(i, floor), true) if rejected < MAX_REJECTED || solved.is_none() => {
                    rejected += 1;
                    lower[i] = floor;
                    upper[i] = floor;
                    h.set_col_bounds(self.first + i, floor, floor)?;
                    last = Step::Forbade(i, floor);
                    continue;
                }
                // Forbidding it left no LP: round up after all.
                (Step::Forbade(i, floor), true) if solved.is_none() => {
                    lower[i] = floor + 1.0;
                    upper[i] = self.n as f64;
                    h.set_col_bounds(self.first + i, lower[i], upper[i])?;
                    last = Step::Kept;
                    continue;
                }
                (Step::Up(..), false) => rejected = 0,
                _ => {}
            }
            let Some((z, values)) = solved else {
                if verbose {
                    eprintln!(
                        "shared-rules master dive: LP {:?} after {steps} LPs",
                        out.status
                    );
                }
                break None;
            };
            root.get_or_insert(z);
            target = Some(target.map_or(z, |t: f64| t.max(z)));
            let counts = &values[self.first..];
            let mut jitter = self.jitter.as_mut();
            let frac = counts
                .iter()
                .enumerate()
                .filter(|&(j, _)| upper[j] > lower[j])
                .map(|(j, v)| (j, v - v.floor()))
                .filter(|&(_, f)| f > 1e-6 && f < 1.0 - 1e-6)
                .map(|(j, f)| (j, f + jitter.as_mut().map_or(0.0, |r| JITTER * r.unit())))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let Some((i, _)) = frac else {
                if verbose {
                    eprintln!(
                        "{:8.2}s shared-rules master dive (keep whole {}): {steps} LPs, objective {z:.2}",
                        t0.elapsed().as_secs_f64(),
                        self.keep_whole
                    );
                }
                let mut slots = Vec::with_capacity(self.n);
                for (j, v) in counts.iter().enumerate() {
                    for _ in 0..v.round().max(0.0) as usize {
                        slots.push(j);
                    }
                }
                if verbose && slots.len() != self.n {
                    eprintln!("shared-rules master dive: {} slots", slots.len());
                }
                break (slots.len() == self.n).then_some((root.unwrap_or(z), z, slots));
            };
            // Keep every whole person the LP gives (the LP stays where it is), and try one
            // more on the largest fraction.
            for (j, v) in counts.iter().enumerate() {
                let keep = (v + 1e-6).floor();
                if self.keep_whole && keep > lower[j] {
                    lower[j] = keep;
                    h.set_col_bounds(self.first + j, lower[j], upper[j])?;
                }
            }
            last = Step::Up(i, counts[i].floor());
            lower[i] = counts[i].ceil();
            h.set_col_bounds(self.first + i, lower[i], upper[i])?;
        };
        Ok(slots)
    }
}
