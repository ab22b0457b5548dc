//! Native benchmarks of the engine (`make bench`, or `cargo bench --bench engine`):
//!
//! 1. assessing 1,000 resellers × 24 months of aggregated data (budget: well under 10 ms);
//! 2. ingesting a generated new-commerce invoice reconciliation file, in MB/s.
//!
//! A plain harness (no extra crate): each measurement is the median of repeated runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

#[path = "generate.rs"]
mod generate;
use generate::{invoice_file, invoice_file_real_looking, invoice_jsonl};
use ttm_check::domain::assess::{assess, assess_summary, Context, ResellerAssessment};
use ttm_check::domain::ingest::{read_file, ExchangeRates, FileOptions};
use ttm_check::domain::ledger::{Ledger, ResellerRevenue};
use ttm_check::domain::money::Money;
use ttm_check::domain::policy::Policy;
use ttm_check::domain::register::{Register, RegisterEntry};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn portfolio(resellers: usize) -> (Ledger, Register) {
    let mut ledger = Ledger::new();
    let mut register = Register::default();
    let start = NaiveDate::from_ymd_opt(2024, 12, 1).unwrap();
    for i in 0..resellers {
        let id = format!("{}", 4_000_000 + i * 7);
        let mut revenue = ResellerRevenue::default();
        for m in 0..24u32 {
            let month = start.checked_add_months(chrono::Months::new(m)).unwrap();
            for day in [3u32, 11, 25] {
                let date = month.with_day(day).unwrap();
                revenue.add_usd(date, Money(Decimal::new(((i * 37 + m as usize * 11 + day as usize) % 9000) as i64 - 500, 2)));
            }
        }
        ledger.insert(id.clone(), revenue);
        register.insert(RegisterEntry {
            reseller_id: id,
            onboarding_date: NaiveDate::from_ymd_opt(2019 + (i % 7) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
            ..RegisterEntry::default()
        });
    }
    (ledger, register)
}

fn bench_assessment() {
    let (ledger, register) = portfolio(1_000);
    let policy = Policy::default();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let ctx_coverage = Some((NaiveDate::from_ymd_opt(2024, 12, 1).unwrap(), as_of));
    // In full (the detail and the exports), and what the app re-derives for
    // its table on every change (no series, no history).
    type Assess = fn(&str, &ResellerRevenue, Option<&RegisterEntry>, &Context<'_>) -> ResellerAssessment;
    let ways: [(&str, Assess); 2] =
        [("assess 1,000 resellers x 24 months", assess), ("assess 1,000 resellers for the table (assess_summary)", assess_summary)];
    for (what, one) in ways {
        let mut samples = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            for (id, revenue) in &ledger {
                let ctx = Context { as_of, policy: &policy, coverage: ctx_coverage };
                black_box(one(id, revenue, register.get(id), &ctx));
            }
            samples.push(t.elapsed());
        }
        println!("{what}: median {:.2} ms (50 runs)", median(samples).as_secs_f64() * 1e3);
    }
}

fn bench_ingest() {
    for (form, file) in [
        ("CSV", invoice_file(64 << 20, 400)),
        ("CSV, real-looking lines", invoice_file_real_looking(64 << 20, 400)),
        ("JSON lines (the Graph export's blobs)", invoice_jsonl(64 << 20, 400)),
    ] {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let r = read_file("bench", black_box(&file), FileOptions::default(), &ExchangeRates::default());
            samples.push(t.elapsed());
            assert_eq!((r.account.rejected.lines, r.account.questions.len()), (0, 0));
            assert!(r.account.used.lines > 0);
        }
        let secs = median(samples).as_secs_f64();
        println!(
            "ingest new-commerce invoice recon as {form}, {} MB in memory: median {:.0} MB/s (5 runs)",
            file.len() >> 20,
            file.len() as f64 / 1e6 / secs
        );
    }
}

/// Where ingest time goes: the same bytes through each stage alone. The
/// difference between the stages is the cost of the next one.
fn bench_ingest_stages() {
    for (form, file) in [("CSV", invoice_file(64 << 20, 400)), ("CSV, real-looking lines", invoice_file_real_looking(64 << 20, 400))] {
        bench_ingest_stages_of(form, &file);
    }
}

fn bench_ingest_stages_of(form: &str, file: &[u8]) {
    use ttm_check::domain::ingest::records::{special_mask, RecordReader};
    let mb = file.len() as f64 / 1e6;
    let time = |f: &mut dyn FnMut()| {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            f();
            samples.push(t.elapsed());
        }
        mb / median(samples).as_secs_f64()
    };
    let scan = time(&mut || {
        let n: u32 = (0..file.len()).step_by(64).map(|at| special_mask(&file[at..], b',').count_ones()).sum();
        black_box(n);
    });
    let records_with = |fast: bool| {
        let mut reader = if fast { RecordReader::new(b',') } else { RecordReader::without_fast_path(b',') };
        let mut n = 0usize;
        for chunk in file.chunks(8 << 20) {
            reader.feed(chunk, &mut |r| n += r.len()).unwrap();
        }
        reader.feed(&[], &mut |r| n += r.len()).unwrap();
        black_box(n);
    };
    let core = time(&mut || records_with(false));
    let fast = time(&mut || records_with(true));
    let full = time(&mut || {
        black_box(read_file("bench.csv", file, FileOptions::default(), &ExchangeRates::default()));
    });
    println!(
        "ingest stages of {form}, MB/s: marking , \" CR LF 64 bytes at a time {scan:.0}; records via csv-core alone {core:.0}; records with the fast path {fast:.0}; \
         whole ingest (records, dates, amounts, currency conversion, ledger) {full:.0}"
    );
}

fn main() {
    // `cargo bench --bench engine -- stages` runs only what names "stages".
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str, f: fn()| {
        if only.as_deref().is_none_or(|o| name.contains(o)) {
            f();
        }
    };
    run("assessment", bench_assessment);
    run("ingest", bench_ingest);
    run("ingest stages", bench_ingest_stages);
}
