//! Rule parameters per GHT, site or unit with effective dates: a value that overrides a
//! legal or policy default (say, the 11 h daily rest of a local accord). The most specific
//! scope wins, then the most recent effective date (see `planning::problem_builder`).
//!
//! Keys are the French pack's parameters (`releve_solver::hospital::CATALOGUE`, the names of
//! `solver/schema/problem.schema.json`) and the problem builder's own (`PARAMETERS`). Each
//! is shown with the rules it sets and their legal source, so a cadre sees which text a
//! change departs from.

use chrono::NaiveDate;
use releve_solver::hospital::{CATALOGUE, ParameterValues};
use releve_solver::rules::fr::FR_RULES;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::entity::rule_parameter;
use crate::organisation::parameter_labels::{ParameterUnit, label_of};
use crate::organisation::scope::{Scope, find_unit};
use crate::organisation::structure::find_establishment;
use crate::planning::problem_builder::PARAMETERS;
use crate::security::access_token::Role;
use crate::service_error::{ServiceError, ServiceResult};

/// The rules each parameter sets (ids of `domain-rules.md`); empty for a local policy
/// weight, which no text fixes.
const RULES_OF: &[(&str, &[&str])] = &[
    ("fph_max_minutes_per_7_days", &["FPH-WK-1"]),
    ("fph_max_minutes_per_week", &["FPH-WK-2"]),
    ("fph_day_max_minutes", &["FPH-DAY-1"]),
    ("fph_night_max_minutes", &["FPH-DAY-2"]),
    ("fph_derogation_12h", &["FPH-DAY-3"]),
    ("fph_amplitude_max_minutes", &["FPH-DAY-3"]),
    ("fph_split_amplitude_max_minutes", &["FPH-DAY-4"]),
    ("fph_split_max_vacations", &["FPH-DAY-4"]),
    ("fph_split_min_vacation_minutes", &["FPH-DAY-4"]),
    ("break_after_minutes", &["FPH-DAY-5", "EU-4"]),
    ("fph_break_minutes", &["FPH-DAY-5"]),
    ("night_start_minute", &["FPH-NIGHT-1"]),
    ("night_end_minute", &["FPH-NIGHT-1"]),
    ("night_worker_share_percent", &["FPH-NIGHT-1"]),
    ("fph_daily_rest_minutes", &["FPH-REST-1"]),
    ("fph_daily_rest_accord", &["FPH-REST-2"]),
    ("fph_daily_rest_accord_minutes", &["FPH-REST-2"]),
    ("fph_weekly_rest_minutes", &["FPH-REST-3"]),
    ("fph_fortnight_days_off", &["FPH-REST-4"]),
    ("fph_fortnight_anchor", &["FPH-REST-4"]),
    ("cycle_weeks", &["FPH-CYC-1", "FPH-HS-3", "FPH-HS-4"]),
    ("cycle_anchor", &["FPH-CYC-1"]),
    ("weekly_reference_minutes", &["FPH-ANN-1"]),
    ("annual_minutes", &["FPH-ANN-2"]),
    ("annual_minutes_repos_variable", &["FPH-ANN-3"]),
    ("annual_minutes_night", &["FPH-ANN-5"]),
    ("repos_variable_min_sundays_holidays", &["FPH-ANN-3"]),
    ("fph_overtime_year_minutes", &["FPH-HS-2"]),
    ("fph_overtime_month_minutes", &["FPH-HS-3"]),
    ("fph_overtime_derogation", &["FPH-HS-5"]),
    ("ph_weekly_half_days", &["PH-1"]),
    ("ph_obligation_weight", &[]),
    ("ph_temps_continu", &["PH-4"]),
    ("ph_temps_continu_weekly_minutes", &["PH-4"]),
    ("ph_daily_rest_minutes", &["PH-5"]),
    ("ph_max_continuous_minutes", &["PH-6"]),
    ("ph_securite_rest_minutes", &["PH-8"]),
    ("ph_average_weekly_minutes", &["PH-2"]),
    ("ph_period_months", &["PH-2"]),
    ("ph_period_anchor_month", &["PH-2"]),
    ("int_stage_half_days", &["INT-1"]),
    ("int_average_weekly_minutes", &["INT-2"]),
    ("int_period_months", &["INT-2"]),
    ("int_period_anchor_month", &["INT-2"]),
    ("int_break_minutes_per_half_day", &["INT-7"]),
    ("int_securite_rest_minutes", &["INT-5"]),
    ("eu_daily_rest_minutes", &["EU-3"]),
    ("eu_break_minutes", &["EU-4"]),
    ("eu_weekly_rest_minutes", &["EU-5"]),
    ("eu_average_weekly_minutes", &["EU-6"]),
    ("eu_period_months", &["EU-6"]),
    ("eu_period_anchor_month", &["EU-6"]),
    ("eu_night_average_daily_minutes", &["EU-8"]),
    ("qvt_max_consecutive_nights", &["QVT-1"]),
    ("qvt_nights_weight", &[]),
    ("qvt_long_shift_minutes", &["QVT-2"]),
    ("qvt_max_consecutive_long_shifts", &["QVT-2"]),
    ("qvt_long_shifts_weight", &[]),
    ("qvt_isolated_day_weight", &[]),
    ("qvt_split_weekend_weight", &[]),
    ("qvt_quick_return_minutes", &["QVT-5"]),
    ("qvt_quick_return_weight", &[]),
    // The problem builder's own keys.
    ("min_daily_rest_minutes", &["FPH-REST-1"]),
    ("max_minutes_per_7_days", &["FPH-WK-1"]),
    ("max_consecutive_days", &[]),
    ("desiderata_weight", &[]),
    // Policy weights of the hospital layer (cycles, order of preference): no legal source.
    ("cycle_departure_weight", &[]),
    ("placement_pool_weight", &[]),
    ("placement_volunteer_weight", &[]),
    ("placement_other_site_weight", &[]),
    ("cover_under_weight", &[]),
    // Compte épargne-temps (forward alerts only).
    ("cet_max_days", &["FPH-CET-1"]),
    ("cet_threshold_days", &["FPH-CET-3"]),
    ("cet_yearly_increase_days", &["FPH-CET-3"]),
];

