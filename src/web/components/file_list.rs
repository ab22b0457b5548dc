//! The files loaded: progress while reading, then each file's account.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::style_question::style_question;
use crate::domain::dates::DateOrder;
use crate::domain::ingest::layout::Layout;
use crate::domain::ingest::{CrossCheck, ExclusionReason, FileAccount, FileOptions, Question};
use crate::domain::money::DecimalStyle;
use crate::model::state::{FileState, LoadedFile};
use crate::web::i18n::L10n;

/// Props of [`FileList`].
#[derive(Properties, PartialEq)]
pub struct FileListProps {
    /// The files.
    pub files: Vec<LoadedFile>,
    /// Their accounts after de-duplication.
    pub accounts: Rc<BTreeMap<u32, FileAccount>>,
    /// Cancel reading a file.
    pub on_cancel: Callback<u32>,
    /// Remove a file.
    pub on_remove: Callback<u32>,
    /// Change a file's options (it is read again).
    pub on_options: Callback<(u32, FileOptions)>,
    /// Open the mapping dialog for a file.
    pub on_map: Callback<u32>,
    /// D20: monthly report values beside the lines of the same month.
    pub cross_checks: Vec<CrossCheck>,
    /// A file's lines that name no reseller: the button that shows them,
    /// or them (for a file with direct sales or rejected lines).
    #[prop_or_default]
    pub direct_lines: Option<Callback<u32, Html>>,
}

fn size(l: &L10n, bytes: f64) -> String {
    let (value, digits, unit) = if bytes >= 1e9 {
        (bytes / 1e9, 2, "GB")
    } else if bytes >= 1e6 {
        (bytes / 1e6, 1, "MB")
    } else {
        ((bytes / 1e3).max(1.0), 0, "KB")
    };
    format!("{} {unit}", l.fraction(value, digits))
}

/// The file list.
#[component]
pub fn FileList(props: &FileListProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    if props.files.is_empty() {
        return html! {};
    }
    html! {
        <section class="card file-list" aria-labelledby="files-heading">
            <h2 id="files-heading">{ l.t("Files") }</h2>
            <ul>
                { for props.files.iter().map(|f| file_item(&l, f, props)) }
            </ul>
        </section>
    }
}

fn file_item(l: &L10n, f: &LoadedFile, props: &FileListProps) -> Html {
    let id = f.id;
    let remove = props.on_remove.reform(move |_: MouseEvent| id);
    let body = match &f.state {
        FileState::Waiting | FileState::Reading { .. } => {
            let (done, total) = match f.state {
                FileState::Reading { done, total } => (done, total.max(1.0)),
                _ => (0.0, f.size.max(1.0)),
            };
            let pct = (done / total * 100.0).clamp(0.0, 100.0);
            html! {
                <div class="progress-row">
                    <progress max="100" value={(pct.round() as u32).to_string()} aria-label={l.f("Reading {file}", &[("file", &f.name)])}></progress>
                    <span class="progress-text">{ l.percent(pct) }</span>
                    <button type="button" class="button secondary small cancel" onclick={props.on_cancel.reform(move |_: MouseEvent| id)}>{ l.t("Cancel") }</button>
                </div>
            }
        }
        FileState::Cancelled => html! { <p class="muted">{ l.t("Cancelled: not counted.") }</p> },
        FileState::Failed(failure) => html! { <p class="error" role="alert">{ l.failure(&f.name, failure) }</p> },
        FileState::Done(result) => {
            let account = props.accounts.get(&id).unwrap_or(&result.account);
            account_view(l, id, f, account, props)
        }
    };
    html! {
        <li key={f.id} class="file-item" data-file={f.name.clone()}>
            <div class="file-head">
                <span class="file-name">{ &f.name }</span>
                <span class="muted">{ size(l, f.size) }</span>
                <button type="button" class="icon-button" aria-label={l.f("Remove {file}", &[("file", &f.name)])} onclick={remove}>{ "×" }</button>
            </div>
            { body }
        </li>
    }
}

