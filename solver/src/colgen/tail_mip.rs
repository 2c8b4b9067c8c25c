//! Parts of a roster re-optimised by one MIP over the model itself: some of the model's
//! assignment cells are freed, the others keep their values, and HiGHS chooses the freed
//! cells among all lawful schedules, not only among the generated ones (over the generated
//! schedules alone, the best completion of Instance 8's last 10 people cost 1508 where the LP
//! said 1305: the schedules that fit together around the others had never been priced).
//!
//! Two uses: the end of a dive (its last few people's whole months), and the cells where the
//! column generation's LP is fractional or disagrees with the roster (a relaxation-induced
//! neighbourhood, RINS).

use super::{Decomposition, Pattern, PatternKey, pattern_key, pricing_options, round_integers};
use crate::highs::{Highs, HighsError};
use crate::mip::MipBuilder;
use std::collections::HashSet;

/// Re-optimises the choice `chosen` (a pattern index per person) in the model `m`: the
/// assignment cells (model columns) for which `free(person, column)` holds are free, the
/// others keep the chosen schedule's values; the block's auxiliary columns are free for the
/// people with a free cell. At most `seconds` (and `nodes` nodes: deterministic runs), from the
/// current choice. Returns the new choice and its objective (new schedules join `patterns`),
/// or `None` when HiGHS found no solution.
#[allow(clippy::too_many_arguments)]
pub(super) fn complete(
    dec: &Decomposition,
    m: &MipBuilder,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    chosen: &[usize],
    free: impl Fn(usize, usize) -> bool,
    threads: u32,
    seconds: f64,
    nodes: Option<u64>,
) -> Result<Option<(Vec<usize>, f64)>, HighsError> {
    let mut model = m.clone();
    let mut start = Vec::new();
    let mut touched = vec![false; dec.blocks.len()];
    for (e, b) in dec.blocks.iter().enumerate() {
        touched[e] = b.cols.iter().any(|&c| c < dec.n_x && free(e, c));
    }
    for (e, b) in dec.blocks.iter().enumerate() {
        let p = &patterns[chosen[e]];
        for (j, &c) in b.cols.iter().enumerate() {
            let fixed = if c < dec.n_x {
                !free(e, c)
            } else {
                !touched[e]
            };
            if fixed {
                model.lower[c] = p.values[j];
                model.upper[c] = p.values[j];
            }
            start.push((c, p.values[j]));
        }
    }
    let mut h = Highs::new(&model)?;
    h.set_start(&start)?;
    let mut o = pricing_options(threads, seconds);
    o.node_limit = nodes;
    let out = h.run(&o, None, None)?;
    let (Some(values), Some(objective)) = (out.values, out.objective) else {
        return Ok(None);
    };
    let values = round_integers(&model, values);
    let mut next = chosen.to_vec();
    for (e, b) in dec.blocks.iter().enumerate() {
        if !touched[e] {
            continue;
        }
        let p = dec.pattern(e, b.cols.iter().map(|&c| values[c]).collect());
        let key = pattern_key(&p);
        next[e] = if seen.insert(key.clone()) {
            patterns.push(p);
            patterns.len() - 1
        } else {
            match patterns.iter().position(|q| pattern_key(q) == key) {
                Some(k) => k,
                None => return Ok(None),
            }
        };
    }
    Ok(Some((next, objective)))
}

/// The value of every assignment cell (model column below `n_x`) in an LP solution of the
/// master: each pattern's values weighted by its LP value.
pub(super) fn lp_cells(dec: &Decomposition, patterns: &[Pattern], lp_values: &[f64]) -> Vec<f64> {
    let mut x = vec![0.0; dec.n_x];
    for (p, &v) in patterns.iter().zip(lp_values) {
        if v <= 1e-9 {
            continue;
        }
        for (j, &c) in dec.blocks[p.staff].cols.iter().enumerate() {
            if c < dec.n_x {
                x[c] += v * p.values[j];
            }
        }
    }
    x
}
