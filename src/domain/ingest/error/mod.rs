//! Why a line or a whole file could not be read, as values.
//!
//! Each is worded once, as a [`Message`]: `Display` gives its English (the
//! CLI's and the JSON's text fields, `expected` and `error`), the web app
//! translates it. Nothing reads the English back.

use serde::{Deserialize, Serialize};

use super::jsonl::JsonError;
use super::layout::unnamed_position;
use super::records::MAX_RECORD_BYTES;
use crate::domain::dates::{DateError, DateOrder};
use crate::domain::message::{Arg, Message};
use crate::domain::money::{AmountError, DecimalStyle};

mod raw;
pub(in crate::domain::ingest) use self::raw::required;
use self::raw::{RawFailure, RawReason};

/// What kind of problem rejected a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionKind {
    /// The date is missing or not a date.
    BadDate,
    /// The amount is missing or not a number.
    BadAmount,
    /// The line has fewer fields than the header needs.
    MissingField,
    /// A record larger than the reader accepts (an unbalanced quote, usually).
    RecordTooLong,
    /// A line of a JSON-lines file that is not a well-formed JSON object.
    NotJson,
    /// A register's yes/no column (D22) holding something else.
    NotYesNo,
    /// A register's anniversary month that is no month.
    NotAMonth,
}

/// Why a line was rejected, with what the reader knew: the JSON's
/// `reason` beside the line's `kind` and `expected`, as `{"kind":
/// "bad_date", "error": "no_such_day", "order": "month_first"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "RawReason", try_from = "RawReason")]
pub enum Reason {
    /// The date is missing or not a date, read in this order.
    BadDate {
        /// What is wrong with it.
        error: DateError,
        /// The order slash dates were read in.
        order: DateOrder,
    },
    /// The amount is missing or not a number in this style.
    BadAmount {
        /// What is wrong with it.
        error: AmountError,
        /// The decimal mark amounts were read with.
        style: DecimalStyle,
    },
    /// The line has fewer fields than the header: column `position`
    /// (1-based) is missing.
    MissingField {
        /// The missing column's position.
        position: u32,
        /// Its name.
        name: String,
        /// A quote opened in the line is never closed (the likely cause).
        unclosed_quote: bool,
    },
    /// A record larger than the reader accepts.
    RecordTooLong {
        /// The limit in MB.
        limit_mb: u32,
    },
    /// A line of a JSON-lines file that is not a well-formed JSON object.
    NotJson {
        /// Where it breaks.
        error: JsonError,
    },
    /// A register's yes/no column (D22) holding something else.
    NotYesNo,
    /// A register's anniversary month that is no month.
    NotAMonth,
}

impl Reason {
    /// The kind of problem (the JSON's `kind` of a rejection).
    pub fn kind(&self) -> RejectionKind {
        match self {
            Reason::BadDate { .. } => RejectionKind::BadDate,
            Reason::BadAmount { .. } => RejectionKind::BadAmount,
            Reason::MissingField { .. } => RejectionKind::MissingField,
            Reason::RecordTooLong { .. } => RejectionKind::RecordTooLong,
            Reason::NotJson { .. } => RejectionKind::NotJson,
            Reason::NotYesNo => RejectionKind::NotYesNo,
            Reason::NotAMonth => RejectionKind::NotAMonth,
        }
    }

    /// A record longer than [`MAX_RECORD_BYTES`].
    pub fn record_too_long() -> Reason {
        Reason::RecordTooLong { limit_mb: (MAX_RECORD_BYTES >> 20) as u32 }
    }

