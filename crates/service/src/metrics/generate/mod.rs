//! A dataset with known answers (must-show 1): [`generate`] writes cases,
//! their warnings, drafts, ratings and appeals through the stores, and
//! counts from its own generated facts — never from the rollups — the
//! figures every dashboard table must then show ([`Expected`]).
//!
//! What it covers, deterministically by seed: single-item and bundle
//! cases (the catalog's bundles whose members are all in the catalog
//! given) on every channel; immediate items; grants and refusals decided
//! on time and late against the statutory and promised limits; stopped
//! clocks (挂起) excluded from handling days; yellow and red warnings
//! raised through the event store, resolved when their member (or case)
//! finishes, or still open; window pickup on the intake day or later;
//! online applications with a frozen submission record (prefilled
//! fields, exempted materials, e-licence uses); realised savings of done
//! bundle cases; good and bad ratings, a 差评 rectified and superseded by
//! a re-rating; appeals closed on time, late, after a reopening, and
//! still open. Items whose limits are natural days are left out (their
//! due dates are calendar-day sums the generator does not repeat).
//!
//! Call `MetricsService::refresh` after it: the outbox events it writes
//! are what the rollup job counts.

mod appeals;
mod cases;
mod expected;
mod plan;
mod ratings;
mod record;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use tongban_domain::bundle::Bundle;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::RegionCode;
use tongban_store::{
    CaseStore, Db, DraftStore, EventStore, NewCase, NewOutboxEvent, NewWarning, Raised,
};

use super::local_date;
use crate::cases::Application;
use crate::error::{Refusal, ServiceError};
use cases::{Built, Subject};
use plan::limit_days;

pub use expected::Expected;

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The first submission day.
    pub from: NaiveDate,
    /// The last day anything was counted on.
    pub to: NaiveDate,
    /// The figures the dashboard must show.
    pub expected: Expected,
}

/// A small deterministic generator (splitmix64).
pub(super) struct Rng(u64);

impl Rng {
    /// A number in `0..below` (0 when `below` is 0).
    pub(super) fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % below.max(1)
    }
}

/// Writes `n` cases of `catalog`'s items and bundles submitted on working
/// days in the 60 days from `start` (one in four a bundle case, when the
/// catalog has a usable bundle), a rating for about half the done cases,
/// and `n / 10` appeals in the items' regions; returns the expected
/// figures. Everything is written through the stores of `db`.
pub async fn generate(
    db: &Db,
    catalog: &Catalog,
    seed: u64,
    n: usize,
    start: NaiveDate,
) -> Result<Generated, ServiceError> {
    let calendar = WorkCalendar::national()
        .map_err(|e| ServiceError::Unavailable(format!("工作日历无法读取：{e}")))?;
    let items: Vec<&ServiceItem> = catalog
        .items
        .iter()
        .filter(|i| {
            limit_days(i.promised_limit).is_some() && limit_days(i.statutory_limit).is_some()
        })
        .collect();
    if items.is_empty() {
        return Err(ServiceError::refused(
            Refusal::Invalid,
            "no_items_to_generate",
            "目录中没有以工作日或工作小时计时限的事项，无法生成统计数据",
        ));
    }
    let bundles: Vec<&Bundle> = catalog
        .bundles
        .iter()
        .filter(|b| {
            b.members
                .iter()
                .all(|m| items.iter().any(|i| i.code == m.item))
        })
        .collect();
    let regions: Vec<RegionCode> = catalog.regions.iter().map(|r| r.code.clone()).collect();
    let mut rng = Rng(seed);
    let mut expected = Expected::new(&catalog.items);
    let mut last = start;
    for i in 0..n {
        let subject = if !bundles.is_empty() && rng.next(4) == 0 {
            Subject::Bundle(bundles[rng.next(bundles.len() as u64) as usize])
        } else {
            Subject::Item(items[rng.next(items.len() as u64) as usize])
        };
        let owner = format!("applicant:gen-{seed:x}-{i}");
        let built = cases::build(
            &mut rng,
            &calendar,
            &items,
            &regions,
            subject,
            start,
            &mut expected,
        )?;
        last = last.max(built.done_on.unwrap_or(built.day));
        write_case(
            db,
            &mut rng,
            catalog,
            &calendar,
            built,
            &owner,
            &mut expected,
        )
        .await?;
    }
    for _ in 0..n / 10 {
        let item = items[rng.next(items.len() as u64) as usize];
        appeals::appeal(
            db,
            &mut rng,
            &calendar,
            &item.region,
            &item.department,
            start,
            &mut expected,
        )
        .await?;
    }
    expected.cases = n;
    Ok(Generated {
        from: start,
        to: expected.last_day().unwrap_or(last).max(last),
        expected,
    })
}

