//! The root component.

use yew::prelude::*;

use super::components::paste_area::PasteArea;

/// The whole app.
#[component]
pub fn App() -> Html {
    let as_of = use_state(super::today);
    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d") {
                as_of.set(d);
            }
        })
    };
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "TTM Check" }</h1>
                <p class="privacy-line">{ "Your revenue data never leave this browser." }</p>
            </header>
            <label class="as-of">
                { "As of " }
                <input type="date" id="as-of" value={as_of.format("%Y-%m-%d").to_string()} onchange={on_as_of} />
            </label>
            <PasteArea />
        </div>
    }
}
