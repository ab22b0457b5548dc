//! The assumptions behind every figure (`docs/rules.md` section 2), in plain
//! words, with the settings that change them, and where the full rules are.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::domain::ingest::layout::ColumnRef;
use crate::domain::ingest::{FileAccount, FileOptions};
use crate::domain::policy::Policy;
use crate::model::state::{FileState, LoadedFile, Settings};
use crate::web::i18n::L10n;

/// Props of [`AssumptionsPanel`].
#[derive(Properties, PartialEq)]
pub struct AssumptionsPanelProps {
    /// Current settings, as typed.
    pub settings: Settings,
    /// What they mean to the engine.
    pub policy: Policy,
    /// New settings.
    pub on_change: Callback<Settings>,
    /// The files (for the date basis per file, D9).
    pub files: Vec<LoadedFile>,
    /// Their accounts.
    pub accounts: Rc<BTreeMap<u32, FileAccount>>,
    /// Change a file's options.
    pub on_options: Callback<(u32, FileOptions)>,
}

/// The panel.
#[component]
pub fn AssumptionsPanel(props: &AssumptionsPanelProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let set = |f: fn(&mut Settings, String)| {
        let settings = props.settings.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut s = settings.clone();
            f(&mut s, input.value());
            on_change.emit(s);
        })
    };
    let on_threshold = {
        let settings = props.settings.clone();
        let on_change = props.on_change.clone();
        let l = l.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut s = settings.clone();
            s.threshold = l.amount_input(&input.value());
            on_change.emit(s);
        })
    };
    let on_margin = set(|s, v| s.margin = v.trim().replace(',', "."));
    let on_gross = {
        let settings = props.settings.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut s = settings.clone();
            s.gross = input.checked();
            on_change.emit(s);
        })
    };
    let policy = &props.policy;
    let date_basis = props.files.iter().filter_map(|f| {
        let FileState::Done(_) = f.state else { return None };
        let account = props.accounts.get(&f.id)?;
        let current = account.columns.get("date")?.clone();
        let id = f.id;
        let options = f.options.clone();
        let on_options = props.on_options.clone();
        let onchange = Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut o = options.clone();
            o.date_column = select.value().parse::<usize>().ok().map(ColumnRef::Position);
            on_options.emit((id, o));
        });
        Some(html! {
            <label class="date-basis">
                <span>{ l.f("Dates of {file}", &[("file", &f.name)]) }</span>
                <select {onchange}>
                    { for account.header.iter().enumerate().map(|(i, h)| html! {
                        <option value={(i + 1).to_string()} selected={*h == current}>{ h }</option>
                    }) }
                </select>
            </label>
        })
    });
    let assumptions = html! {
                <ul class="assumptions">
                    <li>{ l.f("A tenant passes with at least {threshold} of revenue in the window (exactly the threshold passes).", &[("threshold", &l.usd(policy.threshold_usd))]) }</li>
                    <li>{ l.t("Microsoft evaluates each tenant once a year in the month of its onboarding anniversary; the first day of that month is taken as the evaluation date, and deauthorization may land any day of the month.") }</li>
                    <li>{ l.t("The window of an evaluation is the 12 full calendar months before its month. “TTM now” counts the 12 months up to the as-of date.") }</li>
                    <li>{ l.t("New tenants are exempt: the first evaluation is the anniversary month of the year after onboarding, and never before April 2024.") }</li>
                    <li>{ l.t("Notices are expected 90, 60 and 30 days before the evaluation.") }</li>
                    <li>{ l.t("Credits and refunds are netted (every line counts with its sign); the gross figure is shown beside it.") }</li>
                    <li>{ l.t("Amounts before tax are used. Lines in USD count as they are; new-commerce files imply a USD amount through their pricing currency; other currencies need a rate you enter. Converted lines are rounded to cents.") }</li>
                    <li>{ l.t("Partner-of-record lines (CPOR, DPOR, PAL) and direct sales (no reseller ID) are excluded and listed per file.") }</li>
                    <li>{ l.t("Files from several distributors add up per tenant. Daily usage of an invoice that is also loaded is detail only, never counted twice.") }</li>
                    <li>{ l.t("A past evaluation the data show as failed is not turned into a deauthorization: enter the date in the register if it happened. Re-enrollment is possible one year after it.") }</li>
                    <li>{ l.t("Only revenue already recorded is “secured”; the run-rate estimate is shown for planning and never used for the status.") }</li>
                </ul>
    };
    html! {
        <section class="card assumptions-panel" aria-labelledby="assumptions-heading">
            <div class="print-only">
                <h2>{ l.t("Assumptions") }</h2>
                { assumptions.clone() }
            </div>
            <details>
                <summary><h2 id="assumptions-heading">{ l.t("Assumptions and settings") }</h2></summary>
                { assumptions }
                <p class="hint">{ l.t("The full rules, and the reason for each assumption, are in docs/rules.md in the project's repository.") }</p>
                <div class="settings">
                    <label>
                        <span>{ l.t("Threshold (USD)") }</span>
                        <input type="text" inputmode="decimal" id="threshold" value={props.settings.threshold.clone()} onchange={on_threshold} />
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" id="gross" checked={props.settings.gross} onchange={on_gross} />
                        <span>{ l.t("Count gross revenue (ignore credits)") }</span>
                    </label>
                    <label>
                        <span>{ l.t("Provider margin in the amounts (%)") }</span>
                        <input type="text" inputmode="decimal" id="margin" value={props.settings.margin.clone()} onchange={on_margin}
                            title={l.t("For a reseller's own invoices at resale prices: discounts them to estimate what Microsoft counts")} />
                    </label>
                    { for date_basis }
                </div>
            </details>
        </section>
    }
}
