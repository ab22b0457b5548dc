//! The lines behind a figure (`domain::lines`): for random files and any
//! tenant, the lines listed sum to the tenant's figures to the cent, and
//! every line read is in exactly one list (a tenant's, or its file's
//! unattributed lines).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use ttm_check::domain::assess::FigureRanges;
use ttm_check::domain::export::{sheet_csv, CsvDialect};
use ttm_check::domain::ingest::{read_file, ExchangeRates, FileOptions, FinishedFile, Ingest, LineSelection};
use ttm_check::domain::lines::{explain, lines_sheet, FileLines, TenantLines};
use ttm_check::domain::money::Money;
use ttm_check::domain::policy::{Policy, RevenueBasis};
use ttm_check::domain::register::Register;
use ttm_check::domain::report::{assess_all, Report};

const INVOICE: &str = "PartnerId,InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ProductName,ChargeType,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate,ChargeEndDate\r\n";
const DAILY: &str = "PartnerId,Tier2MpnId,InvoiceNumber,ProductName,UsageDate,ChargeType,BillingPreTaxTotal,BillingCurrency,PricingPreTaxTotal,PricingCurrency\r\n";
const MONTHLY: &str = "ResellerMpnID,ResellerName,Month,Product,BilledRevenueUSD\r\n";

const TENANTS: [&str; 4] = ["4816859", "5210150", "6111917", "7000001"];

#[derive(Debug, Clone)]
enum Kind {
    /// A plain line in USD, sub-cent digits included.
    Usd,
    /// In EUR, priced in USD through the file's rate (D10a).
    Eur,
    /// In GBP without a USD price: no rate (D10c).
    Gbp,
    /// A partner-of-record attribution (D15).
    Cpor,
    /// A line whose date cannot be read.
    BadDate,
    /// An empty line.
    Blank,
}

#[derive(Debug, Clone)]
struct Line {
    reseller: &'static str,
    day: u64,
    units: i64,
    kind: Kind,
    invoice: u8,
}

fn line() -> impl Strategy<Value = Line> {
    (
        prop::sample::select(vec!["4816859", "5210150", "6111917", "7000001", " 4816859 ", "0", ""]),
        0u64..1200,
        -200_000i64..3_000_000,
        prop_oneof![6 => Just(Kind::Usd), 2 => Just(Kind::Eur), 1 => Just(Kind::Gbp), 1 => Just(Kind::Cpor), 1 => Just(Kind::BadDate), 1 => Just(Kind::Blank)],
        0u8..4,
    )
        .prop_map(|(reseller, day, units, kind, invoice)| Line { reseller, day, units, kind, invoice })
}

fn date(day: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(day)
}

/// An invoice reconciliation file (invoices `G0`–`G3`).
fn invoice_file(lines: &[Line]) -> String {
    let mut s = String::from(INVOICE);
    for l in lines {
        let d = date(l.day).format("%-m/%-d/%Y");
        let amount = Decimal::new(l.units, 3);
        let row = match l.kind {
            Kind::Usd => format!("p,G{},1,{},{d},Microsoft 365 E3,new,{amount},USD,USD,1,1/31/2024", l.invoice, l.reseller),
            Kind::Eur => {
                format!("p,G{},1,{},{d},\"Azure, plan\",new,{},EUR,USD,0.9238,1/31/2024", l.invoice, l.reseller, Decimal::new(l.units, 2))
            }
            Kind::Gbp => format!("p,G{},1,{},{d},Teams,new,{},GBP,GBP,1,1/31/2024", l.invoice, l.reseller, Decimal::new(l.units, 2)),
            Kind::Cpor => format!("p,G{},1,{},{d},Dynamics,CPOR,{amount},USD,USD,1,1/31/2024", l.invoice, l.reseller),
            Kind::BadDate => format!("p,G{},1,{},31/31/2024,Visio,new,{amount},USD,USD,1,1/31/2024", l.invoice, l.reseller),
            Kind::Blank => String::new(),
        };
        s.push_str(&row);
        s.push_str("\r\n");
    }
    s
}

/// Daily-rated usage of invoices `G2`–`G5` (`G2` and `G3` give way to the
/// invoice file when it has them).
fn daily_file(lines: &[Line]) -> String {
    let mut s = String::from(DAILY);
    for l in lines {
        let d = date(l.day).format("%-m/%-d/%Y");
        s.push_str(&format!(
            "p,{},G{},Azure plan,{d},new,{},USD,{},USD\r\n",
            l.reseller,
            l.invoice + 2,
            Decimal::new(l.units, 4),
            Decimal::new(l.units, 4)
        ));
    }
    s
}

/// A monthly report of some months (D20: given way where lines cover them).
fn monthly_file(lines: &[Line]) -> String {
    let mut s = String::from(MONTHLY);
    for l in lines {
        let month = date(l.day).format("%Y-%m-01");
        s.push_str(&format!("{},\"Reseller, Inc\",{month},Microsoft 365 E3,{}\r\n", l.reseller, Decimal::new(l.units, 2)));
    }
    s
}

struct Loaded {
    report: Report,
    ingest: Ingest,
    files: Vec<(String, Vec<u8>)>,
}

