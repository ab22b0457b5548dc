//! The CLI against the project's own fixtures (`tests/data/fixtures/`): every
//! expected figure, every tenant and nothing more, and every line accounted
//! for as the fixtures' generator counted it.
//!
//! The expected figures were worked out by `tests/data/fixtures/generate.py`
//! from the lines it wrote, independently of the engine (each expected file
//! says how in its `how` field); `.ci/test.sh` runs `generate.py --check`, so
//! the committed files are what the script writes.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures")
}

fn run_cli(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_ttm-check")).current_dir(fixtures()).args(args).output().expect("the CLI runs");
    assert!(out.status.success(), "ttm-check {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn expected(file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join(file)).unwrap()).unwrap()
}

/// Every field of the expected file equals the CLI's, reseller by reseller,
/// and the report holds exactly the expected tenants.
fn assert_matches_expected(report: &Value, expected_file: &str) {
    let expected = expected(expected_file);
    assert!(expected["how"].as_str().is_some_and(|how| how.contains("not by the engine")), "{expected_file}: says how it was worked out");
    assert_eq!(report["as_of"], expected["as_of"], "{expected_file}: as-of date");
    let resellers = report["resellers"].as_array().unwrap();
    let expected = expected["resellers"].as_object().unwrap();
    assert!(expected.len() >= 12, "{expected_file}: {} tenants", expected.len());
    let mut shown: Vec<&str> = resellers.iter().map(|r| r["reseller_id"].as_str().unwrap()).collect();
    shown.sort_unstable();
    assert_eq!(shown, expected.keys().map(String::as_str).collect::<Vec<_>>(), "{expected_file}: the tenants");
    for (id, fields) in expected {
        let got = resellers.iter().find(|r| r["reseller_id"] == id.as_str()).unwrap();
        for (field, want) in fields.as_object().unwrap() {
            assert_eq!(&got[field], want, "{expected_file}: reseller {id}, field {field}");
        }
    }
}

/// Each file's lines, used and excluded by reason, as the generator counted them.
fn assert_counts_as_generated(report: &Value, expected_file: &str) {
    let expected = expected(expected_file);
    for file in report["ingest"]["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap().trim_start_matches("./");
        let want = &expected["files"][name];
        assert_eq!(file["lines_read"], want["lines"], "{name}: lines read");
        assert_eq!(file["used"]["lines"], want["used"], "{name}: lines used");
        let excluded: serde_json::Map<String, Value> =
            file["excluded"].as_object().unwrap().iter().map(|(reason, t)| (reason.clone(), t["lines"].clone())).collect();
        assert_eq!(Value::Object(excluded), want["excluded"], "{name}: lines excluded");
    }
}

fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or("0.00");
    let negative = s.starts_with('-');
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().unwrap();
    if negative {
        -n
    } else {
        n
    }
}

/// used + excluded + rejected = lines read = the file's data lines, and the
/// amounts of used and excluded lines add up to the total, to the cent.
fn assert_every_line_accounted(report: &Value) {
    for file in report["ingest"]["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let text = std::fs::read(fixtures().join(name)).unwrap();
        let data_lines = text.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count() as u64 - 1;
        let read = file["lines_read"].as_u64().unwrap();
        assert_eq!(read, data_lines, "{name}: lines read");
        let excluded = file["excluded"].as_object().unwrap();
        let excluded_lines: u64 = excluded.values().map(|t| t["lines"].as_u64().unwrap()).sum();
        let used = file["used"]["lines"].as_u64().unwrap();
        let rejected = file["rejected"]["lines"].as_u64().unwrap();
        assert_eq!(used + excluded_lines + rejected, read, "{name}: line accounting");
        let excluded_cents: i64 = excluded.values().map(|t| cents(&t["usd"])).sum();
        assert_eq!(cents(&file["used"]["usd"]) + excluded_cents, cents(&file["total"]["usd"]), "{name}: amounts");
        assert!(file["total"]["unconverted"].is_null(), "{name}: every amount converted");
    }
    // What the resellers hold is exactly what the files used.
    let used_cents: i64 = report["ingest"]["files"].as_array().unwrap().iter().map(|f| cents(&f["used"]["usd"])).sum();
    assert!(used_cents > 0);
}

