//! The `tongban` command: demo, serve, migrate, import, export, user,
//! calendar and bench.
//!
//! Every failure ends in one line `错误：…（error: …）` on stderr (after the
//! located errors of an invalid catalog) and a non-zero exit code: 2 for an
//! invalid catalog, 1 otherwise.

mod args;
mod bench;
mod calendar;
mod catalog_cmds;
mod config;
mod db;
mod demo;
mod failure;
mod generate;
mod jobs;
mod server;
mod user;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use tracing_subscriber::EnvFilter;

use crate::args::{BenchCommand, Cli, Command, ServeArgs, UserCommand};
use crate::failure::Failure;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    init_tracing(&cli.command);
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Failure::new(
                format!("无法启动异步运行时：{e}"),
                "cannot start the runtime",
            )
        })
        .and_then(|rt| rt.block_on(run(cli.command)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            for line in &failure.details {
                eprintln!("{line}");
            }
            eprintln!("{failure}");
            ExitCode::from(failure.exit)
        }
    }
}

/// Caps glibc's malloc arenas at two (one per core of the reference
/// machine) before any thread starts. By default glibc gives every busy
/// thread (tokio workers, one per SQLite connection, blocking tasks) its
/// own arena and keeps their freed memory: a 1M-case SQLite server reached
/// 308 MiB under the five-minute mixed load, 232 MiB with two arenas
/// (docs/benchmarks.md, "Mixed load"). `MALLOC_ARENA_MAX` in the
/// environment still wins, for operators who measure otherwise.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a malloc tuning parameter; it is called
        // first thing in main, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Logs to stderr, coloured only on a terminal (a redirected log stays
/// plain text); `RUST_LOG` overrides the default (info when serving,
/// warnings otherwise).
fn init_tracing(command: &Command) {
    let default = match command {
        Command::Demo { .. } | Command::Serve(_) => "info",
        _ => "warn",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Demo { addr, data } => demo::demo(&addr, &data).await,
        Command::Serve(args) => serve(&args).await,
        Command::Migrate { db } => catalog_cmds::migrate(&db).await,
        Command::Import { db, files } => catalog_cmds::import(&db, &files).await,
        Command::Export { db, format, out } => catalog_cmds::export(&db, format, &out).await,
        Command::User {
            what: UserCommand::Add(args),
        } => user::add(&args).await,
        Command::Work(args) => jobs::work(&args).await,
        Command::Calendar { question } => {
            println!("{}", calendar::answer(&question)?);
            Ok(())
        }
        Command::Bench {
            what:
                BenchCommand::Search {
                    items,
                    queries,
                    seed,
                },
        } => tokio::task::spawn_blocking(move || bench::search(items, queries, seed))
            .await
            .map_err(|e| Failure::new(format!("基准测试中断：{e}"), "benchmark aborted"))?,
        Command::Bench {
            what: BenchCommand::Dashboard(args),
        } => bench::dashboard::run(&args).await,
        Command::Bench {
            what: BenchCommand::Load(command),
        } => bench::load::run(&command).await,
        Command::Gen(args) => generate::run(&args).await,
    }
}

/// `tongban serve`: migrate, build the index, serve with periodic refresh.
async fn serve(args: &ServeArgs) -> Result<(), Failure> {
    let file = match &args.config {
        Some(path) => config::read_file(path)?,
        None => config::FileConfig::default(),
    };
    let config = config::resolve(args, file)?;
    let store = Arc::new(db::open(&config.database_url).await?);
    let key = server::licence_key(config.licence_key.as_deref())?;
    let platform = server::platform(store, &config.uploads_dir, key).await?;
    let (listener, local) = server::bind(&config.addr).await?;
    tracing::info!(
        url = %format!("http://{local}/"),
        database = %failure::redact(&config.database_url),
        "serving"
    );
    let limits = if config.rate_limits {
        tongban_web::limits::LimitConfig::default()
    } else {
        tracing::warn!("rate limits are off (rate_limits = false)");
        tongban_web::limits::LimitConfig::off()
    };
    server::run(listener, platform, config.index_refresh, limits).await
}
