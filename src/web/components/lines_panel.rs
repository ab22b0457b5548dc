//! "Show the lines": the lines behind a tenant's figures (or one file's
//! unattributed lines), read again by the worker on request, with what each
//! counts in or why it counts for nothing; filters, sums that match the
//! figures, and the export. A real table with headers; on a phone each line
//! is a card (`static/app.css`).

use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use super::export_buttons::{ExportButtons, ExportSubject};
use crate::domain::export::exact_text;
use crate::domain::lines::{LineRow, TenantLines};
use crate::domain::money::Money;
use crate::model::lines::{LinesOf, LinesRequest};
use crate::web::i18n::{L10n, Lang};

/// Rows drawn at a time ("Show more" draws the next ones).
const PAGE: usize = 100;

/// Which lines the table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    All,
    TtmNow,
    Window,
    RollsOff,
    Excluded,
}

impl Filter {
    fn keeps(self, r: &LineRow) -> bool {
        match self {
            Filter::All => true,
            Filter::TtmNow => r.in_ttm_now,
            Filter::Window => r.in_window,
            Filter::RollsOff => r.rolls_off,
            Filter::Excluded => r.excluded.is_some(),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::TtmNow => "in_ttm_now",
            Filter::Window => "in_window",
            Filter::RollsOff => "rolls_off",
            Filter::Excluded => "excluded",
        }
    }
}

/// Props of [`LinesPanel`].
#[derive(Properties, PartialEq)]
pub struct LinesPanelProps {
    /// Whose lines.
    pub of: LinesOf,
    /// Shown (else only the button that shows them).
    pub shown: bool,
    /// The request, while and once the files are read again.
    pub request: Option<LinesRequest>,
    /// The lines, once every file has answered.
    pub lines: Option<Rc<TenantLines>>,
    /// The as-of date (export file names).
    pub as_of: NaiveDate,
    /// Read (or show) the lines.
    pub on_show: Callback<LinesOf>,
    /// Hide them (`true`: stop reading and forget them).
    pub on_close: Callback<bool>,
}

