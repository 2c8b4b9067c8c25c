//! Parts of a roster re-optimised by one MIP over the model itself: some of the model's
//! assignment cells are freed, the others keep their values, and HiGHS chooses the freed
//! cells among all lawful schedules, not only among the generated ones (over the generated
//! schedules alone, the best completion of Instance 8's last 10 people cost 1508 where the LP
//! said 1305: the schedules that fit together around the others had never been priced).

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
    let fixed_at = |e: usize, c: usize, v: f64| (!free(e, c)).then_some(v);
    solve_fixed(dec, m, patterns, seen, chosen, fixed_at, threads, seconds, nodes)
}

/// The model with the assignment cells for which `fixed_at(person, column, chosen value)`
/// gives a value fixed there, solved from `chosen`.
#[allow(clippy::too_many_arguments)]
fn solve_fixed(
    dec: &Decomposition,
    m: &MipBuilder,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    chosen: &[usize],
    fixed_at: impl Fn(usize, usize, f64) -> Option<f64>,
    threads: u32,
    seconds: f64,
    nodes: Option<u64>,
) -> Result<Option<(Vec<usize>, f64)>, HighsError> {
    let mut model = m.clone();
    let mut start = Vec::new();
    let mut touched = vec![false; dec.blocks.len()];
    for (e, b) in dec.blocks.iter().enumerate() {
        let p = &patterns[chosen[e]];
        touched[e] = b
            .cols
            .iter()
            .enumerate()
            .any(|(j, &c)| c < dec.n_x && fixed_at(e, c, p.values[j]) != Some(p.values[j]));
    }
    for (e, b) in dec.blocks.iter().enumerate() {
        let p = &patterns[chosen[e]];
        for (j, &c) in b.cols.iter().enumerate() {
            let fixed = if c < dec.n_x {
                fixed_at(e, c, p.values[j])
            } else {
                (!touched[e]).then_some(p.values[j])
            };
            if let Some(v) = fixed {
                model.lower[c] = v;
                model.upper[c] = v;
            }
            start.push((c, p.values[j]));
        }
    }
    let mut h = Highs::new(&model)?;
    // (HiGHS refuses a start outside the bounds.)
    if start
        .iter()
        .all(|&(c, v)| v >= model.lower[c] - 1e-9 && v <= model.upper[c] + 1e-9)
    {
        h.set_start(&start)?;
    }
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
