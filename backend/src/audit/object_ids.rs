//! How an access-log entry's object ids are stored: their 16 bytes each, in order, with
//! nothing between them (migration `m20261123_000013_store_log_object_ids_as_bytes`).
//!
//! An entry about a unit's page names about 60 ids: 960 bytes instead of 2.3 KB of JSON
//! text, and nothing to format when an operation logs, or to parse when the appender chains.

use anyhow::bail;
use uuid::Uuid;

/// The stored form of `ids`.
pub fn to_bytes(ids: &[Uuid]) -> Vec<u8> {
    ids.iter().flat_map(|id| *id.as_bytes()).collect()
}

/// The ids stored as `bytes` by [`to_bytes`].
pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Vec<Uuid>> {
    if !bytes.len().is_multiple_of(16) {
        bail!(
            "identifiants d'entrée de journal tronqués ({} octets)",
            bytes.len()
        );
    }
    Ok(bytes
        .chunks_exact(16)
        .map(|chunk| {
            let mut id = [0; 16];
            id.copy_from_slice(chunk);
            Uuid::from_bytes(id)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_in_order_and_a_cut_id_is_an_error() {
        let ids = vec![Uuid::new_v4(), Uuid::from_u128(2), Uuid::new_v4()];
        let bytes = to_bytes(&ids);
        assert_eq!(bytes.len(), 48);
        assert_eq!(from_bytes(&bytes).unwrap(), ids);
        assert!(from_bytes(&[]).unwrap().is_empty());
        assert!(from_bytes(&bytes[..47]).is_err());
    }
}
