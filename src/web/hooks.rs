//! The root component's effects, one hook each: the background reader, the
//! results event for an embedding page, "remember on this device", the
//! theme and the document's language, and mappings learned from earlier
//! files. Each touches the browser; the state they feed stays pure.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::components::deferred::after_turns;
use super::embed::safe_colour;
use super::i18n::{L10n, Lang};
use super::worker::{Analyser, WorkerEvent};
use crate::domain::ingest::{FileOptions, Question};
use crate::model::lines::LINES_JOBS;
use crate::model::state::{Action, AppState};

/// The background reader, started ahead of the first file; its events
/// become actions.
#[hook]
pub fn use_worker(dispatcher: UseReducerDispatcher<AppState>) -> Rc<Analyser> {
    let analyser = use_memo((), move |_| {
        Analyser::new(move |event| match event {
            // The lines behind a figure: jobs of their own.
            WorkerEvent::Progress { job, done, total } if job >= LINES_JOBS => {
                dispatcher.dispatch(Action::LinesProgress { job, done, total })
            }
            WorkerEvent::Done { job, result } if job >= LINES_JOBS => {
                dispatcher.dispatch(Action::LinesRead { job, lines: result.lines.unwrap_or_default() })
            }
            WorkerEvent::Failed { job, failure } if job >= LINES_JOBS => dispatcher.dispatch(Action::LinesFailed { job, failure }),
            WorkerEvent::Progress { job, done, total } => {
                dispatcher.dispatch(Action::Progress { id: job, done, total, at_ms: super::now_ms() });
            }
            WorkerEvent::Done { job, result } => {
                let t0 = super::now_ms();
                dispatcher.dispatch(Action::FileRead { id: job, result, at_ms: t0 });
                super::diagnose("lastFileReadMs", (super::now_ms() - t0).into());
            }
            WorkerEvent::Failed { job, failure } => dispatcher.dispatch(Action::FileFailed { id: job, failure }),
        })
    });
    {
        let analyser = analyser.clone();
        // In a task of its own: the first screen's are short.
        use_effect_with((), move |_| after_turns(1, Box::new(move || analyser.warm_up())));
    }
    Rc::clone(&analyser)
}

/// Tells the embedding page (`host`) whenever the results change: after the
/// frame is painted (a portfolio of thousands makes a large detail), as
/// JSON text parsed by the engine (much faster than building the objects
/// field by field across the Wasm boundary).
#[hook]
pub fn use_results_event(host: Option<web_sys::Element>, state: &UseReducerHandle<AppState>) {
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let snapshot = state.clone();
    use_effect_with(state.report.clone(), move |_| {
        if let Some(host) = host {
            *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || {
                let init = web_sys::CustomEventInit::new();
                if let Some(detail) = serde_json::to_string(&snapshot.full_report()).ok().and_then(|json| js_sys::JSON::parse(&json).ok()) {
                    init.set_detail(&detail);
                }
                init.set_bubbles(true);
                if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("ttm-check:results", &init) {
                    let _ = host.dispatch_event(&event);
                }
            }));
        }
    });
}

/// "Remember on this device": what was remembered is restored at start
/// (the language too, unless the embedding page set one), and saved while
/// the user is opted in.
#[hook]
pub fn use_remembered(state: &UseReducerHandle<AppState>, lang: &UseStateHandle<Lang>, embedded_lang: Option<Lang>) {
    {
        let state = state.clone();
        let lang_setter = lang.setter();
        use_effect_with((), move |_| {
            if let Some(r) = super::storage::load() {
                if let (Some(remembered), None) = (r.lang.as_deref().and_then(Lang::from_tag), embedded_lang) {
                    lang_setter.set(remembered);
                }
                state.dispatch(Action::Restored(r));
            }
        });
    }
    // (What is remembered is only gathered while opted in: it copies the register.)
    use_effect_with((state.remember.then(|| state.remembered()), **lang), |(remembered, lang)| {
        if let Some(r) = remembered {
            let mut r = r.clone();
            r.lang = Some(lang.code().to_owned());
            super::storage::save(&r);
        }
    });
}

/// The theme colour on the app's root, through the CSSOM (a style
/// attribute would be inline style, which the CSP forbids).
#[hook]
pub fn use_theme(app_ref: &NodeRef, theme: Option<String>) {
    let app_ref = app_ref.clone();
    use_effect_with(theme, move |theme| {
        if let (Some(el), Some(colour)) = (app_ref.cast::<web_sys::HtmlElement>(), theme.as_deref().and_then(safe_colour)) {
            let _ = el.style().set_property("--brand", colour);
        }
    });
}

/// The page's description, as `index.html` has it in English.
const DESCRIPTION: &str = "Check Microsoft CSP indirect resellers against the USD 1,000 trailing-twelve-month revenue rule, privately: your reconciliation files are read in this browser and never sent anywhere.";

/// `lang` on the app's root, so screen readers and hyphenation follow; and,
/// standalone, on the document with the page's title and description.
#[hook]
pub fn use_document_lang(app_ref: &NodeRef, lang: Lang, l: &L10n) {
    let app_ref = app_ref.clone();
    let l = l.clone();
    use_effect_with(lang, move |lang| {
        if let Some(el) = app_ref.cast::<web_sys::Element>() {
            let _ = el.set_attribute("lang", lang.code());
            // Standalone, the document is ours too.
            if el.get_root_node().dyn_ref::<web_sys::ShadowRoot>().is_none() {
                if let Some(html) = gloo::utils::document().document_element() {
                    let _ = html.set_attribute("lang", lang.code());
                }
                let document = gloo::utils::document();
                document.set_title(l.t("TTM Check: Microsoft CSP minimum revenue"));
                if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
                    let _ = meta.set_attribute("content", l.t(DESCRIPTION));
                }
            }
        }
    });
}

/// A file whose header was mapped before is read again with that mapping.
#[hook]
pub fn use_learned_mappings(state: &UseReducerHandle<AppState>, on_file_options: Callback<(u32, FileOptions)>) {
    let files = state.files.clone();
    let mappings = state.mappings.clone();
    use_effect_with(state.accounts.clone(), move |accounts| {
        for f in &files {
            let Some(account) = accounts.get(&f.id) else { continue };
            let asks = account.questions.iter().any(|q| matches!(q, Question::MapColumns { .. }));
            if asks && f.options.mapping == Default::default() {
                if let Some(mapping) = mappings.get(&super::storage::header_key(&account.header)) {
                    let mut options = f.options.clone();
                    options.mapping = mapping.clone();
                    on_file_options.emit((f.id, options));
                }
            }
        }
    });
}

/// Dispatches `action` and leaves how long the state took to reduce (the
/// re-assessment, for an as-of date or a register entry) in the diagnostics
/// object as `lastAssessMs` (see [`super::diagnose`]): the reducer itself
/// reads no clock.
pub fn dispatch_timed(state: &UseReducerHandle<AppState>, action: Action) {
    let t0 = super::now_ms();
    state.dispatch(action);
    super::diagnose("lastAssessMs", (super::now_ms() - t0).into());
}
