//! Importing 12345 work orders from the hotline's CSV or XLSX export
//! through a saved column mapping: every bad row is reported by its row
//! number with a code and a Chinese reason, every good row becomes an
//! appeal once (re-importing the same file adds nothing: the work-order
//! number is the store's unique key). Rows are written in batches, each
//! batch one transaction.

mod read;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tongban_domain::appeal::{
    self, Appeal, AppealCommand, AppealNo, AppealState, CategoryRule, ImportedRow, RowProblem,
    deadlines_for, filed_event, parse_row,
};
use tongban_domain::auth::Actor;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::RegionCode;
use tongban_store::{AppealInsert, NewAppeal};

pub use read::ImportFormat;

use super::{AppealService, RULES_ACTOR, calendar, gate, record, store_error};
use crate::error::{Refusal, ServiceError};

/// The largest file accepted (about 100,000 rows).
const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Rows per transaction.
const BATCH: usize = 1_000;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The mapping used.
    pub mapping: String,
    /// The file's format.
    pub format: ImportFormat,
    /// Data rows read (the header and empty rows not counted).
    pub rows: usize,
    /// Appeals created.
    pub imported: usize,
    /// Good rows whose work order was imported before (nothing added).
    pub already_imported: usize,
    /// Bad rows, by row number.
    pub problems: Vec<RowProblem>,
}

impl AppealService {
    /// Imports a 12345 export with the saved mapping `mapping` into the
    /// actor's region. A supervisor or window clerk of the region imports.
    pub async fn import(
        &self,
        actor: &Actor,
        mapping: &str,
        bytes: &[u8],
    ) -> Result<ImportReport, ServiceError> {
        let region = actor.region.clone().ok_or_else(|| {
            ServiceError::refused(
                Refusal::Invalid,
                "appeal_region_required",
                "导入人员须属于某个辖区",
            )
        })?;
        gate::staff_of_region(&self.accounts, actor, &region)?;
        if bytes.len() > MAX_BYTES {
            return Err(ServiceError::refused(
                Refusal::TooLarge,
                "appeal_import_too_large",
                format!("文件超过{}MB，请分批导入", MAX_BYTES / 1024 / 1024),
            ));
        }
        let mapping = self
            .store
            .import_mapping(mapping)
            .await
            .map_err(store_error)?
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::NotFound,
                    "appeal_mapping_not_found",
                    format!("未找到导入映射“{mapping}”，请先保存映射"),
                )
            })?;
        let format = ImportFormat::sniff(bytes);
        let table = read::table(format, bytes)?;
        let columns = mapping.locate(&table.headers).map_err(|p| {
            ServiceError::refused(Refusal::Invalid, "appeal_import_missing_column", p.reason)
        })?;
        let rules: HashMap<String, CategoryRule> = self
            .store
            .appeal_rules()
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|r| (r.category.clone(), r))
            .collect();
        let calendar = calendar()?;
        let now = self.clock.now();
        let mut report = ImportReport {
            mapping: mapping.name.clone(),
            format,
            rows: table.rows.len(),
            imported: 0,
            already_imported: 0,
            problems: Vec::new(),
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut batch = Vec::with_capacity(BATCH);
        for (row, cells) in &table.rows {
            let checked = parse_row(&mapping, &columns, *row, cells).and_then(|good| {
                if let Some(first) = seen.get(&good.external.number) {
                    let reason = format!("工单编号“{}”与第{first}行重复", good.external.number);
                    return Err(problem(*row, "duplicate_in_file", reason));
                }
                seen.insert(good.external.number.clone(), *row);
                let rule = rules.get(&good.category);
                new_appeal(good, &region, &actor.id, rule, calendar, now)
            });
            match checked {
                Ok(new) => batch.push(new),
                Err(p) => report.problems.push(p),
            }
            if batch.len() == BATCH {
                self.store_batch(std::mem::take(&mut batch), &mut report)
                    .await?;
            }
        }
        self.store_batch(batch, &mut report).await?;
        tracing::info!(
            actor = %actor.id,
            imported = report.imported,
            already = report.already_imported,
            problems = report.problems.len(),
            "12345工单导入完成"
        );
        Ok(report)
    }

    async fn store_batch(
        &self,
        batch: Vec<NewAppeal>,
        report: &mut ImportReport,
    ) -> Result<(), ServiceError> {
        if batch.is_empty() {
            return Ok(());
        }
        for result in self
            .store
            .create_appeals(batch)
            .await
            .map_err(store_error)?
        {
            match result {
                AppealInsert::Inserted(_) => report.imported += 1,
                AppealInsert::Duplicate(_) => report.already_imported += 1,
            }
        }
        Ok(())
    }
}

fn problem(row: usize, code: &str, reason: String) -> RowProblem {
    RowProblem {
        row,
        code: code.to_string(),
        reason,
    }
}

/// The appeal a good row becomes: received when the hotline received it,
/// dispatched at once when its category has a rule.
fn new_appeal(
    good: ImportedRow,
    region: &RegionCode,
    actor: &str,
    rule: Option<&CategoryRule>,
    calendar: &WorkCalendar,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<NewAppeal, RowProblem> {
    let row = good.row;
    let out_of_range = |reason: String| problem(row, "bad_received_at", reason);
    let source = good.external.source;
    let deadlines = deadlines_for(
        source,
        good.complexity,
        rule,
        good.received_at.date(),
        calendar,
    )
    .map_err(|e| out_of_range(format!("受理时间无法计算时限：{e}")))?;
    let no = AppealNo::new(good.received_at.date(), 1)
        .ok_or_else(|| out_of_range("受理时间超出可登记范围（2000年至2099年）".into()))?;
    let mut filed = Appeal {
        no,
        source,
        category: good.category,
        complexity: good.complexity,
        subject: good.subject,
        title: good.title,
        description: good.description,
        case_no: good.case_no,
        attachments: vec![],
        region: region.clone(),
        filed_at: good.received_at,
        filed_by: actor.to_string(),
        owner: None,
        external: Some(good.external),
        state: AppealState::Filed,
        dispatch: None,
        deadlines,
        answered_on: None,
        resolved_on: None,
        reports: vec![],
        instructions: vec![],
        escalation_level: 0,
        ratings: vec![],
        reopened: 0,
    };
    let mut history = record::history(&[filed_event(&filed)], actor, now);
    let mut events = vec![filed_event(&filed)];
    if let Some(rule) = rule {
        let command = AppealCommand::Dispatch {
            lead: rule.lead.clone(),
            co: rule.co.clone(),
        };
        let at = filed.filed_at;
        let (dispatched, more) =
            appeal::apply(&filed, command, RULES_ACTOR, at, Some(rule), calendar)
                .map_err(|e| problem(row, e.code(), e.to_string()))?;
        history.extend(record::history(&more, RULES_ACTOR, now));
        events.extend(more);
        filed = dispatched;
    }
    Ok(NewAppeal {
        events: record::outbox(&filed, &events),
        appeal: filed,
        phone: good.phone,
        history,
        at: now,
    })
}
