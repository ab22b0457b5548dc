//! Files as users really have them (docs/rules.md section 4.5, "Microsoft's
//! delivery forms"; D17–D21): the same new-commerce invoice lines
//! written as Partner Center downloads them, re-saved by German Excel, with
//! Excel's guard apostrophes, gzip-compressed in two members, in a ZIP
//! archive, and as a Graph billing export (manifest and JSON-lines blobs);
//! a US-format register; an Insights monthly report. `tests/data/real/`.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use serde_json::Value;

use ttm_check::cli;

const DATA: &str = "tests/data/real";

/// The CLI's JSON for `args` (`assess` and `--as-of 2026-11-28` added).
fn assess(args: &[&str]) -> Value {
    let mut all: Vec<String> = vec!["assess".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(["--as-of".into(), "2026-11-28".into(), "--compact".into()]);
    let mut out = Vec::new();
    cli::run(&all, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &mut out).unwrap_or_else(|f| panic!("{args:?}: {}", f.message));
    serde_json::from_slice(&out).unwrap()
}

fn path(name: &str) -> String {
    format!("{DATA}/{name}")
}

/// Each reseller's ID, TTM net and gross.
fn figures(report: &Value) -> Vec<(String, String, String)> {
    report["resellers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["reseller_id"].as_str().unwrap().into(),
                r["ttm_net_usd"].as_str().unwrap().into(),
                r["ttm_gross_usd"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn files(report: &Value) -> &Vec<Value> {
    report["ingest"]["files"].as_array().unwrap()
}

/// The figures of the plain download, worked out by hand from its lines:
/// EUR and GBP lines are `Subtotal / PCToBCExchangeRate` rounded to cents
/// (D10a, D11); USD lines are summed exactly and rounded once (D19).
#[test]
fn the_plain_download_gives_the_figures_worked_out_by_hand() {
    let report = assess(&[&path("invoice.csv")]);
    let f = &files(&report)[0];
    assert_eq!((f["layout"].as_str(), f["lines_read"].as_u64(), f["rejected"]["lines"].as_u64()), (Some("nce_invoice"), Some(12), Some(0)));
    assert_eq!(f["excluded"]["no_reseller"]["lines"], 2, "a blank and a 0 reseller are direct sales (D16)");
    assert_eq!(
        figures(&report),
        [
            // 129.60/0.9234 = 140.35, 1234.56/0.9234 = 1336.97, -21.60/0.9234 = -23.39
            ("5120001", "1453.93", "1477.32"),
            // 22 + 990 - 0.33
            ("5120002", "1011.67", "1012.00"),
            // 55/0.7911 = 69.52, -50.42/0.7911 = -63.73
            ("5120003", "5.79", "69.52"),
            // 1500 - 2.125 = 1497.875, rounded once half to even
            ("5120004", "1497.88", "1500.00"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
}

#[test]
fn every_form_of_the_same_lines_gives_the_same_figures() {
    let plain = figures(&assess(&[&path("invoice.csv")]));
    for form in [
        vec![path("invoice.excel-de.csv")],
        vec![path("invoice.guarded.csv")],
        vec![path("invoice.ods")],
        vec![path("rest-api/page1.json"), path("rest-api/page2.json")],
        vec![path("invoice.powershell.csv")],
        vec![path("invoice.powershell-de.csv")],
        vec![path("invoice.csv.gz")],
        vec![path("invoice.zip")],
        vec![path("graph-export")],
        vec![
            path("graph-export/manifest.json"),
            path("graph-export/part-00000-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz"),
            path("graph-export/part-00001-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz"),
        ],
    ] {
        let args: Vec<&str> = form.iter().map(String::as_str).collect();
        let report = assess(&args);
        assert_eq!(figures(&report), plain, "{form:?}");
        for f in files(&report).iter().filter(|f| f["layout"].is_string()) {
            assert_eq!(f["rejected"]["lines"], 0, "{form:?}: {f}");
            assert!(f["questions"].as_array().unwrap().is_empty(), "{form:?}: {f}");
        }
    }
}

/// Windows PowerShell 5.1's `Export-Csv` of the same lines, written with
/// `>` (UTF-16 LE with a BOM): a `#TYPE` line before the header, every field
/// quoted, dates in the machine's culture with a time of day (en-US
/// `3/15/2026 12:00:00 AM`, de-DE `15.03.2026 00:00:00` with decimal
/// commas). The type line is counted as what it is; the rest reads as the
/// plain download (above).
#[test]
fn a_powershell_export_skips_its_type_line_and_reads_as_the_download() {
    for (name, style) in [("invoice.powershell.csv", "point"), ("invoice.powershell-de.csv", "comma")] {
        let report = assess(&[&path(name)]);
        let f = &files(&report)[0];
        assert_eq!(
            (f["layout"].as_str(), f["encoding"].as_str(), f["delimiter"].as_str(), f["decimal_style"].as_str()),
            (Some("nce_invoice"), Some("utf16_le"), Some(","), Some(style)),
            "{name}"
        );
        assert_eq!((f["lines_read"].as_u64(), f["excluded"]["type_line"]["lines"].as_u64()), (Some(13), Some(1)), "{name}");
        assert_eq!(f["rejected"]["lines"], 0, "{name}");
        assert_eq!(f["header"][0], "PartnerId", "{name}: the header is the line after #TYPE");
    }
}

/// An OpenDocument spreadsheet (LibreOffice, Google Sheets) is a workbook:
/// decided from its members (`mimetype`), never read as an archive of its
/// XML files; another office document is refused as one, with why.
#[test]
fn an_ods_is_a_workbook_and_other_office_documents_are_refused() {
    let report = assess(&[&path("invoice.ods")]);
    assert_eq!(files(&report).len(), 1, "one file, not its members");
    let f = &files(&report)[0];
    assert_eq!((f["layout"].as_str(), f["sheet"].as_str(), f["lines_read"].as_u64()), (Some("nce_invoice"), Some("invoice"), Some(12)));
    let dir = std::env::temp_dir().join(format!("ttm-odt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let odt = dir.join("letter.ods");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&odt).unwrap());
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
        z.start_file("content.xml", stored).unwrap();
        z.write_all(b"<office:document-content/>").unwrap();
        z.finish().unwrap();
    }
    let report = assess(&[odt.to_str().unwrap()]);
    assert_eq!(files(&report).len(), 1, "not read as its members");
    assert_eq!(files(&report)[0]["failure"]["kind"], "not_a_workbook", "{}", files(&report)[0]);
    std::fs::remove_dir_all(dir).ok();
}

/// Microsoft's older Partner Center REST API as its responses are saved: one
/// pretty-printed JSON document a page (`{"totalCount", "items", "links",
/// "attributes"}`), camelCase keys, a value a number in one item and a
/// string in the next, instants with offsets, `0001-01-01T00:00:00` for
/// none, direct sales as `"0"`, `0` and `""`, legacy `tier2MpnId` `-1`. Two
/// pages give the download's figures (above); what is not line items, or has
/// no money, or breaks off, is one message for the file.
#[test]
fn rest_api_documents_are_read_as_their_items_or_refused_in_one_message() {
    let report = assess(&[&path("rest-api/page1.json")]);
    let f = &files(&report)[0];
    assert_eq!((f["layout"].as_str(), f["lines_read"].as_u64(), f["rejected"]["lines"].as_u64()), (Some("nce_invoice"), Some(7), Some(0)));
    let legacy = assess(&[&path("rest-api/legacy-license.json")]);
    let f = &files(&legacy)[0];
    assert_eq!(f["layout"], "legacy_license");
    assert_eq!(f["excluded"]["no_reseller"]["lines"], 1, "tier2MpnId -1 is no reseller (D16)");
    assert_eq!(figures(&legacy), [("5120001".to_owned(), "100.00".to_owned(), "100.00".to_owned())]);
    for (file, kind) in [("broken.json", "broken_document"), ("legacy-daily-usage.json", "no_money"), ("resellers.json", "not_line_items")]
    {
        let report = assess(&[&path(&format!("rest-api/{file}"))]);
        let f = &files(&report)[0];
        assert_eq!(f["failure"]["kind"], kind, "{file}: {f}");
        assert_eq!(
            (f["lines_read"].as_u64(), f["rejected"]["lines"].as_u64()),
            (Some(0), Some(0)),
            "{file}: one message, no line rejected"
        );
        assert!(report["resellers"].as_array().unwrap().is_empty(), "{file}: nothing counted");
    }
    let broken = assess(&[&path("rest-api/broken.json")]);
    let failure = &files(&broken)[0]["failure"];
    assert!(failure["line"].as_u64().is_some_and(|l| l > 100) && failure["column"].as_u64().is_some(), "where it breaks: {failure}");
    assert_eq!(files(&assess(&[&path("rest-api/legacy-daily-usage.json")]))[0]["failure"]["items"], 3);
}

#[test]
fn a_german_excel_resave_is_read_with_decimal_comma_and_windows_1252() {
    let report = assess(&[&path("invoice.excel-de.csv")]);
    let f = &files(&report)[0];
    assert_eq!(
        (f["delimiter"].as_str(), f["decimal_style"].as_str(), f["encoding"].as_str()),
        (Some(";"), Some("comma"), Some("windows1252"))
    );
}

#[test]
fn the_graph_export_is_read_blob_by_blob_and_checked_against_its_manifest() {
    let report = assess(&[&path("graph-export")]);
    let names: Vec<&str> = files(&report).iter().map(|f| f["file"].as_str().unwrap().rsplit('/').next().unwrap()).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "part-00000-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz",
            "part-00001-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz"
        ]
    );
    assert!(files(&report)[0].get("warnings").is_none(), "every blob is there");
    // JSON lines: line numbers of the blob, the key as the column.
    assert_eq!(files(&report)[1]["lines_read"], 7);
    // Without the second blob, the manifest names it.
    let report =
        assess(&[&path("graph-export/manifest.json"), &path("graph-export/part-00000-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz")]);
    assert_eq!(
        files(&report)[0]["warnings"],
        serde_json::json!([{ "kind": "missing_blob", "name": "part-00001-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz" }])
    );
}

#[test]
fn a_truncated_gzip_counts_what_it_has_and_says_what_is_lost() {
    let report = assess(&[&path("truncated.csv.gz")]);
    let f = &files(&report)[0];
    let read = f["lines_read"].as_u64().unwrap();
    assert!(read > 0 && read < 12, "{read}");
    let error = f["error"].as_str().unwrap();
    assert!(error.starts_with(&format!("the gzip data ends early after {read} lines")), "{error}");
}

#[test]
fn a_zip_member_that_is_no_data_is_reported_not_read() {
    let report = assess(&[&path("invoice.zip")]);
    let pdf = files(&report).iter().find(|f| f["file"].as_str().unwrap().ends_with("README.pdf")).unwrap();
    assert!(pdf["error"].as_str().unwrap().starts_with("not a data file"), "{pdf}");
    assert!(files(&report)[0]["file"].as_str().unwrap().ends_with("invoice.zip/march/invoice-part1.csv"));
}

#[test]
fn a_us_register_is_read_month_first() {
    let report = assess(&[&path("invoice.csv"), "--register", &path("register.us.csv")]);
    let tenant = |id: &str| report["resellers"].as_array().unwrap().iter().find(|r| r["reseller_id"] == id).unwrap().clone();
    // 5/10/2023 is 10 May (5/23/2023 in the same column says month first):
    // the first evaluation is May 2024, the next May 2027, not October.
    assert_eq!(tenant("5120001")["first_evaluation"], "2024-05-01");
    assert_eq!(tenant("5120001")["next_evaluation"], "2027-05-01");
    assert_eq!(tenant("5120002")["next_evaluation"], "2027-05-01");
    assert_eq!(tenant("5120003")["next_evaluation"], "2026-11-01");
    assert!(report["ingest"]["register"]["questions"].as_array().unwrap().is_empty());
}

/// Registers typed by people: month names in English (`May 10, 2023`,
/// Excel's `23-May-23`, `2 November 2024`) and German (`10. Mai 2023`,
/// `4. März 2022`, LibreOffice's `23.05.23`), and .NET's empty date: the same
/// tenants as the US register, nothing rejected, nothing asked.
#[test]
fn registers_typed_with_month_names_read_as_the_us_register() {
    let us = assess(&[&path("invoice.csv"), "--register", &path("register.us.csv")]);
    let dates = |report: &Value| -> Vec<(String, Value, Value)> {
        report["resellers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["reseller_id"].as_str().unwrap().to_owned(), r["first_evaluation"].clone(), r["next_evaluation"].clone()))
            .collect()
    };
    for register in ["register.month-names.csv", "register.month-names-de.csv"] {
        let typed = assess(&[&path("invoice.csv"), "--register", &path(register)]);
        assert_eq!(dates(&typed), dates(&us), "{register}");
        let r = &typed["ingest"]["register"];
        assert!(r["rejected"].as_array().unwrap().is_empty() && r["questions"].as_array().unwrap().is_empty(), "{register}: {r}");
        assert_eq!(r["entries"], 4, "{register}");
    }
}

/// Two Graph exports loaded together (March's and April's): each manifest
/// accounts for its own blobs, no false warning, and every blob counts.
#[test]
fn two_graph_exports_loaded_together_warn_of_nothing() {
    let report = assess(&[&path("graph-export"), &path("graph-export-april")]);
    for f in files(&report) {
        assert!(f["warnings"].as_array().is_none_or(|w| w.is_empty()), "{f}");
    }
    assert_eq!(files(&report).len(), 5);
    let march = figures(&assess(&[&path("graph-export")]));
    let both = figures(&report);
    assert_eq!(both.len(), march.len());
    let ttm = |f: &[(String, String, String)], id: &str| f.iter().find(|(r, ..)| r == id).map(|t| t.1.clone()).unwrap();
    assert_eq!(ttm(&march, "5120003"), "5.79");
    assert_eq!(ttm(&both, "5120003"), "505.79", "April's blob counts too");
}

#[test]
fn a_register_that_cannot_tell_asks_and_reads_the_answer() {
    let report = assess(&["--register", &path("register.ambiguous.csv")]);
    assert_eq!(report["ingest"]["register"]["questions"][0]["kind"], "date_order");
    assert!(report["resellers"].as_array().unwrap().iter().all(|r| r["next_evaluation"].is_null()), "nothing guessed");
    let answered = assess(&["--register", &path("register.ambiguous.csv"), "--register-date-order", "dmy"]);
    let next: Vec<&str> = answered["resellers"].as_array().unwrap().iter().map(|r| r["next_evaluation"].as_str().unwrap()).collect();
    assert_eq!(next, ["2027-10-01", "2027-04-01"]);
}

#[test]
fn a_monthly_report_counts_where_no_lines_do_and_cross_checks_where_they_do() {
    let report = assess(&[&path("invoice.csv"), &path("reseller-performance.csv")]);
    let monthly = &files(&report)[1];
    assert_eq!(monthly["layout"], "monthly_report");
    // March 2026 of 5120002 is covered by the invoice lines: a cross-check.
    assert_eq!(monthly["excluded"]["monthly_report_cross_check"], serde_json::json!({ "lines": 1, "usd": "1005.50" }));
    assert_eq!(
        report["ingest"]["cross_checks"],
        serde_json::json!([{ "reseller_id": "5120002", "month": "2026-03-01", "report_usd": "1005.50", "lines_usd": "1011.67", "difference_usd": "6.17" }])
    );
    let tenant = |id: &str| report["resellers"].as_array().unwrap().iter().find(|r| r["reseller_id"] == id).unwrap()["ttm_net_usd"].clone();
    // February's two rows add up (990 + 22) beside March's lines.
    assert_eq!(tenant("5120002"), "2023.67");
    // A reseller only the report knows: 1,250.75 − 12.50.
    assert_eq!(tenant("5120005"), "1238.25");
}

#[test]
fn an_amount_column_that_cannot_decide_is_a_question() {
    let dir = std::env::temp_dir().join(format!("ttm-undecided-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("totals.csv");
    std::fs::write(&file, "Reseller ID,Date,Amount\n5120001,2026-03-01,1.500\n5120002,2026-03-02,2.250\n").unwrap();
    let name = file.to_str().unwrap();
    let report = assess(&[name]);
    let f = &files(&report)[0];
    assert_eq!(f["questions"][0], serde_json::json!({ "kind": "decimal_style", "column": "Amount", "examples": ["1.500", "2.250"] }));
    assert_eq!(f["excluded"]["decimal_style_undecided"]["lines"], 2);
    let answered = assess(&[name, "--decimal", "comma"]);
    assert_eq!(figures(&answered)[0].1, "1500.00");
    let answered = assess(&[name, "--decimal", "point"]);
    assert_eq!(figures(&answered)[0].1, "1.50");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn usd_prorations_keep_every_decimal_until_shown() {
    // Daily-rated usage already in USD: 0.004999... + 0.005000...1 + 0.005
    // is 0.015, shown 0.02; rounding each line first would give 0.01.
    let dir = std::env::temp_dir().join(format!("ttm-prorations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("usage.csv");
    let mut text = String::from("PartnerId,CustomerId,InvoiceNumber,Tier2MpnId,UsageDate,ChargeStartDate,ChargeEndDate,BillingPreTaxTotal,BillingCurrency,PricingPreTaxTotal,PricingCurrency\n");
    for amount in ["0.004999999999999999", "0.005000000000000001", "0.005000000000000000"] {
        text.push_str(&format!("p,c,G1,5120001,3/14/2026,3/1/2026,3/31/2026,{amount},USD,{amount},USD\n"));
    }
    std::fs::write(&file, text).unwrap();
    let report = assess(&[file.to_str().unwrap()]);
    assert_eq!(figures(&report)[0].1, "0.02");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn combining_the_files_once_gives_each_figure_as_alone() {
    use ttm_check::domain::ingest::{read_file, ExchangeRates, ExclusionReason, FileOptions, Ingest};
    let files = [
        path("invoice.csv"),
        path("reseller-performance.csv"),
        path("invoice.csv"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/tier2-daily.csv").to_owned(),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/tier2-invoice.csv").to_owned(),
    ];
    let mut ingest = Ingest::new();
    for name in &files {
        let bytes = std::fs::read(name).unwrap();
        ingest.add(read_file(name, &bytes, FileOptions::default(), &ExchangeRates::default()));
    }
    let combined = ingest.combine();
    assert_eq!(combined.files, ingest.reports());
    assert_eq!(combined.ledger, ingest.ledger());
    assert_eq!(combined.cross_checks, ingest.cross_checks());
    // What each of them has to get right is there: a cross-check, a tenant
    // only the monthly report knows, daily usage giving way to its invoice,
    // and the same lines loaded twice counted once.
    assert_eq!(combined.cross_checks.len(), 1);
    assert!(combined.ledger.contains_key("5120005"));
    assert!(combined.files[3].excluded.contains_key(&ExclusionReason::DailyUsageDetail), "{:?}", combined.files[3].excluded);
    assert_eq!(combined.files[2].duplicate_of.as_deref(), Some(files[0].as_str()));
}
