//! Where an appeal comes from, how complex it is, and whose it is.

use serde::{Deserialize, Serialize};

use crate::subject::{SubjectId, SubjectKey};

/// How an appeal arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealSource {
    /// 办不成事 window: registered by a clerk for a person who could not get
    /// something done; 2 or 5 working days by complexity.
    CantGetItDone,
    /// 企业吹哨: an enterprise blows the whistle online.
    Whistle,
    /// A 12345 hotline work order, imported from the hotline's export.
    #[serde(rename = "hotline_12345")]
    Hotline12345,
    /// The online appeal form (网上诉求).
    OnlineForm,
    /// Raised on a leader's field visit (走访, 助企纾困 work orders).
    FieldVisit,
}

impl AppealSource {
    /// Every source.
    pub const ALL: [AppealSource; 5] = [
        AppealSource::CantGetItDone,
        AppealSource::Whistle,
        AppealSource::Hotline12345,
        AppealSource::OnlineForm,
        AppealSource::FieldVisit,
    ];

    /// Stable code (store column, API, import mapping).
    pub fn code(self) -> &'static str {
        match self {
            AppealSource::CantGetItDone => "cant_get_it_done",
            AppealSource::Whistle => "whistle",
            AppealSource::Hotline12345 => "hotline_12345",
            AppealSource::OnlineForm => "online_form",
            AppealSource::FieldVisit => "field_visit",
        }
    }

    /// The source named by `code`.
    pub fn parse(code: &str) -> Option<AppealSource> {
        AppealSource::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            AppealSource::CantGetItDone => "办不成事窗口",
            AppealSource::Whistle => "企业吹哨",
            AppealSource::Hotline12345 => "12345热线",
            AppealSource::OnlineForm => "网上诉求",
            AppealSource::FieldVisit => "领导走访",
        }
    }

    /// True for the sources an applicant files themselves (online).
    pub fn is_self_service(self) -> bool {
        matches!(self, AppealSource::Whistle | AppealSource::OnlineForm)
    }
}

/// 一般 / 复杂: decides the 办不成事 limit (2 or 5 working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// 一般事项.
    #[default]
    Ordinary,
    /// 复杂事项.
    Complex,
}

impl Complexity {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Complexity::Ordinary => "一般",
            Complexity::Complex => "复杂",
        }
    }
}

/// A person or an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// 自然人.
    Person,
    /// 企业 (or another organisation with a credit code).
    Enterprise,
}

/// Whose appeal it is: the person or enterprise, by name, with the
/// identifier and the profile (一人一档 / 一企一档) when known. `Debug`
/// masks the identifier (see [`SubjectKey`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealSubject {
    /// Person or enterprise.
    pub kind: SubjectKind,
    /// The name as given.
    pub name: String,
    /// The identifier, when given (ID number, permit, passport or USCC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<SubjectKey>,
    /// The subject profile it belongs to, when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<SubjectId>,
}

impl AppealSubject {
    /// The kind a key implies: a credit code is an enterprise.
    pub fn kind_of(key: &SubjectKey) -> SubjectKind {
        match key {
            SubjectKey::Uscc(_) => SubjectKind::Enterprise,
            _ => SubjectKind::Person,
        }
    }

    /// The store's lookup text of the key (`kind:value`), if any.
    pub fn key_text(&self) -> Option<String> {
        self.key
            .as_ref()
            .map(|k| format!("{}:{}", k.kind(), k.lookup_value()))
    }
}
