use super::conflict::{Element, conflict, elements, feasible};
use super::local::{LocalChecker, with_shift, without_day};
use super::*;
use crate::checker;
use crate::problem::{Cover, FixedDayOff, Problem, Request, RequestKind, Roster};
use crate::rules::testing::*;

fn need(day: usize, shift: &str, min: u32) -> Cover {
    Cover {
        day,
        shift: shift.into(),
        qualification: None,
        min: Some(min),
        target: min,
        max: None,
        under_weight: 10,
        over_weight: 1,
    }
}

fn off(staff: &str, day: usize) -> FixedDayOff {
    FixedDayOff {
        staff: staff.into(),
        day,
    }
}

/// The problem without the blocker a reason names (the rule's data for that person).
fn without_blocker(p: &Problem, r: &Reason) -> Problem {
    let mut q = p.clone();
    match r.rule.as_str() {
        "fixed_days_off" => q
            .fixed_days_off
            .retain(|f| Some(&f.staff) != r.staff.as_ref()),
        "forbidden_successions" => q.forbidden_successions.clear(),
        "cover_bounds" => q.cover.iter_mut().for_each(|c| c.min = None),
        other => panic!("no removal for {other}"),
    }
    q
}

/// Every blocked candidate's reasons really block: without them the change breaks no rule.
fn assert_blockers_block(inst: &crate::problem::Instance, after: &Roster, c: &Candidate) {
    assert!(c.blocked && !c.reasons.is_empty(), "{c:?}");
    assert!(checker::check(inst, after).hard_violations > 0);
    let mut p = inst.problem.clone();
    for r in &c.reasons {
        p = without_blocker(&p, r);
    }
    let relaxed = crate::problem::Instance::new(p).unwrap();
    let rep = checker::check(&relaxed, after);
    assert_eq!(rep.hard_violations, 0, "{:?}", rep.violations);
}

