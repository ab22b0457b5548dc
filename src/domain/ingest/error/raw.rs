//! The JSON of the reasons and failures of `super`: how each is written and
//! read back.

use serde::{Deserialize, Serialize};

use super::{Container, FileError, Reason};
use crate::domain::dates::{DateError, DateOrder};
use crate::domain::ingest::jsonl::JsonError;
use crate::domain::money::{AmountError, DecimalStyle};

// The JSON of a reason and of a failure: one flat object, its `kind` and
// the fields the kind has. Read and written through these flat structs
// rather than serde's tagged enums: the page reads every file's result, and
// a tagged enum's reader (every variant's visitor, for each JSON reader)
// was 70 KB of the first load; one struct of optional fields is a few.
//
// One rule for every such mapping (`RawReason`, `RawFailure`, and
// `layout::RawUnmapped`): what is written reads back as it was; a field the
// kind always has is required, and only a field that is optional in the
// value itself (an `Option`) may be absent. A value missing a field is
// refused with the kind and the field named, never filled in.

/// `value`, or the refusal of a `kind` written without its `field`.
pub(in crate::domain::ingest) fn required<T>(value: Option<T>, kind: &str, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("a {kind} without its {field}"))
}

/// A [`Reason`] as JSON.
#[derive(Default, Serialize, Deserialize)]
pub(super) struct RawReason {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<DateOrder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    style: Option<DecimalStyle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unclosed_quote: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limit_mb: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<usize>,
}

impl RawReason {
    fn of(kind: &str) -> RawReason {
        RawReason { kind: kind.to_owned(), ..RawReason::default() }
    }
}

const DATE_ERRORS: [(DateError, &str); 3] =
    [(DateError::Empty, "empty"), (DateError::Unrecognised, "unrecognised"), (DateError::NoSuchDay, "no_such_day")];
const AMOUNT_ERRORS: [(AmountError, &str); 3] =
    [(AmountError::Empty, "empty"), (AmountError::NotANumber, "not_a_number"), (AmountError::OutOfRange, "out_of_range")];

