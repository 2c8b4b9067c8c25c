//! The benchmark's baseline: the same GraphQL document read over the same stack without the
//! personal-data layer.
//!
//! Same as the API: actix-web on loopback with the API's request-span middleware,
//! async-graphql with the same depth, complexity and field limits, the access token verified,
//! one tenant transaction per root field under row-level security, the viewer's scope read
//! from the database once per request (shared by the root fields, as the API's
//! `RequestScope`), the same roster, version, pending-solve and staff queries, the same grid
//! type. Left out: the tenant key and the person keys (no key read or unwrapped, no field
//! decrypted; the names come in clear from a bench-only table) and the access-log entries;
//! also, against the API, the schema's other root objects (the API merges 14: about 1 % of
//! its CPU per read, measured with perf in session 11).
//!
//! It exists only in this example, against the bench's throwaway database: no configuration
//! of `releve` (production or demo) can serve personal data this way.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{App, HttpRequest, HttpServer, web};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{
    Context, EmptyMutation, EmptySubscription, Object, Schema, SimpleObject, Variables,
};
use releve_backend::auth::viewer::{Credentials, credentials};
use releve_backend::entity::staff;
use releve_backend::graphql::{RosterGrid, check_field_limit};
use releve_backend::organisation::scope::{self, find_unit};
use releve_backend::pagination::{self, PageRequest};
use releve_backend::rosters::{solve, store};
use releve_backend::security::access_token::AccessTokenKeys;
use releve_backend::telemetry::RequestSpan;
use releve_backend::tenancy;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    EntityTrait, FromQueryResult, QueryFilter, Statement,
};
use tracing_actix_web::TracingLogger;
use uuid::Uuid;

type PlainSchema = Schema<PlainQuery, EmptyMutation, EmptySubscription>;

/// Copies the staff's names in clear into `bench_plain_name` (readable by the API's role)
/// and serves the baseline; returns its GraphQL URL.
pub async fn start(
    owner: &DatabaseConnection,
    db: DatabaseConnection,
    tokens: AccessTokenKeys,
    names: &[(Uuid, String, String)],
) -> anyhow::Result<String> {
    owner
        .execute_unprepared(&format!(
            "CREATE TABLE bench_plain_name (staff_id uuid PRIMARY KEY, \
             first_name text NOT NULL, last_name text NOT NULL); \
             GRANT SELECT ON bench_plain_name TO {}",
            releve_migrations::tenant_isolation::APP_ROLE
        ))
        .await?;
    for (id, first, last) in names {
        owner
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO bench_plain_name VALUES ($1, $2, $3)",
                [(*id).into(), first.clone().into(), last.clone().into()],
            ))
            .await?;
    }
    // The API's limits (see `graphql::schema`).
    let schema: PlainSchema = Schema::build(PlainQuery, EmptyMutation, EmptySubscription)
        .data(db)
        .limit_depth(12)
        .limit_complexity(5_000)
        .finish();
    let state = web::Data::new((schema, Arc::new(tokens)));
    let server = HttpServer::new(move || {
        App::new()
            .wrap(TracingLogger::<RequestSpan>::new())
            .app_data(state.clone())
            .route("/graphql", web::post().to(execute))
    })
    .bind("127.0.0.1:0")?;
    let address = server
        .addrs()
        .first()
        .copied()
        .ok_or_else(|| anyhow::anyhow!("no address"))?;
    tokio::spawn(server.run());
    Ok(format!("http://{address}/graphql"))
}

#[derive(serde::Deserialize)]
struct Body {
    query: String,
    #[serde(default)]
    variables: Option<serde_json::Value>,
}

async fn execute(
    state: web::Data<(PlainSchema, Arc<AccessTokenKeys>)>,
    http: HttpRequest,
    body: web::Json<Body>,
) -> web::Json<async_graphql::Response> {
    let (schema, tokens) = state.get_ref();
    let body = body.into_inner();
    let mut request = async_graphql::Request::new(body.query)
        .variables(Variables::from_json(body.variables.unwrap_or_default()))
        .data(credentials(&http, tokens))
        .data(OnceScope::default());
    if let Err(error) = check_field_limit(&mut request) {
        return web::Json(async_graphql::Response::from_errors(vec![error]));
    }
    web::Json(schema.execute(request).await)
}

