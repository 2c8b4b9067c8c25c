//! What granting a refused wish really costs: the roster is re-solved with the wish forced,
//! everything fixed but a window around the person and the day (the person's days around it,
//! everyone's days next to it), so that the planning may move other shifts to make room. The
//! cost is the objective of that roster minus the roster's (both from the checker), and the
//! soft costs that grow name the rules and needs the wish conflicts with.

use super::Reason;
use super::local::{added, cited, source_of};
use crate::checker::{self, Report};
use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::indicators::counts::wish_met;
use crate::mip::{MipBuilder, Restrictor};
use crate::problem::{Instance, Req, RequestKind, Roster};
use crate::repair::{Change, changes};
use crate::rules::{Kind, Violation, build_mip};
use serde::Serialize;
use std::collections::BTreeMap;

/// Days either side of the wish on which the person's own shifts may move.
pub const PERSON_DAYS: usize = 3;
/// Days either side of the wish on which everyone's shifts may move (0 = the wish's day only).
pub const OTHERS_DAYS: usize = 1;
/// Budget of one re-solve.
const SECONDS: f64 = 2.0;
const NODES: u64 = 2000;

/// The roster re-solved with the wish forced.
#[derive(Debug, Clone, Serialize)]
pub struct ForcedGrant {
    /// Objective of the re-solved roster minus the roster's (negative: the roster improves).
    pub cost: i64,
    /// The re-solve of the window was proven optimal (else: the best found in its budget).
    pub optimal: bool,
    /// Hard rules the re-solve could not keep (the wish cannot be granted without them).
    pub broken: Vec<Reason>,
    /// Soft costs that change, largest increase first: the first ones are what the wish
    /// conflicts with (a need left below its target, another person's wish, a rule's limit).
    pub costs: Vec<CostItem>,
    /// Assignments the grant changes (the wish itself included).
    pub changes: Vec<Change>,
    #[serde(skip)]
    pub roster: Roster,
}

/// The change of one soft cost between the roster and the re-solved one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostItem {
    pub rule: String,
    pub source: Option<String>,
    pub staff: Option<String>,
    pub days: Vec<usize>,
    /// After minus before.
    pub cost: i64,
    /// In French, with the source (the re-solved roster's wording when it has the breach).
    pub message: String,
}

/// Re-solves windows of one roster: the model is built once for all the wishes.
pub struct ForcedSolver<'a> {
    inst: &'a Instance,
    roster: &'a Roster,
    model: MipBuilder,
    restrictor: Restrictor,
    x: Vec<f64>,
    base: Report,
}

