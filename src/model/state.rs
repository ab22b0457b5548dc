//! The app's one state and the actions that change it.
//!
//! [`reduce`] is pure: it records what happened and re-derives the report
//! through the domain; it reads no clock and writes no global, and holds no
//! browser type (a file's bytes stay with the shell's worker adapter, keyed
//! by the file's ID). Reading files, the clock, timing and the DOM happen in
//! the shell's hooks and handlers (`web::app`, `web::hooks`).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::lines::{LinesOf, LinesRequest, PartState};
use super::remembered::Remembered;
use crate::domain::assess::{assess, Context, ResellerAssessment, Status};
use crate::domain::ingest::{CrossCheck, ExchangeRates, FileAccount, FileError, FileOptions, FinishedFile, Ingest};
use crate::domain::ledger::Ledger;
use crate::domain::money::Money;
use crate::domain::policy::{Policy, RevenueBasis};
use crate::domain::register::{Register, RegisterError};
use crate::domain::report::{report_of, Detail, IngestReport, Report, ReportParts};
use crate::model::sort::{Sort, SortKey};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How far a file has got.
#[derive(Clone, Debug, PartialEq)]
pub enum FileState {
    /// Sent to the worker.
    Waiting,
    /// Being read: bytes done of total.
    Reading { done: f64, total: f64 },
    /// Read.
    Done(Rc<FinishedFile>),
    /// Stopped by the user.
    Cancelled,
    /// Could not be read, for this reason.
    Failed(FileError),
}

/// One file the user loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    /// Stable ID (the worker's job ID).
    pub id: u32,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: f64,
    /// The user's settings for it (mapping, date order, sheet).
    pub options: FileOptions,
    /// How far it has got.
    pub state: FileState,
}

/// Settings as the user typed them (shown back as typed); [`Settings::parse`]
/// gives what the engine takes, once each time they change.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// D1 threshold.
    pub threshold: String,
    /// D7 gross instead of net.
    pub gross: bool,
    /// D14 provider margin, percent.
    pub margin: String,
    /// D10b rates, USD per unit.
    pub rates: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { threshold: "1000.00".into(), gross: false, margin: "0".into(), rates: BTreeMap::new() }
    }
}

impl Settings {
    /// What these settings mean to the engine: an unreadable or negative
    /// threshold keeps D1, rates that do not read as positive numbers are
    /// left out (D10b), a margin outside (0, 100) is none (D14).
    pub fn parse(&self) -> ParsedSettings {
        let mut policy = Policy::default();
        if let Some(t) = Money::parse_plain(&self.threshold).filter(|t| !t.is_negative()) {
            policy.threshold_usd = t;
        }
        if self.gross {
            policy.revenue_basis = RevenueBasis::Gross;
        }
        let rates =
            self.rates.iter().filter_map(|(c, r)| Some((c.clone(), Money::parse_plain(r).filter(|m| m.0 > Decimal::ZERO)?.0))).collect();
        let margin_percent = Money::parse_plain(&self.margin).map(|m| m.0).filter(|m| *m > Decimal::ZERO && *m < Decimal::ONE_HUNDRED);
        ParsedSettings { policy, ingest: ExchangeRates { rates }, margin_percent }
    }
}

/// The settings as the engine takes them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedSettings {
    /// The rule's parameters (D1, D7).
    pub policy: Policy,
    /// The rates for reading files (D10b).
    pub ingest: ExchangeRates,
    /// The provider margin, percent (D14).
    pub margin_percent: Option<Decimal>,
}

impl ParsedSettings {
    /// A file's options with the margin applied.
    pub fn file_options(&self, file: &FileOptions) -> FileOptions {
        FileOptions { margin_percent: self.margin_percent, ..file.clone() }
    }
}

