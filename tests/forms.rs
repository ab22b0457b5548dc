//! The same lines in every form a user's file takes give identical figures
//! to the cent (issue: "Real files, as users really have them"): the
//! Partner Center download, a German Excel re-save, Excel's guard
//! apostrophes, Excel's "Unicode text", JSON lines, shuffled and extra
//! columns, the lines split into two files, gzip in k members, a ZIP.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;

use chrono::{Datelike, Months, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use ttm_check::cli::inputs::read_path;
use ttm_check::domain::ingest::{read_file, ExchangeRates, FileOptions, FinishedFile, Ingest};
use ttm_check::domain::policy::Policy;
use ttm_check::domain::register::Register;
use ttm_check::domain::report::assess_all;

#[derive(Debug, Clone)]
struct Line {
    reseller: &'static str,
    date: NaiveDate,
    /// The amount's digits and scale (2, 4 or 6 decimals: prorations).
    mantissa: i64,
    scale: u32,
    currency: &'static str,
    rate: Decimal,
    customer: &'static str,
}

impl Line {
    fn amount(&self) -> Decimal {
        Decimal::new(self.mantissa, self.scale)
    }
    fn end(&self) -> NaiveDate {
        (self.date.with_day(1).unwrap() + Months::new(1)).pred_opt().unwrap()
    }
}

fn line() -> impl Strategy<Value = Line> {
    (
        prop::sample::select(vec!["5120001", "5120002", "5120003", "0", ""]),
        (0u64..1000).prop_map(|d| NaiveDate::from_ymd_opt(2024, 3, 1).unwrap() + chrono::Days::new(d)),
        -9_000_000i64..250_000_000,
        prop::sample::select(vec![2u32, 4, 6]),
        prop::sample::select(vec!["USD", "EUR"]),
        (700_000i64..1_300_000).prop_map(|r| Decimal::new(r, 6)),
        prop::sample::select(vec!["Müller & Söhne GmbH", "Contoso, Ltd.", "Café \"Zürich\""]),
    )
        .prop_map(|(reseller, date, mantissa, scale, currency, rate, customer)| Line {
            reseller,
            date,
            mantissa,
            scale,
            currency,
            rate,
            customer,
        })
}

const COLUMNS: [&str; 10] = [
    "PartnerId",
    "CustomerName",
    "InvoiceNumber",
    "Tier2MpnId",
    "OrderDate",
    "ChargeEndDate",
    "Subtotal",
    "Currency",
    "PricingCurrency",
    "PCToBCExchangeRate",
];

/// How one form writes a table.
struct Form {
    delimiter: char,
    number: fn(Decimal) -> String,
    date: fn(NaiveDate) -> String,
    /// Column order (indices into COLUMNS), and an extra column at the end.
    order: Vec<usize>,
    extra: bool,
}

fn us(d: NaiveDate) -> String {
    d.format("%-m/%-d/%Y").to_string()
}

fn german_number(v: Decimal) -> String {
    let text = v.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

fn cells(l: &Line, form: &Form) -> Vec<String> {
    let rate = if l.currency == "USD" { Decimal::ONE } else { l.rate };
    let all = [
        "3c1a9f7e".to_owned(),
        l.customer.to_owned(),
        "G052198745".to_owned(),
        l.reseller.to_owned(),
        (form.date)(l.date),
        (form.date)(l.end()),
        (form.number)(l.amount()),
        l.currency.to_owned(),
        "USD".to_owned(),
        (form.number)(rate),
    ];
    let mut row: Vec<String> = form.order.iter().map(|&i| all[i].clone()).collect();
    if form.extra {
        row.push("[\"15.0% Partner earned credit\"]".to_owned());
    }
    row
}

fn quote(field: &str, delimiter: char) -> String {
    if field.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn table(lines: &[Line], form: &Form) -> String {
    let mut header: Vec<String> = form.order.iter().map(|&i| COLUMNS[i].to_owned()).collect();
    if form.extra {
        header.push("PriceAdjustmentDescription".to_owned());
    }
    let d = form.delimiter;
    let mut out = header.join(&d.to_string()) + "\r\n";
    for l in lines {
        out += &cells(l, form).iter().map(|c| quote(c, d)).collect::<Vec<_>>().join(&d.to_string());
        out += "\r\n";
    }
    out
}

fn plain() -> Form {
    Form { delimiter: ',', number: |v| v.to_string(), date: us, order: (0..COLUMNS.len()).collect(), extra: false }
}

fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'ü' => 0xfc,
            'ö' => 0xf6,
            'é' => 0xe9,
            c if c.is_ascii() => c as u8,
            other => panic!("no Windows-1252 byte for {other}"),
        })
        .collect()
}

