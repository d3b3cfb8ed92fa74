//! The page: one A4 landscape sheet with a double border, the title, the
//! rows of the licence on the left, the QR code on the right and the
//! issuing department with its seal at the bottom right.
//!
//! Coordinates are PDF points (1/72 inch) from the top-left corner, y down.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::{
    Document, action::LinkAction, annotation::Annotation, annotation::LinkAnnotation,
    annotation::Target,
};

use crate::content::Sheet;
use crate::qr::Qr;
use crate::seal::{self, seal_red};
use crate::text::{Line, Typesetter};
use crate::{CjkFont, LicencePdf, RenderError};

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
/// The rows' columns and the lowest baseline they may reach.
const LABEL_X: f32 = 80.0;
const LABEL_W: f32 = 130.0;
const VALUE_X: f32 = 225.0;
const VALUE_W: f32 = 385.0;
const ROWS_TOP: f32 = 185.0;
const ROWS_BOTTOM: f32 = 470.0;
/// The QR code's square and the seal.
const QR_X: f32 = 650.0;
const QR_Y: f32 = 160.0;
const QR_SIZE: f32 = 140.0;
const SEAL_CENTRE: (f32, f32) = (690.0, 478.0);
const SEAL_R: f32 = 62.0;
/// Row type sizes tried, largest first, until the rows fit.
const ROW_SIZES: [f32; 6] = [15.0, 14.0, 13.0, 12.0, 11.0, 10.0];

/// One row laid out: its label and value lines at one size.
struct Row {
    label: Vec<Line>,
    value: Vec<Line>,
}

