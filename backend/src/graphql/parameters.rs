//! Rule parameters (per GHT, site or unit, with effective dates and their legal sources)
//! and travel times between sites.

use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::entity::{qualification_substitution, rule_parameter, site_travel_time};
use crate::graphql::service::{Work, service_error};
use crate::organisation::parameter_labels::{self, ParameterUnit};
use crate::organisation::rule_parameters::{self, LegalSource, ParameterInfo, ParameterScope};
use crate::organisation::substitutions::{self, SubstitutionInput};
use crate::organisation::travel_times;

/// Where a parameter value applies.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ParameterScopeKind {
    Tenant,
    Site,
    Unit,
}

/// What a parameter's value counts, to show and enter it.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ParameterValueUnit {
    /// A duration in minutes.
    Minutes,
    /// A time of day in minutes after midnight.
    MinuteOfDay,
    Bool,
    /// An ISO date.
    Date,
    Count,
    Percent,
    /// A weight of the objective.
    Weight,
    /// A month number (1 to 12).
    Month,
}

impl From<ParameterUnit> for ParameterValueUnit {
    fn from(unit: ParameterUnit) -> Self {
        match unit {
            ParameterUnit::Minutes => Self::Minutes,
            ParameterUnit::MinuteOfDay => Self::MinuteOfDay,
            ParameterUnit::Bool => Self::Bool,
            ParameterUnit::Date => Self::Date,
            ParameterUnit::Count => Self::Count,
            ParameterUnit::Percent => Self::Percent,
            ParameterUnit::Weight => Self::Weight,
            ParameterUnit::Month => Self::Month,
        }
    }
}

/// A rule a parameter sets and the text it comes from.
#[derive(SimpleObject)]
pub struct ParameterSource {
    /// The rule's id in `domain-rules.md` (e.g. `FPH-REST-1`).
    pub rule: String,
    /// E.g. « art. 6, décret 2002-9 »; null for a rule the engine does not check yet.
    pub citation: Option<String>,
}

impl From<LegalSource> for ParameterSource {
    fn from(source: LegalSource) -> Self {
        Self {
            rule: source.rule.to_owned(),
            citation: source.citation.map(str::to_owned),
        }
    }
}

/// A parameter key: its default and legal sources.
#[derive(SimpleObject)]
pub struct RuleParameterDefinition {
    pub key: String,
    /// French label, e.g. « Repos quotidien minimal ».
    pub label: String,
    pub unit: ParameterValueUnit,
    pub default_value: String,
    /// The default is a cautious assumption still to confirm (marked U in the rules).
    pub unverified: bool,
    /// Empty for a local policy weight that no text fixes.
    pub sources: Vec<ParameterSource>,
}

impl From<ParameterInfo> for RuleParameterDefinition {
    fn from(info: ParameterInfo) -> Self {
        Self {
            key: info.key.to_owned(),
            label: info.label.to_owned(),
            unit: info.unit.into(),
            default_value: info.default,
            unverified: info.unverified,
            sources: info.sources.into_iter().map(Into::into).collect(),
        }
    }
}

/// A value set for a GHT, a site or a unit from a date.
#[derive(SimpleObject)]
pub struct RuleParameter {
    pub id: Uuid,
    pub scope: ParameterScopeKind,
    /// The site or unit; null for the whole GHT.
    pub scope_id: Option<Uuid>,
    pub key: String,
    /// French label of the key (the key itself when unknown).
    pub label: String,
    /// JSON text: `660`, `true`, `"2025-01-06"`.
    pub value: String,
    pub effective_from: NaiveDate,
    pub sources: Vec<ParameterSource>,
}

impl From<rule_parameter::Model> for RuleParameter {
    fn from(row: rule_parameter::Model) -> Self {
        Self {
            id: row.id,
            scope: match row.scope_kind.as_str() {
                "site" => ParameterScopeKind::Site,
                "unit" => ParameterScopeKind::Unit,
                _ => ParameterScopeKind::Tenant,
            },
            scope_id: row.scope_id,
            sources: rule_parameters::sources_of(&row.key)
                .into_iter()
                .map(Into::into)
                .collect(),
            label: parameter_labels::label_of(&row.key)
                .map_or_else(|| row.key.clone(), |(label, _)| label.to_owned()),
            key: row.key,
            value: row.value,
            effective_from: row.effective_from,
        }
    }
}

#[derive(SimpleObject)]
pub struct TravelTime {
    pub from_site_id: Uuid,
    pub to_site_id: Uuid,
    pub minutes: i32,
}

impl From<site_travel_time::Model> for TravelTime {
    fn from(row: site_travel_time::Model) -> Self {
        Self {
            from_site_id: row.from_site_id,
            to_site_id: row.to_site_id,
            minutes: row.minutes,
        }
    }
}

