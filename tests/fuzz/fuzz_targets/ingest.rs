//! Bytes → lines → assessment, with options and chunking chosen by the input.
//! Asserts no panic, a reconciling account, and a report that serialises;
//! that the record fast path reads exactly like csv-core; and that two
//! readers joined at a line start (as the web app's readers) give what
//! one reader gives.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use ttm_check::domain::dates::DateOrder;
use ttm_check::domain::ingest::layout::ColumnMapping;
use ttm_check::domain::ingest::records::RecordReader;
use ttm_check::domain::ingest::{ExchangeRates, FileOptions, FileReader, Ingest};
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
    let mut rates = ExchangeRates::default();
    if flags & 32 != 0 {
        rates.rates.insert("EUR".into(), "1.0825".parse().unwrap_or_default());
    }
    // Byte by byte, small chunks that cut most records, and large ones that
    // leave whole records and whole 64-byte blocks to the fast path.
    let chunk = [1, 38, 300, usize::MAX][usize::from(flags >> 6)];

    let mut reader = FileReader::new("fuzz.csv", options.clone(), rates.clone());
    for c in file.chunks(chunk) {
        reader.feed(c);
    }
    let result = reader.finish();
    assert!(result.report.reconciles(), "{:?}", result.report);

    // The fast path against csv-core alone.
    let records = |mut r: RecordReader| {
        let mut out = Vec::new();
        for c in file.chunks(chunk) {
            let _ = r.feed(c, &mut |rec| {
                out.push((rec.line, (0..rec.len()).map(|i| rec.get(i).unwrap_or_default().to_vec()).collect::<Vec<_>>()))
            });
        }
        let _ = r.feed(&[], &mut |rec| {
            out.push((rec.line, (0..rec.len()).map(|i| rec.get(i).unwrap_or_default().to_vec()).collect::<Vec<_>>()))
        });
        out
    };
    assert_eq!(records(RecordReader::new(b',')), records(RecordReader::without_fast_path(b',')));

    // Two readers joined at the `day`-th line start.
    let starts: Vec<usize> = file.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
    if let Some(&at) = starts.get(usize::from(day) % starts.len().max(1)) {
        let mut first = FileReader::new("fuzz.csv", options.clone(), rates.clone());
        for c in file[..at].chunks(chunk) {
            first.feed(c);
        }
        if let (Some(point), Some(lines)) = (first.resume_point(), first.boundary()) {
            let mut second = FileReader::resume(options, rates, point);
            for c in file[at..].chunks(chunk) {
                second.feed(c);
            }
            let mut joined = first.finish();
            joined.append(second.finish(), lines);
            let mut one = result.clone();
            joined.fingerprint = (0, 0);
            one.fingerprint = (0, 0);
            assert_eq!(joined, one, "split at byte {at}");
        }
    }

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
