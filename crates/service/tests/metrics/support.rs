//! A metrics service over the case tests' harness database.

#![allow(dead_code)]

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::ident::RegionCode;
use tongban_service::metrics::{MetricsService, Slice};
use tongban_service::{AccountService, CatalogService, LogSms, SystemClock};

use crate::harness::Env;

pub fn metrics(env: &Env) -> MetricsService {
    metrics_over(env.db.clone())
}

/// A metrics service over `db`.
pub fn metrics_over(db: tongban_store::Db) -> MetricsService {
    let db = Arc::new(db);
    let accounts = Arc::new(AccountService::new(
        db.clone(),
        Arc::new(LogSms),
        Arc::new(SystemClock),
    ));
    MetricsService::new(
        db.clone(),
        Arc::new(CatalogService::new(db)),
        accounts,
        Arc::new(SystemClock),
    )
}

pub fn supervisor(region: &str) -> Actor {
    Actor {
        id: format!("staff:sup-{region}"),
        kind: ActorKind::Staff,
        roles: vec![Role::Supervisor],
        region: Some(RegionCode::parse(region).unwrap()),
        department: None,
        token_scopes: None,
    }
}

pub fn period(from: NaiveDate, to: NaiveDate) -> Slice {
    Slice {
        from: Some(from),
        to: Some(to),
        ..Slice::default()
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}
