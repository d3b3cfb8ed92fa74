//! The demo application served over real HTTP on a free port of
//! 127.0.0.1, for the browser tests.

use tokio::task::JoinHandle;

/// The demo application served over HTTP on a free port of 127.0.0.1.
pub struct Server {
    base: String,
    task: JoinHandle<()>,
    _app: super::App,
}

impl Server {
    /// The demo catalog in a temporary SQLite database, served in-process.
    pub async fn start() -> Server {
        let app = super::demo_app().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Server {
            base,
            task,
            _app: app,
        }
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}
