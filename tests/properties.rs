//! Invariants over generated inputs: amounts reconcile, chunking does not
//! matter, and no input or date makes the engine panic.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use ttm_check::domain::assess::{assess, Context, Status};
use ttm_check::domain::ingest::{read_file, ExchangeRates, FileOptions, FileReader};
use ttm_check::domain::ledger::ResellerRevenue;
use ttm_check::domain::money::{round_cents, Money};
use ttm_check::domain::policy::Policy;
use ttm_check::domain::register::RegisterEntry;

// With ChargeEndDate, as real invoice files have: its values (the 28th to
// 31st) settle the date order that OrderDate alone may leave open (D18).
const HEADER: &str =
    "PartnerId,InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ChargeType,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate,ChargeEndDate,CustomerName\r\n";

/// The last day of `date`'s month, as US `M/D/YYYY`.
fn month_end(date: NaiveDate) -> String {
    let next = date.with_day(1).unwrap() + chrono::Months::new(1);
    next.pred_opt().unwrap().format("%-m/%-d/%Y").to_string()
}

#[derive(Debug, Clone)]
struct Line {
    reseller: &'static str,
    date: NaiveDate,
    cents: i64,
    currency: &'static str,
    rate: Decimal,
}

fn line() -> impl Strategy<Value = Line> {
    (
        prop::sample::select(vec!["4816859", "5210150", "6111917", "0", ""]),
        (0i64..1500).prop_map(|d| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d as u64)),
        -500_000i64..2_000_000,
        prop::sample::select(vec!["USD", "EUR", "GBP"]),
        (500_000i64..1_500_000).prop_map(|r| Decimal::new(r, 6)),
    )
        .prop_map(|(reseller, date, cents, currency, rate)| Line { reseller, date, cents, currency, rate })
}

fn csv(lines: &[Line]) -> String {
    let mut s = String::from(HEADER);
    for l in lines {
        s.push_str(&format!(
            "p,G1,1234567,{},{},new,{},{},USD,{},{},\"Müller, \"\"Partner\"\"\"\r\n",
            l.reseller,
            l.date.format("%-m/%-d/%Y"),
            Decimal::new(l.cents, 2),
            l.currency,
            l.rate,
            month_end(l.date)
        ));
    }
    s
}

