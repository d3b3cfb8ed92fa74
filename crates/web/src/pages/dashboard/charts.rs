//! Charts drawn on the server as SVG (plotters' SVG backend): bars for a
//! breakdown, lines for a daily trend. Labels are SVG `<text>` set in a
//! CJK font, so the browser draws them and the 繁體 switch converts them
//! like any other page text. A chart that cannot be drawn says so.

use maud::{Markup, PreEscaped, html};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The fonts chart labels ask for, first the one the servers install.
pub const FONT: &str = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif";

/// Colours of a chart: light on the dashboard, dark on the big screen.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    background: RGBColor,
    ink: RGBColor,
    grid: RGBColor,
    /// Bars and the first line.
    pub bar: RGBColor,
    /// The second line.
    pub second: RGBColor,
}

/// The dashboard's colours.
pub const LIGHT: Theme = Theme {
    background: RGBColor(255, 255, 255),
    ink: RGBColor(31, 41, 51),
    grid: RGBColor(221, 227, 234),
    bar: RGBColor(179, 38, 30),
    second: RGBColor(11, 92, 173),
};

/// The big screen's colours.
pub const DARK: Theme = Theme {
    background: RGBColor(11, 23, 41),
    ink: RGBColor(230, 237, 243),
    grid: RGBColor(40, 60, 88),
    bar: RGBColor(255, 193, 7),
    second: RGBColor(79, 195, 247),
};

impl Theme {
    /// The bar colour as SVG writes it (`#RRGGBB`), to find the bars.
    pub fn bar_fill(&self) -> String {
        let RGBColor(r, g, b) = self.bar;
        format!("#{r:02X}{g:02X}{b:02X}")
    }
}

/// A bar chart of `bars` (label, value) titled `title`, inside a
/// `<figure data-chart=name data-bars=N>`.
pub fn bars(name: &str, title: &str, bars: &[(String, f64)], theme: Theme) -> Markup {
    let drawn = if bars.is_empty() {
        Err("没有数据".to_string())
    } else {
        draw_bars(bars, theme, (720, 320))
    };
    frame(name, title, bars.len(), &theme, drawn)
}

/// A line chart over days: `series` of (name, values), values aligned
/// with `days` (labels such as `03-05`).
pub fn lines(
    name: &str,
    title: &str,
    days: &[String],
    series: &[(&str, Vec<f64>)],
    theme: Theme,
) -> Markup {
    let drawn = if days.is_empty() {
        Err("没有数据".to_string())
    } else {
        draw_lines(days, series, theme, (720, 300))
    };
    frame(name, title, days.len(), &theme, drawn)
}

fn frame(
    name: &str,
    title: &str,
    count: usize,
    theme: &Theme,
    drawn: Result<String, String>,
) -> Markup {
    html! {
        figure.chart data-chart=(name) data-bars=(count) data-bar-fill=(theme.bar_fill()) {
            figcaption { (title) }
            @match drawn {
                Ok(svg) => (PreEscaped(svg)),
                Err(reason) => p.empty { "图表暂无法显示：" (reason) },
            }
        }
    }
}

fn failed<E: std::fmt::Debug>(e: E) -> String {
    tracing::error!(error = ?e, "统计图表无法生成");
    "绘图失败".to_string()
}

fn font(size: u32, color: &RGBColor) -> TextStyle<'_> {
    TextStyle::from((FONT, size).into_font()).color(color)
}

fn draw_bars(bars: &[(String, f64)], theme: Theme, size: (u32, u32)) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&theme.background).map_err(failed)?;
        let top = bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
        let top = if top <= 0.0 { 1.0 } else { top * 1.15 };
        let n = bars.len();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..n as f64, 0.0..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(theme.grid)
            .axis_style(theme.ink)
            .x_labels(0)
            .y_labels(5)
            .y_label_style(font(18, &theme.ink))
            .y_label_formatter(&|v| super::format::count(v.round() as i64))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                let x = i as f64;
                Rectangle::new([(x + 0.18, 0.0), (x + 0.82, *v)], theme.bar.filled())
            }))
            .map_err(failed)?;
        let label = font(20, &theme.ink).pos(Pos::new(HPos::Center, VPos::Top));
        let value = font(18, &theme.ink).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, (name, v)) in bars.iter().enumerate() {
            let x = i as f64 + 0.5;
            let (px, py) = chart.backend_coord(&(x, 0.0));
            root.draw(&Text::new(name.clone(), (px, py + 8), label.clone()))
                .map_err(failed)?;
            let (vx, vy) = chart.backend_coord(&(x, *v));
            let shown = if v.fract() == 0.0 {
                super::format::count(*v as i64)
            } else {
                format!("{v:.2}")
            };
            root.draw(&Text::new(shown, (vx, vy - 4), value.clone()))
                .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

fn draw_lines(
    days: &[String],
    series: &[(&str, Vec<f64>)],
    theme: Theme,
    size: (u32, u32),
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&theme.background).map_err(failed)?;
        let top = series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.0_f64, f64::max);
        let top = if top <= 0.0 { 1.0 } else { top * 1.15 };
        let last = days.len().saturating_sub(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..last, 0.0..top)
            .map_err(failed)?;
        let labels = days.len().clamp(2, 8);
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(theme.grid)
            .axis_style(theme.ink)
            .x_labels(labels)
            .y_labels(5)
            .x_label_style(font(18, &theme.ink))
            .y_label_style(font(18, &theme.ink))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                days.get(i as usize).cloned().unwrap_or_default()
            })
            .y_label_formatter(&|v| super::format::count(v.round() as i64))
            .draw()
            .map_err(failed)?;
        let colours = [theme.bar, theme.second];
        for (k, (name, values)) in series.iter().enumerate() {
            let colour = colours[k % colours.len()];
            chart
                .draw_series(LineSeries::new(
                    values.iter().enumerate().map(|(i, v)| (i as f64, *v)),
                    colour.stroke_width(2),
                ))
                .map_err(failed)?
                .label(*name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(theme.background.mix(0.85))
            .border_style(theme.grid)
            .label_font(font(18, &theme.ink))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_draws_one_bar_per_value_with_chinese_text_labels() {
        let data = vec![("窗口".to_string(), 12.0), ("网上".to_string(), 30.0)];
        let svg = bars("channels", "按渠道", &data, LIGHT).into_string();
        let bar = format!(r#"fill="{}" stroke="none"/>"#, LIGHT.bar_fill());
        assert_eq!(svg.matches(&bar).count(), 2, "{svg}");
        assert!(svg.contains("<text") && svg.contains("\n窗口\n"));
        assert!(svg.contains("Noto Sans CJK SC"));
        assert!(svg.contains(r#"data-bars="2""#));
    }

    #[test]
    fn a_line_chart_draws_a_path_per_series_and_no_data_says_so() {
        let days = vec![
            "03-01".to_string(),
            "03-02".to_string(),
            "03-03".to_string(),
        ];
        let svg = lines(
            "trend",
            "趋势",
            &days,
            &[("申报", vec![1.0, 3.0, 2.0])],
            LIGHT,
        )
        .into_string();
        assert!(svg.contains("<polyline"), "{svg}");
        assert!(svg.contains("\n申报\n"));
        let empty = bars("regions", "按区划", &[], LIGHT).into_string();
        assert!(empty.contains("没有数据"));
    }
}
