//! Random bytes from the operating system's CSPRNG.
//!
//! One place to draw keys, nonces and tokens, returning an error instead of panicking if the
//! system RNG fails (workspace lints forbid `expect`). Uses the `Generate` trait that aes-gcm
//! already brings (getrandom underneath), so no extra RNG crate is needed.

use aes_gcm::aead::Generate;

/// The system random number generator failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("le générateur d'aléa du système est indisponible")]
pub struct RandomError;

/// Returns `N` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    <[u8; N]>::try_generate().map_err(|_| RandomError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_differ() {
        let a: [u8; 32] = random_bytes().unwrap();
        let b: [u8; 32] = random_bytes().unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }
}
