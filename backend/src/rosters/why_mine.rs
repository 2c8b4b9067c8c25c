//! « Pourquoi moi ? » for a staff member: for each of their published shifts on a day, how many
//! colleagues could also have taken it, and which rules kept the others from it. The engine's
//! "why this person" explanation (`explain::assignment`), told without naming anyone: staff only
//! see their own planning (security.md, RGPD art. 25), so colleagues are counted per rule.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use releve_solver::explain::{assignment, local::LocalChecker};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::roster;
use crate::organisation::scope::{Scope, find_unit};
use crate::rosters::analysis::engine_view;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};

/// A rule that kept colleagues from the shift, and how many.
pub struct BlockingRule {
    pub rule: String,
    pub source: Option<String>,
    pub colleagues: usize,
}

/// Why the signed-in person has one shift of a published roster.
pub struct MyShiftWhy {
    pub roster_id: Uuid,
    pub date: NaiveDate,
    pub shift_type_id: Uuid,
    pub shift_code: String,
    /// Colleagues who could have taken it without breaking a hard rule.
    pub others_possible: usize,
    /// Colleagues who could not.
    pub others_blocked: usize,
    /// The rules that blocked them, most frequent first (a colleague counts under each rule).
    pub blocked_by: Vec<BlockingRule>,
}

/// The signed-in person's published shifts on `date`, each with its explanation.
pub async fn my_shift_why(
    txn: &DatabaseTransaction,
    scope: &Scope,
    date: NaiveDate,
) -> ServiceResult<Vec<MyShiftWhy>> {
    let staff_id = scope
        .staff_id
        .ok_or_else(|| ServiceError::forbidden("votre compte n'est lié à aucune fiche d'agent"))?;
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .filter(roster::Column::PeriodStart.lte(date))
        .filter(roster::Column::PeriodEnd.gte(date))
        .all(txn)
        .await?;
    let mut out = Vec::new();
    for r in &rosters {
        let Some(number) = r.published_version else {
            continue;
        };
        let rows = store::assignments(txn, r, number).await?;
        if !rows
            .iter()
            .any(|a| a.staff_id == staff_id && a.date == date)
        {
            continue;
        }
        let unit = find_unit(txn, scope.tenant, r.unit_id).await?;
        let (built, instance, solver_roster) = engine_view(txn, r, &unit, &rows, number).await?;
        let (Some(e), Some(d)) = (instance.staff_ix(&staff_id.to_string()), built.day_of(date))
        else {
            continue;
        };
        let shifts: Vec<usize> = (0..instance.n_shifts)
            .filter(|&t| solver_roster.has(e, d, t))
            .collect();
        let whys = tokio::task::spawn_blocking(move || {
            let lc = LocalChecker::new(&instance)?;
            Ok::<_, String>(
                shifts
                    .iter()
                    .map(|&t| assignment::why(&lc, &solver_roster, e, d, t))
                    .collect::<Vec<_>>(),
            )
        })
        .await
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("why mine: {e}")))?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("why mine: {e}")))?;
        for why in whys {
            let Some(&shift_type_id) = built.shift_by_code.get(&why.shift) else {
                continue;
            };
            out.push(summarise(r.id, date, shift_type_id, &why));
        }
    }
    let access = Access {
        operation: Operation::Read,
        object_type: "roster",
        object_ids: vec![staff_id],
        purpose: "self_service",
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(out)
}

/// Counts the alternatives of an explanation, per blocking rule, without their ids.
fn summarise(
    roster_id: Uuid,
    date: NaiveDate,
    shift_type_id: Uuid,
    why: &assignment::AssignmentWhy,
) -> MyShiftWhy {
    let mut rules: BTreeMap<&str, BlockingRule> = BTreeMap::new();
    for c in why.alternatives.iter().filter(|c| c.blocked) {
        let mut seen: Vec<&str> = Vec::new();
        for reason in &c.reasons {
            if seen.contains(&reason.rule.as_str()) {
                continue;
            }
            seen.push(&reason.rule);
            rules
                .entry(&reason.rule)
                .or_insert_with(|| BlockingRule {
                    rule: reason.rule.clone(),
                    source: reason.source.clone(),
                    colleagues: 0,
                })
                .colleagues += 1;
        }
    }
    let mut blocked_by: Vec<BlockingRule> = rules.into_values().collect();
    blocked_by.sort_by(|a, b| b.colleagues.cmp(&a.colleagues).then(a.rule.cmp(&b.rule)));
    let blocked = why.alternatives.iter().filter(|c| c.blocked).count();
    MyShiftWhy {
        roster_id,
        date,
        shift_type_id,
        shift_code: why.shift.clone(),
        others_possible: why.alternatives.len() - blocked,
        others_blocked: blocked,
        blocked_by,
    }
}

