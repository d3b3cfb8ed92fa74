//! The server under load: this very binary started as a separate
//! `tongban serve` process (background jobs and all, rate limits off) on a
//! free local port, waited for until `/healthz` answers, and killed when
//! dropped — on success and on every error path alike.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

use crate::failure::Failure;

/// How long the server may take to migrate, load its catalog and index it.
const READY_WITHIN: Duration = Duration::from_secs(180);
/// How long one plain request (readiness, `/metrics`) may take.
const REQUEST_WITHIN: Duration = Duration::from_secs(30);
/// Log lines shown when the server fails.
const LOG_TAIL: usize = 20;

/// A running `tongban serve` child process.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its process id.
    pub pid: u32,
    log: PathBuf,
    _dir: TempDir,
}

impl Server {
    /// Starts `tongban serve` on `url` and waits until `/healthz` answers 200.
    pub async fn start(url: &str) -> Result<Server, Failure> {
        let dir = tempfile::tempdir().map_err(|e| io("无法创建服务进程的临时目录", &e))?;
        let config = dir.path().join("serve.toml");
        let uploads = toml::Value::String(dir.path().join("uploads").display().to_string());
        std::fs::write(&config, format!("uploads_dir = {uploads}\n"))
            .map_err(|e| io("无法写入服务进程的配置文件", &e))?;
        let log = dir.path().join("serve.log");
        let log_file = std::fs::File::create(&log).map_err(|e| io("无法创建服务进程日志", &e))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| io("无法创建服务进程日志", &e))?;
        let exe = std::env::current_exe().map_err(|e| io("找不到 tongban 可执行文件", &e))?;
        let addr = free_port()?;
        let mut command = Command::new(exe);
        command
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .args(["--database-url", url])
            .args(["--addr", &addr.to_string()])
            .args(["--rate-limits", "false"])
            // The bench signs its licences under the demo key; the server
            // uses the same one.
            .env_remove("TONGBAN_LICENCE_KEY")
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(log_err))
            .kill_on_drop(true);
        let child = command
            .spawn()
            .map_err(|e| io("无法启动 tongban serve", &e))?;
        let pid = child
            .id()
            .ok_or_else(|| Failure::new("服务进程启动后立即退出", "the server exited at once"))?;
        let mut server = Server {
            child,
            addr,
            pid,
            log,
            _dir: dir,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    /// Polls `/healthz` until it answers 200, the process exits, or time
    /// runs out.
    async fn wait_ready(&mut self) -> Result<(), Failure> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(self.failed(&format!("服务进程已退出（{status}）")));
            }
            if let Ok((200, _)) = self.get("/healthz", None).await {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                return Err(self.failed(&format!(
                    "服务进程 {} 秒内未就绪（/healthz 未返回 200）",
                    READY_WITHIN.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// A plain HTTP/1.0 GET (no chunking): its status and body.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Result<(u16, String), Failure> {
        let exchange = async {
            let mut stream = TcpStream::connect(self.addr).await?;
            let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
            let request = format!("GET {path} HTTP/1.0\r\nHost: {}\r\n{cookie}\r\n", self.addr);
            stream.write_all(request.as_bytes()).await?;
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await?;
            Ok::<_, std::io::Error>(answer)
        };
        let answer = tokio::time::timeout(REQUEST_WITHIN, exchange)
            .await
            .map_err(|_| Failure::new(format!("服务进程请求 {path} 超时"), "request timed out"))?
            .map_err(|e| io(&format!("服务进程请求 {path} 失败"), &e))?;
        let text = String::from_utf8_lossy(&answer);
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| {
                Failure::new(
                    format!("服务进程对 {path} 的回答无法识别"),
                    "unreadable HTTP answer",
                )
            })?;
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        Ok((status, body))
    }

    /// Kills the process and waits for it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }

    /// A failure with the end of the server's log.
    fn failed(&self, why: &str) -> Failure {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(LOG_TAIL)..].join("\n");
        Failure::new(
            format!("{why}；服务日志末尾：\n{tail}"),
            "the tongban serve process failed",
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// A local address with a free port (taken by binding port 0 and
/// released for the server).
fn free_port() -> Result<SocketAddr, Failure> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| io("无法找到空闲端口", &e))?;
    listener
        .local_addr()
        .map_err(|e| io("无法找到空闲端口", &e))
}

/// An I/O failure around the server process.
fn io(zh: &str, e: &std::io::Error) -> Failure {
    Failure::new(format!("{zh}：{e}"), "server process I/O failed")
}
