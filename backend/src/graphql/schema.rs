//! Root types of the schema and the limits every request is held to.

use std::time::Duration;

use async_graphql::futures_util::Stream;
use async_graphql::futures_util::stream;
use std::sync::Arc;

use async_graphql::{MergedObject, MergedSubscription, Object, Schema, Subscription};

use crate::config::Profile;
use crate::graphql::audit::{AuditMutation, AuditQuery};
use crate::graphql::auth::{AuthMutation, AuthQuery};
use crate::graphql::availability::{AvailabilityMutation, AvailabilityQuery};
use crate::graphql::counters::CountersQuery;
use crate::graphql::cycles::{CycleMutation, CycleQuery};
use crate::graphql::hospital::{HospitalMutation, HospitalQuery};
use crate::graphql::jobs::{JobMutation, JobQuery, JobSubscription};
use crate::graphql::organisation::{OrganisationMutation, OrganisationQuery};
use crate::graphql::parameters::{ParametersMutation, ParametersQuery};
use crate::graphql::replan::{ReplanMutation, ReplanQuery};
use crate::graphql::rosters::{RosterMutation, RosterQuery};
use crate::graphql::staff::{StaffMutation, StaffQuery};
use crate::graphql::transfer::{TransferMutation, TransferQuery};
use crate::state::AppState;

/// Queries and mutations nested deeper than this are refused before they run.
const MAX_DEPTH: usize = 12;
/// Refuses queries whose estimated cost (fields x list sizes) is larger.
const MAX_COMPLEXITY: usize = 5_000;

pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Every subscription, one object per area.
#[derive(MergedSubscription, Default)]
pub struct SubscriptionRoot(ClockSubscription, JobSubscription);

/// Builds the schema (serve it through [`LimitedSchema`](crate::graphql::LimitedSchema), which
/// adds the field cap); introspection and suggestions are off in the production profile.
pub fn build_schema(profile: Profile, state: Arc<AppState>) -> AppSchema {
    let builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .data(state)
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY);
    match profile {
        Profile::Production => builder
            .disable_introspection()
            .disable_suggestions()
            .finish(),
        Profile::Development => builder.finish(),
    }
}

/// Every query, one object per area.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    ServiceQuery,
    AuthQuery,
    AuditQuery,
    JobQuery,
    OrganisationQuery,
    StaffQuery,
    AvailabilityQuery,
    RosterQuery,
    TransferQuery,
    ParametersQuery,
    CycleQuery,
    HospitalQuery,
    ReplanQuery,
    CountersQuery,
);

/// Every mutation, one object per area.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    AuthMutation,
    AuditMutation,
    JobMutation,
    OrganisationMutation,
    StaffMutation,
    AvailabilityMutation,
    RosterMutation,
    TransferMutation,
    ParametersMutation,
    CycleMutation,
    HospitalMutation,
    ReplanMutation,
);

#[derive(Default)]
pub struct ServiceQuery;

#[Object]
impl ServiceQuery {
    /// Version of the running API (the `releve` package version).
    async fn api_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

#[derive(Default)]
pub struct ClockSubscription;

#[Subscription]
impl ClockSubscription {
    /// The server's clock (RFC 3339), every `intervalMs`: lets a client see that its live
    /// connection works before it subscribes to job progress.
    async fn server_clock(
        &self,
        #[graphql(default = 1000, validator(minimum = 100, maximum = 60000))] interval_ms: u64,
    ) -> impl Stream<Item = String> {
        let period = Duration::from_millis(interval_ms);
        stream::unfold(true, move |first| async move {
            if !first {
                tokio::time::sleep(period).await;
            }
            Some((chrono::Utc::now().to_rfc3339(), false))
        })
    }
}
