//! Reading files end to end: every line accounted for.

use chrono::NaiveDate;

use super::layout::{ColumnMapping, Layout};
use super::*;
use crate::domain::dates::DateOrder;
use crate::domain::money::{DecimalStyle, Money};

fn read(text: &str, options: FileOptions) -> FinishedFile {
    read_file("t.csv", text.as_bytes(), options, &ExchangeRates::default())
}

const INVOICE_HEADER: &str =
    "InvoiceNumber,MpnId,ResellerMpnId,OrderDate,ChargeType,Subtotal,Currency,PricingCurrency,PCToBCExchangeRate\n";

#[test]
fn accounts_for_every_invoice_line() {
    let text = format!(
        "{INVOICE_HEADER}G1,1,4816859,1/25/2025,new,100.00,USD,USD,1\n\
         G1,1,0,1/25/2025,new,5.00,USD,USD,1\n\
         G1,1,,1/26/2025,new,6.00,USD,USD,1\n\
         G1,1,4816859,1/32/2025,new,7.00,USD,USD,1\n\
         G1,1,4816859,1/20/2025,new,abc,USD,USD,1\n\
         G1,1,4816859,1/20/2025,cancelImmediate,-20.00,EUR,USD,0.9\n\
         G1,1,4816859,1/20/2025,new,10.00,GBP,GBP,1\n"
    );
    let r = read(&text, FileOptions::default()).account;
    assert_eq!(r.layout, Some(Layout::NceInvoice));
    assert_eq!(r.lines_read, 7);
    assert_eq!(r.used.lines, 3);
    assert_eq!(r.used.usd, Money("77.78".parse().unwrap()));
    assert_eq!(r.used.unconverted.get("GBP"), Some(&Money("10.00".parse().unwrap())));
    assert_eq!(r.excluded[&ExclusionReason::NoReseller].lines, 2);
    assert_eq!(r.excluded[&ExclusionReason::NoReseller].usd, Money("11.00".parse().unwrap()));
    assert_eq!(r.rejected.lines, 2);
    assert_eq!((r.rejected.first[0].line, r.rejected.first[0].column.as_str()), (5, "OrderDate"));
    assert_eq!(r.rejected.first[0].kind(), RejectionKind::BadDate);
    assert_eq!((r.rejected.first[1].line, r.rejected.first[1].column.as_str()), (6, "Subtotal"));
    assert!(r.missing_rates.contains("GBP"));
    assert!(r.reconciles());
}

#[test]
fn json_lines_are_planned_as_their_layout_however_long() {
    // The plan is settled after 2,000 lines, in the middle of a chunk.
    let mut text = String::new();
    for i in 0..2_500 {
        text.push_str(&format!(
            "{{\"Tier2MpnId\":\"{}\",\"OrderDate\":\"2026-03-{:02}T00:00:00Z\",\"Subtotal\":{}.5,\"Currency\":\"USD\",\"InvoiceNumber\":\"G1\"}}\n",
            5_120_000 + i % 3,
            1 + i % 28,
            i
        ));
    }
    let r = read(&text, FileOptions::default());
    assert_eq!((r.account.layout, r.account.used.lines, r.account.rejected.lines), (Some(Layout::NceInvoice), 2_500, 0));
    assert_eq!(r.revenue.ledger.len(), 3);
    assert_eq!(r.account.columns["reseller"], "Tier2MpnId");
}

#[test]
fn a_header_only_file_reads_no_line() {
    let r = read(INVOICE_HEADER, FileOptions::default()).account;
    assert_eq!((r.layout, r.lines_read), (Some(Layout::NceInvoice), 0));
    assert!(r.reconciles());
    let r = read("", FileOptions::default()).account;
    assert_eq!((r.layout, r.lines_read), (None, 0));
}

#[test]
fn short_lines_name_the_missing_column() {
    let text = format!("{INVOICE_HEADER}G1,1,4816859\n");
    let r = read(&text, FileOptions::default()).account;
    assert_eq!(r.rejected.first[0].kind(), RejectionKind::MissingField);
    assert_eq!(r.rejected.first[0].column, "OrderDate");
}

#[test]
fn excludes_partner_of_record_lines() {
    let text = "Reseller,Datum,Betrag,Art\n1,2025-01-01,10.00,CPOR\n1,2025-01-01,5.00,Lizenz\n1,2025-01-01,3.00,PAL\n";
    let r = read(text, FileOptions::default()).account;
    assert_eq!(r.excluded[&ExclusionReason::PartnerOfRecord].lines, 2);
    assert_eq!(r.used.usd, Money("5.00".parse().unwrap()));
}

