//! What one case contributes to the rollups: the pure function the
//! rollup job applies to every changed case ([`contribution`]).
//!
//! Every count is dated by the local day it happened: submissions on the
//! submission day, decisions (办结) on the decision day, whole cases on
//! the day the last member was done, warnings on the day raised and on
//! the day resolved. Member counters go to the member's row (its item,
//! its department); case-level counters (cases, trips, savings, data
//! reuse) to the case's own row: for a single item the same row, for a
//! bundle the row with an empty item.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counter::{Counter, bucket_of};
use super::key::{Contribution, RollupKey};
use super::savings::{Savings, case_savings};
use super::trips::trips;
use crate::bundle::Bundle;
use crate::case::{Case, ItemCase, Outcome};
use crate::catalog::{Catalog, Handling, ServiceItem};
use crate::clock::{CalendarError, WorkCalendar};
use crate::guidance::Selection;
use crate::ident::Code;

/// A deadline warning raised for a case (a row of the warnings table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningFact {
    /// The member item, or `None` for the whole case.
    pub member: Option<Code>,
    /// Red (超期) rather than yellow.
    pub red: bool,
    /// The local day it was raised.
    pub raised_on: NaiveDate,
}

/// What the applicant's submission record says about data reuse, and the
/// selection the guidance made (an online application records both; a
/// window case records neither).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionFacts {
    /// The members and situations chosen.
    pub selection: Option<Selection>,
    /// Merged form fields filled from shared data (`form.report.prefilled`).
    pub prefilled: u32,
    /// Materials marked 免提交 (`materials[].need.disposition.exempt`).
    pub exempted: u32,
    /// E-licences among the evidence of those materials.
    pub licence_uses: u32,
}

impl SubmissionFacts {
    /// Reads the record the applicant flow freezes into a draft at
    /// submission; fields it lacks count as zero.
    pub fn from_record(record: &serde_json::Value) -> SubmissionFacts {
        let selection = record
            .get("selection")
            .and_then(|s| serde_json::from_value::<Selection>(s.clone()).ok());
        let prefilled = record
            .pointer("/form/report/prefilled")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        let mut exempted = 0u32;
        let mut licence_uses = 0u32;
        let lines = record
            .get("materials")
            .and_then(serde_json::Value::as_array);
        for line in lines.into_iter().flatten() {
            let Some(evidence) = line.pointer("/need/disposition/exempt/evidence") else {
                continue;
            };
            exempted += 1;
            licence_uses += evidence.as_array().map_or(0, |e| {
                e.iter().filter(|x| x.get("licence").is_some()).count()
            }) as u32;
        }
        SubmissionFacts {
            selection,
            prefilled: u32::try_from(prefilled).unwrap_or(u32::MAX),
            exempted,
            licence_uses,
        }
    }
}

/// The catalog entries contributions read: items (handling, situations,
/// for savings) and bundles, by code.
#[derive(Debug, Clone, Default)]
pub struct CatalogFacts {
    items: BTreeMap<Code, ServiceItem>,
    bundles: BTreeMap<Code, Bundle>,
}

impl CatalogFacts {
    /// The facts of a whole catalog.
    pub fn new(catalog: &Catalog) -> CatalogFacts {
        CatalogFacts {
            items: catalog
                .items
                .iter()
                .map(|i| (i.code.clone(), i.clone()))
                .collect(),
            bundles: catalog
                .bundles
                .iter()
                .map(|b| (b.code.clone(), b.clone()))
                .collect(),
        }
    }

    /// One item.
    pub fn item(&self, code: &Code) -> Option<&ServiceItem> {
        self.items.get(code)
    }

    /// One bundle.
    pub fn bundle(&self, code: &Code) -> Option<&Bundle> {
        self.bundles.get(code)
    }
}

/// Everything the rollup job knows about one case.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    /// The case.
    pub case: &'a Case,
    /// Its warnings.
    pub warnings: &'a [WarningFact],
    /// Its submission record, if it came through the applicant flow.
    pub submission: Option<&'a SubmissionFacts>,
}

/// The counters `facts` adds to the rollups. Pure: the same case gives
/// the same contribution whenever it is computed.
pub fn contribution(
    facts: CaseFacts<'_>,
    catalog: &CatalogFacts,
    calendar: &WorkCalendar,
) -> Result<Contribution, CalendarError> {
    let case = facts.case;
    let mut out = Contribution::default();
    let Some(submitted) = case
        .members
        .iter()
        .filter_map(|m| m.submitted_at.map(|a| a.date()))
        .min()
    else {
        return Ok(out);
    };
    let own = case_key(case, submitted);
    out.add(&own, Counter::CasesSubmitted, 1);
    if let Some(s) = facts.submission {
        out.add(&own, Counter::PrefilledFields, i64::from(s.prefilled));
        out.add(&own, Counter::ExemptedMaterials, i64::from(s.exempted));
        out.add(&own, Counter::LicenceUses, i64::from(s.licence_uses));
    }
    for m in &case.members {
        member(&mut out, case, m, catalog, calendar)?;
    }
    warnings(&mut out, case, facts.warnings);
    if case.is_complete()
        && let Some(done) = case.completed_at.map(|c| c.date())
    {
        let key = case_key(case, done);
        out.add(&key, Counter::CasesDone, 1);
        let trips = trips(case);
        out.add(&key, Counter::CasesZeroTrip, i64::from(trips == 0));
        out.add(&key, Counter::CasesAtMostOneTrip, i64::from(trips <= 1));
        if case.bundle.is_some() && case.members.iter().any(ItemCase::is_granted) {
            let selection = facts.submission.and_then(|s| s.selection.as_ref());
            if let Some(saved) = case_savings(case, selection, catalog) {
                add_savings(&mut out, &key, &saved);
            }
        }
    }
    Ok(out)
}

