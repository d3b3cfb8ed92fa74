//! What a licence PDF says, as plain strings, before any layout: taken
//! from the licence's public view so nothing sensitive can reach the page.

use chrono::NaiveDate;
use tongban_domain::licence::{HolderKind, LicenceStatus};
use tongban_domain::subject::SubjectKey;

use crate::LicencePdf;

/// The text of a licence page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sheet {
    /// The licence type's name, the page title.
    pub title: String,
    /// `证照编号：610323-YPJY-2026-000042-7`.
    pub number: String,
    /// Set when the licence is not valid on the day of printing.
    pub status: Option<String>,
    /// Label and value, in printing order.
    pub rows: Vec<(String, String)>,
    /// `发证机关：…`.
    pub issuer: String,
    /// `发证日期：…`.
    pub issued: String,
    /// The small print at the bottom.
    pub footer: String,
}

impl Sheet {
    /// The text of `doc`'s page.
    pub fn of(doc: &LicencePdf<'_>) -> Sheet {
        let licence = doc.licence;
        let view = licence.public_view(doc.licence_type, doc.today);
        let person = licence.holder.kind() == HolderKind::Person;
        let mut rows = vec![
            (
                if person { "持证人姓名" } else { "名称" }.to_string(),
                view.holder_name,
            ),
            (
                identifier_label(&licence.holder.identifier).to_string(),
                view.holder_identifier,
            ),
        ];
        rows.extend(view.fields.into_iter().map(|f| (f.label, f.value)));
        rows.push((
            "有效期限".to_string(),
            match view.valid_until {
                Some(until) => format!("{}至{}", date(view.issued_on), date(until)),
                None => format!("{}起长期有效", date(view.issued_on)),
            },
        ));
        if !view.replaces.is_empty() {
            let numbers: Vec<String> = view.replaces.iter().map(|n| n.grouped()).collect();
            rows.push(("替代证照（一业一证）".to_string(), numbers.join("、")));
        }
        let status = match &view.status {
            LicenceStatus::Valid => None,
            LicenceStatus::Revoked { on, .. } => Some(format!("本证照已于{}注销", date(*on))),
            LicenceStatus::Expired => Some("本证照已过有效期".to_string()),
        };
        Sheet {
            title: view.type_name,
            number: format!("证照编号：{}", view.number.grouped()),
            status,
            rows,
            issuer: format!("发证机关：{}", view.issuer_name),
            issued: format!("发证日期：{}", date(view.issued_on)),
            footer: format!(
                "第{}版。本证照为电子证照，与纸质证照具有同等法律效力；扫描二维码可核验真伪与状态。",
                view.version
            ),
        }
    }
}

/// The printed name of a holder's identifier.
fn identifier_label(key: &SubjectKey) -> &'static str {
    match key {
        SubjectKey::Uscc(_) => "统一社会信用代码",
        SubjectKey::ResidentId(_) => "公民身份号码",
        SubjectKey::TaiwanPermit(_) => "台湾居民来往大陆通行证号码",
        SubjectKey::ResidencePermit(_) => "居住证号码",
        SubjectKey::Passport(_) => "护照号码",
    }
}

/// `2026年03月01日`.
pub(crate) fn date(day: NaiveDate) -> String {
    day.format("%Y年%m月%d日").to_string()
}
