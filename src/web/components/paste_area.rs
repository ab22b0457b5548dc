//! The paste area: cells pasted from Excel, LibreOffice or Google Sheets.

use yew::prelude::*;

use crate::web::i18n::L10n;

/// Props of [`PasteArea`].
#[derive(Properties, PartialEq)]
pub struct PasteAreaProps {
    /// Called with the pasted text when the user analyses it.
    pub on_analyse: Callback<String>,
}

/// A text area that counts the lines pasted into it and hands them on.
#[component]
pub fn PasteArea(props: &PasteAreaProps) -> Html {
    let l = use_context::<L10n>().unwrap_or_default();
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let onclick = {
        let text = text.clone();
        let on_analyse = props.on_analyse.clone();
        Callback::from(move |_| {
            on_analyse.emit((*text).clone());
            text.set(String::new());
        })
    };
    html! {
        <div class="paste-area">
            <label for="paste">{ l.t("…or paste cells from a spreadsheet") }</label>
            <textarea id="paste" rows="5" {oninput} value={(*text).clone()}
                placeholder={l.t("Reseller ID\tDate\tAmount\tCurrency\n4816859\t2026-03-15\t1200.00\tUSD")} />
            <div class="row">
                <p class="paste-count" aria-live="polite">{ l.lines(lines as u64) }</p>
                <button type="button" class="button" id="analyse-paste" {onclick} disabled={lines == 0}>{ l.t("Analyse pasted lines") }</button>
            </div>
        </div>
    }
}
