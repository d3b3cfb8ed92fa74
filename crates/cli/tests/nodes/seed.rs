//! Preparing a database before any node starts: migrations, the demo
//! catalog, the demo staff and applicants signed in with a code. Sessions
//! are rows in the database, so every node (and every restart) honours
//! them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tongban_service::{AccountService, ServiceError, SmsGateway, SystemClock};
use tongban_store::{CatalogStore, Db};

/// The demo staff password.
pub const STAFF_PASSWORD: &str = "Tongban#2026";

/// What a seeded database gives the clients.
pub struct Seeded {
    /// One session cookie (`tb_session=…`) per applicant.
    pub applicants: Vec<String>,
    /// Session cookies of the staff asked for, by username.
    pub staff: BTreeMap<String, String>,
}

/// An SMS gateway that keeps the last code per phone.
#[derive(Default)]
struct KeptCodes(Mutex<BTreeMap<String, String>>);

impl SmsGateway for KeptCodes {
    fn send_code(&self, phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0
            .lock()
            .unwrap()
            .insert(phone.to_string(), code.to_string());
        Ok(())
    }
}

/// The phone of applicant number `i` (fictional numbers).
pub fn applicant_phone(i: usize) -> String {
    format!("1370000{i:04}")
}

/// Migrates the database at `url`, imports the demo catalog, creates the
/// demo accounts, signs `applicants` applicants in (each a new account)
/// and the staff named in `staff`.
pub async fn seed(url: &str, applicants: usize, staff: &[&str]) -> Seeded {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    db.import_catalog(parsed.catalog).await.unwrap();
    let codes = Arc::new(KeptCodes::default());
    let accounts = AccountService::new(Arc::new(db.clone()), codes.clone(), Arc::new(SystemClock));
    accounts.seed_demo().await.unwrap();
    let mut cookies = Vec::with_capacity(applicants);
    for i in 0..applicants {
        let phone = applicant_phone(i);
        accounts.request_code(&phone).await.unwrap();
        let code = codes.0.lock().unwrap()[&phone].clone();
        let session = accounts.login_applicant(&phone, &code).await.unwrap();
        cookies.push(format!("tb_session={}", session.token));
    }
    let mut signed_in = BTreeMap::new();
    for username in staff {
        let session = accounts
            .login_staff(username, STAFF_PASSWORD)
            .await
            .unwrap();
        signed_in.insert(
            (*username).to_string(),
            format!("tb_session={}", session.token),
        );
    }
    db.close().await;
    Seeded {
        applicants: cookies,
        staff: signed_in,
    }
}
