//! The two streams of `tongban gen`: subjects, then cases (with their
//! ratings and appeals). A generator thread makes each batch while the
//! async side writes the one before; the channel holds at most two
//! batches, so memory stays bounded whatever the sizes.

use std::time::Instant;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;
use tongban_domain::catalog::Catalog;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::subject::Subject;
use tongban_store::{AppealInsert, AppealStore, BulkStore, CaseBatch, Db, NewAppeal};

use super::rng::Rng;
use super::walk::{self, Walker};
use super::{GenArgs, extras, people};
use crate::failure::Failure;

/// Every how many cases one appeal is filed.
const APPEAL_EVERY: u64 = 50;

/// Percent of delivered cases their applicant rates.
const RATED_PERCENT: u64 = 40;

/// What was written, and how long the cases took.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Subject rows.
    pub subjects: u64,
    /// Case rows.
    pub cases: u64,
    /// Case audit records.
    pub audit: u64,
    /// Case outbox rows.
    pub outbox: u64,
    /// Ratings.
    pub reviews: u64,
    /// Appeals stored.
    pub appeals: u64,
    /// Seconds spent on the case stream.
    pub case_seconds: f64,
}

impl Totals {
    /// Every row written.
    pub fn rows(&self) -> u64 {
        self.subjects + self.cases + self.audit + self.outbox + self.reviews + self.appeals
    }
}

/// Streams subjects, then cases, into `db`.
pub async fn generate(db: &Db, catalog: Catalog, args: &GenArgs) -> Result<Totals, Failure> {
    let mut totals = Totals::default();
    subjects(db, args, &mut totals).await?;
    cases(db, catalog, args, &mut totals).await?;
    Ok(totals)
}

/// When generated subjects were registered: fixed, for determinism.
fn registered() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_574_400, 0).unwrap_or_default()
}

async fn subjects(db: &Db, args: &GenArgs, totals: &mut Totals) -> Result<(), Failure> {
    let (tx, mut rx) = mpsc::channel::<Result<Vec<Subject>, Failure>>(2);
    let (seed, n, batch) = (args.seed, args.subjects, args.batch as u64);
    let producer = std::thread::spawn(move || {
        let mut start = 0;
        while start < n {
            let end = (start + batch).min(n);
            let made: Result<Vec<Subject>, Failure> = (start..end)
                .map(|i| people::subject(seed, i).map_err(|e| Failure::new(e.message, e.code)))
                .collect();
            let failed = made.is_err();
            if tx.blocking_send(made).is_err() || failed {
                return;
            }
            start = end;
        }
    });
    let mut progress = Progress::new("主体 subjects", n);
    while let Some(made) = rx.recv().await {
        let made = made?;
        totals.subjects += db
            .write_subjects(&made, registered())
            .await
            .map_err(|e| Failure::new(format!("写入主体档案失败：{e}"), e.code()))?;
        progress.show(totals.subjects);
    }
    join(producer)?;
    progress.done(totals.subjects);
    Ok(())
}

/// One batch of cases (with ratings) and the appeals about them.
type Made = Result<(CaseBatch, Vec<NewAppeal>), Failure>;

