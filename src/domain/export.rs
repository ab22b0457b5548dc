//! Exports of the portfolio and of one reseller tenant, for Excel and e-mail.
//!
//! CSV in two dialects: standard (`,`, decimal point) and German Excel (`;`,
//! decimal comma), both UTF-8 with a BOM so Excel reads the umlauts. Text
//! cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) are neutralised with a leading `'`
//! (OWASP "CSV injection"); money cells are numbers and keep their sign.
//! `.xlsx` is written from the same [`Sheet`] by the workbook module
//! (`xlsx/`). JSON is the CLI's shape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::assess::ResellerAssessment;
use super::dates::iso_month;
use super::money::Money;
use super::report::Report;

/// How the CSV is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between fields, `.` as decimal mark.
    Standard,
    /// `;` between fields, `,` as decimal mark (German Excel).
    GermanExcel,
}

impl CsvDialect {
    fn delimiter(self) -> char {
        match self {
            CsvDialect::Standard => ',',
            CsvDialect::GermanExcel => ';',
        }
    }
}

/// One cell of an export. Text is neutralised when written ([`neutralise`]);
/// money, counts and dates stay numbers and dates (in `.xlsx`, real number
/// and date cells), so a genuine negative amount keeps its sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Cell {
    /// Text.
    Text(String),
    /// USD, or empty.
    Money(Option<Money>),
    /// An amount with every decimal it has (a line's, before the sums are
    /// rounded, D19), or empty.
    Amount(#[serde(with = "super::money::exact::option")] Option<Money>),
    /// A whole number (days), or empty.
    Int(Option<i64>),
    /// A date, or empty.
    Date(Option<NaiveDate>),
    /// A calendar month (its first day).
    Month(NaiveDate),
    /// Nothing (a blank separator row has none).
    Blank,
}

/// An export as rows of cells: what CSV and `.xlsx` are both written from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name (in a workbook).
    pub name: String,
    /// Rows; the first is the header.
    pub rows: Vec<Vec<Cell>>,
}

/// Neutralises a text cell a spreadsheet would read as a formula.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

fn write_row(out: &mut String, cells: &[Cell], dialect: CsvDialect) {
    let d = dialect.delimiter();
    // A number as `1234.50`, in the dialect's decimal mark.
    let number = |out: &mut String, text: &str| match dialect {
        CsvDialect::Standard => out.push_str(text),
        CsvDialect::GermanExcel => out.push_str(&text.replace('.', ",")),
    };
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(d);
        }
        match cell {
            Cell::Text(t) => {
                let t = neutralise(t);
                if t.contains([d, '"', '\n', '\r']) {
                    out.push('"');
                    out.push_str(&t.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(&t);
                }
            }
            Cell::Money(Some(m)) => number(out, &m.to_string()),
            Cell::Amount(Some(m)) => number(out, &exact_text(*m)),
            Cell::Int(Some(n)) => out.push_str(&n.to_string()),
            Cell::Date(Some(date)) => out.push_str(&date.to_string()),
            Cell::Month(month) => out.push_str(&iso_month(*month)),
            Cell::Money(None) | Cell::Amount(None) | Cell::Int(None) | Cell::Date(None) | Cell::Blank => {}
        }
    }
    out.push_str("\r\n");
}

/// An exact amount as text: every decimal it has, and at least two
/// (`12.50`, `0.005`, `-3.00`).
pub fn exact_text(m: Money) -> String {
    let mut d = m.0.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    d.to_string()
}

/// The columns of a tenant's row.
pub const COLUMNS: [&str; 25] = [
    "reseller_id",
    "name",
    "status",
    "ttm_net_usd",
    "ttm_gross_usd",
    "secured_usd",
    "shortfall_usd",
    "roll_off_usd",
    "first_evaluation",
    "next_evaluation",
    "window_start",
    "window_end",
    "notice_90",
    "notice_60",
    "notice_30",
    "days_to_evaluation",
    "deauthorized_on",
    "reenroll_from",
    "days_to_reenroll",
    "partner_id_active",
    "endorsement",
    "mfa_all_admins",
    "security_contact",
    "readiness_to_confirm",
    "confirm_before",
];

