//! Every reseller tenant in one table: most urgent first, sortable, filterable.

use std::cmp::Ordering;
use std::rc::Rc;

use yew::prelude::*;

use super::export_buttons::{ExportButtons, ExportSubject};
use super::status_badge::StatusBadge;
use crate::domain::assess::{Missing, ResellerAssessment, Status};
use crate::domain::report::Report;
use crate::model::sort::{Direction, Sort, SortKey};
use crate::web::i18n::L10n;

/// Props of [`PortfolioTable`].
#[derive(Properties, PartialEq)]
pub struct PortfolioTableProps {
    /// The report.
    pub report: Rc<Report>,
    /// Status filter.
    pub status_filter: Option<Status>,
    /// Text filter.
    pub text_filter: String,
    /// The order.
    pub sort: Sort,
    /// The reseller shown in detail.
    pub selected: Option<String>,
    /// A column header clicked: sort by it (again: the other way).
    pub on_sort: Callback<SortKey>,
    /// The text filter typed.
    pub on_filter: Callback<String>,
    /// A tenant chosen for the detail.
    pub on_select: Callback<String>,
    /// An onboarding date typed in a row.
    pub on_onboarding: Callback<(String, Option<chrono::NaiveDate>)>,
    /// The full report (with monthly series), for the JSON export.
    pub full_report: Callback<(), Report>,
}

fn urgency(a: &ResellerAssessment) -> (usize, i64) {
    let rank = Status::ALL.iter().position(|s| *s == a.status).unwrap_or(0);
    (rank, a.days_to_reenroll.or(a.days_to_evaluation).unwrap_or(i64::MAX))
}

fn compare(a: &ResellerAssessment, b: &ResellerAssessment, key: SortKey) -> Ordering {
    let name = |r: &ResellerAssessment| r.name.clone().unwrap_or_else(|| r.reseller_id.clone()).to_lowercase();
    match key {
        SortKey::Urgency => urgency(a).cmp(&urgency(b)),
        SortKey::Name => name(a).cmp(&name(b)),
        SortKey::Ttm => a.ttm_net_usd.cmp(&b.ttm_net_usd),
        SortKey::Secured => a.secured_usd.cmp(&b.secured_usd),
        SortKey::Shortfall => a.shortfall_usd.cmp(&b.shortfall_usd),
        SortKey::Evaluation => a.next_evaluation.cmp(&b.next_evaluation),
    }
    .then_with(|| a.reseller_id.cmp(&b.reseller_id))
}

/// Rows rendered at first, and added by "Show more": a portfolio of
/// thousands of tenants stays quick to re-render (the most urgent come first).
const PAGE: usize = 50;