/// The USD amount of a line by D10a and D11, computed independently.
fn usd(l: &Line) -> Decimal {
    let amount = Decimal::new(l.cents, 2);
    if l.currency == "USD" {
        amount
    } else {
        round_cents(amount / l.rate)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn used_plus_excluded_equals_the_file_total(lines in prop::collection::vec(line(), 0..60)) {
        let file = read_file("gen.csv", csv(&lines).as_bytes(), FileOptions::default(), &ExchangeRates::default());
        let r = &file.account;
        let total: Decimal = lines.iter().map(usd).sum();
        prop_assert_eq!(r.lines_read, lines.len() as u64);
        prop_assert_eq!(r.rejected.lines, 0);
        prop_assert_eq!(r.total.usd, Money(total));
        prop_assert!(r.reconciles());
        // The resellers hold exactly the used amounts.
        let held: Money = file.revenue.ledger.values().flat_map(|rv| rv.days.values()).map(|d| d.net()).sum();
        prop_assert_eq!(held, r.used.usd);
        let direct: Decimal = lines.iter().filter(|l| l.reseller.is_empty() || l.reseller == "0").map(usd).sum();
        let excluded = r.excluded.values().map(|t| t.usd).sum::<Money>();
        prop_assert_eq!(excluded, Money(direct));
    }

    #[test]
    fn chunk_boundaries_do_not_change_anything(lines in prop::collection::vec(line(), 1..30), chunk in 1usize..97) {
        let text = csv(&lines);
        let whole = read_file("gen.csv", text.as_bytes(), FileOptions::default(), &ExchangeRates::default());
        let mut reader = FileReader::new("gen.csv", FileOptions::default(), ExchangeRates::default());
        for c in text.as_bytes().chunks(chunk) {
            reader.feed(c);
        }
        let chunked = reader.finish();
        prop_assert_eq!(&whole.account, &chunked.account);
        prop_assert_eq!(&whole.revenue.ledger, &chunked.revenue.ledger);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_every_line_is_accounted(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let file = read_file("junk.bin", &bytes, FileOptions::default(), &ExchangeRates::default());
        prop_assert!(file.account.reconciles());
    }

    #[test]
    fn arbitrary_csv_shapes_never_panic(rows in prop::collection::vec(prop::collection::vec("[a-zA-Z0-9 ,.;\"/:-]{0,12}", 0..8), 0..20)) {
        let mut text = String::from("Reseller,Datum,Betrag,Währung,Art\n");
        for row in rows {
            text.push_str(&row.join(";"));
            text.push('\n');
        }
        let file = read_file("shapes.csv", text.as_bytes(), FileOptions::default(), &ExchangeRates::default());
        prop_assert!(file.account.reconciles());
    }

    #[test]
    fn huge_and_tiny_amounts_never_panic(amounts in prop::collection::vec("-?[0-9]{1,28}(\\.[0-9]{1,6})?|-?0\\.0{0,20}[1-9]", 1..12)) {
        let mut text = String::from(HEADER);
        for (i, a) in amounts.iter().enumerate() {
            text.push_str(&format!("p,G1,1,4816859,{}/1/2026,new,{a},USD,USD,1,1/31/2026,x\r\n", 1 + i % 12));
        }
        let file = read_file("huge.csv", text.as_bytes(), FileOptions::default(), &ExchangeRates::default());
        prop_assert!(file.account.reconciles());
        let mut ingest = ttm_check::domain::ingest::Ingest::new();
        ingest.add(file);
        let register = ttm_check::domain::register::Register::parse("r.csv", b"reseller_id,onboarding_date\n4816859,2020-03-03\n").unwrap();
        let report = ttm_check::domain::report::assess_all(&ingest, &register, None, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &Policy::default());
        prop_assert!(serde_json::to_string(&report).is_ok());
    }

    #[test]
    fn status_never_panics_and_stays_consistent(
        onboarding in prop::option::of(0i64..36_500),
        deauthorized in prop::option::of(0i64..36_500),
        as_of in 0i64..36_500,
        amounts in prop::collection::vec((0i64..36_500, -100_000i64..200_000), 0..20),
    ) {
        let day = |d: i64| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d as u64);
        let mut revenue = ResellerRevenue::default();
        for (d, cents) in amounts {
            revenue.add_usd(day(d), Money(Decimal::new(cents, 2)));
        }
        let entry = RegisterEntry {
            reseller_id: "1".into(),
            onboarding_date: onboarding.map(day),
            deauthorized_on: deauthorized.map(day),
            ..RegisterEntry::default()
        };
        let policy = Policy::default();
        let a = assess("1", &revenue, Some(&entry), &Context { as_of: day(as_of), policy: &policy, coverage: Some((day(0), day(36_500))) });
        if let Some(s) = a.shortfall_usd {
            prop_assert!(!s.is_negative());
        }
        prop_assert!(a.days_to_evaluation.is_none_or(|d| d >= 0));
        prop_assert!(a.monthly.len() >= 24);
        match a.status {
            Status::OnTrack => prop_assert!(a.secured_usd.unwrap() >= policy.threshold_usd),
            Status::AtRisk | Status::NoticePeriod | Status::EvaluationMonth => prop_assert!(a.secured_usd.unwrap() < policy.threshold_usd),
            Status::Deauthorized | Status::ReenrollmentOpen => prop_assert!(deauthorized.is_some()),
            Status::NeedsInput => prop_assert!(onboarding.is_none()),
            Status::NotYetSubject => prop_assert!(a.first_evaluation.unwrap() > day(as_of)),
        }
        if let (Some(next), Some(first)) = (a.next_evaluation, a.first_evaluation) {
            prop_assert!(next >= first);
            prop_assert!(next >= ttm_check::domain::dates::month_start(day(as_of)) || next == first);
        }
    }
}

proptest! {
    /// The UTF-16 decoder agrees with the standard library (lone surrogates
    /// become U+FFFD) however the bytes are chunked.
    #[test]
    fn utf16_decoding_matches_std(units in proptest::collection::vec(any::<u16>(), 0..200), chunk in 1usize..9, big_endian: bool) {
        use ttm_check::domain::ingest::text::TextDecoder;
        let bom: [u8; 2] = if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] };
        let mut bytes = bom.to_vec();
        for u in &units {
            bytes.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let want: String = char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or('\u{FFFD}')).collect();
        let mut d = TextDecoder::new();
        let mut out = Vec::new();
        for c in bytes.chunks(chunk) {
            d.feed(c, false, &mut |b| out.extend_from_slice(b));
        }
        d.feed(&[], true, &mut |b| out.extend_from_slice(b));
        prop_assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}

