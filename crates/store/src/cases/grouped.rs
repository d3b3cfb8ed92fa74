//! Creating cases several at once, in one transaction per group, on both
//! backends.
//!
//! On SQLite there is one writer, so the cases created per second are
//! bounded by how long each creation holds the writer connection; most of
//! that time was round trips (each two thread hand-offs between tokio and
//! sqlx's connection worker) and waking the next waiter, not SQLite's own
//! work. On PostgreSQL each transaction costs the server a snapshot, a
//! commit and its WAL flush, and a round trip per statement. So creations
//! queue here ([`Creations`]). Whoever finds fewer rounds in progress
//! than the store allows ([`rounds_allowed`]) starts one, in its own task;
//! a round writes every queued creation (up to [`GROUP`]) in one
//! transaction, then takes what queued meanwhile, until the queue is
//! empty. Under load a round holds many creations; a lone one is written
//! alone. SQLite allows one round at a time (it has one writer);
//! PostgreSQL a few, so that one group is built and sent while another
//! waits for its commit to reach the disk. The queue holds only creations whose requests are
//! waiting for them, so the server's bound on requests in flight bounds it.
//!
//! - **SQLite** sends a group as one multi-statement query, `BEGIN
//!   IMMEDIATE` … `COMMIT`. Numbers stay gapless: the round hands out each
//!   region's next sequences from the last committed one, which it keeps in
//!   memory (read from `case_sequences` on first use) and advances only
//!   after a commit. Another process that created cases meanwhile makes the
//!   new case's number collide with its primary key; the creation then
//!   reads the sequence again and retries once.
//! - **PostgreSQL** sends a group as `BEGIN`, one statement (data-modifying
//!   `WITH` clauses), `COMMIT`, with numbers from the node's blocks
//!   (`super::numbers`), given back when the group fails.
//! - **Idempotency keys** are inserted with their answer; a key claimed
//!   before fails the statement. Two creations under one key never share
//!   a group. (On PostgreSQL two concurrent groups may hold one key: the
//!   later insert waits for the earlier group's commit and then fails its
//!   group, whose creations are then written one by one and find the
//!   answer.)
//! - **Failures** stay with their creation: when a group fails it is rolled
//!   back and its creations are written one by one (on PostgreSQL by
//!   [`super::write::create_alone`], which claims the key first and waits
//!   for a concurrent claim of it).
//!
//! The SQLite transaction is unknown to sqlx, so this module ends it
//! itself: a failed query is followed by `ROLLBACK`, and rounds run in
//! their own task, so a caller that stops waiting (a client hanging up)
//! cannot leave the writer connection inside an open transaction.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Connection, Executor};
use tokio::sync::oneshot;
use tongban_domain::case::CaseNo;

use super::numbers::SequenceBlocks;
use super::records::{Created, IdempotencyKey, NewCase};
use super::write::{KeyWrite, create_alone, earlier_claim, push_new_case, replay, sequence_region};
use crate::accounts::rows::day_text;
use crate::batch::Batch;
use crate::{Db, StoreError};

/// Most creations written by one query.
const GROUP: usize = 64;

/// Most rounds in progress at once on PostgreSQL.
const POSTGRES_ROUNDS: usize = 3;

/// The last committed sequence of a region's day.
const LAST_SEQUENCE: &str = "SELECT last_value FROM case_sequences WHERE region = $1 AND day = $2";

/// Moves a region's day to `$3` (never back).
const ADVANCE_SEQUENCE: &str = "INSERT INTO case_sequences (region, day, last_value) \
     VALUES ($1, $2, $3) ON CONFLICT (region, day) \
     DO UPDATE SET last_value = max(case_sequences.last_value, excluded.last_value)";

/// What SQLite says when `ROLLBACK` finds no transaction (the failure came
/// before `BEGIN` took effect, or SQLite already rolled back).
const NO_TRANSACTION: &str = "no transaction is active";

/// A region's day: the key of a case-number sequence.
type SequenceKey = (String, NaiveDate);

/// One creation waiting for its round.
struct Job {
    new: NewCase,
    reply: oneshot::Sender<Result<Created, StoreError>>,
}

/// The queue of creations, and how many rounds are running.
#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    running: usize,
}

/// The creation queue of one [`Db`]; cheap to share.
#[derive(Default)]
pub(crate) struct Creations {
    queue: Mutex<Queue>,
    /// SQLite: last committed sequence per region's day, as this process
    /// knows it. Only the running round (there is one) touches it.
    last: Mutex<HashMap<SequenceKey, u32>>,
}

/// Stores a new case, or finds the one its idempotency key created.
pub(super) async fn create(db: &Db, new: NewCase) -> Result<Created, StoreError> {
    let Some(creations) = db.creations() else {
        return Err(StoreError::Corrupt("建档队列缺失".into()));
    };
    let (reply, answer) = oneshot::channel();
    let start = {
        let mut queue = lock(&creations.queue);
        queue.jobs.push_back(Job { new, reply });
        let start = queue.running < rounds_allowed(db);
        if start {
            queue.running += 1;
        }
        start
    };
    if start {
        let db = db.clone();
        tokio::spawn(async move { rounds(&db).await });
    }
    answer
        .await
        .map_err(|_| StoreError::Corrupt("办件写入任务异常终止".into()))?
}

