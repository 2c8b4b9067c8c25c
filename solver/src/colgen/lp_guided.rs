//! An LP-guided roster: every day the column generation's LP has decided is kept, and a MIP
//! solves the rest of the model.
//!
//! On the short instances the converged LP is nearly whole (Instance 8: LP 1301.5, best known
//! 1300): most people's choice on most days (a shift, or off) weighs 0.99 or more in it. Fixing
//! those leaves a few hundred undecided days, a MIP HiGHS solves in seconds, which finds the
//! rosters that the one-way fixings of a dive miss. This is RINS (relaxation-induced
//! neighbourhood search) with the Dantzig-Wolfe LP instead of the compact model's, which is weak.

use super::{Decomposition, Pattern};
use crate::highs::{Highs, HighsError, RunOptions};
use crate::mip::{MipBuilder, Restrictor};
use crate::problem::Roster;

/// A choice weighing this much in the LP counts as decided.
const DECIDED: f64 = 0.99;

/// The LP weight of every assignment column: each person's schedules weighted by their values
/// `pattern_values` in the master LP.
pub(super) fn assignment_weights(
    dec: &Decomposition,
    patterns: &[Pattern],
    pattern_values: &[f64],
) -> Vec<f64> {
    let mut w = vec![0.0; dec.n_x];
    for (p, &v) in patterns.iter().zip(pattern_values) {
        if v > 1e-9 {
            for (j, &c) in dec.blocks[p.staff].cols.iter().enumerate() {
                if c < dec.n_x {
                    w[c] += v * p.values[j];
                }
            }
        }
    }
    w
}

/// The roster keeping every day decided by the assignment weights `w` and solving the others
/// on model `m` (the repair model: fixings that break a rule are priced, not refused); `None`
/// when HiGHS finds no solution within `opts`. Also returns how many days were left undecided.
pub(super) fn lp_guided_roster(
    m: &MipBuilder,
    w: &[f64],
    opts: &RunOptions,
) -> Result<(Option<Roster>, usize), HighsError> {
    let (n_staff, n_days, n_shifts) = (m.n_staff, m.n_days, m.n_shifts);
    let mut fixed = vec![0.0; n_staff * n_days * n_shifts];
    let mut free = Vec::new();
    let mut undecided = 0;
    for e in 0..n_staff {
        for d in 0..n_days {
            let worked: f64 = (0..n_shifts).map(|t| w[m.x(e, d, t)]).sum();
            let shift = (0..n_shifts).find(|&t| w[m.x(e, d, t)] >= DECIDED);
            if let Some(t) = shift {
                fixed[m.x(e, d, t)] = 1.0;
            } else if 1.0 - worked < DECIDED {
                undecided += 1;
                free.extend((0..n_shifts).map(|t| m.x(e, d, t)));
            }
        }
    }
    let (sub, _) = Restrictor::new(m).restrict(m, &free, &fixed);
    let mut h = Highs::new(&sub)?;
    let out = h.run(opts, None, None)?;
    let Some(v) = out.values else {
        return Ok((None, undecided));
    };
    let mut roster = Roster::new(n_staff, n_days);
    let per_person = n_days * n_shifts;
    let mut add = |c: usize| roster.add(c / per_person, (c / n_shifts) % n_days, c % n_shifts);
    for (c, &x) in fixed.iter().enumerate() {
        if x > 0.5 {
            add(c);
        }
    }
    // The sub-model's first columns are the free ones, in order.
    for (&c, &x) in free.iter().zip(&v) {
        if x > 0.5 {
            add(c);
        }
    }
    Ok((Some(roster), undecided))
}
