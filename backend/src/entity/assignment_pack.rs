//! All assignments of one roster version in one row (`id` is the version's id).
//! See migration `m20261123_000010_create_assignment_pack`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_pack")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// Written and read by `rosters::assignment_pack`.
    pub cells: String,
    /// The version's people, each once, in id order, in the access log's form of ids
    /// (`audit::object_ids`): a read's entry names them without parsing `cells`
    /// (migration `m20261123_000013_store_log_object_ids_as_bytes`).
    pub people: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