/// The French name of a rule that blocks a colleague (the rule's id when unknown).
pub fn rule_label(rule: &str) -> String {
    let label = match rule {
        "required_qualifications" => "qualifications du poste",
        "one_shift_per_day" => "déjà un poste ce jour-là",
        "fixed_days_off" => "absence ou repos fixé ce jour-là",
        "forbidden_successions" => "enchaînement de postes interdit (repos entre deux postes)",
        "consecutive_working_days" => "trop de jours travaillés d’affilée",
        "consecutive_days_off" => "repos consécutifs minimum",
        "total_minutes" => "durée de travail de la période",
        "rolling_window" => "durée maximale de travail sur une période glissante",
        "max_weekends" => "week-ends travaillés",
        "shifts_per_type" => "nombre de postes de ce type",
        "frozen_past" => "jour passé, non modifiable",
        "cover_bounds" => "effectif d’un poste (minimum de sécurité ou maximum)",
        "joint_teams" | "joint_sessions" => "équipe conjointe (tout ou rien)",
        "qualification_substitution" => "remplacement de qualification non permis",
        "requests" => "demande impérative",
        "EU-3" | "FPH-REST-1" | "FPH-REST-2" | "PH-5" => "repos quotidien entre deux journées",
        "EU-4" | "FPH-DAY-5" | "INT-7" => "pause obligatoire",
        "EU-5" | "FPH-REST-3" => "repos hebdomadaire",
        "FPH-REST-4" => "jours de repos par quinzaine",
        "EU-6" | "FPH-WK-1" | "INT-2" | "PH-2" => {
            "48 heures de travail au plus sur 7 jours ou en moyenne"
        }
        "FPH-WK-2" => "44 heures au plus dans la semaine",
        "EU-8" | "FPH-DAY-2" => "durée maximale d’une nuit",
        "FPH-DAY-1" | "FPH-DAY-3" => "durée maximale de travail dans la journée",
        "FPH-DAY-4" => "journée discontinue",
        "FPH-HS-2" | "FPH-HS-3" | "FPH-HS-4" => "plafond d’heures supplémentaires",
        "FPH-CYC-1" => "cycle de travail",
        "FPH-NIGHT-1" => "travail de nuit",
        "FPH-AST-1" | "INT-3" | "PH-7" => "interventions en astreinte",
        "INT-1" | "INT-4" | "PH-1" | "PH-3" => "obligations de service en demi-journées",
        "INT-5" | "PH-8" => "repos de sécurité après une garde",
        "PH-4" | "PH-6" => "durée de travail continu",
        other => return format!("règle {other}"),
    };
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use releve_solver::explain::{Candidate, Reason};

    fn candidate(staff: &str, rules: &[&str]) -> Candidate {
        Candidate {
            staff: staff.into(),
            blocked: !rules.is_empty(),
            reasons: rules
                .iter()
                .map(|r| Reason {
                    rule: (*r).into(),
                    source: None,
                    staff: Some(staff.into()),
                    message: String::new(),
                })
                .collect(),
            cost: 3,
            text: String::new(),
        }
    }

    #[test]
    fn counts_colleagues_per_rule_without_naming_them() {
        let why = assignment::AssignmentWhy {
            staff: "me".into(),
            day: 2,
            shift: "M".into(),
            alternatives: vec![
                candidate("a", &[]),
                candidate("b", &["fixed_days_off"]),
                candidate(
                    "c",
                    &["forbidden_successions", "fixed_days_off", "fixed_days_off"],
                ),
                candidate("d", &["required_qualifications"]),
            ],
            text: String::new(),
        };
        let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let out = summarise(Uuid::nil(), date, Uuid::nil(), &why);
        assert_eq!(out.others_possible, 1);
        assert_eq!(out.others_blocked, 3);
        let counted: Vec<(&str, usize)> = out
            .blocked_by
            .iter()
            .map(|b| (b.rule.as_str(), b.colleagues))
            .collect();
        assert_eq!(
            counted,
            [
                ("fixed_days_off", 2),
                ("forbidden_successions", 1),
                ("required_qualifications", 1)
            ]
        );
        assert_eq!(
            rule_label("fixed_days_off"),
            "absence ou repos fixé ce jour-là"
        );
        assert_eq!(rule_label("FPH-HS-3"), "plafond d’heures supplémentaires");
        assert_eq!(rule_label("nouvelle"), "règle nouvelle");
    }
}
