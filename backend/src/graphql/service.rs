//! What every resolver over the organisation and rosters does first: open the tenant's
//! transaction, resolve the viewer's scope from the database, and map service refusals to
//! stable codes; plus the cursor connection built from a service page.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ErrorExtensions, OutputType};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::graphql::error::{Code, api_error, internal};
use crate::graphql::viewer;
use crate::organisation::scope::{self, Scope};
use crate::pagination::{Page, PageRequest};
use crate::service_error::ServiceError;
use crate::state::AppState;
use crate::tenancy;

pub fn service_error(error: ServiceError) -> async_graphql::Error {
    let code = match &error {
        ServiceError::Invalid { .. } => Code::BadUserInput,
        ServiceError::NotFound(_) => Code::NotFound,
        ServiceError::Forbidden(_) => Code::Forbidden,
        ServiceError::HardViolations(_) => Code::HardViolations,
        ServiceError::ReasonRequired(_) => Code::ReasonRequired,
        ServiceError::Conflict(_) => Code::Conflict,
        ServiceError::Internal(_) => Code::Internal,
    };
    let message = error.to_string();
    match error {
        // The cause itself, so that an overload is recognised in its chain.
        ServiceError::Internal(cause) => internal(cause),
        // The field's name too, so that forms show the reason next to the right input.
        ServiceError::Invalid { field, .. } => {
            api_error(code, message).extend_with(|_, e| e.set("field", field))
        }
        _ => api_error(code, message),
    }
}

/// The viewer's scope, resolved once per HTTP request and shared by the request's root
/// fields (a screen asks for the roster and the staff in one document: one account read,
/// not one per field). Inserted per request, never per WebSocket connection, so a role or
/// scope change still takes effect at the next request.
#[derive(Default)]
pub struct RequestScope(tokio::sync::OnceCell<Scope>);

/// One request's unit of work: the tenant's transaction and the viewer's scope.
pub struct Work<'a> {
    pub state: &'a Arc<AppState>,
    pub txn: DatabaseTransaction,
    pub scope: Scope,
}

impl<'a> Work<'a> {
    pub async fn begin(ctx: &Context<'a>) -> async_graphql::Result<Self> {
        let viewer = viewer(ctx)?;
        let state = ctx.data::<Arc<AppState>>()?;
        let txn = tenancy::begin(&state.db, viewer.tenant)
            .await
            .map_err(internal)?;
        let scope = match ctx.data_opt::<RequestScope>() {
            Some(cached) => cached
                .0
                .get_or_try_init(|| scope::resolve(&txn, viewer))
                .await
                .map_err(service_error)?
                .clone(),
            None => scope::resolve(&txn, viewer).await.map_err(service_error)?,
        };
        Ok(Self { state, txn, scope })
    }

    /// Commits and returns `value` (nothing is kept when a resolver returns early).
    pub async fn done<T>(self, value: T) -> async_graphql::Result<T> {
        self.txn.commit().await.map_err(internal)?;
        Ok(value)
    }
}

/// `first` and `after` of a list field, checked (cap: `pagination::MAX_PAGE`).
pub fn page_request(
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<PageRequest> {
    PageRequest::new(first, after.as_deref()).map_err(service_error)
}

/// A Relay-style connection whose cursors are the rows' ids.
pub fn connection<T, N: OutputType>(
    page: Page<T>,
    id: impl Fn(&T) -> Uuid,
    node: impl Fn(T) -> N,
    after: bool,
) -> Connection<String, N> {
    let mut connection = Connection::new(after, page.has_next);
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(id(&item).to_string(), node(item))),
    );
    connection
}
