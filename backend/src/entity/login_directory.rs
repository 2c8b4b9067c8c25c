//! Keyed hash of an e-mail → tenant and user: the only lookup made before the tenant is known.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_directory")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub email_lookup: Vec<u8>,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
