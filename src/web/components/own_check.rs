//! "Check my own tenant": for a reseller with no reconciliation file and no
//! reseller ID at hand. The onboarding date (or just the anniversary month)
//! and its purchases, typed row by row or pasted as date + amount
//! (+ currency) from a spreadsheet, with no reseller column. The purchases
//! become one-tenant tables read by the same engine as every file (the typed
//! ones handed over as rows of values, the pasted ones as the text they
//! are); the answer is that tenant's detail.

use chrono::NaiveDate;
use yew::prelude::*;

use crate::domain::money::Money;
use crate::web::i18n::L10n;

/// What the form hands to the app.
pub struct OwnCheck {
    /// The tenant's display name.
    pub name: String,
    /// Its onboarding date, if entered.
    pub onboarding: Option<NaiveDate>,
    /// Else its anniversary month (a tenant past its first year).
    pub month: Option<u32>,
    /// The purchases typed row by row, as a table of values (name, rows:
    /// `Date`, `Amount`, `Currency`, the header first; ISO dates, decimal
    /// point), if any.
    pub typed: Option<(String, Vec<Vec<String>>)>,
    /// The purchases pasted from a spreadsheet, as the text they are (name,
    /// text), if any.
    pub pasted: Option<(String, String)>,
}

/// Props of [`OwnCheckForm`].
#[derive(Properties, PartialEq)]
pub struct OwnCheckFormProps {
    /// Check: the tenant's dates and purchases.
    pub on_check: Callback<OwnCheck>,
    /// The as-of date (the first row's default date).
    pub as_of: NaiveDate,
}

#[derive(Clone, Default, PartialEq)]
struct Row {
    date: String,
    amount: String,
    currency: String,
}

/// A field of a purchase row.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Date,
    Amount,
    Currency,
}

const CURRENCIES: [&str; 8] = ["USD", "EUR", "GBP", "CHF", "AUD", "CAD", "JPY", "SEK"];