fn json_lines(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        let reseller = if l.reseller.is_empty() { "null".to_owned() } else { format!("\"{}\"", l.reseller) };
        let rate = if l.currency == "USD" { Decimal::ONE } else { l.rate };
        out += &format!(
            "{{\"partnerId\":\"3c1a9f7e\",\"customerName\":{},\"invoiceNumber\":\"G052198745\",\"tier2MpnId\":{reseller},\"orderDate\":\"{}T00:00:00Z\",\"chargeEndDate\":\"{}T23:59:59.9999999Z\",\"subtotal\":{},\"currency\":\"{}\",\"pricingCurrency\":\"USD\",\"pcToBCExchangeRate\":\"{rate}\",\"referenceId\":{{\"a\":[1,2]}}}}\n",
            serde_json::to_string(l.customer).unwrap(),
            l.date,
            l.end(),
            l.amount(),
            l.currency
        );
    }
    out
}

fn gzip_members(bytes: &[u8], k: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let step = bytes.len().div_ceil(k.max(1)).max(1);
    for part in bytes.chunks(step) {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(part).unwrap();
        out.extend(e.finish().unwrap());
    }
    out
}

/// Each reseller's TTM net and gross, and the used total, as shown.
fn figures(files: Vec<FinishedFile>) -> (Vec<(String, String, String)>, String) {
    let mut ingest = Ingest::new();
    for f in files {
        ingest.add(f);
    }
    let report = assess_all(&ingest, &Register::default(), None, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &Policy::default());
    let used: ttm_check::domain::money::Money = report.ingest.files.iter().map(|f| f.used.usd).sum();
    let resellers =
        report.resellers.iter().map(|r| (r.reseller_id.clone(), r.ttm_net_usd.to_string(), r.ttm_gross_usd.to_string())).collect();
    (resellers, used.to_string())
}

fn read(name: &str, bytes: &[u8]) -> FinishedFile {
    read_file(name, bytes, FileOptions::default(), &ExchangeRates::default())
}

fn read_temp(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Vec<FinishedFile> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    read_path(path.to_str().unwrap(), &FileOptions::default(), &ExchangeRates::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_same_lines_in_every_form_give_the_same_figures(
        lines in prop::collection::vec(line(), 1..40),
        order in Just((0..COLUMNS.len()).collect::<Vec<usize>>()).prop_shuffle(),
        members in 1usize..5,
        split in 0usize..40,
    ) {
        let dir = std::env::temp_dir().join(format!("ttm-forms-{}-{}", std::process::id(), lines.len() * 1000 + members * 100 + split));
        std::fs::create_dir_all(&dir).unwrap();
        let plain_text = "\u{feff}".to_owned() + &table(&lines, &plain());
        let want = figures(vec![read("plain.csv", plain_text.as_bytes())]);
        // Every line was read and used or excluded: a form that rejects
        // or asks would differ below.
        let german = Form { delimiter: ';', number: german_number, date: |d| d.format("%d.%m.%Y").to_string(), ..plain() };
        let guarded = Form { number: |v| format!("'{v}"), date: |d| format!("'{}", us(d)), ..plain() };
        let shuffled = Form { order: order.clone(), extra: true, ..plain() };
        let tabs = Form { delimiter: '\t', ..plain() };
        let mut utf16 = vec![0xff, 0xfe];
        for unit in table(&lines, &tabs).encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let cut = split.min(lines.len());
        let forms: Vec<(&str, Vec<FinishedFile>)> = vec![
            ("German Excel", vec![read("de.csv", &windows_1252(&table(&lines, &german)))]),
            ("guard apostrophes", vec![read("guarded.csv", table(&lines, &guarded).as_bytes())]),
            ("shuffled and extra columns", vec![read("shuffled.csv", table(&lines, &shuffled).as_bytes())]),
            ("Unicode text", vec![read("unicode.txt", &utf16)]),
            ("JSON lines", vec![read("blob.json", json_lines(&lines).as_bytes())]),
            ("split in two files", vec![read("a.csv", table(&lines[..cut], &plain()).as_bytes()), read("b.csv", table(&lines[cut..], &plain()).as_bytes())]),
            ("gzip members", read_temp(&dir, "recon.csv.gz", &gzip_members(plain_text.as_bytes(), members))),
            ("JSON lines, gzip", read_temp(&dir, "part-00000.c000.json.gz", &gzip_members(json_lines(&lines).as_bytes(), members))),
            ("zip", {
                let mut bytes = Vec::new();
                {
                    let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
                    let o = zip::write::SimpleFileOptions::default();
                    z.start_file("march/a.csv", o).unwrap();
                    z.write_all(table(&lines[..cut], &german).as_bytes()).unwrap();
                    z.start_file("march/b.csv", o).unwrap();
                    z.write_all(table(&lines[cut..], &plain()).as_bytes()).unwrap();
                    z.finish().unwrap();
                }
                read_temp(&dir, "recon.zip", &bytes)
            }),
        ];
        for (form, files) in forms {
            for f in &files {
                prop_assert!(f.account.questions.is_empty() && f.account.rejected.lines == 0 && f.account.error.is_none(), "{form}: {:?}", f.account);
            }
            prop_assert_eq!(&figures(files), &want, "{}", form);
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