/// Everything the app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Files loaded, in order.
    pub files: Vec<LoadedFile>,
    /// The register, as loaded and edited: shared between states, so an
    /// action that does not change it (a new as-of date) does not copy it.
    pub register: Rc<Register>,
    /// The register's file name.
    pub register_name: Option<String>,
    /// Why the register could not be read.
    pub register_error: Option<RegisterError>,
    /// Settings as typed.
    pub settings: Settings,
    /// Derived: the settings parsed (whenever they change).
    pub parsed: ParsedSettings,
    /// Status filter.
    pub status_filter: Option<Status>,
    /// Text filter.
    pub text_filter: String,
    /// The portfolio table's order.
    pub sort: Sort,
    /// The reseller shown in detail.
    pub selected: Option<String>,
    /// The file whose columns are being mapped.
    pub mapping: Option<u32>,
    /// The user opted in to "remember on this device".
    pub remember: bool,
    /// Column mappings learned, by header (see `storage::header_key`).
    pub mappings: BTreeMap<String, crate::domain::ingest::layout::ColumnMapping>,
    /// Derived: the report.
    pub report: Rc<Report>,
    /// Derived: revenue per reseller.
    pub ledger: Rc<Ledger>,
    /// Derived: per-file accounts after de-duplication, by file ID.
    pub accounts: Rc<BTreeMap<u32, FileAccount>>,
    /// Derived: earliest and latest line date.
    pub coverage: Option<(NaiveDate, NaiveDate)>,
    /// Files read since the last derivation, waiting for the others of
    /// their batch ([`REFRESH_MS`]).
    pub stale: bool,
    /// When the files were last combined (the page's clock, ms), and how
    /// many times: what a batch of files costs the page.
    pub derived: (f64, u32),
    /// The lines asked for ("Show the lines"), as read again: kept until
    /// the files change ([`AppState::lines_for`]).
    pub lines: BTreeMap<LinesOf, LinesRequest>,
    /// Whose lines are shown.
    pub lines_shown: Option<LinesOf>,
}

/// While more files of a batch are still being read, the files read are
/// combined and the portfolio shown again at most this often (ms): each
/// time costs the page some 50 ms (the answers combined, every tenant
/// assessed, the table drawn) that a worker still reading on the same
/// cores would otherwise have. The first file of a batch is shown at
/// once, the last one too.
pub const REFRESH_MS: f64 = 1000.0;

/// What happened.
pub enum Action {
    /// The as-of date changed.
    AsOfChanged(NaiveDate),
    /// Files were added (already sent to the worker).
    FilesAdded(Vec<LoadedFile>),
    /// A file's reading progressed (`at_ms`: the page's clock).
    Progress { id: u32, done: f64, total: f64, at_ms: f64 },
    /// A file was read (`at_ms`: the page's clock).
    FileRead { id: u32, result: Box<FinishedFile>, at_ms: f64 },
    /// A file could not be read.
    FileFailed { id: u32, failure: FileError },
    /// The user cancelled a file.
    FileCancelled(u32),
    /// The user removed a file.
    FileRemoved(u32),
    /// A file's options changed (it was sent again).
    FileOptionsChanged { id: u32, options: FileOptions },
    /// A register was loaded.
    RegisterLoaded { name: String, register: Register },
    /// A register could not be read.
    RegisterFailed(RegisterError),
    /// An onboarding date was typed for a reseller.
    OnboardingTyped { reseller: String, date: Option<NaiveDate> },
    /// The anniversary month was chosen for a reseller past its first year.
    AnniversaryTyped { reseller: String, month: Option<u32> },
    /// "Check my own tenant": its name, onboarding date or anniversary
    /// month; it is shown in detail.
    OwnTenant { name: String, onboarding: Option<NaiveDate>, month: Option<u32> },
    /// A D22 item confirmed (or not) for a reseller.
    ReadinessTyped { reseller: String, item: crate::domain::readiness::Requirement, value: Option<bool> },
    /// Settings changed; `resent`: the files the handler sent to be read
    /// again (a rate or the margin changed), which wait for their result.
    SettingsChanged { settings: Settings, resent: Vec<u32> },
    /// Status filter.
    FilterStatus(Option<Status>),
    /// Text filter.
    FilterText(String),
    /// Sort by a column (again: reverse).
    SortBy(SortKey),
    /// Show a reseller in detail.
    Select(Option<String>),
    /// Open or close the mapping dialog.
    OpenMapping(Option<u32>),
    /// Forget all loaded data.
    Clear,
    /// The user ticked or unticked "remember on this device".
    RememberToggled(bool),
    /// A mapping the user chose for a header, to apply to the next such file.
    MappingLearned { header: String, mapping: crate::domain::ingest::layout::ColumnMapping },
    /// What was remembered, restored at start.
    Restored(Remembered),
    /// "Forget everything": remembered settings, register and mappings.
    Forgotten,
    /// "Show the lines": read again by the worker (the jobs already sent),
    /// or shown from what was read before (`None`).
    LinesRequested { of: LinesOf, request: Option<LinesRequest> },
    /// A job of the lines read again progressed.
    LinesProgress { job: u32, done: f64, total: f64 },
    /// A job of the lines read again answered with its file's lines.
    LinesRead { job: u32, lines: Vec<crate::domain::ingest::LineDetail> },
    /// A job of the lines read again failed.
    LinesFailed { job: u32, failure: FileError },
    /// The lines were closed (`cancelled`: their reading stopped, and what
    /// was read of them forgotten).
    LinesClosed { cancelled: bool },
}

