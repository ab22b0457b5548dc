//! The page's model under `cargo test`: the app's state and its pure reducer
//! (`ttm_check::model::state::reduce`), with the domain reading real lines
//! and no browser.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ttm_check::domain::ingest::layout::ColumnMapping;
use ttm_check::domain::ingest::{read_file, ExchangeRates, FileError, FileOptions};
use ttm_check::domain::register::Register;
use ttm_check::model::remembered::Remembered;
use ttm_check::model::state::{reduce, Action, AppState, FileState, LoadedFile, Settings, REFRESH_MS};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AS_OF: (i32, u32, u32) = (2026, 11, 28);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// One invoice line of `usd` for `reseller` in `currency` (priced in it too).
fn invoice(reseller: &str, usd: &str, currency: &str) -> String {
    format!(
        "InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ChargeType,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate\n\
         G{reseller},1234567,{reseller},7/15/2026,new,{usd},{currency},{currency},1\n"
    )
}

fn waiting(id: u32, name: &str) -> LoadedFile {
    LoadedFile { id, name: name.to_owned(), size: 100.0, options: FileOptions::default(), state: FileState::Waiting }
}

fn read(name: &str, text: &str, options: &ExchangeRates) -> Box<ttm_check::domain::ingest::FinishedFile> {
    Box::new(read_file(name, text.as_bytes(), FileOptions::default(), options))
}

fn shown(s: &AppState) -> Vec<String> {
    s.report.resellers.iter().map(|r| r.reseller_id.clone()).collect()
}

fn ttm(s: &AppState, reseller: &str) -> String {
    s.report.resellers.iter().find(|r| r.reseller_id == reseller).map(|r| r.ttm_net_usd.to_string()).unwrap_or_default()
}

/// A batch of files read together is combined (and the portfolio assessed)
/// at its first file, at its last, and between them at most once a second
/// (`REFRESH_MS`), never leaving a file read out of what is finally shown.
#[test]
fn a_batch_of_files_is_combined_at_its_ends_and_once_a_second_between() {
    let resellers = ["4816859", "4816860", "4816861"];
    let files: Vec<LoadedFile> = resellers.iter().enumerate().map(|(k, r)| waiting(k as u32 + 1, &format!("{r}.csv"))).collect();
    let read = |k: usize| read(&files[k].name, &invoice(resellers[k], "921.83", "USD"), &ExchangeRates::default());

    let start = 50_000.0;
    let mut s = reduce(&AppState::new(as_of()), Action::FilesAdded(files.clone()));
    s = reduce(&s, Action::FileRead { id: 1, result: read(0), at_ms: start });
    assert_eq!((s.derived.1, shown(&s)), (1, vec![resellers[0].to_owned()]), "the first file is shown at once");
    s = reduce(&s, Action::FileRead { id: 2, result: read(1), at_ms: start + 100.0 });
    assert_eq!((s.derived.1, s.stale, shown(&s).len()), (1, true, 1), "the second waits: the third is still being read");
    s = reduce(&s, Action::Progress { id: 3, done: 1.0, total: 2.0, at_ms: start + REFRESH_MS - 1.0 });
    assert_eq!(s.derived.1, 1);
    // A new as-of date does not leave out the file waiting to be combined.
    let moved = reduce(&s, Action::AsOfChanged(as_of().succ_opt().unwrap()));
    assert_eq!((moved.stale, shown(&moved).len()), (false, 2));
    s = reduce(&s, Action::Progress { id: 3, done: 1.5, total: 2.0, at_ms: start + REFRESH_MS });
    assert_eq!((s.derived.1, s.stale, shown(&s).len()), (2, false, 2), "a second on, what was read is shown");
    s = reduce(&s, Action::FileRead { id: 3, result: read(2), at_ms: start + REFRESH_MS + 10.0 });
    assert_eq!((s.derived.1, shown(&s).len()), (3, 3), "the last file is shown at once");

    // The same files combined once at the end give the same report.
    let mut once = reduce(&AppState::new(as_of()), Action::FilesAdded(files.clone()));
    for k in 0..3 {
        once = reduce(&once, Action::FileRead { id: k as u32 + 1, result: read(k), at_ms: start + k as f64 });
    }
    assert_eq!(once.derived.1, 2);
    assert_eq!(once.report, s.report);
}

