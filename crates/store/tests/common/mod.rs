//! Test fixtures: small valid catalogs, and a migrated [`Db`] on either
//! backend with its URL (for checks that need to reach behind the store).

#![allow(dead_code)]

use serde_json::json;
use tongban_domain::ident::Uscc;
use tongban_domain::{Bundle, Catalog, ServiceItem};
use tongban_store::Db;
use tongban_testkit::{PgDatabase, TempSqlite};

/// A migrated store and what keeps its database alive.
pub struct Fixture {
    pub db: Db,
    /// The URL the store was opened with.
    pub url: String,
    _keep: Keep,
}

enum Keep {
    Sqlite(TempSqlite),
    Postgres(PgDatabase),
}

impl Fixture {
    /// A store on a new SQLite file.
    pub async fn sqlite() -> Fixture {
        let file = tongban_testkit::temp_sqlite().unwrap();
        Fixture::open(file.url(), Keep::Sqlite(file)).await
    }

    /// A store on a new PostgreSQL database.
    pub async fn postgres() -> Fixture {
        let database = tongban_testkit::fresh_postgres().await.unwrap();
        Fixture::open(database.url().to_string(), Keep::Postgres(database)).await
    }

    async fn open(url: String, keep: Keep) -> Fixture {
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        Fixture {
            db,
            url,
            _keep: keep,
        }
    }

    /// Runs one statement directly against the database, bypassing the
    /// store (to plant corrupt rows and the like).
    pub async fn execute_raw(&self, sql: &'static str, binds: &[&str]) -> u64 {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.url).await.unwrap();
        let mut query = sqlx::query(sql);
        for b in binds {
            query = query.bind(b.to_string());
        }
        let done = query.execute(&pool).await.unwrap();
        pool.close().await;
        done.rows_affected()
    }
}

/// A valid 统一社会信用代码 numbered `n`.
pub fn uscc(n: u32) -> String {
    Uscc::complete(&format!("11350825MB{n:07}"))
        .unwrap()
        .to_string()
}

