//! An account: sealed e-mail, blind index, argon2id hash, role and scopes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub person_id: Uuid,
    pub role: String,
    pub scopes: String,
    pub email_sealed: Vec<u8>,
    pub email_index: Vec<u8>,
    pub password_hash: String,
    pub created_at: ChronoDateTimeWithTimeZone,
    pub disabled_at: Option<ChronoDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
