//! Exact completion of a dive's checkpoint: the people fixed at the checkpoint keep their
//! schedules, and a MIP over the whole model's rows chooses the schedules of the people left
//! free there, among all their lawful schedules (not only those the pool holds).
//!
//! The dive's random completions from a checkpoint fix the last people one step at a time on
//! LP values, and the LP rises most in those last steps (Instance 8: from 1320 to 1518 over the
//! last third of the people): the roster is made or lost there. The free people at a checkpoint
//! are those the LP was least sure of, so they are the neighbourhood worth solving exactly.

use super::{Decomposition, Pattern, PatternKey, pattern_key};
use crate::highs::{Highs, HighsError, RunOptions};
use crate::mip::{MipBuilder, Restrictor};
use std::collections::HashSet;

/// HiGHS's MIP feasibility tolerance here, as in the neighbourhood search of `solve` (HiGHS
/// 1.15 aborted with its default on Instance 8 there).
const FEASIBILITY_TOLERANCE: f64 = 1e-8;

/// Re-solves the schedules of the `free` people of the roster `fixed` (one pattern per person)
/// by a MIP over the model `m` restricted to their assignment columns, started from their
/// current schedules, for at most `time_limit` seconds. Their new schedules join `patterns`
/// (and `seen`) and replace theirs in `fixed`. Returns whether any schedule changed.
#[allow(clippy::too_many_arguments)]
pub(super) fn complete_exactly(
    dec: &Decomposition,
    m: &MipBuilder,
    restrictor: &Restrictor,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    fixed: &mut [Option<usize>],
    free: &[usize],
    threads: u32,
    time_limit: f64,
) -> Result<bool, HighsError> {
    if free.is_empty() || time_limit <= 0.05 {
        return Ok(false);
    }
    let n_x = dec.n_x;
    let mut x = vec![0.0; n_x];
    for &k in fixed.iter().flatten() {
        let p = &patterns[k];
        for (j, &c) in dec.blocks[p.staff].cols.iter().enumerate() {
            if c < n_x && p.values[j] > 0.5 {
                x[c] = 1.0;
            }
        }
    }
    let (n_days, n_shifts) = (dec.n_days, dec.n_shifts);
    let free_cols: Vec<usize> = free
        .iter()
        .flat_map(|&e| (0..n_days).flat_map(move |d| (0..n_shifts).map(move |t| m.x(e, d, t))))
        .collect();
    let (sub, _) = restrictor.restrict(m, &free_cols, &x);
    let mut h = Highs::new(&sub)?;
    h.set_double("mip_feasibility_tolerance", FEASIBILITY_TOLERANCE)?;
    // The sub-model's first columns are the free ones, in order.
    let start: Vec<(usize, f64)> = free_cols
        .iter()
        .enumerate()
        .map(|(j, &c)| (j, x[c]))
        .collect();
    h.set_start(&start)?;
    let opts = RunOptions {
        time_limit: Some(time_limit),
        mip_rel_gap: Some(0.0),
        threads: Some(threads),
        seed: Some(0),
        ..RunOptions::default()
    };
    let out = h.run(&opts, None, None)?;
    let Some(v) = out.values else {
        return Ok(false);
    };
    let per_person = n_days * n_shifts;
    let mut changed = false;
    for (i, &e) in free.iter().enumerate() {
        let works = |d: usize, t: usize| v[i * per_person + d * n_shifts + t] > 0.5;
        let same =
            (0..n_days).all(|d| (0..n_shifts).all(|t| works(d, t) == (x[m.x(e, d, t)] > 0.5)));
        if same {
            continue;
        }
        // (`None` when the schedule breaks a row of the person's block: kept as it was.)
        let Some(p) = dec.pattern_where(e, works)? else {
            continue;
        };
        let key = pattern_key(&p);
        let k = if seen.insert(key.clone()) {
            patterns.push(p);
            patterns.len() - 1
        } else {
            match patterns.iter().position(|q| pattern_key(q) == key) {
                Some(k) => k,
                None => continue,
            }
        };
        fixed[e] = Some(k);
        changed = true;
    }
    Ok(changed)
}
