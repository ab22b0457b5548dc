//! The page's handlers: every callback its controls call, built in one hook
//! from the state and the worker adapter. Each records what happened as an
//! action of the model ([`crate::model::state`]) and, where files must be
//! read (again), hands them to the worker adapter first. The root component
//! (`app`) only lays the page out with them.

use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use super::components::own_check::OwnCheck;
use super::hooks::{dispatch_timed, use_learned_mappings};
use super::worker::{Analyser, NewFile};
use crate::domain::ingest::layout::ColumnMapping;
use crate::domain::ingest::FileOptions;
use crate::domain::readiness::Requirement;
use crate::domain::register::{Register, RegisterOptions};
use crate::model::lines::{LinesOf, LinesRequest, LINES_JOBS};
use crate::model::state::{Action, AppState, FileState, LoadedFile, ParsedSettings, Settings, OWN_TENANT};

/// The callbacks of the page's controls.
pub struct Handlers {
    /// Files given (picked, dropped, pasted, generated): kept and sent to be read.
    pub files: Callback<Vec<NewFile>>,
    /// A register file given: read at once on the page.
    pub register: Callback<(String, Vec<u8>)>,
    /// The answer to the register's question (date order, decimal mark).
    pub register_answer: Callback<RegisterOptions>,
    /// "Try with sample data".
    pub sample: Callback<()>,
    /// "Check my own tenant".
    pub own: Callback<OwnCheck>,
    /// Stop reading a file.
    pub cancel: Callback<u32>,
    /// Remove a file.
    pub remove: Callback<u32>,
    /// "Show the lines": read again where they were not read yet.
    pub lines: Callback<LinesOf>,
    /// Close the lines shown (`true`: stop reading them, and forget them).
    pub lines_close: Callback<bool>,
    /// A file's options changed: read it again.
    pub file_options: Callback<(u32, FileOptions)>,
    /// Settings changed: files read again where a rate or the margin changed.
    pub settings: Callback<Settings>,
    /// The as-of date input.
    pub as_of: Callback<Event>,
    /// "Clear all".
    pub clear: Callback<MouseEvent>,
    /// "Remember on this device".
    pub remember: Callback<Event>,
    /// "Forget everything".
    pub forget: Callback<MouseEvent>,
    /// An onboarding date typed for a tenant.
    pub onboarding: Callback<(String, Option<NaiveDate>)>,
    /// An anniversary month chosen for a tenant.
    pub anniversary: Callback<(String, Option<u32>)>,
    /// A D22 item confirmed for a tenant.
    pub readiness: Callback<(String, Requirement, Option<bool>)>,
    /// Any other action, as it is.
    pub dispatch: Callback<Action>,
}

/// The page's handlers over `state` and the worker adapter `analyser`.
#[hook]
pub fn use_handlers(state: &UseReducerHandle<AppState>, analyser: &Rc<Analyser>) -> Handlers {
    let state = state.clone();
    let analyser = analyser.clone();
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
                    analyser.keep(*id, f.source);
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
            let mut files: Vec<NewFile> = Vec::new();
            if let Some((name, rows)) = check.typed {
                files.push(NewFile::from_rows(name, rows, options.clone()));
            }
            files.extend(check.pasted.and_then(|(name, text)| NewFile::from_text(name, &text, options.clone())));
            on_files.emit(files);
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
    // The lines behind a figure: each file read again as a job of its own,
    // with only those lines kept (unless read since the files last changed).
    let next_lines_job = use_mut_ref(|| LINES_JOBS);
    let on_lines = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |of: LinesOf| {
            if state.lines_for(&of).is_some_and(|r| r.failed().is_empty()) {
                state.dispatch(Action::LinesRequested { of, request: None });
                return;
            }
            let first = {
                let mut next = next_lines_job.borrow_mut();
                let first = *next;
                *next = next.saturating_add(state.files.len() as u32 + 1);
                first
            };
            // What an outdated request of these lines still reads is not wanted.
            if let Some(reading) = state.lines.get(&of).map(LinesRequest::reading).filter(|jobs| !jobs.is_empty()) {
                analyser.cancel_jobs(&reading);
            }
            let request = state.lines_request(&of, first);
            for part in &request.parts {
                let Some(file) = state.files.iter().find(|f| f.id == part.file) else { continue };
                let options = FileOptions { lines: Some(of.selection()), ..state.parsed.file_options(&file.options) };
                analyser.analyse_as(part.job, part.file, &file.name, &options, &state.parsed.ingest);
            }
            state.dispatch(Action::LinesRequested { of, request: Some(request) });
        })
    };
    let on_lines_close = {
        let state = state.clone();
        let analyser = analyser.clone();
        Callback::from(move |cancel: bool| {
            if cancel {
                if let Some(request) = state.lines_shown.as_ref().and_then(|of| state.lines.get(of)) {
                    analyser.cancel_jobs(&request.reading());
                }
            }
            state.dispatch(Action::LinesClosed { cancelled: cancel });
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

    use_learned_mappings(&state, on_file_options.clone());
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
    Handlers {
        files: on_files,
        register: on_register,
        register_answer: on_register_answer,
        sample: on_sample,
        own: on_own,
        cancel: on_cancel,
        remove: on_remove,
        lines: on_lines,
        lines_close: on_lines_close,
        file_options: on_file_options,
        settings: on_settings,
        as_of: on_as_of,
        clear: on_clear,
        remember: on_remember,
        forget: on_forget,
        onboarding: on_onboarding,
        anniversary: on_anniversary,
        readiness: on_readiness,
        dispatch,
    }
}
