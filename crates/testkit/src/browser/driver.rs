//! The chromedriver process behind a [`super::Browser`]: started on a free
//! port, polled until it answers `/status`, and killed with the Chromium it
//! started (its whole process group) when dropped.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::{CHROMEDRIVER, SETUP_HINT};

/// How long chromedriver may take to answer `/status`.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts at finding a port nobody takes between probing and binding.
const PORT_ATTEMPTS: usize = 5;

/// A running chromedriver, with a watchdog that kills its process group if
/// the test process dies without dropping it (e.g. Ctrl-C).
#[derive(Debug)]
pub(super) struct Driver {
    child: Child,
    watchdog: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub(super) url: String,
    log: PathBuf,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it is ready.
    pub(super) async fn start(dir: &Path) -> Result<Driver> {
        let log = dir.join("chromedriver.log");
        let mut last_error = None;
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port()?;
            let log_file = std::fs::File::create(&log).context("无法创建 chromedriver 日志")?;
            let child = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log_file.try_clone().context("无法复制日志句柄")?)
                .stderr(log_file)
                // Its own group, so that dropping it ends Chromium too.
                .process_group(0)
                .spawn()
                .with_context(|| format!("无法启动 {CHROMEDRIVER}。{SETUP_HINT}"))?;
            let mut driver = Driver {
                watchdog: None,
                url: format!("http://127.0.0.1:{port}"),
                log: log.clone(),
                child,
            };
            driver.watchdog = spawn_watchdog(driver.child.id()).ok();
            match driver.wait_ready().await {
                Ok(()) => return Ok(driver),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow!("chromedriver 未能启动")))
    }

    /// Polls `/status` until it answers 200, or the process exits, or time runs out.
    async fn wait_ready(&mut self) -> Result<()> {
        let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .build::<_, String>(HttpConnector::new());
        let status_url = format!("{}/status", self.url);
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        loop {
            if let Some(exit) = self
                .child
                .try_wait()
                .context("无法查询 chromedriver 状态")?
            {
                bail!("chromedriver 已退出（{exit}）：\n{}", self.log_tail());
            }
            let uri = status_url.parse().context("chromedriver 地址无效")?;
            let answer = tokio::time::timeout(Duration::from_secs(2), http.get(uri)).await;
            if let Ok(Ok(response)) = answer
                && response.status().is_success()
            {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "chromedriver 在 {} 秒内没有应答 /status：\n{}",
                    DRIVER_START_TIMEOUT.as_secs(),
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The last lines of chromedriver's output, for error messages.
    pub(super) fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The watchdog goes first, so it never signals a reused group id.
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
        // chromedriver leads its group; Chromium and its helpers are in it.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A detached shell that kills the driver's process group once this test
/// process is gone. In its own group, so Ctrl-C does not stop it first.
fn spawn_watchdog(driver_pid: u32) -> Result<Child> {
    Command::new("sh")
        .arg("-c")
        .arg(r#"while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -- "-$2" 2>/dev/null"#)
        .arg("tongban-chromedriver-watchdog")
        .arg(std::process::id().to_string())
        .arg(driver_pid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("无法启动清理 chromedriver 的看守进程")
}

/// A TCP port of 127.0.0.1 that was free a moment ago.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("无法探测空闲端口")?;
    Ok(listener.local_addr()?.port())
}
