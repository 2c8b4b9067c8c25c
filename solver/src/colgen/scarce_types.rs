//! Scarce shift types: a heuristic restriction of the dive to rosters where everyone works
//! their maximum of a shift type that the staff cannot cover anyway.
//!
//! When the cover of a shift type asks, over the horizon, at least as many shifts as the staff
//! may work of it in total (the sum of their maximum counts), every such shift worked fills a
//! cell that would otherwise be short. With a high under-cover weight, a roster where someone
//! works fewer than their maximum leaves one more cell short: on Curtois Instance 8 (86 nights
//! asked, at most 74 worked) the best known roster has everyone at their night maximum, while
//! the dive's rosters 100 above it had one person a night short, which no local move repaired.
//!
//! The restriction is a heuristic for the search only: the lower bound stays that of the
//! unrestricted LP (a roster breaking it may well be optimal elsewhere).

use super::schedule_dp::SchedulePricer;
use super::{Decomposition, Pattern};
use crate::problem::Instance;

/// The shift types whose total cover demand is at least the staff's total maximum count of
/// them, where each short cell costs more than any over-cover and wish that working it could
/// cause (so that working one more of them always pays).
pub fn scarce_shift_types(inst: &Instance) -> Vec<usize> {
    let max_over = inst.cover.iter().map(|c| c.over_weight).max().unwrap_or(0);
    let max_wish = inst.requests.iter().map(|r| r.weight).max().unwrap_or(0);
    (0..inst.n_shifts)
        .filter(|&t| {
            let rows: Vec<_> = inst.cover.iter().filter(|c| c.shift == t).collect();
            // Qualified cover counts only some of the staff: not this simple sum.
            if rows.is_empty() || rows.iter().any(|c| c.qualification.is_some()) {
                return false;
            }
            let demand: u64 = rows
                .iter()
                .map(|c| u64::from(c.target.max(c.min.unwrap_or(0))))
                .sum();
            let short_weight = rows
                .iter()
                .filter(|c| c.target.max(c.min.unwrap_or(0)) > 0)
                .map(|c| c.under_weight)
                .min()
                .unwrap_or(0);
            let mut supply: u64 = 0;
            for e in 0..inst.n_staff {
                if !inst.allowed[e][t] {
                    continue;
                }
                match inst.limits[e].max_shifts[t] {
                    Some(m) => supply += u64::from(m.min(inst.n_days as u32)),
                    // Someone unlimited: the type is not scarce.
                    None => return false,
                }
            }
            supply > 0 && demand >= supply && short_weight > max_over + max_wish
        })
        .collect()
}

/// For each person, the `(shift type, count)` their schedules must have in the dive.
pub(super) struct ScarceRule {
    required: Vec<Vec<(usize, u32)>>,
}

impl ScarceRule {
    /// The rule for `types`, with the pricers that keep it (`None` for a person whose rules
    /// the restricted pricer cannot represent: they stay unrestricted).
    pub fn new(inst: &Instance, types: &[usize]) -> (ScarceRule, Vec<Option<SchedulePricer>>) {
        let mut required = Vec::with_capacity(inst.n_staff);
        let mut pricers = Vec::with_capacity(inst.n_staff);
        for e in 0..inst.n_staff {
            let counts: Vec<(usize, u32)> = types
                .iter()
                .filter(|&&t| inst.allowed[e][t])
                .filter_map(|&t| inst.limits[e].max_shifts[t].map(|m| (t, m)))
                .filter(|&(_, m)| m > 0)
                .collect();
            let pricer = if counts.is_empty() {
                None
            } else {
                SchedulePricer::with_exact_counts(inst, e, &counts)
            };
            required.push(if pricer.is_some() { counts } else { Vec::new() });
            pricers.push(pricer);
        }
        (ScarceRule { required }, pricers)
    }

    /// Leaves person `e` unrestricted (no schedule keeping the rule was found for them).
    pub fn release(&mut self, e: usize) {
        self.required[e].clear();
    }

    pub fn restricts(&self, e: usize) -> bool {
        !self.required[e].is_empty()
    }

    /// Whether schedule `p` works exactly the required count of each scarce type.
    pub fn keeps(&self, dec: &Decomposition, p: &Pattern) -> bool {
        self.required[p.staff]
            .iter()
            .all(|&(t, n)| dec.shift_count(p, t) == n)
    }
}