/// The viewer's scope, resolved once per request, as the API's `RequestScope`.
#[derive(Default)]
struct OnceScope(tokio::sync::OnceCell<scope::Scope>);

/// The tenant's transaction and the viewer's scope, as the API's `Work::begin`.
async fn begin(ctx: &Context<'_>) -> async_graphql::Result<(DatabaseTransaction, scope::Scope)> {
    let Some(Credentials::Viewer(viewer)) = ctx.data_opt::<Credentials>() else {
        return Err("unauthenticated".into());
    };
    let db = ctx.data::<DatabaseConnection>()?;
    let txn = tenancy::begin(db, viewer.tenant).await?;
    let scope = ctx
        .data::<OnceScope>()?
        .0
        .get_or_try_init(|| scope::resolve(&txn, viewer))
        .await?
        .clone();
    Ok((txn, scope))
}

struct PlainQuery;

#[derive(SimpleObject)]
struct PlainVersion {
    version: i32,
    grid: RosterGrid,
}

#[derive(SimpleObject)]
struct PlainStaff {
    id: Uuid,
    first_name: Option<String>,
    last_name: Option<String>,
    profession: String,
    quotite: i32,
}

#[derive(FromQueryResult)]
struct PlainName {
    staff_id: Uuid,
    first_name: String,
    last_name: String,
}

#[Object]
impl PlainQuery {
    async fn roster(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<PlainVersion> {
        let (txn, scope) = begin(ctx).await?;
        solve::has_pending(&txn, scope.tenant, id).await?;
        let (roster, _) = store::load(&txn, &scope, id, false).await?;
        let rows = store::assignments(&txn, &roster, roster.current_version).await?;
        txn.commit().await?;
        Ok(PlainVersion {
            version: roster.current_version,
            grid: RosterGrid::new(roster.period_start, roster.period_end, &rows),
        })
    }

    /// The unit's staff (home unit or authorised there), first page, as `staffMembers`.
    async fn staff_members(
        &self,
        ctx: &Context<'_>,
        unit_id: Uuid,
        first: Option<i32>,
    ) -> async_graphql::Result<Connection<String, PlainStaff>> {
        let (txn, scope) = begin(ctx).await?;
        let page = PageRequest::new(first, None)?;
        scope.readable_units(&txn).await?;
        let unit = find_unit(&txn, scope.tenant, unit_id).await?;
        scope.require_reads(&unit)?;
        let query = staff::Entity::find()
            .filter(staff::Column::TenantId.eq(scope.tenant.0))
            .filter(
                Condition::any()
                    .add(staff::Column::HomeUnitId.eq(unit.id))
                    .add(staff::Column::AuthorisedUnitIds.contains(unit.id.to_string())),
            );
        let found = pagination::fetch(&txn, query, staff::Column::Id, page).await?;
        let ids: Vec<sea_orm::Value> = found.items.iter().map(|r| r.id.into()).collect();
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let names: HashMap<Uuid, PlainName> =
            PlainName::find_by_statement(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!(
                    "SELECT staff_id, first_name, last_name FROM bench_plain_name \
                     WHERE staff_id IN ({})",
                    placeholders.join(", ")
                ),
                ids,
            ))
            .all(&txn)
            .await?
            .into_iter()
            .map(|n| (n.staff_id, n))
            .collect();
        txn.commit().await?;
        let mut connection = Connection::new(false, found.has_next);
        connection.edges.extend(found.items.into_iter().map(|row| {
            let name = names.get(&row.id);
            Edge::new(
                row.id.to_string(),
                PlainStaff {
                    id: row.id,
                    first_name: name.map(|n| n.first_name.clone()),
                    last_name: name.map(|n| n.last_name.clone()),
                    profession: row.profession,
                    quotite: row.quotite,
                },
            )
        }));
        Ok(connection)
    }
}
