//! The browser shell: thin adapters that read the clock, the DOM and files,
//! and hand values to the domain. Two Wasm modules are built from it:
//!
//! - the page's (feature `web`): the Yew app and `mount()`; it carries no
//!   file reader, so the first screen loads less;
//! - the engine module (feature `engine`): [`engine::FileIngest`], which
//!   `static/worker.js` reads files with, and the synchronous JS `assess()`
//!   ([`api`]), which `static/boot.js` loads beside the app once it shows.

#[cfg(feature = "engine")]
pub mod api;
#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "web")]
pub mod components;
#[cfg(feature = "web")]
pub mod embed;
#[cfg(feature = "engine")]
pub mod engine;
#[cfg(feature = "web")]
pub mod format;
#[cfg(feature = "web")]
pub mod handlers;
#[cfg(feature = "web")]
pub mod hooks;
#[cfg(feature = "web")]
pub mod i18n;
#[cfg(feature = "web")]
pub mod storage;
#[cfg(feature = "web")]
pub mod worker;

use wasm_bindgen::prelude::*;
#[cfg(feature = "web")]
use yew::Callback;

/// "Today" in the user's time zone, from the browser's clock.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// Mounts the app into the page's `#app` element, if it has one (an
/// embedding page without it mounts through the JS API; in the Web Worker
/// there is no document and nothing is mounted).
///
/// The app renders its first screen over a few short tasks, in `#app`,
/// inert (and marked `data-staging`) and covered by the prerendered screen
/// that lies over it (`.first-screen`, from `static/first-screen.html`; see
/// `static/app.css`): the browser styles, lays out and paints each part as
/// it comes, not the whole screen at once. Once the app's screen is whole,
/// the prerendered one is taken away and the app shows where it stood,
/// neither moved nor painted again. The window then gets `ttm-check:shown`
/// (`static/boot.js` waits for it).
#[cfg(feature = "web")]
#[wasm_bindgen(start)]
pub fn start() {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let Some(root) = document.get_element_by_id("app") else { return };
    let _ = root.set_attribute("data-staging", "");
    let _ = root.set_attribute("inert", "");
    let query = window.location().search().unwrap_or_default();
    let on_shown = {
        let root = root.clone();
        Callback::from(move |()| {
            if let Ok(prerendered) = document.query_selector_all(".first-screen, .starting") {
                for i in 0..prerendered.length() {
                    if let Some(node) = prerendered.item(i) {
                        if let Some(parent) = node.parent_node() {
                            let _ = parent.remove_child(&node);
                        }
                    }
                }
            }
            let _ = root.remove_attribute("inert");
            let _ = root.remove_attribute("data-staging");
            if let Ok(event) = web_sys::Event::new("ttm-check:shown") {
                let _ = window.dispatch_event(&event);
            }
        })
    };
    // No results event here: only mount() embeddings listen for it, and a
    // large portfolio makes a large event.
    let props = app::AppProps { options: embed::EmbedOptions::from_query(&query), host: None, on_shown: Some(on_shown) };
    // The first render in a task of its own, after the module's start.
    components::deferred::after_turns(
        1,
        Box::new(move || {
            yew::Renderer::<app::StagedApp>::with_root_and_props(root, props).render();
        }),
    );
}

/// Mounts the app into `element` of a host page, inside a shadow root so the
/// host's CSS and the app's CSS stay apart. `options`: `{as_of?, threshold?,
/// theme?, lang?}` (`lang`: `en` or `de`; default: the browser's language). The element then fires `ttm-check:results` (detail: the CLI's
/// JSON shape) whenever the results change. The app's first screen is
/// rendered over a few tasks and put into the shadow root whole.
#[cfg(feature = "web")]
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<(), JsError> {
    let options: embed::EmbedOptions = if options.is_undefined() || options.is_null() {
        embed::EmbedOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("options: {e}")))?
    };
    let document = gloo::utils::document();
    let shadow = element
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .map_err(|_| JsError::new("the element cannot host the app (it has a shadow root already?)"))?;
    let style = document.create_element("link").map_err(|_| JsError::new("no document"))?;
    let _ = style.set_attribute("rel", "stylesheet");
    let _ = style.set_attribute("href", &stylesheet_url());
    let root = document.create_element("div").map_err(|_| JsError::new("no document"))?;
    let _ = shadow.append_child(&style);
    let on_shown = {
        let root = root.clone();
        Callback::from(move |()| {
            let _ = shadow.append_child(&root);
        })
    };
    let props = app::AppProps { options, host: Some(element), on_shown: Some(on_shown) };
    yew::Renderer::<app::StagedApp>::with_root_and_props(root, props).render();
    Ok(())
}

/// Records `value` under `key` in `globalThis.ttmCheckDiagnostics`, the one
/// object through which the page and its workers tell tests and benchmarks
/// how long things took (documented in `docs/architecture.md`, "Diagnostics"). Nothing
/// reads it in the app; it holds timings and sizes, never revenue data.
pub fn diagnose(key: &str, value: JsValue) {
    let global = js_sys::global();
    let name = JsValue::from_str(DIAGNOSTICS);
    let object = match js_sys::Reflect::get(&global, &name) {
        Ok(o) if o.is_object() => o,
        _ => {
            let o: JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&global, &name, &o);
            o
        }
    };
    let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
}

/// `performance.now()`, where there is one (for the diagnostics).
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|p| {
            js_sys::Reflect::get(&p, &"now".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()).and_then(|f| f.call0(&p).ok())
        })
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// The name of the diagnostics object on `globalThis` (see [`diagnose`]).
pub const DIAGNOSTICS: &str = "ttmCheckDiagnostics";

/// The app's stylesheet, next to this module (works from any sub-path).
#[cfg(feature = "web")]
fn stylesheet_url() -> String {
    let base = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("ttmCheckBase")).ok().and_then(|v| v.as_string());
    format!("{}app.css", base.unwrap_or_else(|| "./".into()))
}
