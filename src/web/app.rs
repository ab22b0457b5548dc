//! The root component: the state, its hooks, and the page's layout. The
//! handlers its controls call are one hook (`handlers`); its effects are
//! hooks of their own (`hooks`).

use std::rc::Rc;

use yew::prelude::*;

use super::components::deferred::Deferred;
use super::components::lines_panel::LinesPanel;
use super::components::own_check::OwnCheckForm;
use super::components::{
    assumptions_panel::AssumptionsPanel, file_list::FileList, input_panel::InputPanel, mapping_dialog::MappingDialog,
    portfolio_outlook::PortfolioOutlook, portfolio_table::PortfolioTable, rates_panel::RatesPanel, reseller_detail::ResellerDetail,
    status_summary::StatusSummary,
};
use super::embed::EmbedOptions;
use super::handlers::use_handlers;
use super::hooks::{use_document_lang, use_remembered, use_results_event, use_theme, use_worker};
use super::i18n::{L10n, Lang};
use crate::model::lines::LinesOf;
use crate::model::state::{reduce, Action, AppState, FileState, Settings, OWN_TENANT};

/// Yew's reducer hook over the model's pure [`reduce`].
impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default, Clone)]
pub struct AppProps {
    /// Settings from the embedding page.
    #[prop_or_default]
    pub options: EmbedOptions,
    /// The element that receives the `ttm-check:results` event (embedding).
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
    /// Told once the whole first screen has been rendered: its parts come
    /// over a few tasks ([`Deferred`]), so that no one task is long.
    #[prop_or_default]
    pub on_shown: Option<Callback<()>>,
}

