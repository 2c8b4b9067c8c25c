//! Solving the demo GHT by decomposition: each unit is solved on its own (its shifts, its staff,
//! starting from their cycles) with the engine's `solve`, one after another; then the pool de
//! suppléance fills what the units left below their maquettes (residual cover over every unit
//! its members are authorised on), starting from a legal greedy placement (`pool_greedy`). The
//! whole roster is then checked on the whole problem by the
//! independent checker, which gives the numbers reported.

use crate::checker;
use crate::hospital::JointKind;
use crate::hospital::Placement;
use crate::problem::{Cover, Instance, Problem, RequestKind, Roster, ValidationError};
use crate::rules::Kind;
use crate::rules::hospital::context;
use crate::rules::hospital::cycle_departure::cycle_roster;
use crate::rules::hospital::placement::placement;
use crate::solve::{self, Params, SolveError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

#[derive(Debug, thiserror::Error)]
pub enum GhtError {
    #[error("invalid problem: {0:?}")]
    Invalid(Vec<ValidationError>),
    #[error(transparent)]
    Solve(#[from] SolveError),
}

/// One sub-problem solved.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRun {
    pub unit: String,
    pub staff: usize,
    pub shifts: usize,
    /// Hard violations left in the sub-problem (cover left to the pool included).
    pub hard_violations: usize,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GhtReport {
    pub establishments: usize,
    pub units: usize,
    pub staff: usize,
    pub days: usize,
    /// On the whole problem, by the independent checker.
    pub hard_violations: usize,
    pub hard_by_rule: BTreeMap<String, usize>,
    pub objective: i64,
    /// Sum of the maquettes' minima over every shift and day, and the part staffed.
    pub cover_min_slots: u64,
    pub cover_min_staffed: u64,
    pub coverage_min_percent: f64,
    pub cover_target_slots: u64,
    pub cover_target_staffed: u64,
    pub coverage_target_percent: f64,
    pub desiderata: usize,
    pub desiderata_satisfied: usize,
    pub desiderata_percent: f64,
    pub cycle_departures: usize,
    /// Shifts worked per placement (own unit, pool, volunteer, other site).
    pub placements: BTreeMap<Placement, usize>,
    pub seconds: f64,
    /// VmHWM of this process (Linux), in MiB.
    pub peak_memory_mib: Option<f64>,
    pub runs: Vec<UnitRun>,
}

/// Peak resident memory of this process (VmHWM in /proc/self/status), in MiB.
pub fn peak_memory_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn unit_of_shift(p: &Problem, t: usize) -> Option<&str> {
    p.shift_types[t].hospital.as_ref()?.unit.as_deref()
}

/// The problem restricted to `staff` and `shifts` (indices of `p`); `cover` replaces the cover
/// and the maquettes when given (the residual demand of the pool phase).
fn sub_problem(
    p: &Problem,
    staff: &[usize],
    shifts: &[usize],
    cover: Option<Vec<Cover>>,
) -> Problem {
    // Joint requirements stay with the shifts that carry them; only the maquettes are replaced.
    let staff_ids: BTreeSet<&str> = staff.iter().map(|&e| p.staff[e].id.as_str()).collect();
    let shift_ids: BTreeSet<&str> = shifts
        .iter()
        .map(|&t| p.shift_types[t].id.as_str())
        .collect();
    let keep_s = |s: &str| staff_ids.contains(s);
    let keep_t = |t: &str| shift_ids.contains(t);
    let mut q = p.clone();
    q.staff = staff.iter().map(|&e| p.staff[e].clone()).collect();
    q.shift_types = shifts.iter().map(|&t| p.shift_types[t].clone()).collect();
    q.forbidden_successions
        .retain(|f| keep_t(&f.first) && keep_t(&f.second));
    q.fixed_days_off.retain(|f| keep_s(&f.staff));
    q.requests
        .retain(|r| keep_s(&r.staff) && r.shift.as_deref().is_none_or(keep_t));
    q.history
        .assignments
        .retain(|h| keep_s(&h.staff) && keep_t(&h.shift));
    q.reference = None;
    let residual = cover.is_some();
    match cover {
        Some(c) => q.cover = c,
        None => q.cover.retain(|c| keep_t(&c.shift)),
    }
    if let Some(h) = q.hospital.as_mut() {
        if residual {
            h.maquettes.clear();
        } else {
            h.maquettes.retain(|m| keep_t(&m.shift));
        }
        h.joint_requirements
            .retain(|j| j.shifts.iter().all(|s| keep_t(s)));
        h.theatre_sessions
            .retain(|s| s.team.iter().all(|t| keep_t(t)));
        h.interventions.retain(|i| keep_s(&i.staff));
        let trames: BTreeSet<String> = q
            .staff
            .iter()
            .filter_map(|s| s.hospital.as_ref()?.cycle.as_ref().map(|c| c.trame.clone()))
            .collect();
        h.cycles.retain(|c| trames.contains(&c.id));
    }
    q
}

/// A unit's demand with its minima priced instead of hard: what the unit's own staff cannot
/// hold is left to the pool phase, where the residual minima are hard again.
fn unit_cover(whole: &Instance, shifts: &[usize]) -> Vec<Cover> {
    let mut out = Vec::new();
    for c in whole.cover.iter().filter(|c| shifts.contains(&c.shift)) {
        let cover = |target, under_weight| Cover {
            day: c.day,
            shift: whole.shift_id(c.shift).to_string(),
            qualification: None,
            min: None,
            target,
            max: c.max,
            under_weight,
            over_weight: c.over_weight,
        };
        out.push(cover(c.target, c.under_weight));
        if let Some(min) = c.min.filter(|&m| m > 0) {
            out.push(cover(min, UNIT_MIN_WEIGHT));
        }
    }
    out
}

/// Price per person below a maquette minimum in the unit phase (above any soft rule's).
const UNIT_MIN_WEIGHT: u32 = 1000;

/// How a part's search starts: from its people's cycles completed by a legal greedy, or from
/// the pool's legal greedy.
#[derive(Clone, Copy)]
enum Start {
    Cycles,
    PoolGreedy,
}

fn solve_part(
    p: Problem,
    params: &Params,
    into: &mut Roster,
    whole: &Instance,
    start: Start,
) -> Result<(usize, f64), GhtError> {
    let t0 = Instant::now();
    let inst = Instance::new(p).map_err(GhtError::Invalid)?;
    let start = match start {
        Start::Cycles => legal_start(&inst)?,
        Start::PoolGreedy => {
            let cap = (POOL_MINUTES_PER_DAY * inst.n_days as f64) as u32;
            legal_greedy(&inst, Roster::new(inst.n_staff, inst.n_days), Some(cap), 0)?
        }
    };
    let out = solve::solve(&inst, params, Some(&start), &mut |_| {}, None)?;
    let hard = out.report.as_ref().map_or(0, |r| r.hard_violations);
    if let Some(r) = &out.roster {
        for (e, d, t) in r.assignments() {
            if let (Some(we), Some(wt)) = (
                whole.staff_ix(inst.staff_id(e)),
                whole.shift_ix(inst.shift_id(t)),
            ) {
                into.add(we, d, wt);
            }
        }
    }
    Ok((hard, t0.elapsed().as_secs_f64()))
}

/// Pool members' minutes are capped at the pro rata of 1 607 h a year, so that the greedy does
/// not load them up to the legal maxima every week.
const POOL_MINUTES_PER_DAY: f64 = 1607.0 * 60.0 / 365.0;

/// A legal start for any hospital problem: the people's cycles, completed by the legal greedy
/// on the joint requirements and the minima (see `legal_greedy`).
pub fn legal_start(inst: &Instance) -> Result<Roster, GhtError> {
    legal_greedy(inst, cycle_roster(inst), None, UNIT_MIN_WEIGHT)
}

/// A legal start (the engine's greedy knows no French rule: its doctors' and pool members'
/// schedules break them): from `start` (the cycles, or nothing for the pool), the joint
/// requirements (a senior every night) first, then the minima, then the targets priced at
/// `target_weight` or more (the unit phase's minima are priced targets), by their price, each slot given to the first authorised person (cheapest placement, then least
/// loaded) with whom that person's own hard rules still hold, checked on a problem of that
/// person alone. `cap` bounds each person's minutes.
fn legal_greedy(
    inst: &Instance,
    start: Roster,
    cap: Option<u32>,
    target_weight: u32,
) -> Result<Roster, GhtError> {
    let p = &inst.problem;
    let mut alone = Vec::with_capacity(inst.n_staff);
    for e in 0..inst.n_staff {
        let shifts: Vec<usize> = (0..inst.n_shifts).filter(|&t| inst.allowed[e][t]).collect();
        let mut q = sub_problem(p, &[e], &shifts, Some(Vec::new()));
        if let Some(h) = q.hospital.as_mut() {
            // Requirements over several people are the slots below, not one person's rules.
            h.joint_requirements.clear();
            h.theatre_sessions.clear();
        }
        let one = Instance::new(q).map_err(GhtError::Invalid)?;
        let mut r = Roster::new(1, inst.n_days);
        let mut minutes = 0;
        for d in 0..inst.n_days {
            for &t in start.shifts(e, d) {
                if let Some(ot) = one.shift_ix(inst.shift_id(t)) {
                    r.add(0, d, ot);
                    minutes += inst.duration(t);
                }
            }
        }
        let base = checker::check(&one, &r).hard_violations;
        alone.push((one, r, minutes, base));
    }
    let off: BTreeSet<(usize, usize)> = inst.fixed_off.iter().copied().collect();
    let mut roster = start;
    let staffed = |r: &Roster, d: usize, t: usize| {
        (0..inst.n_staff).filter(|&e| r.has(e, d, t)).count() as u32
    };
    // (class, price, rank of the slot on its day, day, shifts any of which fills the slot):
    // every day gets its first person before any gets its second, so that the early days do
    // not use up the people's weekly hours.
    type Slot = (u8, std::cmp::Reverse<u32>, u32, usize, Vec<usize>);
    let mut slots: Vec<Slot> = Vec::new();
    if let Some(cx) = context(inst) {
        for j in cx.joints.iter().filter(|j| j.kind == JointKind::AtLeast) {
            let n: u32 = j.shifts.iter().map(|&t| staffed(&roster, j.day, t)).sum();
            for k in n..j.count {
                slots.push((0, std::cmp::Reverse(0), k, j.day, j.shifts.clone()));
            }
        }
    }
    for c in &inst.cover {
        let n = staffed(&roster, c.day, c.shift);
        let min = c.min.unwrap_or(0);
        let w = std::cmp::Reverse(c.under_weight);
        for k in n..min {
            slots.push((1, w, k, c.day, vec![c.shift]));
        }
        if c.under_weight >= target_weight {
            for k in n.max(min)..c.target {
                slots.push((2, w, k, c.day, vec![c.shift]));
            }
        }
    }
    slots.sort();
    for (_, _, _, d, shifts) in slots {
        let mut candidates: Vec<(usize, usize)> = shifts
            .iter()
            .flat_map(|&t| (0..inst.n_staff).map(move |e| (e, t)))
            .filter(|&(e, t)| inst.allowed[e][t] && !roster.has(e, d, t) && !off.contains(&(e, d)))
            .filter(|&(e, t)| cap.is_none_or(|c| alone[e].2 + inst.duration(t) <= c))
            .collect();
        candidates.sort_by_key(|&(e, t)| (placement(inst, e, t), alone[e].2, e));
        for (e, t) in candidates {
            let (one, r, minutes, base) = &mut alone[e];
            let Some(ot) = one.shift_ix(inst.shift_id(t)) else {
                continue;
            };
            r.add(0, d, ot);
            if checker::check(one, r).hard_violations <= *base {
                *minutes += inst.duration(t);
                roster.add(e, d, t);
                break;
            }
            r.remove(0, d, ot);
        }
    }
    Ok(roster)
}

/// The GHT's units and pool keep 10 % of their budget for the hospital local search, as before
/// the annealing: with the single-unit default (85 %), the pool phase of the demo GHT month
/// (seed 1, 300 s) ended with 3 hard violations (daily duration caps) in two runs, since its
/// neighbourhood search, which removes the pool's breaches, lost its time.
const GHT_LOCAL_SEARCH_SHARE: f64 = 0.1;

/// Solves the whole problem unit by unit, then the pool phase; `params.time_limit` is the
/// whole budget (about 70 % for the units, shared by staff count, the rest for the pool).
pub fn solve_by_unit(
    problem: &Problem,
    params: &Params,
) -> Result<(Instance, Roster, GhtReport), GhtError> {
    let t0 = Instant::now();
    let whole = Instance::new(problem.clone()).map_err(GhtError::Invalid)?;
    let p = &whole.problem;
    let pool_staff: Vec<usize> = (0..whole.n_staff)
        .filter(|&e| p.staff[e].hospital.as_ref().is_some_and(|h| h.pool))
        .collect();
    let mut units: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for t in 0..whole.n_shifts {
        if let Some(u) = unit_of_shift(p, t) {
            units.entry(u.to_string()).or_default().1.push(t);
        }
    }
    for e in 0..whole.n_staff {
        if let Some(u) = p.staff[e]
            .hospital
            .as_ref()
            .filter(|h| !h.pool)
            .and_then(|h| h.unit.clone())
        {
            units.entry(u).or_default().0.push(e);
        }
    }
    let unit_staff: usize = units.values().map(|u| u.0.len()).sum();
    // Without a pool, the units get the whole budget.
    let unit_budget = if pool_staff.is_empty() {
        params.time_limit
    } else {
        0.7 * params.time_limit
    };
    let mut roster = Roster::new(whole.n_staff, whole.n_days);
    let mut runs = Vec::new();
    for (unit, (staff, shifts)) in &units {
        if staff.is_empty() || shifts.is_empty() {
            continue;
        }
        let share = unit_budget * staff.len() as f64 / unit_staff.max(1) as f64;
        let sub = sub_problem(p, staff, shifts, Some(unit_cover(&whole, shifts)));
        let mut prm = params.clone();
        prm.time_limit = share.max(1.0);
        prm.local_search_share = GHT_LOCAL_SEARCH_SHARE;
        prm.verbose = false;
        let (hard, seconds) = solve_part(sub, &prm, &mut roster, &whole, Start::Cycles)?;
        if params.verbose {
            eprintln!(
                "{:8.2}s {unit}: {} staff, {hard} hard violations left",
                t0.elapsed().as_secs_f64(),
                staff.len()
            );
        }
        runs.push(UnitRun {
            unit: unit.clone(),
            staff: staff.len(),
            shifts: shifts.len(),
            hard_violations: hard,
            seconds,
        });
    }
    // The pool fills what is left below the maquettes, on shifts its members may work.
    let mut residual = Vec::new();
    let mut pool_shifts = BTreeSet::new();
    for c in &whole.cover {
        let n = (0..whole.n_staff)
            .filter(|&e| roster.has(e, c.day, c.shift))
            .count() as u32;
        let rmin = c.min.unwrap_or(0).saturating_sub(n);
        let rtarget = c.target.saturating_sub(n);
        if rtarget == 0 && rmin == 0 {
            continue;
        }
        if !pool_staff.iter().any(|&e| whole.allowed[e][c.shift]) {
            continue;
        }
        pool_shifts.insert(c.shift);
        residual.push(Cover {
            day: c.day,
            shift: whole.shift_id(c.shift).to_string(),
            qualification: None,
            min: (rmin > 0).then_some(rmin),
            target: rtarget,
            max: None,
            under_weight: c.under_weight,
            over_weight: c.over_weight,
        });
    }
    if !pool_staff.is_empty() && !residual.is_empty() {
        let shifts: Vec<usize> = pool_shifts.into_iter().collect();
        let n_shifts = shifts.len();
        let sub = sub_problem(p, &pool_staff, &shifts, Some(residual));
        let mut prm = params.clone();
        // A little is kept for the final check of the whole roster.
        let reserve = (0.01 * params.time_limit).min(5.0);
        prm.time_limit = (params.time_limit - reserve - t0.elapsed().as_secs_f64()).max(5.0);
        prm.local_search_share = GHT_LOCAL_SEARCH_SHARE;
        prm.verbose = params.verbose;
        let (hard, seconds) = solve_part(sub, &prm, &mut roster, &whole, Start::PoolGreedy)?;
        runs.push(UnitRun {
            unit: "pool".into(),
            staff: pool_staff.len(),
            shifts: n_shifts,
            hard_violations: hard,
            seconds,
        });
    }
    let report = report(&whole, &roster, runs, t0.elapsed().as_secs_f64());
    Ok((whole, roster, report))
}

fn report(inst: &Instance, roster: &Roster, runs: Vec<UnitRun>, seconds: f64) -> GhtReport {
    let rep = checker::check(inst, roster);
    let mut hard_by_rule = BTreeMap::new();
    for v in rep.violations.iter().filter(|v| v.kind == Kind::Hard) {
        *hard_by_rule.entry(v.rule.to_string()).or_insert(0) += 1;
    }
    let cycle_departures = rep
        .violations
        .iter()
        .filter(|v| v.rule == "cycle_departure")
        .count();
    let (mut min_slots, mut min_ok, mut tgt_slots, mut tgt_ok) = (0u64, 0u64, 0u64, 0u64);
    for c in &inst.cover {
        let n = (0..inst.n_staff)
            .filter(|&e| roster.has(e, c.day, c.shift))
            .count() as u64;
        let m = u64::from(c.min.unwrap_or(0));
        min_slots += m;
        min_ok += n.min(m);
        tgt_slots += u64::from(c.target);
        tgt_ok += n.min(u64::from(c.target));
    }
    let satisfied = inst
        .requests
        .iter()
        .filter(|r| {
            let n = match r.shift {
                Some(t) => usize::from(roster.has(r.staff, r.day, t)),
                None => roster.shifts(r.staff, r.day).len(),
            };
            match r.kind {
                RequestKind::On => n > 0,
                RequestKind::Off => n == 0,
            }
        })
        .count();
    let mut placements = BTreeMap::new();
    for (e, _, t) in roster.assignments() {
        *placements.entry(placement(inst, e, t)).or_insert(0) += 1;
    }
    let pct = |a: u64, b: u64| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let establishments: BTreeSet<&str> = inst
        .problem
        .hospital
        .iter()
        .flat_map(|h| h.units.iter().map(|u| u.establishment.as_str()))
        .collect();
    GhtReport {
        establishments: establishments.len(),
        units: inst.problem.hospital.as_ref().map_or(0, |h| h.units.len()),
        staff: inst.n_staff,
        days: inst.n_days,
        hard_violations: rep.hard_violations,
        hard_by_rule,
        objective: rep.objective,
        cover_min_slots: min_slots,
        cover_min_staffed: min_ok,
        coverage_min_percent: pct(min_ok, min_slots),
        cover_target_slots: tgt_slots,
        cover_target_staffed: tgt_ok,
        coverage_target_percent: pct(tgt_ok, tgt_slots),
        desiderata: inst.requests.len(),
        desiderata_satisfied: satisfied,
        desiderata_percent: pct(satisfied as u64, inst.requests.len() as u64),
        cycle_departures,
        placements,
        seconds,
        peak_memory_mib: peak_memory_mib(),
        runs,
    }
}