#[test]
fn an_uncovered_night_names_the_absence_and_the_rest_rule_that_block_it() {
    let inst = tiny_with(|p| {
        p.cover = vec![need(3, "N", 1)];
        p.fixed_days_off = vec![off("a", 3)];
    });
    let r = roster(&inst, &[("b", 4, "D")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let u = uncovered::uncovered(&lc, &r);
    assert_eq!(u.len(), 1);
    assert!(u[0].below_minimum);
    let a = &u[0].candidates[0];
    assert_eq!(a.staff, "a");
    assert_eq!(a.reasons[0].rule, "fixed_days_off");
    assert_blockers_block(&inst, &with_shift(&r, 0, 3, 1), a);
    let b = &u[0].candidates[1];
    assert_eq!(b.reasons[0].rule, "forbidden_successions");
    assert!(
        b.text
            .starts_with("b ne peut pas faire le poste N du jour 3"),
        "{}",
        b.text
    );
    assert_blockers_block(&inst, &with_shift(&r, 1, 3, 1), b);
    assert!(u[0].text.contains("personne d'autre"));
}

#[test]
fn a_refused_day_off_names_the_need_and_the_blocked_replacement() {
    let inst = tiny_with(|p| {
        p.cover = vec![need(4, "D", 1)];
        p.fixed_days_off = vec![off("a", 4)];
        p.requests = vec![Request {
            staff: "b".into(),
            day: 4,
            shift: None,
            kind: RequestKind::Off,
            weight: 5,
        }];
    });
    let r = roster(&inst, &[("b", 4, "D")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = wishes::refused(&lc, &r);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].conflicts[0].rule, "cover_bounds");
    assert!(w[0].cheapest_grant.is_none());
    assert!(w[0].text.contains("effectif minimum"), "{}", w[0].text);
    // The need really blocks: without its minimum, b's day off breaks nothing.
    let granted = without_day(&r, 1, 4);
    let conflict_as_candidate = Candidate {
        staff: "b".into(),
        blocked: true,
        reasons: w[0].conflicts.clone(),
        cost: 0,
        text: String::new(),
    };
    assert_blockers_block(&inst, &granted, &conflict_as_candidate);
    // And a, the only replacement, is absent.
    let a = &w[0].replacements[0];
    assert_eq!(a.reasons[0].rule, "fixed_days_off");
    assert_blockers_block(&inst, &with_shift(&granted, 0, 4, 0), a);
}

#[test]
fn a_refused_day_off_with_a_free_colleague_reports_the_replacement_and_its_cost() {
    let inst = tiny_with(|p| {
        p.cover = vec![need(0, "D", 1)];
        p.requests = vec![Request {
            staff: "a".into(),
            day: 0,
            shift: None,
            kind: RequestKind::Off,
            weight: 5,
        }];
    });
    let r = roster(&inst, &[("a", 0, "D")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = wishes::refused(&lc, &r);
    let g = w[0].cheapest_grant.as_ref().unwrap();
    assert_eq!(g.replacement.as_deref(), Some("b"));
    // The wish's weight is saved, nothing else changes.
    assert_eq!(g.cost, -5);
    assert!(
        w[0].text.contains("remplacer par b coûterait -5"),
        "{}",
        w[0].text
    );
}

#[test]
fn a_refused_shift_wish_names_the_succession_rule() {
    let inst = tiny_with(|p| {
        p.requests = vec![Request {
            staff: "a".into(),
            day: 2,
            shift: Some("D".into()),
            kind: RequestKind::On,
            weight: 3,
        }];
    });
    let r = roster(&inst, &[("a", 1, "N")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = wishes::refused(&lc, &r);
    assert_eq!(w[0].conflicts.len(), 1);
    assert_eq!(w[0].conflicts[0].rule, "forbidden_successions");
    let c = Candidate {
        staff: "a".into(),
        blocked: true,
        reasons: w[0].conflicts.clone(),
        cost: 0,
        text: String::new(),
    };
    assert_blockers_block(&inst, &with_shift(&r, 0, 2, 0), &c);
}

#[test]
fn why_a_got_the_shift_names_who_else_could_and_who_was_absent() {
    let inst = tiny_with(|p| {
        p.staff.push(crate::problem::Staff {
            id: "c".into(),
            ..Default::default()
        });
        p.fixed_days_off = vec![off("c", 0)];
    });
    let r = roster(&inst, &[("a", 0, "D")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = assignment::why(&lc, &r, 0, 0, 0);
    assert_eq!(w.alternatives.len(), 2);
    assert_eq!(w.alternatives[0].staff, "b");
    assert!(!w.alternatives[0].blocked);
    let c = &w.alternatives[1];
    assert_eq!(c.reasons[0].rule, "fixed_days_off");
    let mut after = without_day(&r, 0, 0);
    after.add(2, 0, 0);
    assert_blockers_block(&inst, &after, c);
    assert!(w.text.contains("b (+0)"), "{}", w.text);
}

fn active_without(all: &[Element], found: &[Element], drop: &Element) -> Vec<bool> {
    all.iter().map(|e| found.contains(e) && e != drop).collect()
}

#[test]
fn an_impossible_night_gives_the_need_and_the_absence_as_conflict() {
    let inst = tiny_with(|p| {
        p.cover = vec![need(0, "D", 1), need(3, "N", 2)];
        p.fixed_days_off = vec![off("a", 3), off("b", 5)];
    });
    let c = conflict(&inst, 30.0).unwrap().unwrap();
    assert!(c.irreducible);
    let found: Vec<Element> = c.items.iter().map(|i| i.element.clone()).collect();
    assert_eq!(
        found,
        vec![
            Element::CoverMinimum { index: 1 },
            Element::Absence { index: 0 }
        ]
    );
    assert!(c.text.contains("absence de a le jour 3"), "{}", c.text);
    // Irreducible: the set is infeasible and dropping any one element makes it feasible.
    let all = elements(&inst);
    let only: Vec<bool> = all.iter().map(|e| found.contains(e)).collect();
    assert_eq!(feasible(&inst, &all, &only, 10.0).unwrap(), Some(false));
    for f in &found {
        let a = active_without(&all, &found, f);
        assert_eq!(feasible(&inst, &all, &a, 10.0).unwrap(), Some(true));
    }
}

#[test]
fn a_conflict_through_a_rule_names_the_rule() {
    let inst = tiny_with(|p| p.cover = vec![need(3, "N", 1), need(4, "D", 2)]);
    let c = conflict(&inst, 30.0).unwrap().unwrap();
    let found: Vec<Element> = c.items.iter().map(|i| i.element.clone()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.contains(&Element::Rule {
        id: "forbidden_successions".into()
    }));
    let all = elements(&inst);
    for f in &found {
        let a = active_without(&all, &found, f);
        assert_eq!(feasible(&inst, &all, &a, 10.0).unwrap(), Some(true));
    }
}

#[test]
fn a_feasible_problem_has_no_conflict() {
    let inst = tiny_with(|p| p.cover = vec![need(3, "N", 1)]);
    assert!(conflict(&inst, 10.0).unwrap().is_none());
}
