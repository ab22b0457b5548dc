//! The files loaded: progress while reading, then each file's account.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::domain::dates::DateOrder;
use crate::domain::ingest::{FileOptions, FileReport, Question};
use crate::web::format;
use crate::web::state::{FileState, LoadedFile};

/// Props of [`FileList`].
#[derive(Properties, PartialEq)]
pub struct FileListProps {
    /// The files.
    pub files: Vec<LoadedFile>,
    /// Their accounts after de-duplication.
    pub accounts: Rc<BTreeMap<u32, FileReport>>,
    /// Cancel reading a file.
    pub on_cancel: Callback<u32>,
    /// Remove a file.
    pub on_remove: Callback<u32>,
    /// Change a file's options (it is read again).
    pub on_options: Callback<(u32, FileOptions)>,
    /// Open the mapping dialog for a file.
    pub on_map: Callback<u32>,
}

fn size(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.2} GB", bytes / 1e9)
    } else if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.0} KB", (bytes / 1e3).max(1.0))
    }
}

/// The file list.
#[component]
pub fn FileList(props: &FileListProps) -> Html {
    if props.files.is_empty() {
        return html! {};
    }
    html! {
        <section class="card file-list" aria-labelledby="files-heading">
            <h2 id="files-heading">{ "Files" }</h2>
            <ul>
                { for props.files.iter().map(|f| file_item(f, props)) }
            </ul>
        </section>
    }
}

fn file_item(f: &LoadedFile, props: &FileListProps) -> Html {
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
                    <progress max="100" value={format!("{pct:.0}")} aria-label={format!("Reading {}", f.name)}></progress>
                    <span class="progress-text">{ format!("{pct:.0}%") }</span>
                    <button type="button" class="button secondary small cancel" onclick={props.on_cancel.reform(move |_: MouseEvent| id)}>{ "Cancel" }</button>
                </div>
            }
        }
        FileState::Cancelled => html! { <p class="muted">{ "Cancelled: not counted." }</p> },
        FileState::Failed(message) => html! { <p class="error" role="alert">{ message }</p> },
        FileState::Done(result) => {
            let account = props.accounts.get(&id).unwrap_or(&result.report);
            account_view(id, f, account, props)
        }
    };
    html! {
        <li class="file-item" data-file={f.name.clone()}>
            <div class="file-head">
                <span class="file-name">{ &f.name }</span>
                <span class="muted">{ size(f.size) }</span>
                <button type="button" class="icon-button" aria-label={format!("Remove {}", f.name)} onclick={remove}>{ "×" }</button>
            </div>
            { body }
        </li>
    }
}

fn account_view(id: u32, f: &LoadedFile, r: &FileReport, props: &FileListProps) -> Html {
    let excluded: u64 = r.excluded.values().map(|t| t.lines).sum();
    let layout = r.layout.map(|l| l.label()).unwrap_or("Not recognised");
    let questions = r.questions.iter().map(|q| match q {
        Question::MapColumns { missing, .. } => html! {
            <div class="question">
                <p>{ format!("Columns not recognised: {}. ", missing.join(", ")) }</p>
                <button type="button" class="button" onclick={props.on_map.reform(move |_: MouseEvent| id)}>{ "Map columns…" }</button>
            </div>
        },
        Question::DateOrder { column, examples } => {
            let choose = |order: DateOrder| {
                let mut options = f.options.clone();
                options.date_order = Some(order);
                props.on_options.reform(move |_: MouseEvent| (id, options.clone()))
            };
            html! {
                <div class="question" role="group" aria-label="Order of day and month">
                    <p>{ format!("Column “{column}” has dates like {} that read either way. Which comes first?", examples.join(", ")) }</p>
                    <button type="button" class="button" onclick={choose(DateOrder::DayFirst)}>{ "Day first (31/12/2025)" }</button>
                    <button type="button" class="button" onclick={choose(DateOrder::MonthFirst)}>{ "Month first (12/31/2025)" }</button>
                </div>
            }
        }
    });
    html! {
        <div class="account">
            <p class="account-line">
                <span class="layout">{ layout }</span>
                if let Some(sheet) = &r.sheet { <span class="muted">{ format!(" · sheet {sheet}") }</span> }
                if let Some(dup) = &r.duplicate_of { <span class="warning-text">{ format!(" · same content as {dup}: counted once") }</span> }
            </p>
            if let Some(err) = &r.error { <p class="error" role="alert">{ err }</p> }
            <p class="counts">
                { format!("{} lines read: ", r.lines_read) }
                <strong>{ format!("{} used", r.used.lines) }</strong>
                { format!(" ({}), {excluded} excluded, ", format::usd(r.used.usd)) }
                <span class={classes!((r.rejected.lines > 0).then_some("error-text"))}>{ format!("{} rejected", r.rejected.lines) }</span>
            </p>
            if !r.excluded.is_empty() {
                <ul class="excluded">
                    { for r.excluded.iter().map(|(reason, t)| html! {
                        <li>{ format!("{} line{} excluded: {} ({})", t.lines, if t.lines == 1 { "" } else { "s" }, reason.describe(), format::usd(t.usd)) }</li>
                    }) }
                </ul>
            }
            if !r.missing_rates.is_empty() {
                <p class="warning-text">{ format!("No rate to USD yet for {}: enter it under Exchange rates.", r.missing_rates.iter().cloned().collect::<Vec<_>>().join(", ")) }</p>
            }
            { for questions }
            if r.rejected.lines > 0 {
                <details class="rejected">
                    <summary>{ format!("Show rejected lines ({})", r.rejected.lines) }</summary>
                    <table class="rejected-table">
                        <thead><tr><th scope="col">{ "Line" }</th><th scope="col">{ "Column" }</th><th scope="col">{ "Expected" }</th><th scope="col">{ "Found" }</th></tr></thead>
                        <tbody>
                            { for r.rejected.first.iter().map(|x| html! {
                                <tr><td>{ x.line }</td><td>{ &x.column }</td><td>{ &x.expected }</td><td><code>{ &x.found }</code></td></tr>
                            }) }
                        </tbody>
                    </table>
                    if r.rejected.lines as usize > r.rejected.first.len() {
                        <p class="muted">{ format!("The first {} of {} are shown.", r.rejected.first.len(), r.rejected.lines) }</p>
                    }
                </details>
            }
        </div>
    }
}
