//! The French rules pack: one unit per rule of `shared/docs/domain-rules.md`, whose id is the
//! document's ID, with its citation, hard or soft, an effective date, the staff categories it
//! covers, parameters resolved per staff (tenant, establishment, unit; see
//! [`crate::hospital::Parameters`]), its MIP rows or terms, and a pure check whose French
//! messages cite the source. [`FR_RULES`] is the one list naming them all.
//!
//! The rule files are small: they instantiate one of the shared shapes in `shape/` (same-day
//! sets, pairs of shifts, sums over windows, prefix averages over reference periods, runs) and
//! hold the rule's edge-case tests (`<id>_...`, checked by the registry test below).
//!
//! Hard rows are added as elastic rows (a large price per unit in the repair model only), so
//! that the neighbourhood search can start from a roster the greedy built without them.

use super::{Kind, Rule, Violation};
use crate::hospital::{Category, Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::time::Item;
use chrono::Datelike;

mod shape;

mod cyc_1;
mod eu_3;
mod eu_4;
mod eu_5;
mod eu_6;
mod eu_8;
mod fph_ast_1;
mod fph_day_1;
mod fph_day_2;
mod fph_day_3;
mod fph_day_4;
mod fph_day_5;
mod fph_hs_2;
mod fph_hs_3;
mod fph_hs_4;
mod fph_night_1;
mod fph_rest_1;
mod fph_rest_2;
mod fph_rest_3;
mod fph_rest_4;
mod fph_wk_1;
mod fph_wk_2;
mod half_days;
mod int_1;
mod int_2;
mod int_3;
mod int_4;
mod int_5;
mod int_7;
mod ph_1;
mod ph_2;
mod ph_3;
mod ph_4;
mod ph_5;
mod ph_6;
mod ph_7;
mod ph_8;
mod qvt;

#[cfg(test)]
pub(crate) mod testing;

/// What a French rule is.
#[derive(Debug)]
pub struct Meta {
    pub id: &'static str,
    pub kind: Kind,
    /// Cited at the end of every violation message.
    pub citation: &'static str,
    /// ISO date from which the rule applies (horizons starting earlier skip it).
    pub effective_from: &'static str,
    pub categories: &'static [Category],
}

/// A French rule as written: metadata, MIP, check. Only called when the problem has the
/// hospital layer and the rule is in force at day 0.
pub trait FrUnit: Sync {
    fn meta(&self) -> &'static Meta;
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context);
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation>;
}

/// A French rule as listed.
pub trait FrRule: Rule {
    fn meta(&self) -> &'static Meta;
}

impl<T: FrUnit> FrRule for T {
    fn meta(&self) -> &'static Meta {
        FrUnit::meta(self)
    }
}

fn in_force<'a>(meta: &Meta, inst: &'a Instance) -> Option<&'a Context> {
    let cx = inst.hospital.as_ref()?;
    // Compared as (year, month, day), without building a date: every rule asks on every check.
    let from = crate::calendar::parse_ymd(meta.effective_from)?;
    let start = (cx.start.year(), cx.start.month(), cx.start.day());
    (start >= from).then_some(cx)
}

impl<T: FrUnit> Rule for T {
    fn id(&self) -> &'static str {
        FrUnit::meta(self).id
    }
    fn kind(&self) -> Kind {
        FrUnit::meta(self).kind
    }
    fn source(&self) -> Option<&'static str> {
        Some(FrUnit::meta(self).citation)
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        if let Some(cx) = in_force(FrUnit::meta(self), inst) {
            self.add_fr(m, inst, cx);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        match in_force(FrUnit::meta(self), inst) {
            Some(cx) => self.check(inst, cx, roster),
            None => Vec::new(),
        }
    }
}