/// One rule a parameter sets, with its legal source when the French pack has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalSource {
    pub rule: &'static str,
    /// E.g. « art. 6, décret 2002-9 »; `None` for a rule the pack does not check yet.
    pub citation: Option<&'static str>,
}

/// What is known of a parameter key.
#[derive(Debug, Clone)]
pub struct ParameterInfo {
    pub key: &'static str,
    /// French label (the key itself for a key without one).
    pub label: &'static str,
    pub unit: ParameterUnit,
    pub default: String,
    /// The number is marked U in `domain-rules.md`: a cautious assumption to confirm.
    pub unverified: bool,
    /// Empty: a local policy choice, no text fixes it.
    pub sources: Vec<LegalSource>,
}

fn sources(key: &str) -> Vec<LegalSource> {
    RULES_OF
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, rules)| {
            rules
                .iter()
                .map(|rule| LegalSource {
                    rule,
                    citation: FR_RULES
                        .iter()
                        .find(|r| r.meta().id == *rule)
                        .map(|r| r.meta().citation),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The French label and unit of a key; the key itself, counted, for one without a label
/// (a test keeps every catalogue key labelled).
pub fn label(key: &'static str) -> (&'static str, ParameterUnit) {
    label_of(key).unwrap_or((key, ParameterUnit::Count))
}

/// Every key a parameter may have, with its default and legal sources.
pub fn catalogue() -> Vec<ParameterInfo> {
    let pack = CATALOGUE
        .iter()
        .map(|(key, default, unverified)| ParameterInfo {
            key,
            label: label(key).0,
            unit: label(key).1,
            default: default.trim_end_matches("u32").trim_matches('"').to_owned(),
            unverified: *unverified,
            sources: sources(key),
        });
    let builder = PARAMETERS.iter().map(|(key, default)| ParameterInfo {
        key,
        label: label(key).0,
        unit: label(key).1,
        default: default.to_string(),
        unverified: false,
        sources: sources(key),
    });
    pack.chain(builder).collect()
}

/// Where a parameter applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterScope {
    Tenant,
    Site(Uuid),
    Unit(Uuid),
}

impl ParameterScope {
    fn kind(self) -> &'static str {
        match self {
            Self::Tenant => "tenant",
            Self::Site(_) => "site",
            Self::Unit(_) => "unit",
        }
    }

    fn id(self) -> Option<Uuid> {
        match self {
            Self::Tenant => None,
            Self::Site(id) | Self::Unit(id) => Some(id),
        }
    }
}

/// Refuses unless the viewer manages `at`: the GHT for `ght_admin`, their sites for a site
/// manager, the units they plan for a cadre. Another tenant's site or unit is NOT_FOUND.
async fn require_manages(
    txn: &DatabaseTransaction,
    scope: &Scope,
    at: ParameterScope,
) -> ServiceResult<()> {
    match at {
        ParameterScope::Tenant => scope.require_role(&[Role::GhtAdmin], "paramètre du GHT"),
        ParameterScope::Site(id) => {
            let site = find_establishment(txn, scope, id).await?;
            let allowed = scope.role == Role::GhtAdmin
                || (scope.role == Role::SiteManager && scope.sites.contains(&site.id));
            if allowed {
                Ok(())
            } else {
                Err(ServiceError::forbidden(format!(
                    "l'établissement {} est hors de votre périmètre",
                    site.name
                )))
            }
        }
        ParameterScope::Unit(id) => {
            let unit = find_unit(txn, scope.tenant, id).await?;
            scope.require_plans(&unit)
        }
    }
}

/// Checks a value against the parameter's type (the solver's own parser) and returns it
/// as stored (JSON text: `660`, `true`, `"2025-01-06"`).
fn check_value(key: &str, value: &str) -> ServiceResult<String> {
    let parsed: serde_json::Value = serde_json::from_str(value.trim())
        .or_else(|_| Ok::<_, serde_json::Error>(serde_json::Value::String(value.trim().into())))
        .map_err(|e| ServiceError::invalid("value", e.to_string()))?;
    if PARAMETERS.iter().any(|(k, _)| *k == key) {
        return match parsed.as_i64() {
            Some(n) if n >= 0 => Ok(n.to_string()),
            _ => Err(ServiceError::invalid("value", "entier positif attendu")),
        };
    }
    let mut object = serde_json::Map::new();
    object.insert(key.to_owned(), parsed.clone());
    serde_json::from_value::<ParameterValues>(serde_json::Value::Object(object)).map_err(|_| {
        ServiceError::invalid(
            "value",
            format!("valeur invalide pour {key} (entier, booléen ou date selon le paramètre)"),
        )
    })?;
    Ok(parsed.to_string())
}

/// Sets `key` at `at` from `effective_from` (replacing a value set for the same date).
pub async fn set(
    txn: &DatabaseTransaction,
    scope: &Scope,
    at: ParameterScope,
    key: &str,
    value: &str,
    effective_from: NaiveDate,
) -> ServiceResult<rule_parameter::Model> {
    require_manages(txn, scope, at).await?;
    let info = catalogue()
        .into_iter()
        .find(|p| p.key == key.trim())
        .ok_or_else(|| ServiceError::invalid("key", format!("paramètre inconnu : {key}")))?;
    let value = check_value(info.key, value)?;
    let existing = rule_parameter::Entity::find()
        .filter(rule_parameter::Column::TenantId.eq(scope.tenant.0))
        .filter(rule_parameter::Column::ScopeKind.eq(at.kind()))
        .filter(match at.id() {
            Some(id) => rule_parameter::Column::ScopeId.eq(id),
            None => rule_parameter::Column::ScopeId.is_null(),
        })
        .filter(rule_parameter::Column::Key.eq(info.key))
        .filter(rule_parameter::Column::EffectiveFrom.eq(effective_from))
        .one(txn)
        .await?;
    Ok(match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.value = Set(value);
            row.update(txn).await?
        }
        None => {
            rule_parameter::ActiveModel {
                id: Set(Uuid::new_v4()),
                tenant_id: Set(scope.tenant.0),
                scope_kind: Set(at.kind().to_owned()),
                scope_id: Set(at.id()),
                key: Set(info.key.to_owned()),
                value: Set(value),
                effective_from: Set(effective_from),
                created_at: Set(chrono::Utc::now().fixed_offset()),
            }
            .insert(txn)
            .await?
        }
    })
}

