//! The department's seal image (印章图样), drawn as vectors: a red ring,
//! the department's name along its upper arc, a five-pointed star in the
//! middle and a caption beneath it, like a paper official seal.
//!
//! The seal's characters are drawn as outlines, not text: a seal is a
//! picture, and its letters must not mix into the extracted text.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::RenderError;
use crate::text::Typesetter;

/// What a department's seal shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealImage {
    /// Along the upper arc: the department's name.
    pub name: String,
    /// Beneath the star, e.g. `电子证照专用章`; may be empty.
    pub caption: String,
}

impl SealImage {
    /// The seal of `department` with the caption 电子证照专用章.
    pub fn for_department(department: &str) -> SealImage {
        SealImage {
            name: department.trim().to_string(),
            caption: "电子证照专用章".to_string(),
        }
    }
}

/// Seal red (印泥红).
pub(crate) fn seal_red() -> rgb::Color {
    rgb::Color::new(214, 32, 40)
}

/// Draws `seal` centred on (`cx`, `cy`) with outer radius `r`.
pub(crate) fn draw(
    surface: &mut Surface<'_>,
    text: &Typesetter<'_>,
    seal: &SealImage,
    (cx, cy): (f32, f32),
    r: f32,
) -> Result<(), RenderError> {
    let opacity = NormalizedF32::new(0.8).unwrap_or(NormalizedF32::ONE);
    let ring_width = r * 0.06;
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: seal_red().into(),
        width: ring_width,
        opacity,
        ..Stroke::default()
    }));
    if let Some(ring) = circle(cx, cy, r - ring_width / 2.0) {
        surface.draw_path(&ring);
    }
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: seal_red().into(),
        opacity,
        ..Fill::default()
    }));
    if let Some(star) = star(cx, cy, r * 0.3) {
        surface.draw_path(&star);
    }

    // The name: one character per step along the upper arc, each upright
    // to the centre, spread over at most 240°.
    let chars: Vec<char> = seal.name.chars().filter(|c| !c.is_whitespace()).collect();
    if !chars.is_empty() {
        let n = chars.len() as f32;
        let span = (n * 26.0).min(240.0);
        let step = if n > 1.0 { span / (n - 1.0) } else { 0.0 };
        let text_radius = r - ring_width * 3.0;
        let arc_per_char = text_radius * step.max(26.0).to_radians();
        let size = (arc_per_char * 0.85).min(r * 0.24);
        for (i, c) in chars.iter().enumerate() {
            let glyph = text.line(&c.to_string(), "印章名称")?;
            let angle = -span / 2.0 + step * i as f32;
            let (sin, cos) = angle.to_radians().sin_cos();
            surface.push_transform(&Transform::from_row(cos, sin, -sin, cos, cx, cy));
            text.draw(
                surface,
                &glyph,
                -glyph.width(size) / 2.0,
                -text_radius + size * 0.88,
                size,
                true,
            );
            surface.pop();
        }
    }

    let caption = seal.caption.trim();
    if !caption.is_empty() {
        let size = r * 0.17;
        let line = text.line(caption, "印章文字")?;
        let size = size.min(r * 1.3 / line.width(1.0).max(0.01));
        text.draw(
            surface,
            &line,
            cx - line.width(size) / 2.0,
            cy + r * 0.55,
            size,
            true,
        );
    }
    surface.set_fill(Some(Fill::default()));
    Ok(())
}

/// A circle as four cubic Béziers.
fn circle(cx: f32, cy: f32, r: f32) -> Option<krilla::geom::Path> {
    const K: f32 = 0.552_284_8;
    let k = r * K;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

/// A five-pointed star with one point up, outer radius `r`.
fn star(cx: f32, cy: f32, r: f32) -> Option<krilla::geom::Path> {
    let inner = r * 0.382;
    let mut pb = PathBuilder::new();
    for i in 0..10 {
        let radius = if i % 2 == 0 { r } else { inner };
        let angle = (-90.0 + 36.0 * i as f32).to_radians();
        let (x, y) = (cx + radius * angle.cos(), cy + radius * angle.sin());
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.close();
    pb.finish()
}
