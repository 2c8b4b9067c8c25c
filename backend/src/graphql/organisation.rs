//! The organisation of a GHT: establishments, pôles, units, shift types, maquettes, and the
//! scopes of accounts. Lists are cursor-paginated (`first` ≤ 100).

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use uuid::Uuid;

use crate::entity::{establishment, maquette_demand, pole, shift_type, unit};
use crate::graphql::service::{Work, connection, page_request, service_error};
use crate::organisation::maquette::{self, DemandInput};
use crate::organisation::shift_types::{self, ShiftTypeInput as ShiftTypeFields};
use crate::organisation::structure::{self, UnitInput};

#[derive(SimpleObject)]
pub struct Establishment {
    pub id: Uuid,
    pub finess: String,
    pub name: String,
}

impl From<establishment::Model> for Establishment {
    fn from(row: establishment::Model) -> Self {
        Self {
            id: row.id,
            finess: row.finess,
            name: row.name,
        }
    }
}

#[derive(SimpleObject)]
pub struct Pole {
    pub id: Uuid,
    pub establishment_id: Uuid,
    pub name: String,
}

impl From<pole::Model> for Pole {
    fn from(row: pole::Model) -> Self {
        Self {
            id: row.id,
            establishment_id: row.establishment_id,
            name: row.name,
        }
    }
}

#[derive(SimpleObject)]
pub struct Unit {
    pub id: Uuid,
    pub establishment_id: Uuid,
    pub pole_id: Option<Uuid>,
    pub code: String,
    pub name: String,
}

impl From<unit::Model> for Unit {
    fn from(row: unit::Model) -> Self {
        Self {
            id: row.id,
            establishment_id: row.establishment_id,
            pole_id: row.pole_id,
            code: row.code,
            name: row.name,
        }
    }
}

#[derive(SimpleObject)]
pub struct ShiftType {
    pub id: Uuid,
    pub code: String,
    pub label: String,
    pub start_minute: i32,
    pub duration_minutes: i32,
    pub is_night: bool,
    pub qualifications: Vec<String>,
    /// WORK, GARDE, ASTREINTE or TRAINING.
    pub activity: ShiftActivity,
    /// Demi-journées it counts for (doctors); null = derived from its times.
    pub half_days: Option<i32>,
    /// Break inside the shift in minutes; null = the legal minimum, taken inside it.
    pub break_minutes: Option<i32>,
}

/// What a shift is for the doctors' rules: garde and training are working time, astreinte is
/// not (only its call-outs are).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum ShiftActivity {
    #[default]
    Work,
    Garde,
    Astreinte,
    Training,
}

impl ShiftActivity {
    fn stored(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Garde => "garde",
            Self::Astreinte => "astreinte",
            Self::Training => "training",
        }
    }

    fn of(stored: &str) -> Self {
        match stored {
            "garde" => Self::Garde,
            "astreinte" => Self::Astreinte,
            "training" => Self::Training,
            _ => Self::Work,
        }
    }
}

impl From<shift_type::Model> for ShiftType {
    fn from(row: shift_type::Model) -> Self {
        Self {
            qualifications: serde_json::from_str(&row.qualifications).unwrap_or_default(),
            id: row.id,
            code: row.code,
            label: row.label,
            start_minute: row.start_minute,
            duration_minutes: row.duration_minutes,
            is_night: row.is_night,
            activity: ShiftActivity::of(&row.activity),
            half_days: row.half_days,
            break_minutes: row.break_minutes,
        }
    }
}

/// The kinds of day a maquette distinguishes (holidays count as Sundays).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum DayType {
    Weekday,
    Saturday,
    SundayHoliday,
}

impl DayType {
    fn as_str(self) -> &'static str {
        match self {
            DayType::Weekday => "weekday",
            DayType::Saturday => "saturday",
            DayType::SundayHoliday => "sunday_holiday",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "saturday" => DayType::Saturday,
            "sunday_holiday" => DayType::SundayHoliday,
            _ => DayType::Weekday,
        }
    }
}

