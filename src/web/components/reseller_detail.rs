//! One reseller tenant in detail: the headline, every figure, the chart, the
//! timeline, warnings, and a what-if.

use chrono::NaiveDate;
use yew::prelude::*;

use super::export_buttons::{ExportButtons, ExportSubject};
use super::revenue_chart::RevenueChart;
use super::status_badge::StatusBadge;
use super::timeline::Timeline;
use crate::domain::assess::{ResellerAssessment, Warning};
use crate::domain::money::Money;
use crate::domain::readiness::Requirement;
use crate::web::i18n::L10n;

/// Props of [`ResellerDetail`].
#[derive(Properties, PartialEq)]
pub struct ResellerDetailProps {
    /// The assessment.
    pub assessment: ResellerAssessment,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The threshold (D1).
    pub threshold: Money,
    /// The tenant assessed with an amount added on a date (the what-if).
    pub what_if: Callback<(Money, NaiveDate), ResellerAssessment>,
    /// Close the detail.
    pub on_close: Callback<()>,
    /// An onboarding date typed here.
    pub on_onboarding: Callback<(String, Option<NaiveDate>)>,
    /// An anniversary month chosen here (for a tenant past its first year).
    pub on_anniversary: Callback<(String, Option<u32>)>,
    /// A D22 item ticked or unticked.
    pub on_readiness: Callback<(String, Requirement, Option<bool>)>,
    /// "Show the lines" and, once read, the lines behind the figures.
    #[prop_or_default]
    pub lines: Html,
}

/// A D22 requirement in the interface's words.
fn requirement(l: &L10n, r: Requirement) -> &'static str {
    match r {
        Requirement::PartnerIdActive => l.t("Partner program membership active, with a PLA ID for the location"),
        Requirement::Endorsement => l.t("Endorsement (authority to sign Microsoft's agreements)"),
        Requirement::MfaAllAdmins => l.t("MFA for all admin users"),
        Requirement::SecurityContact => l.t("A security contact in Partner Center"),
    }
}

