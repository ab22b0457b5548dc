//! Exports of the portfolio and of one reseller tenant, for Excel and e-mail.
//!
//! CSV in two dialects: standard (`,`, decimal point) and German Excel (`;`,
//! decimal comma), both UTF-8 with a BOM so Excel reads the umlauts. Text
//! cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) are neutralised with a leading `'`
//! (OWASP "CSV injection"); money cells are numbers and keep their sign.
//! JSON is the CLI's shape.

use chrono::NaiveDate;

use super::assess::ResellerAssessment;
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

/// One cell: text (neutralised, quoted as needed), a number or a date.
enum Cell<'a> {
    Text(&'a str),
    Money(Option<Money>),
    Int(Option<i64>),
    Date(Option<NaiveDate>),
}

/// Neutralises a text cell a spreadsheet would read as a formula.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

fn write_row(out: &mut String, cells: &[Cell<'_>], dialect: CsvDialect) {
    let d = dialect.delimiter();
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
            Cell::Money(Some(m)) => {
                let s = m.to_string();
                match dialect {
                    CsvDialect::Standard => out.push_str(&s),
                    CsvDialect::GermanExcel => out.push_str(&s.replace('.', ",")),
                }
            }
            Cell::Int(Some(n)) => out.push_str(&n.to_string()),
            Cell::Date(Some(date)) => out.push_str(&date.format("%Y-%m-%d").to_string()),
            Cell::Money(None) | Cell::Int(None) | Cell::Date(None) => {}
        }
    }
    out.push_str("\r\n");
}

const COLUMNS: [&str; 19] = [
    "reseller_id", "name", "status", "ttm_net_usd", "ttm_gross_usd", "secured_usd", "shortfall_usd",
    "roll_off_usd", "first_evaluation", "next_evaluation", "window_start", "window_end", "notice_90",
    "notice_60", "notice_30", "days_to_evaluation", "deauthorized_on", "reenroll_from", "days_to_reenroll",
];

fn reseller_cells(r: &ResellerAssessment) -> Vec<Cell<'_>> {
    let notice = |i: usize| Cell::Date(r.notice_dates.map(|n| n[i]));
    vec![
        Cell::Text(&r.reseller_id),
        Cell::Text(r.name.as_deref().unwrap_or("")),
        Cell::Text(r.status.as_str()),
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
    ]
}

fn header(out: &mut String, dialect: CsvDialect) {
    out.push('\u{feff}');
    let cells: Vec<Cell<'_>> = COLUMNS.iter().map(|c| Cell::Text(c)).collect();
    write_row(out, &cells, dialect);
}

/// The portfolio: one row per reseller tenant.
pub fn portfolio_csv(report: &Report, dialect: CsvDialect) -> String {
    let mut out = String::new();
    header(&mut out, dialect);
    for r in &report.resellers {
        write_row(&mut out, &reseller_cells(r), dialect);
    }
    out
}

/// One reseller tenant: its row, then its monthly series.
pub fn reseller_csv(r: &ResellerAssessment, dialect: CsvDialect) -> String {
    let mut out = String::new();
    header(&mut out, dialect);
    write_row(&mut out, &reseller_cells(r), dialect);
    out.push_str("\r\n");
    write_row(&mut out, &[Cell::Text("month"), Cell::Text("net_usd"), Cell::Text("gross_usd"), Cell::Text("ttm_usd")], dialect);
    for m in &r.monthly {
        let month = m.month.format("%Y-%m").to_string();
        write_row(&mut out, &[Cell::Text(&month), Cell::Money(Some(m.net_usd)), Cell::Money(Some(m.gross_usd)), Cell::Money(Some(m.ttm_usd))], dialect);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{assess_files, AssessOptions, InputFile};

    fn report() -> Report {
        let csv = "ResellerMpnId,OrderDate,Subtotal,Currency\n4816859,7/15/2026,1200.50,USD\n4816859,8/15/2026,-20.25,USD\n";
        let register = "reseller_id,name,onboarding_date\n4816859,\"=HYPERLINK(\"\"http://x\"\")\",2021-06-19\n5210150,\"Müller; Söhne\",\n";
        let files = [InputFile { name: "r.csv".into(), bytes: csv.as_bytes(), options: Default::default() }];
        assess_files(&files, Some(("reg.csv", register.as_bytes())), NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &AssessOptions::default()).unwrap()
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
