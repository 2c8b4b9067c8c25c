//! Running the planning engine on a job's payload: problem JSON in, roster JSON and a
//! summary out. Pure (no database): the same code serves the in-process pool and workers.
//! A repair job (`SolveParams::repair`) re-plans the problem's reference (the published
//! roster) and returns its best alternative, with every alternative in the summary.

use std::sync::atomic::AtomicBool;

use releve_solver::problem::{Instance, Problem};
use releve_solver::repair::{self, RepairOptions};
use releve_solver::solve::{self, Event, Params};
use serde::{Deserialize, Serialize};

/// What a client may set for one solve.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SolveParams {
    /// Wall-clock budget in seconds.
    pub time_limit: f64,
    pub seed: u64,
    /// Bound the search by iterations, for reproducible results.
    pub max_iterations: Option<u64>,
    /// Re-plan the problem's reference roster (the published one) instead of solving afresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair: Option<RepairSpec>,
}

/// What a repair job asks for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RepairSpec {
    /// How many distinct repairs to propose (1 to 5).
    pub alternatives: u32,
}

/// Most alternatives a repair may propose.
pub const MAX_ALTERNATIVES: u32 = 5;

/// Longest solve a request may ask for.
pub const MAX_TIME_LIMIT: f64 = 600.0;

/// The outcome of a finished solve, as stored in the job's summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub status: String,
    pub objective: Option<i64>,
    pub lower_bound: Option<i64>,
    pub hard_violations: Option<usize>,
    pub seconds: f64,
    pub cancelled: bool,
    /// A repair's report (`releve_solver::repair::RepairReport` in JSON): every alternative
    /// with its changes, cost and the people affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair: Option<serde_json::Value>,
}

/// A finished solve: the roster (solver JSON format) when one was found.
#[derive(Debug, Clone)]
pub struct EngineResult {
    pub roster: Option<String>,
    pub summary: Summary,
}

/// Checks a problem without solving it; the error lists every bad value with its path.
pub fn validate(problem_json: &str) -> Result<Instance, String> {
    let problem: Problem =
        serde_json::from_str(problem_json).map_err(|e| format!("problème illisible : {e}"))?;
    Instance::new(problem).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("problème invalide : {}", list.join(" ; "))
    })
}