/// How many rounds may run at once: one where there is one writer
/// (SQLite), [`POSTGRES_ROUNDS`] on PostgreSQL.
fn rounds_allowed(db: &Db) -> usize {
    if db.case_numbers().is_some() {
        POSTGRES_ROUNDS
    } else {
        1
    }
}

/// Writes rounds until the queue is empty.
async fn rounds(db: &Db) {
    let Some(creations) = db.creations() else {
        return;
    };
    let _unstick = Unstick(creations);
    while let Some(group) = next_group(creations) {
        write_round(db, creations, group).await;
    }
}

/// Should a round ever panic, lets the next creation start a new one
/// (rather than queueing forever behind a round that is gone). One more
/// round than allowed would still be safe: on SQLite each writes only
/// while it holds the one writer connection.
struct Unstick<'a>(&'a Creations);

impl Drop for Unstick<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = lock(&self.0.queue);
            queue.running = queue.running.saturating_sub(1);
        }
    }
}

/// Up to [`GROUP`] queued creations in order, none sharing an idempotency
/// key (a later one under the same key waits for the next round); `None`
/// (and the round ends) when nothing is queued.
fn next_group(creations: &Creations) -> Option<Vec<Job>> {
    let mut queue = lock(&creations.queue);
    if queue.jobs.is_empty() {
        queue.running = queue.running.saturating_sub(1);
        return None;
    }
    let mut group = Vec::new();
    let mut later = VecDeque::new();
    let mut keys = HashSet::new();
    while let Some(job) = queue.jobs.pop_front() {
        if group.len() == GROUP {
            later.push_back(job);
            later.extend(queue.jobs.drain(..));
            break;
        }
        let fresh = match &job.new.idempotency {
            Some(k) => keys.insert((k.scope.clone(), k.key.clone())),
            None => true,
        };
        if fresh {
            group.push(job);
        } else {
            later.push_back(job);
        }
    }
    queue.jobs = later;
    Some(group)
}

/// Writes `group` in one transaction, or each alone when that fails.
async fn write_round(db: &Db, creations: &Creations, group: Vec<Job>) {
    if let Some(blocks) = db.case_numbers() {
        return write_round_postgres(db, blocks, group).await;
    }
    let mut conn = match db.writer().acquire().await {
        Ok(conn) => conn,
        Err(e) => {
            for job in group {
                let _ = job.reply.send(Err(StoreError::Database(copy_error(&e))));
            }
            return;
        }
    };
    if group.len() > 1 {
        let news: Vec<&NewCase> = group.iter().map(|j| &j.new).collect();
        match write_together(&mut conn, creations, &news).await {
            Ok(numbers) => return answer(group, numbers),
            Err(_) => end_failed(&mut conn).await,
        }
    }
    for job in group {
        let created = write_alone(&mut conn, creations, &job.new).await;
        let _ = job.reply.send(created);
    }
}

/// PostgreSQL: the group in one transaction on a pooled connection, or
/// each creation alone in its own.
async fn write_round_postgres(db: &Db, blocks: &SequenceBlocks, group: Vec<Job>) {
    if group.len() > 1 {
        let news: Vec<&NewCase> = group.iter().map(|j| &j.new).collect();
        if let Ok(numbers) = write_together_postgres(db, blocks, &news).await {
            return answer(group, numbers);
        }
    }
    for job in group {
        let created = create_alone(db, blocks, job.new).await;
        let _ = job.reply.send(created);
    }
}

/// Tells each creation of a committed group its number.
fn answer(group: Vec<Job>, numbers: Vec<CaseNo>) {
    for (job, no) in group.into_iter().zip(numbers) {
        let _ = job.reply.send(Ok(Created::New(no)));
    }
}

/// PostgreSQL: one transaction for every case of `news`; their numbers, in
/// order. Numbers of a failed group go back to the node's blocks.
async fn write_together_postgres(
    db: &Db,
    blocks: &SequenceBlocks,
    news: &[&NewCase],
) -> Result<Vec<CaseNo>, StoreError> {
    let mut taken = Vec::with_capacity(news.len());
    let written = async {
        let mut batch = Batch::new();
        let mut numbers = Vec::with_capacity(news.len());
        for new in news {
            let (region, day) = sequence_key(new);
            let seq = blocks.take(&region, day).await?;
            taken.push((region, day, seq));
            numbers.push(push_new_case(&mut batch, new, seq, KeyWrite::Claim)?);
        }
        let mut conn = db.writer().acquire().await?;
        let mut tx = conn.begin().await?;
        batch.execute(&mut tx).await?;
        tx.commit().await?;
        Ok(numbers)
    }
    .await;
    if written.is_err() {
        for (region, day, seq) in &taken {
            blocks.give_back(region, *day, *seq);
        }
    }
    written
}