/// Stores one built case, its draft (online), its warnings and its rating.
async fn write_case(
    db: &Db,
    rng: &mut Rng,
    catalog: &Catalog,
    calendar: &WorkCalendar,
    built: Built<'_>,
    owner: &str,
    expected: &mut Expected,
) -> Result<(), ServiceError> {
    let created = db
        .create_case(NewCase {
            case: built.case.clone(),
            day: built.day,
            owner: Some(owner.to_string()),
            phone: None,
            at: utc(built.submitted_at),
            audit: Vec::new(),
            outbox: vec![NewOutboxEvent {
                event: "case.generated".into(),
                payload: serde_json::json!({ "generated": true }),
            }],
            idempotency: None,
        })
        .await
        .map_err(ServiceError::store)?;
    let case_no = created.case_no().clone();
    let mut case = built.case;
    case.case_no = case_no.clone();
    if case.channel == tongban_domain::case::IntakeChannel::Online {
        let application = match &case.bundle {
            Some(b) => Application::Bundle {
                bundle: b.to_string(),
                answers: Default::default(),
            },
            None => Application::Item {
                item: built
                    .items
                    .first()
                    .map(|i| i.code.to_string())
                    .unwrap_or_default(),
                situations: built
                    .items
                    .first()
                    .map(|i| built.selection.situations_of(&i.code).to_vec())
                    .unwrap_or_default(),
            },
        };
        let at = utc(built.submitted_at);
        let (body, reuse) = record::record(
            rng,
            catalog,
            &application,
            &built.selection,
            &built.items,
            at,
        );
        let id = format!("{:016x}{:016x}", rng.next(u64::MAX), rng.next(u64::MAX));
        let draft = record::draft(id, owner, &application, body, case_no.clone(), at);
        db.insert_draft(&draft).await.map_err(ServiceError::store)?;
        expected.add(&built.own, |c| {
            c.prefilled += reuse.prefilled;
            c.exempted += reuse.exempted;
            c.licence_uses += reuse.licence_uses;
        });
    }
    for raise in &built.warnings {
        raise_warning(db, &case_no, &raise.warning, raise.at).await?;
    }
    if let Some(done) = built.done_on
        && rng.next(2) == 0
    {
        ratings::rate(db, rng, calendar, &case, owner, done, expected).await?;
    }
    Ok(())
}

/// Raises one warning through the event store, as the warning scan does
/// (under the case's current version).
async fn raise_warning(
    db: &Db,
    case_no: &tongban_domain::case::CaseNo,
    warning: &NewWarning,
    local: NaiveDateTime,
) -> Result<(), ServiceError> {
    let stored = db
        .load_case(case_no)
        .await
        .map_err(ServiceError::store)?
        .ok_or(ServiceError::CaseNotFound)?;
    let at: DateTime<Utc> = utc(local);
    debug_assert_eq!(local_date(at), local.date());
    match db
        .raise_warnings(case_no, stored.version, std::slice::from_ref(warning), at)
        .await
        .map_err(ServiceError::store)?
    {
        Raised::Done(raised) if raised.len() == 1 => Ok(()),
        other => Err(ServiceError::Unavailable(format!(
            "生成数据的预警未能写入：{other:?}"
        ))),
    }
}

/// Beijing local time as UTC.
pub(super) fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    (local - chrono::Duration::hours(8)).and_utc()
}

pub(super) fn at(day: NaiveDate, h: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default())
}

pub(super) fn unavailable(what: &str, e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Unavailable(format!("生成{what}失败：{e}"))
}
