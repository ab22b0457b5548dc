//! The monthly revenue chart: bars per month, the trailing-twelve-month line,
//! the threshold line and the evaluation window, in SVG. Each series differs
//! by shape (bars, solid line, dashed line, hatched band) and is named in the
//! legend, so it reads without colour. Floats are used for pixels only.

use chrono::{Datelike, NaiveDate};
use yew::prelude::*;

use super::svg;
use crate::domain::assess::ResellerAssessment;
use crate::domain::dates::month_start;
use crate::domain::money::Money;
use crate::web::i18n::L10n;

/// Props of [`RevenueChart`].
#[derive(Properties, PartialEq)]
pub struct RevenueChartProps {
    /// The assessment (its monthly series).
    pub assessment: ResellerAssessment,
    /// The threshold.
    pub threshold: Money,
    /// The as-of date.
    pub as_of: NaiveDate,
}

const W: f64 = 760.0;
const H: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The chart.
#[component]
pub fn RevenueChart(props: &RevenueChartProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let months = &props.assessment.monthly;
    if months.is_empty() {
        return html! {};
    }
    let now = month_start(props.as_of);
    let threshold = props.threshold.to_f64();
    let hi = months.iter().map(|m| m.net_usd.to_f64().max(m.ttm_usd.to_f64())).fold(threshold, f64::max) * 1.12;
    let lo = months.iter().map(|m| m.net_usd.to_f64().min(m.ttm_usd.to_f64())).fold(0.0, f64::min) * 1.12;
    let span = (hi - lo).max(1.0);
    let y = |v: f64| TOP + (hi - v) / span * (H - TOP - BOTTOM);
    let step = (W - LEFT - RIGHT) / months.len() as f64;
    let x = |i: usize| LEFT + i as f64 * step;
    let zero = y(0.0);

    let window = props.assessment.evaluation_window.and_then(|w| {
        let first = months.iter().position(|m| m.month >= month_start(w.start))?;
        let last = months.iter().rposition(|m| m.month <= w.end)?;
        Some((x(first), x(last + 1)))
    });
    let ttm_points: String = months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.month <= now)
        .map(|(i, m)| format!("{},{}", svg(x(i) + step / 2.0), svg(y(m.ttm_usd.to_f64()))))
        .collect::<Vec<_>>()
        .join(" ");
    let today_x = months.iter().position(|m| m.month == now).map(|i| x(i) + step / 2.0);
    let ticks: Vec<f64> = {
        let raw = span / 4.0;
        let mag = 10f64.powf(raw.log10().floor());
        let nice = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(raw);
        let mut t = (lo / nice).ceil() * nice;
        let mut out = Vec::new();
        while t <= hi && out.len() < 8 {
            out.push(t);
            t += nice;
        }
        out
    };
    let label = l.f(
        "Monthly revenue of the last {months} months; trailing twelve months now {ttm}; threshold {threshold}.",
        &[("months", &months.len()), ("ttm", &l.usd(props.assessment.ttm_net_usd)), ("threshold", &l.usd(props.threshold))],
    );
    html! {
        <figure class="revenue-chart">
            <svg viewBox={format!("0 0 {} {}", svg(W), svg(H))} role="img" aria-label={label}>
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                </defs>
                if let Some((x0, x1)) = window {
                    <rect class="window" x={svg(x0)} y={svg(TOP)} width={svg(x1 - x0)} height={svg(H - TOP - BOTTOM)} />
                    <text class="window-label" x={svg(x0 + 4.0)} y={svg(TOP + 12.0)}>{ l.t("Evaluation window") }</text>
                }
                { for ticks.iter().map(|t| html! {
                    <g class="tick">
                        <line x1={svg(LEFT)} x2={svg(W - RIGHT)} y1={svg(y(*t))} y2={svg(y(*t))} />
                        <text x={svg(LEFT - 6.0)} y={svg(y(*t) + 4.0)} text-anchor="end">{ l.compact(*t) }</text>
                    </g>
                }) }
                { for months.iter().enumerate().map(|(i, m)| {
                    let v = m.net_usd.to_f64();
                    let (top, height) = if v >= 0.0 { (y(v), zero - y(v)) } else { (zero, y(v) - zero) };
                    html! {
                        <g>
                            <rect class={classes!("bar", (v < 0.0).then_some("negative"), (m.month > now).then_some("future"))}
                                x={svg(x(i) + step * 0.15)} y={svg(top)} width={svg(step * 0.7)} height={svg(height.max(0.5))}>
                                <title>{ l.f("{month}: {net} (TTM {ttm})", &[("month", &l.month_year(m.month)), ("net", &l.usd(m.net_usd)), ("ttm", &l.usd(m.ttm_usd))]) }</title>
                            </rect>
                            if m.month.month() % 3 == 1 {
                                <text class="x-label" x={svg(x(i) + step / 2.0)} y={svg(H - BOTTOM + 14.0)} text-anchor="middle">{ l.month_short(m.month) }</text>
                                if m.month.month() == 1 || i == 0 {
                                    <text class="x-label year" x={svg(x(i) + step / 2.0)} y={svg(H - BOTTOM + 27.0)} text-anchor="middle">{ m.month.year().to_string() }</text>
                                }
                            }
                        </g>
                    }
                }) }
                <line class="zero" x1={svg(LEFT)} x2={svg(W - RIGHT)} y1={svg(zero)} y2={svg(zero)} />
                <line class="threshold" x1={svg(LEFT)} x2={svg(W - RIGHT)} y1={svg(y(threshold))} y2={svg(y(threshold))} />
                <text class="threshold-label" x={svg(W - RIGHT - 4.0)} y={svg(y(threshold) - 5.0)} text-anchor="end">{ l.f("{threshold} threshold", &[("threshold", &l.usd(props.threshold))]) }</text>
                <polyline class="ttm" points={ttm_points} />
                if let Some(tx) = today_x {
                    <line class="today" x1={svg(tx)} x2={svg(tx)} y1={svg(TOP)} y2={svg(H - BOTTOM)} />
                    <text class="today-label" x={svg(tx - 3.0)} y={svg(H - BOTTOM - 4.0)} text-anchor="end">{ l.t("today") }</text>
                }
            </svg>
            <figcaption class="legend">
                <span><i class="key bar-key"></i>{ l.t("Revenue per month (net)") }</span>
                <span><i class="key ttm-key"></i>{ l.t("Trailing twelve months") }</span>
                <span><i class="key threshold-key"></i>{ l.t("Threshold") }</span>
                <span><i class="key window-key"></i>{ l.t("Window of the next evaluation") }</span>
            </figcaption>
        </figure>
    }
}
