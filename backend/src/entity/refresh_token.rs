//! A refresh token, stored as the SHA-256 of its value, in a rotation family.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_token")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: Vec<u8>,
    pub tenant_id: Uuid,
    pub family_id: Uuid,
    pub issued_at: ChronoDateTimeWithTimeZone,
    pub expires_at: ChronoDateTimeWithTimeZone,
    pub used_at: Option<ChronoDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
