//! PNG charts of a run (plotters, bitmap backend; the font ships as a crate).
use crate::metrics::{wad_f64, Sample};
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

const FONT: &str = "sans-serif";
static REGISTER_FONT: Once = Once::new();

fn register_font() {
    REGISTER_FONT.call_once(|| {
        // the font is static data in the binary; registration only fails on a corrupt font
        let _ = plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            epaint_default_fonts::UBUNTU_LIGHT,
        );
    });
}

/// One named line of (hours, value) points.
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

const COLORS: [RGBColor; 5] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
];

/// Draws `series` against simulated hours into `path` (900×420 PNG).
pub fn line_chart(path: &Path, title: &str, y_desc: &str, series: &[Series]) -> Result<(), String> {
    let x_max = (series.iter().flat_map(|s| s.points.iter())).fold(0f64, |m, &(x, _)| m.max(x));
    let axes = Axes {
        x_desc: "hours",
        x_range: (0.0, x_max.max(1e-9)),
        y_desc,
        markers: false,
    };
    draw(path, title, &axes, series)
}

/// Draws `series` against `x_desc` over the points' own x range, a dot at every point
/// (a sweep's few parameter values).
pub fn xy_chart(
    path: &Path,
    title: &str,
    (x_desc, y_desc): (&str, &str),
    series: &[Series],
) -> Result<(), String> {
    let xs = || series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (lo, hi) = (xs().fold(f64::MAX, f64::min), xs().fold(f64::MIN, f64::max));
    let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
    let pad = ((hi - lo) * 0.05).max(hi.abs() * 1e-4).max(1e-9);
    let axes = Axes {
        x_desc,
        x_range: (lo - pad, hi + pad),
        y_desc,
        markers: true,
    };
    draw(path, title, &axes, series)
}

/// A chart's axes: descriptions, the x range, and whether points get a dot.
struct Axes<'a> {
    x_desc: &'a str,
    x_range: (f64, f64),
    y_desc: &'a str,
    markers: bool,
}

/// Draws `series` into `path` (900×420 PNG), the y range padded around the points.
fn draw(path: &Path, title: &str, axes: &Axes, series: &[Series]) -> Result<(), String> {
    register_font();
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let root = BitMapBackend::new(path, (900, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let (mut y_min, mut y_max) = (f64::MAX, f64::MIN);
    for &(_, y) in series.iter().flat_map(|s| s.points.iter()) {
        y_min = y_min.min(y);
        y_max = y_max.max(y);
    }
    if y_min > y_max {
        (y_min, y_max) = (0.0, 1.0);
    }
    let pad = ((y_max - y_min) * 0.08).max(y_max.abs() * 1e-4).max(1e-9);
    let (lo, hi) = (y_min - pad, y_max + pad);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 22))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(axes.x_range.0..axes.x_range.1, lo..hi)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .label_style((FONT, 13))
        .draw()
        .map_err(|e| err(&e))?;
    for (i, s) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let points = s.points.iter().copied();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(s.name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
        if axes.markers {
            let dots = points.map(|p| Circle::new(p, 4, color.filled()));
            chart.draw_series(dots).map_err(|e| err(&e))?;
        }
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .label_font((FONT, 14))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(())
}

/// One chart of the report: its title, file name, y axis and lines.
type Chart = (&'static str, &'static str, &'static str, Vec<Series>);

/// The report's charts: (title, file name) in the order the report shows them.
pub fn write_run_charts(
    dir: &Path,
    samples: &[Sample],
    collateral_names: &[String],
    base_decimals: u8,
) -> Result<Vec<(String, String)>, String> {
    let unit = 10f64.powi(base_decimals as i32);
    let mut charts = vec![price_chart(samples, collateral_names)];
    charts.extend(book_charts(samples, unit));
    charts.extend(rate_charts(samples));
    let mut out = vec![];
    for (title, file, y, series) in charts {
        line_chart(&dir.join(file), title, y, &series)?;
        out.push((title.to_string(), file.to_string()));
    }
    Ok(out)
}

/// `f` of every sample, against simulated hours.
fn line(samples: &[Sample], name: &str, f: &dyn Fn(&Sample) -> f64) -> Series {
    Series {
        name: name.to_string(),
        points: samples.iter().map(|x| (x.hours, f(x))).collect(),
    }
}

/// Each collateral's true price; several assets of very different prices share one axis
/// as a share of their start.
fn price_chart(samples: &[Sample], collateral_names: &[String]) -> Chart {
    let relative = collateral_names.len() > 1;
    let price = |slot: usize, x: &Sample| {
        if relative {
            x.prices[slot] / samples[0].prices[slot] * 100.0
        } else {
            x.prices[slot]
        }
    };
    (
        "Collateral prices",
        "prices.png",
        if relative {
            "% of the start price"
        } else {
            "quote per token"
        },
        collateral_names
            .iter()
            .enumerate()
            .map(|(slot, n)| line(samples, n, &|x: &Sample| price(slot, x)))
            .collect(),
    )
}

/// The pool's books: the LP share price, the insurance fund, debt and cash, bad debt.
fn book_charts(samples: &[Sample], unit: f64) -> [Chart; 4] {
    let tokens = |v: u64| v as f64 / unit;
    let series = |name: &str, f: &dyn Fn(&Sample) -> f64| line(samples, name, f);
    [
        (
            "LP share price",
            "share_price.png",
            "base tokens per LP token",
            vec![series("share price", &|x: &Sample| {
                wad_f64(x.share_price_wad)
            })],
        ),
        (
            "Insurance fund (vault ledger + pending interest share)",
            "insurance.png",
            "base tokens",
            vec![
                series("total", &|x: &Sample| tokens(x.insurance())),
                series("vault ledger", &|x: &Sample| tokens(x.insurance_ledger)),
            ],
        ),
        (
            "Total debt and cash",
            "debt.png",
            "base tokens",
            vec![
                series("total debt", &|x: &Sample| tokens(x.total_debt)),
                series("cash", &|x: &Sample| tokens(x.cash)),
            ],
        ),
        (
            "Bad debt: settled (cumulative) and outstanding",
            "bad_debt.png",
            "base tokens",
            vec![
                series("covered by insurance", &|x: &Sample| {
                    tokens(x.total_insurance_paid)
                }),
                series("socialized to LPs", &|x: &Sample| {
                    tokens(x.total_socialized)
                }),
                series("outstanding shortfall", &|x: &Sample| tokens(x.shortfall)),
            ],
        ),
    ]
}

/// Utilization and the borrow rate, in percent.
fn rate_charts(samples: &[Sample]) -> [Chart; 2] {
    [
        (
            "Utilization",
            "utilization.png",
            "%",
            vec![line(samples, "utilization", &|x: &Sample| {
                x.utilization_bps as f64 / 100.0
            })],
        ),
        (
            "Borrow rate (annual)",
            "borrow_rate.png",
            "%",
            vec![line(samples, "borrow APR", &|x: &Sample| {
                x.borrow_rate_bps as f64 / 100.0
            })],
        ),
    ]
}
