//! Bytes → lines → assessment, with options and chunking chosen by the input.
//! Asserts no panic, a reconciling account, and a report that serialises.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use ttm_check::domain::dates::DateOrder;
use ttm_check::domain::ingest::layout::ColumnMapping;
use ttm_check::domain::ingest::{FileOptions, FileReader, Ingest, IngestOptions};
use ttm_check::domain::policy::Policy;
use ttm_check::domain::register::Register;
use ttm_check::domain::report::assess_all;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let (&day, rest) = rest.split_first().unwrap_or((&0, &[]));
    // A 0xFE byte separates the revenue file from the register.
    let split = rest.iter().position(|&b| b == 0xFE).unwrap_or(rest.len());
    let (file, register) = rest.split_at(split);
    let register = register.get(1..).unwrap_or(&[]);

    let mut options = FileOptions::default();
    if flags & 1 != 0 {
        options.date_order = Some(if flags & 2 != 0 { DateOrder::DayFirst } else { DateOrder::MonthFirst });
    }
    if flags & 4 != 0 {
        options.has_header = Some(flags & 8 != 0);
        options.mapping = ColumnMapping::parse("reseller=1,date=2,amount=3,currency=4").unwrap_or_default();
    }
    if flags & 16 != 0 {
        options.margin_percent = Some(rust_decimal_margin());
    }
    let mut rates = IngestOptions::default();
    if flags & 32 != 0 {
        rates.rates.insert("EUR".into(), "1.0825".parse().unwrap_or_default());
    }
    let chunk = 1 + (usize::from(flags >> 6) * 37);

    let mut reader = FileReader::new("fuzz.csv", options, rates);
    for c in file.chunks(chunk) {
        reader.feed(c);
    }
    let result = reader.finish();
    assert!(result.report.reconciles(), "{:?}", result.report);

    let register = Register::parse("register.csv", register).unwrap_or_default();
    let mut ingest = Ingest::new();
    ingest.add(result);
    let as_of = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(u64::from(day) * 151);
    let report = assess_all(&ingest, &register, None, as_of, &Policy::default());
    assert!(serde_json::to_string(&report).is_ok());
});

fn rust_decimal_margin() -> rust_decimal::Decimal {
    rust_decimal::Decimal::new(125, 1)
}
