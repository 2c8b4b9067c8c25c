//! GraphQL over HTTP (POST) and over WebSocket (subscriptions, `graphql-transport-ws`).

use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse, GraphQLSubscription};
use tracing_actix_web::RootSpan;

use crate::auth::viewer::{Credentials, credentials};
use crate::graphql::AppSchema;
use crate::state::AppState;

/// Runs one operation with the request's verified credentials; the tenant, once known,
/// is recorded on the request's log span.
pub async fn execute(
    schema: web::Data<AppSchema>,
    state: web::Data<AppState>,
    http: HttpRequest,
    span: RootSpan,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let credentials = credentials(&http, &state.tokens);
    if let Credentials::Viewer(viewer) = &credentials {
        span.record("tenant_id", viewer.tenant.to_string());
    }
    schema
        .execute(request.into_inner().data(credentials))
        .await
        .into()
}

pub async fn subscribe(
    schema: web::Data<AppSchema>,
    request: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    GraphQLSubscription::new(AppSchema::clone(&schema)).start(&request, payload)
}
