//! The CLI's one error type: a one-line Chinese + English message, optional
//! detail lines (located import errors) and the exit code.

use std::fmt;

use tongban_catalog_io::ImportError;
use tongban_service::ServiceError;
use tongban_store::StoreError;

/// Exit code for a catalog that failed to parse or validate.
pub const EXIT_INVALID_CATALOG: u8 = 2;

/// Why a command failed, for the person at the terminal.
#[derive(Debug)]
pub struct Failure {
    /// Chinese message naming the input and the fix.
    pub zh: String,
    /// Short English message.
    pub en: String,
    /// Lines printed before the message (one per located error).
    pub details: Vec<String>,
    /// Process exit code.
    pub exit: u8,
}

impl Failure {
    /// A failure with exit code 1.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure {
            zh: zh.into(),
            en: en.into(),
            details: Vec::new(),
            exit: 1,
        }
    }

    /// An invalid catalog: every located error, exit code 2.
    pub fn invalid_catalog(errors: &[ImportError]) -> Failure {
        Failure {
            zh: format!("目录有 {} 个问题，未导入任何内容", errors.len()),
            en: format!(
                "catalog rejected with {} problem(s); nothing was imported",
                errors.len()
            ),
            details: errors.iter().map(ToString::to_string).collect(),
            exit: EXIT_INVALID_CATALOG,
        }
    }

    /// A store error met while opening or migrating `url`.
    pub fn store(url: &str, err: &StoreError) -> Failure {
        let shown = redact(url);
        match err {
            StoreError::UnsupportedUrl(_) => Failure::new(
                format!("不支持的数据库地址“{shown}”：应以 sqlite: 或 postgres: 开头"),
                "unsupported database URL (use sqlite: or postgres:)",
            ),
            StoreError::Migrate(e) => Failure::new(
                format!("数据库“{shown}”迁移失败：{e}"),
                "database migration failed",
            ),
            other => Failure::new(
                format!("无法打开数据库“{shown}”：{other}"),
                "cannot open the database",
            ),
        }
    }
}

impl From<ServiceError> for Failure {
    fn from(err: ServiceError) -> Failure {
        if let ServiceError::InvalidCatalog(errors) = &err {
            return Failure::invalid_catalog(errors);
        }
        let en = match err.code() {
            "store_unavailable" => "the database is unavailable (see the log above)",
            "store_corrupt" => "stored catalog rows cannot be decoded",
            "export_failed" => "export failed",
            "search_unavailable" => "the search index failed",
            "catalog_inconsistent" => "the stored catalog is inconsistent",
            _ => "request failed",
        };
        Failure::new(err.to_string(), format!("{en} [{}]", err.code()))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "错误：{}（error: {}）", self.zh, self.en)
    }
}

/// Hides the password of a `scheme://user:password@host/...` URL.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}{path}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(
            redact("postgres://tb:s3cret@db:5432/tongban"),
            "postgres://tb:***@db:5432/tongban"
        );
        assert_eq!(
            redact("sqlite:./tongban-data/tongban.db"),
            "sqlite:./tongban-data/tongban.db"
        );
        assert_eq!(redact("postgres://db/tongban"), "postgres://db/tongban");
    }

    #[test]
    fn the_message_is_one_line_in_chinese_and_english() {
        let f = Failure::new("找不到文件“x”", "file not found");
        let text = f.to_string();
        assert_eq!(text, "错误：找不到文件“x”（error: file not found）");
        assert!(!text.contains('\n'));
    }
}
