//! Where SMS and e-mail notices go: the [`Notifier`] trait, and the
//! log-only default that masks the phone number.

use tongban_domain::mask;

use crate::error::ServiceError;

/// Sends notices about cases to applicants outside the platform. A real
/// SMS or mail gateway is a plug-in; the default, [`LogNotifier`], only
/// logs. Sending happens after the event is settled, so a notice is sent
/// at most once (a failure is logged, never retried).
pub trait Notifier: Send + Sync {
    /// Sends a text message to `phone`.
    fn send_sms(&self, phone: &str, text: &str) -> Result<(), ServiceError>;
    /// Sends an e-mail. (Applicants' e-mail addresses are not collected
    /// yet, so the dispatcher does not call it today.)
    fn send_email(&self, address: &str, subject: &str, text: &str) -> Result<(), ServiceError>;
}

/// The log-only notifier: writes each notice to the server log with the
/// phone number masked (138****8000) and the address's local part hidden.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn send_sms(&self, phone: &str, text: &str) -> Result<(), ServiceError> {
        let masked = mask::phone(phone);
        tracing::info!(to = %masked, "短信通知：{text}");
        Ok(())
    }

    fn send_email(&self, address: &str, subject: &str, _text: &str) -> Result<(), ServiceError> {
        let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
        tracing::info!(to = %format!("***@{domain}"), "邮件通知：{subject}");
        Ok(())
    }
}