proptest! {
    /// The integer conversion gives exactly Decimal's division rounded to cents.
    #[test]
    fn integer_division_to_cents_matches_decimal(
        a in -1_000_000_000_000i64..1_000_000_000_000, a_scale in 0u32..5,
        r in 1i64..10_000_000_000, r_scale in 0u32..10,
    ) {
        let amount = Decimal::new(a, a_scale);
        let rate = Decimal::new(r, r_scale);
        if let Some(fast) = ttm_check::domain::money::div_round_cents(amount, rate) {
            prop_assert_eq!(Some(fast), amount.checked_div(rate).map(round_cents), "{} / {}", amount, rate);
        }
    }

    /// Half cents go to the even cent, as D11 says, both ways.
    #[test]
    fn integer_division_rounds_half_to_even(cents in -100_000i64..100_000) {
        let amount = Decimal::new(cents * 10 + 5, 3); // x.xx5
        prop_assert_eq!(ttm_check::domain::money::div_round_cents(amount, Decimal::ONE), Some(round_cents(amount)));
    }
}

proptest! {
    /// Four ranges summed in one walk equal each range summed alone, empty
    /// and overlapping ranges included.
    #[test]
    fn several_ranges_total_like_each_alone(
        days in prop::collection::btree_map(0i64..800, -1_000_000_000i64..1_000_000_000, 0..60),
        ranges in prop::collection::vec((-5i64..805, -5i64..805), 4),
    ) {
        use ttm_check::domain::ledger::DayTotal;
        let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let day = |n: i64| base + chrono::Duration::days(n);
        let mut revenue = ResellerRevenue::default();
        for (n, units) in &days {
            let units = i128::from(*units) * 10_000_000_000;
            revenue.days.insert(day(*n), DayTotal { net_units: units, gross_units: units.max(0) });
        }
        let ranges: Vec<_> = ranges.iter().map(|(a, b)| day(*a)..=day(*b)).collect();
        let together = revenue.totals([ranges[0].clone(), ranges[1].clone(), ranges[2].clone(), ranges[3].clone()]);
        for (range, sum) in ranges.iter().zip(together) {
            prop_assert_eq!(sum, revenue.total(range.clone()), "{:?}", range);
        }
    }
}

proptest! {
    /// The portfolio is every tenant of the ledger or the register, once, in
    /// ID order, each with its own revenue and register entry.
    #[test]
    fn the_portfolio_is_the_union_of_ledger_and_register(
        ledger_ids in prop::collection::btree_set("[a-e]{1,2}", 0..12),
        register_ids in prop::collection::btree_set("[a-e]{1,2}", 0..12),
    ) {
        use ttm_check::domain::register::Register;
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut ledger = ttm_check::domain::ledger::Ledger::new();
        for (i, id) in ledger_ids.iter().enumerate() {
            let mut revenue = ResellerRevenue::default();
            revenue.add_usd(as_of, Money(Decimal::from(i as i64 + 1)));
            ledger.insert(id.clone(), revenue);
        }
        let mut register = Register::default();
        for id in &register_ids {
            register.entry_mut(id).name = Some(format!("name of {id}"));
        }
        let tenants = ttm_check::domain::report::assess_portfolio_summary(&ledger, &register, None, as_of, &Policy::default());
        let want: Vec<&String> = ledger_ids.union(&register_ids).collect();
        let got: Vec<&String> = tenants.iter().map(|t| &t.reseller_id).collect();
        prop_assert_eq!(got, want);
        for t in &tenants {
            let revenue = ledger.get(&t.reseller_id).map_or(Decimal::ZERO, |r| r.total(as_of..=as_of).net().0);
            prop_assert_eq!(t.ttm_net_usd.0, revenue);
            prop_assert_eq!(t.name.is_some(), register_ids.contains(&t.reseller_id));
        }
    }
}