/// The app as the page and `mount()` start it: Yew's own start (its
/// scheduler, a first component) in one task, the app's first render in the
/// next.
#[component]
pub fn StagedApp(props: &AppProps) -> Html {
    html! { <Deferred turn={1}><App ..props.clone() /></Deferred> }
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_reducer(move || {
        let s = AppState::new(options.as_of.unwrap_or_else(super::today));
        match options.threshold {
            Some(threshold) => {
                let settings = Settings { threshold, ..s.settings.clone() };
                reduce(&s, Action::SettingsChanged { settings, resent: Vec::new() })
            }
            None => s,
        }
    });
    use_results_event(props.host.clone(), &state);
    use_effect_with(state.derived.1, |n| super::diagnose("derivations", (*n).into()));
    let app_ref = use_node_ref();
    use_theme(&app_ref, props.options.theme.clone());
    // The language: the embedding page's, else the browser's; switchable.
    let embedded_lang = props.options.lang.as_deref().and_then(Lang::from_tag);
    let lang = use_state(move || embedded_lang.unwrap_or_else(Lang::from_browser));
    let l10n = use_memo(*lang, |lang| L10n::new(*lang));
    let l = (*l10n).clone();
    use_document_lang(&app_ref, *lang, &l);
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_tag(&select.value()) {
                lang.set(l);
            }
        })
    };
    let analyser = use_worker(state.dispatcher());
    // "Remember on this device": restore at start, save while opted in.
    use_remembered(&state, &lang, embedded_lang);
    let on = use_handlers(&state, &analyser);

    let report = state.report.clone();
    let has_data = !report.resellers.is_empty();
    let selected = state.selected.as_ref().and_then(|id| state.assessment(id));
    let full_report = {
        let state = state.clone();
        Callback::from(move |_: ()| state.full_report())
    };
    let what_if = {
        let state = state.clone();
        let id = state.selected.clone().unwrap_or_default();
        Callback::from(move |(extra, date)| state.what_if(&id, extra, date))
    };
    // Lines shown whose files changed since (a file read or removed) are
    // read again once no file is still being read: they stay what the
    // figures beside them are made of.
    {
        let of = state.lines_shown.clone();
        let current = of.as_ref().is_some_and(|of| state.lines_for(of).is_some());
        let busy = state.files.iter().any(|f| matches!(f.state, FileState::Waiting | FileState::Reading { .. }));
        let read_again = on.lines.clone();
        use_effect_with((of, current, busy), move |(of, current, busy)| {
            if let (Some(of), false, false) = (of, current, busy) {
                read_again.emit(of.clone());
            }
        });
    }
    // The lines shown, explained once per change of what they depend on.
    let shown_lines = {
        let request = state.lines_shown.as_ref().and_then(|of| state.lines_for(of)).cloned();
        let deps = (state.lines_shown.clone(), request, state.report.clone(), state.register.clone());
        let state = state.clone();
        use_memo(deps, move |(of, ..)| of.as_ref().and_then(|of| state.tenant_lines(of)).map(Rc::new))
    };
    let lines_panel = {
        let (state, shown_lines, on_show, on_close) = (state.clone(), shown_lines.clone(), on.lines.clone(), on.lines_close.clone());
        move |of: LinesOf| {
            let shown = state.lines_shown.as_ref() == Some(&of);
            html! {
                <LinesPanel of={of.clone()} shown={shown} request={shown.then(|| state.lines_for(&of).cloned()).flatten()}
                    lines={if shown { (*shown_lines).clone() } else { None }} as_of={state.as_of}
                    on_show={on_show.clone()} on_close={on_close.clone()} />
            }
        }
    };
    let mapping_file = state.mapping.and_then(|id| state.files.iter().find(|f| f.id == id)).cloned();
    let mapping_account = state.mapping.and_then(|id| state.accounts.get(&id)).cloned();

    html! {
        <ContextProvider<L10n> context={l.clone()}>
        <div ref={app_ref} class={classes!("app", state.selected.is_some().then_some("has-detail"))}>
            <p class="print-only print-meta">{ l.f("TTM Check report as of {date}. Computed in the browser; figures follow Microsoft's CSP indirect-reseller revenue rule and the assumptions below.", &[("date", &l.date(state.as_of))]) }</p>
            // The first screen comes in parts, a task each, after this
            // render's (the state, the hooks): the browser compiles each
            // part's functions as they first run. They come in reading
            // order, on a phone's one column (the results first, as the own
            // check puts them) and in two columns alike, so that no part
            // moves one shown before it: the header with the workspace, then
            // in it the results with the own check, the assumptions, the
            // drop zone, the files.
            <Deferred turn={1}>
            <header class="topbar">
                <div class="brand">
                    <h1>{ "TTM Check" }</h1>
                    <p class="tagline">{ l.t("Microsoft CSP indirect resellers: will each tenant meet USD 1,000 trailing-twelve-month revenue at its next evaluation?") }</p>
                </div>
                <div class="topbar-controls">
                    <label class="language">
                        <span>{ l.t("Language") }</span>
                        <select id="language" onchange={on_lang}>
                            { for Lang::ALL.iter().map(|x| html! {
                                <option value={x.code()} lang={x.code()} selected={*x == *lang}>{ x.native_name() }</option>
                            }) }
                        </select>
                    </label>
                    <label class="as-of">
                        <span>{ l.t("As of") }</span>
                        <input type="date" id="as-of" value={state.as_of.to_string()} onchange={on.as_of.clone()} />
                    </label>
                    <label class="remember" title={l.t("Settings, exchange rates, the register and column mappings; never revenue lines")}>
                        <input type="checkbox" id="remember" checked={state.remember} onchange={on.remember.clone()} />
                        <span>{ l.t("Remember on this device") }</span>
                    </label>
                    <button type="button" class="button secondary" id="forget" onclick={on.forget.clone()}>{ l.t("Forget everything") }</button>
                    <button type="button" class="button secondary" id="clear" onclick={on.clear.clone()} disabled={state.files.is_empty() && state.register.entries.is_empty()}>{ l.t("Clear all") }</button>
                </div>
            </header>
            <p class="privacy-line" role="note">
                <svg class="lock" viewBox="0 0 16 16" aria-hidden="true" width="14" height="14"><path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor"/></svg>
                { l.t("Your revenue data never leave this browser: files are read on this device, nothing is uploaded, and the page is not allowed to connect anywhere.") }
            </p>
            <div class="workspace">
                <div class="column inputs">
                    <Deferred turn={3}>
                    <InputPanel on_files={on.files.clone()} on_register={on.register.clone()} on_sample={on.sample.clone()}
                        on_register_failed={on.dispatch.reform(Action::RegisterFailed)}
                        register_name={state.register_name.clone()} register_entries={state.register.entries.len()}
                        register_error={state.register_error.clone()} register_rejected={state.register.rejected.clone()}
                        register_questions={state.register.questions.clone()} on_register_answer={on.register_answer.clone()} />
                    </Deferred>
                    <Deferred turn={4} on_shown={props.on_shown.clone()}>
                    <FileList files={state.files.clone()} accounts={state.accounts.clone()}
                        on_cancel={on.cancel.clone()} on_remove={on.remove.clone()} on_options={on.file_options.clone()}
                        on_map={on.dispatch.reform(|id: u32| Action::OpenMapping(Some(id)))}
                        cross_checks={state.report.ingest.cross_checks.clone()}
                        direct_lines={Callback::from({ let panel = lines_panel.clone(); move |id: u32| panel(LinesOf::Unattributed(id)) })} />
                    <RatesPanel currencies={state.currencies()} settings={state.settings.clone()} on_change={on.settings.clone()} />
                    </Deferred>
                </div>
                <div class="column results">
                    <Deferred turn={1}>
                    if has_data {
                        <StatusSummary report={report.clone()} filter={state.status_filter}
                            on_filter={on.dispatch.reform(Action::FilterStatus)} />
                        if report.resellers.len() > 1 {
                            <PortfolioOutlook report={report.clone()} />
                        }
                        <PortfolioTable report={report.clone()} status_filter={state.status_filter} text_filter={state.text_filter.clone()}
                            sort={state.sort} selected={state.selected.clone()} full_report={full_report}
                            on_sort={on.dispatch.reform(Action::SortBy)} on_filter={on.dispatch.reform(Action::FilterText)}
                            on_select={on.dispatch.reform(|id| Action::Select(Some(id)))} on_onboarding={on.onboarding.clone()} />
                    } else {
                        <section class="card empty-state">
                            <h2>{ l.t("No revenue loaded yet") }</h2>
                            <p>{ l.t("Drop Partner Center reconciliation files or a spreadsheet on the left, paste cells from Excel, or try the sample data to see a full result.") }</p>
                        </section>
                    }
                    if !has_data || state.selected.as_deref() == Some(OWN_TENANT) {
                        <OwnCheckForm on_check={on.own.clone()} as_of={state.as_of} />
                    }
                    if let Some(a) = selected {
                        <ResellerDetail assessment={a} as_of={state.as_of} threshold={state.parsed.policy.threshold_usd} what_if={what_if}
                            on_close={on.dispatch.reform(|_| Action::Select(None))} on_onboarding={on.onboarding.clone()} on_anniversary={on.anniversary.clone()} on_readiness={on.readiness.clone()}
                            lines={lines_panel(LinesOf::Tenant(state.selected.clone().unwrap_or_default()))} />
                    }
                    </Deferred>
                    <Deferred turn={2}>
                    <AssumptionsPanel settings={state.settings.clone()} policy={state.parsed.policy.clone()} on_change={on.settings.clone()} files={state.files.clone()}
                        accounts={state.accounts.clone()} on_options={on.file_options.clone()} />
                    </Deferred>
                </div>
            </div>
            </Deferred>
            if let Some(file) = mapping_file {
                <MappingDialog file={file} account={mapping_account} on_apply={on.file_options.clone()}
                    on_close={on.dispatch.reform(|_| Action::OpenMapping(None))} />
            }
        </div>
        </ContextProvider<L10n>>
    }
}
