//! Canonical, length-prefixed encoding of a list of fields.
//!
//! Used wherever bytes are hashed, signed or bound as associated data: each field is written
//! as its length (u64, big-endian) followed by its bytes, after a domain-separation tag.
//! With length prefixes, ("ab", "c") and ("a", "bc") never encode alike, so no two different
//! field lists can produce the same hash, signature input or AAD.

/// Builds a canonical encoding; start with [`Canonical::new`] and a domain tag.
#[derive(Debug, Clone)]
pub struct Canonical {
    bytes: Vec<u8>,
}

impl Canonical {
    /// Starts an encoding with a domain-separation tag (e.g. `"releve/field/v1"`).
    pub fn new(domain: &str) -> Self {
        let mut encoding = Self {
            bytes: Vec::with_capacity(128),
        };
        encoding.push(domain.as_bytes());
        encoding
    }

    /// Appends one field: its length, then its bytes.
    pub fn push(&mut self, field: &[u8]) -> &mut Self {
        // usize -> u64 is lossless on every supported target.
        self.bytes
            .extend_from_slice(&(field.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(field);
        self
    }

    /// Appends a string field (its UTF-8 bytes).
    pub fn push_str(&mut self, field: &str) -> &mut Self {
        self.push(field.as_bytes())
    }

    /// Appends an unsigned integer as 8 big-endian bytes (itself length-prefixed).
    pub fn push_u64(&mut self, value: u64) -> &mut Self {
        self.push(&value.to_be_bytes())
    }

    /// The encoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Consumes the builder and returns the encoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_prefixes_prevent_ambiguous_concatenation() {
        let mut a = Canonical::new("d");
        a.push_str("ab").push_str("c");
        let mut b = Canonical::new("d");
        b.push_str("a").push_str("bc");
        assert_ne!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn domain_separates() {
        let mut a = Canonical::new("one");
        a.push_str("x");
        let mut b = Canonical::new("two");
        b.push_str("x");
        assert_ne!(a.into_bytes(), b.into_bytes());
    }

    #[test]
    fn layout_is_stable() {
        let mut c = Canonical::new("d");
        c.push_u64(1);
        let expected: Vec<u8> = [
            &1u64.to_be_bytes()[..],
            b"d",
            &8u64.to_be_bytes()[..],
            &1u64.to_be_bytes()[..],
        ]
        .concat();
        assert_eq!(c.as_bytes(), expected.as_slice());
    }
}