/// The settings are parsed once, when they change, and what they mean
/// reaches the report; what cannot be read keeps the rule's defaults.
#[test]
fn settings_are_parsed_once_when_they_change() {
    let s = AppState::new(as_of());
    assert_eq!(s.parsed, Settings::default().parse());
    assert_eq!(s.parsed.policy.threshold_usd.to_string(), "1000.00");
    let typed = Settings {
        threshold: "1500".into(),
        gross: true,
        margin: "12.5".into(),
        rates: BTreeMap::from([("EUR".to_owned(), "1.0825".to_owned()), ("GBP".to_owned(), "n/a".to_owned())]),
    };
    let s = reduce(&s, Action::SettingsChanged { settings: typed.clone(), resent: Vec::new() });
    assert_eq!(s.settings, typed, "shown back as typed");
    assert_eq!(s.parsed.policy.threshold_usd.to_string(), "1500.00");
    assert_eq!(s.report.policy, s.parsed.policy, "the report follows the parsed settings");
    assert_eq!(s.parsed.ingest.rates.keys().collect::<Vec<_>>(), ["EUR"], "a rate that does not read is left out");
    assert_eq!(s.parsed.file_options(&FileOptions::default()).margin_percent.map(|m| m.to_string()).as_deref(), Some("12.5"));
    let unreadable = Settings { threshold: "-5".into(), margin: "100".into(), ..typed };
    let s = reduce(&s, Action::SettingsChanged { settings: unreadable, resent: Vec::new() });
    assert_eq!(s.parsed.policy.threshold_usd.to_string(), "1000.00", "a negative threshold keeps D1");
    assert_eq!(s.parsed.margin_percent, None, "a margin of 100% is none");
}

/// Files sent again after a rate changed wait for their new result, and a
/// rate read into the file's new result converts its lines.
#[test]
fn a_rate_changed_sends_files_again_and_their_new_result_counts() {
    let eur = invoice("4816859", "100.00", "EUR");
    let s = reduce(&AppState::new(as_of()), Action::FilesAdded(vec![waiting(1, "eur.csv")]));
    let s = reduce(&s, Action::FileRead { id: 1, result: read("eur.csv", &eur, &ExchangeRates::default()), at_ms: 0.0 });
    assert_eq!(s.currencies().into_iter().collect::<Vec<_>>(), ["EUR"], "the currency waits for a rate");
    let settings = Settings { rates: BTreeMap::from([("EUR".to_owned(), "1.10".to_owned())]), ..Settings::default() };
    let s = reduce(&s, Action::SettingsChanged { settings, resent: vec![1] });
    assert_eq!(s.files[0].state, FileState::Waiting);
    let s = reduce(&s, Action::FileRead { id: 1, result: read("eur.csv", &eur, &s.parsed.ingest), at_ms: 5_000.0 });
    assert_eq!(ttm(&s, "4816859"), "110.00");
}

/// A cancelled file's late answer is not counted; a failed file is shown
/// failed; a removed one is gone with its mapping dialog.
#[test]
fn cancelled_failed_and_removed_files() {
    let s = reduce(&AppState::new(as_of()), Action::FilesAdded(vec![waiting(1, "a.csv"), waiting(2, "b.csv"), waiting(3, "c.csv")]));
    let s = reduce(&s, Action::FileCancelled(1));
    let s =
        reduce(&s, Action::FileRead { id: 1, result: read("a.csv", &invoice("4816859", "5.00", "USD"), &Default::default()), at_ms: 0.0 });
    assert_eq!((s.files[0].state.clone(), shown(&s)), (FileState::Cancelled, Vec::<String>::new()));
    let s = reduce(&s, Action::FileFailed { id: 2, failure: FileError::ReaderStopped });
    assert_eq!(s.files[1].state, FileState::Failed(FileError::ReaderStopped));
    let s = reduce(&s, Action::OpenMapping(Some(3)));
    let s = reduce(&s, Action::FileRemoved(3));
    assert_eq!((s.files.len(), s.mapping), (2, None));
}

