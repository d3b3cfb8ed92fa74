//! Printable documents: the PDF of an electronic licence (电子证照).
//!
//! What it is for: [`licence_pdf`] lays out one A4 landscape page with the
//! licence type's name, the licence number, the holder (masked, as the
//! public verification view shows it), the public fields, the validity,
//! the issuing department with its seal, and a QR code pointing at the
//! public verification page. Text is embedded as a subset of a CJK font
//! with its Unicode mapping, so `pdftotext` and screen readers get the
//! Chinese text back.
//!
//! What it is not: storage or signing. The signature lives with the
//! licence (`tongban-seal`); the PDF is a view of it, and the QR code is
//! how a reader checks it is genuine. docs/licence-pdf.md describes the
//! layout and the font choice.

mod content;
mod error;
mod font;
mod layout;
mod qr;
mod seal;
mod text;

use chrono::NaiveDate;
use tongban_domain::licence::{Licence, LicenceType};

pub use error::RenderError;
pub use font::{CjkFont, DEFAULT_FONT_PATHS};
pub use seal::SealImage;

/// Everything printed on a licence PDF.
#[derive(Debug, Clone, Copy)]
pub struct LicencePdf<'a> {
    /// The licence to print.
    pub licence: &'a Licence,
    /// The licence's type: decides which fields are public and printed.
    pub licence_type: &'a LicenceType,
    /// The issuing department's seal.
    pub seal: &'a SealImage,
    /// The public verification page of this licence; the QR code and the
    /// page's link point here.
    pub verify_url: &'a str,
    /// The day of printing: a licence revoked or expired by then says so.
    pub today: NaiveDate,
}

/// Renders `doc` as a one-page PDF in `font`.
///
/// Only what the public view shows is printed about the holder: a person's
/// name and ID number masked, an enterprise's name and credit code whole;
/// of the licence's fields, only those the type marks public.
pub fn licence_pdf(doc: &LicencePdf<'_>, font: &CjkFont) -> Result<Vec<u8>, RenderError> {
    layout::render(doc, font)
}
