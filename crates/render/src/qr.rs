//! The verification QR code, drawn as vector squares from the `qrcode`
//! crate's module matrix (no raster image: sharp at any zoom or print size).

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Rect};
use krilla::paint::Fill;
use krilla::surface::Surface;
use qrcode::{Color, EcLevel, QrCode};

use crate::RenderError;

/// Modules of quiet zone (white margin) around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// A QR code ready to draw: `side` modules square, quiet zone excluded.
pub(crate) struct Qr {
    side: usize,
    dark: Vec<bool>,
}

impl Qr {
    /// The code for `url` at error-correction level M (survives a crease
    /// or smudge on a printed sheet).
    pub fn new(url: &str) -> Result<Qr, RenderError> {
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            .map_err(|_| RenderError::VerifyUrlTooLong { len: url.len() })?;
        Ok(Qr {
            side: code.width(),
            dark: code.to_colors().iter().map(|c| *c == Color::Dark).collect(),
        })
    }

    /// Draws the code with its quiet zone in the square at (`x`, `y`) of
    /// side `size`, and returns that square (for the link annotation).
    pub fn draw(&self, surface: &mut Surface<'_>, x: f32, y: f32, size: f32) -> Option<Rect> {
        let area = Rect::from_xywh(x, y, size, size)?;
        let module = size / (self.side + 2 * QUIET_ZONE) as f32;
        let origin = (
            x + module * QUIET_ZONE as f32,
            y + module * QUIET_ZONE as f32,
        );
        surface.set_stroke(None);
        surface.set_fill(Some(Fill {
            paint: rgb::Color::white().into(),
            ..Fill::default()
        }));
        surface.draw_path(&rect_path(area)?);
        surface.set_fill(Some(Fill {
            paint: rgb::Color::black().into(),
            ..Fill::default()
        }));
        if let Some(path) = self.modules_path(origin, module) {
            surface.draw_path(&path);
        }
        surface.set_fill(Some(Fill::default()));
        Some(area)
    }

    /// One path of all dark modules, each row's runs merged into one
    /// rectangle (slightly overlapping the next to avoid hairline gaps).
    fn modules_path(&self, (ox, oy): (f32, f32), module: f32) -> Option<Path> {
        let mut pb = PathBuilder::new();
        for row in 0..self.side {
            let mut col = 0;
            while col < self.side {
                if !self.dark[row * self.side + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.side && self.dark[row * self.side + col] {
                    col += 1;
                }
                if let Some(run) = Rect::from_xywh(
                    ox + start as f32 * module,
                    oy + row as f32 * module,
                    (col - start) as f32 * module,
                    module * 1.02,
                ) {
                    pb.push_rect(run);
                }
            }
        }
        pb.finish()
    }
}

fn rect_path(rect: Rect) -> Option<Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    pb.finish()
}
