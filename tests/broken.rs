//! The corpus of broken files (`tests/data/broken/`): each is reported with
//! the exact kind, file, line and column, the good lines in the same file are
//! still counted, and every file's accounting reconciles.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use ttm_check::domain::ingest::layout::Layout;
use ttm_check::domain::ingest::{read_file, ExchangeRates, ExclusionReason, FileAccount, FileOptions, Question, RejectionKind};
use ttm_check::domain::money::Money;

fn read(name: &str) -> FileAccount {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let file = read_file(name, &bytes, FileOptions::default(), &ExchangeRates::default());
    assert!(file.account.reconciles(), "{name}: every line accounted for");
    file.account
}

fn usd(s: &str) -> Money {
    Money(s.parse().unwrap())
}

/// (line, column, kind) of each rejection.
fn rejections(r: &FileAccount) -> Vec<(u64, &str, RejectionKind)> {
    r.rejected
        .first
        .iter()
        .map(|x| {
            assert_eq!(x.file, r.file);
            (x.line, x.column.as_str(), x.kind())
        })
        .collect()
}

#[test]
fn truncated_file() {
    let r = read("truncated.csv");
    assert_eq!(rejections(&r), vec![(4, "Subtotal", RejectionKind::MissingField)]);
    assert!(!r.rejected.first[0].unclosed_quote(), "a short last line has no open quote");
    assert_eq!((r.used.lines, r.used.usd), (2, usd("80.00")));
}

#[test]
fn unbalanced_quote() {
    let r = read("unbalanced-quote.csv");
    assert_eq!(rejections(&r), vec![(4, "OrderDate", RejectionKind::MissingField)]);
    assert!(r.rejected.first[0].expected().contains("quote opened in this line is never closed"));
    assert!(r.rejected.first[0].unclosed_quote(), "the rejection says so as a flag too (the UI words it from that)");
    assert_eq!((r.used.lines, r.lines_read), (2, 3));
}

#[test]
fn wrong_delimiter_asks_for_a_mapping() {
    let r = read("wrong-delimiter.csv");
    assert_eq!(r.layout, None);
    assert!(matches!(&r.questions[..], [Question::MapColumns { header, .. }] if header.len() == 1));
    assert_eq!(r.excluded[&ExclusionReason::NotMapped].lines, 2);
}

#[test]
fn binary_garbage() {
    let r = read("binary-garbage.bin");
    assert_eq!(r.used.lines, 0);
    assert!(r.layout.is_none());
}

#[test]
fn a_zip_that_is_not_a_workbook() {
    let r = read("not-a-workbook.xlsx");
    assert!(r.error.as_deref().unwrap().starts_with("not a readable .xlsx workbook"), "{:?}", r.error);
    assert_eq!(r.lines_read, 0);
}

#[test]
fn a_workbook_without_sheets() {
    let r = read("no-sheets.xlsx");
    let err = r.error.as_deref().unwrap();
    assert!(err.contains("no sheet") || err.starts_with("not a readable .xlsx workbook"), "{err}");
    assert_eq!(r.lines_read, 0);
}

#[test]
fn header_only() {
    let r = read("header-only.csv");
    assert_eq!((r.layout, r.lines_read), (Some(Layout::NceInvoice), 0));
}

#[test]
fn duplicated_headers_use_the_first_column() {
    let r = read("duplicated-headers.csv");
    assert_eq!(r.columns["reseller"], "ResellerMpnId");
    assert_eq!((r.used.lines, r.used.usd), (1, usd("100.00")));
}

#[test]
fn a_ten_thousand_column_line() {
    let r = read("wide-line.csv");
    assert_eq!((r.lines_read, r.used.lines, r.used.usd), (2, 2, usd("101.00")));
}

#[test]
fn a_one_megabyte_field() {
    let r = read("huge-field.csv");
    assert_eq!((r.lines_read, r.used.lines, r.used.usd), (2, 2, usd("101.00")));
}

#[test]
fn amounts_that_are_not_amounts() {
    let r = read("bad-amounts.csv");
    assert_eq!(
        rejections(&r),
        vec![
            (2, "Subtotal", RejectionKind::BadAmount),
            (3, "Subtotal", RejectionKind::BadAmount),
            (4, "Subtotal", RejectionKind::BadAmount),
            (5, "Subtotal", RejectionKind::BadAmount),
        ]
    );
    assert_eq!(r.rejected.first[0].found, "1e400");
    assert_eq!(r.rejected.first[0].expected(), "an amount of at most 28 significant digits");
    assert_eq!(r.rejected.first[1].expected(), "an amount like 1234.56 or -12.50");
    assert_eq!((r.used.lines, r.used.usd), (2, usd("80.00")));
}

#[test]
fn dates_that_do_not_exist() {
    let r = read("bad-dates.csv");
    assert_eq!(
        rejections(&r),
        vec![(2, "OrderDate", RejectionKind::BadDate), (3, "OrderDate", RejectionKind::BadDate), (4, "OrderDate", RejectionKind::BadDate)]
    );
    assert_eq!(r.rejected.first[0].expected(), "a calendar date that exists");
    assert_eq!(r.rejected.first[2].expected(), "a date, found an empty field");
    assert_eq!((r.used.lines, r.used.usd), (2, usd("80.00")));
}

#[test]
fn mixed_encodings_lose_no_line() {
    let r = read("mixed-encodings.csv");
    assert_eq!((r.lines_read, r.used.lines, r.used.usd), (2, 2, usd("103.00")));
}

#[test]
fn every_broken_file_is_read_without_panic_in_any_chunking() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let whole = read_file(&name, &bytes, FileOptions::default(), &ExchangeRates::default());
        for chunk in [1usize, 7, 4096] {
            if bytes.len() > 100_000 && chunk < 4096 {
                continue;
            }
            let mut reader = ttm_check::domain::ingest::FileReader::new(&name, FileOptions::default(), ExchangeRates::default());
            for c in bytes.chunks(chunk) {
                reader.feed(c);
            }
            let chunked = reader.finish();
            assert_eq!(chunked.account, whole.account, "{name} in chunks of {chunk}");
            assert!(chunked.account.reconciles(), "{name}");
        }
    }
}