#[test]
fn nce_invoice() {
    let report = run_cli(&["assess", "nce-invoice.csv", "--register", "nce-invoice.register.csv", "--as-of", "2026-11-28"]);
    assert_matches_expected(&report, "nce-invoice.expected-2026-11-28.json");
    assert_counts_as_generated(&report, "nce-invoice.expected-2026-11-28.json");
    assert_every_line_accounted(&report);
    let file = &report["ingest"]["files"][0];
    assert_eq!(file["layout"], "nce_invoice");
    assert_eq!(file["encoding"], "utf8_bom");
    assert!(file["excluded"]["no_reseller"]["lines"].as_u64() > Some(20), "direct lines, `0` and blank (D16)");
}

#[test]
fn tier2_invoice_alone() {
    let report = run_cli(&["assess", "tier2-invoice.csv", "--register", "tier2.register.csv", "--as-of", "2026-11-28"]);
    assert_matches_expected(&report, "tier2.expected-2026-11-28.json");
    assert_counts_as_generated(&report, "tier2.expected-2026-11-28.json");
    assert_every_line_accounted(&report);
}

#[test]
fn tier2_with_daily_usage_counts_each_charge_once() {
    for files in [["tier2-invoice.csv", "tier2-daily.csv"], ["tier2-daily.csv", "tier2-invoice.csv"]] {
        let report = run_cli(&["assess", files[0], files[1], "--register", "tier2.register.csv", "--as-of", "2026-11-28"]);
        assert_matches_expected(&report, "tier2.expected-2026-11-28.json");
        assert_counts_as_generated(&report, "tier2.expected-2026-11-28.json");
        assert_every_line_accounted(&report);
        let daily = report["ingest"]["files"].as_array().unwrap().iter().find(|f| f["layout"] == "nce_daily_usage").unwrap();
        assert_eq!(daily["used"]["lines"], 0, "daily usage is detail of the loaded invoices");
        assert_eq!(daily["excluded"]["daily_usage_detail"]["lines"], daily["lines_read"]);
    }
}

#[test]
fn legacy_license_with_a_user_rate() {
    let report = run_cli(&[
        "assess",
        "legacy-license.csv",
        "--register",
        "legacy-license.register.csv",
        "--as-of",
        "2026-03-15",
        "--rate",
        "EUR=1.0825",
    ]);
    assert_matches_expected(&report, "legacy-license.expected-2026-03-15-EUR1.0825.json");
    assert_counts_as_generated(&report, "legacy-license.expected-2026-03-15-EUR1.0825.json");
    assert_every_line_accounted(&report);
    assert_eq!(report["ingest"]["files"][0]["layout"], "legacy_license");
}

#[test]
fn german_excel_sheet() {
    let report =
        run_cli(&["assess", "excel-de.csv", "--register", "excel-de.register.csv", "--as-of", "2026-11-28", "--rate", "EUR=1.0825"]);
    assert_matches_expected(&report, "excel-de.expected-2026-11-28-EUR1.0825.json");
    assert_counts_as_generated(&report, "excel-de.expected-2026-11-28-EUR1.0825.json");
    assert_every_line_accounted(&report);
    let file = &report["ingest"]["files"][0];
    assert_eq!(
        (file["layout"].as_str(), file["encoding"].as_str(), file["delimiter"].as_str()),
        (Some("generic"), Some("windows1252"), Some(";"))
    );
    assert_eq!(file["decimal_style"], "comma");
    assert!(file["excluded"]["partner_of_record"]["lines"].as_u64() > Some(10), "CPOR, DPOR and PAL lines (D15)");
}

#[test]
fn without_a_rate_eur_lines_wait_for_one() {
    let report = run_cli(&["assess", "excel-de.csv", "--register", "excel-de.register.csv", "--as-of", "2026-11-28"]);
    let file = &report["ingest"]["files"][0];
    assert_eq!(file["missing_rates"], serde_json::json!(["EUR"]));
    let needs: Vec<&Value> = report["resellers"].as_array().unwrap().iter().filter(|r| r["status"] == "needs_input").collect();
    assert!(needs.len() > 1);
    assert!(needs.iter().any(|r| r["missing"].as_array().unwrap().iter().any(|m| m["currency"] == "EUR")));
}

