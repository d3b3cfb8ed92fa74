//! Filing an appeal: by an applicant (企业吹哨, the online form) or by
//! staff (办不成事 window, a leader's field visit, or on someone's behalf);
//! dispatched at once when its category has a rule.

use tongban_domain::appeal::{
    self, Appeal, AppealCommand, AppealNo, AppealSource, AppealState, AppealSubject, SubjectKind,
    deadlines_for, filed_event,
};
use tongban_domain::auth::{Action, Actor, ActorKind};
use tongban_domain::case::CaseNo;
use tongban_domain::subject::Subject;
use tongban_store::{AppealInsert, NewAppeal};

use super::types::{AppealView, FileRequest};
use super::{AppealService, RULES_ACTOR, calendar, gate, local, record, refused, store_error};
use crate::error::{Refusal, ServiceError};

fn invalid(code: &'static str, message: impl Into<String>) -> ServiceError {
    ServiceError::refused(Refusal::Invalid, code, message)
}

/// A required text, trimmed, at most `max` characters.
pub(super) fn required(
    field: &str,
    value: &str,
    max: usize,
    code: &'static str,
) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(invalid(code, format!("“{field}”应为1至{max}个字")));
    }
    Ok(value.to_string())
}

/// The digits of a contact phone (11-digit mobile or a landline with its
/// area code).
pub(super) fn phone(text: &str) -> Result<String, ServiceError> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let ok = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+'))
        && ((digits.len() == 11 && digits.starts_with('1'))
            || ((7..=12).contains(&digits.len()) && digits.starts_with('0')));
    if ok {
        Ok(digits)
    } else {
        Err(invalid(
            "appeal_bad_phone",
            "联系电话无效：应为11位手机号或带区号的固话",
        ))
    }
}

impl AppealService {
    /// Files an appeal. An applicant files 企业吹哨 or the online form for
    /// themselves (their verified profile is the subject); staff of the
    /// region file 办不成事 and field-visit appeals (and the others on
    /// someone's behalf). 12345 orders come in through the import only.
    pub async fn file(
        &self,
        actor: &Actor,
        request: FileRequest,
    ) -> Result<AppealView, ServiceError> {
        let applicant = actor.kind == ActorKind::Applicant;
        let (region, owner, subject) = if applicant {
            self.accounts
                .authorize(actor, Action::ReadOwnData, &gate::owned(&actor.id))?;
            if !request.source.is_self_service() {
                return Err(invalid(
                    "appeal_source_not_allowed",
                    format!(
                        "申请人只能在线提交企业吹哨或网上诉求，不能提交“{}”",
                        request.source.label()
                    ),
                ));
            }
            let region = request
                .region
                .clone()
                .ok_or_else(|| invalid("appeal_region_required", "请选择诉求所在的县（区）"))?;
            let linked = self
                .subjects
                .linked_subject(&actor.id)
                .await
                .map_err(store_error)?;
            let subject = match linked {
                Some(s) => subject_of(&s),
                None => self.named_subject(&request).await?,
            };
            (region, Some(actor.id.clone()), subject)
        } else {
            if request.source == AppealSource::Hotline12345 {
                return Err(invalid(
                    "appeal_source_not_allowed",
                    "12345工单请通过导入功能登记",
                ));
            }
            let region = request
                .region
                .clone()
                .or_else(|| actor.region.clone())
                .ok_or_else(|| invalid("appeal_region_required", "请选择诉求所在的县（区）"))?;
            gate::staff_of_region(&self.accounts, actor, &region)?;
            (region, None, self.named_subject(&request).await?)
        };
        let case_no = match request
            .case_no
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(c) => Some(CaseNo::parse(c).map_err(|_| {
                invalid(
                    "appeal_bad_case_no",
                    format!("关联办件流水号“{c}”无效：应为18位数字"),
                )
            })?),
            None => None,
        };
        let phone = request
            .phone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .map(phone)
            .transpose()?;
        let category = required("诉求类别", &request.category, 50, "appeal_bad_category")?;
        let now = self.clock.now();
        let at = local(now);
        let calendar = calendar()?;
        let rule = self.rule_for(&category).await?;
        let deadlines = deadlines_for(
            request.source,
            request.complexity,
            rule.as_ref(),
            at.date(),
            calendar,
        )
        .map_err(refused)?;
        let mut filed = Appeal {
            no: AppealNo::new(at.date(), 1)
                .ok_or_else(|| invalid("appeal_bad_date", "日期超出可登记范围"))?,
            source: request.source,
            category,
            complexity: request.complexity,
            subject,
            title: required("标题", &request.title, 100, "appeal_bad_title")?,
            description: required(
                "诉求内容",
                &request.description,
                4000,
                "appeal_bad_description",
            )?,
            case_no,
            attachments: request
                .attachments
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .take(20)
                .collect(),
            region,
            filed_at: at,
            filed_by: actor.id.clone(),
            owner,
            external: None,
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
        let mut history = record::history(&[filed_event(&filed)], &actor.id, now);
        let mut events = vec![filed_event(&filed)];
        if let Some(rule) = &rule {
            let command = AppealCommand::Dispatch {
                lead: rule.lead.clone(),
                co: rule.co.clone(),
            };
            let (dispatched, more) =
                appeal::apply(&filed, command, RULES_ACTOR, at, Some(rule), calendar)
                    .map_err(refused)?;
            history.extend(record::history(&more, RULES_ACTOR, now));
            events.extend(more);
            filed = dispatched;
        }
        let new = NewAppeal {
            events: record::outbox(&filed, &events),
            appeal: filed,
            phone,
            history,
            at: now,
        };
        let stored = self
            .store
            .create_appeals(vec![new])
            .await
            .map_err(store_error)?;
        let Some(AppealInsert::Inserted(no)) = stored.into_iter().next() else {
            return Err(ServiceError::Unavailable("诉求未能登记，请稍后再试".into()));
        };
        tracing::info!(actor = %actor.id, appeal = %no, "诉求已登记");
        self.view(self.load(no.as_str()).await?)
    }

    /// The subject named in a request: its profile when the identifier
    /// finds one, else the name and identifier as given.
    async fn named_subject(&self, request: &FileRequest) -> Result<AppealSubject, ServiceError> {
        let Some(input) = &request.subject else {
            return Err(invalid("appeal_subject_required", "请填写诉求人或企业名称"));
        };
        let name = required("诉求人", &input.name, 100, "appeal_subject_required")?;
        let found = match &input.key {
            Some(key) => self
                .subjects
                .subject_by_key(key)
                .await
                .map_err(store_error)?,
            None => None,
        };
        Ok(AppealSubject {
            kind: input
                .key
                .as_ref()
                .map(AppealSubject::kind_of)
                .unwrap_or(SubjectKind::Person),
            name,
            key: input.key.clone(),
            id: found.map(|s| s.id),
        })
    }
}

/// The appeal subject of a verified profile.
fn subject_of(s: &Subject) -> AppealSubject {
    let key = s.keys().into_iter().next();
    AppealSubject {
        kind: key
            .as_ref()
            .map(AppealSubject::kind_of)
            .unwrap_or(SubjectKind::Person),
        name: s.name().to_string(),
        key,
        id: Some(s.id.clone()),
    }
}
