//! Repair (actualisation) of a published roster after new absences or demand changes: the
//! published roster becomes the reference, each changed assignment costs a heavy weight and
//! each changed person a smaller one (so the fewest assignments change first, then the fewest
//! people), the past is frozen (`replan.frozen_until`, rule `frozen_past`), and the search
//! starts from the published roster. The next alternatives forbid every previous change set
//! (rule `excluded_repairs`). Changes within the notice of now are reported as needing a reason
//! code.
//!
//!
//! Among repairs changing as much, the order of preference of the sources of staff is priced in
//! the objective: own unit (free), then the pool de suppléance, then volunteers from other
//! units, then another site (the hospital layer's `placement_*_weight`, rule
//! `placement_preference`), then overtime (`replan.overtime_weight` per started hour above the
//! due or the published hours, rule `overtime_added`). Each added shift reports its source.

use crate::hospital::Placement;
use crate::indicators::counts::{Period, due_minutes, person_counts};
use crate::problem::{Assignment, ChangeSet, Instance, Problem, Reference, Replan, Roster};
use crate::rules::hospital::placement::placement;
use crate::rules::overtime_added::added_minutes;
use crate::solve::{self, Params, SolveError, Status};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone)]
pub struct RepairOptions {
    pub params: Params,
    /// How many alternatives to propose.
    pub alternatives: usize,
    /// Cost of one assignment added or dropped.
    pub assignment_weight: u32,
    /// Cost of one person whose roster changes.
    pub person_weight: u32,
    /// Cost per started hour of overtime a repair adds (last in the order of preference).
    pub overtime_weight: u32,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions {
            params: Params {
                time_limit: 10.0,
                ..Params::default()
            },
            alternatives: 3,
            assignment_weight: 1000,
            person_weight: 100,
            overtime_weight: 4,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub staff: String,
    pub day: usize,
    pub date: String,
    /// Shift dropped (published, no longer worked) or `None`.
    pub removed: Option<String>,
    /// Shift added or `None`.
    pub added: Option<String>,
    /// Takes effect less than the notice after now: needs a reason code.
    pub needs_reason_code: bool,
    /// Where the added shift's worker comes from (own unit, pool, volunteer, another site).
    pub source: Option<Placement>,
    /// The person ends the horizon with overtime the repair added.
    pub overtime: bool,
}

/// Added shifts per source of staff, and people given overtime, in the order of preference.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SourceCounts {
    pub home: usize,
    pub pool: usize,
    pub volunteer: usize,
    pub other_site: usize,
    /// People whose hours the repair takes above their due (or published hours).
    pub overtime_people: usize,
}

