//! A version's assignments packed in one value (table `assignment_pack`): reading a unit's
//! month then costs one row instead of one row per shift worked.
//!
//! The text is JSON: the version's people and shift types (each listed once), its first
//! date, and one triple of small integers per assignment (person index, days after `first`,
//! shift index), in the order the reads return them: by date, then person, then shift type.

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::object_ids;
use crate::entity::assignment;

#[derive(Serialize, Deserialize)]
struct Packed {
    first: Option<NaiveDate>,
    people: Vec<Uuid>,
    shifts: Vec<Uuid>,
    /// (person, day, shift) triples, flattened.
    cells: Vec<u32>,
}

fn index_of(sorted: &[Uuid], id: &Uuid) -> anyhow::Result<u32> {
    let at = sorted
        .binary_search(id)
        .map_err(|_| anyhow::anyhow!("identifiant absent du paquet"))?;
    u32::try_from(at).context("paquet trop grand")
}

/// A version packed by [`pack`]: the `assignment_pack` row's values.
pub struct Pack {
    pub cells: String,
    /// The people of `cells`, in the access log's form (`audit::object_ids`).
    pub people: Vec<u8>,
}

/// Packs `(person, date, shift type)` rows (any order, no duplicates expected).
pub fn pack(rows: &[(Uuid, NaiveDate, Uuid)]) -> anyhow::Result<Pack> {
    let mut people: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    people.sort_unstable();
    people.dedup();
    let mut shifts: Vec<Uuid> = rows.iter().map(|r| r.2).collect();
    shifts.sort_unstable();
    shifts.dedup();
    let first = rows.iter().map(|r| r.1).min();
    let mut triples = Vec::with_capacity(rows.len());
    for (person, date, shift) in rows {
        let day = first.map_or(0, |first| (*date - first).num_days());
        triples.push((
            u32::try_from(day).context("date hors du paquet")?,
            index_of(&people, person)?,
            index_of(&shifts, shift)?,
        ));
    }
    triples.sort_unstable();
    let cells = triples
        .into_iter()
        .flat_map(|(day, person, shift)| [person, day, shift])
        .collect();
    let people_bytes = object_ids::to_bytes(&people);
    let packed = Packed {
        first,
        people,
        shifts,
        cells,
    };
    Ok(Pack {
        cells: serde_json::to_string(&packed)
            .context("paquet d'affectations impossible à écrire")?,
        people: people_bytes,
    })
}

/// The assignment rows of version `version_id` packed in `text` by [`pack`].
pub fn unpack(
    tenant_id: Uuid,
    version_id: Uuid,
    text: &str,
) -> anyhow::Result<Vec<assignment::Model>> {
    let packed: Packed = serde_json::from_str(text).context("paquet d'affectations illisible")?;
    if !packed.cells.len().is_multiple_of(3) {
        bail!("paquet d'affectations tronqué");
    }
    let mut rows = Vec::with_capacity(packed.cells.len() / 3);
    for cell in packed.cells.chunks_exact(3) {
        let (person, day, shift) = (cell[0] as usize, cell[1], cell[2] as usize);
        let (Some(staff_id), Some(shift_type_id), Some(first)) = (
            packed.people.get(person),
            packed.shifts.get(shift),
            packed.first,
        ) else {
            bail!("paquet d'affectations incohérent");
        };
        let date = first
            .checked_add_days(Days::new(u64::from(day)))
            .context("date hors calendrier dans le paquet")?;
        rows.push(assignment::Model {
            tenant_id,
            roster_version_id: version_id,
            staff_id: *staff_id,
            date,
            shift_type_id: *shift_type_id,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
    }

    #[test]
    fn unpack_returns_every_row_by_date_then_person_then_shift() {
        let (a, b) = (Uuid::from_u128(2), Uuid::from_u128(1));
        let (day_shift, night) = (Uuid::from_u128(20), Uuid::from_u128(10));
        let rows = [
            (a, day(3), night),
            (b, day(1), day_shift),
            (a, day(1), day_shift),
            (a, day(1), night),
        ];
        let packed = pack(&rows).expect("pack");
        assert_eq!(
            object_ids::from_bytes(&packed.people).expect("people"),
            vec![b, a],
            "each person once, in id order"
        );
        let (tenant, version) = (Uuid::from_u128(7), Uuid::from_u128(8));
        let read = unpack(tenant, version, &packed.cells).expect("unpack");
        let got: Vec<_> = read
            .iter()
            .map(|r| (r.staff_id, r.date, r.shift_type_id))
            .collect();
        assert_eq!(
            got,
            vec![
                (b, day(1), day_shift),
                (a, day(1), night),
                (a, day(1), day_shift),
                (a, day(3), night),
            ]
        );
        assert!(
            read.iter()
                .all(|r| r.tenant_id == tenant && r.roster_version_id == version)
        );
    }

    #[test]
    fn an_empty_version_packs_and_unpacks_to_nothing() {
        let packed = pack(&[]).expect("pack");
        assert!(packed.people.is_empty());
        assert!(
            unpack(Uuid::nil(), Uuid::nil(), &packed.cells)
                .expect("unpack")
                .is_empty()
        );
    }

    #[test]
    fn a_damaged_pack_is_an_error_not_a_wrong_roster() {
        let text = pack(&[(Uuid::from_u128(1), day(1), Uuid::from_u128(2))])
            .expect("pack")
            .cells;
        let truncated = text.replace("\"cells\":[0,0,0]", "\"cells\":[0,0]");
        assert!(unpack(Uuid::nil(), Uuid::nil(), &truncated).is_err());
        let out_of_range = text.replace("\"cells\":[0,0,0]", "\"cells\":[5,0,0]");
        assert!(unpack(Uuid::nil(), Uuid::nil(), &out_of_range).is_err());
        assert!(unpack(Uuid::nil(), Uuid::nil(), "pas du JSON").is_err());
    }
}