/// The detail view.
#[component]
pub fn ResellerDetail(props: &ResellerDetailProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let amount = use_state(String::new);
    let when = use_state(|| props.as_of);
    let base = &props.assessment;
    let extra = Money::parse_plain(&l.amount_input(&amount)).filter(|m| m.0 != rust_decimal::Decimal::ZERO);
    let what_if = extra.map(|m| props.what_if.emit((m, *when)));
    let a = what_if.as_ref().unwrap_or(base);
    let threshold = props.threshold;

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
            if let Ok(d) = input.value().parse::<NaiveDate>() {
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
            (id.clone(), input.value().parse::<NaiveDate>().ok())
        })
    };
    // Only the month matters once a tenant is past its first year (the
    // register entry keeps just the month; the domain takes it from there).
    let on_anniversary = {
        let id = base.reseller_id.clone();
        props.on_anniversary.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            (id.clone(), select.value().parse::<u32>().ok())
        })
    };
    let figure = |label: &str, value: String, field: &str, note: Option<&str>| {
        html! {
            <div class="figure" data-field={field.to_owned()}>
                <dt>{ label }</dt>
                <dd>{ value }if let Some(n) = note { <span class="note">{ n }</span> }</dd>
            </div>
        }
    };
    let tick = |item: Requirement| {
        let id = base.reseller_id.clone();
        props.on_readiness.reform(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            (id.clone(), item, input.checked().then_some(true))
        })
    };
    let readiness = &base.readiness;
    let readiness_line = match (readiness.to_confirm, readiness.confirm_before) {
        (0, _) => l.t("Every other reauthorization item is confirmed.").to_owned(),
        (n, Some(before)) => {
            l.plural_with(n as i64, "{n} item to confirm before {date}", "{n} items to confirm before {date}", &[("date", &l.date(before))])
        }
        (n, None) => l.plural(n as i64, "{n} item to confirm", "{n} items to confirm"),
    };
    // A past evaluation that fell short (D12b) is its row of the history,
    // which asks the same question; it is not repeated as a warning.
    let warnings: Vec<&Warning> = a.warnings.iter().filter(|w| !matches!(w, Warning::PastEvaluationShort { .. })).collect();
    let title = a.name.clone().unwrap_or_else(|| l.f("Reseller {id}", &[("id", &a.reseller_id)]));
    html! {
        <section class="card reseller-detail" aria-labelledby="detail-heading" data-reseller={a.reseller_id.clone()}>
            <div class="card-head">
                <div>
                    <h2 id="detail-heading">{ title }</h2>
                    <p class="muted">{ l.f("Reseller ID {id}", &[("id", &a.reseller_id)]) }{ a.region.as_ref().map(|r| l.f(" · region {region}", &[("region", r)])).unwrap_or_default() }</p>
                </div>
                <div class="detail-actions">
                    <ExportButtons subject={ExportSubject::Reseller(Box::new(a.clone()))} as_of={props.as_of} />
                    <button type="button" class="icon-button" aria-label={l.t("Close details")} onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
                </div>
            </div>
            <div class="headline">
                <StatusBadge status={a.status} />
                <p id="headline">{ l.headline(a) }</p>
            </div>
            if what_if.is_some() {
                <p class="what-if-note" role="status">{ l.f("Including the what-if: {amount} on {date}.", &[("amount", &l.usd(extra.unwrap_or_default())), ("date", &l.date(*when))]) }</p>
            }
            <dl class="figures">
                { figure(l.t("TTM now (net)"), l.usd(a.ttm_net_usd), "ttm_net_usd", Some(&l.f("of {threshold} · gross {gross}", &[("threshold", &l.usd(threshold)), ("gross", &l.usd(a.ttm_gross_usd))]))) }
                { figure(l.t("Secured for the next evaluation"), l.usd_or_dash(a.secured_usd), "secured_usd", a.other_provider_usd.map(|_| l.t("incl. other providers"))) }
                { figure(l.t("Shortfall"), l.usd_or_dash(a.shortfall_usd), "shortfall_usd", None) }
                { figure(l.t("Next evaluation"), l.date_or_dash(a.next_evaluation), "next_evaluation", a.days_to_evaluation.map(|d| l.days(d)).as_deref()) }
                { figure(l.t("Evaluation window"), a.evaluation_window.map(|w| format!("{} – {}", l.date(w.start), l.date(w.end))).unwrap_or_else(|| "—".into()), "evaluation_window", None) }
                { figure(l.t("Notices (90/60/30 days)"), a.notice_dates.map(|n| n.iter().map(|d| l.date(*d)).collect::<Vec<_>>().join(" · ")).unwrap_or_else(|| "—".into()), "notice_dates", None) }
                { figure(l.t("Rolls off before the evaluation"), l.usd_or_dash(a.roll_off_usd), "roll_off_usd", Some(l.t("of today's TTM"))) }
                { figure(l.t("Run-rate estimate"), l.usd_or_dash(a.projected_usd), "projected_usd", Some(&l.f("estimate only: {rate} a month × months left; never used for the status", &[("rate", &l.usd_or_dash(a.run_rate_monthly_usd))]))) }
                if a.reenroll_from.is_some() {
                    { figure(l.t("Re-enrollment possible from"), l.date_or_dash(a.reenroll_from), "reenroll_from", a.days_to_reenroll.map(|d| l.days(d)).as_deref()) }
                }
            </dl>
            { props.lines.clone() }
            if a.onboarding_date.is_none() {
                <div class="inline-field">
                    <label>
                        <span>{ l.t("Onboarding date of this tenant") }</span>
                        <input type="date" id="detail-onboarding" onchange={on_onboarding} />
                    </label>
                    <label>
                        <span>{ l.t("or its anniversary month") }</span>
                        <select id="detail-anniversary" onchange={on_anniversary} title={l.t("For a tenant onboarded more than a year ago")}>
                            <option value="" selected={a.anniversary_month.is_none()}>{ l.t("Choose…") }</option>
                            { for (1..=12u32).map(|m| html! {
                                <option value={m.to_string()} selected={a.anniversary_month == Some(m)}>{ l.month_name(m) }</option>
                            }) }
                        </select>
                    </label>
                </div>
            }
            <p class="readiness-line" id="readiness-line" data-to-confirm={readiness.to_confirm.to_string()}>
                { l.f("Revenue: {status}. Besides revenue: {items}", &[("status", &l.status(a.status)), ("items", &readiness_line)]) }
            </p>
            if !a.history.is_empty() {
                <table class="history" aria-labelledby="history-heading">
                    <caption id="history-heading">{ l.t("Past evaluations the loaded data cover") }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ l.t("Evaluation") }</th>
                            <th scope="col">{ l.t("Window") }</th>
                            <th scope="col" class="num">{ l.t("Revenue found") }</th>
                            <th scope="col">{ l.t("Threshold") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for a.history.iter().map(|h| html! {
                            <tr data-evaluation={h.evaluation.to_string()} data-found={h.found_usd.to_string()} data-met={h.met.to_string()}>
                                <th scope="row">{ l.date(h.evaluation) }</th>
                                <td>{ format!("{} – {}", l.date(h.window.start), l.date(h.window.end)) }</td>
                                <td class="num">{ l.usd(h.found_usd) }</td>
                                <td class={classes!(if h.met { "met" } else { "missed" })}>
                                    if h.met { { format!("✓ {}", l.t("met")) } } else { { format!("✗ {}", l.t("missed: if the tenant was deauthorized then, enter the date in the register")) } }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !warnings.is_empty() {
                <ul class="warnings" aria-label={l.t("Warnings")}>
                    { for warnings.iter().map(|w| html! { <li>{ l.message(&w.message()) }</li> }) }
                </ul>
            }
            <fieldset class="readiness" id="readiness">
                <legend>{ l.t("Reauthorization besides revenue") }</legend>
                <p class="hint">{ l.t("Microsoft also checks these in the anniversary month. The files cannot show them: tick what is in place. They never change the revenue status.") }</p>
                { for readiness.items.iter().map(|i| html! {
                    <label class="check">
                        <input type="checkbox" data-item={i.item.column()} checked={i.confirmed == Some(true)} onchange={tick(i.item)} />
                        <span>{ requirement(&l, i.item) }</span>
                        if i.confirmed == Some(false) { <span class="note">{ l.t("(no, says the register)") }</span> }
                    </label>
                }) }
            </fieldset>
            <RevenueChart assessment={a.clone()} threshold={threshold} as_of={props.as_of} />
            <Timeline assessment={a.clone()} as_of={props.as_of} />
            <form class="what-if" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <h3>{ l.t("What if…") }</h3>
                <label>
                    <span>{ l.t("Add USD") }</span>
                    <input type="text" inputmode="decimal" id="what-if-amount" placeholder={l.t("500.00")} value={(*amount).clone()} oninput={on_amount} />
                </label>
                <label>
                    <span>{ l.t("on") }</span>
                    <input type="date" id="what-if-date" value={when.to_string()} onchange={on_when} />
                </label>
                <button type="button" class="button secondary" onclick={reset} disabled={amount.is_empty()}>{ l.t("Reset") }</button>
                <p class="hint">{ l.t("Every figure above updates as you type. Nothing is saved.") }</p>
            </form>
        </section>
    }
}
