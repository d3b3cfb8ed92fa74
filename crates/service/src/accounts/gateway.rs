//! The outside world an account service talks to, behind traits: the SMS
//! gateway that delivers one-time codes, and the clock.

use chrono::{DateTime, Utc};
use tongban_domain::mask;

use crate::error::ServiceError;

/// Delivers one-time login codes to phones. A real SMS gateway is a
/// later plug-in; the demo uses [`LogSms`].
pub trait SmsGateway: Send + Sync {
    /// Sends `code` to `phone`.
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError>;
}

/// The demo gateway: writes the code to the server log, with the phone
/// masked (the code is what the demo user needs; the number is not).
#[derive(Debug, Clone, Copy, Default)]
pub struct LogSms;

impl SmsGateway for LogSms {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        let masked = mask::phone(phone);
        tracing::info!("一次性验证码 {code} 已发送至 {masked}");
        Ok(())
    }
}

/// Where the account service reads the time (lockouts, expiries), so tests
/// can move it.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