/// Renders the licence page.
pub(crate) fn render(doc: &LicencePdf<'_>, font: &CjkFont) -> Result<Vec<u8>, RenderError> {
    let sheet = Sheet::of(doc);
    let text = Typesetter::new(font)?;
    let qr = Qr::new(doc.verify_url)?;
    let (size, rows) = fit_rows(&text, &sheet)?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", sheet.title, sheet.number))
            .language("zh-CN".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| RenderError::Pdf("页面尺寸无效".to_string()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();

    border(&mut surface);
    ink(&mut surface, rgb::Color::black());
    let title = text.line(&sheet.title, "证照名称")?;
    let title_size = 30.0_f32.min(600.0 / title.width(1.0).max(0.01));
    centred(&mut surface, &text, &title, PAGE_W / 2.0, 100.0, title_size);
    let number = text.line(&sheet.number, "证照编号")?;
    centred(&mut surface, &text, &number, PAGE_W / 2.0, 132.0, 12.0);
    if let Some(status) = &sheet.status {
        ink(&mut surface, seal_red());
        let status = text.line(status, "证照状态")?;
        centred(&mut surface, &text, &status, PAGE_W / 2.0, 160.0, 14.0);
        ink(&mut surface, rgb::Color::black());
    }

    let leading = size * 1.5;
    let mut y = ROWS_TOP;
    for row in &rows {
        for (i, line) in row.label.iter().enumerate() {
            text.draw(
                &mut surface,
                line,
                LABEL_X,
                y + leading * i as f32,
                size,
                false,
            );
        }
        for (i, line) in row.value.iter().enumerate() {
            text.draw(
                &mut surface,
                line,
                VALUE_X,
                y + leading * i as f32,
                size,
                false,
            );
        }
        y += leading * row.label.len().max(row.value.len()) as f32 + size * 0.7;
    }

    let qr_area = qr.draw(&mut surface, QR_X, QR_Y, QR_SIZE);
    ink(&mut surface, rgb::Color::black());
    let caption = text.line("扫码核验", "二维码说明")?;
    let qr_centre = QR_X + QR_SIZE / 2.0;
    centred(
        &mut surface,
        &text,
        &caption,
        qr_centre,
        QR_Y + QR_SIZE + 16.0,
        11.0,
    );
    // The address in print too, when it fits in four short lines.
    let url = text.wrap(doc.verify_url, 7.0, QR_SIZE + 30.0, "核验地址")?;
    if url.len() <= 4 {
        for (i, line) in url.iter().enumerate() {
            let y = QR_Y + QR_SIZE + 30.0 + 9.0 * i as f32;
            centred(&mut surface, &text, line, qr_centre, y, 7.0);
        }
    }

    let issuer = text.line(&sheet.issuer, "发证机关")?;
    let issued = text.line(&sheet.issued, "发证日期")?;
    let right = PAGE_W - 70.0;
    let issuer_size = 14.0_f32.min(420.0 / issuer.width(1.0).max(0.01));
    let issuer_x = right - issuer.width(issuer_size);
    text.draw(&mut surface, &issuer, issuer_x, 478.0, issuer_size, false);
    text.draw(
        &mut surface,
        &issued,
        right - issued.width(12.0),
        502.0,
        12.0,
        false,
    );
    let footer = text.line(&sheet.footer, "页脚")?;
    let footer_size = 8.0_f32.min((PAGE_W - 140.0) / footer.width(1.0).max(0.01));
    ink(&mut surface, rgb::Color::new(90, 90, 90));
    text.draw(
        &mut surface,
        &footer,
        70.0,
        PAGE_H - 45.0,
        footer_size,
        false,
    );
    seal::draw(&mut surface, &text, doc.seal, SEAL_CENTRE, SEAL_R)?;
    surface.finish();

    if let Some(area) = qr_area {
        let link = LinkAnnotation::new(
            area,
            Target::Action(LinkAction::new(doc.verify_url.to_string()).into()),
        );
        page.add_annotation(Annotation::new_link(
            link,
            Some("扫码核验本证照".to_string()),
        ));
    }
    page.finish();
    document
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

/// The largest row size at which every row fits above [`ROWS_BOTTOM`].
fn fit_rows(text: &Typesetter<'_>, sheet: &Sheet) -> Result<(f32, Vec<Row>), RenderError> {
    for size in ROW_SIZES {
        let mut rows = Vec::with_capacity(sheet.rows.len());
        let mut bottom = ROWS_TOP;
        for (label, value) in &sheet.rows {
            let row = Row {
                label: text.wrap(label, size, LABEL_W, label)?,
                value: text.wrap(value, size, VALUE_W, label)?,
            };
            bottom += size * 1.5 * row.label.len().max(row.value.len()) as f32 + size * 0.7;
            rows.push(row);
        }
        if bottom - size * 2.2 <= ROWS_BOTTOM {
            return Ok((size, rows));
        }
    }
    Err(RenderError::ContentTooLong {
        what: format!("{}项内容在最小字号下仍超出版面", sheet.rows.len()),
    })
}

/// Draws `line` centred on `cx`.
fn centred(
    surface: &mut Surface<'_>,
    text: &Typesetter<'_>,
    line: &Line,
    cx: f32,
    y: f32,
    size: f32,
) {
    text.draw(surface, line, cx - line.width(size) / 2.0, y, size, false);
}

/// Sets a plain fill of `colour` and no stroke.
fn ink(surface: &mut Surface<'_>, colour: rgb::Color) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: colour.into(),
        ..Fill::default()
    }));
}

/// The double border: a thick outer line and a thin inner one.
fn border(surface: &mut Surface<'_>) {
    let colour = rgb::Color::new(150, 40, 40);
    surface.set_fill(None);
    for (inset, width) in [(22.0, 2.5), (30.0, 0.8)] {
        surface.set_stroke(Some(Stroke {
            paint: colour.into(),
            width,
            ..Stroke::default()
        }));
        let mut pb = PathBuilder::new();
        if let Some(rect) =
            Rect::from_xywh(inset, inset, PAGE_W - 2.0 * inset, PAGE_H - 2.0 * inset)
        {
            pb.push_rect(rect);
        }
        if let Some(path) = pb.finish() {
            surface.draw_path(&path);
        }
    }
}