impl SourceCounts {
    fn of(changes: &[Change]) -> Self {
        let mut c = SourceCounts::default();
        for ch in changes {
            match ch.source {
                Some(Placement::Home) => c.home += 1,
                Some(Placement::Pool) => c.pool += 1,
                Some(Placement::Volunteer) => c.volunteer += 1,
                Some(Placement::OtherSite) => c.other_site += 1,
                None => {}
            }
        }
        let mut people: Vec<&str> = changes
            .iter()
            .filter(|c| c.overtime)
            .map(|c| c.staff.as_str())
            .collect();
        people.sort_unstable();
        people.dedup();
        c.overtime_people = people.len();
        c
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub rank: usize,
    pub status: Status,
    pub hard_violations: usize,
    /// Assignments added or dropped.
    pub changed_assignments: usize,
    pub people_affected: Vec<String>,
    /// Soft cost without the change costs (wishes, cover targets, quality).
    pub soft_cost: i64,
    /// Whole objective (change costs included).
    pub objective: i64,
    /// Minutes above the due added for the people affected.
    pub overtime_minutes_added: i64,
    pub changes: Vec<Change>,
    pub needs_reason_code: usize,
    pub sources: SourceCounts,
    pub seconds: f64,
    #[serde(skip)]
    pub roster: Roster,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepairReport {
    pub alternatives: Vec<Alternative>,
    /// Hard violations of the published roster on the new problem (what needed the repair).
    pub published_hard_violations: usize,
    /// The order of preference between sources of staff applied (French).
    pub preference_order: String,
    pub seconds: f64,
    /// Stopped by the cancel flag: the alternatives are whatever was found until then.
    pub cancelled: bool,
}

/// The re-planning problem: the published roster as heavily weighted reference.
pub fn replanning_problem(
    problem: &Problem,
    published: &[Assignment],
    opts: &RepairOptions,
) -> Problem {
    let mut p = problem.clone();
    p.reference = Some(Reference {
        weight: opts.assignment_weight,
        assignments: published.to_vec(),
    });
    let mut r = p.replan.take().unwrap_or(Replan {
        notice_minutes: 2880,
        ..Default::default()
    });
    r.person_weight = opts.person_weight;
    r.overtime_weight = opts.overtime_weight;
    p.replan = Some(r);
    p
}

/// Changes from `published` to `roster`.
pub fn changes(inst: &Instance, published: &Roster, roster: &Roster) -> (ChangeSet, Vec<Change>) {
    let mut set = ChangeSet::default();
    let mut list = Vec::new();
    let replan = inst.problem.replan.as_ref();
    let now = replan.and_then(|r| r.now_day.map(|d| d as i64 * 1440 + i64::from(r.now_minute)));
    let notice = replan.map_or(2880, |r| i64::from(r.notice_minutes));
    for e in 0..inst.n_staff {
        for d in 0..inst.n_days {
            let (a, b) = (published.shifts(e, d), roster.shifts(e, d));
            if a == b {
                continue;
            }
            let gone: Vec<usize> = a.iter().copied().filter(|t| !b.contains(t)).collect();
            let new: Vec<usize> = b.iter().copied().filter(|t| !a.contains(t)).collect();
            let asg = |t: usize| Assignment {
                staff: inst.staff_id(e).to_string(),
                day: d,
                shift: inst.shift_id(t).to_string(),
            };
            set.removed.extend(gone.iter().map(|&t| asg(t)));
            set.added.extend(new.iter().map(|&t| asg(t)));
            let starts = gone
                .iter()
                .chain(&new)
                .map(|&t| d as i64 * 1440 + i64::from(inst.problem.shift_types[t].start_minute));
            let urgent = now.is_some_and(|n| starts.clone().any(|s| s < n + notice));
            let overtime = added_minutes(inst, roster, e) > 0;
            for k in 0..gone.len().max(new.len()) {
                list.push(Change {
                    staff: inst.staff_id(e).to_string(),
                    day: d,
                    date: inst.problem.days[d].date.clone(),
                    removed: gone.get(k).map(|&t| inst.shift_id(t).to_string()),
                    added: new.get(k).map(|&t| inst.shift_id(t).to_string()),
                    needs_reason_code: urgent,
                    source: new.get(k).map(|&t| placement(inst, e, t)),
                    overtime: overtime && new.get(k).is_some(),
                });
            }
        }
    }
    (set, list)
}

fn overtime(inst: &Instance, roster: &Roster, people: &[usize]) -> i64 {
    let p = Period::whole(inst);
    let c = person_counts(inst, roster, p);
    people
        .iter()
        .map(|&e| {
            due_minutes(inst, e, p).map_or(0, |due| {
                (f64::from(c[e].worked_minutes) - due).max(0.0) as i64
            })
        })
        .sum()
}

/// The published roster without the assignments the model now forbids outright (an absence, a
/// missing qualification): the search starts from it.
fn feasible_start(inst: &Instance, published: &Roster) -> Roster {
    let m = crate::rules::build_mip(inst);
    let mut r = Roster::new(inst.n_staff, inst.n_days);
    for (e, d, t) in published.assignments() {
        if m.upper[m.x(e, d, t)] > 0.5 {
            r.add(e, d, t);
        }
    }
    r
}

/// The order of preference a repair applies, for the user.
pub const PREFERENCE_ORDER: &str = "à nombre de changements égal : agents de l'unité, puis pool de suppléance, puis volontaires d'autres unités, puis autre établissement du GHT, puis heures supplémentaires";

#[derive(Debug, thiserror::Error)]
pub enum RepairError {
    #[error("problème de re-planification invalide : {0}")]
    Invalid(String),
    #[error(transparent)]
    Solve(#[from] SolveError),
}

fn instance(p: Problem) -> Result<Instance, RepairError> {
    Instance::new(p).map_err(|errs| {
        RepairError::Invalid(
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// Repairs `published` for `problem` (with its new absences and demand) and proposes up to
/// `opts.alternatives` distinct repairs, best first.
pub fn repair(
    problem: &Problem,
    published: &[Assignment],
    opts: &RepairOptions,
) -> Result<RepairReport, RepairError> {
    repair_cancellable(problem, published, opts, None)
}

/// [`repair`], stopped as soon as `cancel` becomes true (checked inside each search, and
/// before each alternative).
pub fn repair_cancellable(
    problem: &Problem,
    published: &[Assignment],
    opts: &RepairOptions,
    cancel: Option<&AtomicBool>,
) -> Result<RepairReport, RepairError> {
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let t0 = std::time::Instant::now();
    let base = replanning_problem(problem, published, opts);
    let inst0 = instance(base.clone())?;
    let file = crate::problem::RosterFile {
        version: crate::problem::PROBLEM_VERSION,
        assignments: published.to_vec(),
    };
    let pub_roster = inst0.roster(&file).map_err(|errs| {
        RepairError::Invalid(
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let published_hard_violations = crate::checker::check(&inst0, &pub_roster).hard_violations;
    let n_alt = opts.alternatives.max(1);
    let mut alternatives: Vec<Alternative> = Vec::new();
    let mut excluded: Vec<ChangeSet> = Vec::new();
    for rank in 1..=n_alt {
        if cancelled() {
            break;
        }
        let mut p = base.clone();
        if let Some(r) = p.replan.as_mut() {
            r.excluded_changes.extend(excluded.iter().cloned());
        }
        let inst = instance(p)?;
        // The first repair gets half the time, the others share the rest.
        let share = if n_alt == 1 {
            1.0
        } else if rank == 1 {
            0.5
        } else {
            0.5 / (n_alt - 1) as f64
        };
        let params = Params {
            time_limit: opts.params.time_limit * share,
            ..opts.params.clone()
        };
        let t1 = std::time::Instant::now();
        let start = feasible_start(&inst, &pub_roster);
        let out = solve::solve(&inst, &params, Some(&start), &mut |_| {}, cancel)?;
        let (Some(roster), Some(report)) = (out.roster, out.report) else {
            break;
        };
        let (set, list) = changes(&inst, &pub_roster, &roster);
        if set.added.is_empty() && set.removed.is_empty() && rank > 1 {
            break;
        }
        let mut people: Vec<usize> = list
            .iter()
            .filter_map(|c| inst.staff_ix(&c.staff))
            .collect();
        people.dedup();
        let changed = set.added.len() + set.removed.len();
        let change_cost = changed as i64 * i64::from(opts.assignment_weight)
            + people.len() as i64 * i64::from(opts.person_weight);
        let alt = Alternative {
            rank,
            status: out.status,
            hard_violations: report.hard_violations,
            changed_assignments: changed,
            people_affected: people
                .iter()
                .map(|&e| inst.staff_id(e).to_string())
                .collect(),
            soft_cost: report.objective - change_cost,
            objective: report.objective,
            overtime_minutes_added: overtime(&inst, &roster, &people)
                - overtime(&inst, &pub_roster, &people),
            needs_reason_code: list.iter().filter(|c| c.needs_reason_code).count(),
            sources: SourceCounts::of(&list),
            changes: list,
            seconds: t1.elapsed().as_secs_f64(),
            roster,
        };
        let stop = changed == 0;
        alternatives.push(alt);
        if stop {
            // Nothing to repair: no alternative to offer.
            break;
        }
        excluded.push(set);
    }
    Ok(RepairReport {
        alternatives,
        published_hard_violations,
        preference_order: PREFERENCE_ORDER.into(),
        seconds: t0.elapsed().as_secs_f64(),
        cancelled: cancelled(),
    })
}

#[cfg(test)]
mod tests;