impl AppState {
    /// What "remember on this device" keeps of this state.
    pub fn remembered(&self) -> Remembered {
        Remembered {
            threshold: self.settings.threshold.clone(),
            gross: self.settings.gross,
            margin: self.settings.margin.clone(),
            rates: self.settings.rates.clone(),
            register: self.register.entries.values().cloned().collect(),
            mappings: self.mappings.clone(),
            lang: None,
        }
    }

    /// An empty app at `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        let mut s = AppState {
            as_of,
            files: Vec::new(),
            register: Rc::default(),
            register_name: None,
            register_error: None,
            settings: Settings::default(),
            parsed: Settings::default().parse(),
            status_filter: None,
            text_filter: String::new(),
            sort: Sort::default(),
            selected: None,
            mapping: None,
            remember: false,
            mappings: BTreeMap::new(),
            // Until `recompute` below assesses the (empty) state: the page's
            // start runs the assessment once, not twice.
            report: Rc::new(Report { as_of, policy: Policy::default(), ingest: IngestReport::default(), resellers: Vec::new() }),
            ledger: Rc::default(),
            accounts: Rc::default(),
            coverage: None,
            stale: false,
            derived: (f64::NEG_INFINITY, 0),
            lines: BTreeMap::new(),
            lines_shown: None,
        };
        s.recompute();
        s
    }

    /// Re-derives everything from the files read: the ledger, the accounts,
    /// then the assessment. The files' results are shared with the ingest,
    /// not copied.
    fn recompute(&mut self) {
        let mut ingest = Ingest::new();
        let mut done_ids = Vec::new();
        for f in &self.files {
            if let FileState::Done(result) = &f.state {
                ingest.add(Rc::clone(result));
                done_ids.push(f.id);
            }
        }
        let combined = ingest.combine();
        self.accounts = Rc::new(done_ids.into_iter().zip(combined.files.iter().cloned()).collect());
        self.ledger = Rc::new(combined.ledger);
        self.coverage = ingest.coverage();
        self.reassess(combined.files, combined.cross_checks);
    }

    /// Re-assesses every tenant from the ledger already built: what a new
    /// as-of date, register entry or onboarding date needs (no file is
    /// touched).
    fn reassess(&mut self, files: Vec<FileAccount>, cross_checks: Vec<CrossCheck>) {
        let report = report_of(self.report_parts(files, cross_checks), self.as_of, &self.parsed.policy, Detail::Summary);
        if self.selected.as_ref().is_some_and(|s| !report.resellers.iter().any(|r| &r.reseller_id == s)) {
            self.selected = None;
        }
        self.report = Rc::new(report);
    }

    /// What a report of this state is made of, with the files' accounts.
    fn report_parts(&self, files: Vec<FileAccount>, cross_checks: Vec<CrossCheck>) -> ReportParts<'_> {
        ReportParts {
            files,
            cross_checks,
            ledger: &self.ledger,
            coverage: self.coverage,
            register: &self.register,
            register_file: self.register_name.clone(),
        }
    }

    /// Currencies met in the files: those still without a rate, and all
    /// non-USD ones with rates typed.
    pub fn currencies(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.accounts.values().flat_map(|r| r.missing_rates.iter().cloned()).collect();
        out.extend(self.settings.rates.keys().cloned());
        out
    }

    /// One tenant with every figure and its monthly series (the report's
    /// rows leave the series out; it is computed when a tenant is shown).
    pub fn assessment(&self, reseller: &str) -> Option<ResellerAssessment> {
        self.report.resellers.iter().any(|r| r.reseller_id == reseller).then(|| {
            let empty = crate::domain::ledger::ResellerRevenue::default();
            self.assess_revenue(reseller, self.ledger.get(reseller).unwrap_or(&empty))
        })
    }

    /// `reseller` assessed in full on `revenue`, with this state's register,
    /// settings and as-of date.
    fn assess_revenue(&self, reseller: &str, revenue: &crate::domain::ledger::ResellerRevenue) -> ResellerAssessment {
        let context = Context { as_of: self.as_of, policy: &self.parsed.policy, coverage: self.coverage };
        assess(reseller, revenue, self.register.get(reseller), &context)
    }

    /// The report with every tenant's monthly series: the CLI's JSON shape,
    /// for the JSON export and the embedding page's results event.
    pub fn full_report(&self) -> Report {
        let (files, checks) = (self.report.ingest.files.clone(), self.report.ingest.cross_checks.clone());
        report_of(self.report_parts(files, checks), self.as_of, &self.report.policy, Detail::Full)
    }

    /// The assessment of `reseller` with `extra` USD added on `date` (the
    /// what-if): every figure recomputed by the domain.
    pub fn what_if(&self, reseller: &str, extra: Money, date: NaiveDate) -> ResellerAssessment {
        let mut revenue = self.ledger.get(reseller).cloned().unwrap_or_default();
        revenue.add_usd(date, extra.round_cents());
        self.assess_revenue(reseller, &revenue)
    }

    /// New settings, parsed once here.
    fn set_settings(&mut self, settings: Settings) {
        self.parsed = settings.parse();
        self.settings = settings;
    }
}

