//! Serving the web application until Ctrl-C or SIGTERM, finishing the
//! requests in flight.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tongban_service::{
    ConfigKey, LogSms, Platform, PlatformConfig, SystemClock, UploadLimits, spawn_index_refresh,
};
use tongban_store::Db;
use tongban_web::AppState;

use crate::failure::Failure;

/// Binds the listening socket (so that the URL can be printed before
/// serving).
pub async fn bind(addr: &str) -> Result<(TcpListener, SocketAddr), Failure> {
    let listener = TcpListener::bind(addr).await.map_err(|e| {
        Failure::new(
            format!("无法监听地址“{addr}”：{e}（地址格式如 127.0.0.1:8080，端口可能已被占用）"),
            "cannot listen on the address",
        )
    })?;
    let local = listener.local_addr().map_err(|e| {
        Failure::new(
            format!("无法读取监听地址：{e}"),
            "cannot read the bound address",
        )
    })?;
    Ok((listener, local))
}

/// Every use case over `store` (migrated), keeping uploads under
/// `uploads_dir`.
pub async fn platform(
    store: Arc<Db>,
    uploads_dir: &Path,
    licence_key: ConfigKey,
) -> Result<Platform, Failure> {
    let config = PlatformConfig {
        uploads_dir: uploads_dir.to_path_buf(),
        upload_limits: UploadLimits::default(),
        sms: Arc::new(LogSms),
        clock: Arc::new(SystemClock),
        licence_key,
    };
    Ok(Platform::open(store, config).await?)
}

/// The configured seal-key encryption key; without one, the public demo
/// key, with a warning on every start (seal keys are then not protected).
pub fn licence_key(configured: Option<&str>) -> Result<ConfigKey, Failure> {
    match configured {
        Some(hex) => ConfigKey::parse(hex).map_err(|_| {
            Failure::new(
                "licence_key（或 TONGBAN_LICENCE_KEY）应为 32 位十六进制字符（128 位 SM4 密钥）",
                "licence_key must be 32 hex digits",
            )
        }),
        None => {
            tracing::warn!(
                "未配置 licence_key / TONGBAN_LICENCE_KEY：印章私钥以公开的演示密钥加密，仅可用于演示"
            );
            Ok(PlatformConfig::demo_licence_key())
        }
    }
}

/// Serves the platform until a shutdown signal, refreshing the search
/// index every `refresh` so imports made by other nodes show up.
pub async fn run(
    listener: TcpListener,
    platform: Platform,
    refresh: Duration,
    limits: tongban_web::limits::LimitConfig,
) -> Result<(), Failure> {
    let refresher = spawn_index_refresh(Arc::clone(&platform.catalog), refresh);
    let jobs = crate::jobs::spawn(&platform);
    let app = tongban_web::router(AppState::new(&platform).with_limits(limits));
    // The peer address feeds the per-IP rate limits.
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    refresher.abort();
    for job in jobs {
        job.abort();
    }
    served.map_err(|e| {
        Failure::new(
            format!("服务异常退出：{e}"),
            "the server stopped with an error",
        )
    })?;
    tracing::info!("stopped after finishing in-flight requests");
    Ok(())
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
