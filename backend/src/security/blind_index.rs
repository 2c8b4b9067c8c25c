//! Blind indexes: exact-match search over encrypted fields.
//!
//! A sealed field has a random nonce, so equal names never encrypt alike and cannot be
//! searched. Beside it we store `HMAC-SHA256(index key, normalise(value))`: equal after
//! normalisation ⇒ equal index, without the database ever seeing the name.
//!
//! The index key is derived from the tenant key with HKDF-SHA256 and separated per tenant,
//! table and column, so indexes of two columns (or two tenants) cannot be joined, and the
//! HMAC key is never the AES key itself. An index reveals equality and frequency: use it on
//! high-cardinality fields (names, emails), never alone on low-cardinality sensitive ones.
//! Shredding the tenant key stops new lookups, but existing index values remain pseudonymous
//! data: erasure must delete the index rows too.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use uuid::Uuid;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::canonical::Canonical;
use super::envelope::DataKey;

/// Errors of blind indexing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlindIndexError {
    /// Nothing is left to search once the term is normalised.
    #[error("le terme de recherche est vide")]
    EmptyTerm,
    /// Key derivation failed (cannot happen with a 32-byte output; kept to avoid panics).
    #[error("dérivation de la clé d'index impossible")]
    KeyDerivation,
}

/// A per-tenant, per-column HMAC key, derived from the tenant key; wiped on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct BlindIndexKey([u8; 32]);

impl std::fmt::Debug for BlindIndexKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlindIndexKey(***)")
    }
}

/// The index value stored beside a sealed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlindIndex(pub [u8; 32]);

impl BlindIndex {
    /// Lowercase hex, for text columns.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

impl BlindIndexKey {
    /// Derives the index key of one column of one tenant from the tenant key.
    pub fn derive(
        tenant_key: &DataKey,
        tenant_id: Uuid,
        table: &str,
        column: &str,
    ) -> Result<Self, BlindIndexError> {
        let hkdf = Hkdf::<Sha256>::new(Some(b"releve/blind-index/v1"), tenant_key.expose_bytes());
        let mut info = Canonical::new("releve/blind-index-key/v1");
        info.push(tenant_id.as_bytes())
            .push_str(table)
            .push_str(column);
        let mut key = [0u8; 32];
        hkdf.expand(info.as_bytes(), &mut key)
            .map_err(|_| BlindIndexError::KeyDerivation)?;
        Ok(Self(key))
    }

    /// The index of a search term (or stored value), after [`normalize_search_term`].
    pub fn index(&self, term: &str) -> Result<BlindIndex, BlindIndexError> {
        let normalised = normalize_search_term(term);
        if normalised.is_empty() {
            return Err(BlindIndexError::EmptyTerm);
        }
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .map_err(|_| BlindIndexError::KeyDerivation)?;
        mac.update(normalised.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(&mac.finalize().into_bytes());
        Ok(BlindIndex(out))
    }
}

/// Normalises a search term so that what a person would consider the same name matches:
/// lowercase, accents removed (NFKD then combining marks dropped), French ligatures
/// expanded (œ → oe, æ → ae, ß → ss), typographic apostrophes made ASCII, hyphens and dashes
/// treated as spaces, whitespace trimmed and collapsed to single spaces.
pub fn normalize_search_term(term: &str) -> String {
    let lowered: String = term.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(lowered.len());
    let mut pending_space = false;
    let push = |out: &mut String, text: &str, pending_space: &mut bool| {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push_str(text);
    };
    let mut buffer = [0u8; 4];
    for c in lowered.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            c if c.is_whitespace() || is_dash(c) => pending_space = true,
            'œ' => push(&mut out, "oe", &mut pending_space),
            'æ' => push(&mut out, "ae", &mut pending_space),
            'ß' => push(&mut out, "ss", &mut pending_space),
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' => {
                push(&mut out, "'", &mut pending_space);
            }
            other => push(&mut out, other.encode_utf8(&mut buffer), &mut pending_space),
        }
    }
    out
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(tenant_key: &DataKey, column: &str) -> BlindIndexKey {
        BlindIndexKey::derive(tenant_key, Uuid::from_u128(1), "staff", column).unwrap()
    }

    #[test]
    fn normalisation_folds_case_accents_and_spaces() {
        assert_eq!(normalize_search_term("Élodie  MARTIN"), "elodie martin");
        assert_eq!(normalize_search_term("  elodie martin "), "elodie martin");
        assert_eq!(
            normalize_search_term("Jean-Pierre\tLEFÈVRE"),
            "jean pierre lefevre"
        );
        assert_eq!(normalize_search_term("Cœur Lætitia"), "coeur laetitia");
        assert_eq!(normalize_search_term("Zoë Ñúñez Çà"), "zoe nunez ca");
        assert_eq!(normalize_search_term("O’Brien"), "o'brien");
        assert_eq!(normalize_search_term("Anne\u{a0}Marie"), "anne marie");
        assert_eq!(normalize_search_term("e\u{301}lodie"), "elodie");
        assert_eq!(normalize_search_term(" \t- "), "");
    }

    #[test]
    fn equal_after_normalisation_means_equal_index() {
        let tenant_key = DataKey::generate().unwrap();
        let k = key(&tenant_key, "last_name");
        assert_eq!(
            k.index("Élodie  MARTIN").unwrap(),
            k.index("elodie martin").unwrap()
        );
        assert_ne!(
            k.index("elodie martin").unwrap(),
            k.index("elodie martine").unwrap()
        );
        assert_eq!(k.index("x").unwrap().to_hex().len(), 64);
    }

    #[test]
    fn indexes_are_separated_by_column_tenant_and_key() {
        let tenant_key = DataKey::generate().unwrap();
        let by_last = key(&tenant_key, "last_name").index("martin").unwrap();
        let by_first = key(&tenant_key, "first_name").index("martin").unwrap();
        assert_ne!(by_last, by_first);
        let other_tenant =
            BlindIndexKey::derive(&tenant_key, Uuid::from_u128(2), "staff", "last_name")
                .unwrap()
                .index("martin")
                .unwrap();
        assert_ne!(by_last, other_tenant);
        let other_key = DataKey::generate().unwrap();
        assert_ne!(
            by_last,
            key(&other_key, "last_name").index("martin").unwrap()
        );
    }

    #[test]
    fn derivation_is_deterministic() {
        let tenant_key = DataKey::from_bytes([3; 32]);
        assert_eq!(
            key(&tenant_key, "email").index("a@b.fr").unwrap(),
            key(&tenant_key, "email").index("A@B.FR").unwrap()
        );
    }

    /// Stored indexes must keep matching: a change to derivation or normalisation fails here.
    #[test]
    fn index_values_are_stable_across_builds() {
        let tenant_key = DataKey::from_bytes([0x42; 32]);
        assert_eq!(
            key(&tenant_key, "last_name")
                .index("Élodie  MARTIN")
                .unwrap()
                .to_hex(),
            "ea79c6aaa3b06efa1ae95d5a4372eab868996e65a9624c31d5766b60f9589eae"
        );
    }

    #[test]
    fn empty_terms_are_refused() {
        let tenant_key = DataKey::generate().unwrap();
        assert_eq!(
            key(&tenant_key, "last_name").index("   "),
            Err(BlindIndexError::EmptyTerm)
        );
        assert_eq!(
            BlindIndexError::EmptyTerm.to_string(),
            "le terme de recherche est vide"
        );
    }
}
