//! The licence PDF for its holder: the printable view with the seal image
//! and a QR code to the public verification page.

use tongban_domain::auth::Actor;
use tongban_render::{CjkFont, LicencePdf, SealImage, licence_pdf};

use super::WalletService;
use crate::error::ServiceError;

impl WalletService {
    /// The PDF of the caller's licence `number`; its QR code and link
    /// point at `verify_url` (the public verification page of this
    /// licence, built by the edge from the site's address). Another
    /// holder's licence answers `licence_not_found`; a missing CJK font or
    /// licence type is `Unavailable`.
    pub async fn licence_pdf(
        &self,
        actor: &Actor,
        number: &str,
        verify_url: &str,
    ) -> Result<Vec<u8>, ServiceError> {
        let holder = self.holder(actor).await?;
        let row = self.own_row(&holder, number).await?;
        let licence_type = self
            .licence_type(row.licence.type_code.as_str())
            .await?
            .ok_or_else(|| {
                ServiceError::Unavailable(format!(
                    "证照类型“{}”不在证照目录中，无法生成证照文件",
                    row.licence.type_code
                ))
            })?;
        let font = CjkFont::discover().map_err(|e| {
            ServiceError::Unavailable(format!("无法生成证照文件：缺少中文字体（{}）", e.code()))
        })?;
        let seal = SealImage::for_department(&row.licence.issuer.name);
        let doc = LicencePdf {
            licence: &row.licence,
            licence_type: &licence_type,
            seal: &seal,
            verify_url,
            today: self.today(),
        };
        licence_pdf(&doc, &font).map_err(|e| {
            tracing::error!(code = e.code(), "licence PDF failed: {e}");
            ServiceError::Unavailable(format!("证照文件生成失败（{}）", e.code()))
        })
    }
}
