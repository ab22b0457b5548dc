//! Every input form with real bytes: Excel's "Unicode text" (UTF-16LE, tabs),
//! German Excel CSV (Windows-1252, `;`, decimal comma, month names), a paste
//! without header, an ambiguous date column, the legacy usage layout, and an
//! `.xlsx` written by LibreOffice.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use ttm_check::domain::dates::DateOrder;
use ttm_check::domain::ingest::layout::{ColumnMapping, Layout};
use ttm_check::domain::ingest::text::TextEncoding;
use ttm_check::domain::ingest::{read_file, ExchangeRates, ExclusionReason, FileOptions, FinishedFile, Question, RejectionKind};
use ttm_check::domain::money::{DecimalStyle, Money};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)).unwrap()
}

fn usd(s: &str) -> Money {
    Money(s.parse().unwrap())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rates(pairs: &[(&str, &str)]) -> ExchangeRates {
    ExchangeRates { rates: pairs.iter().map(|(c, r)| (c.to_string(), r.parse::<Decimal>().unwrap())).collect() }
}

fn read(name: &str, options: FileOptions, rates: &ExchangeRates) -> FinishedFile {
    let file = read_file(name, &data(name), options, rates);
    assert!(file.account.reconciles(), "{name}: every line accounted for");
    file
}

fn days(file: &FinishedFile, reseller: &str) -> Vec<NaiveDate> {
    file.revenue.ledger[reseller].days.keys().copied().collect()
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let f = read("excel-unicode-text.txt", FileOptions::default(), &rates(&[("EUR", "1.1")]));
    let r = &f.account;
    assert_eq!((r.encoding, r.delimiter.as_deref(), r.layout), (Some(TextEncoding::Utf16Le), Some("\t"), Some(Layout::Generic)));
    assert_eq!(r.decimal_style, Some(DecimalStyle::Comma));
    assert_eq!((r.lines_read, r.used.lines), (4, 3));
    // 1,234.50 × 1.1 − 34.50 × 1.1 + 99.99 USD.
    assert_eq!(r.used.usd, usd("1419.99"));
    assert_eq!(r.excluded[&ExclusionReason::PartnerOfRecord].usd, usd("500.00"));
    assert_eq!(days(&f, "4816859"), vec![date(2026, 1, 15), date(2026, 2, 15)]);
}

#[test]
fn german_excel_csv_with_month_names() {
    let f = read("german-months.csv", FileOptions::default(), &ExchangeRates::default());
    let r = &f.account;
    assert_eq!((r.encoding, r.delimiter.as_deref()), (Some(TextEncoding::Windows1252), Some(";")));
    assert_eq!(r.columns["reseller"], "Wiederverkäufer");
    assert_eq!(r.columns["date"], "Monat");
    assert_eq!((r.used.lines, r.used.usd), (3, usd("1250.00")));
    assert_eq!(days(&f, "4816859"), vec![date(2025, 12, 1), date(2026, 1, 1), date(2026, 3, 1)]);
}

#[test]
fn an_ambiguous_date_column_is_asked_never_guessed() {
    let f = read("ambiguous-dates.csv", FileOptions::default(), &ExchangeRates::default());
    match &f.account.questions[..] {
        [Question::DateOrder { column, examples }] => {
            assert_eq!(column, "Date");
            assert_eq!(examples, &["03/04/2026".to_owned(), "05/06/2026".to_owned()]);
        }
        other => panic!("expected one date-order question, got {other:?}"),
    }
    assert_eq!(f.account.used.lines, 0);
    assert_eq!(f.account.excluded[&ExclusionReason::DateOrderUndecided].lines, 2);
    let day_first = read(
        "ambiguous-dates.csv",
        FileOptions { date_order: Some(DateOrder::DayFirst), ..FileOptions::default() },
        &ExchangeRates::default(),
    );
    assert_eq!(days(&day_first, "4816859"), vec![date(2026, 4, 3), date(2026, 6, 5)]);
    let month_first = read(
        "ambiguous-dates.csv",
        FileOptions { date_order: Some(DateOrder::MonthFirst), ..FileOptions::default() },
        &ExchangeRates::default(),
    );
    assert_eq!(days(&month_first, "4816859"), vec![date(2026, 3, 4), date(2026, 5, 6)]);
}

#[test]
fn a_paste_without_header_is_mapped_by_position() {
    let unmapped = read("paste-no-header.tsv", FileOptions::default(), &ExchangeRates::default());
    assert!(
        matches!(&unmapped.account.questions[0], Question::MapColumns { header, preview, .. } if header.len() == 3 && preview.len() == 3)
    );
    let options = FileOptions { mapping: ColumnMapping::parse("reseller=1,date=2,amount=3").unwrap(), ..FileOptions::default() };
    let f = read("paste-no-header.tsv", options, &ExchangeRates::default());
    let r = &f.account;
    assert_eq!((r.lines_read, r.used.lines, r.rejected.lines), (3, 2, 1));
    let bad = &r.rejected.first[0];
    assert_eq!((bad.line, bad.column.as_str(), bad.kind(), bad.found.as_str()), (3, "column 2", RejectionKind::BadDate, "2026-02-30"));
    assert_eq!(r.used.usd, usd("150.00"));
}

#[test]
fn legacy_usage_layout() {
    let without = read("legacy-usage.csv", FileOptions::default(), &ExchangeRates::default());
    assert_eq!(without.account.layout, Some(Layout::LegacyUsage));
    assert!(without.account.missing_rates.contains("EUR"));
    let f = read("legacy-usage.csv", FileOptions::default(), &rates(&[("EUR", "1.0825")]));
    let r = &f.account;
    assert_eq!((r.used.lines, r.used.usd), (3, usd("161.65")));
    assert_eq!(r.excluded[&ExclusionReason::NoReseller].usd, usd("40.00"));
    assert_eq!(days(&f, "4816859"), vec![date(2026, 1, 1), date(2026, 2, 1)]);
}

#[test]
fn an_xlsx_written_by_libreoffice() {
    let f = read("workbook.xlsx", FileOptions::default(), &ExchangeRates::default());
    let r = &f.account;
    assert_eq!((r.sheet.as_deref(), r.layout, r.error.as_deref()), (Some("workbook"), Some(Layout::Generic), None));
    assert_eq!((r.lines_read, r.used.lines, r.used.usd), (3, 3, usd("1276.01")));
    assert_eq!(days(&f, "4816859"), vec![date(2026, 1, 15), date(2026, 2, 15)]);
    let named = read("workbook.xlsx", FileOptions { sheet: Some("WORKBOOK".into()), ..FileOptions::default() }, &ExchangeRates::default());
    assert_eq!(named.account.used.lines, 3);
    let missing =
        read("workbook.xlsx", FileOptions { sheet: Some("Tabelle2".into()), ..FileOptions::default() }, &ExchangeRates::default());
    assert!(missing.account.error.as_deref().unwrap().contains("no sheet 'Tabelle2' (sheets: workbook)"));
}

#[test]
fn the_same_file_twice_and_split_differently_gives_the_same_revenue() {
    use ttm_check::domain::ingest::Ingest;
    let bytes = data("excel-unicode-text.txt");
    let r = rates(&[("EUR", "1.1")]);
    let mut twice = Ingest::new();
    twice.add(read_file("a.txt", &bytes, FileOptions::default(), &r));
    twice.add(read_file("b.txt", &bytes, FileOptions::default(), &r));
    let mut once = Ingest::new();
    once.add(read_file("a.txt", &bytes, FileOptions::default(), &r));
    assert_eq!(twice.ledger(), once.ledger());
    assert_eq!(twice.reports()[1].duplicate_of.as_deref(), Some("a.txt"));
}