fn account_view(l: &L10n, id: u32, f: &LoadedFile, r: &FileAccount, props: &FileListProps) -> Html {
    let excluded: u64 = r.excluded.values().map(|t| t.lines).sum();
    let layout = match (r.layout, r.manifest_blobs) {
        (Some(x), _) => l.layout(x).to_owned(),
        (None, Some(blobs)) => {
            l.plural(blobs as i64, "Graph billing export manifest ({n} blob)", "Graph billing export manifest ({n} blobs)")
        }
        (None, None) => l.t("Not recognised").to_owned(),
    };
    let warnings = r.warnings.iter().map(|w| html! { <p class="warning-text" role="alert">{ l.message(&w.message()) }</p> });
    let checks: Vec<&CrossCheck> = if r.layout == Some(Layout::MonthlyReport) { props.cross_checks.iter().collect() } else { Vec::new() };
    let questions = r.questions.iter().map(|q| match q {
        Question::MapColumns { unmapped, .. } => html! {
            <div class="question">
                <p>{ l.f("Columns not recognised: {roles}. ", &[("roles", &unmapped.iter().map(|u| l.message(&u.message())).collect::<Vec<_>>().join(", "))]) }</p>
                <button type="button" class="button" onclick={props.on_map.reform(move |_: MouseEvent| id)}>{ l.t("Map columns…") }</button>
            </div>
        },
        style => {
            let order = props.on_options.reform({
                let options = f.options.clone();
                move |order: DateOrder| (id, FileOptions { date_order: Some(order), ..options.clone() })
            });
            let decimal = props.on_options.reform({
                let options = f.options.clone();
                move |style: DecimalStyle| (id, FileOptions { decimal_style: Some(style), ..options.clone() })
            });
            style_question(l, style, &order, &decimal)
        }
    });
    html! {
        <div class="account">
            <p class="account-line">
                <span class="layout">{ layout }</span>
                if let Some(sheet) = &r.sheet { <span class="muted">{ l.f(" · sheet {sheet}", &[("sheet", sheet)]) }</span> }
                if let Some(dup) = &r.duplicate_of { <span class="warning-text">{ l.f(" · same content as {file}: counted once", &[("file", dup)]) }</span> }
            </p>
            if let Some(failure) = &r.failure { <p class="error" role="alert">{ l.message(&failure.message()) }</p> }
            <p class="counts">
                { l.f("{lines} read: ", &[("lines", &l.lines(r.lines_read))]) }
                <strong>{ l.f("{n} used", &[("n", &l.number(r.used.lines as i64))]) }</strong>
                { l.f(" ({amount}), {excluded} excluded, ", &[("amount", &l.usd(r.used.usd)), ("excluded", &l.number(excluded as i64))]) }
                <span class={classes!((r.rejected.lines > 0).then_some("error-text"))}>{ l.f("{n} rejected", &[("n", &l.number(r.rejected.lines as i64))]) }</span>
            </p>
            if !r.excluded.is_empty() {
                <ul class="excluded">
                    { for r.excluded.iter().map(|(reason, t)| html! {
                        <li>{ l.f("{lines} excluded: {reason} ({amount})", &[("lines", &l.lines(t.lines)), ("reason", &l.message(&reason.message())), ("amount", &l.usd(t.usd))]) }</li>
                    }) }
                </ul>
            }
            if !r.missing_rates.is_empty() {
                <p class="warning-text">{ l.f("No rate to USD yet for {currencies}: enter it under Exchange rates.", &[("currencies", &r.missing_rates.iter().cloned().collect::<Vec<_>>().join(", "))]) }</p>
            }
            { for questions }
            { for warnings }
            if r.duplicate_of.is_none() && (r.excluded.contains_key(&ExclusionReason::NoReseller) || r.rejected.lines > 0) {
                if let Some(panel) = &props.direct_lines { { panel.emit(id) } }
            }
            if !checks.is_empty() {
                <table class="cross-checks">
                    <caption>{ l.t("Cross-check: months the line files cover count their lines; the report is shown beside them") }</caption>
                    <thead><tr>
                        <th scope="col">{ l.t("Reseller") }</th><th scope="col">{ l.t("Month") }</th>
                        <th scope="col">{ l.t("Report") }</th><th scope="col">{ l.t("Lines") }</th><th scope="col">{ l.t("Difference") }</th>
                    </tr></thead>
                    <tbody>
                        { for checks.iter().map(|c| html! {
                            <tr data-reseller={c.reseller_id.clone()}>
                                <td>{ &c.reseller_id }</td><td>{ l.month_year(c.month) }</td>
                                <td>{ l.usd(c.report_usd) }</td><td>{ l.usd(c.lines_usd) }</td><td data-field="difference">{ l.usd(c.difference_usd) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if r.rejected.lines > 0 {
                <details class="rejected">
                    <summary>{ l.f("Show rejected lines ({n})", &[("n", &l.number(r.rejected.lines as i64))]) }</summary>
                    <table class="rejected-table">
                        <thead><tr><th scope="col">{ l.t("Line") }</th><th scope="col">{ l.t("Column") }</th><th scope="col">{ l.t("Expected") }</th><th scope="col">{ l.t("Found") }</th></tr></thead>
                        <tbody>
                            { for r.rejected.first.iter().map(|x| html! {
                                <tr><td>{ x.line }</td><td>{ l.column(&x.column) }</td><td>{ l.message(&x.reason.message()) }</td><td><code>{ &x.found }</code></td></tr>
                            }) }
                        </tbody>
                    </table>
                    if r.rejected.lines as usize > r.rejected.first.len() {
                        <p class="muted">{ l.f("The first {shown} of {total} are shown.", &[("shown", &l.number(r.rejected.first.len() as i64)), ("total", &l.number(r.rejected.lines as i64))]) }</p>
                    }
                </details>
            }
        </div>
    }
}