fn load(files: Vec<(String, Vec<u8>)>, register: &str, as_of: NaiveDate, basis: RevenueBasis) -> Loaded {
    let mut ingest = Ingest::new();
    for (name, bytes) in &files {
        ingest.add(read_file(name, bytes, FileOptions::default(), &ExchangeRates::default()));
    }
    let register = Register::parse("register.csv", register.as_bytes()).unwrap();
    let policy = Policy { revenue_basis: basis, ..Policy::default() };
    let report = assess_all(&ingest, &register, None, as_of, &policy);
    Loaded { report, ingest, files }
}

/// The files read again keeping `selection`'s lines, explained against the
/// combined files.
fn lines_of(loaded: &Loaded, selection: &LineSelection) -> TenantLines {
    let options = FileOptions { lines: Some(selection.clone()), ..FileOptions::default() };
    let kept: Vec<FileLines> = loaded
        .files
        .iter()
        .enumerate()
        .map(|(index, (name, bytes))| {
            let f: FinishedFile = read_file(name, bytes, options.clone(), &ExchangeRates::default());
            FileLines { index, file: name.clone(), lines: f.lines.expect("lines asked for") }
        })
        .collect();
    let tenant = match selection {
        LineSelection::Reseller(id) => loaded.report.resellers.iter().find(|r| &r.reseller_id == id),
        _ => None,
    };
    let ranges = FigureRanges::new(loaded.report.as_of, tenant.and_then(|t| t.evaluation_window));
    explain(kept, &loaded.ingest.line_context(), &ranges, loaded.report.policy.revenue_basis)
}

fn register(onboarding: &[u64], other: Option<i64>) -> String {
    let mut s = String::from("reseller_id,name,onboarding_date,other_provider_usd\n");
    for (id, day) in TENANTS.iter().zip(onboarding) {
        let other = other.map(|c| Decimal::new(c, 2).to_string()).unwrap_or_default();
        s.push_str(&format!(
            "{id},Reseller {id},{},{other}\n",
            (NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(*day)).format("%Y-%m-%d")
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// Every tenant's lines sum to its figures, to the cent; every line
    /// read is in exactly one list.
    #[test]
    fn the_lines_sum_to_the_figures_and_each_is_listed_once(
        invoice in prop::collection::vec(line(), 0..50),
        daily in prop::collection::vec(line(), 0..25),
        monthly in prop::collection::vec(line(), 0..8),
        twice in any::<bool>(),
        onboarding in prop::collection::vec(0u64..2000, 4),
        other in prop::option::of(0i64..50_000),
        as_of_day in 200u64..1400,
        gross in any::<bool>(),
    ) {
        let daily: Vec<Line> = daily.into_iter().filter(|l| matches!(l.kind, Kind::Usd)).collect();
        let monthly: Vec<Line> = monthly.into_iter().filter(|l| TENANTS.contains(&l.reseller)).collect();
        let mut files = vec![("invoice.csv".to_owned(), invoice_file(&invoice).into_bytes()), ("daily.csv".to_owned(), daily_file(&daily).into_bytes())];
        if !monthly.is_empty() {
            files.push(("monthly.csv".to_owned(), monthly_file(&monthly).into_bytes()));
        }
        if twice {
            files.push(("invoice (1).csv".to_owned(), invoice_file(&invoice).into_bytes()));
        }
        let basis = if gross { RevenueBasis::Gross } else { RevenueBasis::Net };
        let loaded = load(files, &register(&onboarding, other), date(as_of_day), basis);

        let mut listed: BTreeMap<(String, u64), u32> = BTreeMap::new();
        for tenant in &loaded.report.resellers {
            let lines = lines_of(&loaded, &LineSelection::Reseller(tenant.reseller_id.clone()));
            let s = &lines.sums;
            let ttm = if gross { tenant.ttm_gross_usd } else { tenant.ttm_net_usd };
            prop_assert_eq!(s.ttm_now_usd.unwrap().round_cents(), ttm.round_cents(), "TTM now of {}", tenant.reseller_id);
            let other = tenant.other_provider_usd.unwrap_or_default();
            prop_assert_eq!(s.window_usd.map(|w| w.round_cents() + other), tenant.secured_usd, "secured of {}", tenant.reseller_id);
            prop_assert_eq!(s.roll_off_usd.map(Money::round_cents), tenant.roll_off_usd, "roll-off of {}", tenant.reseller_id);
            // Sorted by date, undated last.
            let dates: Vec<_> = lines.rows.iter().map(|r| (r.detail.date.is_none(), r.detail.date)).collect();
            prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]));
            for r in &lines.rows {
                *listed.entry((r.file.clone(), r.detail.line)).or_default() += 1;
                prop_assert!(r.excluded.is_none() || !(r.in_ttm_now || r.in_window || r.rolls_off));
            }
        }
        let unattributed = lines_of(&loaded, &LineSelection::Unattributed);
        for r in &unattributed.rows {
            *listed.entry((r.file.clone(), r.detail.line)).or_default() += 1;
            prop_assert!(r.excluded.is_some());
        }
        prop_assert!(listed.values().all(|n| *n == 1), "a line listed twice: {:?}", listed.iter().find(|(_, n)| **n != 1));
        let read: u64 = loaded.report.ingest.files.iter().map(|f| f.lines_read).sum();
        prop_assert_eq!(listed.len() as u64, read);
        // `All` lists the same lines as the tenants and the unattributed together.
        let all = lines_of(&loaded, &LineSelection::All);
        prop_assert_eq!(all.rows.len() as u64, read);
    }
}

