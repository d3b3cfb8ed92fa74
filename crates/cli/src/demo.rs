//! `tongban demo`: the embedded demo catalog and one account per role on
//! SQLite, served.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tongban_catalog_io::Parsed;
use tongban_domain::auth::Role;
use tongban_domain::catalog::Catalog;
use tongban_service::DemoAccount;

use crate::catalog_cmds::summary_line;
use crate::failure::Failure;
use crate::{db, server};

include!(concat!(env!("OUT_DIR"), "/demo_catalog.rs"));

/// How often the demo checks for imports made by another process.
const DEMO_REFRESH: Duration = Duration::from_secs(10);

/// Opens (or creates) DIR/tongban.db, loads the demo catalog if the
/// database is empty, creates the demo accounts that are missing, prints
/// the accounts and example URLs, and serves.
pub async fn demo(addr: &str, data: &Path) -> Result<(), Failure> {
    // Bind first: a busy or malformed address fails before any work.
    let (listener, local) = server::bind(addr).await?;
    let url = db::sqlite_url(data)?;
    let store = Arc::new(db::open(&url).await?);
    let platform = server::platform(
        store.clone(),
        &data.join("uploads"),
        tongban_service::PlatformConfig::demo_licence_key(),
    )
    .await?;
    let service = &platform.catalog;
    let accounts = &platform.accounts;
    if service.load_catalog().await?.is_empty() {
        let parsed = embedded_catalog()?;
        let summary = service.import(parsed).await?;
        println!(
            "已载入演示目录 / demo catalog loaded: {}",
            summary_line(&summary)
        );
    }
    let demo_accounts = accounts.seed_demo().await?;
    // The demo applicant (张三) is linked to the demo subjects, so their
    // 户籍 data can prefill forms once they consent. Their account's actor
    // id is `applicant:<row id>`, found by the demo phone.
    let applicant = tongban_store::AccountStore::applicant_by_phone(
        store.as_ref(),
        tongban_service::DEMO_PHONE,
    )
    .await
    .map_err(|_| {
        Failure::new(
            "无法读取演示申请人账号",
            "cannot read the demo applicant account",
        )
    })?
    .map(|row| format!("applicant:{}", row.id));
    platform.subjects.seed_demo(applicant.as_deref()).await?;
    // One service hall per demo county, with a few numbers taken today,
    // so the supervisor's 大厅实况 panel has something to show.
    platform.hall.seed_demo(chrono::Utc::now()).await?;
    service.refresh_index_if_stale().await?;
    let catalog = service.load_catalog().await?;
    println!("{}", accounts_text(&demo_accounts));
    println!("{}", banner(&format!("http://{local}"), &catalog, data));
    server::run(
        listener,
        platform,
        DEMO_REFRESH,
        tongban_web::limits::LimitConfig::default(),
    )
    .await
}

/// Reads the embedded files through catalog-io, so errors are located as
/// for any import (file names are the demo/catalog ones).
pub fn embedded_catalog() -> Result<Parsed, Failure> {
    let dir = tempfile::tempdir().map_err(|e| {
        Failure::new(
            format!("无法创建临时目录：{e}"),
            "cannot create a temporary directory",
        )
    })?;
    let mut paths: Vec<PathBuf> = Vec::with_capacity(DEMO_FILES.len());
    for (name, text) in DEMO_FILES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).map_err(|e| {
            Failure::new(
                format!("无法写入临时文件“{}”：{e}", path.display()),
                "cannot write a temporary file",
            )
        })?;
        paths.push(path);
    }
    tongban_catalog_io::read_files(&paths).map_err(|e| Failure::invalid_catalog(&e))
}

/// The start-up text: the URL and example requests. The metrics example
/// uses the itinerant-chef bundle (游厨) when the catalog has it.
pub fn banner(base: &str, catalog: &Catalog, data: &Path) -> String {
    let mut lines = vec![
        format!("通办演示已启动 / tongban demo is running: {base}/"),
        format!("数据目录 / data: {}", data.display()),
        "试试 / try:".to_string(),
        format!("  {base}/?q=营业执照"),
        format!("  curl -s '{base}/api/v1/items?q=营业执照'"),
        format!("  curl -s '{base}/api/v1/items?q=yyzz'"),
    ];
    let featured = catalog
        .bundles
        .iter()
        .find(|b| b.name.contains("游厨"))
        .or_else(|| catalog.bundles.first());
    if let Some(b) = featured {
        lines.push(format!(
            "  curl -s '{base}/api/v1/bundles/{}/metrics'",
            b.code
        ));
        lines.push(format!("  {base}/bundles/{}", b.code));
    }
    lines.push(format!("  {base}/api/v1/openapi.json"));
    lines.push("按 Ctrl-C 停止 / press Ctrl-C to stop".to_string());
    lines.join("\n")
}

/// The demo accounts, one line each: login, role, region, and the
/// password, the token secret, or how to log in.
pub fn accounts_text(accounts: &[DemoAccount]) -> String {
    let mut lines = vec!["演示账号 / demo accounts:".to_string()];
    for a in accounts {
        // The banner goes to the same console as the log, and no log line
        // may hold a phone number unmasked: the demo number is in README.md.
        let login = match a.role {
            Role::Applicant => tongban_domain::mask::phone(&a.login),
            _ => a.login.clone(),
        };
        let how = match a.role {
            Role::Applicant => {
                "手机验证码登录（演示号码见 README；任意手机号均可登录）".to_string()
            }
            _ if a.secret.is_empty() => "（密钥不再显示）".to_string(),
            Role::System => format!("密钥 {}", a.secret),
            _ => format!("密码 {}", a.secret),
        };
        let department = a
            .department
            .as_ref()
            .map(|d| format!(" {d}"))
            .unwrap_or_default();
        lines.push(format!(
            "  {:<20} {:<8} {}{}  {}  {}",
            login,
            a.role.label(),
            a.region,
            department,
            how,
            a.note
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalog_is_embedded_in_file_name_order() {
        assert!(!DEMO_FILES.is_empty(), "demo/catalog has no YAML files");
        let names: Vec<&str> = DEMO_FILES.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn the_banner_shows_the_search_and_the_itinerant_chef_metrics() {
        let parsed = embedded_catalog().unwrap();
        let text = banner("http://127.0.0.1:8080", &parsed.catalog, Path::new("d"));
        assert!(text.contains("/api/v1/items?q=yyzz"));
        let chef = parsed
            .catalog
            .bundles
            .iter()
            .find(|b| b.name.contains("游厨"))
            .unwrap();
        assert!(text.contains(&format!("/api/v1/bundles/{}/metrics", chef.code)));
    }
}
