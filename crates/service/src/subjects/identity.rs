//! 实名核验: finding the applicant's subject by name and identity document
//! and linking the account to it.

use tongban_domain::auth::Actor;
use tongban_domain::ident::{
    IdentError, Passport, ResidencePermit, ResidentId, TaiwanPermit, Uscc,
};
use tongban_domain::subject::{Subject, SubjectKey};

use super::{SubjectService, applicant_only};
use crate::error::{Refusal, ServiceError};

impl SubjectService {
    /// The applicant's linked subject; `None` before 实名核验. Refused
    /// (`subject_applicant_only`) for anyone but an applicant.
    pub async fn subject_of(&self, actor: &Actor) -> Result<Option<Subject>, ServiceError> {
        applicant_only(actor)?;
        self.store
            .linked_subject(&actor.id)
            .await
            .map_err(ServiceError::store)
    }

    /// 实名核验: parses `document` (resident ID, 台胞证, 居住证, passport, or
    /// a USCC for an enterprise), finds the subject by any of its keys,
    /// checks `name`, and links the applicant to it. An unknown document
    /// and a wrong name get the same refusal (`identity_not_verified`),
    /// and nothing is linked; a malformed identifier is `Invalid` with the
    /// parser's code and masked message.
    pub async fn verify_identity(
        &self,
        actor: &Actor,
        name: &str,
        document: &str,
    ) -> Result<Subject, ServiceError> {
        applicant_only(actor)?;
        let key = parse_document(document)
            .map_err(|e| ServiceError::refused(Refusal::Invalid, e.code, e.message))?;
        let found = self
            .store
            .subject_by_key(&key)
            .await
            .map_err(ServiceError::store)?;
        let subject = match found {
            Some(s) if same_name(s.name(), name) => s,
            _ => {
                tracing::info!(
                    actor = %actor.id,
                    key_kind = key.kind(),
                    key = %key.masked(),
                    "实名核验未通过"
                );
                return Err(ServiceError::refused(
                    Refusal::Invalid,
                    "identity_not_verified",
                    "实名核验未通过：姓名与证件号码不一致，或未查到该证件，请核对后重试",
                ));
            }
        };
        self.store
            .link_applicant(&actor.id, &subject.id, self.now())
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(actor = %actor.id, subject = %subject.id.0, "实名核验通过，已关联档案");
        Ok(subject)
    }
}

/// True when the typed name is the subject's, ignoring surrounding and
/// inner spaces (`张 三`) and ASCII case (for passports).
fn same_name(stored: &str, typed: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !norm(typed).is_empty() && norm(stored) == norm(typed)
}

/// Parses a typed identity document into the key it is looked up by. The
/// kind is chosen by shape: an 18-character number starting `830000` is a
/// residence permit; another 18-character one a resident ID, else a credit
/// code; 8 or 10 digits (optionally with the office in brackets) a 台胞证;
/// anything else a passport. A malformed number gets its parser's error.
pub(crate) fn parse_document(document: &str) -> Result<SubjectKey, IdentError> {
    let compact: String = document
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c as u32 {
            0xFF10..=0xFF19 => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            _ => c.to_ascii_uppercase(),
        })
        .collect();
    let len = compact.chars().count();
    let digits = |n: usize| compact.chars().take(n).all(|c| c.is_ascii_digit());
    if len == 18 && compact.starts_with(ResidencePermit::ADDRESS_CODE) {
        return ResidencePermit::parse(document).map(SubjectKey::ResidencePermit);
    }
    if len == 18 {
        return match ResidentId::parse(document) {
            Ok(id) => Ok(SubjectKey::ResidentId(id)),
            Err(id_err) => match Uscc::parse(document) {
                Ok(code) => Ok(SubjectKey::Uscc(code)),
                Err(_) if digits(17) => Err(id_err),
                Err(uscc_err) => Err(uscc_err),
            },
        };
    }
    if matches!(len, 8 | 10) && digits(len) || len == 13 && digits(10) {
        return TaiwanPermit::parse(document).map(SubjectKey::TaiwanPermit);
    }
    if len == 15 && digits(15) {
        // A first-generation ID: refused with the resident-ID parser's
        // message (it names the 18-digit form).
        return ResidentId::parse(document).map(SubjectKey::ResidentId);
    }
    Passport::parse(document).map(SubjectKey::Passport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_kind_is_recognised_by_its_shape() {
        let kinds = [
            ("11010519491231002X", "resident_id"),
            ("91350100M000100Y43", "uscc"),
            ("08123456", "taiwan_permit"),
            ("0812345602", "taiwan_permit"),
            ("0812345601(B)", "taiwan_permit"),
            ("E12345678", "passport"),
        ];
        for (doc, kind) in kinds {
            assert_eq!(parse_document(doc).unwrap().kind(), kind, "{doc}");
        }
    }

    #[test]
    fn a_resident_id_with_a_wrong_check_digit_gets_the_resident_id_error_masked() {
        let err = parse_document("110105194912310021").unwrap_err();
        assert_eq!(err.code, "invalid_resident_id_checksum");
        assert!(!err.message.contains("110105194912310021"));
    }

    #[test]
    fn names_match_ignoring_spaces_but_not_other_characters() {
        assert!(same_name("张三", " 张 三 "));
        assert!(same_name("John Smith", "JOHN SMITH"));
        assert!(!same_name("张三", "张四"));
        assert!(!same_name("张三", ""));
    }
}
