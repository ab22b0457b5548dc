//! The root component: the state, the handlers that feed it, and the
//! page's layout. Its effects are hooks of their own (`hooks`).

use std::rc::Rc;

use yew::prelude::*;

use super::components::own_check::{OwnCheck, OwnCheckForm};
use super::components::{
    assumptions_panel::AssumptionsPanel, file_list::FileList, input_panel::InputPanel, mapping_dialog::MappingDialog,
    portfolio_outlook::PortfolioOutlook, portfolio_table::PortfolioTable, rates_panel::RatesPanel, reseller_detail::ResellerDetail,
    status_summary::StatusSummary,
};
use super::embed::EmbedOptions;
use super::hooks::{dispatch_timed, use_document_lang, use_learned_mappings, use_remembered, use_results_event, use_theme, use_worker};
use super::i18n::{L10n, Lang};
use super::worker::NewFile;
use crate::domain::ingest::layout::ColumnMapping;
use crate::domain::ingest::FileOptions;
use crate::domain::register::{Register, RegisterOptions};
use crate::model::state::{reduce, Action, AppState, FileState, LoadedFile, ParsedSettings, Settings, OWN_TENANT};

/// Yew's reducer hook over the model's pure [`reduce`].
impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Settings from the embedding page.
    #[prop_or_default]
    pub options: EmbedOptions,
    /// The element that receives the `ttm-check:results` event (embedding).
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
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
    let next_id = use_mut_ref(|| 1u32);

    let send = {
        let analyser = analyser.clone();
        move |file: &LoadedFile, settings: &ParsedSettings| {
            analyser.analyse(file.id, &file.name, &settings.file_options(&file.options), &settings.ingest);
        }
    };

    let on_files = {
        let state = state.clone();
        let send = send.clone();
        let analyser = analyser.clone();
        Callback::from(move |files: Vec<NewFile>| {
            let loaded: Vec<LoadedFile> = files
                .into_iter()
                .map(|f| {
                    let mut id = next_id.borrow_mut();
                    *id += 1;
                    analyser.keep(*id, f.blob);
                    LoadedFile { id: *id, name: f.name, size: f.size, options: f.options, state: FileState::Waiting }
                })
                .collect();
            for f in &loaded {
                send(f, &state.parsed);
            }
            state.dispatch(Action::FilesAdded(loaded));
        })
    };

    // The register's bytes are kept (in memory only) so that an answer to
    // its question (date order, decimal mark) reads it again.
    let register_source = use_mut_ref(|| None::<(String, Rc<[u8]>, RegisterOptions)>);
    let read_register = {
        let state = state.clone();
        let register_source = register_source.clone();
        move |name: String, bytes: Rc<[u8]>, options: RegisterOptions| {
            match Register::parse_with(&name, &bytes, options) {
                Ok(register) => state.dispatch(Action::RegisterLoaded { name: name.clone(), register }),
                Err(error) => state.dispatch(Action::RegisterFailed(error)),
            }
            *register_source.borrow_mut() = Some((name, bytes, options));
        }
    };
    let on_register = {
        let read_register = read_register.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| read_register(name, Rc::from(bytes), RegisterOptions::default()))
    };
    let on_register_answer = {
        let register_source = register_source.clone();
        Callback::from(move |answer: RegisterOptions| {
            let Some((name, bytes, mut options)) = register_source.borrow().clone() else { return };
            options.date_order = answer.date_order.or(options.date_order);
            options.decimal_style = answer.decimal_style.or(options.decimal_style);
            read_register(name, bytes, options);
        })
    };

    let on_sample = {
        let on_files = on_files.clone();
        let on_register = on_register.clone();
        let as_of = state.as_of;
        Callback::from(move |_| {
            let sample = crate::domain::sample::generate(as_of);
            on_register.emit(("sample-register.csv".into(), sample.register_csv.into_bytes()));
            on_files.emit(
                NewFile::from_text("sample-invoice-recon.csv".into(), &sample.invoice_csv, FileOptions::default()).into_iter().collect(),
            );
        })
    };

    // "Check my own tenant": the tenant's dates, and its purchases as
    // one-tenant tables (earlier ones replaced).
    let on_own = {
        let state = state.clone();
        let analyser = analyser.clone();
        let on_files = on_files.clone();
        Callback::from(move |check: OwnCheck| {
            for f in state.files.iter().filter(|f| f.options.mapping.tenant.as_deref() == Some(OWN_TENANT)) {
                analyser.cancel(f.id);
                analyser.forget(f.id);
                state.dispatch(Action::FileRemoved(f.id));
            }
            state.dispatch(Action::OwnTenant { name: check.name, onboarding: check.onboarding, month: check.month });
            let options = FileOptions {
                mapping: ColumnMapping { tenant: Some(OWN_TENANT.to_owned()), ..ColumnMapping::default() },
                ..FileOptions::default()
            };
            on_files.emit(check.tables.into_iter().filter_map(|(name, text)| NewFile::from_text(name, &text, options.clone())).collect());
        })
    };

    let on_cancel = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |id: u32| {
            analyser.cancel(id);
            state.dispatch(Action::FileCancelled(id));
        })
    };
    let on_remove = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |id: u32| {
            if state.files.iter().any(|f| f.id == id && matches!(f.state, FileState::Waiting | FileState::Reading { .. })) {
                analyser.cancel(id);
            }
            analyser.forget(id);
            state.dispatch(Action::FileRemoved(id));
        })
    };
    let on_file_options = {
        let state = state.clone();
        let send = send.clone();
        Callback::from(move |(id, options): (u32, FileOptions)| {
            if let Some(f) = state.files.iter().find(|f| f.id == id) {
                let mut f = f.clone();
                f.options = options.clone();
                send(&f, &state.parsed);
            }
            if options.mapping != Default::default() {
                if let Some(account) = state.accounts.get(&id) {
                    state.dispatch(Action::MappingLearned {
                        header: super::storage::header_key(&account.header),
                        mapping: options.mapping.clone(),
                    });
                }
            }
            state.dispatch(Action::FileOptionsChanged { id, options });
        })
    };
    use_learned_mappings(&state, on_file_options.clone());
    let on_settings = {
        let state = state.clone();
        let send = send.clone();
        Callback::from(move |settings: Settings| {
            let reread = settings.rates != state.settings.rates || settings.margin != state.settings.margin;
            if reread {
                let parsed = settings.parse();
                let ids: Vec<u32> = state
                    .files
                    .iter()
                    .filter(|f| !matches!(f.state, FileState::Cancelled | FileState::Failed(_)))
                    .map(|f| {
                        send(f, &parsed);
                        f.id
                    })
                    .collect();
                dispatch_timed(&state, Action::SettingsChanged { settings, resent: ids });
            } else {
                dispatch_timed(&state, Action::SettingsChanged { settings, resent: Vec::new() });
            }
        })
    };
    let on_as_of = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(d) = input.value().parse::<chrono::NaiveDate>() {
                dispatch_timed(&state, Action::AsOfChanged(d));
            }
        })
    };
    let on_clear = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |_| {
            analyser.cancel_all();
            analyser.forget_all();
            state.dispatch(Action::Clear);
        })
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let on_remember = dispatch.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if !input.checked() {
            super::storage::forget();
        }
        Action::RememberToggled(input.checked())
    });
    let on_forget = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |_| {
            super::storage::forget();
            analyser.cancel_all();
            analyser.forget_all();
            state.dispatch(Action::Forgotten);
        })
    };

    let report = state.report.clone();
    let has_data = !report.resellers.is_empty();
    let selected = state.selected.as_ref().and_then(|id| state.assessment(id));
    let full_report = {
        let state = state.clone();
        Callback::from(move |_: ()| state.full_report())
    };
    let on_onboarding = {
        let state = state.clone();
        Callback::from(move |(reseller, date)| dispatch_timed(&state, Action::OnboardingTyped { reseller, date }))
    };
    let on_anniversary = {
        let state = state.clone();
        Callback::from(move |(reseller, month)| dispatch_timed(&state, Action::AnniversaryTyped { reseller, month }))
    };
    let on_readiness = {
        let state = state.clone();
        Callback::from(move |(reseller, item, value)| dispatch_timed(&state, Action::ReadinessTyped { reseller, item, value }))
    };
    let what_if = {
        let state = state.clone();
        let id = state.selected.clone().unwrap_or_default();
        Callback::from(move |(extra, date)| state.what_if(&id, extra, date))
    };
    let mapping_file = state.mapping.and_then(|id| state.files.iter().find(|f| f.id == id)).cloned();
    let mapping_account = state.mapping.and_then(|id| state.accounts.get(&id)).cloned();

    html! {
        <ContextProvider<L10n> context={l.clone()}>
        <div ref={app_ref} class={classes!("app", state.selected.is_some().then_some("has-detail"))}>
            <p class="print-only print-meta">{ l.f("TTM Check report as of {date}. Computed in the browser; figures follow Microsoft's CSP indirect-reseller revenue rule and the assumptions below.", &[("date", &l.date(state.as_of))]) }</p>
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
                        <input type="date" id="as-of" value={state.as_of.to_string()} onchange={on_as_of} />
                    </label>
                    <label class="remember" title={l.t("Settings, exchange rates, the register and column mappings; never revenue lines")}>
                        <input type="checkbox" id="remember" checked={state.remember} onchange={on_remember} />
                        <span>{ l.t("Remember on this device") }</span>
                    </label>
                    <button type="button" class="button secondary" id="forget" onclick={on_forget}>{ l.t("Forget everything") }</button>
                    <button type="button" class="button secondary" id="clear" onclick={on_clear} disabled={state.files.is_empty() && state.register.entries.is_empty()}>{ l.t("Clear all") }</button>
                </div>
            </header>
            <p class="privacy-line" role="note">
                <svg class="lock" viewBox="0 0 16 16" aria-hidden="true" width="14" height="14"><path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor"/></svg>
                { l.t("Your revenue data never leave this browser: files are read on this device, nothing is uploaded, and the page is not allowed to connect anywhere.") }
            </p>
            <div class="workspace">
                <div class="column inputs">
                    <InputPanel on_files={on_files.clone()} on_register={on_register} on_sample={on_sample}
                        on_register_failed={dispatch.reform(Action::RegisterFailed)}
                        register_name={state.register_name.clone()} register_entries={state.register.entries.len()}
                        register_error={state.register_error.clone()} register_rejected={state.register.rejected.clone()}
                        register_questions={state.register.questions.clone()} on_register_answer={on_register_answer} />
                    <FileList files={state.files.clone()} accounts={state.accounts.clone()}
                        on_cancel={on_cancel} on_remove={on_remove} on_options={on_file_options.clone()}
                        on_map={dispatch.reform(|id: u32| Action::OpenMapping(Some(id)))}
                        cross_checks={state.report.ingest.cross_checks.clone()} />
                    <RatesPanel currencies={state.currencies()} settings={state.settings.clone()} on_change={on_settings.clone()} />
                </div>
                <div class="column results">
                    if has_data {
                        <StatusSummary report={report.clone()} filter={state.status_filter}
                            on_filter={dispatch.reform(Action::FilterStatus)} />
                        if report.resellers.len() > 1 {
                            <PortfolioOutlook report={report.clone()} />
                        }
                        <PortfolioTable report={report.clone()} status_filter={state.status_filter} text_filter={state.text_filter.clone()}
                            sort={state.sort} selected={state.selected.clone()} full_report={full_report}
                            on_sort={dispatch.reform(Action::SortBy)} on_filter={dispatch.reform(Action::FilterText)}
                            on_select={dispatch.reform(|id| Action::Select(Some(id)))} on_onboarding={on_onboarding.clone()} />
                    } else {
                        <section class="card empty-state">
                            <h2>{ l.t("No revenue loaded yet") }</h2>
                            <p>{ l.t("Drop Partner Center reconciliation files or a spreadsheet on the left, paste cells from Excel, or try the sample data to see a full result.") }</p>
                        </section>
                    }
                    if !has_data || state.selected.as_deref() == Some(OWN_TENANT) {
                        <OwnCheckForm on_check={on_own} as_of={state.as_of} />
                    }
                    if let Some(a) = selected {
                        <ResellerDetail assessment={a} as_of={state.as_of} threshold={state.parsed.policy.threshold_usd} what_if={what_if}
                            on_close={dispatch.reform(|_| Action::Select(None))} on_onboarding={on_onboarding} on_anniversary={on_anniversary} on_readiness={on_readiness} />
                    }
                    <AssumptionsPanel settings={state.settings.clone()} policy={state.parsed.policy.clone()} on_change={on_settings} files={state.files.clone()}
                        accounts={state.accounts.clone()} on_options={on_file_options.clone()} />
                </div>
            </div>
            if let Some(file) = mapping_file {
                <MappingDialog file={file} account={mapping_account} on_apply={on_file_options}
                    on_close={dispatch.reform(|_| Action::OpenMapping(None))} />
            }
        </div>
        </ContextProvider<L10n>>
    }
}
