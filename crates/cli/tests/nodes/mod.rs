//! Shared support of the crash-safety and three-node tests: `tongban
//! serve` processes of the built binary on free ports of 127.0.0.1,
//! killed with SIGKILL and restarted on the same port and database.
//!
//! [`http`] is a small blocking HTTP client that retries a request with
//! the same Idempotency-Key until it is acknowledged; [`seed`] prepares a
//! database (demo catalog, demo staff, applicants with sessions) before
//! any node starts; [`ledger`] checks afterwards that every acknowledged
//! submission exists exactly once and that every audit chain verifies;
//! [`warnings`] checks the deadline warnings of a multi-node run.

#![allow(dead_code)]

pub mod http;
pub mod ledger;
pub mod seed;
pub mod warnings;

use std::fs::{File, OpenOptions};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a node may take to answer `/healthz` after a (re)start.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// One `tongban serve` process (or none, while killed) on a fixed port.
pub struct Node {
    name: String,
    addr: SocketAddr,
    config: PathBuf,
    log: PathBuf,
    child: Option<Child>,
    /// Times this node was started.
    pub starts: usize,
}

impl Node {
    /// Writes the node's config (database, address, uploads under `dir`)
    /// and starts it; call [`Node::wait_healthy`] before use.
    pub fn spawn(name: &str, database_url: &str, dir: &Path) -> Node {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let config = dir.join(format!("{name}.toml"));
        let uploads = dir.join("uploads");
        let text = format!(
            "database_url = {database_url:?}\naddr = \"{addr}\"\nuploads_dir = {:?}\n",
            uploads.display().to_string()
        );
        std::fs::write(&config, text).unwrap();
        let mut node = Node {
            name: name.to_string(),
            addr,
            config,
            log: dir.join(format!("{name}.log")),
            child: None,
            starts: 0,
        };
        node.launch();
        node
    }

    /// [`Node::spawn`], then waits until it answers.
    pub fn start(name: &str, database_url: &str, dir: &Path) -> Node {
        let node = Node::spawn(name, database_url, dir);
        node.wait_healthy();
        node
    }

    /// The node's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The absolute URL of `path` on this node.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Everything the node printed, over all its runs.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the node again on the same port and database and waits
    /// until it answers.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
        self.wait_healthy();
    }

    /// Blocks until `/healthz` answers 200; panics with the log when the
    /// process exits or does not answer in time.
    pub fn wait_healthy(&self) {
        let deadline = Instant::now() + START_TIMEOUT;
        let client = http::Http::new();
        loop {
            if let Ok((200, _)) = client.get(&self.url("/healthz"), None) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "node {} did not answer within {START_TIMEOUT:?}:\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn launch(&mut self) {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
            .arg("serve")
            .arg("--config")
            .arg(&self.config)
            .env_remove("RUST_LOG")
            .env_remove("TONGBAN_CONFIG")
            .env_remove("TONGBAN_DATABASE_URL")
            .env_remove("TONGBAN_ADDR")
            .env_remove("TONGBAN_INDEX_REFRESH_SECONDS")
            .env_remove("TONGBAN_LICENCE_KEY")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        self.starts += 1;
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A TCP port of 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `tongban work --once --at AT` on `count` processes at once over
/// `database_url` and returns the warnings each says it raised.
pub fn work_once(database_url: &str, at: &str, count: usize, dir: &Path) -> Vec<usize> {
    let uploads = dir.join("uploads");
    let children: Vec<(Child, PathBuf)> = (0..count)
        .map(|i| {
            let out = dir.join(format!("work-{}-{i}.out", std::process::id()));
            let file = File::create(&out).unwrap();
            let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
                .args(["work", "--once", "--database-url", database_url, "--at", at])
                .arg("--uploads-dir")
                .arg(&uploads)
                .env_remove("RUST_LOG")
                .env_remove("TONGBAN_LICENCE_KEY")
                .stdin(Stdio::null())
                .stdout(file.try_clone().unwrap())
                .stderr(file)
                .spawn()
                .unwrap();
            (child, out)
        })
        .collect();
    children
        .into_iter()
        .map(|(mut child, out)| {
            let status = child.wait().unwrap();
            let text = std::fs::read_to_string(&out).unwrap_or_default();
            assert!(status.success(), "tongban work --once failed:\n{text}");
            text.split_whitespace()
                .find_map(|w| w.strip_prefix("raised="))
                .unwrap_or_else(|| panic!("no summary from tongban work:\n{text}"))
                .parse()
                .unwrap()
        })
        .collect()
}
