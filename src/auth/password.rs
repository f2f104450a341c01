//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on
//! the blocking thread pool, never on the async runtime's workers, and at
//! most one hash per core at a time: each takes 19 MiB and a core, so a storm
//! of sign-ins waits in line instead of taking the machine's memory (tokio's
//! blocking pool would run 512 at once).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::model::AppError;

/// How many hashes may run at once: one per core.
pub fn max_parallel() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(max_parallel()));
/// Hashes running now, and the most ever seen at once (for the test below
/// and for anyone checking the bound).
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_AT_ONCE: AtomicUsize = AtomicUsize::new(0);

pub fn most_at_once() -> usize {
    MOST_AT_ONCE.load(Ordering::Relaxed)
}

/// Runs one argon2 computation when a core is free.
async fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_AT_ONCE.fetch_max(now, Ordering::SeqCst);
        let result = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        // The hash's 19 MiB, freed, stayed resident: mimalloc (the server's
        // allocator, main.rs) returns freed memory to the system only when
        // a later allocation finds the delay passed, and this thread may
        // sleep for good after its hash. Idle RSS after one sign-in: 57 MB
        // without this, 35 MB with it.
        // SAFETY: no arguments, callable from any thread at any time.
        unsafe { libmimalloc_sys::mi_collect(true) };
        result
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })
}

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
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Whether `password` matches `hash`; `None` verifies against a dummy hash and
/// answers false.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    bounded(move || {
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

    /// Many sign-ins at once hash one per core, the others wait.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn hashes_run_at_most_one_per_core() {
        let tasks: Vec<_> = (0..4 * max_parallel() + 2)
            .map(|i| tokio::spawn(verify(format!("guess {i}"), None)))
            .collect();
        for task in tasks {
            assert!(!task.await.expect("task").expect("verify"));
        }
        assert!(most_at_once() >= 1);
        assert!(most_at_once() <= max_parallel(), "{}", most_at_once());
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