/// A register loaded keeps what was typed by hand where the file says
/// nothing, and the file's own dates win where it has them.
#[test]
fn a_register_loaded_keeps_dates_typed_by_hand_where_it_has_none() {
    let s = reduce(&AppState::new(as_of()), Action::OnboardingTyped { reseller: "1".into(), date: Some(day(2023, 3, 8)) });
    let s = reduce(&s, Action::OnboardingTyped { reseller: "2".into(), date: Some(day(2022, 1, 1)) });
    let s = reduce(&s, Action::AnniversaryTyped { reseller: "3".into(), month: Some(5) });
    let file = Register::parse("r.csv", b"reseller_id,name,onboarding_date\n1,One,\n2,Two,2021-06-19\n3,Three,\n").unwrap();
    let s = reduce(&s, Action::RegisterLoaded { name: "r.csv".into(), register: file });
    let entry = |id: &str| s.register.get(id).unwrap().clone();
    assert_eq!(entry("1").onboarding_date, Some(day(2023, 3, 8)), "typed, the file has none");
    assert_eq!(entry("1").name.as_deref(), Some("One"));
    assert_eq!(entry("2").onboarding_date, Some(day(2021, 6, 19)), "the file's date wins");
    assert_eq!(entry("3").anniversary_month, Some(5));
    assert_eq!(s.register_name.as_deref(), Some("r.csv"));
    assert_eq!(shown(&s), ["1", "2", "3"], "every tenant of the register is shown");
}

/// Filtering, sorting and selecting change what is shown, never the
/// figures: nothing is combined or assessed again.
#[test]
fn filters_sorting_and_selection_derive_nothing() {
    let s = reduce(&AppState::new(as_of()), Action::FilesAdded(vec![waiting(1, "a.csv")]));
    let s =
        reduce(&s, Action::FileRead { id: 1, result: read("a.csv", &invoice("4816859", "5.00", "USD"), &Default::default()), at_ms: 0.0 });
    let (derived, report) = (s.derived, s.report.clone());
    let mut t = s.clone();
    for action in [
        Action::FilterText("4816".into()),
        Action::FilterStatus(Some(ttm_check::domain::assess::Status::AtRisk)),
        Action::SortBy(ttm_check::model::sort::SortKey::Ttm),
        Action::Select(Some("4816859".into())),
        Action::OpenMapping(Some(1)),
        Action::RememberToggled(true),
    ] {
        t = reduce(&t, action);
    }
    assert_eq!(t.derived, derived);
    assert!(std::rc::Rc::ptr_eq(&t.report, &report), "the same report, not recomputed");
    assert_eq!((t.text_filter.as_str(), t.selected.as_deref(), t.mapping, t.remember), ("4816", Some("4816859"), Some(1), true));
}

/// What was remembered comes back once at start: settings parsed, the
/// register, the mappings; "Clear all" keeps them, "Forget everything" not.
#[test]
fn restored_cleared_and_forgotten() {
    let mapping = ColumnMapping { tenant: Some("mine".into()), ..ColumnMapping::default() };
    let remembered = Remembered {
        threshold: "1200".into(),
        rates: BTreeMap::from([("EUR".to_owned(), "1.0825".to_owned())]),
        register: Register::parse("r.csv", b"reseller_id,onboarding_date\n4816859,2023-03-08\n").unwrap().entries.into_values().collect(),
        mappings: BTreeMap::from([("a\u{1f}b".to_owned(), mapping.clone())]),
        ..Remembered::default()
    };
    let s = reduce(&AppState::new(as_of()), Action::Restored(remembered.clone()));
    assert!(s.remember);
    assert_eq!(s.parsed.policy.threshold_usd.to_string(), "1200.00");
    assert_eq!(s.register_name.as_deref(), Some(ttm_check::model::state::REMEMBERED_REGISTER));
    assert_eq!(shown(&s), ["4816859"]);
    let mut expected = remembered.clone();
    expected.margin = "0".into();
    assert_eq!(s.remembered(), expected, "what is remembered again is what was restored");

    let s = reduce(&s, Action::FilesAdded(vec![waiting(1, "a.csv")]));
    let cleared = reduce(&s, Action::Clear);
    assert!(cleared.files.is_empty() && cleared.register.entries.is_empty());
    assert_eq!((cleared.remember, cleared.parsed.policy.threshold_usd.to_string(), cleared.mappings.len()), (true, "1200.00".into(), 1));
    let forgotten = reduce(&s, Action::Forgotten);
    let fresh = AppState::new(as_of());
    assert_eq!(AppState { derived: fresh.derived, ..forgotten }, fresh, "as new, but for the count of derivations");
}