/// Removes one parameter value (same rights as setting it).
pub async fn delete(txn: &DatabaseTransaction, scope: &Scope, id: Uuid) -> ServiceResult<()> {
    let row = rule_parameter::Entity::find_by_id(id)
        .filter(rule_parameter::Column::TenantId.eq(scope.tenant.0))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("paramètre"))?;
    let at = match (row.scope_kind.as_str(), row.scope_id) {
        ("site", Some(id)) => ParameterScope::Site(id),
        ("unit", Some(id)) => ParameterScope::Unit(id),
        _ => ParameterScope::Tenant,
    };
    require_manages(txn, scope, at).await?;
    rule_parameter::Entity::delete_by_id(row.id)
        .exec(txn)
        .await?;
    Ok(())
}

/// Every value that may apply to `unit_id`: the GHT's, its site's and its own, all dates.
pub async fn for_unit(
    txn: &DatabaseTransaction,
    scope: &Scope,
    unit_id: Uuid,
) -> ServiceResult<Vec<rule_parameter::Model>> {
    let unit = find_unit(txn, scope.tenant, unit_id).await?;
    scope.require_reads(&unit)?;
    let rows = rule_parameter::Entity::find()
        .filter(rule_parameter::Column::TenantId.eq(scope.tenant.0))
        .all(txn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| match (r.scope_kind.as_str(), r.scope_id) {
            ("tenant", _) => true,
            ("site", Some(id)) => id == unit.establishment_id,
            ("unit", Some(id)) => id == unit.id,
            _ => false,
        })
        .collect())
}

