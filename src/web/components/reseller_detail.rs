//! One reseller tenant in detail: the headline, every figure, the chart, the
//! timeline, warnings, and a what-if.

use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use super::export_buttons::{ExportButtons, ExportSubject};
use super::revenue_chart::RevenueChart;
use super::status_badge::StatusBadge;
use super::timeline::Timeline;
use crate::domain::assess::ResellerAssessment;
use crate::domain::money::Money;
use crate::web::format;
use crate::web::state::AppState;

/// Props of [`ResellerDetail`].
#[derive(Properties, PartialEq)]
pub struct ResellerDetailProps {
    /// The assessment.
    pub assessment: ResellerAssessment,
    /// The app state (ledger and settings for the what-if).
    pub state: Rc<AppState>,
    /// Close the detail.
    pub on_close: Callback<()>,
    /// An onboarding date typed here.
    pub on_onboarding: Callback<(String, Option<NaiveDate>)>,
}

/// The detail view.
#[component]
pub fn ResellerDetail(props: &ResellerDetailProps) -> Html {
    let amount = use_state(String::new);
    let when = use_state(|| props.state.as_of);
    let base = &props.assessment;
    let extra = Money::parse_plain(&amount.replace(',', "")).filter(|m| m.0 != rust_decimal::Decimal::ZERO);
    let what_if = extra.map(|m| props.state.what_if(&base.reseller_id, m, *when));
    let a = what_if.as_ref().unwrap_or(base);
    let threshold = props.state.settings.policy().threshold_usd;

    let on_amount = {
        let amount = amount.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            amount.set(input.value());
        })
    };
    let on_when = {
        let when = when.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(d) = NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d") {
                when.set(d);
            }
        })
    };
    let reset = {
        let amount = amount.clone();
        Callback::from(move |_: MouseEvent| amount.set(String::new()))
    };
    let on_onboarding = {
        let id = base.reseller_id.clone();
        props.on_onboarding.reform(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            (id.clone(), NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d").ok())
        })
    };
    // Only the month matters once a tenant is past its first year: take the
    // first of that month two years back, so it counts as long-standing.
    let on_anniversary = {
        let id = base.reseller_id.clone();
        let as_of = props.state.as_of;
        props.on_onboarding.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let date = select.value().parse::<u32>().ok().and_then(|m| NaiveDate::from_ymd_opt(chrono::Datelike::year(&as_of) - 2, m, 1));
            (id.clone(), date)
        })
    };
    let figure = |label: &str, value: String, field: &str, note: Option<&str>| html! {
        <div class="figure" data-field={field.to_owned()}>
            <dt>{ label }</dt>
            <dd>{ value }if let Some(n) = note { <span class="note">{ n }</span> }</dd>
        </div>
    };
    let title = a.name.clone().unwrap_or_else(|| format!("Reseller {}", a.reseller_id));
    html! {
        <section class="card reseller-detail" aria-labelledby="detail-heading" data-reseller={a.reseller_id.clone()}>
            <div class="card-head">
                <div>
                    <h2 id="detail-heading">{ title }</h2>
                    <p class="muted">{ format!("Reseller ID {}", a.reseller_id) }{ a.region.as_ref().map(|r| format!(" · region {r}")).unwrap_or_default() }</p>
                </div>
                <div class="detail-actions">
                    <ExportButtons subject={ExportSubject::Reseller(Box::new(a.clone()))} as_of={props.state.as_of} />
                    <button type="button" class="icon-button" aria-label="Close details" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
                </div>
            </div>
            <div class="headline">
                <StatusBadge status={a.status} />
                <p id="headline">{ format::headline(a) }</p>
            </div>
            if what_if.is_some() {
                <p class="what-if-note" role="status">{ format!("Including the what-if: {} on {}.", format::usd(extra.unwrap_or_default()), format::date(*when)) }</p>
            }
            <dl class="figures">
                { figure("TTM now (net)", format::usd(a.ttm_net_usd), "ttm_net_usd", Some(&format!("of {} · gross {}", format::usd(threshold), format::usd(a.ttm_gross_usd)))) }
                { figure("Secured for the next evaluation", format::usd_or_dash(a.secured_usd), "secured_usd", a.other_provider_usd.map(|_| "incl. other providers")) }
                { figure("Shortfall", format::usd_or_dash(a.shortfall_usd), "shortfall_usd", None) }
                { figure("Next evaluation", format::date_or_dash(a.next_evaluation), "next_evaluation", a.days_to_evaluation.map(format::days).as_deref()) }
                { figure("Evaluation window", a.evaluation_window.map(|w| format!("{} – {}", format::date(w.start), format::date(w.end))).unwrap_or_else(|| "—".into()), "evaluation_window", None) }
                { figure("Notices (90/60/30 days)", a.notice_dates.map(|n| n.iter().map(|d| format::date(*d)).collect::<Vec<_>>().join(" · ")).unwrap_or_else(|| "—".into()), "notice_dates", None) }
                { figure("Rolls off before the evaluation", format::usd_or_dash(a.roll_off_usd), "roll_off_usd", Some("of today's TTM")) }
                { figure("Run-rate estimate", format::usd_or_dash(a.projected_usd), "projected_usd", Some(&format!("estimate only: {} a month × months left; never used for the status", format::usd_or_dash(a.run_rate_monthly_usd)))) }
                if a.deauthorized_on.is_some() {
                    { figure("Re-enrollment possible from", format::date_or_dash(a.reenroll_from), "reenroll_from", a.days_to_reenroll.map(format::days).as_deref()) }
                }
            </dl>
            if a.onboarding_date.is_none() {
                <div class="inline-field">
                    <label>
                        <span>{ "Onboarding date of this tenant" }</span>
                        <input type="date" id="detail-onboarding" onchange={on_onboarding} />
                    </label>
                    <label>
                        <span>{ "or its anniversary month" }</span>
                        <select id="detail-anniversary" onchange={on_anniversary} title="For a tenant onboarded more than a year ago">
                            <option value="" selected=true>{ "Choose…" }</option>
                            { for (1..=12u32).map(|m| html! {
                                <option value={m.to_string()}>{ chrono::Month::try_from(m as u8).map(|mo| mo.name()).unwrap_or("") }</option>
                            }) }
                        </select>
                    </label>
                </div>
            }
            if !a.warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for a.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
            <RevenueChart assessment={a.clone()} threshold={threshold} as_of={props.state.as_of} />
            <Timeline assessment={a.clone()} as_of={props.state.as_of} />
            <form class="what-if" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <h3>{ "What if…" }</h3>
                <label>
                    <span>{ "Add USD" }</span>
                    <input type="text" inputmode="decimal" id="what-if-amount" placeholder="500.00" value={(*amount).clone()} oninput={on_amount} />
                </label>
                <label>
                    <span>{ "on" }</span>
                    <input type="date" id="what-if-date" value={when.format("%Y-%m-%d").to_string()} onchange={on_when} />
                </label>
                <button type="button" class="button secondary" onclick={reset} disabled={amount.is_empty()}>{ "Reset" }</button>
                <p class="hint">{ "Every figure above updates as you type. Nothing is saved." }</p>
            </form>
        </section>
    }
}
