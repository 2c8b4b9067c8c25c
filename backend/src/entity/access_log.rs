//! One entry of the RGPD access log (append-only, hash-chained per tenant).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// RFC 3339 with microseconds, exactly as hashed.
    pub at: String,
    pub actor_id: Uuid,
    pub actor_role: String,
    pub operation: String,
    pub object_type: String,
    /// 16 bytes per id, in order (`audit::object_ids`).
    pub object_ids: Vec<u8>,
    pub purpose: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