/// Every French rule.
pub static FR_RULES: &[&dyn FrRule] = &[
    &fph_wk_1::RULE,
    &fph_wk_2::RULE,
    &fph_day_1::RULE,
    &fph_day_2::RULE,
    &fph_day_3::RULE,
    &fph_day_4::RULE,
    &fph_day_5::RULE,
    &fph_night_1::RULE,
    &fph_rest_1::RULE,
    &fph_rest_2::RULE,
    &fph_rest_3::RULE,
    &fph_rest_4::RULE,
    &cyc_1::RULE,
    &fph_hs_2::RULE,
    &fph_hs_3::RULE,
    &fph_hs_4::RULE,
    &fph_ast_1::RULE,
    &ph_1::RULE,
    &ph_2::RULE,
    &ph_3::RULE,
    &ph_4::RULE,
    &ph_5::RULE,
    &ph_6::RULE,
    &ph_7::RULE,
    &ph_8::RULE,
    &int_1::RULE,
    &int_2::RULE,
    &int_3::RULE,
    &int_4::RULE,
    &int_5::RULE,
    &int_7::RULE,
    &eu_3::RULE,
    &eu_4::RULE,
    &eu_5::RULE,
    &eu_6::RULE,
    &eu_8::RULE,
    &qvt::CONSECUTIVE_NIGHTS,
    &qvt::CONSECUTIVE_LONG_SHIFTS,
    &qvt::ISOLATED_DAY,
    &qvt::SPLIT_WEEKEND,
    &qvt::QUICK_RETURN,
];

pub(crate) const FPH: &[Category] = &[Category::Fph];
pub(crate) const PH: &[Category] = &[Category::Ph];
pub(crate) const INT: &[Category] = &[Category::Interne];
pub(crate) const ALL: &[Category] = &[Category::Fph, Category::Ph, Category::Interne];

/// Penalties of the hard rows in the repair model: per unit of a count, per minute.
pub(crate) const HARD: f64 = 1000.0;
pub(crate) const HARD_PER_MINUTE: f64 = 20.0;

/// The staff member's resolved info when `meta` covers their category.
pub(crate) fn staff<'a>(meta: &Meta, cx: &'a Context, e: usize) -> Option<&'a StaffInfo> {
    cx.staff[e]
        .as_ref()
        .filter(|s| meta.categories.contains(&s.category))
}

/// A violation whose message ends with the citation (and the local references in force).
pub(crate) fn violation(
    meta: &Meta,
    inst: &Instance,
    e: Option<usize>,
    days: Vec<usize>,
    cost: i64,
    message: String,
) -> Violation {
    Violation {
        rule: meta.id,
        kind: meta.kind,
        staff: e.map(|e| inst.staff_id(e).to_string()),
        days,
        cost,
        message: format!("{message} ({})", meta.citation),
    }
}

