//! 一扫即知: the QR code printed on a guide page, pointing back to the page.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Pixels per QR module in the SVG (the CSS scales it; this is the
/// unscaled size, about 4 cm at print resolution for a page URL).
const MODULE_PX: u32 = 4;

/// The QR code for `url`, at error-correction level M (survives a
/// crease or smudge on a printed sheet), or `None` when the text is too
/// long for any QR version.
pub fn code(url: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()
}

/// Inline SVG markup of the QR code for `url`: black modules on white with
/// the quiet zone, labelled for screen readers.
pub fn svg(url: &str) -> Option<String> {
    let code = code(url)?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(MODULE_PX, MODULE_PX)
        .quiet_zone(true)
        .build();
    // The XML declaration has no place inside an HTML document.
    let start = image.find("<svg")?;
    Some(image[start..].replacen(
        "<svg ",
        r#"<svg role="img" aria-label="本页办事指南的二维码" "#,
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the SVG draws, read back from its path
    /// (`M{x} {y}h{w}v{h}H{x}V{y}` per module) as a square grid.
    fn modules_from_svg(svg: &str) -> (usize, Vec<bool>) {
        let width: u32 = svg
            .split(r#"width=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let side = (width / MODULE_PX) as usize;
        let mut grid = vec![false; side * side];
        let path = svg
            .split(r#" d=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for cmd in path.split('M').filter(|c| !c.is_empty()) {
            let (xy, _) = cmd.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
            grid[(y / MODULE_PX) as usize * side + (x / MODULE_PX) as usize] = true;
        }
        (side, grid)
    }

    /// Decodes a module grid with an independent QR reader (rqrr).
    fn decode(side: usize, grid: &[bool]) -> String {
        let scale = 4;
        let px = side * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if grid[(y / scale) * side + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "exactly one QR code in the image");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_svg_decodes_back_to_the_page_url() {
        let url = "https://zwfw.example.gov.cn/items/350825-scjg-001";
        let svg = svg(url).unwrap();
        assert!(svg.starts_with("<svg "));
        assert!(!svg.contains("<?xml"));
        let (side, grid) = modules_from_svg(&svg);
        assert_eq!(decode(side, &grid), url);
    }

    #[test]
    fn the_svg_draws_exactly_the_modules_of_the_url_code() {
        let url = "http://127.0.0.1:8080/items/a?b=1";
        let (side, grid) = modules_from_svg(&svg(url).unwrap());
        let expected = code(url).unwrap();
        let n = expected.width();
        assert_eq!(side, n + 8, "4 modules of quiet zone on each side");
        for (i, colour) in expected.to_colors().iter().enumerate() {
            let (x, y) = (i % n + 4, i / n + 4);
            assert_eq!(
                grid[y * side + x],
                *colour == qrcode::Color::Dark,
                "module {x},{y}"
            );
        }
        let other = modules_from_svg(&svg("http://127.0.0.1:8080/items/c").unwrap());
        assert_ne!(other.1, grid, "another URL draws another code");
    }
}
