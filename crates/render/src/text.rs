//! Shaping, measuring, wrapping and drawing lines of text in the CJK font.
//!
//! Text is shaped here (rustybuzz) rather than by the PDF writer so that a
//! line's width is known before it is placed, and so that a character the
//! font lacks is refused instead of printed as an empty box.

use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::{CjkFont, RenderError};

/// A shaped line: its text and glyphs, with advances in em.
pub(crate) struct Line {
    pub text: String,
    glyphs: Vec<KrillaGlyph>,
    width_em: f32,
}

impl Line {
    /// The line's width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.width_em * size
    }
}

/// Shapes and draws text in one font face.
pub(crate) struct Typesetter<'a> {
    face: rustybuzz::Face<'a>,
    font: Font,
}

impl<'a> Typesetter<'a> {
    /// A typesetter for `font`.
    pub fn new(font: &'a CjkFont) -> Result<Typesetter<'a>, RenderError> {
        let unusable = |reason: &str| RenderError::FontUnusable {
            path: font.path().to_path_buf(),
            reason: reason.to_string(),
        };
        let face = rustybuzz::Face::from_slice(font.data(), font.face_index())
            .ok_or_else(|| unusable("无法解析字形"))?;
        let pdf_font = Font::new(font.data().clone().into(), font.face_index())
            .ok_or_else(|| unusable("PDF无法嵌入该字体"))?;
        Ok(Typesetter {
            face,
            font: pdf_font,
        })
    }

    /// Shapes `text` as one line. Control characters become spaces;
    /// `context` names the text in the error when a glyph is missing.
    pub fn line(&self, text: &str, context: &str) -> Result<Line, RenderError> {
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if let Some(character) = text
            .chars()
            .find(|&c| !c.is_whitespace() && self.face.glyph_index(c).is_none())
        {
            return Err(RenderError::MissingGlyph {
                character,
                context: context.to_string(),
            });
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&self.face, &[], buffer);
        let upem = self.face.units_per_em().max(1) as f32;
        let infos = output.glyph_infos();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width_em = 0.0;
        for (i, (info, pos)) in infos.iter().zip(output.glyph_positions()).enumerate() {
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width_em += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end.max(start),
                None,
            ));
        }
        Ok(Line {
            text,
            glyphs,
            width_em,
        })
    }

    /// Breaks `text` into lines no wider than `max_width` at `size`: a
    /// break may fall between any two characters (as Chinese allows), but
    /// not before closing punctuation.
    pub fn wrap(
        &self,
        text: &str,
        size: f32,
        max_width: f32,
        context: &str,
    ) -> Result<Vec<Line>, RenderError> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for c in text.chars() {
            let mut candidate = current.clone();
            candidate.push(c);
            let fits = self.line(&candidate, context)?.width(size) <= max_width;
            if fits || current.is_empty() || is_closing(c) {
                current = candidate;
            } else {
                lines.push(self.line(current.trim_end(), context)?);
                current = c.to_string();
            }
        }
        if !current.trim().is_empty() || lines.is_empty() {
            lines.push(self.line(current.trim_end(), context)?);
        }
        Ok(lines)
    }

    /// Draws `line` with its baseline starting at (`x`, `y`) in the current
    /// fill; `outlined` draws the glyphs as shapes (not extractable text).
    pub fn draw(
        &self,
        surface: &mut Surface<'_>,
        line: &Line,
        x: f32,
        y: f32,
        size: f32,
        outlined: bool,
    ) {
        surface.draw_glyphs(
            Point::from_xy(x, y),
            &line.glyphs,
            self.font.clone(),
            &line.text,
            size,
            outlined,
        );
    }
}

/// Punctuation that must not begin a line (避头点).
fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』”’,.;:?!)".contains(c)
}
