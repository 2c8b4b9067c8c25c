//! The immediate rule check of a roster version: the engine's independent checker run on the
//! problem built from the database, each violation matched with its override, if any.

use std::collections::HashMap;

use chrono::NaiveDate;
use releve_solver::checker;
use releve_solver::problem::Instance;
use releve_solver::rules::Kind;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{assignment, roster, roster_override, unit};
use crate::planning::problem_builder::{self, BuiltProblem};
use crate::service_error::{ServiceError, ServiceResult};

/// One breach of one rule, in the API's terms.
#[derive(Debug, Clone)]
pub struct CheckedViolation {
    pub rule: String,
    pub hard: bool,
    pub staff_id: Option<Uuid>,
    pub dates: Vec<NaiveDate>,
    /// French, from the rule.
    pub message: String,
    pub cost: i64,
    /// What an override is matched on: `rule|staff|dates`.
    pub fingerprint: String,
    pub override_: Option<roster_override::Model>,
}

impl CheckedViolation {
    /// A hard violation nobody has accepted: it blocks validation and publication.
    pub fn blocking(&self) -> bool {
        self.hard && self.override_.is_none()
    }
}

pub fn fingerprint(rule: &str, staff: Option<Uuid>, dates: &[NaiveDate]) -> String {
    let staff = staff.map_or_else(|| "-".to_owned(), |s| s.to_string());
    let dates: Vec<String> = dates.iter().map(ToString::to_string).collect();
    format!("{rule}|{staff}|{}", dates.join(","))
}

/// Checks `rows` as a version of `roster`.
pub async fn check(
    txn: &DatabaseTransaction,
    roster: &roster::Model,
    unit: &unit::Model,
    rows: &[assignment::Model],
) -> ServiceResult<(BuiltProblem, Vec<CheckedViolation>)> {
    let built = problem_builder::build(txn, roster, unit, rows, None).await?;
    let instance = Instance::new(built.problem.clone()).map_err(|errors| {
        ServiceError::Internal(anyhow::anyhow!(
            "problem built from the database is invalid: {errors:?}"
        ))
    })?;
    let file = built.roster_file(rows);
    let solver_roster = instance.roster(&file).map_err(|errors| {
        ServiceError::Internal(anyhow::anyhow!("stored roster is invalid: {errors:?}"))
    })?;
    let report = checker::check(&instance, &solver_roster);
    let overrides: HashMap<String, roster_override::Model> = roster_override::Entity::find()
        .filter(roster_override::Column::TenantId.eq(roster.tenant_id))
        .filter(roster_override::Column::RosterId.eq(roster.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|o| (o.fingerprint.clone(), o))
        .collect();
    let violations = report
        .violations
        .into_iter()
        .map(|v| {
            let staff_id = v.staff.as_deref().and_then(|s| Uuid::parse_str(s).ok());
            let dates: Vec<NaiveDate> = v
                .days
                .iter()
                .filter_map(|d| built.dates.get(*d).copied())
                .collect();
            let fingerprint = fingerprint(v.rule, staff_id, &dates);
            CheckedViolation {
                rule: v.rule.to_owned(),
                hard: v.kind == Kind::Hard,
                staff_id,
                dates,
                message: v.message,
                cost: v.cost,
                override_: overrides.get(&fingerprint).cloned(),
                fingerprint,
            }
        })
        .collect();
    Ok((built, violations))
}

/// A refusal listing the first blocking violations.
pub fn blocking_error(violations: &[CheckedViolation], what: &str) -> Option<ServiceError> {
    let blocking: Vec<&CheckedViolation> = violations.iter().filter(|v| v.blocking()).collect();
    if blocking.is_empty() {
        return None;
    }
    let shown: Vec<&str> = blocking
        .iter()
        .take(3)
        .map(|v| v.message.as_str())
        .collect();
    Some(ServiceError::HardViolations(format!(
        "{what} refusée : {} violation(s) de règle impérative sans dérogation motivée ({}{})",
        blocking.len(),
        shown.join(" ; "),
        if blocking.len() > 3 { " ; …" } else { "" }
    )))
}