/// A REST API line item (camelCase keys, as Partner Center writes them).
fn rest_item(l: &Line, typed: bool) -> String {
    let attributes = if typed { r#", "attributes": {"objectType": "OneTimeInvoiceLineItem"}"# } else { "" };
    format!(
        r#"{{"partnerId": "p", "invoiceNumber": "G1", "mpnId": "1234567", "resellerMpnId": "{}", "orderDate": "{}T00:00:00Z", "chargeType": "new", "subtotal": {}, "currency": "{}", "pricingCurrency": "USD", "pcToBCExchangeRate": "{}", "chargeEndDate": "{}", "customerName": "Müller, \"Partner\" {{x}}"{attributes}}}"#,
        l.reseller,
        l.date.format("%Y-%m-%d"),
        Decimal::new(l.cents, 2),
        l.currency,
        l.rate,
        l.date.format("%Y-%m-%d"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// A REST API document, pretty-printed or compact, as a page
    /// (`{"totalCount", "items", "links", "attributes"}`) or a bare array,
    /// fed in chunks of any size, gives exactly what the same items as JSON
    /// lines give: every count, amount, rejection and the ledger.
    #[test]
    fn a_json_document_in_any_chunking_reads_like_its_items_as_json_lines(
        lines in prop::collection::vec(line(), 1..40),
        typed: bool,
        page: bool,
        pretty: bool,
        chunk in 1usize..300,
    ) {
        let items: Vec<String> = lines.iter().map(|l| rest_item(l, typed)).collect();
        let json_lines = items.join("\n") + "\n";
        let (sep, indent) = if pretty { (",\n    ", "\n    ") } else { (",", "") };
        let array = format!("[{indent}{}{}]", items.join(sep), if pretty { "\n  " } else { "" });
        let document = if page {
            format!(
                "{{{nl}\"totalCount\": {},{nl}\"items\": {array},{nl}\"links\": {{\"self\": {{\"uri\": \"/v1/invoices/G1/lineitems\", \"method\": \"GET\"}}}},{nl}\"attributes\": {{\"objectType\": \"Collection\"}}{end}}}",
                items.len(),
                nl = if pretty { "\n  " } else { "" },
                end = if pretty { "\n" } else { "" },
            )
        } else {
            array
        };
        let plain = read_file("items.jsonl", json_lines.as_bytes(), FileOptions::default(), &ExchangeRates::default());
        let mut reader = FileReader::new("items.jsonl", FileOptions::default(), ExchangeRates::default());
        for c in document.as_bytes().chunks(chunk) {
            reader.feed(c);
        }
        let mut read = reader.finish();
        read.account.bytes = plain.account.bytes;
        prop_assert_eq!(read.account.failure.as_ref(), None);
        prop_assert_eq!(&read.account, &plain.account);
        prop_assert_eq!(&read.revenue.ledger, &plain.revenue.ledger);
    }
}

/// `text` as gzip data, cut into members at `cuts` (offsets into the text,
/// any order; an empty member where two are equal), as Partner Center and
/// `cat a.gz b.gz` write them.
fn gzip_members(text: &[u8], cuts: &[usize]) -> Vec<u8> {
    use std::io::Write;
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 1)).collect();
    at.sort_unstable();
    at.push(text.len());
    let mut out = Vec::new();
    let mut from = 0;
    for to in at {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&text[from..to]).unwrap();
        out.extend(e.finish().unwrap());
        from = to;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// Gzip data of any number of members, fed in chunks of any size, read
    /// exactly as the plain text: every count, amount and the ledger, the
    /// fingerprint too (the same content given twice counts once).
    #[test]
    fn gzip_in_any_members_and_any_chunking_reads_as_the_plain_text(
        lines in prop::collection::vec(line(), 0..40),
        cuts in prop::collection::vec(any::<usize>(), 0..6),
        chunk in 1usize..700,
    ) {
        let text = csv(&lines);
        let plain = read_file("gen.csv", text.as_bytes(), FileOptions::default(), &ExchangeRates::default());
        let data = gzip_members(text.as_bytes(), &cuts);
        let mut reader = FileReader::new("gen.csv", FileOptions::default(), ExchangeRates::default());
        for c in data.chunks(chunk) {
            reader.feed(c);
        }
        let read = reader.finish();
        prop_assert_eq!(&read.account, &plain.account);
        prop_assert_eq!(&read.revenue.ledger, &plain.revenue.ledger);
        prop_assert_eq!(read.fingerprint, plain.fingerprint);
    }

    /// Cut anywhere, gzip data keep the lines before the cut and say they
    /// end early, with how many lines were read: never a silent zero.
    #[test]
    fn gzip_cut_anywhere_counts_what_came_and_says_it_ends_early(
        lines in prop::collection::vec(line(), 1..40),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
        keep in 0.0f64..1.0,
        chunk in 1usize..700,
    ) {
        let text = csv(&lines);
        let data = gzip_members(text.as_bytes(), &cuts);
        let kept = ((data.len() as f64 * keep) as usize).clamp(4, data.len() - 1);
        let mut reader = FileReader::new("cut.csv.gz", FileOptions::default(), ExchangeRates::default());
        for c in data[..kept].chunks(chunk) {
            reader.feed(c);
        }
        let read = reader.finish();
        let failure = read.account.failure.clone();
        let lines_read = read.account.lines_read;
        match failure {
            Some(ttm_check::domain::ingest::FileError::GzipBreak { lines: counted, ends_early, .. }) => {
                prop_assert!(ends_early);
                prop_assert_eq!(counted, lines_read);
                prop_assert!(lines_read <= lines.len() as u64);
            }
            // A cut just past a member's end, between members, is a file
            // of fewer members: complete as far as it goes.
            None => prop_assert!(read.account.lines_read <= lines.len() as u64),
            other => prop_assert!(false, "{:?}", other),
        }
        prop_assert!(read.account.reconciles());
    }
}
