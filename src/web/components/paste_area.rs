//! The paste area: text pasted from a spreadsheet.

use yew::prelude::*;

/// A text area that counts the lines pasted into it.
#[component]
pub fn PasteArea() -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    html! {
        <section class="paste-area">
            <label for="paste">{ "Paste revenue lines from a spreadsheet" }</label>
            <textarea id="paste" rows="8" {oninput} value={(*text).clone()} />
            <p class="paste-count" aria-live="polite">
                { format!("{lines} line{}", if lines == 1 { "" } else { "s" }) }
            </p>
        </section>
    }
}
