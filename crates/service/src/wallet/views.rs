//! What the wallet shows: licences, their fields, grants and uses.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::ident::Code;
use tongban_domain::licence::{Licence, LicenceStatus, LicenceType, Revision};
use tongban_domain::subject::{ConsentId, Grantee, LicenceGrant};

use crate::subjects::{DataUse, cst_date};

/// One licence in the wallet (the holder's own document masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletLicence {
    /// The compact licence number.
    pub number: String,
    /// The number as printed.
    pub printed_number: String,
    /// The licence type's code.
    pub type_code: Code,
    /// The licence type's name, as printed.
    pub type_name: String,
    /// 发证机关.
    pub issuer: String,
    /// `valid`, `revoked` or `expired` today.
    pub status: &'static str,
    /// 有效, 已注销 or 已过期.
    pub status_label: &'static str,
    /// Why and when it was revoked, if it was.
    pub revoked: Option<String>,
    /// 发证日期.
    pub issued_on: NaiveDate,
    /// Last valid day; `None`: 长期有效.
    pub valid_until: Option<NaiveDate>,
    /// The holder's name.
    pub holder_name: String,
    /// The holder's identifier, masked (a credit code whole).
    pub holder_identifier: String,
}

impl WalletLicence {
    /// The wallet line of `licence` on `today`.
    pub fn of(licence: &Licence, today: NaiveDate) -> WalletLicence {
        let status = licence.status_on(today);
        WalletLicence {
            number: licence.number.as_str().to_string(),
            printed_number: licence.number.to_string(),
            type_code: licence.type_code.clone(),
            type_name: licence.type_name.clone(),
            issuer: licence.issuer.name.clone(),
            status: match status {
                LicenceStatus::Valid => "valid",
                LicenceStatus::Revoked { .. } => "revoked",
                LicenceStatus::Expired => "expired",
            },
            status_label: status.label(),
            revoked: match &status {
                LicenceStatus::Revoked { on, reason } => Some(format!("{on} 注销：{reason}")),
                _ => None,
            },
            issued_on: licence.issued_on,
            valid_until: licence.valid_until,
            holder_name: licence.holder.name.clone(),
            holder_identifier: licence.holder.identifier.masked(),
        }
    }

    /// True when the licence is in force today.
    pub fn is_valid(&self) -> bool {
        self.status == "valid"
    }
}

/// One field of a licence, labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletField {
    /// The printed label (the element code when the type is unknown).
    pub label: String,
    /// The value.
    pub value: String,
}

/// A licence's page in the wallet.
#[derive(Debug, Clone, Serialize)]
pub struct WalletLicenceDetail {
    /// The licence.
    pub licence: WalletLicence,
    /// Its fields, in the type's printing order.
    pub fields: Vec<WalletField>,
    /// What happened to it, oldest first.
    pub history: Vec<Revision>,
    /// The holder's grants of its use, newest first (withdrawn included).
    pub grants: Vec<GrantView>,
    /// Every use of it under the holder's consents, newest first.
    pub uses: Vec<DataUse>,
}

/// The licence's fields with the type's labels, in its order; fields the
/// type does not declare follow, by code.
pub(super) fn fields_of(licence: &Licence, licence_type: Option<&LicenceType>) -> Vec<WalletField> {
    let mut out = Vec::new();
    if let Some(t) = licence_type {
        for f in &t.fields {
            if let Some(value) = licence.fields.get(&f.element) {
                out.push(WalletField {
                    label: f.label.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    for (code, value) in &licence.fields {
        let declared = licence_type.is_some_and(|t| t.fields.iter().any(|f| f.element == *code));
        if !declared {
            out.push(WalletField {
                label: code.to_string(),
                value: value.clone(),
            });
        }
    }
    out
}

/// One grant as the holder sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantView {
    /// The consent's id (withdraw with it).
    pub consent: ConsentId,
    /// The licence's compact number.
    pub licence: String,
    /// `department` or `agent`.
    pub grantee_kind: &'static str,
    /// The department's name, or the agent with the document masked.
    pub grantee: String,
    /// The case it is for (one-case grants).
    pub case_no: Option<String>,
    /// First day of a period grant (CST).
    pub from: Option<NaiveDate>,
    /// Last day of a period grant (CST).
    pub to: Option<NaiveDate>,
    /// In words: 办件… or 期间 … 至 ….
    pub scope: String,
    /// When it was granted.
    pub granted_at: DateTime<Utc>,
    /// When it was withdrawn, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// True while it can still be used.
    pub active: bool,
}

impl GrantView {
    /// The view of `grant` at `now`.
    pub fn of(grant: &LicenceGrant, now: DateTime<Utc>) -> GrantView {
        let case_no = grant
            .consent
            .application
            .0
            .strip_prefix(super::grants::CASE_PREFIX)
            .map(str::to_string);
        let from = grant.period.map(|p| cst_date(p.from));
        let to = grant
            .period
            .map(|p| cst_date(p.until - chrono::Duration::seconds(1)));
        let scope = match (&case_no, from, to) {
            (_, Some(f), Some(t)) => format!("期间 {f} 至 {t}"),
            (Some(c), _, _) => format!("办件 {c}"),
            _ => format!("申请 {}", grant.consent.application.0),
        };
        GrantView {
            consent: grant.consent.id.clone(),
            licence: grant.licence.clone(),
            grantee_kind: match grant.grantee {
                Grantee::Department { .. } => "department",
                Grantee::Agent { .. } => "agent",
            },
            grantee: grant.grantee.label(),
            case_no,
            from,
            to,
            scope,
            granted_at: grant.consent.granted_at,
            revoked_at: grant.consent.revoked_at,
            active: grant.active_at(now),
        }
    }
}
