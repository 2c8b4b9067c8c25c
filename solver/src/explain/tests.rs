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
    let w = wishes::refused(&lc, &r).unwrap();
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
    let w = wishes::refused(&lc, &r).unwrap();
    let g = w[0].cheapest_grant.as_ref().unwrap();
    assert_eq!(g.replacement.as_deref(), Some("b"));
    // The wish's weight is saved, nothing else changes.
    assert_eq!(g.cost, -5);
    // The re-solve finds the same: b takes the morning, the wish's weight is saved.
    let f = w[0].forced.as_ref().unwrap();
    assert_eq!(f.cost, -5);
    assert!(
        w[0].text
            .contains("coût -5 (en confiant le poste D du 2026-01-05 à b)"),
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
    let w = wishes::refused(&lc, &r).unwrap();
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

// --- What a refused wish would cost: the roster re-solved around it with the wish forced. ---

fn wish(staff: &str, day: usize, shift: Option<&str>, kind: RequestKind, weight: u32) -> Request {
    Request {
        staff: staff.into(),
        day,
        shift: shift.map(Into::into),
        kind,
        weight,
    }
}

/// A soft need: `target` people wanted, 10 per missing one, no hard minimum.
fn soft_need(day: usize, shift: &str, target: u32) -> Cover {
    Cover {
        min: None,
        ..need(day, shift, target)
    }
}

/// The forced re-solve of the only refused wish of `roster`, checked against the checker: its
/// cost is the objective of the re-solved roster minus the roster's, the re-solved roster grants
/// the wish, and it only moves shifts inside the window.
fn forced_of(
    inst: &crate::problem::Instance,
    r: &Roster,
) -> (wishes::RefusedWish, forced::ForcedGrant) {
    let lc = LocalChecker::new(inst).unwrap();
    let w = wishes::refused(&lc, r).unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    let g = w[0].forced.clone().expect("a grant");
    let before = checker::check(inst, r).objective;
    let after = checker::check(inst, &g.roster).objective;
    assert_eq!(g.cost, after - before);
    assert!(g.optimal);
    let req = inst
        .requests
        .iter()
        .find(|q| inst.staff_id(q.staff) == w[0].staff)
        .unwrap();
    assert!(crate::indicators::counts::wish_met(&g.roster, req));
    let (e, d) = (req.staff, req.day);
    for (e2, d2, _) in g.roster.assignments().chain(r.assignments()) {
        if g.roster.shifts(e2, d2) != r.shifts(e2, d2) {
            let reach = if e2 == e {
                forced::PERSON_DAYS
            } else {
                forced::OTHERS_DAYS
            };
            assert!(d2.abs_diff(d) <= reach, "{e2} moved on day {d2}");
        }
    }
    (w[0].clone(), g)
}

/// The cost of the forced re-solve of `inst`'s only wish on `r` (recomputed from scratch).
fn forced_cost(inst: &crate::problem::Instance, r: &Roster) -> Option<i64> {
    let solver = forced::ForcedSolver::new(inst, r);
    solver.grant(&inst.requests[0]).unwrap().map(|g| g.cost)
}

#[test]
fn a_refused_day_off_costs_the_need_left_below_its_target_and_without_it_costs_less() {
    let p = |with_need: bool| {
        tiny_with(|p| {
            if with_need {
                p.cover = vec![soft_need(0, "D", 1)];
            }
            p.fixed_days_off = vec![off("b", 0)];
            p.requests = vec![wish("a", 0, None, RequestKind::Off, 5)];
        })
    };
    let inst = p(true);
    let r = roster(&inst, &[("a", 0, "D")]);
    let (w, g) = forced_of(&inst, &r);
    // b is away: the morning goes uncovered (+10) and a's wish is granted (-5).
    assert_eq!(g.cost, 5);
    assert_eq!(g.costs[0].rule, "cover_target");
    assert_eq!(g.costs[0].cost, 10);
    assert_eq!(g.costs[0].days, vec![0]);
    assert!(g.broken.is_empty());
    assert!(w.text.contains("coût +5"), "{}", w.text);
    assert!(w.text.contains("en conflit avec"), "{}", w.text);
    // The named need really blocks: without it, the wish is granted at a lower cost.
    let relaxed = p(false);
    let without = forced_cost(&relaxed, &roster(&relaxed, &[("a", 0, "D")])).unwrap();
    assert!(without < g.cost, "{without}");
    assert_eq!(without, -5);
}

#[test]
fn a_refused_day_off_costs_a_colleague_s_wish_and_without_it_costs_less() {
    let p = |colleague_wish: bool| {
        tiny_with(|p| {
            p.cover = vec![need(3, "D", 1)];
            p.requests = vec![wish("a", 3, None, RequestKind::Off, 3)];
            if colleague_wish {
                p.requests.push(wish("b", 3, None, RequestKind::Off, 5));
            }
        })
    };
    let inst = p(true);
    let r = roster(&inst, &[("a", 3, "D")]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = wishes::refused(&lc, &r).unwrap();
    let mine = w.iter().find(|x| x.staff == "a").unwrap();
    let g = mine.forced.clone().unwrap();
    assert_eq!(
        g.cost,
        checker::check(&inst, &g.roster).objective - checker::check(&inst, &r).objective
    );
    // b takes the morning: b's wish refused (+5), a's granted (-3).
    assert_eq!(g.cost, 2);
    assert_eq!(g.costs[0].rule, "requests");
    assert_eq!(g.costs[0].staff.as_deref(), Some("b"));
    assert!(g.roster.has(1, 3, 0));
    // Without b's wish, granting a's costs less.
    let relaxed = p(false);
    let without = forced_cost(&relaxed, &roster(&relaxed, &[("a", 3, "D")])).unwrap();
    assert!(without < g.cost);
    assert_eq!(without, -3);
}

#[test]
fn a_shift_wish_blocked_by_the_rest_rule_is_granted_by_moving_the_night_before() {
    let inst = tiny_with(|p| {
        p.cover = vec![need(1, "N", 1)];
        p.requests = vec![wish("a", 2, Some("D"), RequestKind::On, 3)];
    });
    let r = roster(&inst, &[("a", 1, "N")]);
    let (w, g) = forced_of(&inst, &r);
    // Granting it alone breaks the N -> D succession...
    assert_eq!(w.conflicts[0].rule, "forbidden_successions");
    // ... but the re-solve hands the night to b: nothing is lost, the wish is won.
    assert_eq!(g.cost, -3);
    assert!(g.roster.has(1, 1, 1) && !g.roster.has(0, 1, 1));
    assert!(
        g.changes
            .iter()
            .any(|c| c.staff == "b" && c.day == 1 && c.added.as_deref() == Some("N"))
    );
    // And the night is a real need: with b away that night, the grant must break a rule.
    let blocked = tiny_with(|p| {
        p.cover = vec![need(1, "N", 1)];
        p.fixed_days_off = vec![off("b", 1)];
        p.requests = vec![wish("a", 2, Some("D"), RequestKind::On, 3)];
    });
    let r = roster(&blocked, &[("a", 1, "N")]);
    let lc = LocalChecker::new(&blocked).unwrap();
    let w = wishes::refused(&lc, &r).unwrap();
    let g = w[0].forced.as_ref().unwrap();
    assert_eq!(g.broken[0].rule, "cover_bounds", "{g:?}");
    assert!(
        w[0].text.contains("il faudrait enfreindre"),
        "{}",
        w[0].text
    );
}

#[test]
fn a_wish_on_a_day_of_absence_cannot_be_granted_by_any_re_solve() {
    let inst = tiny_with(|p| {
        p.fixed_days_off = vec![off("a", 2)];
        p.requests = vec![wish("a", 2, Some("D"), RequestKind::On, 3)];
    });
    let r = roster(&inst, &[]);
    let lc = LocalChecker::new(&inst).unwrap();
    let w = wishes::refused(&lc, &r).unwrap();
    assert!(w[0].forced.is_none());
    assert_eq!(w[0].conflicts[0].rule, "fixed_days_off");
    assert!(
        w[0].text.contains("aucun planning ne l'accorde"),
        "{}",
        w[0].text
    );
}
