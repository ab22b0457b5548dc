//! The portfolio's next twelve months as bars: per evaluation month, how
//! many tenants face an evaluation (the number above each bar) and how much
//! revenue the ones not yet on track still need (the bar, stacked by
//! status). Each status has its own pattern as well as its colour, so the
//! picture reads in print and without colour; every bar and segment carries
//! its figures as `data-` attributes and an accessible title.

use std::rc::Rc;

use yew::prelude::*;

use super::svg;
use crate::domain::assess::Status;
use crate::domain::dates::iso_month;
use crate::domain::money::Money;
use crate::domain::outlook::outlook;
use crate::domain::report::Report;
use crate::web::format::status_symbol;
use crate::web::i18n::L10n;

/// Props of [`PortfolioOutlook`].
#[derive(Properties, PartialEq)]
pub struct PortfolioOutlookProps {
    /// The report.
    pub report: Rc<Report>,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 8.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = 36.0;

/// The fill of a status's segment: its pattern (defined in the SVG).
fn pattern(s: Status) -> &'static str {
    match s {
        Status::EvaluationMonth => "url(#pat-evaluation_month)",
        Status::NoticePeriod => "url(#pat-notice_period)",
        Status::AtRisk => "url(#pat-at_risk)",
        Status::NeedsInput => "url(#pat-needs_input)",
        _ => "url(#pat-other)",
    }
}

/// The picture.
#[component]
pub fn PortfolioOutlook(props: &PortfolioOutlookProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let months = outlook(&props.report.resellers, props.report.as_of);
    let max = months.iter().map(|m| m.shortfall_usd.to_f64()).fold(0.0, f64::max);
    let slot = (WIDTH - LEFT) / months.len().max(1) as f64;
    let plot = HEIGHT - TOP - BOTTOM;
    let scale = |v: f64| if max > 0.0 { v / max * plot } else { 0.0 };
    let statuses: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| months.iter().any(|m| m.by_status.iter().any(|x| x.status == *s && x.shortfall_usd.0 > rust_decimal::Decimal::ZERO)))
        .collect();
    let total_tenants: usize = months.iter().map(|m| m.tenants).sum();
    let total_short = months.iter().fold(Money::default(), |a, m| a + m.shortfall_usd);
    html! {
        <section class="card portfolio-outlook" aria-labelledby="outlook-heading">
            <div class="card-head">
                <h2 id="outlook-heading">{ l.t("The next 12 months") }</h2>
                <p class="muted" id="outlook-total" data-tenants={total_tenants.to_string()} data-shortfall={total_short.to_string()}>
                    { l.f("{tenants} evaluations; {short} still needed by the tenants not yet on track", &[("tenants", &l.number(total_tenants as i64)), ("short", &l.usd(total_short))]) }
                </p>
            </div>
            <svg viewBox={format!("0 0 {} {}", svg(WIDTH), svg(HEIGHT))} role="img" aria-labelledby="outlook-heading outlook-total">
                <defs>
                    <pattern id="pat-evaluation_month" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-evaluation_month" /></pattern>
                    <pattern id="pat-notice_period" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="fill-notice_period-bg" /><rect width="3" height="6" class="fill-notice_period" /></pattern>
                    <pattern id="pat-at_risk" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-at_risk-bg" /><circle cx="3" cy="3" r="1.6" class="fill-at_risk" /></pattern>
                    <pattern id="pat-needs_input" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-needs_input-bg" /><rect y="2" width="6" height="2" class="fill-needs_input" /></pattern>
                    <pattern id="pat-other" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-other" /></pattern>
                </defs>
                <line class="baseline" x1={svg(LEFT)} x2={svg(WIDTH)} y1={svg(HEIGHT - BOTTOM)} y2={svg(HEIGHT - BOTTOM)} />
                { for months.iter().enumerate().map(|(i, m)| {
                    let x = LEFT + slot * i as f64 + slot * 0.15;
                    let w = slot * 0.7;
                    let mut y = HEIGHT - BOTTOM;
                    let label = l.f("{month}: {tenants} evaluations, {short} short", &[("month", &l.month_year(m.month)), ("tenants", &m.tenants), ("short", &l.usd(m.shortfall_usd))]);
                    html! {
                        <g class="outlook-month" data-month={iso_month(m.month)} data-tenants={m.tenants.to_string()} data-shortfall={m.shortfall_usd.to_string()}>
                            <title>{ label }</title>
                            { for m.by_status.iter().map(|s| {
                                let h = scale(s.shortfall_usd.to_f64());
                                y -= h;
                                html! {
                                    <rect class={classes!("segment", s.status.as_str())} x={svg(x)} y={svg(y)} width={svg(w)} height={svg(h)}
                                        fill={pattern(s.status)} data-status={s.status.as_str()} data-tenants={s.tenants.to_string()} data-shortfall={s.shortfall_usd.to_string()} />
                                }
                            }) }
                            if m.tenants > 0 {
                                <text class="count" x={svg(x + w / 2.0)} y={svg(y - 5.0)} text-anchor="middle">{ m.tenants }</text>
                            }
                            <text class="month" x={svg(x + w / 2.0)} y={svg(HEIGHT - BOTTOM + 16.0)} text-anchor="middle">{ l.month_short(m.month) }</text>
                        </g>
                    }
                }) }
            </svg>
            <p class="legend">
                <span><strong>{ "n" }</strong>{ " " }{ l.t("tenants evaluated that month") }</span>
                { for statuses.iter().map(|s| html! {
                    <span><svg class="key" viewBox="0 0 18 10" aria-hidden="true"><rect width="18" height="10" fill={pattern(*s)} /></svg>{ format!("{} {}", status_symbol(*s), l.status(*s)) }</span>
                }) }
                <span>{ l.t("bar height: revenue still needed") }</span>
            </p>
        </section>
    }
}
