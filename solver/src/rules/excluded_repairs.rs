//! Alternatives of a repair: a roster may not make every change of a repair already proposed
//! (`replan.excluded_changes`), so that the next proposal differs from it.

use super::{Kind, Rule, Violation};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};

pub struct ExcludedRepairs;

/// Each excluded set as (added, removed) index triples.
type Sets = Vec<(Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>)>;

fn sets(inst: &Instance) -> Sets {
    let Some(r) = &inst.problem.replan else {
        return Vec::new();
    };
    let ix = |a: &crate::problem::Assignment| {
        Some((inst.staff_ix(&a.staff)?, a.day, inst.shift_ix(&a.shift)?))
    };
    r.excluded_changes
        .iter()
        .map(|c| {
            (
                c.added.iter().filter_map(ix).collect(),
                c.removed.iter().filter_map(ix).collect(),
            )
        })
        .filter(|(a, r): &(Vec<_>, Vec<_>)| !a.is_empty() || !r.is_empty())
        .collect()
}

impl Rule for ExcludedRepairs {
    fn id(&self) -> &'static str {
        "excluded_repairs"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Alternatives de réparation distinctes")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for (added, removed) in sets(inst) {
            // sum added x + sum removed (1 - x) <= |set| - 1.
            let mut terms: Vec<(usize, f64)> =
                added.iter().map(|&(e, d, t)| (m.x(e, d, t), 1.0)).collect();
            terms.extend(removed.iter().map(|&(e, d, t)| (m.x(e, d, t), -1.0)));
            let n = (added.len() + removed.len()) as f64;
            m.add_row(f64::NEG_INFINITY, n - 1.0 - removed.len() as f64, &terms);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for (i, (added, removed)) in sets(inst).iter().enumerate() {
            let all = added.iter().all(|&(e, d, t)| roster.has(e, d, t))
                && removed.iter().all(|&(e, d, t)| !roster.has(e, d, t));
            if all {
                v.push(Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: None,
                    days: added.iter().chain(removed).map(|x| x.1).collect(),
                    cost: 0,
                    message: format!("reprend la réparation déjà proposée n° {}", i + 1),
                });
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Assignment, ChangeSet, Replan};
    use crate::rules::testing::*;

    #[test]
    fn a_roster_making_every_excluded_change_breaks_it_once() {
        let a = |s: &str, d: usize, t: &str| Assignment {
            staff: s.into(),
            day: d,
            shift: t.into(),
        };
        let inst = tiny_with(|p| {
            p.replan = Some(Replan {
                excluded_changes: vec![ChangeSet {
                    added: vec![a("b", 2, "D")],
                    removed: vec![a("a", 2, "D")],
                }],
                ..Default::default()
            })
        });
        let bad = roster(&inst, &[("b", 2, "D")]);
        assert_eq!(ExcludedRepairs.violations(&inst, &bad).len(), 1);
        // Making only one of the two changes is allowed.
        let good = roster(&inst, &[("a", 2, "D"), ("b", 2, "D")]);
        assert!(ExcludedRepairs.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &good);
    }
}
