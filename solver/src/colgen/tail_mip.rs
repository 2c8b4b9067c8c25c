//! The end of a dive as one MIP over the model itself: the people the dive fixed keep their
//! schedules, and HiGHS chooses the last few people's whole months among all their lawful
//! schedules, not only among the generated ones. Over the generated schedules alone, the best
//! completion of Instance 8's last 10 people cost 1508 where the LP said 1305: the schedules
//! that fit together around the others had never been priced.

use super::dive::DiveEnd;
use super::{Decomposition, Pattern, PatternKey, pattern_key, pricing_options, round_integers};
use crate::highs::{Highs, HighsError, Progress};
use crate::mip::MipBuilder;
use std::collections::HashSet;

/// Completes a dive's `end` by re-optimising its free people's schedules in the model `m` for
/// at most `seconds` (and `nodes` nodes: deterministic runs), starting from its choice. Returns
/// the new choice (new schedules join `patterns`), or `None` when HiGHS found no solution.
#[allow(clippy::too_many_arguments)]
pub(super) fn complete(
    dec: &Decomposition,
    m: &MipBuilder,
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    end: &DiveEnd,
    threads: u32,
    seconds: f64,
    nodes: Option<u64>,
    verbose: bool,
) -> Result<Option<Vec<usize>>, HighsError> {
    let (chosen, free) = (&end.chosen, &end.free);
    let mut model = m.clone();
    let mut start = Vec::new();
    for (e, b) in dec.blocks.iter().enumerate() {
        let p = &patterns[chosen[e]];
        for (j, &c) in b.cols.iter().enumerate() {
            if !free[e] {
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
    let mut report = |p: Progress| {
        eprintln!(
            "          tail MIP at {:.2}s: objective {}, bound {:.2}",
            p.elapsed, p.objective, p.bound
        );
    };
    let out = h.run(
        &o,
        verbose.then_some(&mut report as &mut dyn FnMut(Progress)),
        None,
    )?;
    let Some(values) = out.values else {
        return Ok(None);
    };
    let values = round_integers(&model, values);
    let mut next = chosen.clone();
    for (e, b) in dec.blocks.iter().enumerate() {
        if !free[e] {
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
    Ok(Some(next))
}
