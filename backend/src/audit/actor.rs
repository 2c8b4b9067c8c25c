//! Who performed a logged operation.

use uuid::Uuid;

use crate::auth::viewer::Viewer;

/// The author of an access-log entry: an account, or the system itself (seeding,
/// maintenance commands), which has the nil id and the role `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: String,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            id: Uuid::nil(),
            role: "system".to_owned(),
        }
    }
}

impl From<&Viewer> for Actor {
    fn from(viewer: &Viewer) -> Self {
        Self {
            id: viewer.user_id,
            role: viewer.role.as_str().to_owned(),
        }
    }
}