/// Horizon days an item lies on.
pub(crate) fn item_days(inst: &Instance, items: &[&Item]) -> Vec<usize> {
    let mut v: Vec<usize> = items
        .iter()
        .filter(|i| i.day >= 0 && (i.day as usize) < inst.n_days)
        .map(|i| i.day as usize)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Forbids `items` together: nothing when all come from the history, otherwise at most
/// `n - 1` of the horizon ones when the history ones are there.
pub(crate) fn forbid_together(m: &mut MipBuilder, items: &[&Item]) {
    let cols: Vec<(usize, f64)> = items
        .iter()
        .filter_map(|i| i.col)
        .map(|c| (c, 1.0))
        .collect();
    if cols.is_empty() {
        return;
    }
    m.add_elastic_row(f64::NEG_INFINITY, cols.len() as f64 - 1.0, &cols, HARD);
}

/// The rule IDs of issue 4, item 1: each must have a unit in [`FR_RULES`] and edge-case tests.
#[cfg(test)]
pub(crate) const LISTED_IDS: &[&str] = &[
    "FPH-WK-1",
    "FPH-WK-2",
    "FPH-DAY-1",
    "FPH-DAY-2",
    "FPH-DAY-3",
    "FPH-DAY-4",
    "FPH-DAY-5",
    "FPH-NIGHT-1",
    "FPH-REST-1",
    "FPH-REST-2",
    "FPH-REST-3",
    "FPH-REST-4",
    "FPH-CYC-1",
    "FPH-HS-2",
    "FPH-HS-3",
    "FPH-HS-4",
    "FPH-AST-1",
    "PH-1",
    "PH-2",
    "PH-3",
    "PH-4",
    "PH-5",
    "PH-6",
    "PH-7",
    "PH-8",
    "INT-1",
    "INT-2",
    "INT-3",
    "INT-4",
    "INT-5",
    "INT-7",
    "EU-3",
    "EU-4",
    "EU-5",
    "EU-6",
    "EU-8",
    "QVT-1",
    "QVT-2",
    "QVT-3",
    "QVT-4",
    "QVT-5",
];

#[cfg(test)]
mod registry {
    use super::*;

    /// `FPH-REST-1` -> `fph_rest_1`.
    fn slug(id: &str) -> String {
        id.to_lowercase().replace('-', "_")
    }

    #[test]
    fn every_listed_id_has_a_unit_and_edge_case_tests_that_check_the_mip() {
        let ids: Vec<&str> = FR_RULES.iter().map(|r| r.meta().id).collect();
        for id in LISTED_IDS {
            assert_eq!(
                ids.iter().filter(|i| *i == id).count(),
                1,
                "{id}: no rule unit (or several) in FR_RULES"
            );
        }
        assert_eq!(ids.len(), LISTED_IDS.len(), "a unit is not in LISTED_IDS");
        // Every test file of the pack, read from the source tree.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/fr");
        let mut sources = String::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "rs") {
                sources.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
        for id in LISTED_IDS {
            let name = format!("fn {}_", slug(id));
            let tests: Vec<&str> = sources
                .split("#[test]")
                .skip(1)
                .filter(|t| t.trim_start().starts_with(&name))
                .collect();
            assert!(!tests.is_empty(), "{id}: no edge-case test `{name}...`");
            assert!(
                tests.iter().any(|t| t.contains("once_and_mip_agrees")),
                "{id}: no test checking a roster breaking it once against the MIP"
            );
        }
    }

    #[test]
    fn every_rule_cites_a_source_and_has_a_valid_effective_date() {
        for r in FR_RULES {
            let m = r.meta();
            assert!(m.citation.len() > 5, "{}", m.id);
            assert!(
                crate::calendar::parse_date(m.effective_from).is_some(),
                "{}",
                m.id
            );
            assert!(!m.categories.is_empty(), "{}", m.id);
        }
    }
}

#[cfg(test)]
mod solving {
    use super::testing::*;
    use crate::hospital::Category::{Fph, Ph};
    use crate::problem::Cover;
    use crate::solve::{Params, Status, solve};

    #[test]
    fn a_small_unit_under_the_whole_pack_solves_with_no_hard_violation() {
        // 8 nurses on 7 h 30 / 10 h shifts and a praticien, two weeks from the last days of
        // March (history: a night on 29 March), a 1-1-1 maquette.
        let staff: Vec<(String, crate::hospital::Category)> = (0..8)
            .map(|i| (format!("n{i}"), Fph))
            .chain(std::iter::once(("p0".to_string(), Ph)))
            .collect();
        let refs: Vec<(&str, crate::hospital::Category)> =
            staff.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let inst = instance("2026-03-30", 14, &refs, |p| {
            history(p, 2, &[("n0", 1, "N")]);
            for d in 0..14 {
                for t in ["M", "S", "N"] {
                    p.cover.push(Cover {
                        day: d,
                        shift: t.into(),
                        qualification: None,
                        min: Some(1),
                        target: 1,
                        max: Some(2),
                        under_weight: 100,
                        over_weight: 5,
                    });
                }
            }
        });
        let params = Params {
            time_limit: 60.0,
            threads: 1,
            max_iterations: Some(5),
            ..Params::default()
        };
        let out = solve(&inst, &params, None, &mut |_| {}, None).unwrap();
        let report = out.report.unwrap();
        assert_eq!(report.hard_violations, 0, "{:#?}", report.violations);
        assert!(matches!(out.status, Status::Optimal | Status::Feasible));
        if let Some(mip) = out.mip_objective {
            assert!((mip - report.objective as f64).abs() < 1e-6);
        }
    }
}
