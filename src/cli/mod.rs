//! The native command line: `ttm-check assess FILE... [options]`, and
//! `ttm-check lines FILE... --reseller ID [options]`.
//!
//! A thin adapter: it reads files and arguments, asks the domain for the
//! report and prints it as JSON. It computes no figure itself.

pub mod inputs;

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::assess::FigureRanges;
use crate::domain::dates::DateOrder;
use crate::domain::export::{sheet_csv, CsvDialect};
use crate::domain::ics::calendar;
use crate::domain::ingest::layout::{ColumnMapping, ColumnRef};
use crate::domain::ingest::LineSelection;
use crate::domain::ingest::{FileOptions, Ingest};
use crate::domain::lines::{explain, lines_sheet, FileLines};
use crate::domain::money::DecimalStyle;
use crate::domain::register::{Register, RegisterOptions};
use crate::domain::report::{assess_all, AssessOptions, Report};

/// The usage text.
pub const USAGE: &str = "\
ttm-check: checks Microsoft CSP indirect resellers against the USD 1,000 TTM revenue rule.

Usage:
  ttm-check assess FILE... [options]
  ttm-check lines FILE... --reseller ID [options] [--out FILE]
  ttm-check lines FILE... --unattributed [options] [--out FILE]

assess prints one JSON document: {\"as_of\", \"policy\", \"ingest\", \"resellers\"}.

lines writes the lines behind one tenant's figures as CSV (UTF-8 with a BOM):
file,line,reseller_id,date,product,amount,currency,usd,in_ttm_now,in_window,rolls_off,excluded,reason
one row per line of the files that names the tenant, by date; the usd of the
rows in_window sum to secured_usd (less other_provider_usd), of those
rolls_off to roll_off_usd, of those in_ttm_now to ttm_net_usd, as assess
reports them. --unattributed lists the lines that name no tenant instead
(direct sales, blank lines, lines whose fields could not be read).

A FILE is a CSV/TSV/text table, JSON lines, an .xlsx workbook, any of these
gzip-compressed (.gz, every member), a .zip archive of them (each member a
file of its own), or a directory (every file under it: a Graph billing
export's folder of blobs with its manifest.json, checked against them).

Options:
  --register FILE          reseller register, CSV or .xlsx (reseller_id,name,onboarding_date,deauthorized_on[,region,
                           other_provider_usd,anniversary_month,partner_id_active,endorsement,mfa_all_admins,security_contact])
  --as-of YYYY-MM-DD       the date to assess at (default: today)
  --rate CUR=USD           USD per unit of a currency, e.g. --rate EUR=1.0825 (repeatable)
  --map ROLE=COL,...       columns of a table: reseller=COL,date=COL,amount=COL[,currency=COL][,type=COL]
                           (COL is a header name or a 1-based position); tenant=ID instead of
                           reseller=COL reads a table without a reseller column as one tenant's
  --no-header              the files have no header line (map columns by position)
  --date-column COL        take line dates from this column instead of the layout's (D9)
  --date-order mdy|dmy     order of slash dates when the files' values cannot tell
  --decimal point|comma    decimal mark of amounts when the files' values cannot tell (1.500)
  --register-date-order mdy|dmy
                           order of slash dates when the register's values cannot tell
  --sheet NAME             the sheet of an .xlsx workbook to read (default: the first)
  --currency CUR           currency of amounts in a table without a currency column (default USD)
  --margin PERCENT         provider margin included in resale prices (D14)
  --threshold USD          minimum TTM revenue (default 1000.00)
  --program-start DATE     first possible evaluation (default 2024-04-01)
  --gross                  count gross revenue (positive lines only) instead of net
  --ics FILE               also write the tenants' coming dates as a calendar (.ics, RFC 5545):
                           the 90/60/30-day notices, the last day revenue counts, the evaluation,
                           or the re-enrollment date, each with a reminder a week before
  --compact                print the JSON on one line
  --reseller ID            (lines) the tenant whose lines to list
  --unattributed           (lines) list the lines that name no tenant
  --out FILE               (lines) write the CSV to FILE instead of standard output
  --german                 (lines) German Excel's CSV: ';' between fields, decimal comma
  -h, --help               this text
  -V, --version            the version
";

/// A failed run: the message and the exit code.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    /// One clear sentence for stderr.
    pub message: String,
    /// 2 for bad arguments, 1 for unreadable input.
    pub code: i32,
}

fn usage_error(message: impl Into<String>) -> Failure {
    Failure { message: format!("{}\nRun 'ttm-check --help' for the options.", message.into()), code: 2 }
}

/// What to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    /// Assess every tenant: the JSON report.
    Assess,
    /// List the lines behind one tenant's figures (or the unattributed ones).
    Lines,
}