#[test]
fn asks_for_the_date_order_when_the_column_cannot_tell() {
    let text = "Reseller,Date,Amount\n1,03/04/2025,1.00\n1,05/06/2025,2.00\n";
    let r = read(text, FileOptions::default()).account;
    assert!(matches!(&r.questions[0], Question::DateOrder { column, .. } if column == "Date"));
    assert_eq!(r.excluded[&ExclusionReason::DateOrderUndecided].lines, 2);
    assert!(r.reconciles());
    let chosen = read(text, FileOptions { date_order: Some(DateOrder::DayFirst), ..FileOptions::default() });
    assert_eq!(chosen.account.used.lines, 2);
    assert_eq!(chosen.revenue.ledger["1"].span().unwrap().0, NaiveDate::from_ymd_opt(2025, 4, 3).unwrap());
    let decided = read("Reseller,Date,Amount\n1,03/04/2025,1.00\n1,25/06/2025,2.00\n", FileOptions::default());
    assert_eq!(decided.account.date_order, Some(DateOrder::DayFirst));
}

#[test]
fn an_unknown_table_asks_for_a_mapping() {
    let text = "who,when,how much\n7,2025-01-01,1\n";
    let r = read(text, FileOptions::default()).account;
    assert!(matches!(&r.questions[0], Question::MapColumns { missing, .. } if missing.len() == 3));
    assert_eq!(r.excluded[&ExclusionReason::NotMapped].lines, 1);
    let mapped =
        read(text, FileOptions { mapping: ColumnMapping::parse("reseller=who,date=when,amount=3").unwrap(), ..FileOptions::default() });
    assert_eq!(mapped.account.used.lines, 1);
}

#[test]
fn a_paste_without_header_maps_by_position() {
    let text = "4816859\t01.02.2025\t1.234,50\tEUR\n4816859\t01.03.2025\t-34,50\tEUR\n";
    let options = FileOptions { mapping: ColumnMapping::parse("reseller=1,date=2,amount=3,currency=4").unwrap(), ..FileOptions::default() };
    let rates = ExchangeRates { rates: [("EUR".to_owned(), "1.1".parse().unwrap())].into() };
    let r = read_file("paste", text.as_bytes(), options, &rates);
    assert_eq!(r.account.lines_read, 2);
    assert_eq!(r.account.decimal_style, Some(DecimalStyle::Comma));
    assert_eq!(r.account.used.usd, Money("1320.00".parse().unwrap()));
}

#[test]
fn the_same_bytes_count_once() {
    let text = format!("{INVOICE_HEADER}G1,1,4816859,1/25/2025,new,100.00,USD,USD,1\n");
    let mut ingest = Ingest::new();
    ingest.add(read(&text, FileOptions::default()));
    ingest.add(read(&text, FileOptions::default()));
    assert_eq!(ingest.ledger()["4816859"].lines, 1);
    let reports = ingest.reports();
    assert_eq!(reports[1].duplicate_of.as_deref(), Some("t.csv"));
    assert_eq!(reports[1].excluded[&ExclusionReason::DuplicateFile].lines, 1);
    assert!(reports.iter().all(FileAccount::reconciles));
}