/// The table.
#[component]
pub fn PortfolioTable(props: &PortfolioTableProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let limit = use_state(|| PAGE);
    let needle = props.text_filter.trim().to_lowercase();
    let mut rows: Vec<&ResellerAssessment> = props
        .report
        .resellers
        .iter()
        .filter(|r| props.status_filter.is_none_or(|s| r.status == s))
        .filter(|r| {
            needle.is_empty()
                || r.reseller_id.to_lowercase().contains(&needle)
                || r.name.as_deref().unwrap_or("").to_lowercase().contains(&needle)
        })
        .collect();
    let sort = props.sort;
    rows.sort_by(|a, b| sort.apply(compare(a, b, sort.key)));
    // With a filter on, the calendar export holds the tenants shown.
    let visible: Option<Rc<[String]>> =
        (props.status_filter.is_some() || !needle.is_empty()).then(|| rows.iter().map(|r| r.reseller_id.clone()).collect());

    let header = |label: &str, k: SortKey, numeric: bool| {
        let aria = if sort.key == k { sort.direction.aria() } else { "none" };
        let arrow = match (sort.key == k, sort.direction) {
            (false, _) => "",
            (true, Direction::Ascending) => " ↑",
            (true, Direction::Descending) => " ↓",
        };
        html! {
            <th scope="col" aria-sort={aria} class={classes!(numeric.then_some("num"))}>
                <button type="button" class="sort" onclick={props.on_sort.reform(move |_: MouseEvent| k)}>{ label }{ arrow }</button>
            </th>
        }
    };
    let on_text = props.on_filter.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    html! {
        <section class="card portfolio-table" aria-labelledby="portfolio-heading">
            <div class="card-head">
                <h2 id="portfolio-heading">{ l.t("Portfolio") }</h2>
                <ExportButtons subject={ExportSubject::Portfolio(props.report.clone(), props.full_report.clone())} as_of={props.report.as_of} visible={visible} />
                <label class="search">
                    <span class="visually-hidden">{ l.t("Filter by name or ID") }</span>
                    <input type="search" id="filter-text" placeholder={l.t("Filter by name or ID")} value={props.text_filter.clone()} oninput={on_text} />
                </label>
            </div>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            { header(l.t("Reseller"), SortKey::Name, false) }
                            { header(l.t("Status"), SortKey::Urgency, false) }
                            { header(l.t("TTM now"), SortKey::Ttm, true) }
                            { header(l.t("Secured"), SortKey::Secured, true) }
                            { header(l.t("Shortfall"), SortKey::Shortfall, true) }
                            { header(l.t("Next evaluation"), SortKey::Evaluation, false) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().take(*limit).map(|r| row(&l, r, props)) }
                    </tbody>
                </table>
                if rows.is_empty() {
                    <p class="muted empty-filter">{ l.t("No reseller matches the filter.") }</p>
                }
                if rows.len() > *limit {
                    <div class="more-rows">
                        <p class="muted" aria-live="polite">{ l.f("Showing the first {shown} of {total}.", &[("shown", &l.number(*limit as i64)), ("total", &l.number(rows.len() as i64))]) }</p>
                        <button type="button" class="button secondary" id="show-more" onclick={{ let limit = limit.clone(); Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE)) }}>
                            { l.plural(PAGE.min(rows.len() - *limit) as i64, "Show {n} more", "Show {n} more") }
                        </button>
                        <button type="button" class="button secondary" id="show-all" onclick={{ let limit = limit.clone(); let n = rows.len(); Callback::from(move |_: MouseEvent| limit.set(n)) }}>
                            { l.f("Show all {total}", &[("total", &l.number(rows.len() as i64))]) }
                        </button>
                    </div>
                }
            </div>
        </section>
    }
}

fn row(l: &L10n, r: &ResellerAssessment, props: &PortfolioTableProps) -> Html {
    let id = r.reseller_id.clone();
    let select = {
        let id = id.clone();
        props.on_select.reform(move |_: MouseEvent| id.clone())
    };
    let needs_onboarding = r.missing.contains(&Missing::OnboardingDate);
    let on_onboarding = {
        let id = id.clone();
        props.on_onboarding.reform(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            (id.clone(), input.value().parse::<chrono::NaiveDate>().ok())
        })
    };
    let days = match (r.days_to_reenroll, r.days_to_evaluation) {
        (Some(d), _) => l.plural(d, "re-enroll in {n} day", "re-enroll in {n} days"),
        (None, Some(0)) => l.t("this month").to_owned(),
        (None, Some(d)) => l.plural(d, "in {n} day", "in {n} days"),
        (None, None) => String::new(),
    };
    let selected = props.selected.as_deref() == Some(r.reseller_id.as_str());
    html! {
        <tr class={classes!(selected.then_some("selected"))} data-reseller={id.clone()}>
            <th scope="row">
                <button type="button" class="link" onclick={select} aria-label={l.f("Details of {name}", &[("name", &r.name.as_deref().unwrap_or(&id))])}>
                    <span class="reseller-name">{ r.name.clone().unwrap_or_else(|| l.t("Unnamed reseller").into()) }</span>
                </button>
                <span class="reseller-id">{ &r.reseller_id }</span>
            </th>
            <td><StatusBadge status={r.status} /></td>
            <td class="num" data-field="ttm_net_usd">{ l.usd(r.ttm_net_usd) }</td>
            <td class="num" data-field="secured_usd">{ l.usd_or_dash(r.secured_usd) }</td>
            <td class={classes!("num", r.shortfall_usd.is_some_and(|s| s.0 > rust_decimal::Decimal::ZERO).then_some("short"))} data-field="shortfall_usd" data-label={l.t("Shortfall")}>{ l.usd_or_dash(r.shortfall_usd) }</td>
            <td data-field="next_evaluation" data-iso={r.next_evaluation.map(|d| d.to_string()).unwrap_or_default()}>
                if needs_onboarding {
                    <label class="inline-date">
                        <span class="visually-hidden">{ l.f("Onboarding date of {id}", &[("id", &id)]) }</span>
                        <input type="date" class="onboarding-input" onchange={on_onboarding} title={l.t("Onboarding date")} />
                    </label>
                } else {
                    { l.date_or_dash(r.next_evaluation) }
                }
                <span class="days" data-field="days">{ days }</span>
            </td>
        </tr>
    }
}
