//! 证照授权 / 证照委托: the holder grants a department or an agent the use
//! of one licence, for one case or for a period, and may withdraw it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use tongban_domain::auth::Actor;
use tongban_domain::subject::{
    ANY_APPLICATION, ApplicationRef, Consent, ConsentId, GrantPeriod, Grantee, LicenceGrant,
    Purpose, SourceRef,
};

use super::WalletService;
use super::views::GrantView;
use crate::error::{Refusal, ServiceError};
use crate::subjects::{new_id, parse_document};

/// How a one-case grant names its application: `case:<case no>`.
pub(crate) const CASE_PREFIX: &str = "case:";
/// The longest period a grant may cover, in days.
const MAX_PERIOD_DAYS: i64 = 366;
/// The longest agent name or case number accepted.
const MAX_TEXT: usize = 64;
/// China Standard Time.
const CST_SECS: i64 = 8 * 3600;

/// Who the holder grants the use to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GranteeRequest {
    /// A department of the catalog, by code.
    Department { department: String },
    /// 证照委托: an agent, by name and identity document number.
    Agent { name: String, document: String },
}

/// What the grant covers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GrantScope {
    /// One case (办件), by number.
    Case { case_no: String },
    /// Every use from `from` to `to` (both days included, CST).
    Period { from: NaiveDate, to: NaiveDate },
}

/// A grant asked for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GrantRequest {
    /// Who may use the licence.
    pub grantee: GranteeRequest,
    /// For what.
    pub scope: GrantScope,
}

impl WalletService {
    /// Grants the use of the caller's licence `number`: it must be theirs
    /// and valid today (`licence_not_valid`); a department must be in the
    /// catalog (`department_not_found`); an agent needs a name and a valid
    /// document that is not the holder's own (`grant_agent_invalid`,
    /// `grant_to_self`); a period runs from today or later, at most 366
    /// days (`grant_period_invalid`). A department's grant is for 审查核验
    /// (review), an agent's for 免提交材料 (applying on the holder's behalf).
    pub async fn grant(
        &self,
        actor: &Actor,
        number: &str,
        request: GrantRequest,
    ) -> Result<GrantView, ServiceError> {
        let holder = self.holder(actor).await?;
        let row = self.own_row(&holder, number).await?;
        let today = self.today();
        if row.licence.status_on(today) != tongban_domain::licence::LicenceStatus::Valid {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "licence_not_valid",
                "该证照已注销或已过期，不能授权他人使用",
            ));
        }
        let (grantee, purpose) = match request.grantee {
            GranteeRequest::Department { department } => {
                let found = self
                    .catalog
                    .departments()
                    .await?
                    .into_iter()
                    .find(|d| d.code.as_str() == department.trim())
                    .ok_or_else(|| {
                        ServiceError::refused(
                            Refusal::NotFound,
                            "department_not_found",
                            "未找到该部门，请从部门列表中选择",
                        )
                    })?;
                let grantee = Grantee::Department {
                    department: found.code,
                    name: found.name,
                };
                (grantee, Purpose::Review)
            }
            GranteeRequest::Agent { name, document } => {
                let name = name.trim().to_string();
                if name.is_empty() || name.chars().count() > MAX_TEXT {
                    return Err(agent_invalid());
                }
                let identifier = parse_document(document.trim()).map_err(|_| agent_invalid())?;
                if holder.keys().iter().any(|k| k.same_holder(&identifier)) {
                    return Err(ServiceError::refused(
                        Refusal::Invalid,
                        "grant_to_self",
                        "不能把证照委托给本人",
                    ));
                }
                (
                    Grantee::Agent { name, identifier },
                    Purpose::MaterialExemption,
                )
            }
        };
        let (application, period) = match request.scope {
            GrantScope::Case { case_no } => {
                let case_no = case_no.trim().to_string();
                if case_no.is_empty() || case_no.chars().count() > MAX_TEXT {
                    return Err(ServiceError::refused(
                        Refusal::Invalid,
                        "grant_case_invalid",
                        "请填写授权使用的办件编号",
                    ));
                }
                (ApplicationRef(format!("{CASE_PREFIX}{case_no}")), None)
            }
            GrantScope::Period { from, to } => {
                if from < today || to < from || (to - from).num_days() >= MAX_PERIOD_DAYS {
                    return Err(ServiceError::refused(
                        Refusal::Invalid,
                        "grant_period_invalid",
                        format!(
                            "授权期间须从今天或以后开始，结束日不早于开始日，且不超过{MAX_PERIOD_DAYS}天"
                        ),
                    ));
                }
                let period = GrantPeriod {
                    from: cst_midnight(from),
                    until: cst_midnight(to) + Duration::days(1),
                };
                (ApplicationRef(ANY_APPLICATION.to_string()), Some(period))
            }
        };
        let grant = LicenceGrant {
            consent: Consent {
                id: ConsentId(new_id("consent")),
                subject: holder.id.clone(),
                purpose,
                application,
                sources: vec![SourceRef::Licence {
                    licence_type: row.licence.type_code.clone(),
                }],
                granted_at: self.subjects.now(),
                revoked_at: None,
            },
            licence: row.licence.number.as_str().to_string(),
            grantee,
            period,
        };
        self.store
            .insert_grant(&grant)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(
            actor = %actor.id,
            consent = %grant.consent.id.0,
            licence = %grant.licence,
            "证照授权已记录"
        );
        Ok(GrantView::of(&grant, self.clock.now()))
    }

    /// The caller's licence grants, newest first (withdrawn included).
    pub async fn grants(&self, actor: &Actor) -> Result<Vec<GrantView>, ServiceError> {
        let holder = self.holder(actor).await?;
        let now = self.clock.now();
        Ok(self
            .store
            .grants_of(&holder.id)
            .await
            .map_err(ServiceError::store)?
            .iter()
            .map(|g| GrantView::of(g, now))
            .collect())
    }

    /// Withdraws one of the caller's licence grants (the consent is
    /// withdrawn like any other); another's, or an ordinary consent's id,
    /// answers `consent_not_found`.
    pub async fn withdraw(
        &self,
        actor: &Actor,
        consent: &ConsentId,
    ) -> Result<GrantView, ServiceError> {
        let holder = self.holder(actor).await?;
        let found = self
            .store
            .grant(consent)
            .await
            .map_err(ServiceError::store)?
            .filter(|g| g.consent.subject == holder.id)
            .ok_or_else(|| {
                ServiceError::refused(Refusal::NotFound, "consent_not_found", "未找到该授权")
            })?;
        let revoked = self.subjects.revoke_consent(actor, consent).await?;
        let grant = LicenceGrant {
            consent: revoked,
            ..found
        };
        Ok(GrantView::of(&grant, self.clock.now()))
    }
}

fn agent_invalid() -> ServiceError {
    ServiceError::refused(
        Refusal::Invalid,
        "grant_agent_invalid",
        "请填写受托人姓名和有效的身份证件号码",
    )
}

/// The instant a CST day begins.
fn cst_midnight(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    DateTime::from_naive_utc_and_offset(local, Utc) - Duration::seconds(CST_SECS)
}