/// A holder of `fromQualification` may fill a slot requiring `toQualification`, at `cost`
/// per shift in the solver's objective, from `effectiveFrom` (null: always).
#[derive(SimpleObject)]
pub struct QualificationSubstitution {
    pub id: Uuid,
    pub from_qualification: String,
    pub to_qualification: String,
    pub cost: i32,
    pub effective_from: Option<NaiveDate>,
}

impl From<qualification_substitution::Model> for QualificationSubstitution {
    fn from(row: qualification_substitution::Model) -> Self {
        Self {
            id: row.id,
            from_qualification: row.from_qualification,
            to_qualification: row.to_qualification,
            cost: row.cost,
            effective_from: row.effective_from,
        }
    }
}

#[derive(Default)]
pub struct ParametersQuery;

#[Object]
impl ParametersQuery {
    /// Every parameter key with its default and legal sources.
    async fn rule_parameter_catalogue(&self) -> Vec<RuleParameterDefinition> {
        rule_parameters::catalogue()
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// The values that may apply to a unit: the GHT's, its site's and its own, all dates.
    async fn rule_parameters(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
    ) -> async_graphql::Result<Vec<RuleParameter>> {
        let work = Work::begin(ctx).await?;
        let rows = rule_parameters::for_unit(&work.txn, &work.scope, unit_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// Travel times from one site, or between all sites of the GHT.
    async fn travel_times(
        &self,
        ctx: &Context<'_>,
        from_site_id: Option<Uuid>,
    ) -> async_graphql::Result<Vec<TravelTime>> {
        let work = Work::begin(ctx).await?;
        let rows = travel_times::list(&work.txn, &work.scope, from_site_id)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }

    /// The GHT's qualification substitutions, all dates (GHT and site management).
    async fn qualification_substitutions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<QualificationSubstitution>> {
        let work = Work::begin(ctx).await?;
        let rows = substitutions::list(&work.txn, &work.scope)
            .await
            .map_err(service_error)?;
        work.done(rows.into_iter().map(Into::into).collect()).await
    }
}

#[derive(Default)]
pub struct ParametersMutation;

#[Object]
impl ParametersMutation {
    /// Sets a parameter from a date for the GHT (`ght_admin`), a site (its site manager) or
    /// a unit (its cadre); a value set for the same scope, key and date is replaced.
    async fn set_rule_parameter(
        &self,
        ctx: &Context<'_>,
        scope: ParameterScopeKind,
        scope_id: Option<Uuid>,
        key: String,
        value: String,
        effective_from: NaiveDate,
    ) -> async_graphql::Result<RuleParameter> {
        let work = Work::begin(ctx).await?;
        let at = match (scope, scope_id) {
            (ParameterScopeKind::Tenant, None) => ParameterScope::Tenant,
            (ParameterScopeKind::Site, Some(id)) => ParameterScope::Site(id),
            (ParameterScopeKind::Unit, Some(id)) => ParameterScope::Unit(id),
            _ => {
                return Err(service_error(crate::service_error::ServiceError::invalid(
                    "scopeId",
                    "obligatoire pour un site ou une unité, absent pour le GHT",
                )));
            }
        };
        let row = rule_parameters::set(&work.txn, &work.scope, at, &key, &value, effective_from)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Removes a parameter value (same rights as setting it).
    async fn delete_rule_parameter(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        rule_parameters::delete(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }

    /// Sets the travel time between two sites, both ways (GHT management).
    async fn set_travel_time(
        &self,
        ctx: &Context<'_>,
        from_site_id: Uuid,
        to_site_id: Uuid,
        minutes: i32,
    ) -> async_graphql::Result<TravelTime> {
        let work = Work::begin(ctx).await?;
        let row = travel_times::set(&work.txn, &work.scope, from_site_id, to_site_id, minutes)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Lets holders of `fromQualification` fill slots requiring `toQualification` at `cost`
    /// per shift, from `effectiveFrom` (null: always); the value of the same pair and date is
    /// replaced. Never a lower qualification for a higher one (an AS for an IDE). GHT and site
    /// management.
    async fn set_qualification_substitution(
        &self,
        ctx: &Context<'_>,
        from_qualification: String,
        to_qualification: String,
        cost: i32,
        effective_from: Option<NaiveDate>,
    ) -> async_graphql::Result<QualificationSubstitution> {
        let work = Work::begin(ctx).await?;
        let input = SubstitutionInput {
            from_qualification,
            to_qualification,
            cost,
            effective_from,
        };
        let row = substitutions::set(&work.txn, &work.scope, input)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Removes a substitution value (same rights as setting it).
    async fn delete_qualification_substitution(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        substitutions::delete(&work.txn, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }
}
