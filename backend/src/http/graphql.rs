//! GraphQL over HTTP (POST) and over WebSocket (subscriptions, `graphql-transport-ws`).

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, Responder, web};
use async_graphql::Executor;
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse, GraphQLSubscription};
use tracing_actix_web::RootSpan;

use crate::auth::viewer::{Credentials, credentials, credentials_from_header};
use crate::graphql::RequestScope;
use crate::graphql::error::Code;
use crate::graphql::{AppSchema, LimitedSchema};
use crate::state::AppState;

/// Seconds an overloaded server asks clients to wait before retrying.
const RETRY_AFTER_SECONDS: &str = "2";

/// Runs one operation with the request's verified credentials; the tenant, once known,
/// is recorded on the request's log span. An overloaded server (an error coded
/// `SERVICE_UNAVAILABLE`) answers HTTP 503 with `Retry-After`, the body still GraphQL.
pub async fn execute(
    schema: web::Data<AppSchema>,
    state: web::Data<AppState>,
    http: HttpRequest,
    span: RootSpan,
    request: GraphQLRequest,
) -> HttpResponse {
    let credentials = credentials(&http, &state.tokens);
    if let Credentials::Viewer(viewer) = &credentials {
        span.record("tenant_id", viewer.tenant.to_string());
    }
    // The scope is resolved once for the whole request (see `RequestScope`).
    let request = request
        .into_inner()
        .data(credentials)
        .data(RequestScope::default());
    let mut response = LimitedSchema(AppSchema::clone(&schema))
        .execute(request)
        .await;
    for error in &mut response.errors {
        label_request_error(error);
    }
    let busy = response.errors.iter().any(|error| {
        error
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("code"))
            .is_some_and(|code| {
                *code == async_graphql::Value::from(Code::ServiceUnavailable.as_str())
            })
    });
    let mut answer = GraphQLResponse::from(response).respond_to(&http);
    if busy {
        *answer.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        answer
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    }
    answer
}

/// Errors raised by the GraphQL layer itself (syntax, unknown field, bad argument type,
/// depth or complexity limits) carry no code: give them `BAD_USER_INPUT` and a French
/// lead, so that every error the client sees has a stable code.
fn label_request_error(error: &mut async_graphql::ServerError) {
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some());
    if !has_code {
        error.message = format!("requête invalide : {}", error.message);
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", Code::BadUserInput.as_str());
    }
}

/// Subscriptions over WebSocket. Browsers cannot set headers on a WebSocket, so the access
/// token comes in the `connection_init` payload: `{"Authorization": "Bearer …"}`.
pub async fn subscribe(
    schema: web::Data<AppSchema>,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let state = state.into_inner();
    GraphQLSubscription::new(LimitedSchema(AppSchema::clone(&schema)))
        .on_connection_init(move |init| async move {
            let header = init
                .get("Authorization")
                .or_else(|| init.get("authorization"))
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            let credentials = match header {
                Some(value) => credentials_from_header(&value, &state.tokens),
                None => Credentials::Anonymous,
            };
            let mut data = async_graphql::Data::default();
            data.insert(credentials);
            Ok(data)
        })
        .start(&request, payload)
}
