//! Neighbourhood search over the schedule pool: a few people are freed to take any schedule the
//! column generation produced for them, the others keep theirs, and a small MIP picks the best
//! combination. The pool holds thousands of good schedules after the column generation and the
//! dive; recombining them repairs what the dive's one-way fixing got wrong, at the cost of a MIP
//! over a few hundred columns per step.

use super::{Decomposition, Pattern, pricing_options};
use crate::highs::{Highs, HighsError};
use crate::mip::MipBuilder;
use std::time::Instant;

/// People freed per step.
const FREED: usize = 6;
/// Steps in a row without improvement after which the pool is taken as exhausted.
const STALL_STEPS: usize = 40;

/// Improves `chosen` (a pattern index per person, objective `value`) until `deadline` seconds
/// after `start` or until it reaches `lower_bound`; returns the best choice and its objective. Deterministic for a given `seed`
/// when the steps end by themselves (each is a MIP without a node limit, over few columns).
#[allow(clippy::too_many_arguments)]
pub(super) fn improve(
    dec: &Decomposition,
    m: &MipBuilder,
    patterns: &[Pattern],
    mut chosen: Vec<usize>,
    mut value: f64,
    threads: u32,
    seed: u64,
    start: Instant,
    deadline: f64,
    lower_bound: Option<f64>,
) -> Result<(Vec<usize>, f64), HighsError> {
    // Integer objectives: a value within 1 of the bound cannot improve (nor can one below it).
    let at_bound = |v: f64| lower_bound.is_some_and(|lb| v < (lb - 1e-6).ceil() + 0.5);
    let n_staff = chosen.len();
    if n_staff == 0 {
        return Ok((chosen, value));
    }
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); n_staff];
    for (k, p) in patterns.iter().enumerate() {
        by_person[p.staff].push(k);
    }
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let first = dec.master_cols.len();
    // Freeing everyone is the master MIP over the whole pool, which already ran.
    if n_staff <= FREED {
        return Ok((chosen, value));
    }
    let mut stalled = 0;
    while start.elapsed().as_secs_f64() < deadline && !at_bound(value) && stalled < STALL_STEPS {
        stalled += 1;
        // A random set of people (all of them on small instances).
        let mut freed = vec![false; n_staff];
        let k = FREED.min(n_staff);
        let mut picked = 0;
        while picked < k {
            let e = (next() % n_staff as u64) as usize;
            if !freed[e] {
                freed[e] = true;
                picked += 1;
            }
        }
        let columns: Vec<usize> = (0..n_staff)
            .flat_map(|e| {
                if freed[e] {
                    by_person[e].clone()
                } else {
                    vec![chosen[e]]
                }
            })
            .collect();
        let refs: Vec<&Pattern> = columns.iter().map(|&k| &patterns[k]).collect();
        let mut h = Highs::new(&dec.master(m, &refs, true))?;
        let start_values: Vec<(usize, f64)> = columns
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                (
                    first + i,
                    if chosen[patterns[k].staff] == k {
                        1.0
                    } else {
                        0.0
                    },
                )
            })
            .collect();
        h.set_start(&start_values)?;
        let left = deadline - start.elapsed().as_secs_f64();
        if left <= 0.05 {
            break;
        }
        let out = h.run(&pricing_options(threads, left.min(5.0)), None, None)?;
        if let (Some(v), Some(obj)) = (out.values, out.objective)
            && obj < value - 1e-6
        {
            for (i, &k) in columns.iter().enumerate() {
                if v[first + i] > 0.5 {
                    chosen[patterns[k].staff] = k;
                }
            }
            value = obj;
            stalled = 0;
        }
    }
    Ok((chosen, value))
}
