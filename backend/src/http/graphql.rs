//! GraphQL over HTTP (POST) and over WebSocket (subscriptions, `graphql-transport-ws`).

use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse, GraphQLSubscription};

use crate::graphql::AppSchema;

pub async fn execute(schema: web::Data<AppSchema>, request: GraphQLRequest) -> GraphQLResponse {
    schema.execute(request.into_inner()).await.into()
}

pub async fn subscribe(
    schema: web::Data<AppSchema>,
    request: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    GraphQLSubscription::new(AppSchema::clone(&schema)).start(&request, payload)
}