/// "Show the lines": the files read are read again for one tenant (a job
/// each, from `LINES_JOBS` on), their lines kept as they answer, explained
/// once all have; shown again without reading while the files stay the same,
/// read again once they change; a file's unattributed lines are that file's.
#[test]
fn the_lines_of_a_tenant_are_read_again_kept_and_forgotten_when_the_files_change() {
    use ttm_check::model::lines::{LinesOf, LINES_JOBS};
    let a = "InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ProductName,ChargeType,Subtotal,Currency\n\
             G1,1,4816859,7/15/2026,Teams,new,600.005,USD\nG1,1,0,7/16/2026,Teams,new,50.00,USD\nG1,1,4816859,7/17/2026,Visio,CPOR,70.00,USD\n";
    let b = "InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ProductName,ChargeType,Subtotal,Currency\nG2,1,4816859,8/15/2025,Teams,new,400.00,USD\n";
    let mut s = reduce(&AppState::new(as_of()), Action::FilesAdded(vec![waiting(1, "a.csv"), waiting(2, "b.csv")]));
    for (id, name, text) in [(1, "a.csv", a), (2, "b.csv", b)] {
        s = reduce(&s, Action::FileRead { id, result: read(name, text, &ExchangeRates::default()), at_ms: 0.0 });
    }
    let of = LinesOf::Tenant("4816859".into());
    let request = s.lines_request(&of, LINES_JOBS);
    assert_eq!(request.parts.iter().map(|p| (p.job, p.file, p.index)).collect::<Vec<_>>(), [(LINES_JOBS, 1, 0), (LINES_JOBS + 1, 2, 1)]);
    s = reduce(&s, Action::LinesRequested { of: of.clone(), request: Some(request) });
    assert_eq!(s.lines_shown, Some(of.clone()));
    assert!(s.tenant_lines(&of).is_none(), "not before every file answered");
    s = reduce(&s, Action::LinesProgress { job: LINES_JOBS, done: 50.0, total: 100.0 });
    assert_eq!(s.lines_for(&of).unwrap().progress(), (50.0, 200.0));
    let options = FileOptions { lines: Some(of.selection()), ..FileOptions::default() };
    for (job, name, text) in [(LINES_JOBS, "a.csv", a), (LINES_JOBS + 1, "b.csv", b)] {
        let lines = read_file(name, text.as_bytes(), options.clone(), &ExchangeRates::default()).lines.unwrap();
        s = reduce(&s, Action::LinesRead { job, lines });
    }
    let lines = s.tenant_lines(&of).expect("every file answered");
    let t = s.assessment("4816859").unwrap();
    assert_eq!(lines.rows.len(), 3, "two counted, one partner-of-record line");
    assert_eq!(lines.sums.ttm_now_usd.unwrap().round_cents(), t.ttm_net_usd.round_cents());
    assert_eq!(lines.rows.iter().map(|r| r.detail.product.as_str()).collect::<Vec<_>>(), ["Teams", "Teams", "Visio"]);
    // Closed and shown again: nothing to read.
    s = reduce(&s, Action::LinesClosed { cancelled: false });
    assert!(s.lines_shown.is_none() && s.lines_for(&of).is_some());
    // Another tenant selected hides them; the files changing outdates them.
    s = reduce(&s, Action::LinesRequested { of: of.clone(), request: None });
    s = reduce(&s, Action::Select(Some("other".into())));
    assert!(s.lines_shown.is_none());
    s = reduce(&s, Action::FileRemoved(2));
    assert!(s.lines_for(&of).is_none(), "read again once the files change");
    // One file's unattributed lines: that file's job only.
    let direct = LinesOf::Unattributed(1);
    let request = s.lines_request(&direct, LINES_JOBS + 10);
    assert_eq!(request.parts.len(), 1);
    s = reduce(&s, Action::LinesRequested { of: direct.clone(), request: Some(request) });
    let options = FileOptions { lines: Some(direct.selection()), ..FileOptions::default() };
    let kept = read_file("a.csv", a.as_bytes(), options, &ExchangeRates::default()).lines.unwrap();
    s = reduce(&s, Action::LinesRead { job: LINES_JOBS + 10, lines: kept });
    let lines = s.tenant_lines(&direct).unwrap();
    assert_eq!(lines.rows.len(), 1);
    assert_eq!(lines.rows[0].excluded.as_ref().map(|e| e.code()), Some("no_reseller"));
    // Cancelled: forgotten.
    s = reduce(&s, Action::LinesClosed { cancelled: true });
    assert!(s.lines_for(&direct).is_none());
}