async fn cases(
    db: &Db,
    catalog: Catalog,
    args: &GenArgs,
    totals: &mut Totals,
) -> Result<(), Failure> {
    let started = Instant::now();
    let (tx, mut rx) = mpsc::channel::<Made>(2);
    let (seed, n, batch, subjects) = (args.seed, args.cases, args.batch as u64, args.subjects);
    let producer = std::thread::spawn(move || {
        let mut walker = match Walker::new(&catalog, seed, subjects) {
            Ok(w) => w,
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        };
        let mut start = 0;
        while start < n {
            let end = (start + batch).min(n);
            let made = make_batch(&mut walker, seed, start..end);
            let failed = made.is_err();
            if tx.blocking_send(made).is_err() || failed {
                return;
            }
            start = end;
        }
    });
    let mut progress = Progress::new("办件 cases", n);
    while let Some(made) = rx.recv().await {
        let (batch, appeals) = made?;
        let written = db
            .write_batch(batch)
            .await
            .map_err(|e| Failure::new(format!("写入办件失败：{e}"), e.code()))?;
        totals.cases += written.cases;
        totals.audit += written.audit;
        totals.outbox += written.outbox;
        totals.reviews += written.reviews;
        let stored = db
            .create_appeals(appeals)
            .await
            .map_err(|e| Failure::new(format!("写入诉求失败：{e}"), e.code()))?;
        let numbers: Vec<String> = stored
            .into_iter()
            .filter_map(|a| match a {
                AppealInsert::Inserted(no) => Some(no.as_str().to_string()),
                AppealInsert::Duplicate(_) => None,
            })
            .collect();
        // Filed and dispatched long ago: history, not news for the
        // dispatcher, and counted by the rebuild at the end.
        db.settle_appeal_events(&numbers)
            .await
            .map_err(|e| Failure::new(format!("写入诉求失败：{e}"), e.code()))?;
        totals.appeals += numbers.len() as u64;
        progress.show(totals.cases);
    }
    join(producer)?;
    totals.case_seconds = started.elapsed().as_secs_f64();
    progress.done(totals.cases);
    Ok(())
}

/// Cases `range` with their ratings and appeals, encoded for the store.
fn make_batch(walker: &mut Walker<'_>, seed: u64, range: std::ops::Range<u64>) -> Made {
    let calendar = WorkCalendar::national()
        .map_err(|e| Failure::new(format!("工作日历无法读取：{e}"), "work calendar"))?;
    let mut cases = Vec::with_capacity((range.end - range.start) as usize);
    let mut ratings = Vec::new();
    let mut appeals = Vec::new();
    for n in range {
        let w = walker.case(n)?;
        let mut rng = Rng::new(seed ^ n, 0x0E7A);
        if walk::rateable(w.case.case.state()) && rng.chance(RATED_PERCENT) {
            ratings.push(extras::rating(n, &w.case.case, w.last, &mut rng));
        }
        if n % APPEAL_EVERY == APPEAL_EVERY / 2 {
            let subject = w
                .subject
                .map(|s| people::subject(seed, s))
                .transpose()
                .map_err(|e| Failure::new(e.message, e.code))?;
            appeals.push(extras::appeal(
                &w.case.case,
                subject.as_ref(),
                w.case.phone.clone(),
                w.last,
                &mut rng,
                &calendar,
            )?);
        }
        cases.push(w.case);
    }
    let batch = CaseBatch::prepare(cases, &ratings)
        .map_err(|e| Failure::new(format!("办件无法编码：{e}"), e.code()))?;
    Ok((batch, appeals))
}

/// Waits for a generator thread.
fn join(handle: std::thread::JoinHandle<()>) -> Result<(), Failure> {
    handle
        .join()
        .map_err(|_| Failure::new("数据生成线程意外退出", "the generator thread panicked"))
}

/// Progress lines: at most one every two seconds, with rows/s.
pub(super) struct Progress {
    what: &'static str,
    total: u64,
    started: Instant,
    shown: Instant,
}

impl Progress {
    pub(super) fn new(what: &'static str, total: u64) -> Progress {
        let now = Instant::now();
        Progress {
            what,
            total,
            started: now,
            shown: now,
        }
    }

    pub(super) fn show(&mut self, done: u64) {
        if self.shown.elapsed().as_secs_f64() >= 2.0 {
            self.shown = Instant::now();
            self.line(done);
        }
    }

    pub(super) fn done(&self, done: u64) {
        self.line(done);
    }

    fn line(&self, done: u64) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-9);
        let percent = if self.total == 0 {
            100.0
        } else {
            done as f64 * 100.0 / self.total as f64
        };
        println!(
            "{} {done}/{} ({percent:.0}%) {:.0} 行/s rows/s, {seconds:.1} s",
            self.what,
            self.total,
            done as f64 / seconds
        );
    }
}