/// The same lines in the export, parsed back: the same sums, in both CSV
/// dialects.
#[test]
fn the_export_parsed_back_gives_the_same_sums() {
    let lines = [
        Line { reseller: "4816859", day: 700, units: 1_234_567, kind: Kind::Usd, invoice: 0 },
        Line { reseller: "4816859", day: 900, units: 10_005, kind: Kind::Usd, invoice: 0 },
        Line { reseller: "4816859", day: 1000, units: -50_001, kind: Kind::Usd, invoice: 1 },
        Line { reseller: "4816859", day: 1010, units: 92_380, kind: Kind::Eur, invoice: 1 },
        Line { reseller: "4816859", day: 1020, units: 5_000, kind: Kind::Cpor, invoice: 1 },
        Line { reseller: "4816859", day: 1030, units: 5_000, kind: Kind::Gbp, invoice: 1 },
        Line { reseller: "5210150", day: 1030, units: 5_000, kind: Kind::Usd, invoice: 1 },
    ];
    let files = vec![("a.csv".to_owned(), invoice_file(&lines).into_bytes())];
    let loaded = load(files, &register(&[0, 0, 0, 0], Some(1000)), date(1100), RevenueBasis::Net);
    let t = loaded.report.resellers.iter().find(|r| r.reseller_id == "4816859").unwrap();
    let listed = lines_of(&loaded, &LineSelection::Reseller("4816859".into()));
    assert_eq!(listed.rows.len(), 6);
    let codes: Vec<&str> = listed.rows.iter().map(|r| r.excluded.as_ref().map_or("", |e| e.code())).collect();
    assert_eq!(codes, ["", "", "", "", "partner_of_record", "no_rate"]);
    assert_eq!(listed.rows[0].detail.product, "Microsoft 365 E3");
    assert_eq!(listed.rows[3].detail.product, "Azure, plan");
    for dialect in [CsvDialect::Standard, CsvDialect::GermanExcel] {
        let csv = sheet_csv(&lines_sheet("Lines", &listed, &|m| m.to_string()), dialect);
        let delimiter = if dialect == CsvDialect::Standard { b',' } else { b';' };
        let records = parse_csv(csv.trim_start_matches('\u{feff}'), delimiter);
        let header = &records[0];
        assert_eq!(header, &ttm_check::domain::lines::COLUMNS);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let mut sums = [Decimal::ZERO; 3];
        for row in &records[1..] {
            let usd: Decimal = match row[col("usd")].replace(',', ".") {
                t if t.is_empty() => continue,
                t => t.parse().unwrap(),
            };
            for (sum, flag) in sums.iter_mut().zip(["in_ttm_now", "in_window", "rolls_off"]) {
                if &row[col(flag)] == "yes" {
                    *sum += usd;
                }
            }
        }
        let cents = |d: Decimal| Money(d).round_cents();
        assert_eq!(cents(sums[0]), t.ttm_net_usd.round_cents(), "{dialect:?}");
        assert_eq!(Some(cents(sums[1]) + t.other_provider_usd.unwrap()), t.secured_usd, "{dialect:?}");
        assert_eq!(Some(cents(sums[2])), t.roll_off_usd, "{dialect:?}");
    }
}

/// CSV text as records of fields (the domain's own record splitter).
fn parse_csv(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = ttm_check::domain::ingest::records::RecordReader::new(delimiter);
    let mut out = Vec::new();
    reader.feed(text.as_bytes(), &mut |r| out.push(r.to_strings())).unwrap();
    reader.feed(&[], &mut |r| out.push(r.to_strings())).unwrap();
    out
}

/// A kept line crosses from the reader to the page (JSON) with every
/// decimal: the page sums what the reader read.
#[test]
fn kept_lines_cross_to_the_page_exactly() {
    let text = "ResellerMpnId,OrderDate,ProductName,Subtotal,Currency\n4816859,7/15/2026,Teams,0.004999999999999999,USD\n4816859,7/16/2026,Teams,-12345678.5,USD\n";
    let options = FileOptions { lines: Some(LineSelection::Reseller("4816859".into())), ..FileOptions::default() };
    let file = read_file("a.csv", text.as_bytes(), options, &ExchangeRates::default());
    let json = serde_json::to_string(&file).unwrap();
    let back: FinishedFile = serde_json::from_str(&json).unwrap();
    assert_eq!(back.lines, file.lines);
    let lines = back.lines.unwrap();
    assert_eq!(lines[0].usd.unwrap().0.to_string(), "0.004999999999999999");
    assert_eq!(lines[1].amount.unwrap().0.normalize().to_string(), "-12345678.5");
    assert_eq!(lines[1].product, "Teams");
}
