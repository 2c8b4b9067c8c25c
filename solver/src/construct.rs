//! A fast constructive start: a greedy, cover-driven sweep over the days that respects the hard
//! rules a neighbourhood search cannot repair cheaply (one shift per day, qualifications,
//! forbidden successions, maximum shifts per type, maximum minutes, rolling windows, minimum and
//! maximum consecutive working days, minimum consecutive days off, maximum weekends, fixed days
//! off, hard cover maxima). Minimum minutes, minimum shifts and cover minima are pursued but may
//! stay short: the repair model prices them. Deterministic, no randomness.
//!
//! A staff member whose row still breaks one of the rules above at the end (a dead end of the
//! sweep) is left off entirely, so that the roster always satisfies the repair model.

use crate::checker;
use crate::problem::{Instance, RequestKind, Roster};
use crate::rules::cover_target::counts;

/// Score of one cover row below its hard minimum.
const BELOW_MIN: f64 = 1000.0;
/// Score per shift-length behind the pace of a staff member's minimum minutes.
const BEHIND_WEIGHT: f64 = 20.0;
/// Score for continuing a run while below the minimum minutes.
const CONTINUE_BONUS: f64 = 30.0;

struct StaffState {
    /// Worked, per extended day (history then horizon).
    ext: Vec<bool>,
    /// Minutes per extended day.
    minutes_ext: Vec<u32>,
    /// Shift worked on the previous day, if any (the first, when several).
    last: Option<usize>,
    counts: Vec<u32>,
    minutes: u32,
    weekends: Vec<bool>,
    n_weekends: u32,
}