struct Args {
    command: Command,
    files: Vec<String>,
    /// `lines`: which lines.
    selection: Option<LineSelection>,
    /// `lines`: where the CSV goes (standard output when absent).
    out: Option<String>,
    /// `lines`: German Excel's CSV.
    german: bool,
    register: Option<String>,
    register_options: RegisterOptions,
    as_of: Option<NaiveDate>,
    options: AssessOptions,
    file_options: FileOptions,
    compact: bool,
    ics: Option<String>,
}

/// `mdy` or `dmy` (or `month-first`, `day-first`).
fn date_order(flag: &str, value: &str) -> Result<DateOrder, Failure> {
    match value.to_ascii_lowercase().as_str() {
        "mdy" | "month-first" => Ok(DateOrder::MonthFirst),
        "dmy" | "day-first" => Ok(DateOrder::DayFirst),
        other => Err(usage_error(format!("{flag} expects mdy or dmy, found '{other}'"))),
    }
}

fn parse_args(args: &[String]) -> Result<Option<Args>, Failure> {
    let mut it = args.iter();
    let command = match it.next().map(String::as_str) {
        Some("assess") => Command::Assess,
        Some("lines") => Command::Lines,
        Some("-h" | "--help" | "help") | None => return Ok(None),
        Some("-V" | "--version") => return Err(Failure { message: format!("ttm-check {}", env!("CARGO_PKG_VERSION")), code: 0 }),
        Some(other) => return Err(usage_error(format!("unknown command '{other}'; the commands are 'assess' and 'lines'"))),
    };
    let mut a = Args {
        command,
        selection: None,
        out: None,
        german: false,
        files: Vec::new(),
        register: None,
        register_options: RegisterOptions::default(),
        as_of: None,
        options: AssessOptions::default(),
        file_options: FileOptions::default(),
        compact: false,
        ics: None,
    };
    let mut rates = BTreeMap::new();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, Failure> {
            inline.clone().or_else(|| it.next().cloned()).ok_or_else(|| usage_error(format!("{name} needs a value")))
        };
        match flag {
            "--register" => a.register = Some(value(flag)?),
            "--as-of" => {
                let v = value(flag)?;
                a.as_of = Some(
                    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                        .map_err(|_| usage_error(format!("--as-of expects a date like 2026-11-28, found '{v}'")))?,
                );
            }
            "--rate" => {
                let v = value(flag)?;
                let (cur, rate) = v
                    .split_once('=')
                    .ok_or_else(|| usage_error(format!("--rate expects CUR=USD_PER_UNIT like EUR=1.0825, found '{v}'")))?;
                let cur = cur.trim().to_ascii_uppercase();
                let rate: Decimal = rate
                    .trim()
                    .parse()
                    .ok()
                    .filter(|r: &Decimal| *r > Decimal::ZERO)
                    .ok_or_else(|| usage_error(format!("--rate expects a positive number after '{cur}=', found '{rate}'")))?;
                if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(usage_error(format!("--rate expects a three-letter currency code, found '{cur}'")));
                }
                rates.insert(cur, rate);
            }
            "--map" => a.file_options.mapping = ColumnMapping::parse(&value(flag)?).map_err(usage_error)?,
            "--no-header" => a.file_options.has_header = Some(false),
            "--date-column" => a.file_options.date_column = Some(ColumnRef::parse(&value(flag)?)),
            "--date-order" => a.file_options.date_order = Some(date_order(flag, &value(flag)?)?),
            "--register-date-order" => a.register_options.date_order = Some(date_order(flag, &value(flag)?)?),
            "--decimal" => {
                a.file_options.decimal_style = Some(match value(flag)?.to_ascii_lowercase().as_str() {
                    "point" | "." => DecimalStyle::Point,
                    "comma" | "," => DecimalStyle::Comma,
                    other => return Err(usage_error(format!("--decimal expects point or comma, found '{other}'"))),
                });
                a.register_options.decimal_style = a.file_options.decimal_style;
            }
            "--sheet" => a.file_options.sheet = Some(value(flag)?),
            "--currency" => a.file_options.default_currency = Some(value(flag)?.to_ascii_uppercase()),
            "--margin" => {
                let v = value(flag)?;
                let m: Decimal = v
                    .parse()
                    .ok()
                    .filter(|m: &Decimal| *m >= Decimal::ZERO && *m < Decimal::ONE_HUNDRED)
                    .ok_or_else(|| usage_error(format!("--margin expects a percentage from 0 to 99.99, found '{v}'")))?;
                a.file_options.margin_percent = Some(m);
            }
            "--threshold" => {
                let v = value(flag)?;
                a.options.threshold_usd =
                    Some(v.parse().map_err(|_| usage_error(format!("--threshold expects an amount like 1000.00, found '{v}'")))?);
            }
            "--program-start" => {
                let v = value(flag)?;
                a.options.program_start = Some(
                    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                        .map_err(|_| usage_error(format!("--program-start expects a date like 2024-04-01, found '{v}'")))?,
                );
            }
            "--gross" => a.options.gross = true,
            "--compact" => a.compact = true,
            "--ics" => a.ics = Some(value(flag)?),
            "--reseller" if command == Command::Lines => {
                let id = value(flag)?.trim().to_owned();
                if id.is_empty() {
                    return Err(usage_error("--reseller needs a reseller ID"));
                }
                a.selection = Some(LineSelection::Reseller(id));
            }
            "--unattributed" if command == Command::Lines => a.selection = Some(LineSelection::Unattributed),
            "--out" if command == Command::Lines => a.out = Some(value(flag)?),
            "--german" if command == Command::Lines => a.german = true,
            "-h" | "--help" => return Ok(None),
            f if f.starts_with('-') && f.len() > 1 => return Err(usage_error(format!("unknown option '{f}'"))),
            _ => a.files.push(arg.clone()),
        }
    }
    if command == Command::Lines {
        if a.files.is_empty() {
            return Err(usage_error("lines needs at least one FILE"));
        }
        if a.selection.is_none() {
            return Err(usage_error("lines needs --reseller ID (or --unattributed)"));
        }
        a.file_options.lines = a.selection.clone();
    }
    if a.files.is_empty() && a.register.is_none() {
        return Err(usage_error("assess needs at least one FILE (or a --register)"));
    }
    a.options.ingest.rates = rates;
    Ok(Some(a))
}

