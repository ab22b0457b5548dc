//! The column-mapping dialog for a table that is not recognised.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::ingest::layout::{ColumnMapping, ColumnRef};
use crate::domain::ingest::{FileAccount, FileOptions, Question};
use crate::model::state::{LoadedFile, OWN_TENANT};
use crate::web::i18n::L10n;

/// Props of [`MappingDialog`].
#[derive(Properties, PartialEq)]
pub struct MappingDialogProps {
    /// The file to map.
    pub file: LoadedFile,
    /// Its account (header and preview).
    pub account: Option<FileAccount>,
    /// Apply the mapping: the file is read again.
    pub on_apply: Callback<(u32, FileOptions)>,
    /// Close without change.
    pub on_close: Callback<()>,
}

/// The reseller choice "no column: one tenant's table".
const ONE_TENANT: usize = usize::MAX;

/// The roles a column can take: key, label, required.
fn roles(l: &L10n) -> [(&'static str, &'static str, bool); 5] {
    [
        ("reseller", l.t("Reseller ID"), true),
        ("date", l.t("Date or month"), true),
        ("amount", l.t("Amount (before tax)"), true),
        ("currency", l.t("Currency"), false),
        ("type", l.t("Revenue type (CPOR/DPOR/PAL are excluded)"), false),
    ]
}

/// The mapping dialog (a modal `<dialog>`: focus stays inside, Escape closes).
#[component]
pub fn MappingDialog(props: &MappingDialogProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        });
    }
    let (header, preview, suggested, no_reseller_column) = match props.account.as_ref().and_then(|a| {
        a.questions.iter().find_map(|q| match q {
            Question::MapColumns { header, preview, suggested, no_reseller_column, .. } => {
                Some((header.clone(), preview.clone(), suggested.clone(), *no_reseller_column))
            }
            _ => None,
        })
    }) {
        Some(q) => q,
        None => (props.account.as_ref().map(|a| a.header.clone()).unwrap_or_default(), Vec::new(), ColumnMapping::default(), false),
    };
    // Pre-filled with what the reader found and a reseller candidate such as
    // PartnerId (D17): the user confirms it, nothing is taken silently.
    let choice = {
        let width = header.len();
        let position = move |c: &Option<ColumnRef>| match c {
            Some(ColumnRef::Position(n)) if *n <= width => *n,
            _ => 0,
        };
        // No reseller column found nor a candidate: offered as one tenant's table.
        let initial = [
            if suggested.reseller.is_none() && !no_reseller_column { ONE_TENANT } else { position(&suggested.reseller) },
            position(&suggested.date),
            position(&suggested.amount),
            position(&suggested.currency),
            position(&suggested.kind),
        ];
        use_state(move || initial)
    };
    let on_select = |role: usize| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut c = *choice;
            c[role] = select.value().parse().unwrap_or(0);
            choice.set(c);
        })
    };
    // Reseller "column" ONE_TENANT: every line is one tenant's (a table
    // with no reseller column, a reseller's own purchases).
    let ready = (choice[0] > 0 || choice[0] == ONE_TENANT) && choice[1] > 0 && choice[2] > 0;
    let on_apply = {
        let choice = choice.clone();
        let file = props.file.clone();
        let on_apply = props.on_apply.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let col = |i: usize| (choice[i] > 0).then(|| ColumnRef::Position(choice[i]));
            let mut options = file.options.clone();
            let tenant = (choice[0] == ONE_TENANT).then(|| OWN_TENANT.to_owned());
            options.mapping = ColumnMapping {
                reseller: col(0).filter(|_| tenant.is_none()),
                date: col(1),
                amount: col(2),
                currency: col(3),
                kind: col(4),
                tenant,
            };
            on_apply.emit((file.id, options));
        })
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_backdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: MouseEvent| {
            if e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDialogElement>().ok()).is_some() {
                on_close.emit(());
            }
        })
    };
    html! {
        <dialog ref={dialog} class="mapping-dialog" aria-labelledby="mapping-title" oncancel={on_cancel} onclick={on_backdrop}>
            <form onsubmit={on_apply}>
                <h2 id="mapping-title">{ l.f("Which columns hold what in “{file}”?", &[("file", &props.file.name)]) }</h2>
                <p class="muted">{ l.t("This table is not a Partner Center layout. Choose the columns once; the file is then read with them.") }</p>
                if no_reseller_column {
                    <p class="warning-text" role="note">{ l.t("This Partner Center file has no reseller column (ResellerMpnId or Tier2MpnId; Microsoft's “basic” usage export leaves it out), so its revenue cannot be attributed to resellers. MpnId is the billed partner, not the reseller. Export it with the full set of attributes.") }</p>
                }
                <div class="preview" tabindex="0" aria-label={l.t("Preview of the first lines")}>
                    <table>
                        <thead><tr>{ for header.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                        <tbody>{ for preview.iter().map(|row| html! { <tr>{ for row.iter().map(|c| html! { <td>{ c }</td> }) }</tr> }) }</tbody>
                    </table>
                </div>
                <div class="role-grid">
                    { for roles(&l).iter().enumerate().map(|(i, (key, label, required))| html! {
                        <label>
                            <span>{ *label }{ if *required { " *" } else { "" } }</span>
                            <select id={format!("map-{key}")} onchange={on_select(i)} required={*required}>
                                <option value="0" selected={choice[i] == 0}>{ if *required { l.t("Choose a column") } else { l.t("None") } }</option>
                                if i == 0 {
                                    <option value={ONE_TENANT.to_string()} selected={choice[0] == ONE_TENANT}>{ l.t("None: every line is one tenant's (mine)") }</option>
                                }
                                { for header.iter().enumerate().map(|(c, h)| html! {
                                    <option value={(c + 1).to_string()} selected={choice[i] == c + 1}>{ h }</option>
                                }) }
                            </select>
                        </label>
                    }) }
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button secondary" onclick={close}>{ l.t("Cancel") }</button>
                    <button type="submit" class="button" id="apply-mapping" disabled={!ready}>{ l.t("Read the file with these columns") }</button>
                </div>
            </form>
        </dialog>
    }
}