#[derive(SimpleObject)]
pub struct MaquetteDemand {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub day_type: DayType,
    pub shift_type_id: Uuid,
    /// Null: everyone counts.
    pub qualification: Option<String>,
    pub min: i32,
    pub target: i32,
}

impl From<maquette_demand::Model> for MaquetteDemand {
    fn from(row: maquette_demand::Model) -> Self {
        Self {
            id: row.id,
            unit_id: row.unit_id,
            day_type: DayType::parse(&row.day_type),
            shift_type_id: row.shift_type_id,
            qualification: (!row.qualification.is_empty()).then_some(row.qualification),
            min: row.min,
            target: row.target,
        }
    }
}

#[derive(InputObject)]
pub struct CreateUnitInput {
    pub establishment_id: Uuid,
    pub pole_id: Option<Uuid>,
    pub code: String,
    pub name: String,
}

#[derive(InputObject)]
pub struct ShiftTypeInput {
    pub code: String,
    pub label: String,
    pub start_minute: i32,
    pub duration_minutes: i32,
    #[graphql(default)]
    pub is_night: bool,
    #[graphql(default)]
    pub qualifications: Vec<String>,
    #[graphql(default)]
    pub activity: ShiftActivity,
    pub half_days: Option<i32>,
    pub break_minutes: Option<i32>,
}

impl ShiftTypeInput {
    fn fields(&self) -> ShiftTypeFields<'_> {
        ShiftTypeFields {
            code: &self.code,
            label: &self.label,
            start_minute: self.start_minute,
            duration_minutes: self.duration_minutes,
            is_night: self.is_night,
            qualifications: &self.qualifications,
            activity: self.activity.stored(),
            half_days: self.half_days,
            break_minutes: self.break_minutes,
        }
    }
}

#[derive(InputObject)]
pub struct MaquetteDemandInput {
    pub unit_id: Uuid,
    pub day_type: DayType,
    pub shift_type_id: Uuid,
    pub qualification: Option<String>,
    pub min: i32,
    pub target: i32,
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// Establishments (sites) of the GHT.
    async fn establishments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Establishment>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = structure::list_establishments(&work.txn, &work.scope, page)
            .await
            .map_err(service_error)?;
        work.done(connection(
            found,
            |r| r.id,
            Establishment::from,
            after.is_some(),
        ))
        .await
    }

    /// Pôles of one establishment.
    async fn poles(
        &self,
        ctx: &Context<'_>,
        establishment_id: Uuid,
    ) -> async_graphql::Result<Vec<Pole>> {
        let work = Work::begin(ctx).await?;
        let found = structure::list_poles(&work.txn, &work.scope, establishment_id)
            .await
            .map_err(service_error)?;
        work.done(found.into_iter().map(Into::into).collect()).await
    }

    /// Units of the GHT, or of one establishment.
    async fn units(
        &self,
        ctx: &Context<'_>,
        establishment_id: Option<Uuid>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, Unit>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = structure::list_units(&work.txn, &work.scope, establishment_id, page)
            .await
            .map_err(service_error)?;
        work.done(connection(found, |r| r.id, Unit::from, after.is_some()))
            .await
    }

    /// Every shift type of the GHT.
    async fn shift_types(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ShiftType>> {
        let work = Work::begin(ctx).await?;
        let found = shift_types::list(&work.txn, &work.scope)
            .await
            .map_err(service_error)?;
        work.done(found.into_iter().map(Into::into).collect()).await
    }

    /// A unit's maquette: the demand per type of day, shift and qualification.
    async fn maquette(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
    ) -> async_graphql::Result<Vec<MaquetteDemand>> {
        let work = Work::begin(ctx).await?;
        let found = maquette::list(&work.txn, &work.scope, unit_id)
            .await
            .map_err(service_error)?;
        work.done(found.into_iter().map(Into::into).collect()).await
    }
}

