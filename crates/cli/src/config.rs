//! `tongban serve` configuration: a TOML file, overridden by flags and
//! environment variables.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::args::ServeArgs;
use crate::failure::Failure;

/// The address served when none is configured.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Seconds between index freshness checks when none is configured.
pub const DEFAULT_REFRESH_SECONDS: u64 = 30;
/// Where uploads are kept when no `uploads_dir` is configured.
pub const DEFAULT_UPLOADS_DIR: &str = "tongban-uploads";

/// The config file's keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    database_url: Option<String>,
    addr: Option<String>,
    index_refresh_seconds: Option<u64>,
    uploads_dir: Option<std::path::PathBuf>,
    licence_key: Option<String>,
    rate_limits: Option<bool>,
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// `sqlite:` or `postgres:` URL.
    pub database_url: String,
    /// Address to listen on.
    pub addr: String,
    /// Period of the index freshness check.
    pub index_refresh: Duration,
    /// Where uploaded materials are kept (local disk).
    pub uploads_dir: std::path::PathBuf,
    /// The 32-hex-digit SM4 key that encrypts seal keys at rest (file key
    /// `licence_key`, or `TONGBAN_LICENCE_KEY`); `None` = not configured.
    pub licence_key: Option<String>,
    /// Whether the per-IP and per-account rate limits apply.
    pub rate_limits: bool,
}

/// Reads the config file, if any.
pub fn read_file(path: &Path) -> Result<FileConfig, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::new(
            format!("无法读取配置文件“{}”：{e}", path.display()),
            "cannot read the config file",
        )
    })?;
    toml::from_str(&text).map_err(|e| {
        let reason = e.message().to_string();
        Failure::new(
            format!("配置文件“{}”格式有误：{reason}", path.display()),
            "invalid config file",
        )
    })
}

/// Flags and environment variables win over the file; then defaults.
pub fn resolve(args: &ServeArgs, file: FileConfig) -> Result<ServeConfig, Failure> {
    let database_url = args
        .database_url
        .clone()
        .or(file.database_url)
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| {
            Failure::new(
                "未配置数据库地址：请在配置文件中设置 database_url，或设置环境变量 TONGBAN_DATABASE_URL",
                "no database URL configured (database_url or TONGBAN_DATABASE_URL)",
            )
        })?;
    let addr = args
        .addr
        .clone()
        .or(file.addr)
        .unwrap_or_else(|| DEFAULT_ADDR.to_string());
    let seconds = args
        .index_refresh_seconds
        .or(file.index_refresh_seconds)
        .unwrap_or(DEFAULT_REFRESH_SECONDS);
    if seconds == 0 {
        return Err(Failure::new(
            "index_refresh_seconds 应为正整数（秒）",
            "index_refresh_seconds must be a positive number of seconds",
        ));
    }
    Ok(ServeConfig {
        database_url,
        addr,
        index_refresh: Duration::from_secs(seconds),
        uploads_dir: file
            .uploads_dir
            .unwrap_or_else(|| std::path::PathBuf::from(DEFAULT_UPLOADS_DIR)),
        licence_key: std::env::var("TONGBAN_LICENCE_KEY")
            .ok()
            .or(file.licence_key)
            .filter(|k| !k.trim().is_empty()),
        rate_limits: args.rate_limits.or(file.rate_limits).unwrap_or(true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> ServeArgs {
        ServeArgs {
            config: None,
            database_url: None,
            addr: None,
            index_refresh_seconds: None,
            rate_limits: None,
        }
    }

    #[test]
    fn the_file_gives_values_that_flags_and_environment_override() {
        let file: FileConfig = toml::from_str(
            "database_url = \"postgres://db/tb\"\naddr = \"0.0.0.0:9000\"\nindex_refresh_seconds = 5\n",
        )
        .unwrap();
        let mut a = args();
        a.addr = Some("127.0.0.1:7000".into());
        let c = resolve(&a, file).unwrap();
        assert_eq!(c.database_url, "postgres://db/tb");
        assert_eq!(c.addr, "127.0.0.1:7000");
        assert_eq!(c.index_refresh, Duration::from_secs(5));
    }

    #[test]
    fn a_missing_database_url_is_refused_and_defaults_fill_the_rest() {
        assert!(resolve(&args(), FileConfig::default()).is_err());
        let mut a = args();
        a.database_url = Some("sqlite:x.db".into());
        let c = resolve(&a, FileConfig::default()).unwrap();
        assert_eq!(c.addr, DEFAULT_ADDR);
        assert_eq!(
            c.index_refresh,
            Duration::from_secs(DEFAULT_REFRESH_SECONDS)
        );
    }

    #[test]
    fn unknown_keys_and_a_zero_period_are_refused() {
        assert!(toml::from_str::<FileConfig>("databse_url = \"x\"").is_err());
        let mut a = args();
        a.database_url = Some("sqlite:x.db".into());
        a.index_refresh_seconds = Some(0);
        assert!(resolve(&a, FileConfig::default()).is_err());
    }
}