fn named<T: Copy + PartialEq>(table: &[(T, &'static str)], value: T) -> String {
    table.iter().find(|(v, _)| *v == value).map_or("", |(_, n)| n).to_owned()
}

fn by_name<T: Copy>(table: &[(T, &'static str)], name: Option<&str>) -> Result<T, String> {
    table.iter().find(|(_, n)| Some(*n) == name).map(|(v, _)| *v).ok_or_else(|| format!("unknown error {name:?}"))
}

impl From<Reason> for RawReason {
    fn from(r: Reason) -> RawReason {
        match r {
            Reason::BadDate { error, order } => {
                RawReason { error: Some(named(&DATE_ERRORS, error)), order: Some(order), ..RawReason::of("bad_date") }
            }
            Reason::BadAmount { error, style } => {
                RawReason { error: Some(named(&AMOUNT_ERRORS, error)), style: Some(style), ..RawReason::of("bad_amount") }
            }
            Reason::MissingField { position, name, unclosed_quote } => RawReason {
                position: Some(position),
                name: Some(name),
                unclosed_quote: Some(unclosed_quote),
                ..RawReason::of("missing_field")
            },
            Reason::RecordTooLong { limit_mb } => RawReason { limit_mb: Some(limit_mb), ..RawReason::of("record_too_long") },
            Reason::NotJson { error: JsonError::NotAnObject } => {
                RawReason { error: Some("not_an_object".into()), ..RawReason::of("not_json") }
            }
            Reason::NotJson { error: JsonError::Malformed(at) } => {
                RawReason { error: Some("malformed".into()), at: Some(at), ..RawReason::of("not_json") }
            }
            Reason::NotYesNo => RawReason::of("not_yes_no"),
            Reason::NotAMonth => RawReason::of("not_a_month"),
        }
    }
}

impl TryFrom<RawReason> for Reason {
    type Error = String;
    fn try_from(r: RawReason) -> Result<Reason, String> {
        let kind = r.kind.as_str();
        Ok(match kind {
            "bad_date" => Reason::BadDate { error: by_name(&DATE_ERRORS, r.error.as_deref())?, order: required(r.order, kind, "order")? },
            "bad_amount" => {
                Reason::BadAmount { error: by_name(&AMOUNT_ERRORS, r.error.as_deref())?, style: required(r.style, kind, "style")? }
            }
            "missing_field" => Reason::MissingField {
                position: required(r.position, kind, "position")?,
                name: required(r.name, kind, "name")?,
                unclosed_quote: required(r.unclosed_quote, kind, "unclosed_quote")?,
            },
            "record_too_long" => Reason::RecordTooLong { limit_mb: required(r.limit_mb, kind, "limit_mb")? },
            "not_json" => Reason::NotJson {
                error: match r.error.as_deref() {
                    Some("malformed") => JsonError::Malformed(required(r.at, kind, "at")?),
                    Some("not_an_object") => JsonError::NotAnObject,
                    other => return Err(format!("unknown error {other:?}")),
                },
            },
            "not_yes_no" => Reason::NotYesNo,
            "not_a_month" => Reason::NotAMonth,
            other => return Err(format!("unknown reason kind {other:?}")),
        })
    }
}

/// A [`FileError`] as JSON.
#[derive(Default, Serialize, Deserialize)]
pub(super) struct RawFailure {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lines: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ends_early: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    what: Option<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expanded_mb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limit_mb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sheets: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    files: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    found: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<u64>,
}

fn raw(kind: &str) -> RawFailure {
    RawFailure { kind: kind.to_owned(), ..RawFailure::default() }
}

impl From<FileError> for RawFailure {
    fn from(e: FileError) -> RawFailure {
        match e {
            FileError::GzipUnopened => raw("gzip_unopened"),
            FileError::GzipBreak { lines, ends_early, detail } => {
                RawFailure { lines: Some(lines), ends_early: Some(ends_early), detail: Some(detail), ..raw("gzip_break") }
            }
            FileError::NotADataFile => raw("not_a_data_file"),
            FileError::DocumentTooLarge { limit_mb } => RawFailure { limit_mb: Some(limit_mb.into()), ..raw("document_too_large") },
            FileError::BrokenDocument { line, column } => RawFailure { line: Some(line), column: Some(column), ..raw("broken_document") },
            FileError::NotLineItems => raw("not_line_items"),
            FileError::NoMoney { items } => RawFailure { items: Some(items), ..raw("no_money") },
            FileError::TooLarge { what, expanded_mb, limit_mb } => {
                RawFailure { what: Some(what), expanded_mb: Some(expanded_mb), limit_mb: Some(limit_mb), ..raw("too_large") }
            }
            FileError::NotAWorkbook { detail } => RawFailure { detail, ..raw("not_a_workbook") },
            FileError::NoSuchSheet { sheet, sheets } => RawFailure { sheet, sheets: Some(sheets), ..raw("no_such_sheet") },
            FileError::SheetUnreadable { sheet, detail } => {
                RawFailure { sheet: Some(sheet), detail: Some(detail), ..raw("sheet_unreadable") }
            }
            FileError::NoWorkbookReader => raw("no_workbook_reader"),
            FileError::ArchiveNotWorkbook { files } => RawFailure { files: Some(files), ..raw("archive_not_workbook") },
            FileError::DamagedArchive { detail } => RawFailure { detail: Some(detail), ..raw("damaged_archive") },
            FileError::DamagedMember { member, detail } => {
                RawFailure { member: Some(member), detail: Some(detail), ..raw("damaged_member") }
            }
            FileError::MemberBreak { lines, detail } => RawFailure { lines: Some(lines), detail: Some(detail), ..raw("member_break") },
            FileError::Unreadable { detail } => RawFailure { detail, ..raw("unreadable") },
            FileError::ReaderStopped => raw("reader_stopped"),
            FileError::ReaderNotStarted { detail } => RawFailure { detail: Some(detail), ..raw("reader_not_started") },
            FileError::ReaderFailed { detail } => RawFailure { detail: Some(detail), ..raw("reader_failed") },
            FileError::BadAnswer { detail } => RawFailure { detail: Some(detail), ..raw("bad_answer") },
            FileError::NoResellerColumn { found } => RawFailure { found: Some(found), ..raw("no_reseller_column") },
        }
    }
}

impl TryFrom<RawFailure> for FileError {
    type Error = String;
    fn try_from(r: RawFailure) -> Result<FileError, String> {
        let kind = r.kind.as_str();
        let detail = || required(r.detail.clone(), kind, "detail");
        Ok(match kind {
            "gzip_unopened" => FileError::GzipUnopened,
            "gzip_break" => FileError::GzipBreak {
                lines: required(r.lines, kind, "lines")?,
                ends_early: required(r.ends_early, kind, "ends_early")?,
                detail: detail()?,
            },
            "not_a_data_file" => FileError::NotADataFile,
            "broken_document" => {
                FileError::BrokenDocument { line: required(r.line, kind, "line")?, column: required(r.column, kind, "column")? }
            }
            "not_line_items" => FileError::NotLineItems,
            "no_money" => FileError::NoMoney { items: required(r.items, kind, "items")? },
            "document_too_large" => FileError::DocumentTooLarge {
                limit_mb: u32::try_from(required(r.limit_mb, kind, "limit_mb")?).map_err(|e| format!("{kind}: {e}"))?,
            },
            "too_large" => FileError::TooLarge {
                what: required(r.what, kind, "what")?,
                expanded_mb: required(r.expanded_mb, kind, "expanded_mb")?,
                limit_mb: required(r.limit_mb, kind, "limit_mb")?,
            },
            "not_a_workbook" => FileError::NotAWorkbook { detail: r.detail },
            "no_such_sheet" => FileError::NoSuchSheet { sheet: r.sheet, sheets: required(r.sheets, kind, "sheets")? },
            "sheet_unreadable" => FileError::SheetUnreadable { sheet: required(r.sheet.clone(), kind, "sheet")?, detail: detail()? },
            "no_workbook_reader" => FileError::NoWorkbookReader,
            "archive_not_workbook" => FileError::ArchiveNotWorkbook { files: required(r.files, kind, "files")? },
            "damaged_archive" => FileError::DamagedArchive { detail: detail()? },
            "damaged_member" => FileError::DamagedMember { member: required(r.member.clone(), kind, "member")?, detail: detail()? },
            "member_break" => FileError::MemberBreak { lines: required(r.lines, kind, "lines")?, detail: detail()? },
            "unreadable" => FileError::Unreadable { detail: r.detail },
            "reader_stopped" => FileError::ReaderStopped,
            "reader_not_started" => FileError::ReaderNotStarted { detail: detail()? },
            "reader_failed" => FileError::ReaderFailed { detail: detail()? },
            "bad_answer" => FileError::BadAnswer { detail: detail()? },
            "no_reseller_column" => FileError::NoResellerColumn { found: required(r.found, kind, "found")? },
            other => return Err(format!("unknown failure kind {other:?}")),
        })
    }
}
