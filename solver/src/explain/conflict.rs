//! When the demand cannot be covered at all: an irreducible infeasible subset of the cover
//! minima, absences (fixed days off) and hard rules, found by deletion filtering (chunks first,
//! then one element at a time): without any one of its elements the rest is feasible.

use crate::highs::{Highs, HighsError, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Problem};
use crate::rules::{Kind, all_rules, day_label};
use serde::Serialize;
use std::time::Instant;

/// One thing that can be taken out of the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Element {
    /// The minimum of `cover[index]`.
    CoverMinimum { index: usize },
    /// `fixed_days_off[index]`.
    Absence { index: usize },
    /// A hard rule.
    Rule { id: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictItem {
    pub element: Element,
    /// In French.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// `true` when every removal test was decided, so the set is proven irreducible.
    pub irreducible: bool,
    pub items: Vec<ConflictItem>,
    pub feasibility_checks: usize,
    pub seconds: f64,
    /// In French.
    pub text: String,
}

/// Rules whose data are listed element by element.
const DATA_RULES: &[&str] = &["cover_bounds", "fixed_days_off"];

/// The elements of an instance: cover minima, absences, and the hard rules.
pub fn elements(inst: &Instance) -> Vec<Element> {
    let mut v: Vec<Element> = (0..inst.problem.cover.len())
        .filter(|&i| inst.problem.cover[i].min.is_some_and(|m| m > 0))
        .map(|index| Element::CoverMinimum { index })
        .collect();
    v.extend((0..inst.problem.fixed_days_off.len()).map(|index| Element::Absence { index }));
    v.extend(
        all_rules()
            // Cover minima and absences are elements of their own, one by one.
            .filter(|r| r.kind() == Kind::Hard && !DATA_RULES.contains(&r.id()))
            .map(|r| Element::Rule { id: r.id().into() }),
    );
    v
}

/// Whether the problem with only the `active` elements has a roster without hard violation:
/// `Some(false)` proven infeasible, `Some(true)` feasible, `None` undecided in time.
pub fn feasible(
    inst: &Instance,
    all: &[Element],
    active: &[bool],
    time_limit: f64,
) -> Result<Option<bool>, HighsError> {
    let mut p: Problem = inst.problem.clone();
    let mut keep_off = vec![true; p.fixed_days_off.len()];
    let mut skipped_rules: Vec<&str> = Vec::new();
    for (el, &on) in all.iter().zip(active) {
        if on {
            continue;
        }
        match el {
            Element::CoverMinimum { index } => p.cover[*index].min = None,
            Element::Absence { index } => keep_off[*index] = false,
            Element::Rule { id } => skipped_rules.push(id),
        }
    }
    let mut k = keep_off.iter();
    p.fixed_days_off.retain(|_| *k.next().unwrap_or(&true));
    let Ok(sub) = Instance::new(p) else {
        return Ok(None);
    };
    let mut m = MipBuilder::new(&sub);
    for r in all_rules().filter(|r| !skipped_rules.contains(&r.id())) {
        r.add(&mut m, &sub);
    }
    // Feasibility only.
    m.cost.iter_mut().for_each(|c| *c = 0.0);
    let mut h = Highs::new(&m)?;
    let out = h.run(
        &RunOptions {
            time_limit: Some(time_limit),
            threads: Some(1),
            ..Default::default()
        },
        None,
        None,
    )?;
    Ok(match out.status {
        RunStatus::Infeasible => Some(false),
        _ if out.values.is_some() => Some(true),
        _ => None,
    })
}

/// A small conflicting set, or `None` when the problem is feasible (or undecided in time).
pub fn conflict(inst: &Instance, time_limit: f64) -> Result<Option<Conflict>, HighsError> {
    let t0 = Instant::now();
    let all = elements(inst);
    let per_check = (time_limit / 10.0).clamp(0.5, 10.0);
    let mut checks = 1;
    let mut active = vec![true; all.len()];
    if feasible(inst, &all, &active, per_check)? != Some(false) {
        return Ok(None);
    }
    let mut irreducible = true;
    // Deletion filter, chunks first: drop a chunk when the rest stays infeasible.
    let mut chunk = all.len().div_ceil(2).max(1);
    loop {
        let on: Vec<usize> = (0..all.len()).filter(|&i| active[i]).collect();
        for part in on.chunks(chunk) {
            if t0.elapsed().as_secs_f64() > time_limit {
                irreducible = false;
                break;
            }
            for &i in part {
                active[i] = false;
            }
            checks += 1;
            match feasible(inst, &all, &active, per_check)? {
                Some(false) => {}
                undecided_or_feasible => {
                    if undecided_or_feasible.is_none() && chunk == 1 {
                        irreducible = false;
                    }
                    for &i in part {
                        active[i] = true;
                    }
                }
            }
        }
        if chunk == 1 || t0.elapsed().as_secs_f64() > time_limit {
            break;
        }
        chunk = chunk.div_ceil(4).max(1);
    }
    let items: Vec<ConflictItem> = all
        .iter()
        .zip(&active)
        .filter(|(_, on)| **on)
        .map(|(el, _)| ConflictItem {
            element: el.clone(),
            text: describe(inst, el),
        })
        .collect();
    let list: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let text = format!(
        "Le besoin ne peut pas être couvert : ces éléments sont incompatibles ensemble (en retirer un seul suffit à rendre le planning possible) : {}",
        list.join(" ; ")
    );
    Ok(Some(Conflict {
        irreducible,
        items,
        feasibility_checks: checks,
        seconds: t0.elapsed().as_secs_f64(),
        text,
    }))
}

pub fn describe(inst: &Instance, el: &Element) -> String {
    match el {
        Element::CoverMinimum { index } => {
            let c = &inst.problem.cover[*index];
            format!(
                "besoin minimum de {} personne(s){} sur le poste {} le {}",
                c.min.unwrap_or(0),
                c.qualification
                    .as_deref()
                    .map(|q| format!(" ({q})"))
                    .unwrap_or_default(),
                c.shift,
                day_label(inst, c.day)
            )
        }
        Element::Absence { index } => {
            let f = &inst.problem.fixed_days_off[*index];
            format!("absence de {} le {}", f.staff, day_label(inst, f.day))
        }
        Element::Rule { id } => match all_rules().find(|r| r.id() == id).and_then(|r| r.source()) {
            Some(s) => format!("règle {id} ({s})"),
            None => format!("règle {id}"),
        },
    }
}
