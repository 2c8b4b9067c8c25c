//! The schedules without own cost the annealing meets, kept for the shared-rules bound
//! (`colgen::shared_rules`).
//!
//! Why: the column generation over a generic person's schedules, started from the roster's 60
//! schedules, needed hundreds of rounds on the 60-nurse month (LP 3 549 -> 704 in 61 rounds of
//! 0.3-0.5 s, bound still -3 172); started from this pool (13 000 to 20 000 schedules by 70 % of
//! the annealing), its first pricing proved the LP optimal (seed 100: LP and bound 270).
//! The same columns, with those the bound priced, give the master roster of
//! `colgen::shared_roster`. Tried and dropped before (session 12): a recombination of the pool
//! into rosters by a MIP with one binary per person and schedule (its LP stayed within 10 % of
//! the roster, and its MIP never beat the roster).

use crate::problem::Roster;
use std::collections::HashSet;

/// Most schedules kept in the pool (28 bytes each on a month).
const MAX_POOL: usize = 300_000;

/// Distinct schedules, one byte a day: 0 off, `t + 1` working shift `t`.
#[derive(Default)]
pub struct SchedulePool {
    seen: HashSet<Vec<u8>>,
    schedules: Vec<Vec<u8>>,
}

impl SchedulePool {
    pub fn schedules(&self) -> &[Vec<u8>] {
        &self.schedules
    }

    /// Records person `e`'s schedule in `roster` (skipped with two shifts on a day).
    pub fn record(&mut self, roster: &Roster, e: usize, n_days: usize) {
        if self.schedules.len() >= MAX_POOL {
            return;
        }
        if let Some(s) = encode(roster, e, n_days)
            && self.seen.insert(s.clone())
        {
            self.schedules.push(s);
        }
    }
}

fn encode(roster: &Roster, e: usize, n_days: usize) -> Option<Vec<u8>> {
    (0..n_days)
        .map(|d| match roster.shifts(e, d) {
            [] => Some(0),
            [t] => u8::try_from(*t + 1).ok(),
            _ => None,
        })
        .collect()
}
