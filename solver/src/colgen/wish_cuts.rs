//! Rows that make the generic master's mix of schedules grant the people's wishes
//! (`shared_roster`): Hall's condition for a matching of people to the mix's slots on the
//! schedules that grant each person's wishes.
//!
//! Why: the generic master prices one generic person, so its mix (a vertex of a degenerate LP)
//! holds few distinct schedules and the assignment to people then leaves wishes unmet (20 to 110
//! of wish costs on the 60-nurse month) although the LP has thousands of optimal schedules
//! granting them. A person is served by a schedule "granting" their wishes when its own cost for
//! them is their least over the schedules met. Every person gets such a slot if and only if,
//! for every set `T` of people, at least `|T|` slots grant someone of `T` (Hall). When the
//! matching of a mix falls short, each person left without a slot gives the violated set of
//! their alternating tree; its row `sum over schedules granting someone of T of x >= |T|`
//! joins the master and the master dives again. The rows hold only for rosters granting
//! every wish: they steer the heuristic master and never touch a bound.

use super::Decomposition;
use super::shared_roster::GenericSchedule;

/// Which schedules grant each person's wishes: `grants[e][s]`.
pub(super) struct WishGrants {
    pub grants: Vec<Vec<bool>>,
}

impl Decomposition {
    /// The schedules whose own cost for each person (their cost above the generic one) is the
    /// least among `schedules`.
    pub(super) fn wish_grants(
        &self,
        generic_costs: &[f64],
        schedules: &[GenericSchedule],
    ) -> WishGrants {
        let grants = self
            .blocks
            .iter()
            .map(|b| {
                // The person's own costs are a few wish cells: a sparse difference.
                let diff: Vec<(usize, f64)> = b
                    .model
                    .cost
                    .iter()
                    .zip(generic_costs)
                    .enumerate()
                    .filter(|(_, (c, g))| *c != *g)
                    .map(|(j, (c, g))| (j, c - g))
                    .collect();
                let own: Vec<f64> = schedules
                    .iter()
                    .map(|s| diff.iter().map(|&(j, d)| d * s.values[j]).sum())
                    .collect();
                let least = own.iter().copied().fold(f64::INFINITY, f64::min);
                own.iter().map(|&o| o <= least + 1e-9).collect()
            })
            .collect();
        WishGrants { grants }
    }
}

impl WishGrants {
    /// The sets of people violating Hall's condition for `slots` (one schedule index a slot):
    /// for each person a maximum matching leaves without a granting slot, the people reachable
    /// from them by alternating paths. Empty when every person gets a granting slot.
    pub fn violated_sets(&self, slots: &[usize]) -> Vec<Vec<usize>> {
        let n = self.grants.len();
        let edge = |e: usize, k: usize| self.grants[e][slots[k]];
        // Kuhn's augmenting paths: `owner[k]` the person matched to slot `k`.
        let mut owner: Vec<Option<usize>> = vec![None; slots.len()];
        let mut unmatched = Vec::new();
        for e in 0..n {
            let mut seen = vec![false; slots.len()];
            if !augment(e, &edge, &mut owner, &mut seen) {
                unmatched.push(e);
            }
        }
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for &u in &unmatched {
            let mut in_tree = vec![false; n];
            in_tree[u] = true;
            let mut stack = vec![u];
            let mut seen = vec![false; slots.len()];
            while let Some(e) = stack.pop() {
                for k in 0..slots.len() {
                    if !seen[k] && edge(e, k) {
                        seen[k] = true;
                        if let Some(f) = owner[k]
                            && !in_tree[f]
                        {
                            in_tree[f] = true;
                            stack.push(f);
                        }
                    }
                }
            }
            let set: Vec<usize> = (0..n).filter(|&e| in_tree[e]).collect();
            if !sets.contains(&set) {
                sets.push(set);
            }
        }
        sets
    }

    /// The schedules granting the wishes of someone in `set`.
    pub fn granting_any(&self, set: &[usize]) -> Vec<usize> {
        let n_schedules = self.grants.first().map_or(0, Vec::len);
        (0..n_schedules)
            .filter(|&s| set.iter().any(|&e| self.grants[e][s]))
            .collect()
    }
}

/// Kuhn's step: finds a slot for `e`, moving matched people along an augmenting path.
fn augment(
    e: usize,
    edge: &impl Fn(usize, usize) -> bool,
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for k in 0..owner.len() {
        if seen[k] || !edge(e, k) {
            continue;
        }
        seen[k] = true;
        let free = match owner[k] {
            None => true,
            Some(f) => augment(f, edge, owner, seen),
        };
        if free {
            owner[k] = Some(e);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::WishGrants;

    #[test]
    fn violated_sets_name_the_people_short_of_granting_slots() {
        // Schedules 0 and 1; people 0 and 1 are granted only by schedule 0, person 2 by both.
        let g = WishGrants {
            grants: vec![vec![true, false], vec![true, false], vec![true, true]],
        };
        // Slots 0, 1, 1: only one slot grants people 0 or 1.
        let sets = g.violated_sets(&[0, 1, 1]);
        assert_eq!(sets, vec![vec![0, 1]]);
        assert_eq!(g.granting_any(&sets[0]), vec![0]);
        // Slots 0, 0, 1: everyone gets a granting slot.
        assert!(g.violated_sets(&[0, 0, 1]).is_empty());
    }
}