/// What identifies a soft cost across rosters: rule, person, days and message without numbers.
type Key = (&'static str, Option<String>, Vec<usize>, String);

fn key(v: &Violation) -> Key {
    (
        v.rule,
        v.staff.clone(),
        v.days.clone(),
        v.message.chars().filter(|c| !c.is_ascii_digit()).collect(),
    )
}

fn soft_costs(rep: &Report) -> BTreeMap<Key, (i64, &Violation)> {
    let mut out: BTreeMap<Key, (i64, &Violation)> = BTreeMap::new();
    for v in rep.violations.iter().filter(|v| v.kind == Kind::Soft) {
        out.entry(key(v)).or_insert((0, v)).0 += v.cost;
    }
    out
}

/// The soft costs that differ between `before` and `after`, largest increase first.
pub fn cost_changes(before: &Report, after: &Report) -> Vec<CostItem> {
    let (b, a) = (soft_costs(before), soft_costs(after));
    let mut keys: Vec<&Key> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut items: Vec<CostItem> = keys
        .into_iter()
        .filter_map(|k| {
            let (cb, vb) = b.get(k).map_or((0, None), |(c, v)| (*c, Some(*v)));
            let (ca, va) = a.get(k).map_or((0, None), |(c, v)| (*c, Some(*v)));
            let v = va.or(vb)?;
            (ca != cb).then(|| CostItem {
                rule: v.rule.to_string(),
                source: source_of(v.rule).map(str::to_string),
                staff: v.staff.clone(),
                days: v.days.clone(),
                cost: ca - cb,
                message: cited(v),
            })
        })
        .collect();
    items.sort_by_key(|q| std::cmp::Reverse(q.cost));
    items
}

impl<'a> ForcedSolver<'a> {
    pub fn new(inst: &'a Instance, roster: &'a Roster) -> Self {
        // The repair model: a roster that already breaks a hard row elsewhere keeps a feasible
        // window, and a grant that must break one pays its price (and is reported).
        let model = build_mip(inst).elastic_copy();
        let restrictor = Restrictor::new(&model);
        let mut x = vec![0.0; inst.n_staff * inst.n_days * inst.n_shifts];
        for (e, d, t) in roster.assignments() {
            x[model.x(e, d, t)] = 1.0;
        }
        ForcedSolver {
            inst,
            roster,
            model,
            restrictor,
            x,
            base: checker::check(inst, roster),
        }
    }

    /// The freed cells: the person around the day, then everyone next to it.
    fn window(&self, e: usize, d: usize) -> Vec<(usize, usize)> {
        let nd = self.inst.n_days;
        let span = |k: usize| d.saturating_sub(k)..(d + k + 1).min(nd);
        let mut cells: Vec<(usize, usize)> = span(PERSON_DAYS).map(|d2| (e, d2)).collect();
        for e2 in (0..self.inst.n_staff).filter(|&x| x != e) {
            cells.extend(span(OTHERS_DAYS).map(|d2| (e2, d2)));
        }
        cells
    }

    /// Re-solves the window of `r` with `r` forced. `None` when no roster of the window grants
    /// it (the wish's own cell is forbidden, or the fixed rest of the roster leaves no way).
    pub fn grant(&self, r: &Req) -> Result<Option<ForcedGrant>, HighsError> {
        let (inst, m) = (self.inst, &self.model);
        let (e, d) = (r.staff, r.day);
        let cells = self.window(e, d);
        let nt = inst.n_shifts;
        let free: Vec<usize> = cells
            .iter()
            .flat_map(|&(e2, d2)| (0..nt).map(move |t| (e2, d2, t)))
            .map(|(e2, d2, t)| m.x(e2, d2, t))
            .collect();
        let (mut sub, _) = self.restrictor.restrict(m, &free, &self.x);
        // The wish's cells are the first `nt` free columns (the person's window starts at its
        // first day, so the wish's day is `d - start` cells in).
        let first = (d - d.saturating_sub(PERSON_DAYS)) * nt;
        let col = |t: usize| first + t;
        match (r.kind, r.shift) {
            (RequestKind::On, Some(t)) => {
                if sub.upper[col(t)] < 0.5 {
                    return Ok(None);
                }
                sub.lower[col(t)] = 1.0;
            }
            (RequestKind::On, None) => {
                let terms: Vec<(usize, f64)> = (0..nt)
                    .filter(|&t| sub.upper[col(t)] > 0.5)
                    .map(|t| (col(t), 1.0))
                    .collect();
                if terms.is_empty() {
                    return Ok(None);
                }
                sub.add_row(1.0, f64::INFINITY, &terms);
            }
            (RequestKind::Off, Some(t)) => sub.upper[col(t)] = 0.0,
            (RequestKind::Off, None) => (0..nt).for_each(|t| sub.upper[col(t)] = 0.0),
        }
        for c in 0..free.len() {
            sub.lower[c] = sub.lower[c].min(sub.upper[c]);
        }
        let mut h = Highs::new(&sub)?;
        // Start from the roster where it already grants what is forced, else let HiGHS search.
        h.set_start(
            &free
                .iter()
                .enumerate()
                .map(|(j, &c)| (j, self.x[c].clamp(sub.lower[j], sub.upper[j])))
                .collect::<Vec<_>>(),
        )?;
        let out = h.run(
            &RunOptions {
                time_limit: Some(SECONDS),
                mip_rel_gap: Some(0.0),
                threads: Some(1),
                node_limit: Some(NODES),
                ..RunOptions::default()
            },
            None,
            None,
        )?;
        let Some(values) = out.values else {
            return Ok(None);
        };
        let mut forced = self.roster.clone();
        for &(e2, d2) in &cells {
            forced.clear(e2, d2);
        }
        for (j, &c) in free.iter().enumerate() {
            if values[j] > 0.5 {
                let (e2, rest) = (c / (inst.n_days * nt), c % (inst.n_days * nt));
                forced.add(e2, rest / nt, rest % nt);
            }
        }
        // Forced in the model: the re-solved roster grants it (checked, not assumed).
        if !wish_met(&forced, r) {
            return Ok(None);
        }
        let after = checker::check(inst, &forced);
        let broken = added(&self.base.violations, after.violations.clone())
            .iter()
            .map(Reason::from_violation)
            .collect();
        Ok(Some(ForcedGrant {
            cost: after.objective - self.base.objective,
            optimal: out.status == RunStatus::Optimal,
            broken,
            costs: cost_changes(&self.base, &after),
            changes: changes(inst, self.roster, &forced).1,
            roster: forced,
        }))
    }
}
