//! The account rules' numbers, in one place: lockout, lifetimes, password
//! strength.

use chrono::Duration;
use tongban_store::LockoutRule;

/// Wrong passwords within [`LOCKOUT_WINDOW`] that lock a staff account.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How far back wrong passwords count towards a lock.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
/// How long a locked account refuses every password.
pub const LOCKOUT_DURATION: Duration = Duration::minutes(15);

/// The lockout rule handed to the store.
pub const LOCKOUT: LockoutRule = LockoutRule {
    max_attempts: MAX_FAILED_LOGINS,
    window: LOCKOUT_WINDOW,
    lock_for: LOCKOUT_DURATION,
};

/// How long a browser session lasts.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
/// How long a one-time login code is accepted.
pub const CODE_LIFETIME: Duration = Duration::minutes(5);
/// Wrong guesses that burn a one-time code.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest accepted password, in characters (bounds the hashing work).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Character classes (lower, upper, digit, other) a password must mix.
pub const MIN_PASSWORD_CLASSES: usize = 2;
