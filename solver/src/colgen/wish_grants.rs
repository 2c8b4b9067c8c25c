//! Each person's own costs over the generic person's schedules (`shared_roster`): their wishes,
//! as a sparse difference to the generic costs, and the schedules that grant them.
//!
//! A schedule grants a person's wishes when its own cost for them is their least over the
//! schedules met (not always zero: a person may ask for a day on and the same day off).

use super::Decomposition;
use super::shared_roster::GenericSchedule;

/// The people's own costs and the schedules granting their wishes.
pub(super) struct WishGrants {
    /// Per person: `(block column, own cost above the generic one)` where they differ.
    diffs: Vec<Vec<(usize, f64)>>,
    /// Per person: the indices of the schedules granting their wishes.
    pub granting: Vec<Vec<usize>>,
}

impl Decomposition {
    /// Each person's own costs against `generic_costs`: `(block column, difference)` where
    /// they differ (their wishes, a few cells).
    pub(super) fn own_diffs(&self, generic_costs: &[f64]) -> Vec<Vec<(usize, f64)>> {
        self.blocks
            .iter()
            .map(|b| {
                b.model
                    .cost
                    .iter()
                    .zip(generic_costs)
                    .enumerate()
                    .filter(|(_, (c, g))| *c != *g)
                    .map(|(j, (c, g))| (j, c - g))
                    .collect()
            })
            .collect()
    }

    /// The people's own costs against `generic_costs` and the schedules of `schedules` that
    /// grant their wishes.
    pub(super) fn wish_grants(
        &self,
        generic_costs: &[f64],
        schedules: &[GenericSchedule],
    ) -> WishGrants {
        let diffs = self.own_diffs(generic_costs);
        let granting = diffs
            .iter()
            .map(|diff| {
                let own: Vec<f64> = schedules.iter().map(|s| own_of(diff, &s.values)).collect();
                let least = own.iter().copied().fold(f64::INFINITY, f64::min);
                (0..own.len()).filter(|&k| own[k] <= least + 1e-9).collect()
            })
            .collect();
        WishGrants { diffs, granting }
    }
}

impl WishGrants {
    /// Person `e`'s own cost of a schedule's block `values`.
    pub fn own(&self, e: usize, values: &[f64]) -> f64 {
        own_of(&self.diffs[e], values)
    }
}

/// The own cost of a schedule's block `values` for the person of `diff` (`own_diffs`).
pub(super) fn own_of(diff: &[(usize, f64)], values: &[f64]) -> f64 {
    diff.iter().map(|&(j, d)| d * values[j]).sum()
}