/// An exact amount in the locale's decimal mark, with every decimal it has.
fn exact(l: &L10n, m: Money) -> String {
    let text = exact_text(m);
    match l.lang() {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The panel.
#[component]
pub fn LinesPanel(props: &LinesPanelProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let filter = use_state(|| Filter::All);
    let limit = use_state(|| PAGE);
    let (show_label, heading) = match &props.of {
        LinesOf::Tenant(_) => (l.t("Show the lines"), l.t("The lines behind these figures")),
        LinesOf::Unattributed(_) => (l.t("Show the lines excluded as direct sales"), l.t("Lines that name no reseller")),
    };
    let of_attr = match &props.of {
        LinesOf::Tenant(id) => format!("tenant:{id}"),
        LinesOf::Unattributed(file) => format!("file:{file}"),
    };
    if !props.shown {
        let of = props.of.clone();
        return html! {
            <div class="lines-panel closed" data-lines-of={of_attr}>
                <button type="button" class="button secondary small" data-action="show-lines" onclick={props.on_show.reform(move |_: MouseEvent| of.clone())}>{ show_label }</button>
            </div>
        };
    }
    let close = props.on_close.reform(|_: MouseEvent| false);
    let cancel = props.on_close.reform(|_: MouseEvent| true);
    let Some(lines) = &props.lines else {
        let (done, total) = props.request.as_ref().map_or((0.0, 1.0), LinesRequest::progress);
        let pct = if total > 0.0 { (done / total * 100.0).clamp(0.0, 100.0) } else { 0.0 };
        return html! {
            <section class="lines-panel reading" data-lines-of={of_attr} aria-busy="true" aria-label={heading}>
                <h3>{ heading }</h3>
                <div class="progress-row" role="status">
                    <progress max="100" value={(pct.round() as u32).to_string()} aria-label={l.t("Reading the files again for these lines")}></progress>
                    <span class="progress-text">{ l.percent(pct) }</span>
                    <button type="button" class="button secondary small" data-action="cancel-lines" onclick={cancel}>{ l.t("Cancel") }</button>
                </div>
                <p class="hint">{ l.t("The files are read again on this device, keeping only these lines.") }</p>
            </section>
        };
    };
    let s = &lines.sums;
    let failed = props
        .request
        .as_ref()
        .map(|r| r.failed().into_iter().map(|(name, e)| (name.to_owned(), l.message(&e.message()))).collect::<Vec<_>>())
        .unwrap_or_default();
    let shown: Vec<&LineRow> = lines.rows.iter().filter(|r| filter.keeps(r)).collect();
    let count = |n: u64| l.number(n as i64);
    let choice = |f: Filter, label: String| {
        let filter_state = filter.clone();
        let limit = limit.clone();
        let pressed = *filter == f;
        html! {
            <button type="button" class={classes!("chip", pressed.then_some("active"))} aria-pressed={pressed.to_string()} data-filter={f.code()}
                onclick={Callback::from(move |_: MouseEvent| { filter_state.set(f); limit.set(PAGE); })}>{ label }</button>
        }
    };
    let yes_no = |b: bool| if b { l.t("yes") } else { l.t("no") };
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    let (stem, name) = match &props.of {
        LinesOf::Tenant(id) => (format!("ttm-check-lines-{id}-{}", props.as_of), format!("Lines {id}")),
        LinesOf::Unattributed(file) => (format!("ttm-check-unattributed-lines-{file}-{}", props.as_of), "Unattributed lines".to_owned()),
    };
    let labels = [
        l.t("Date"),
        l.t("File"),
        l.t("Line"),
        l.t("Product"),
        l.t("Amount as written"),
        l.t("Counts for (USD)"),
        l.t("In TTM now"),
        l.t("In the window"),
        l.t("Rolls off"),
        l.t("Excluded because"),
    ];
    html! {
        <section class="lines-panel" data-lines-of={of_attr} aria-labelledby="lines-heading">
            <div class="card-head">
                <h3 id="lines-heading">{ heading }</h3>
                <div class="detail-actions">
                    <ExportButtons subject={ExportSubject::Lines(Rc::clone(lines), stem, name)} as_of={props.as_of} />
                    <button type="button" class="button secondary small" data-action="hide-lines" onclick={close}>{ l.t("Hide the lines") }</button>
                </div>
            </div>
            <p class="lines-sums" data-lines={s.lines.to_string()} data-ttm={s.ttm_now_usd.unwrap_or_default().round_cents().to_string()}
                data-window={s.window_usd.map(|m| m.round_cents().to_string()).unwrap_or_default()}
                data-roll-off={s.roll_off_usd.map(|m| m.round_cents().to_string()).unwrap_or_default()}>
                { l.f("{lines}: {ttm} in TTM now; {window} in the window (secured); {roll_off} rolling off; {excluded} excluded.", &[
                    ("lines", &l.lines(s.lines)),
                    ("ttm", &l.usd(s.ttm_now_usd.unwrap_or_default())),
                    ("window", &l.usd_or_dash(s.window_usd)),
                    ("roll_off", &l.usd_or_dash(s.roll_off_usd)),
                    ("excluded", &count(s.excluded)),
                ]) }
            </p>
            if !failed.is_empty() {
                <ul class="warnings">
                    { for failed.iter().map(|(name, why)| html! { <li>{ l.f("{file} could not be read again: {why}", &[("file", name), ("why", why)]) }</li> }) }
                </ul>
            }
            <div class="chips" role="group" aria-label={l.t("Show")}>
                { choice(Filter::All, l.f("All ({n})", &[("n", &count(s.lines))])) }
                { choice(Filter::TtmNow, l.f("In TTM now ({n})", &[("n", &count(s.in_ttm_now))])) }
                { choice(Filter::Window, l.f("In the window ({n})", &[("n", &count(s.in_window))])) }
                { choice(Filter::RollsOff, l.f("Rolling off ({n})", &[("n", &count(s.rolls_off))])) }
                { choice(Filter::Excluded, l.f("Excluded ({n})", &[("n", &count(s.excluded))])) }
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="lines-heading">
                <table class="lines-table">
                    <caption class="visually-hidden">{ heading }</caption>
                    <thead>
                        <tr>{ for labels.iter().map(|t| html! { <th scope="col">{ *t }</th> }) }</tr>
                    </thead>
                    <tbody>
                        { for shown.iter().take(*limit).map(|r| {
                            let d = &r.detail;
                            html! {
                                <tr data-file={r.file.clone()} data-line={d.line.to_string()} data-usd={d.usd.map(exact_text).unwrap_or_default()}
                                    data-in-ttm={r.in_ttm_now.to_string()} data-in-window={r.in_window.to_string()} data-rolls-off={r.rolls_off.to_string()}
                                    data-excluded={r.excluded.as_ref().map_or("", |e| e.code())}>
                                    <th scope="row" data-label={labels[0]}>{ l.date_or_dash(d.date) }</th>
                                    <td data-label={labels[1]}>{ r.file.clone() }</td>
                                    <td data-label={labels[2]} class="num">{ l.number(d.line as i64) }</td>
                                    <td data-label={labels[3]}>{ d.product.clone() }</td>
                                    <td data-label={labels[4]} class="num">{ d.amount.map(|a| format!("{} {}", exact(&l, a), d.currency)).unwrap_or_else(|| "—".into()) }</td>
                                    <td data-label={labels[5]} class="num">{ d.usd.filter(|_| r.excluded.is_none()).map(|u| l.usd(u)).unwrap_or_else(|| "—".into()) }</td>
                                    <td data-label={labels[6]}>{ yes_no(r.in_ttm_now) }</td>
                                    <td data-label={labels[7]}>{ yes_no(r.in_window) }</td>
                                    <td data-label={labels[8]}>{ yes_no(r.rolls_off) }</td>
                                    <td data-label={labels[9]}>{ r.excluded.as_ref().map(|e| l.message(&e.message())).unwrap_or_default() }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if shown.len() > *limit {
                <button type="button" class="button secondary small" data-action="more-lines" onclick={more}>
                    { l.f("Show more ({shown} of {all})", &[("shown", &count(*limit as u64)), ("all", &count(shown.len() as u64))]) }
                </button>
            }
            if shown.is_empty() {
                <p class="muted">{ l.t("No line of these.") }</p>
            }
        </section>
    }
}
