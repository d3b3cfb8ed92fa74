//! Starting a throw-away PostgreSQL cluster with `initdb` and `pg_ctl`.
//!
//! The cluster lives in a temporary directory, listens on a free port of
//! 127.0.0.1 and trusts every local connection. A detached watchdog stops it
//! and removes the directory once the test process is gone, because the
//! static holding the cluster is never dropped.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The OS user that owns the cluster when tests run as root (initdb refuses
/// to run as root).
const CLUSTER_USER: &str = "postgres";
/// Attempts at finding a port nobody takes between probing and binding.
const PORT_ATTEMPTS: usize = 5;

/// A running cluster: the superuser URL prefix to reach it.
pub(crate) struct Cluster {
    /// `postgres://postgres@127.0.0.1:PORT`, without a database.
    pub(crate) base_url: String,
}

/// Finds the binaries, initialises a cluster and starts it.
pub(crate) fn start() -> Result<Cluster> {
    let bin = find_bin_dir().context(install_hint())?;
    let root = tempfile::Builder::new()
        .prefix("tongban-pg-")
        .tempdir()
        .context("无法创建 PostgreSQL 临时目录")?
        .keep();
    let as_root = euid_is_root()?;
    let data = root.join("data");
    // Started before anything can fail, so a failed start is cleaned too.
    spawn_watchdog(&bin.join("pg_ctl"), &data, &root, as_root)?;
    let sockets = root.join("sock");
    std::fs::create_dir(&sockets).context("无法创建套接字目录")?;
    if as_root {
        run(Command::new("chown")
            .arg("-R")
            .arg(format!("{CLUSTER_USER}:"))
            .arg(&root))?;
    }
    run(cluster_command(&bin.join("initdb"), as_root, &root)
        .arg("-D")
        .arg(&data)
        .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]))?;
    let mut last_error = None;
    for _ in 0..PORT_ATTEMPTS {
        let port = free_port()?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            sockets.display()
        );
        let started = run(cluster_command(&bin.join("pg_ctl"), as_root, &root)
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(root.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"]));
        match started {
            Ok(()) => {
                return Ok(Cluster {
                    base_url: format!("postgres://postgres@127.0.0.1:{port}"),
                });
            }
            Err(e) => last_error = Some(e),
        }
    }
    let log = std::fs::read_to_string(root.join("server.log")).unwrap_or_default();
    match last_error {
        Some(e) => Err(e.context(format!("PostgreSQL 启动失败，服务器日志：\n{log}"))),
        None => bail!("PostgreSQL 启动失败"),
    }
}

/// The message that tells a developer how to get PostgreSQL.
fn install_hint() -> String {
    "找不到 PostgreSQL 的 initdb 与 pg_ctl（已查找 PATH 和 /usr/lib/postgresql/*/bin）。\
     存储层测试需要 PostgreSQL：请安装（Debian/Ubuntu：apt-get install postgresql），\
     或设置 TONGBAN_TEST_PG_URL 指向一个可以建库的服务器，\
     例如 postgres://postgres@127.0.0.1:5432/postgres"
        .to_string()
}

/// A directory holding both `initdb` and `pg_ctl`: from `PATH` first, then
/// the highest version under `/usr/lib/postgresql`.
fn find_bin_dir() -> Result<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|d| has_tools(d))
    {
        return Ok(dir);
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<Vec<u32>>>()?;
            let bin = entry.path().join("bin");
            has_tools(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!("PATH 与 /usr/lib/postgresql/*/bin 中都没有 initdb 和 pg_ctl"),
    }
}

/// True when running as root, where the cluster must belong to another user.
fn euid_is_root() -> Result<bool> {
    let out = Command::new("id")
        .arg("-u")
        .output()
        .context("无法运行 id -u")?;
    Ok(String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// A command that runs as the cluster user when we are root.
fn cluster_command(program: &Path, as_root: bool, cwd: &Path) -> Command {
    let mut cmd = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", CLUSTER_USER, "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    // The cluster user may not be allowed into the test's working directory.
    cmd.current_dir(cwd);
    cmd
}

/// Runs a command to completion; a failure carries its output.
fn run(cmd: &mut Command) -> Result<()> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("无法运行 {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{cmd:?} 失败（{}）：\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// A TCP port of 127.0.0.1 that was free a moment ago.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("无法探测空闲端口")?;
    Ok(listener.local_addr()?.port())
}

/// Starts a detached shell that waits for this process to end, then stops
/// the cluster and removes its directory. It runs in its own process group
/// so that Ctrl-C on the test run does not kill it before it cleans up.
fn spawn_watchdog(pg_ctl: &Path, data: &Path, root: &Path, as_root: bool) -> Result<()> {
    let stop = if as_root {
        format!(r#"runuser -u {CLUSTER_USER} -- "$2" stop -D "$3" -m immediate"#)
    } else {
        r#""$2" stop -D "$3" -m immediate"#.to_string()
    };
    let script = format!(
        r#"while kill -0 "$1" 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf "$4""#
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("tongban-pg-watchdog")
        .arg(std::process::id().to_string())
        .arg(pg_ctl)
        .arg(data)
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("无法启动清理 PostgreSQL 的看守进程")?;
    Ok(())
}
