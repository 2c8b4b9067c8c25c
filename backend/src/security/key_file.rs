//! 256-bit secrets stored as base64 text files (development KEK, checkpoint signing key).
//!
//! Production keeps the KEK in a KMS or Vault; in development and the embedded mode a file
//! is the configuration. New files are created with mode 0600 and never overwrite an existing
//! key, since overwriting a KEK would make every tenant unreadable.

use std::fs;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

/// Errors reading or writing a key file, or decoding a base64 key.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file could not be read or written.
    #[error("fichier de clé {path} inaccessible : {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not valid base64.
    #[error("la clé n'est pas encodée en base64 valide")]
    Encoding,
    /// The decoded key does not have 32 bytes.
    #[error("la clé doit faire 32 octets, elle en fait {0}")]
    Length(usize),
    /// The system RNG failed while generating a key.
    #[error(transparent)]
    Random(#[from] crate::security::random::RandomError),
}

/// Decodes a 32-byte key from base64 text (surrounding whitespace ignored).
pub fn decode_key(text: &str) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let decoded = Zeroizing::new(
        STANDARD
            .decode(text.trim())
            .map_err(|_| KeyFileError::Encoding)?,
    );
    let mut key = Zeroizing::new([0u8; 32]);
    if decoded.len() != key.len() {
        return Err(KeyFileError::Length(decoded.len()));
    }
    key.copy_from_slice(&decoded);
    Ok(key)
}

/// Encodes a key as base64 text.
pub fn encode_key(key: &[u8; 32]) -> Zeroizing<String> {
    Zeroizing::new(STANDARD.encode(key))
}

/// Reads a 32-byte key from a file holding its base64 encoding.
pub fn read_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let text = Zeroizing::new(fs::read_to_string(path).map_err(|source| KeyFileError::Io {
        path: path.display().to_string(),
        source,
    })?);
    decode_key(&text)
}

/// Generates a random 32-byte key and writes it to a new file (mode 0600 on Unix).
///
/// Fails if the file already exists: a key is never silently replaced.
pub fn generate_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let key = Zeroizing::new(crate::security::random::random_bytes::<32>()?);
    let io_error = |source| KeyFileError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io_error)?;
    let mut text = encode_key(&key);
    text.push('\n');
    file.write_all(text.as_bytes()).map_err(io_error)?;
    file.sync_all().map_err(io_error)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kek.b64");
        let written = generate_key_file(&path).unwrap();
        let read = read_key_file(&path).unwrap();
        assert_eq!(*written, *read);
    }

    #[cfg(unix)]
    #[test]
    fn new_key_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kek.b64");
        generate_key_file(&path).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn never_overwrites_an_existing_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kek.b64");
        let first = generate_key_file(&path).unwrap();
        assert!(matches!(
            generate_key_file(&path),
            Err(KeyFileError::Io { .. })
        ));
        assert_eq!(*read_key_file(&path).unwrap(), *first);
    }

    #[test]
    fn rejects_bad_base64_and_bad_length() {
        assert!(matches!(
            decode_key("not base64 !"),
            Err(KeyFileError::Encoding)
        ));
        assert!(matches!(
            decode_key(&STANDARD.encode([1u8; 16])),
            Err(KeyFileError::Length(16))
        ));
        let key = decode_key(&format!("  {}\n", STANDARD.encode([7u8; 32]))).unwrap();
        assert_eq!(*key, [7u8; 32]);
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_key_file(&dir.path().join("absent")),
            Err(KeyFileError::Io { .. })
        ));
    }
}