    /// What the line was expected to hold (the JSON's `expected`).
    pub fn message(&self) -> Message {
        match self {
            Reason::BadDate { error, order } => error.expected(*order),
            Reason::BadAmount { error, style } => error.expected(*style),
            Reason::MissingField { position, name, unclosed_quote } => {
                let missing = match unnamed_position(name) {
                    Some(_) => Message::new("a value in column {n}; the line has fewer fields than the header"),
                    None => Message::new("a value in column {n} ({name}); the line has fewer fields than the header").with("name", name),
                }
                .with("n", position.to_string());
                if *unclosed_quote {
                    Message::new("{missing}. A quote opened in this line is never closed, so the lines after it were read as one field")
                        .with("missing", missing)
                } else {
                    missing
                }
            }
            Reason::RecordTooLong { limit_mb } => Message::new(
                "a line shorter than {limit} MB; an opening quote is probably never closed, so the rest of the file cannot be read",
            )
            .with("limit", Arg::Number((*limit_mb).into())),
            Reason::NotJson { error } => error.expected(),
            Reason::NotYesNo => Message::new("yes, no or an empty field (also y/n, ja/nein, true/false, 1/0, x)"),
            Reason::NotAMonth => Message::new("a month: 1 to 12 or its name (March, März, Mar)"),
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// What a workbook or an archive is, in a message about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// An `.xlsx` workbook.
    Workbook,
    /// A ZIP archive of data files.
    Archive,
}

/// Why a whole file (or the register) could not be read: the JSON's
/// `failure` beside its English `error`, as `{"kind": "gzip_break",
/// "lines": 1234, "ends_early": true, "detail": ""}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "RawFailure", try_from = "RawFailure")]
pub enum FileError {
    /// Gzip data the reader does not open: gzip inside gzip data (a `.gz`
    /// of a `.gz`), or a build without the `gzip` feature. (The reader
    /// inflates a gzip file itself, in the CLI, the app and both `assess`
    /// functions alike.)
    GzipUnopened,
    /// Gzip data that end early or are corrupt after `lines` lines.
    GzipBreak {
        /// Lines read before the break (they are counted).
        lines: u64,
        /// The data end early (else: they are corrupt).
        ends_early: bool,
        /// The decompressor's words, if any.
        detail: String,
    },
    /// An archive member that is no data file, by its name.
    NotADataFile,
    /// A JSON document (not JSON lines) larger than the reader takes whole.
    DocumentTooLarge {
        /// The limit in MB.
        limit_mb: u32,
    },
    /// A JSON document that breaks off or is malformed (a response saved in
    /// part, twice, or edited): nothing of it is counted, the items before
    /// the break are not taken for all of them.
    BrokenDocument {
        /// 1-based line of the break.
        line: u64,
        /// 1-based column of the break.
        column: u64,
    },
    /// A well-formed JSON document that holds no line items (no `items` or
    /// `value` list of objects, no array of them, no export manifest).
    NotLineItems,
    /// Line items with no money in them (the legacy API's daily usage:
    /// quantities only): they cannot count, and are told so once.
    NoMoney {
        /// How many items.
        items: u64,
    },
    /// A workbook or an archive that expands past what the page can hold.
    TooLarge {
        /// Which.
        what: Container,
        /// What it expands to, in MB.
        expanded_mb: u64,
        /// The page's limit, in MB.
        limit_mb: u64,
    },
    /// Not a readable `.xlsx` workbook.
    NotAWorkbook {
        /// The reader's words, if any.
        detail: Option<String>,
    },
    /// The workbook has no sheet of the name asked for (or none at all).
    NoSuchSheet {
        /// The name asked for.
        sheet: Option<String>,
        /// The sheets it has.
        sheets: Vec<String>,
    },
    /// A sheet that cannot be read.
    SheetUnreadable {
        /// The sheet.
        sheet: String,
        /// The reader's words.
        detail: String,
    },
    /// A build without the workbook reader was given a workbook.
    NoWorkbookReader,
    /// A ZIP archive of data files given where a workbook was expected.
    ArchiveNotWorkbook {
        /// How many files it holds.
        files: u64,
    },
    /// Not a readable ZIP archive (or a damaged one).
    DamagedArchive {
        /// The reader's words.
        detail: String,
    },
    /// A member of an archive that cannot be read.
    DamagedMember {
        /// The member's name.
        member: String,
        /// The reader's words.
        detail: String,
    },
    /// A member of an archive whose data break off after `lines` lines.
    MemberBreak {
        /// Lines read before the break (they are counted).
        lines: u64,
        /// The reader's words.
        detail: String,
    },
    /// The file could not be read from the disk or the browser.
    Unreadable {
        /// The system's words, if any.
        detail: Option<String>,
    },
    /// Reading the file stopped the background reader (out of memory?).
    ReaderStopped,
    /// The background reader could not start (its module did not load).
    ReaderNotStarted {
        /// The browser's words.
        detail: String,
    },
    /// The reader failed for a reason of its own (a bug: please report it).
    ReaderFailed {
        /// Its words.
        detail: String,
    },
    /// The background reader's answer could not be read.
    BadAnswer {
        /// The parser's words.
        detail: String,
    },
    /// A register without a reseller ID column.
    NoResellerColumn {
        /// The columns it has.
        found: Vec<String>,
    },
}

impl FileError {
    /// A workbook or archive of `expanded` bytes over the page's `limit`.
    pub fn too_large(what: Container, expanded: u64, limit: u64) -> FileError {
        FileError::TooLarge { what, expanded_mb: ((expanded + (1 << 19)) >> 20).max(1), limit_mb: limit >> 20 }
    }

    /// Why, in a sentence (the JSON's `error`).
    pub fn message(&self) -> Message {
        match self {
            FileError::GzipUnopened => Message::new("gzip data inside gzip data: decompress the file once, then give what it holds"),
            FileError::GzipBreak { lines, ends_early, detail } => {
                let m = if *ends_early {
                    Message::new("the gzip data ends early after {lines}{detail}: the lines read are counted, the rest of the file is missing")
                } else {
                    Message::new("the gzip data is corrupt after {lines}{detail}: the lines read are counted, the rest of the file is missing")
                };
                // The reader's words, in parentheses, if any.
                m.with("lines", Arg::lines(*lines)).with("detail", if detail.is_empty() { String::new() } else { format!(" ({detail})") })
            }
            FileError::NotADataFile => Message::new(
                "not a data file (CSV, TSV, TXT, JSON lines, .gz): skipped; extract the revenue files from the archive if they are named otherwise",
            ),
            FileError::DocumentTooLarge { limit_mb } => {
                Message::new("a JSON document larger than {limit} MB: give its line items as JSON lines (one object per line)")
                    .with("limit", Arg::Number((*limit_mb).into()))
            }
            FileError::BrokenDocument { line, column } => Message::new(
                "a JSON document that breaks off or is malformed at line {line}, column {column}: none of it is counted; save the response again, whole",
            )
            .with("line", line.to_string())
            .with("column", column.to_string()),
            FileError::NotLineItems => Message::new(
                "a JSON document with no billing line items (a list of other objects, or no items list, line-item array or export manifest)",
            ),
            FileError::NoMoney { items } => {
                Message::new("{items} with quantities and no amounts (the legacy daily usage): they cannot count toward revenue")
                    .with("items", Arg::count(*items, "{n} line item", "{n} line items"))
            }
            FileError::TooLarge { what, expanded_mb, limit_mb } => match what {
                Container::Workbook => Message::new("the workbook expands to {size} MB, more than the {limit} MB this page can hold: save the sheet as CSV and give that file, or read it with the command line (ttm-check assess), which has no such limit"),
                Container::Archive => Message::new("the archive expands to {size} MB, more than the {limit} MB this page can hold: extract it and give its files, or read it with the command line (ttm-check assess), which has no such limit"),
            }
            .with("size", Arg::Number(*expanded_mb))
            .with("limit", Arg::Number(*limit_mb)),
            FileError::NotAWorkbook { detail: None } => Message::new("not a readable .xlsx workbook"),
            FileError::NotAWorkbook { detail: Some(detail) } => Message::new("not a readable .xlsx workbook ({detail})").with("detail", detail),
            FileError::NoSuchSheet { sheet: Some(sheet), sheets } => {
                Message::new("the workbook has no sheet '{sheet}' (sheets: {sheets})").with("sheet", sheet).with("sheets", sheets.join(", "))
            }
            FileError::NoSuchSheet { sheet: None, .. } => Message::new("the workbook has no sheet"),
            FileError::SheetUnreadable { sheet, detail } => {
                Message::new("sheet '{sheet}' cannot be read ({detail})").with("sheet", sheet).with("detail", detail)
            }
            FileError::NoWorkbookReader => Message::new("an .xlsx workbook: read it with assessAsync(), which loads the workbook reader"),
            FileError::ArchiveNotWorkbook { files } => {
                Message::new("a ZIP archive of {files}, not an .xlsx workbook: give its files, or drop the archive on the page")
                    .with("files", Arg::count(*files, "{n} file", "{n} files"))
            }
            FileError::DamagedArchive { detail } => Message::new("not a readable ZIP archive ({detail})").with("detail", detail),
            FileError::DamagedMember { member, detail } => {
                Message::new("the archive member {member} cannot be read ({detail})").with("member", member).with("detail", detail)
            }
            FileError::MemberBreak { lines, detail } => {
                Message::new("the archive member breaks off after {lines} ({detail}): the lines read are counted")
                    .with("lines", Arg::lines(*lines))
                    .with("detail", detail)
            }
            FileError::Unreadable { detail: None } => Message::new("could not be read (was it moved or deleted?)"),
            FileError::Unreadable { detail: Some(detail) } => Message::new("could not be read ({detail})").with("detail", detail),
            FileError::ReaderStopped => {
                Message::new("reading it stopped the background reader (out of memory?); the page restarted it, other files go on")
            }
            FileError::ReaderNotStarted { detail } => {
                Message::new("the background reader could not start ({detail}); reload the page to try again").with("detail", detail)
            }
            FileError::ReaderFailed { detail } => Message::new("the reader failed: {detail}").with("detail", detail),
            FileError::BadAnswer { detail } => Message::new("the reader's answer could not be read: {detail}").with("detail", detail),
            FileError::NoResellerColumn { found } if found.is_empty() => Message::new("the register needs a reseller_id column"),
            FileError::NoResellerColumn { found } => {
                Message::new("the register needs a reseller_id column (found: {columns})").with("columns", found.join(", "))
            }
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_break_counts_the_lines_read() {
        let e = FileError::GzipBreak { lines: 1_234_567, ends_early: true, detail: String::new() };
        assert_eq!(
            e.to_string(),
            "the gzip data ends early after 1,234,567 lines: the lines read are counted, the rest of the file is missing"
        );
    }

    #[test]
    fn sizes_round_to_whole_megabytes_and_never_zero() {
        assert_eq!(
            FileError::too_large(Container::Archive, 1, 512 << 20),
            FileError::TooLarge { what: Container::Archive, expanded_mb: 1, limit_mb: 512 }
        );
        let e = FileError::too_large(Container::Workbook, 1536 << 20, 512 << 20);
        assert!(e.to_string().starts_with("the workbook expands to 1,536 MB, more than the 512 MB"), "{e}");
    }

    #[test]
    fn the_json_names_the_kind_and_its_values() {
        let e = FileError::NoSuchSheet { sheet: Some("Q1".into()), sheets: vec!["Data".into()] };
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"kind":"no_such_sheet","sheet":"Q1","sheets":["Data"]}"#);
        let r = Reason::BadDate { error: DateError::NoSuchDay, order: DateOrder::DayFirst };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"kind":"bad_date","error":"no_such_day","order":"day_first"}"#);
        assert_eq!(r.to_string(), "a calendar date that exists");
    }

    #[test]
    fn every_reason_and_failure_reads_back_as_written() {
        let reasons = [
            Reason::BadDate { error: DateError::Empty, order: DateOrder::MonthFirst },
            Reason::BadDate { error: DateError::Unrecognised, order: DateOrder::DayFirst },
            Reason::BadAmount { error: AmountError::NotANumber, style: DecimalStyle::Comma },
            Reason::BadAmount { error: AmountError::OutOfRange, style: DecimalStyle::Point },
            Reason::MissingField { position: 3, name: "Subtotal".into(), unclosed_quote: true },
            Reason::record_too_long(),
            Reason::NotJson { error: JsonError::NotAnObject },
            Reason::NotJson { error: JsonError::Malformed(17) },
        ];
        for r in reasons {
            let json = serde_json::to_vec(&r).unwrap();
            assert_eq!(serde_json::from_slice::<Reason>(&json).unwrap(), r, "{}", String::from_utf8_lossy(&json));
        }
        let failures = [
            FileError::GzipUnopened,
            FileError::GzipBreak { lines: 12, ends_early: true, detail: "unexpected end".into() },
            FileError::NotADataFile,
            FileError::DocumentTooLarge { limit_mb: 64 },
            FileError::BrokenDocument { line: 88, column: 5 },
            FileError::NotLineItems,
            FileError::NoMoney { items: 3 },
            FileError::too_large(Container::Workbook, 3 << 20, 2 << 20),
            FileError::NotAWorkbook { detail: None },
            FileError::NotAWorkbook { detail: Some("bad zip".into()) },
            FileError::NoSuchSheet { sheet: Some("Q1".into()), sheets: vec!["Data".into()] },
            FileError::NoSuchSheet { sheet: None, sheets: Vec::new() },
            FileError::SheetUnreadable { sheet: "Data".into(), detail: "x".into() },
            FileError::NoWorkbookReader,
            FileError::ArchiveNotWorkbook { files: 3 },
            FileError::DamagedArchive { detail: "x".into() },
            FileError::DamagedMember { member: "a.csv".into(), detail: "x".into() },
            FileError::MemberBreak { lines: 7, detail: "x".into() },
            FileError::Unreadable { detail: None },
            FileError::Unreadable { detail: Some("denied".into()) },
            FileError::ReaderStopped,
            FileError::ReaderNotStarted { detail: "x".into() },
            FileError::ReaderFailed { detail: "x".into() },
            FileError::BadAnswer { detail: "x".into() },
            FileError::NoResellerColumn { found: vec!["a".into(), "b".into()] },
        ];
        for f in failures {
            let json = serde_json::to_vec(&f).unwrap();
            assert_eq!(serde_json::from_slice::<FileError>(&json).unwrap(), f, "{}", String::from_utf8_lossy(&json));
        }
        assert!(serde_json::from_str::<FileError>(r#"{"kind":"no_such_kind"}"#).is_err());
    }

    /// One rule for every raw mapping: a field the kind always has is
    /// required (refused, naming it, when absent); only an optional one may
    /// be left out.
    #[test]
    fn a_value_without_a_field_it_has_is_refused_not_filled_in() {
        let refused = |json: &str, field: &str| {
            let reason = serde_json::from_str::<Reason>(json).err().map(|e| e.to_string());
            let failure = serde_json::from_str::<FileError>(json).err().map(|e| e.to_string());
            let message = reason.filter(|_| json.contains("missing_field") || json.contains("not_json")).or(failure).unwrap_or_default();
            assert!(message.contains(&format!("without its {field}")), "{json}: {message}");
        };
        refused(r#"{"kind":"missing_field","position":3,"unclosed_quote":false}"#, "name");
        refused(r#"{"kind":"missing_field","position":3,"name":"Subtotal"}"#, "unclosed_quote");
        refused(r#"{"kind":"not_json","error":"malformed"}"#, "at");
        refused(r#"{"kind":"gzip_break","ends_early":true,"detail":""}"#, "lines");
        refused(r#"{"kind":"too_large","expanded_mb":3,"limit_mb":2}"#, "what");
        refused(r#"{"kind":"reader_failed"}"#, "detail");
        refused(r#"{"kind":"no_reseller_column"}"#, "found");
        // Optional in the value: may be absent.
        assert_eq!(serde_json::from_str::<FileError>(r#"{"kind":"unreadable"}"#).unwrap(), FileError::Unreadable { detail: None });
        assert_eq!(
            serde_json::from_str::<FileError>(r#"{"kind":"no_such_sheet","sheets":[]}"#).unwrap(),
            FileError::NoSuchSheet { sheet: None, sheets: Vec::new() }
        );
        let unmapped = serde_json::from_str::<crate::domain::ingest::layout::Unmapped>(r#"{"kind":"no_column"}"#);
        assert!(unmapped.is_err(), "layout's mapping follows the same rule");
    }
}
