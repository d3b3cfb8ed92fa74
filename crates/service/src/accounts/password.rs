//! Passwords: the strength rule, argon2 hashing and verification off the
//! async threads, and a dummy hash so unknown usernames cost the same time.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use super::policy::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, MIN_PASSWORD_CLASSES};
use crate::error::ServiceError;

/// Refuses a password that is too short, too long or of one character class.
pub(crate) fn check_strength(password: &str) -> Result<(), ServiceError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ServiceError::WeakPassword(format!(
            "至少需要 {MIN_PASSWORD_CHARS} 个字符"
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(ServiceError::WeakPassword(format!(
            "不能超过 {MAX_PASSWORD_CHARS} 个字符"
        )));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|&&c| c).count() < MIN_PASSWORD_CLASSES {
        return Err(ServiceError::WeakPassword(
            "须混合小写字母、大写字母、数字、符号中的至少两类".to_string(),
        ));
    }
    Ok(())
}

/// Hashes a password with argon2id (default parameters, random salt) into
/// a PHC string, on a blocking thread.
pub(crate) async fn hash(password: &str) -> Result<String, ServiceError> {
    let password = password.to_string();
    blocking(move || hash_now(&password)).await?
}

/// Whether `password` matches the PHC string `phc`, on a blocking thread.
/// A malformed stored hash counts as no match (and is logged).
pub(crate) async fn verify(password: &str, phc: &str) -> Result<bool, ServiceError> {
    let (password, phc) = (password.to_string(), phc.to_string());
    blocking(move || verify_now(&password, &phc)).await
}

/// Spends the time of a verification against a dummy hash, so a missing
/// account answers as slowly as a wrong password.
pub(crate) async fn verify_dummy(password: &str) -> Result<(), ServiceError> {
    let password = password.to_string();
    blocking(move || {
        if let Some(phc) = dummy_hash() {
            verify_now(&password, phc);
        }
    })
    .await
}

fn hash_now(password: &str) -> Result<String, ServiceError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hashing failed");
            ServiceError::AccountsUnavailable
        })
}

fn verify_now(password: &str, phc: &str) -> bool {
    match Argon2::default().verify_password(password.as_bytes(), phc) {
        Ok(()) => true,
        Err(argon2::password_hash::Error::PasswordInvalid) => false,
        Err(e) => {
            tracing::error!(error = %e, "stored password hash cannot be checked");
            false
        }
    }
}

/// A hash of a random password, made once per process.
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_now(&super::secret::token()).ok())
        .as_deref()
}

/// Runs CPU-heavy work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        ServiceError::AccountsUnavailable
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_one_class_passwords_are_refused_and_mixed_ones_pass() {
        let cases = [
            ("Ab1#", false),
            ("abcdefgh", false),
            ("12345678", false),
            ("ABCDEFGHIJ", false),
            ("abcdefg1", true),
            ("Tongban#2026", true),
            ("密码密码密码密码1", true),
        ];
        for (password, ok) in cases {
            let result = check_strength(password);
            assert_eq!(result.is_ok(), ok, "{password}: {result:?}");
            if let Err(e) = result {
                assert_eq!(e.code(), "weak_password");
            }
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash("Tongban#2026").await.unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify("Tongban#2026", &phc).await.unwrap());
        assert!(!verify("tongban#2026", &phc).await.unwrap());
        assert!(!verify("Tongban#2026", "not a hash").await.unwrap());
    }
}
