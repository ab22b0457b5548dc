//! Exchange rates for the currencies found without a USD amount (D10b).

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::model::state::Settings;
use crate::web::i18n::L10n;

/// Props of [`RatesPanel`].
#[derive(Properties, PartialEq)]
pub struct RatesPanelProps {
    /// Currencies met that need a rate (or have one).
    pub currencies: BTreeSet<String>,
    /// Current settings.
    pub settings: Settings,
    /// New settings (files are read again with the rates).
    pub on_change: Callback<Settings>,
}

/// The rates panel; hidden while every amount is in USD or implied by the file.
#[component]
pub fn RatesPanel(props: &RatesPanelProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    if props.currencies.is_empty() {
        return html! {};
    }
    html! {
        <section class="card rates-panel" aria-labelledby="rates-heading">
            <h2 id="rates-heading">{ l.t("Exchange rates") }</h2>
            <p class="hint">{ l.t("Lines in these currencies carry no USD amount in the file. Enter how many USD one unit was worth (for example 1.0825 for EUR); until then they are not counted.") }</p>
            { for props.currencies.iter().map(|cur| {
                let settings = props.settings.clone();
                let on_change = props.on_change.clone();
                let c = cur.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    let mut s = settings.clone();
                    let v = input.value().trim().replace(',', ".");
                    if v.is_empty() { s.rates.remove(&c); } else { s.rates.insert(c.clone(), v); }
                    on_change.emit(s);
                });
                let value = props.settings.rates.get(cur).cloned().unwrap_or_default();
                html! {
                    <label class="rate">
                        <span>{ l.f("USD per 1 {currency}", &[("currency", cur)]) }</span>
                        <input type="text" inputmode="decimal" id={format!("rate-{cur}")} {value} {onchange} placeholder={l.t("e.g. 1.0825")} />
                    </label>
                }
            }) }
        </section>
    }
}
