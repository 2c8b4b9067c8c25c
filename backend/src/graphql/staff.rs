//! People who work shifts. Their names and contacts are personal data: decrypted per request
//! and every consultation written to the access log.

use async_graphql::connection::Connection;
use async_graphql::{ComplexObject, Context, InputObject, Object, SimpleObject};
use uuid::Uuid;

use crate::entity;
use crate::graphql::service::{Work, connection, page_request, service_error};
use crate::organisation::staff::{self, StaffInput, StaffView};

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct StaffMember {
    pub id: Uuid,
    /// The person's account, when they have one.
    pub user_id: Option<Uuid>,
    /// Null once the person has been erased (their key is destroyed).
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profession: String,
    /// Per cent of full time.
    pub quotite: i32,
    pub home_unit_id: Uuid,
    /// Member of the pool de suppléance; authorised elsewhere without it: a volunteer.
    pub pool: bool,
    /// The record, whose JSON lists are parsed only when asked for (a page of 60 people
    /// would otherwise parse 180 lists that the planning screen does not show).
    #[graphql(skip)]
    row: entity::staff::Model,
}

#[ComplexObject]
impl StaffMember {
    async fn qualifications(&self) -> Vec<String> {
        staff::qualifications(&self.row)
    }

    async fn authorised_unit_ids(&self) -> Vec<Uuid> {
        staff::unit_ids(&self.row)
    }

    async fn authorised_site_ids(&self) -> Vec<Uuid> {
        staff::site_ids(&self.row)
    }
}

impl From<StaffView> for StaffMember {
    fn from(view: StaffView) -> Self {
        Self {
            id: view.row.id,
            user_id: view.row.user_id,
            first_name: view.first_name,
            last_name: view.last_name,
            email: view.email,
            phone: view.phone,
            profession: view.row.profession.clone(),
            quotite: view.row.quotite,
            home_unit_id: view.row.home_unit_id,
            pool: view.row.pool,
            row: view.row,
        }
    }
}

/// The personal fields a page's query selects (as `nodes { … }` or `edges { node { … } }`):
/// the service opens only these.
fn selected_fields(ctx: &Context<'_>) -> staff::Fields {
    let ahead = ctx.look_ahead();
    let asked = |name: &str| {
        ahead.field("nodes").field(name).exists()
            || ahead.field("edges").field("node").field(name).exists()
    };
    staff::Fields {
        first_name: asked("firstName"),
        last_name: asked("lastName"),
        email: asked("email"),
        phone: asked("phone"),
    }
}

/// A person's file; on update, absent fields stay as they are.
#[derive(InputObject, Default)]
pub struct StaffMemberInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// IDE, AS, IADE, IBODE, PH, INTERNE…
    pub profession: Option<String>,
    pub qualifications: Option<Vec<String>>,
    pub quotite: Option<i32>,
    pub home_unit_id: Option<Uuid>,
    pub authorised_unit_ids: Option<Vec<Uuid>>,
    pub authorised_site_ids: Option<Vec<Uuid>>,
    /// Member of the pool de suppléance (deployed on the authorised units and sites).
    pub pool: Option<bool>,
    /// Links the person to an account (creation only).
    pub user_id: Option<Uuid>,
}

impl From<StaffMemberInput> for StaffInput {
    fn from(input: StaffMemberInput) -> Self {
        Self {
            first_name: input.first_name,
            last_name: input.last_name,
            email: input.email,
            phone: input.phone,
            profession: input.profession,
            qualifications: input.qualifications,
            quotite: input.quotite,
            home_unit_id: input.home_unit_id,
            authorised_unit_ids: input.authorised_unit_ids,
            authorised_site_ids: input.authorised_site_ids,
            pool: input.pool,
            user_id: input.user_id,
        }
    }
}

#[derive(Default)]
pub struct StaffQuery;

#[Object]
impl StaffQuery {
    /// People in the viewer's scope, optionally of one unit and with an exact last name
    /// (case and accents ignored).
    async fn staff_members(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<Uuid>,
        last_name: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, StaffMember>> {
        let page = page_request(first, after.clone())?;
        let work = Work::begin(ctx).await?;
        let found = staff::list(
            &work.txn,
            &work.state.keys,
            &work.scope,
            unit_id,
            last_name.as_deref(),
            page,
            selected_fields(ctx),
        )
        .await
        .map_err(service_error)?;
        work.done(connection(
            found,
            |v| v.row.id,
            StaffMember::from,
            after.is_some(),
        ))
        .await
    }

    /// One person's file.
    async fn staff_member(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<StaffMember> {
        let work = Work::begin(ctx).await?;
        let view = staff::get(&work.txn, &work.state.keys, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(view.into()).await
    }
}

#[derive(Default)]
pub struct StaffMutation;

#[Object]
impl StaffMutation {
    /// Creates a person (first name, last name, profession and home unit required).
    async fn create_staff_member(
        &self,
        ctx: &Context<'_>,
        input: StaffMemberInput,
    ) -> async_graphql::Result<StaffMember> {
        let work = Work::begin(ctx).await?;
        let view = staff::create(&work.txn, &work.state.keys, &work.scope, input.into())
            .await
            .map_err(service_error)?;
        work.done(view.into()).await
    }

    /// Right to erasure of a person (HR or GHT management), with or without an account:
    /// their key is destroyed, names and contacts become unreadable everywhere and their
    /// search indexes are shredded; the pseudonymous record stays for the legal HR minima.
    async fn erase_staff_member(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<bool> {
        let work = Work::begin(ctx).await?;
        staff::erase(&work.txn, &work.state.keys.erasures, &work.scope, id)
            .await
            .map_err(service_error)?;
        work.done(true).await
    }

    async fn update_staff_member(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: StaffMemberInput,
    ) -> async_graphql::Result<StaffMember> {
        let work = Work::begin(ctx).await?;
        let view = staff::update(&work.txn, &work.state.keys, &work.scope, id, input.into())
            .await
            .map_err(service_error)?;
        work.done(view.into()).await
    }
}
