//! A migrated database holding the demo catalog, on SQLite or on a fresh
//! PostgreSQL database, with a metrics service over it.

#![allow(dead_code)]

use tongban_domain::catalog::Catalog;
use tongban_domain::ident::RegionCode;
use tongban_service::metrics::MetricsService;
use tongban_store::{CatalogStore, Db};
use tongban_testkit::{PgDatabase, TempSqlite};

/// The database and what keeps it alive.
pub struct Backend {
    pub db: Db,
    pub metrics: MetricsService,
    _keep: Keep,
}

enum Keep {
    Sqlite(TempSqlite),
    Postgres(PgDatabase),
}

impl Backend {
    /// A new SQLite file.
    pub async fn sqlite() -> Backend {
        let file = tongban_testkit::temp_sqlite().unwrap();
        Backend::open(file.url(), Keep::Sqlite(file)).await
    }

    /// A new PostgreSQL database.
    pub async fn postgres() -> Backend {
        let database = tongban_testkit::fresh_postgres().await.unwrap();
        Backend::open(database.url().to_string(), Keep::Postgres(database)).await
    }

    async fn open(url: String, keep: Keep) -> Backend {
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let parsed =
            tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
        db.import_catalog(parsed.catalog).await.unwrap();
        Backend {
            metrics: crate::support::metrics_over(db.clone()),
            db,
            _keep: keep,
        }
    }

    /// The stored catalog with only the items inside `region`.
    pub async fn items_within(&self, region: &str) -> Catalog {
        let mut catalog = self.db.load_catalog().await.unwrap();
        let region = RegionCode::parse(region).unwrap();
        catalog.items.retain(|i| i.region.is_within(&region));
        catalog
    }
}