/// Runs the CLI with `args` (without the program name); writes the JSON to `out`.
pub fn run(args: &[String], today: NaiveDate, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(a) = parse_args(args)? else {
        let _ = out.write_all(USAGE.as_bytes());
        return Ok(());
    };
    let as_of = a.as_of.unwrap_or(today);
    let mut ingest = Ingest::new();
    let mut kept = Vec::new();
    for (index, mut file) in inputs::read_paths(&a.files, &a.file_options, &a.options.ingest)?.into_iter().enumerate() {
        if let Some(lines) = file.lines.take() {
            kept.push(FileLines { index, file: file.account.file.clone(), lines });
        }
        ingest.add(file);
    }
    let register = match &a.register {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| inputs::unreadable(path, &e))?;
            Register::parse_with(path, &bytes, a.register_options).map_err(|e| Failure { message: e.to_string(), code: 1 })?
        }
        None => Register::default(),
    };
    let report = assess_all(&ingest, &register, a.register.clone(), as_of, &a.options.policy());
    if a.command == Command::Lines {
        return write_lines(&a, &report, &ingest, kept, out);
    }
    if let Some(path) = &a.ics {
        let calendar = calendar(&report.resellers, as_of, now_utc(), &|m| m.to_string());
        std::fs::write(path, calendar).map_err(|e| Failure { message: format!("{path}: could not write the calendar: {e}"), code: 1 })?;
    }
    let json = if a.compact { serde_json::to_string(&report) } else { serde_json::to_string_pretty(&report) }
        .map_err(|e| Failure { message: format!("could not write the report: {e}"), code: 1 })?;
    writeln!(out, "{json}").map_err(|e| Failure { message: format!("could not write the report: {e}"), code: 1 })
}

/// `lines`: the tenant's lines (or the unattributed ones) as CSV, to `--out`
/// or `out`.
fn write_lines(a: &Args, report: &Report, ingest: &Ingest, kept: Vec<FileLines>, out: &mut dyn Write) -> Result<(), Failure> {
    let (tenant, name) = match &a.selection {
        Some(LineSelection::Reseller(id)) => (report.resellers.iter().find(|r| &r.reseller_id == id), format!("Lines {id}")),
        _ => (None, "Unattributed lines".to_owned()),
    };
    let ranges = FigureRanges::new(report.as_of, tenant.and_then(|t| t.evaluation_window));
    let lines = explain(kept, &ingest.line_context(), &ranges, report.policy.revenue_basis);
    let dialect = if a.german { CsvDialect::GermanExcel } else { CsvDialect::Standard };
    let csv = sheet_csv(&lines_sheet(&name, &lines, &|m| m.to_string()), dialect);
    let (written, to) = match &a.out {
        Some(path) => (std::fs::write(path, csv), format!("{path}: ")),
        None => (out.write_all(csv.as_bytes()), String::new()),
    };
    written.map_err(|e| Failure { message: format!("{to}could not write the lines: {e}"), code: 1 })
}

/// The time now in UTC, for the calendar's `DTSTAMP` (the clock is read
/// here, in the shell, never in the domain).
fn now_utc() -> chrono::NaiveDateTime {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default().naive_utc()
}