fn reseller_cells(r: &ResellerAssessment) -> Vec<Cell> {
    let notice = |i: usize| Cell::Date(r.notice_dates.map(|n| n[i]));
    let mut cells = vec![
        Cell::Text(r.reseller_id.clone()),
        Cell::Text(r.name.clone().unwrap_or_default()),
        Cell::Text(r.status.as_str().to_owned()),
        Cell::Money(Some(r.ttm_net_usd)),
        Cell::Money(Some(r.ttm_gross_usd)),
        Cell::Money(r.secured_usd),
        Cell::Money(r.shortfall_usd),
        Cell::Money(r.roll_off_usd),
        Cell::Date(r.first_evaluation),
        Cell::Date(r.next_evaluation),
        Cell::Date(r.evaluation_window.map(|w| w.start)),
        Cell::Date(r.evaluation_window.map(|w| w.end)),
        notice(0),
        notice(1),
        notice(2),
        Cell::Int(r.days_to_evaluation),
        Cell::Date(r.deauthorized_on),
        Cell::Date(r.reenroll_from),
        Cell::Int(r.days_to_reenroll),
    ];
    // D22: yes, no or blank per item, as the register's columns take them.
    cells.extend(r.readiness.items.iter().map(|i| {
        Cell::Text(match i.confirmed {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        })
    }));
    cells.push(Cell::Int(Some(r.readiness.to_confirm as i64)));
    cells.push(Cell::Date(r.readiness.confirm_before));
    cells
}

/// A row of text cells (a header).
fn text_row(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|t| Cell::Text((*t).to_owned())).collect()
}

/// The portfolio: a header, then one row per reseller tenant.
pub fn portfolio_sheet(report: &Report) -> Sheet {
    let mut rows = vec![text_row(&COLUMNS)];
    rows.extend(report.resellers.iter().map(reseller_cells));
    Sheet { name: format!("Portfolio {}", report.as_of), rows }
}

/// One reseller tenant: its row, a blank row, its monthly series, and
/// (when the data cover a past evaluation) a blank row and its history.
pub fn reseller_sheet(r: &ResellerAssessment) -> Sheet {
    let mut rows = vec![text_row(&COLUMNS), reseller_cells(r), vec![Cell::Blank], text_row(&["month", "net_usd", "gross_usd", "ttm_usd"])];
    for m in &r.monthly {
        rows.push(vec![Cell::Month(m.month), Cell::Money(Some(m.net_usd)), Cell::Money(Some(m.gross_usd)), Cell::Money(Some(m.ttm_usd))]);
    }
    if !r.history.is_empty() {
        rows.push(vec![Cell::Blank]);
        rows.push(text_row(&["evaluation", "window_start", "window_end", "found_usd", "met_threshold"]));
        for h in &r.history {
            rows.push(vec![
                Cell::Date(Some(h.evaluation)),
                Cell::Date(Some(h.window.start)),
                Cell::Date(Some(h.window.end)),
                Cell::Money(Some(h.found_usd)),
                Cell::Text(if h.met { "yes" } else { "no" }.into()),
            ]);
        }
    }
    Sheet { name: format!("Reseller {}", r.reseller_id), rows }
}

/// A sheet as CSV text, UTF-8 with a BOM so Excel reads the umlauts.
pub fn sheet_csv(sheet: &Sheet, dialect: CsvDialect) -> String {
    let mut out = String::from("\u{feff}");
    for row in &sheet.rows {
        write_row(&mut out, row, dialect);
    }
    out
}

/// The portfolio as CSV.
pub fn portfolio_csv(report: &Report, dialect: CsvDialect) -> String {
    sheet_csv(&portfolio_sheet(report), dialect)
}

/// One reseller tenant as CSV.
pub fn reseller_csv(r: &ResellerAssessment, dialect: CsvDialect) -> String {
    sheet_csv(&reseller_sheet(r), dialect)
}

