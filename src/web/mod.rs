//! The browser shell: the Yew app and the JS embedding API. A thin adapter:
//! it reads the clock, the DOM and files, and hands values to the domain.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod state;
pub mod worker;

use wasm_bindgen::prelude::*;

/// "Today" in the user's time zone, from the browser's clock.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_default()
}

/// Mounts the app into the page's `#app` element, if it has one (an
/// embedding page without it mounts through the JS API; in the Web Worker
/// there is no document and nothing is mounted).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.get_element_by_id("app") {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
