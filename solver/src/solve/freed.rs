//! A roster's cells freed for a sub-model run: which assignment columns they are, the run of
//! the sub-model over them (the rest fixed at the roster), and the roster with their new values.
//! Shared by the neighbourhood search and the wish windows.

use super::lns_highs;
use crate::highs::{HighsError, RunOptions, RunOutcome};
use crate::mip::{MipBuilder, Restrictor};
use crate::problem::{Instance, Roster};
use std::sync::atomic::AtomicBool;

/// The assignment columns of `staff` on `days`, every shift, in that order.
pub(super) fn columns(m: &MipBuilder, staff: &[usize], days: &[usize]) -> Vec<usize> {
    let mut free = Vec::with_capacity(staff.len() * days.len() * m.n_shifts);
    for &e in staff {
        for &d in days {
            for t in 0..m.n_shifts {
                free.push(m.x(e, d, t));
            }
        }
    }
    free
}

/// A sub-model run: the sub-model's size (rows, columns), the outcome, the free columns' values.
pub(super) type SubRun = ((usize, usize), RunOutcome, Option<Vec<f64>>);

/// The sub-model of `m` over the `free` columns, the others fixed at `cur`, run from `cur`.
pub(super) fn run_sub_model(
    restrictor: &Restrictor,
    m: &MipBuilder,
    free: &[usize],
    cur: &[f64],
    opts: &RunOptions,
    cancel: Option<&AtomicBool>,
) -> Result<SubRun, HighsError> {
    let (sub, _cols) = restrictor.restrict(m, free, cur);
    let mut h = lns_highs(&sub)?;
    // The sub-model's first columns are the freed ones, in order.
    h.set_start(
        &free
            .iter()
            .enumerate()
            .map(|(j, &c)| (j, cur[c]))
            .collect::<Vec<_>>(),
    )?;
    let out = h.run(opts, None, cancel)?;
    let vals = out.values.as_ref().map(|v| v[..free.len()].to_vec());
    Ok(((sub.n_rows(), sub.n_cols()), out, vals))
}

/// `roster` with the cells of the `free` columns (of `columns`) given their `values`.
pub(super) fn roster_with(
    inst: &Instance,
    roster: &Roster,
    free: &[usize],
    values: &[f64],
) -> Roster {
    let cell = |c: usize| {
        (
            c / (inst.n_days * inst.n_shifts),
            (c / inst.n_shifts) % inst.n_days,
        )
    };
    let mut next = roster.clone();
    for &c in free {
        let (e, d) = cell(c);
        next.clear(e, d);
    }
    for (&c, &val) in free.iter().zip(values) {
        if val > 0.5 {
            let (e, d) = cell(c);
            next.add(e, d, c % inst.n_shifts);
        }
    }
    next
}