/// Compact JSON (serde_json's `to_string`) laid out as serde_json's
/// `to_string_pretty` lays out the same value, byte for byte: two spaces a
/// level, `"key": value`, `[]` and `{}` when empty. The app's JSON export
/// goes through this rather than `to_string_pretty`, whose second copy of
/// every exported type's serializer was 40 KB of the page's module.
/// Strings are copied as they are (escapes included); the input is
/// expected to be compact JSON, as whitespace outside strings is kept.
pub fn pretty_json(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() + compact.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        (0..depth).for_each(|_| out.push_str("  "));
    };
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // To the closing quote: a backslash escapes the next byte.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b @ (b'{' | b'[' | b'}' | b']' | b',' | b':') => {
                out.push_str(&compact[copied..i]);
                match b {
                    b'{' | b'[' if matches!((b, bytes.get(i + 1)), (b'{', Some(b'}')) | (b'[', Some(b']'))) => {
                        out.push_str(&compact[i..i + 2]);
                        i += 1;
                    }
                    b'{' | b'[' => {
                        out.push(char::from(b));
                        depth += 1;
                        newline(&mut out, depth);
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        newline(&mut out, depth);
                        out.push(char::from(b));
                    }
                    b',' => {
                        out.push(',');
                        newline(&mut out, depth);
                    }
                    _ => out.push_str(": "),
                }
                copied = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&compact[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{assess_files, AssessOptions, InputFile};

    /// The same layout as serde_json's own, byte for byte, for any value:
    /// nesting, empty arrays and objects, strings with quotes, backslashes,
    /// brackets, commas and colons, control characters and non-ASCII text.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1.0e9f64..1.0e9).prop_map(Value::from),
            "[a-z\\\\\"{}\\[\\],: \\t\\n\\u{1}é€😀]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("[a-z\\\\\"{}:,]{0,5}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn pretty_json_is_serde_jsons_pretty_layout(value in json_value()) {
            let compact = serde_json::to_string(&value).unwrap();
            proptest::prop_assert_eq!(pretty_json(&compact), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    #[test]
    fn pretty_json_lays_out_nested_and_empty_values() {
        let value = serde_json::json!({"day": "2026-11-28", "rows": [], "read": {"files": [{"file": "a \"b\", c.csv", "lines": 3}], "x": {}}, "n": [1, [2, {}], -3.5]});
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(pretty_json(&compact), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(pretty_json(""), "");
    }

    fn report() -> Report {
        let csv = "ResellerMpnId,OrderDate,Subtotal,Currency\n4816859,7/15/2026,1200.50,USD\n4816859,8/15/2026,-20.25,USD\n";
        let register =
            "reseller_id,name,onboarding_date\n4816859,\"=HYPERLINK(\"\"http://x\"\")\",2021-06-19\n5210150,\"Müller; Söhne\",\n";
        let files = [InputFile { name: "r.csv".into(), bytes: csv.as_bytes(), options: Default::default() }];
        assess_files(
            &files,
            Some(("reg.csv", register.as_bytes())),
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            &AssessOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn neutralises_formulas_but_not_numbers() {
        let csv = portfolio_csv(&report(), CsvDialect::Standard);
        assert!(csv.starts_with("\u{feff}reseller_id,name,status,"));
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("4816859,\"'=HYPERLINK(\"\"http://x\"\")\",on_track,1180.25,1200.50,"), "{row}");
        assert_eq!(neutralise("-5"), "'-5");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Contoso"), "Contoso");
    }

    #[test]
    fn german_excel_uses_semicolons_and_decimal_commas() {
        let csv = portfolio_csv(&report(), CsvDialect::GermanExcel);
        let rows: Vec<&str> = csv.lines().collect();
        assert!(rows[1].starts_with("4816859;\"'=HYPERLINK(\"\"http://x\"\")\";on_track;1180,25;1200,50;"), "{}", rows[1]);
        assert!(rows[2].starts_with("5210150;\"Müller; Söhne\";needs_input;0,00;0,00;;"), "{}", rows[2]);
    }

    #[test]
    fn one_reseller_with_its_months() {
        let r = report();
        let csv = reseller_csv(&r.resellers[0], CsvDialect::Standard);
        assert!(csv.contains("\r\nmonth,net_usd,gross_usd,ttm_usd\r\n"));
        assert!(csv.contains("\r\n2026-07,1200.50,1200.50,1200.50\r\n"));
        assert!(csv.contains("\r\n2026-08,-20.25,0.00,1180.25\r\n"));
    }
}