/// The state after `action`: what happened recorded, and what depends on it
/// derived again through the domain (the files combined and the portfolio
/// assessed; only assessed when the ledger cannot have changed).
pub fn reduce(state: &AppState, action: Action) -> AppState {
    let mut s = state.clone();
    let mut derive = true;
    let at_ms = match action {
        Action::Progress { at_ms, .. } | Action::FileRead { at_ms, .. } => Some(at_ms),
        _ => None,
    };
    // Only the assessment depends on these; the ledger stays.
    let assess_only = matches!(
        action,
        Action::AsOfChanged(_)
            | Action::RegisterLoaded { .. }
            | Action::OnboardingTyped { .. }
            | Action::AnniversaryTyped { .. }
            | Action::ReadinessTyped { .. }
            | Action::OwnTenant { .. }
    );
    match action {
        Action::AsOfChanged(d) => s.as_of = d,
        Action::FilesAdded(files) => {
            s.files.extend(files);
            derive = false;
        }
        Action::Progress { id, done, total, at_ms } => {
            if let Some(f) = s.files.iter_mut().find(|f| f.id == id) {
                if matches!(f.state, FileState::Waiting | FileState::Reading { .. }) {
                    f.state = FileState::Reading { done, total };
                }
            }
            // Files read while a long one goes on are shown in time.
            derive = s.stale && at_ms - s.derived.0 >= REFRESH_MS;
        }
        Action::FileRead { id, result, at_ms } => match s.files.iter_mut().find(|f| f.id == id) {
            Some(f) if !matches!(f.state, FileState::Cancelled) => {
                f.state = FileState::Done(Rc::new(*result));
                let others = s.files.iter().any(|f| matches!(f.state, FileState::Waiting | FileState::Reading { .. }));
                if others && at_ms - s.derived.0 < REFRESH_MS {
                    derive = false;
                    s.stale = true;
                }
            }
            _ => derive = false,
        },
        Action::FileFailed { id, failure } => {
            if let Some(f) = s.files.iter_mut().find(|f| f.id == id) {
                f.state = FileState::Failed(failure);
            }
        }
        Action::FileCancelled(id) => {
            if let Some(f) = s.files.iter_mut().find(|f| f.id == id) {
                f.state = FileState::Cancelled;
            }
        }
        Action::FileRemoved(id) => {
            s.files.retain(|f| f.id != id);
            if s.mapping == Some(id) {
                s.mapping = None;
            }
        }
        Action::FileOptionsChanged { id, options } => {
            if let Some(f) = s.files.iter_mut().find(|f| f.id == id) {
                f.options = options;
                f.state = FileState::Waiting;
            }
            s.mapping = None;
        }
        Action::RegisterLoaded { name, register } => {
            // Dates typed by hand stay unless the file gives one.
            s.register = Rc::new(register.keeping(&s.register));
            s.register_name = Some(name);
            s.register_error = None;
        }
        Action::RegisterFailed(error) => {
            s.register_error = Some(error);
            derive = false;
        }
        Action::OnboardingTyped { reseller, date } => Rc::make_mut(&mut s.register).entry_mut(&reseller).onboarding_date = date,
        Action::AnniversaryTyped { reseller, month } => Rc::make_mut(&mut s.register).entry_mut(&reseller).anniversary_month = month,
        Action::OwnTenant { name, onboarding, month } => {
            let e = Rc::make_mut(&mut s.register).entry_mut(OWN_TENANT);
            e.name = Some(name);
            e.onboarding_date = onboarding;
            e.anniversary_month = month;
            s.selected = Some(OWN_TENANT.to_owned());
        }
        Action::ReadinessTyped { reseller, item, value } => Rc::make_mut(&mut s.register).entry_mut(&reseller).readiness.set(item, value),
        Action::SettingsChanged { settings, resent } => {
            // Rates and the margin change what lines count for: read again.
            if !resent.is_empty() {
                s.lines.clear();
                s.lines_shown = None;
            }
            s.set_settings(settings);
            for f in s.files.iter_mut().filter(|f| resent.contains(&f.id)) {
                f.state = FileState::Waiting;
            }
        }
        Action::FilterStatus(st) => {
            s.status_filter = if s.status_filter == st { None } else { st };
            derive = false;
        }
        Action::FilterText(t) => {
            s.text_filter = t;
            derive = false;
        }
        Action::SortBy(key) => {
            s.sort = s.sort.by(key);
            derive = false;
        }
        Action::Select(id) => {
            s.selected = id;
            if matches!(&s.lines_shown, Some(LinesOf::Tenant(t)) if s.selected.as_ref() != Some(t)) {
                s.lines_shown = None;
            }
            derive = false;
        }
        Action::OpenMapping(id) => {
            s.mapping = id;
            derive = false;
        }
        Action::Clear => {
            let as_of = s.as_of;
            let settings = s.settings.clone();
            let (remember, mappings) = (s.remember, s.mappings.clone());
            s = AppState::new(as_of);
            s.set_settings(settings);
            s.remember = remember;
            s.mappings = mappings;
        }
        Action::RememberToggled(on) => {
            s.remember = on;
            derive = false;
        }
        Action::MappingLearned { header, mapping } => {
            s.mappings.insert(header, mapping);
            derive = false;
        }
        Action::Restored(r) => {
            s.remember = true;
            s.set_settings(Settings {
                threshold: if r.threshold.is_empty() { s.settings.threshold.clone() } else { r.threshold },
                gross: r.gross,
                margin: if r.margin.is_empty() { "0".into() } else { r.margin },
                rates: r.rates,
            });
            for e in r.register {
                Rc::make_mut(&mut s.register).insert(e);
            }
            if !s.register.entries.is_empty() {
                s.register_name = Some(REMEMBERED_REGISTER.into());
            }
            s.mappings = r.mappings;
        }
        Action::Forgotten => {
            let as_of = s.as_of;
            s = AppState::new(as_of);
        }
        Action::LinesRequested { of, request } => {
            if let Some(request) = request {
                s.lines.insert(of.clone(), request);
            }
            s.lines_shown = Some(of);
            derive = false;
        }
        Action::LinesProgress { job, done, total } => {
            s.lines_job(job, PartState::Reading { done, total });
            derive = false;
        }
        Action::LinesRead { job, lines } => {
            s.lines_job(job, PartState::Done(Rc::new(lines)));
            derive = false;
        }
        Action::LinesFailed { job, failure } => {
            s.lines_job(job, PartState::Failed(failure));
            derive = false;
        }
        Action::LinesClosed { cancelled } => {
            if let Some(of) = s.lines_shown.take().filter(|_| cancelled) {
                s.lines.remove(&of);
            }
            derive = false;
        }
    }
    // A new as-of date or register re-assesses the ledger as it is,
    // unless files read since wait to be combined into it.
    if derive && assess_only && !s.stale {
        let (files, checks) = (s.report.ingest.files.clone(), s.report.ingest.cross_checks.clone());
        s.reassess(files, checks);
    } else if derive {
        s.recompute();
        s.stale = false;
        s.derived = (at_ms.unwrap_or(s.derived.0), s.derived.1 + 1);
    }
    s
}

/// The reseller ID of the user's own tenant ("check my own tenant", or a
/// table mapped as one tenant's).
pub const OWN_TENANT: &str = "mine";

/// The register's name when it was restored from this device's storage.
pub const REMEMBERED_REGISTER: &str = "remembered register";