/// The form.
#[component]
pub fn OwnCheckForm(props: &OwnCheckFormProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let onboarding = use_state(String::new);
    let month = use_state(|| None::<u32>);
    let rows = use_state(|| vec![Row { currency: "USD".into(), ..Row::default() }]);
    let pasted = use_state(String::new);

    // A row is used when it has a date and an amount that reads; a row with
    // only one of them is named, never dropped.
    let amount_of = |r: &Row| Money::parse_plain(&l.amount_input(&r.amount));
    let complete: Vec<&Row> = rows.iter().filter(|r| !r.date.is_empty() && amount_of(r).is_some()).collect();
    let incomplete: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !(r.date.is_empty() && r.amount.trim().is_empty()) && (r.date.is_empty() || amount_of(r).is_none()))
        .map(|(i, _)| i + 1)
        .collect();
    let onboarding_date = onboarding.parse::<NaiveDate>().ok();
    let has_dates = onboarding_date.is_some() || month.is_some();
    let pasted_lines = pasted.lines().filter(|x| !x.trim().is_empty()).count();
    let ready = has_dates && incomplete.is_empty() && (!complete.is_empty() || pasted_lines > 0);

    // The amount updates as it is typed (the button's state follows it);
    // the date and currency when chosen.
    let set_row = |i: usize, field: Field| {
        let rows = rows.clone();
        Callback::from(move |e: Event| {
            let value = match field {
                Field::Currency => e.target_unchecked_into::<web_sys::HtmlSelectElement>().value(),
                _ => e.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
            };
            let mut next = (*rows).clone();
            if let Some(r) = next.get_mut(i) {
                match field {
                    Field::Date => r.date = value,
                    Field::Amount => r.amount = value,
                    Field::Currency => r.currency = value,
                }
            }
            rows.set(next);
        })
    };
    let add_row = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            let currency = next.last().map(|r| r.currency.clone()).unwrap_or_else(|| "USD".into());
            next.push(Row { currency, ..Row::default() });
            rows.set(next);
        })
    };
    let remove_row = |i: usize| {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            if next.len() > 1 {
                next.remove(i);
            } else {
                next[0] = Row { currency: next[0].currency.clone(), ..Row::default() };
            }
            rows.set(next);
        })
    };
    let on_onboarding = {
        let onboarding = onboarding.clone();
        Callback::from(move |e: Event| onboarding.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let on_month = {
        let month = month.clone();
        Callback::from(move |e: Event| month.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().ok()))
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
    };
    let on_submit = {
        let on_check = props.on_check.clone();
        let name = l.t("My tenant").to_owned();
        // The typed rows as values: ISO dates, decimal point.
        let typed: Vec<Vec<String>> =
            complete.iter().filter_map(|r| Some(vec![r.date.clone(), amount_of(r)?.0.to_string(), r.currency.clone()])).collect();
        let pasted = (*pasted).clone();
        let month = *month;
        let typed_name = l.t("my purchases (typed)").to_owned();
        let pasted_name = l.t("my purchases (pasted)").to_owned();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !ready {
                return;
            }
            let header = ["Date", "Amount", "Currency"].map(String::from).to_vec();
            let typed = (!typed.is_empty()).then(|| (typed_name.clone(), std::iter::once(header).chain(typed.iter().cloned()).collect()));
            let pasted = pasted.lines().any(|x| !x.trim().is_empty()).then(|| (pasted_name.clone(), pasted.clone()));
            on_check.emit(OwnCheck {
                name: name.clone(),
                onboarding: onboarding_date,
                month: if onboarding_date.is_some() { None } else { month },
                typed,
                pasted,
            });
        })
    };
    html! {
        <section class="card own-check" aria-labelledby="own-heading">
            <h2 id="own-heading">{ l.t("Check my own tenant") }</h2>
            <p class="hint">{ l.t("No reconciliation file, no reseller ID needed: enter when your tenant was onboarded and what it bought. Nothing leaves this browser.") }</p>
            <form onsubmit={on_submit}>
                <div class="own-dates">
                    <label>
                        <span>{ l.t("Onboarding date") }</span>
                        <input type="date" id="own-onboarding" value={(*onboarding).clone()} onchange={on_onboarding} />
                    </label>
                    <label>
                        <span>{ l.t("or the anniversary month (onboarded more than a year ago)") }</span>
                        <select id="own-month" onchange={on_month} disabled={onboarding_date.is_some()}>
                            <option value="" selected={month.is_none()}>{ l.t("Choose…") }</option>
                            { for (1..=12u32).map(|m| html! { <option value={m.to_string()} selected={*month == Some(m)}>{ l.month_name(m) }</option> }) }
                        </select>
                    </label>
                </div>
                <table class="own-rows">
                    <caption class="visually-hidden">{ l.t("Purchases") }</caption>
                    <thead><tr>
                        <th scope="col">{ l.t("Date") }</th>
                        <th scope="col">{ l.t("Amount before tax") }</th>
                        <th scope="col">{ l.t("Currency") }</th>
                        <th scope="col"><span class="visually-hidden">{ l.t("Remove") }</span></th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().enumerate().map(|(i, r)| html! {
                            <tr class={classes!("own-row", incomplete.contains(&(i + 1)).then_some("incomplete"))}>
                                <td><input type="date" class="own-date" aria-label={l.f("Date of purchase {n}", &[("n", &(i + 1))])} value={r.date.clone()} onchange={set_row(i, Field::Date)} /></td>
                                <td><input type="text" inputmode="decimal" class="own-amount" aria-label={l.f("Amount of purchase {n}", &[("n", &(i + 1))])} placeholder={l.t("500.00")} value={r.amount.clone()} oninput={set_row(i, Field::Amount).reform(|e: InputEvent| e.into())} /></td>
                                <td><select class="own-currency" aria-label={l.f("Currency of purchase {n}", &[("n", &(i + 1))])} onchange={set_row(i, Field::Currency)}>
                                    { for CURRENCIES.iter().map(|c| html! { <option value={*c} selected={r.currency == *c}>{ *c }</option> }) }
                                </select></td>
                                <td><button type="button" class="icon-button" aria-label={l.f("Remove purchase {n}", &[("n", &(i + 1))])} onclick={remove_row(i)}>{ "×" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <button type="button" class="button secondary small" id="own-add-row" onclick={add_row}>{ l.t("Add a purchase") }</button>
                <label class="own-paste">
                    <span>{ l.t("…or paste date and amount lines (a currency column is optional)") }</span>
                    <textarea id="own-paste" rows="4" value={(*pasted).clone()} oninput={on_paste} placeholder={l.t("15.03.2026\t450,00")} />
                </label>
                if !incomplete.is_empty() {
                    <p class="error-text" role="alert">{ l.f("Purchase {rows}: a date and an amount are both needed.", &[("rows", &incomplete.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]) }</p>
                }
                if !has_dates {
                    <p class="hint">{ l.t("The onboarding date or the anniversary month sets the evaluation date.") }</p>
                }
                <div class="row">
                    <p class="muted">{ l.plural((complete.len() + pasted_lines) as i64, "{n} purchase", "{n} purchases") }</p>
                    <button type="submit" class="button" id="own-check" disabled={!ready}>{ l.t("Check my tenant") }</button>
                </div>
            </form>
        </section>
    }
}