#[test]
fn a_stream_reports_progress_and_can_be_cancelled() {
    use std::ops::ControlFlow;
    let text = format!("{INVOICE_HEADER}G1,1,4816859,1/25/2025,new,100.00,USD,USD,1\n").repeat(1);
    let chunks: Vec<Result<Vec<u8>, ()>> = text.as_bytes().chunks(10).map(|c| Ok(c.to_vec())).collect();
    let total = text.len() as u64;
    let mut seen = Vec::new();
    let done = read_stream("s.csv", chunks.clone(), Some(total), FileOptions::default(), &ExchangeRates::default(), &mut |p| {
        seen.push(p.done);
        ControlFlow::Continue(())
    });
    assert_eq!(done.unwrap().unwrap().account.used.lines, 1);
    assert_eq!(seen.last(), Some(&total));
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    let cancelled = read_stream("s.csv", chunks, Some(total), FileOptions::default(), &ExchangeRates::default(), &mut |p| {
        if p.done >= 30 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(cancelled.unwrap().err(), Some(Cancelled));
    let failed = read_stream::<&str>(
        "s.csv",
        vec![Ok(b"a,b\n".to_vec()), Err("disk gone")],
        None,
        FileOptions::default(),
        &ExchangeRates::default(),
        &mut |_| ControlFlow::Continue(()),
    );
    assert_eq!(failed.err(), Some("disk gone"));
}

#[test]
fn margin_discounts_resale_prices() {
    let text = "Reseller,Date,Amount\n1,2025-01-01,100.00\n";
    let r = read(text, FileOptions { margin_percent: Some("10".parse().unwrap()), ..FileOptions::default() });
    assert_eq!(r.account.used.usd, Money("90.00".parse().unwrap()));
}

#[test]
fn amounts_at_the_top_of_the_range_saturate_and_print_as_cents() {
    // The largest amount a line may hold (28 digits), nine times, then a credit.
    let line = "1,2026-01-05,9999999999999999999999999999,USD\n";
    let text = format!("reseller,date,amount,currency\n{}1,2026-01-07,-1,USD\n", line.repeat(9));
    let r = read(&text, FileOptions::default());
    assert_eq!((r.account.used.lines, r.account.rejected.lines), (10, 0));
    // The account's sum stops at the largest decimal instead of panicking.
    assert_eq!(r.account.used.usd.to_string(), "79228162514264337593543950334.00");
    // The ledger's units saturate (at about USD 1.7e20) instead of wrapping,
    // and the credit still counts; printed as cents.
    let net = r.revenue.ledger["1"].total(NaiveDate::MIN..=NaiveDate::MAX).net();
    assert_eq!(net.to_string(), "170141183460469231730.69");
    assert!(r.account.reconciles());
}

#[test]
fn one_tenants_purchases_in_every_form_give_the_same_figures() {
    use crate::domain::report::{assess_files, AssessOptions, InputFile};
    // The same four purchases: pasted from a German sheet (no header, tab,
    // decimal comma), a `Datum;Betrag` table, and the typed rows the app
    // writes (ISO dates, decimal point, a currency column).
    let forms = [
        "15.03.2026\t450,00\n02.06.2026\t120,50\n\n17.09.2026\t1.080,00\n30.10.2026\t-50,00\n",
        "Datum;Betrag\n15.03.2026;450,00\n02.06.2026;120,50\n17.09.2026;1.080,00\n30.10.2026;-50,00\n",
        "Date,Amount,Currency\n2026-03-15,450.00,USD\n2026-06-02,120.50,USD\n2026-09-17,1080.00,USD\n2026-10-30,-50.00,USD\n",
    ];
    let register = "reseller_id,onboarding_date\nmine,2021-02-10\n";
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut answers = Vec::new();
    for text in forms {
        let options = FileOptions { mapping: ColumnMapping::parse("tenant=mine").unwrap(), ..FileOptions::default() };
        let files = [InputFile { name: "mine.txt".into(), bytes: text.as_bytes(), options }];
        let report = assess_files(&files, Some(("r.csv", register.as_bytes())), as_of, &AssessOptions::default()).unwrap();
        let file = &report.ingest.files[0];
        assert!(file.questions.is_empty(), "{text}: {:?}", file.questions);
        assert_eq!((file.used.lines, file.rejected.lines), (4, 0), "{text}");
        assert_eq!(report.resellers.len(), 1);
        let r = &report.resellers[0];
        answers.push((
            r.reseller_id.clone(),
            r.status,
            r.ttm_net_usd,
            r.secured_usd,
            r.shortfall_usd,
            r.next_evaluation,
            r.days_to_evaluation,
        ));
    }
    // Evaluation 2027-02-01, window 2026-02-01 .. 2027-01-31: 1600.50 secured.
    assert_eq!(answers[0].2, Money("1600.50".parse().unwrap()));
    assert_eq!(answers[0].1, crate::domain::assess::Status::OnTrack);
    assert_eq!(answers[0].5, NaiveDate::from_ymd_opt(2027, 2, 1));
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    // Without the tenant, such a table asks for its columns.
    let plain = read(forms[1], FileOptions::default());
    assert!(matches!(plain.account.questions.first(), Some(Question::MapColumns { .. })));
}

/// D18 on a monthly report: its `Month` holds months, so where only the
/// month-first reading puts every value on a month's first day
/// (`1/1/2025 … 12/1/2025`, as Insights writes them), that is the reading;
/// no question; and the other way round for months written day first.
#[test]
fn a_monthly_reports_months_decide_their_order() {
    let header = "PGAMpnID,ResellerMpnID,ResellerName,Month,Product,BilledRevenueUSD\n";
    let mut text = header.to_owned();
    for m in 1..=12 {
        text.push_str(&format!("4649123,5120002,Contoso,{m}/1/2025,Microsoft 365 E3,100.00\n"));
    }
    let r = read_file("perf.csv", text.as_bytes(), FileOptions::default(), &ExchangeRates::default());
    assert!(r.account.questions.is_empty(), "{:?}", r.account.questions);
    assert_eq!((r.account.date_order, r.account.used.lines), (Some(DateOrder::MonthFirst), 12));
    let days: Vec<NaiveDate> = r.revenue.ledger.get("5120002").unwrap().days.keys().copied().collect();
    assert_eq!(days.first().copied(), NaiveDate::from_ymd_opt(2025, 1, 1));
    assert_eq!(days.last().copied(), NaiveDate::from_ymd_opt(2025, 12, 1));
    // The same months written day first (1/1, 1/2, 1/3): the other reading.
    let mut day_first = header.to_owned();
    for m in 1..=3 {
        day_first.push_str(&format!("4649123,5120002,C,1/{m}/2025,P,1.00\n"));
    }
    let r = read_file("perf.csv", day_first.as_bytes(), FileOptions::default(), &ExchangeRates::default());
    assert_eq!((r.account.date_order, r.account.questions.len()), (Some(DateOrder::DayFirst), 0));
    let days: Vec<NaiveDate> = r.revenue.ledger.get("5120002").unwrap().days.keys().copied().collect();
    assert_eq!(days, [1, 2, 3].map(|m| NaiveDate::from_ymd_opt(2025, m, 1).unwrap()));
}

/// A page of line items larger than any document kept whole streams: its
/// items are read as they come (memory of one item), all of them counted;
/// cut off at the end, none of it is counted and the file says where.
#[test]
fn a_json_document_larger_than_any_kept_whole_streams() {
    let item = r#"{"partnerId": "p", "resellerMpnId": "5120001", "orderDate": "2026-03-15T00:00:00Z", "chargeType": "new", "subtotal": 1.25, "currency": "USD", "customerName": "A long enough customer name, to make each item about half a kilobyte of text as real items are; the rest is padding for the size of the document only, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#;
    let count = (65 << 20) / item.len() + 1;
    let mut document = String::with_capacity(count * (item.len() + 6) + 100);
    document.push_str("{\n  \"totalCount\": 1,\n  \"items\": [\n");
    for i in 0..count {
        document.push_str(if i == 0 { "    " } else { ",\n    " });
        document.push_str(item);
    }
    document.push_str("\n  ]\n}\n");
    assert!(document.len() > 64 << 20);
    let read = read_file("large.json", document.as_bytes(), FileOptions::default(), &ExchangeRates::default());
    assert_eq!(read.account.failure, None);
    assert_eq!((read.account.lines_read, read.account.used.lines), (count as u64, count as u64));
    assert_eq!(read.account.used.usd, Money(rust_decimal::Decimal::new(125, 2) * rust_decimal::Decimal::from(count)));

    let cut = &document[..4 << 10];
    let read = read_file("cut.json", cut.as_bytes(), FileOptions::default(), &ExchangeRates::default());
    assert!(matches!(read.account.failure, Some(FileError::BrokenDocument { .. })), "{:?}", read.account.failure);
    assert_eq!((read.account.lines_read, read.account.used.lines), (0, 0), "none of a broken document is counted");
    assert!(read.revenue.ledger.is_empty());
}

/// A table handed over as values (the app's own check: purchases typed row
/// by row) is read as its CSV text is: the same figures, questions and
/// rejections, with no delimiter or quoting decided (the values are text
/// already: UTF-8).
#[test]
fn rows_given_as_values_read_as_their_csv_text() {
    let rows: Vec<Vec<&str>> = vec![
        vec!["Date", "Amount", "Currency"],
        vec!["2026-03-15", "100.50", "USD"],
        vec!["2026-04-01", "250", "EUR"],
        vec!["2026-05-20", "12.345", "USD"],
        vec!["not a date", "5", "USD"],
        vec!["2026-06-01", "-20.00", "USD"],
    ];
    let options =
        FileOptions { mapping: ColumnMapping { tenant: Some("own".into()), ..ColumnMapping::default() }, ..FileOptions::default() };
    let rates = ExchangeRates { rates: [("EUR".to_owned(), "1.0825".parse().unwrap())].into() };
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    let from_text = read_file("mine", text.as_bytes(), options.clone(), &rates);
    let mut reader = FileReader::new("mine", options, rates);
    for row in &rows {
        reader.feed_row(row);
    }
    let from_rows = reader.finish();
    let (mut a, b) = (from_rows.account.clone(), &from_text.account);
    assert_eq!((a.delimiter.take(), a.encoding), (None, Some(super::text::TextEncoding::Utf8)), "no delimiter decided");
    a.delimiter.clone_from(&b.delimiter);
    assert_eq!(&a, b);
    assert_eq!(from_rows.revenue.ledger, from_text.revenue.ledger);
    assert_eq!((a.lines_read, a.rejected.lines, a.used.lines), (5, 1, 4));
}