#[test]
fn the_same_file_twice_counts_once() {
    let once = run_cli(&["assess", "nce-invoice.csv", "--register", "nce-invoice.register.csv", "--as-of", "2026-11-28"]);
    let twice =
        run_cli(&["assess", "nce-invoice.csv", "./nce-invoice.csv", "--register", "nce-invoice.register.csv", "--as-of", "2026-11-28"]);
    assert_eq!(once["resellers"], twice["resellers"]);
    assert_eq!(twice["ingest"]["files"][1]["duplicate_of"], "nce-invoice.csv");
    assert_eq!(twice["ingest"]["files"][1]["excluded"]["duplicate_file"]["lines"], once["ingest"]["files"][0]["lines_read"]);
}

#[test]
fn the_same_lines_split_into_two_files_give_the_same_result() {
    let text = std::fs::read_to_string(fixtures().join("nce-invoice.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().trim_start_matches('\u{feff}');
    let rows: Vec<&str> = lines.collect();
    let dir = std::env::temp_dir().join(format!("ttm-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Odd and even lines, so both files span every month and reseller.
    let part = |keep: usize| {
        format!("{header}\n{}\n", rows.iter().enumerate().filter(|(i, _)| i % 2 == keep).map(|(_, r)| *r).collect::<Vec<_>>().join("\n"))
    };
    std::fs::write(dir.join("a.csv"), part(0)).unwrap();
    std::fs::write(dir.join("b.csv"), part(1)).unwrap();
    let whole = run_cli(&["assess", "nce-invoice.csv", "--register", "nce-invoice.register.csv", "--as-of", "2026-11-28"]);
    let a = dir.join("a.csv");
    let b = dir.join("b.csv");
    let split =
        run_cli(&["assess", b.to_str().unwrap(), a.to_str().unwrap(), "--register", "nce-invoice.register.csv", "--as-of", "2026-11-28"]);
    assert_eq!(whole["resellers"], split["resellers"]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The web app's table leaves the monthly series out and computes it when a
/// tenant is shown: every other figure must be the same.
#[test]
fn the_summary_assessment_differs_only_by_the_series_and_the_history() {
    use ttm_check::domain::report::{assess_portfolio, assess_portfolio_summary};
    use ttm_check::domain::sample;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let s = sample::generate(as_of);
    let files =
        [ttm_check::domain::report::InputFile { name: "s.csv".into(), bytes: s.invoice_csv.as_bytes(), options: Default::default() }];
    let report =
        ttm_check::domain::report::assess_files(&files, Some(("r.csv", s.register_csv.as_bytes())), as_of, &Default::default()).unwrap();
    let mut ingest = ttm_check::domain::ingest::Ingest::new();
    ingest.add(ttm_check::domain::ingest::read_file("s.csv", s.invoice_csv.as_bytes(), Default::default(), &Default::default()));
    let register = ttm_check::domain::register::Register::parse("r.csv", s.register_csv.as_bytes()).unwrap();
    let full = assess_portfolio(&ingest.ledger(), &register, ingest.coverage(), as_of, &report.policy);
    let summary = assess_portfolio_summary(&ingest.ledger(), &register, ingest.coverage(), as_of, &report.policy);
    assert_eq!(full, report.resellers);
    assert!(full.iter().all(|r| r.monthly.len() >= 24));
    assert!(full.iter().any(|r| !r.history.is_empty()), "the sample has past evaluations the data cover");
    for (mut f, s) in full.into_iter().zip(summary) {
        assert!(s.monthly.is_empty() && s.history.is_empty());
        f.monthly.clear();
        f.history.clear();
        // The D12b warnings are the history's failed rows.
        let d12b = |w: &ttm_check::domain::assess::Warning| matches!(w, ttm_check::domain::assess::Warning::PastEvaluationShort { .. });
        f.warning_details.retain(|w| !d12b(w));
        f.warnings.retain(|w| !d12b(w));
        assert_eq!(f, s);
    }
}
