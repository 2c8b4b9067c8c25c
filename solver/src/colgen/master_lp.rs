//! The master LP kept loaded between rounds: new schedules are appended as columns and HiGHS
//! restarts from its last basis, instead of building and solving the whole LP again each round
//! (which dominated the rounds once pricing became fast).

use super::{Decomposition, Pattern};
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;

pub(super) struct MasterLp {
    h: Highs,
    /// Patterns `0..loaded` are columns `first + k` of the LP.
    loaded: usize,
    first: usize,
}

/// One solve of the master LP.
pub(super) struct LpSolution {
    pub value: f64,
    /// Duals of the coupling rows, then of each person's convexity row.
    pub duals: Vec<f64>,
    /// LP value of every loaded pattern.
    pub pattern_values: Vec<f64>,
}

impl MasterLp {
    pub fn new(
        dec: &Decomposition,
        m: &MipBuilder,
        patterns: &[Pattern],
    ) -> Result<MasterLp, HighsError> {
        let refs: Vec<&Pattern> = patterns.iter().collect();
        Ok(MasterLp {
            h: Highs::new(&dec.master(m, &refs, false))?,
            loaded: patterns.len(),
            first: dec.master_cols.len(),
        })
    }

    /// Appends the patterns generated since the last call.
    pub fn sync(&mut self, dec: &Decomposition, patterns: &[Pattern]) -> Result<(), HighsError> {
        let n_rows = dec.master_rows.len();
        for p in &patterns[self.loaded..] {
            let mut entries = p.link.clone();
            entries.push((n_rows + p.staff, 1.0));
            self.h.add_col(p.cost, 0.0, 1.0, &entries)?;
        }
        self.loaded = patterns.len();
        Ok(())
    }

    /// Forbids pattern `k` (a dive fixed its person to another schedule).
    pub fn forbid(&mut self, k: usize) -> Result<(), HighsError> {
        self.h.set_col_bounds(self.first + k, 0.0, 0.0)
    }

    /// Allows pattern `k` again (a dive starts over from an earlier state).
    pub fn allow(&mut self, k: usize) -> Result<(), HighsError> {
        self.h.set_col_bounds(self.first + k, 0.0, 1.0)
    }

    /// Solves the LP; `None` unless optimal.
    pub fn solve(
        &mut self,
        opts: &RunOptions,
        n_duals: usize,
    ) -> Result<Option<LpSolution>, HighsError> {
        let out = self.h.run(opts, None, None)?;
        let (RunStatus::Optimal, Some(value), Some(values)) =
            (out.status, out.objective, out.values)
        else {
            return Ok(None);
        };
        let duals = self.h.row_duals();
        Ok(Some(LpSolution {
            value,
            duals: duals[..n_duals].to_vec(),
            pattern_values: values[self.first..].to_vec(),
        }))
    }
}
