//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on
//! the blocking thread pool, never on the async runtime's workers.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::model::AppError;

/// A valid hash of a random password, verified against when the email is
/// unknown so a failed sign-in takes the same time either way.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Q5cyb5kHdnMZ6tp3hdqJ4n3G7aOG3rJm5Nc5qS7Ucj8";

/// A temporary password for "Add user" and "Reset password": 16 characters
/// from an alphabet without look-alikes (no 0/O, 1/l/I), about 90 bits.
pub fn temporary() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16)
        .map(|_| ALPHABET[(OsRng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Whether `password` matches `hash`; `None` verifies against a dummy hash and
/// answers false.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            tracing::error!("stored password hash is malformed");
            return false;
        };
        known
            && Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password verification task failed");
        AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hashed = hash("correct horse battery".into()).await.expect("hash");
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(hashed.clone()))
            .await
            .expect("verify"));
        assert!(!verify("wrong".into(), Some(hashed)).await.expect("verify"));
    }

    #[test]
    fn temporary_passwords_are_long_enough_and_differ() {
        let (a, b) = (temporary(), temporary());
        assert_eq!(a.chars().count(), 16);
        assert!(a.chars().count() >= crate::model::validation::PASSWORD_MIN);
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(
            PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy hash must parse"
        );
        assert!(!verify("anything".into(), None).await.expect("verify"));
    }
}