/// Solves; `on_event` sees every improving roster, `cancel` stops the search (the best
/// roster so far is still returned). Every result is re-checked by the independent checker.
pub fn run(
    problem_json: &str,
    params: &SolveParams,
    threads: u32,
    on_event: &mut dyn FnMut(Event),
    cancel: &AtomicBool,
) -> Result<EngineResult, String> {
    let instance = validate(problem_json)?;
    if let Some(spec) = &params.repair {
        return run_repair(instance.problem, params, spec, threads, cancel);
    }
    let solver_params = Params {
        time_limit: params.time_limit,
        threads,
        seed: params.seed,
        max_iterations: params.max_iterations,
        ..Params::default()
    };
    let outcome = solve::solve(&instance, &solver_params, None, on_event, Some(cancel))
        .map_err(|e| format!("échec du moteur : {e}"))?;
    let roster = match &outcome.roster {
        Some(roster) => Some(
            serde_json::to_string(&instance.roster_file(roster))
                .map_err(|e| format!("planning illisible : {e}"))?,
        ),
        None => None,
    };
    let status = serde_json::to_value(outcome.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok(EngineResult {
        roster,
        summary: Summary {
            status,
            objective: outcome.report.as_ref().map(|r| r.objective),
            lower_bound: outcome.lower_bound,
            hard_violations: outcome.report.as_ref().map(|r| r.hard_violations),
            seconds: outcome.seconds,
            cancelled: outcome.cancelled,
            repair: None,
        },
    })
}

/// Repairs the problem's reference roster; the best alternative is the job's roster. `cancel`
/// stops the search at once, and then nothing is kept.
fn run_repair(
    mut problem: Problem,
    params: &SolveParams,
    spec: &RepairSpec,
    threads: u32,
    cancel: &AtomicBool,
) -> Result<EngineResult, String> {
    let published = problem
        .reference
        .take()
        .ok_or("réparation sans planning publié (reference)")?
        .assignments;
    let opts = RepairOptions {
        params: Params {
            time_limit: params.time_limit,
            threads,
            seed: params.seed,
            max_iterations: params.max_iterations,
            ..Params::default()
        },
        alternatives: spec.alternatives.clamp(1, MAX_ALTERNATIVES) as usize,
        ..RepairOptions::default()
    };
    let report = repair::repair_cancellable(&problem, &published, &opts, Some(cancel))
        .map_err(|e| format!("échec du moteur : {e}"))?;
    if report.cancelled {
        // A cancelled repair proposes nothing: a half-searched repair is not one to adopt.
        return Ok(EngineResult {
            roster: None,
            summary: Summary {
                status: "cancelled".to_owned(),
                objective: None,
                lower_bound: None,
                hard_violations: None,
                seconds: report.seconds,
                cancelled: true,
                repair: None,
            },
        });
    }
    let best = report.alternatives.first();
    let roster = match best {
        Some(alt) => {
            let inst = repair_instance(&problem, &published, &opts)?;
            Some(
                serde_json::to_string(&inst.roster_file(&alt.roster))
                    .map_err(|e| format!("planning illisible : {e}"))?,
            )
        }
        None => None,
    };
    let status = best
        .and_then(|a| serde_json::to_value(a.status).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "no_solution".to_owned());
    Ok(EngineResult {
        roster,
        summary: Summary {
            status,
            objective: best.map(|a| a.objective),
            lower_bound: None,
            hard_violations: best.map(|a| a.hard_violations),
            seconds: report.seconds,
            cancelled: false,
            repair: Some(
                serde_json::to_value(&report).map_err(|e| format!("rapport illisible : {e}"))?,
            ),
        },
    })
}

/// The instance a repair's rosters are indexed by.
fn repair_instance(
    problem: &Problem,
    published: &[releve_solver::problem::Assignment],
    opts: &RepairOptions,
) -> Result<Instance, String> {
    Instance::new(repair::replanning_problem(problem, published, opts))
        .map_err(|errors| format!("problème invalide : {errors:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use releve_solver::problem::{FixedDayOff, Reference, RosterFile};

    fn params(repair: Option<RepairSpec>) -> SolveParams {
        SolveParams {
            time_limit: 5.0,
            seed: 1,
            max_iterations: Some(20),
            repair,
        }
    }

    #[test]
    fn a_repair_job_re_plans_the_reference_and_reports_every_alternative() {
        let ward = include_str!("../../../solver/examples/ward.problem.json");
        let never = AtomicBool::new(false);
        let solved = run(ward, &params(None), 1, &mut |_| {}, &never).unwrap();
        let roster: RosterFile = serde_json::from_str(solved.roster.as_deref().unwrap()).unwrap();
        assert!(solved.summary.repair.is_none());
        // The first assignment's person is away that day.
        let gone = roster.assignments[0].clone();
        let mut problem: Problem = serde_json::from_str(ward).unwrap();
        problem.fixed_days_off.push(FixedDayOff {
            staff: gone.staff.clone(),
            day: gone.day,
        });
        problem.reference = Some(Reference {
            weight: 1000,
            assignments: roster.assignments.clone(),
        });
        let json = serde_json::to_string(&problem).unwrap();
        let spec = RepairSpec { alternatives: 2 };
        let out = run(&json, &params(Some(spec)), 1, &mut |_| {}, &never).unwrap();
        assert_eq!(out.summary.hard_violations, Some(0));
        let repaired: RosterFile = serde_json::from_str(out.roster.as_deref().unwrap()).unwrap();
        assert!(!repaired.assignments.contains(&gone));
        let report = out.summary.repair.unwrap();
        let alternatives = report["alternatives"].as_array().unwrap();
        assert!(!alternatives.is_empty() && alternatives.len() <= 2);
        assert_eq!(alternatives[0]["rank"], 1);
        assert!(
            alternatives[0]["changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["staff"] == gone.staff.as_str() && c["removed"] == gone.shift.as_str())
        );
        // Without the published roster there is nothing to repair.
        let bare = run(
            ward,
            &params(Some(RepairSpec { alternatives: 1 })),
            1,
            &mut |_| {},
            &never,
        );
        assert!(bare.unwrap_err().contains("planning publié"));
    }
}
