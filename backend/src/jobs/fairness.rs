//! Which waiting jobs to dispatch now, so that one tenant cannot starve the others: each
//! tenant has at most `limit` jobs dispatched or running, and tenants take turns
//! (round-robin, starting after the one served last). Jobs beyond the limit wait in the
//! database, not in the stream, so a tenant that arrives later goes ahead of them.

use std::collections::{BTreeMap, VecDeque};

use uuid::Uuid;

use crate::jobs::state::JobState;
use crate::jobs::store::ScheduleRow;
use crate::tenancy::TenantId;

/// The jobs to dispatch, in order. `after` is the tenant served last (the next round
/// starts with the tenant that follows it).
pub fn pick(rows: &[ScheduleRow], limit: usize, after: Option<Uuid>) -> Vec<(TenantId, Uuid)> {
    let mut active: BTreeMap<Uuid, usize> = BTreeMap::new();
    let mut waiting: BTreeMap<Uuid, VecDeque<Uuid>> = BTreeMap::new();
    // Rows come oldest first: each tenant's queue keeps that order.
    for row in rows {
        if row.is_active() {
            *active.entry(row.tenant.0).or_default() += 1;
        } else if row.state == JobState::Queued {
            waiting.entry(row.tenant.0).or_default().push_back(row.id);
        }
    }
    let mut tenants: Vec<Uuid> = waiting.keys().copied().collect();
    if let Some(last) = after {
        let next = tenants.iter().position(|t| *t > last).unwrap_or(0);
        tenants.rotate_left(next);
    }
    let mut picked = Vec::new();
    loop {
        let mut progress = false;
        for tenant in &tenants {
            let running = active.entry(*tenant).or_default();
            if *running >= limit {
                continue;
            }
            if let Some(id) = waiting.get_mut(tenant).and_then(VecDeque::pop_front) {
                *running += 1;
                picked.push((TenantId(*tenant), id));
                progress = true;
            }
        }
        if !progress {
            return picked;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tenant: u128, id: u128, state: JobState, dispatched: bool) -> ScheduleRow {
        ScheduleRow {
            tenant: TenantId(Uuid::from_u128(tenant)),
            id: Uuid::from_u128(id),
            state,
            dispatch_id: dispatched.then(|| "1-0".to_owned()),
            attempts: 0,
            fencing_token: 0,
            created_at: chrono::Utc::now().fixed_offset(),
            started_at: None,
            heartbeat_at: None,
        }
    }

    fn ids(picked: &[(TenantId, Uuid)]) -> Vec<u128> {
        picked.iter().map(|(_, id)| id.as_u128()).collect()
    }

    #[test]
    fn tenants_take_turns_up_to_their_limit() {
        let mut rows: Vec<ScheduleRow> = (0..20)
            .map(|i| row(1, 100 + i, JobState::Queued, false))
            .collect();
        rows.push(row(2, 200, JobState::Queued, false));
        assert_eq!(ids(&pick(&rows, 2, None)), vec![100, 200, 101]);
    }

    #[test]
    fn a_tenant_at_its_limit_waits_and_another_goes_ahead() {
        let mut rows = vec![
            row(1, 100, JobState::Running, true),
            row(1, 101, JobState::Queued, true),
        ];
        rows.extend((2..20).map(|i| row(1, 100 + i, JobState::Queued, false)));
        rows.push(row(2, 200, JobState::Queued, false));
        assert_eq!(ids(&pick(&rows, 2, None)), vec![200]);
        // A finished one: its next job goes, one at a time.
        rows.remove(0);
        assert_eq!(ids(&pick(&rows, 2, None)), vec![102, 200]);
    }

    #[test]
    fn the_round_starts_after_the_tenant_served_last() {
        let rows = vec![
            row(1, 100, JobState::Queued, false),
            row(2, 200, JobState::Queued, false),
            row(3, 300, JobState::Queued, false),
        ];
        let after = Some(Uuid::from_u128(2));
        assert_eq!(ids(&pick(&rows, 1, after)), vec![300, 100, 200]);
    }
}
