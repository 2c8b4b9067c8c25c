//! A person who works shifts; names and contacts sealed with the person's key. See migration `m20261122_000004_create_organisation_and_rosters`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub person_id: Uuid,
    pub user_id: Option<Uuid>,
    pub profession: String,
    pub qualifications: String,
    pub quotite: i32,
    pub home_unit_id: Uuid,
    pub authorised_unit_ids: String,
    pub authorised_site_ids: String,
    /// Member of the pool de suppléance (migration `m20261122_000008`).
    pub pool: bool,
    pub first_name_sealed: Vec<u8>,
    pub last_name_sealed: Vec<u8>,
    pub email_sealed: Option<Vec<u8>>,
    pub phone_sealed: Option<Vec<u8>>,
    pub last_name_index: Vec<u8>,
    pub created_at: ChronoDateTimeWithTimeZone,
    pub updated_at: ChronoDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