/// SQLite: one transaction for every case of `news`; their numbers, in
/// order.
async fn write_together(
    conn: &mut AnyConnection,
    creations: &Creations,
    news: &[&NewCase],
) -> Result<Vec<CaseNo>, StoreError> {
    let mut next = HashMap::new();
    for new in news {
        if let Entry::Vacant(slot) = next.entry(sequence_key(new)) {
            let last = last_sequence(conn, creations, slot.key()).await?;
            slot.insert(last);
        }
    }
    let mut batch = Batch::new();
    batch.push("BEGIN IMMEDIATE", Vec::new())?;
    let mut numbers = Vec::with_capacity(news.len());
    for new in news {
        let seq = next.entry(sequence_key(new)).or_default();
        *seq = seq.saturating_add(1);
        numbers.push(push_new_case(&mut batch, new, *seq, KeyWrite::Claim)?);
    }
    for ((region, day), last) in &next {
        push_advance(&mut batch, region, *day, *last)?;
    }
    batch.push("COMMIT", Vec::new())?;
    batch.execute(conn).await?;
    lock(&creations.last).extend(next);
    Ok(numbers)
}

/// SQLite: one transaction for `new` alone. A key claimed before answers
/// what it created; a number another process took meanwhile is read again
/// once.
async fn write_alone(
    conn: &mut PoolConnection<Any>,
    creations: &Creations,
    new: &NewCase,
) -> Result<Created, StoreError> {
    let key = sequence_key(new);
    let mut retried = false;
    loop {
        let written = write_together(conn, creations, &[new]).await;
        let error = match written {
            Ok(numbers) => match numbers.into_iter().next() {
                Some(no) => return Ok(Created::New(no)),
                None => return Err(StoreError::Corrupt("建档未返回流水号".into())),
            },
            Err(e) => e,
        };
        end_failed(conn).await;
        if let Some(idempotency) = &new.idempotency
            && let Some(earlier) = claimed_before(conn, idempotency).await?
        {
            return earlier;
        }
        lock(&creations.last).remove(&key);
        if retried || !is_unique_violation(&error) {
            return Err(error);
        }
        retried = true;
    }
}

/// What the creation that claimed `key` before answers: its case, or a
/// mismatch when the key came with another request. `None` when the key
/// is unclaimed.
async fn claimed_before(
    conn: &mut AnyConnection,
    key: &IdempotencyKey,
) -> Result<Option<Result<Created, StoreError>>, StoreError> {
    match earlier_claim(conn, key).await {
        Ok(earlier) => Ok(Some(
            replay(key, earlier).map(|(no, _)| Created::Existing(no)),
        )),
        Err(StoreError::Database(sqlx::Error::RowNotFound)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The last committed sequence of `key`, from memory or the database.
async fn last_sequence(
    conn: &mut AnyConnection,
    creations: &Creations,
    key: &SequenceKey,
) -> Result<u32, StoreError> {
    if let Some(last) = lock(&creations.last).get(key) {
        return Ok(*last);
    }
    let stored: Option<i64> = sqlx::query_scalar(LAST_SEQUENCE)
        .bind(key.0.clone())
        .bind(day_text(key.1))
        .fetch_optional(&mut *conn)
        .await?;
    // Out of range is refused by `CaseNo::new` with a clear code.
    Ok(stored.map_or(0, |v| u32::try_from(v).unwrap_or(u32::MAX)))
}

/// Adds the statement that moves a region's day to `last`.
fn push_advance(
    batch: &mut Batch,
    region: &str,
    day: NaiveDate,
    last: u32,
) -> Result<(), StoreError> {
    batch.push(
        ADVANCE_SEQUENCE,
        vec![region.into(), day_text(day).into(), i64::from(last).into()],
    )
}

/// The sequence a new case's number comes from.
fn sequence_key(new: &NewCase) -> SequenceKey {
    (sequence_region(&new.case).to_string(), new.day)
}

/// Whether the database refused a duplicate key.
fn is_unique_violation(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
}

/// Rolls back whatever a failed query left open. When even that fails, the
/// connection is closed rather than handed to the next writer inside a
/// transaction (SQLite rolls back on close).
async fn end_failed(conn: &mut PoolConnection<Any>) {
    if let Err(e) = conn.execute("ROLLBACK").await {
        let message = e.to_string();
        if !message.contains(NO_TRANSACTION) {
            tracing::warn!(error = %message, "rollback of failed case creations failed; closing the writer connection");
            conn.close_on_drop();
        }
    }
}

/// An acquire failure again, for each creation of the round.
fn copy_error(error: &sqlx::Error) -> sqlx::Error {
    match error {
        sqlx::Error::PoolTimedOut => sqlx::Error::PoolTimedOut,
        sqlx::Error::PoolClosed => sqlx::Error::PoolClosed,
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

/// Locks `mutex`, recovering the data of a panicked holder (every update
/// here is a single insert or replacement).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Creations {
    /// An empty queue.
    pub(crate) fn new() -> Arc<Creations> {
        Arc::new(Creations::default())
    }
}