fn add_savings(out: &mut Contribution, key: &RollupKey, saved: &Savings) {
    out.add(key, Counter::BundleCasesDone, 1);
    out.add(key, Counter::SavedSteps, saved.steps);
    out.add(key, Counter::SavedMaterials, saved.materials);
    out.add(key, Counter::SavedFields, saved.fields);
    out.add(key, Counter::SavedDaysX100, saved.days_x100);
    out.add(key, Counter::SavedTrips, saved.trips);
}

/// The counters of one member: submission, decision, timing, suspension.
fn member(
    out: &mut Contribution,
    case: &Case,
    m: &ItemCase,
    catalog: &CatalogFacts,
    calendar: &WorkCalendar,
) -> Result<(), CalendarError> {
    let Some(submitted) = m.submitted_at.map(|a| a.date()) else {
        return Ok(());
    };
    let key = member_key(case, m, submitted);
    out.add(&key, Counter::ItemsSubmitted, 1);
    let immediate = catalog
        .item(m.item())
        .is_some_and(|i| i.handling == Handling::Immediate);
    out.add(&key, Counter::ItemsImmediate, i64::from(immediate));
    let (Some(decision), Some(accepted)) = (&m.decision, m.accepted_at) else {
        return Ok(());
    };
    let day = decision.decided_at.date();
    let key = member_key(case, m, day);
    out.add(&key, Counter::ItemsDecided, 1);
    out.add(
        &key,
        Counter::ItemsGranted,
        i64::from(decision.outcome == Outcome::Granted),
    );
    if let Some(due) = m.deadlines(calendar, day)? {
        out.add(
            &key,
            Counter::OnTimeStatutory,
            i64::from(day <= due.statutory),
        );
        out.add(
            &key,
            Counter::OnTimePromised,
            i64::from(day <= due.promised),
        );
    }
    let spans = m.suspended_spans(day);
    let worked = calendar.working_days_between(accepted.date(), day, &spans)?;
    out.add(&key, Counter::WorkDays, i64::from(worked));
    out.add(&key, bucket_of(worked), 1);
    out.add(
        &key,
        Counter::PromisedDaysX100,
        hundredths(m.terms.promised_limit.as_working_days()),
    );
    out.add(
        &key,
        Counter::StatutoryDaysX100,
        hundredths(m.terms.statutory_limit.as_working_days()),
    );
    if !m.suspensions.is_empty() {
        out.add(&key, Counter::SuspendedItems, 1);
        let days: i64 = spans.iter().map(|s| (s.to - s.from).num_days() + 1).sum();
        out.add(&key, Counter::SuspendedDays, days);
    }
    Ok(())
}

/// Warnings raised (on their day) and resolved (on the day their member
/// or case finished).
fn warnings(out: &mut Contribution, case: &Case, warnings: &[WarningFact]) {
    for w in warnings {
        let member = w.member.as_ref().and_then(|c| case.member(c));
        let (raised, resolved) = match member {
            Some(m) => (
                member_key(case, m, w.raised_on),
                finished_on(m).map(|d| member_key(case, m, d)),
            ),
            None => (
                case_key(case, w.raised_on),
                case.completed_at
                    .filter(|_| case.is_complete())
                    .map(|c| case_key(case, c.date())),
            ),
        };
        out.add(&raised, Counter::WarningsRaised, 1);
        out.add(&raised, Counter::WarningsRed, i64::from(w.red));
        if let Some(key) = resolved {
            out.add(&key, Counter::WarningsResolved, 1);
        }
    }
}

/// The day a member stopped running: its decision, or its ending.
fn finished_on(m: &ItemCase) -> Option<NaiveDate> {
    let decided = m.decision.as_ref().map(|d| d.decided_at.date());
    let ended = m.ending.as_ref().map(|e| e.at.date());
    match (decided, ended) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The case's own row on `day`.
fn case_key(case: &Case, day: NaiveDate) -> RollupKey {
    let item = match (&case.bundle, case.members.first()) {
        (None, Some(m)) => m.item().to_string(),
        _ => String::new(),
    };
    RollupKey {
        day,
        region: case.region.to_string(),
        department: case.lead_department.to_string(),
        item,
        bundle: case
            .bundle
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        channel: case.channel.code().to_string(),
    }
}

/// A member's row on `day`.
fn member_key(case: &Case, m: &ItemCase, day: NaiveDate) -> RollupKey {
    RollupKey {
        day,
        region: m.terms.region.to_string(),
        department: m.terms.department.to_string(),
        item: m.item().to_string(),
        bundle: case
            .bundle
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        channel: case.channel.code().to_string(),
    }
}

/// A number of working days in hundredths, rounded.
pub(super) fn hundredths(days: f64) -> i64 {
    (days * 100.0).round() as i64
}
