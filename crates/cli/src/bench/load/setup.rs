//! The bench environment: a migrated database (a temporary SQLite file
//! unless a URL is given) holding the bench catalog and the demo accounts,
//! the platform over it, and signed-in applicants and staff.

use std::sync::{Arc, Mutex};

use chrono::Utc;
use tempfile::TempDir;
use tongban_domain::ident::Uscc;
use tongban_domain::subject::{Enterprise, Profile, Subject, SubjectId};
use tongban_service::{
    NewSession, Platform, PlatformConfig, ServiceError, SmsGateway, SystemClock, UploadLimits,
};
use tongban_store::{Backend, Db, SubjectStore};

use super::catalog;
use crate::failure::Failure;

/// The demo staff password (the demo accounts are seeded with it).
pub(super) const STAFF_PASSWORD: &str = "Tongban#2026";
/// The enterprise that holds the licences the decide scenario issues.
const HOLDER_USCC17: &str = "92350825MA2Y00001";
/// The phone of the licence holder's account.
const HOLDER_PHONE: &str = "13700000000";

/// Keeps the one-time codes sent, so that bench applicants can sign in.
#[derive(Default)]
pub struct KeptCodes(Mutex<Vec<(String, String)>>);

impl KeptCodes {
    /// The last code sent to `phone`.
    fn last(&self, phone: &str) -> Option<String> {
        let sent = self.0.lock().ok()?;
        sent.iter()
            .rev()
            .find(|(p, _)| p == phone)
            .map(|(_, c)| c.clone())
    }
}

impl SmsGateway for KeptCodes {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        if let Ok(mut sent) = self.0.lock() {
            sent.push((phone.to_string(), code.to_string()));
        }
        Ok(())
    }
}

/// The platform under test and what it runs on.
pub struct Bench {
    /// Every use case.
    pub platform: Platform,
    /// The database URL.
    pub url: String,
    /// `sqlite (temporary file)`, `sqlite`, `postgres`.
    pub database: String,
    store: Arc<Db>,
    codes: Arc<KeptCodes>,
    _dir: TempDir,
}

impl Bench {
    /// Opens and migrates the database, imports the bench catalog when it
    /// lacks the 12-item bundle, and seeds the demo accounts.
    pub async fn open(url: Option<&str>) -> Result<Bench, Failure> {
        let dir = tempfile::tempdir().map_err(|e| {
            Failure::new(
                format!("无法创建临时目录：{e}"),
                "cannot create a temporary directory",
            )
        })?;
        let (url, database) = match url {
            Some(u) => (u.to_string(), String::new()),
            None => (
                format!("sqlite:{}", dir.path().join("bench.db").display()),
                "sqlite (temporary file)".to_string(),
            ),
        };
        let store = Arc::new(crate::db::open(&url).await?);
        let database = match (database.is_empty(), store.backend()) {
            (false, _) => database,
            (true, Backend::Sqlite) => "sqlite".to_string(),
            (true, Backend::Postgres) => "postgres".to_string(),
        };
        let codes = Arc::new(KeptCodes::default());
        let platform = Platform::open(
            store.clone(),
            PlatformConfig {
                uploads_dir: dir.path().join("uploads"),
                upload_limits: UploadLimits::default(),
                sms: codes.clone(),
                clock: Arc::new(SystemClock),
                licence_key: PlatformConfig::demo_licence_key(),
            },
        )
        .await?;
        let stored = platform.catalog.load_catalog().await?;
        if !stored
            .bundles
            .iter()
            .any(|b| b.code.as_str() == catalog::TWELVE)
        {
            platform.catalog.import(catalog::bench_catalog()?).await?;
        }
        platform.catalog.refresh_index_if_stale().await?;
        platform.accounts.seed_demo().await?;
        Ok(Bench {
            platform,
            url,
            database,
            store,
            codes,
            _dir: dir,
        })
    }

    /// What the catalog holds, for the report.
    pub async fn dataset(&self) -> Result<String, Failure> {
        let c = self.platform.catalog.load_catalog().await?;
        Ok(format!(
            "bench catalog: {} items, {} bundles (demo + generated 12-item bundle)",
            c.items.len(),
            c.bundles.len()
        ))
    }

    /// `n` applicants signed in with one-time codes (phones 1390000xxxx).
    pub async fn applicants(&self, n: u64) -> Result<Vec<NewSession>, Failure> {
        let mut sessions = Vec::new();
        for k in 0..n.max(1) {
            sessions.push(self.applicant(&format!("1390000{:04}", k % 10_000)).await?);
        }
        Ok(sessions)
    }

    /// One applicant signed in by phone.
    async fn applicant(&self, phone: &str) -> Result<NewSession, Failure> {
        let accounts = &self.platform.accounts;
        accounts.request_code(phone).await?;
        let code = self
            .codes
            .last(phone)
            .ok_or_else(|| Failure::new("压测未收到登录验证码", "no login code was sent"))?;
        Ok(accounts.login_applicant(phone, &code).await?)
    }

    /// A demo staff account signed in (`liancheng.clerk` …).
    pub async fn staff(&self, username: &str) -> Result<NewSession, Failure> {
        Ok(self
            .platform
            .accounts
            .login_staff(username, STAFF_PASSWORD)
            .await?)
    }

    /// The applicant account linked to an enterprise subject, so that a
    /// grant of the food-business licence issues a licence to it.
    pub async fn licence_holder(&self) -> Result<NewSession, Failure> {
        let session = self.applicant(HOLDER_PHONE).await?;
        let store = self.store();
        let id = SubjectId::new(format!("subject-{HOLDER_USCC17}"));
        let unavailable = |_| Failure::new("无法写入压测主体", "cannot store the bench subject");
        if store.subject(&id).await.map_err(unavailable)?.is_none() {
            let uscc = Uscc::complete(HOLDER_USCC17)
                .map_err(|_| Failure::new("压测信用代码无效", "invalid bench USCC"))?;
            let subject = Subject {
                id: id.clone(),
                profile: Profile::Enterprise(Enterprise {
                    name: "连城县压测流动餐饮服务部".into(),
                    uscc,
                    legal_representative: None,
                    address: None,
                    phone: None,
                }),
            };
            store
                .insert_subject(&subject, Utc::now())
                .await
                .map_err(unavailable)?;
            store
                .link_applicant(&session.actor.id, &id, Utc::now())
                .await
                .map_err(unavailable)?;
        }
        Ok(session)
    }

    /// The store behind the platform.
    fn store(&self) -> Arc<Db> {
        Arc::clone(&self.store)
    }
}