/// 漳平市-like county with two departments, data elements, materials, three
/// items (one a 子项 of another) and one 一件事 with a guidance questionnaire.
pub fn sample_catalog() -> Catalog {
    let catalog: Catalog = serde_json::from_value(json!({
        "regions": [
            { "code": "350000", "name": "福建省" },
            { "code": "350800", "name": "龙岩市", "parent": "350000" },
            { "code": "350825", "name": "连城县", "parent": "350800" }
        ],
        "departments": [
            { "code": "350825-scjg", "name": "连城县市场监督管理局", "uscc": uscc(1), "region": "350825" },
            { "code": "350825-wsjk", "name": "连城县卫生健康局", "uscc": uscc(2), "region": "350825" }
        ],
        "data_elements": [
            { "code": "applicant-name", "name": "申请人姓名" },
            { "code": "business-scope", "name": "经营范围", "kind": "choice",
              "dictionary": ["餐饮服务", "食品销售"] }
        ],
        "materials": [
            { "code": "id-card", "name": "居民身份证", "source": "government" },
            { "code": "floor-plan", "name": "经营场所平面图", "source": "self_prepared" }
        ],
        "items": [
            item_json("food-licence", "食品经营许可", "350825-scjg"),
            item_json("health-permit", "公共场所卫生许可", "350825-wsjk"),
            {
                "code": "food-licence-new", "name": "食品经营许可（新办）", "kind": "licensing",
                "department": "350825-scjg", "region": "350825", "level": "county",
                "parent": "food-licence", "handling": "promised",
                "statutory_limit": { "working_days": 20 }, "promised_limit": { "hours": 4 },
                "fees": [{ "name": "工本费", "amount_fen": 0 }], "visits": 0,
                "online_depth": "fully_online", "channels": ["online", "mobile"],
                "tongban_scope": "cross_province", "tongban_partners": ["350800"],
                "reform_mode": "commitment", "commitment_allowed": true, "gaps_allowed": true,
                "steps": [{ "name": "受理", "limit": { "hours": 2 } }],
                "result": { "licence": { "licence_type": "food-business", "name": "食品经营许可证" } },
                "situations": [
                    { "code": "shop", "name": "有实体门店", "default": true },
                    { "code": "online-only", "name": "仅网络经营" }
                ],
                "materials": [
                    { "material": "id-card", "form": "electronic",
                      "exemption": { "licence": { "licence_type": "resident-id" } } },
                    { "material": "floor-plan", "form": "copy", "requirement": "gap_allowed",
                      "situations": ["shop"] }
                ],
                "fields": [
                    { "label": "经营者姓名", "element": "applicant-name" },
                    { "label": "经营项目", "element": "business-scope", "required": false }
                ],
                "location": "连城县行政服务中心二楼", "illustrative": true
            }
        ],
        "bundles": [{
            "code": "open-restaurant", "name": "开餐馆一件事", "theme": "enterprise_stage",
            "theme_name": "企业开办", "region": "350825", "lead_department": "350825-scjg",
            "members": [
                { "item": "food-licence-new" },
                { "item": "health-permit", "after": ["food-licence-new"], "optional": true }
            ],
            "promised_limit": { "working_days": 3 },
            "steps": [{ "name": "联办审批", "limit": { "working_days": 3 } }],
            "visits": 1,
            "guidance": {
                "questions": [{ "code": "has_seats", "text": "是否设堂食座位？", "kind": "yes_no" }],
                "rules": [{ "when": "has_seats", "include": ["health-permit"] }]
            }
        }],
        "licence_types": [{
            "code": "food-business", "name": "食品经营许可证", "issuer": "350825-scjg",
            "holder_kind": "enterprise", "number_tag": "SPJY",
            "fields": [{ "element": "business-scope", "label": "经营项目", "public": true }],
            "validity": { "years": 5 }, "issued_by": ["food-licence-new"]
        }],
        "proofs": [{
            "code": "health-proof", "name": "健康证明", "issuer": "350825-wsjk",
            "deadline": { "working_days": 3 }, "scope": "食品从业", "material": "id-card",
            "holder_kind": "person", "number_tag": "JKZM", "validity": { "years": 1 }
        }]
    }))
    .unwrap();
    catalog
}

/// The JSON of a minimal valid county item of `department`.
fn item_json(code: &str, name: &str, department: &str) -> serde_json::Value {
    json!({
        "code": code, "name": name, "kind": "licensing", "department": department,
        "region": "350825", "level": "county", "handling": "promised",
        "statutory_limit": { "working_days": 20 }, "promised_limit": { "working_days": 5 },
        "visits": 1, "online_depth": "pre_review",
        "result": { "document": { "name": "准予许可决定书" } }
    })
}

/// A minimal valid item that fits [`sample_catalog`].
pub fn item(code: &str, name: &str, department: &str) -> ServiceItem {
    serde_json::from_value(item_json(code, name, department)).unwrap()
}

/// A catalog holding only the given items.
pub fn items_only(items: Vec<ServiceItem>) -> Catalog {
    Catalog {
        items,
        ..Catalog::default()
    }
}

/// A bundle of the sample county; `members` are `(item, after)` pairs.
pub fn bundle(code: &str, members: &[(&str, &[&str])]) -> Bundle {
    let members: Vec<serde_json::Value> = members
        .iter()
        .map(|(item, after)| json!({ "item": item, "after": after }))
        .collect();
    serde_json::from_value(json!({
        "code": code, "name": "测试一件事", "theme": "life_event", "region": "350825",
        "lead_department": "350825-scjg", "members": members,
        "promised_limit": { "working_days": 5 },
        "steps": [{ "name": "申请", "limit": { "working_days": 1 } }], "visits": 1
    }))
    .unwrap()
}