/// The legal sources of a key (empty for a local policy weight or an unknown key).
pub fn sources_of(key: &str) -> Vec<LegalSource> {
    sources(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_its_rules_listed_and_every_pack_rule_named_exists() {
        for info in catalogue() {
            assert!(
                RULES_OF.iter().any(|(k, _)| *k == info.key),
                "{} has no entry in RULES_OF",
                info.key
            );
            assert!(
                label_of(info.key).is_some(),
                "{} has no French label",
                info.key
            );
        }
        // Rules the pack checks are cited; the daily rest one reads its décret.
        let rest = sources_of("fph_daily_rest_minutes");
        assert_eq!(rest[0].rule, "FPH-REST-1");
        assert!(
            rest[0].citation.is_some_and(|c| c.contains("2002-9")),
            "{rest:?}"
        );
        for (_, rules) in RULES_OF {
            for rule in *rules {
                let in_pack = FR_RULES.iter().any(|r| r.meta().id == *rule);
                // Only the annual targets, FPH-HS-5 and the CET (projected by the alerts) are
                // not checked by a rule unit.
                assert!(
                    in_pack
                        || rule.starts_with("FPH-ANN")
                        || rule.starts_with("FPH-CET")
                        || *rule == "FPH-HS-5",
                    "{rule} is neither in the pack nor a known exception"
                );
            }
        }
    }

    #[test]
    fn values_are_checked_with_the_solvers_types() {
        assert_eq!(check_value("fph_daily_rest_minutes", "660").unwrap(), "660");
        assert_eq!(
            check_value("fph_daily_rest_accord", "true").unwrap(),
            "true"
        );
        assert_eq!(
            check_value("cycle_anchor", "2025-01-06").unwrap(),
            "\"2025-01-06\""
        );
        assert!(check_value("fph_daily_rest_minutes", "onze heures").is_err());
        assert!(check_value("fph_daily_rest_accord", "12").is_err());
        assert!(check_value("min_daily_rest_minutes", "-5").is_err());
    }
}