#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Adds an establishment (GHT management).
    async fn create_establishment(
        &self,
        ctx: &Context<'_>,
        finess: String,
        name: String,
    ) -> async_graphql::Result<Establishment> {
        let work = Work::begin(ctx).await?;
        let row = structure::create_establishment(&work.txn, &work.scope, &finess, &name)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    async fn rename_establishment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        name: String,
    ) -> async_graphql::Result<Establishment> {
        let work = Work::begin(ctx).await?;
        let row = structure::rename_establishment(&work.txn, &work.scope, id, &name)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    async fn create_pole(
        &self,
        ctx: &Context<'_>,
        establishment_id: Uuid,
        name: String,
    ) -> async_graphql::Result<Pole> {
        let work = Work::begin(ctx).await?;
        let row = structure::create_pole(&work.txn, &work.scope, establishment_id, &name)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    async fn create_unit(
        &self,
        ctx: &Context<'_>,
        input: CreateUnitInput,
    ) -> async_graphql::Result<Unit> {
        let work = Work::begin(ctx).await?;
        let fields = UnitInput {
            establishment_id: input.establishment_id,
            pole_id: input.pole_id,
            code: &input.code,
            name: &input.name,
        };
        let row = structure::create_unit(&work.txn, &work.scope, fields)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Renames a unit or moves it to another pôle of its establishment
    /// (`clearPole: true` takes it out of any pôle).
    async fn update_unit(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        name: Option<String>,
        pole_id: Option<Uuid>,
        #[graphql(default)] clear_pole: bool,
    ) -> async_graphql::Result<Unit> {
        let work = Work::begin(ctx).await?;
        let pole = if clear_pole {
            Some(None)
        } else {
            pole_id.map(Some)
        };
        let row = structure::update_unit(&work.txn, &work.scope, id, name.as_deref(), pole)
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Sets the sites and units an account acts on (GHT management); returns the scopes.
    async fn set_user_scopes(
        &self,
        ctx: &Context<'_>,
        user_id: Uuid,
        #[graphql(default)] site_ids: Vec<Uuid>,
        #[graphql(default)] unit_ids: Vec<Uuid>,
    ) -> async_graphql::Result<Vec<String>> {
        let work = Work::begin(ctx).await?;
        let scopes =
            structure::set_user_scopes(&work.txn, &work.scope, user_id, &site_ids, &unit_ids)
                .await
                .map_err(service_error)?;
        work.done(scopes).await
    }

    async fn create_shift_type(
        &self,
        ctx: &Context<'_>,
        input: ShiftTypeInput,
    ) -> async_graphql::Result<ShiftType> {
        let work = Work::begin(ctx).await?;
        let row = shift_types::create(&work.txn, &work.scope, input.fields())
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Changes a shift type (its code stays).
    async fn update_shift_type(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: ShiftTypeInput,
    ) -> async_graphql::Result<ShiftType> {
        let work = Work::begin(ctx).await?;
        let row = shift_types::update(&work.txn, &work.scope, id, input.fields())
            .await
            .map_err(service_error)?;
        work.done(row.into()).await
    }

    /// Sets one line of a unit's maquette; `min` and `target` both 0 remove it (returns null).
    async fn set_maquette_demand(
        &self,
        ctx: &Context<'_>,
        input: MaquetteDemandInput,
    ) -> async_graphql::Result<Option<MaquetteDemand>> {
        let work = Work::begin(ctx).await?;
        let fields = DemandInput {
            unit_id: input.unit_id,
            day_type: input.day_type.as_str(),
            shift_type_id: input.shift_type_id,
            qualification: input.qualification.as_deref(),
            min: input.min,
            target: input.target,
        };
        let row = maquette::set_demand(&work.txn, &work.scope, fields)
            .await
            .map_err(service_error)?;
        work.done(row.map(Into::into)).await
    }
}