/// Builds a roster greedily (see the module documentation).
pub fn construct(inst: &Instance) -> Roster {
    let (ne, nd, nt) = (inst.n_staff, inst.n_days, inst.n_shifts);
    let h = inst.history_days;
    let mut roster = Roster::new(ne, nd);
    if ne == 0 || nd == 0 || nt == 0 {
        return roster;
    }
    let mut fixed_off = vec![false; ne * nd];
    for &(e, d) in &inst.fixed_off {
        fixed_off[e * nd + d] = true;
    }
    let weekends = inst.weekends();
    let mut weekend_of = vec![None; nd];
    for (w, wk) in weekends.iter().enumerate() {
        for &d in wk {
            weekend_of[d] = Some(w);
        }
    }
    let mut covers_at: Vec<Vec<usize>> = vec![Vec::new(); nd * nt];
    for (i, c) in inst.cover.iter().enumerate() {
        covers_at[c.day * nt + c.shift].push(i);
    }
    // Request score per (staff, day, shift).
    let mut request = vec![0.0; ne * nd * nt];
    for r in &inst.requests {
        let w = f64::from(r.weight);
        let sign = match r.kind {
            RequestKind::On => 1.0,
            RequestKind::Off => -1.0,
        };
        for t in 0..nt {
            if r.shift.is_none_or(|s| s == t) {
                request[(r.staff * nd + r.day) * nt + t] += sign * w;
            }
        }
    }
    let windows: Vec<(usize, u32)> = inst
        .problem
        .rolling_windows
        .iter()
        .map(|w| (w.days as usize, w.max_minutes))
        .collect();
    let min_dur = (0..nt).map(|t| inst.duration(t)).min().unwrap_or(0);
    let max_dur = (0..nt).map(|t| inst.duration(t)).max().unwrap_or(0);

    let mut st: Vec<StaffState> = (0..ne)
        .map(|e| {
            let mut ext = vec![false; h + nd];
            let mut minutes_ext = vec![0; h + nd];
            let mut last = None;
            for &(he, before, t) in &inst.history {
                if he == e {
                    ext[h - before] = true;
                    minutes_ext[h - before] += inst.duration(t);
                    if before == 1 {
                        last = Some(t);
                    }
                }
            }
            StaffState {
                ext,
                minutes_ext,
                last,
                counts: vec![0; nt],
                minutes: 0,
                weekends: vec![false; weekends.len()],
                n_weekends: 0,
            }
        })
        .collect();
    let mut assigned = vec![0u32; inst.cover.len()];

    for d in 0..nd {
        let k = h + d;
        // Per staff: allowed shifts today, and whether the staff must work.
        let mut options: Vec<Vec<usize>> = vec![Vec::new(); ne];
        let mut forced = vec![false; ne];
        let mut urgency = vec![0.0; ne];
        for e in 0..ne {
            let s = &st[e];
            let l = &inst.limits[e];
            if fixed_off[e * nd + d] {
                continue;
            }
            let worked_prev = k > 0 && s.ext[k - 1];
            // The run (of work or of rest) ending yesterday: start and length.
            let (run_start, run_len) = {
                let mut i = k;
                while i > 0 && s.ext[i - 1] == worked_prev {
                    i -= 1;
                }
                (i, k - i)
            };
            let mut run_ahead = 1; // days a run started today must last
            if worked_prev {
                if l.max_consecutive_days
                    .is_some_and(|c| run_len >= c as usize)
                {
                    continue;
                }
                if l.min_consecutive_days
                    .is_some_and(|c| run_len < c as usize && run_start > 0)
                {
                    forced[e] = true;
                }
            } else if k > 0 {
                if l.min_consecutive_days_off
                    .is_some_and(|c| run_len < c as usize && run_start > 0)
                {
                    continue;
                }
                run_ahead = l.min_consecutive_days.unwrap_or(1).max(1) as usize;
            } else {
                run_ahead = l.min_consecutive_days.unwrap_or(1).max(1) as usize;
            }
            if !worked_prev && run_ahead > 1 {
                // A new run must be able to last its minimum (or reach the horizon's end).
                let end = (d + run_ahead).min(nd);
                if (d..end).any(|j| fixed_off[e * nd + j]) {
                    continue;
                }
                let len = (end - d) as u32;
                if l.max_total_minutes
                    .is_some_and(|m| s.minutes + len * min_dur > m)
                {
                    continue;
                }
                if let Some(mw) = l.max_weekends {
                    let mut new = Vec::new();
                    for wk in &weekend_of[d..end] {
                        if let Some(w) = *wk
                            && !s.weekends[w]
                            && !new.contains(&w)
                        {
                            new.push(w);
                        }
                    }
                    if s.n_weekends + new.len() as u32 > mw {
                        continue;
                    }
                }
            }
            let tomorrow_forced = l.min_consecutive_days.is_some_and(|c| {
                let run_today = if worked_prev { run_len + 1 } else { 1 };
                let start_today = if worked_prev { run_start } else { k };
                run_today < c as usize && start_today > 0 && d + 1 < nd
            });
            for t in 0..nt {
                if !inst.allowed[e][t] {
                    continue;
                }
                if let Some(p) = s.last
                    && worked_prev
                    && inst.forbidden[p][t]
                {
                    continue;
                }
                if l.max_shifts[t].is_some_and(|m| s.counts[t] >= m) {
                    continue;
                }
                let dur = inst.duration(t);
                if l.max_total_minutes.is_some_and(|m| s.minutes + dur > m) {
                    continue;
                }
                if let Some(w) = weekend_of[d]
                    && !s.weekends[w]
                    && l.max_weekends.is_some_and(|m| s.n_weekends >= m)
                {
                    continue;
                }
                if windows.iter().any(|&(n, max)| {
                    let from = (k + 1).saturating_sub(n);
                    let used: u32 = s.minutes_ext[from..k].iter().sum();
                    used + dur > max
                }) {
                    continue;
                }
                if tomorrow_forced
                    && !(0..nt).any(|u| {
                        inst.allowed[e][u]
                            && !inst.forbidden[t][u]
                            && l.max_shifts[u].is_none_or(|m| s.counts[u] + u32::from(u == t) < m)
                    })
                {
                    continue;
                }
                // Hard cover maxima.
                if covers_at[d * nt + t].iter().any(|&c| {
                    let cr = &inst.cover[c];
                    counts(inst, cr, e) && cr.max.is_some_and(|m| assigned[c] >= m)
                }) {
                    continue;
                }
                options[e].push(t);
            }
            // Pace towards the middle of the staff's minutes range.
            let lo = l.min_total_minutes.unwrap_or(0) as f64;
            let hi = l.max_total_minutes.map_or(lo.max(1.0), f64::from);
            let goal = 0.5 * (lo + hi.max(lo));
            let expected = goal * (d + 1) as f64 / nd as f64;
            let avg = (0.5 * f64::from(min_dur + max_dur)).max(1.0);
            urgency[e] = ((expected - f64::from(s.minutes)) / avg).clamp(-3.0, 3.0);
            // Behind the pace of the minimum: worth about what the repair model charges.
            let behind = lo * (d + 1) as f64 / nd as f64 - f64::from(s.minutes);
            if behind > 0.0 {
                urgency[e] += BEHIND_WEIGHT * behind / avg;
            }
            // Breaking a run costs at least the minimum rest: keep runs going while short.
            if worked_prev && f64::from(s.minutes) < lo {
                urgency[e] += CONTINUE_BONUS;
            }
            // Cannot afford a day off any more to reach the minimum.
            if let Some(mn) = l.min_total_minutes
                && s.minutes < mn
            {
                let days_left = (nd - d) as f64;
                let ratio = match (l.max_consecutive_days, l.min_consecutive_days_off) {
                    (Some(c), off) => f64::from(c) / f64::from(c + off.unwrap_or(1).max(1)),
                    _ => 1.0,
                };
                let capacity = days_left * ratio * f64::from(max_dur);
                if f64::from(mn - s.minutes) >= capacity - f64::from(max_dur) {
                    urgency[e] += BELOW_MIN;
                }
            }
        }

        let gain = |e: usize, t: usize, assigned: &[u32]| -> f64 {
            let mut g = 0.0;
            for &c in &covers_at[d * nt + t] {
                let cr = &inst.cover[c];
                if !counts(inst, cr, e) {
                    continue;
                }
                let n = assigned[c];
                if cr.min.is_some_and(|m| n < m) {
                    g += BELOW_MIN;
                }
                if n < cr.target {
                    g += f64::from(cr.under_weight);
                } else {
                    g -= f64::from(cr.over_weight);
                }
            }
            g + request[(e * nd + d) * nt + t]
        };
        let mut done = vec![false; ne];
        let mut assign = |e: usize, t: usize, assigned: &mut Vec<u32>, st: &mut Vec<StaffState>| {
            roster.add(e, d, t);
            for &c in &covers_at[d * nt + t] {
                if counts(inst, &inst.cover[c], e) {
                    assigned[c] += 1;
                }
            }
            let s = &mut st[e];
            s.ext[k] = true;
            s.minutes_ext[k] = inst.duration(t);
            s.counts[t] += 1;
            s.minutes += inst.duration(t);
            if let Some(w) = weekend_of[d]
                && !s.weekends[w]
            {
                s.weekends[w] = true;
                s.n_weekends += 1;
            }
        };
        // Forced staff first (fewest options first), each on its best shift.
        let mut order: Vec<usize> = (0..ne)
            .filter(|&e| forced[e] && !options[e].is_empty())
            .collect();
        order.sort_by_key(|&e| (options[e].len(), e));
        for e in order {
            let mut best: Option<(f64, usize)> = None;
            for &t in &options[e] {
                let g = gain(e, t, &assigned);
                if best.is_none_or(|b| g > b.0) {
                    best = Some((g, t));
                }
            }
            if let Some((_, t)) = best {
                assign(e, t, &mut assigned, &mut st);
                done[e] = true;
            }
        }
        // Then the best (staff, shift) pair while it pays.
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for e in 0..ne {
                if done[e] || forced[e] {
                    continue;
                }
                for &t in &options[e] {
                    // Respect hard cover maxima reached during this day.
                    if covers_at[d * nt + t].iter().any(|&c| {
                        let cr = &inst.cover[c];
                        counts(inst, cr, e) && cr.max.is_some_and(|m| assigned[c] >= m)
                    }) {
                        continue;
                    }
                    let score = gain(e, t, &assigned) + 0.4 * urgency[e];
                    if best.is_none_or(|b| score > b.0) {
                        best = Some((score, e, t));
                    }
                }
            }
            match best {
                Some((score, e, t)) if score > 0.0 => {
                    assign(e, t, &mut assigned, &mut st);
                    done[e] = true;
                }
                _ => break,
            }
        }
        for (e, s) in st.iter_mut().enumerate() {
            s.last = roster.shifts(e, d).first().copied();
        }
    }

    // Dead ends: clear the rows that still break a rule the repair model keeps hard.
    let report = checker::check(inst, &roster);
    let mut bad = vec![false; ne];
    for v in &report.violations {
        if v.kind != crate::rules::Kind::Hard {
            continue;
        }
        let Some(id) = v.staff.as_deref() else {
            continue;
        };
        let Some(e) = inst.staff_ix(id) else {
            continue;
        };
        let repairable = match v.rule {
            "cover_bounds" => true,
            "total_minutes" => {
                let m: u32 = roster
                    .assignments()
                    .filter(|a| a.0 == e)
                    .map(|a| inst.duration(a.2))
                    .sum();
                inst.limits[e].max_total_minutes.is_none_or(|x| m <= x)
            }
            "shifts_per_type" => (0..nt).all(|t| {
                let c = (0..nd).filter(|&d| roster.has(e, d, t)).count() as u32;
                inst.limits[e].max_shifts[t].is_none_or(|x| c <= x)
            }),
            _ => false,
        };
        if !repairable {
            bad[e] = true;
        }
    }
    for (e, b) in bad.iter().enumerate() {
        if *b {
            for d in 0..nd {
                roster.clear(e, d);
            }
        }
    }
    roster
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curtois::tests::load;

    #[test]
    fn greedy_start_keeps_the_non_repairable_rules() {
        for name in ["Instance1", "Instance4", "Instance8", "Instance20"] {
            let inst = load(name);
            let r = construct(&inst);
            let rep = checker::check(&inst, &r);
            let short: u32 = (0..inst.n_staff)
                .map(|e| {
                    let m: u32 = r
                        .assignments()
                        .filter(|a| a.0 == e)
                        .map(|a| inst.duration(a.2))
                        .sum();
                    inst.limits[e]
                        .min_total_minutes
                        .unwrap_or(0)
                        .saturating_sub(m)
                })
                .sum();
            eprintln!(
                "{name}: greedy hard {} obj {} short {short}",
                rep.hard_violations, rep.objective
            );
            for v in &rep.violations {
                if v.kind == crate::rules::Kind::Hard {
                    assert!(
                        ["cover_bounds", "total_minutes", "shifts_per_type"].contains(&v.rule),
                        "{name}: {v:?}"
                    );
                }
            }
            assert!(r.assignments().count() > 0, "{name}");
        }
    }
}
