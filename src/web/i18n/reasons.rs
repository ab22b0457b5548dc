//! The domain's reasons in words: why a line was rejected or excluded, why
//! a file or the register could not be read, what keeps a table unmapped,
//! and a tenant's warnings. Every case is worded from its values; no text
//! of the domain is read back (`tests/hygiene.rs` checks this file and its
//! siblings compare no text).

use super::L10n;
use crate::domain::assess::Warning;
use crate::domain::dates::{DateError, DateOrder};
use crate::domain::ingest::error::{Container, FileError, Reason};
use crate::domain::ingest::jsonl::JsonError;
use crate::domain::ingest::layout::{unnamed_position, Role, Unmapped};
use crate::domain::ingest::{ExclusionReason, Rejection};
use crate::domain::money::{AmountError, DecimalStyle};
use crate::domain::register::RegisterError;

impl L10n {
    /// Why a file could not be read, in a sentence naming it.
    pub fn failure(&self, file: &str, failure: &FileError) -> String {
        match failure {
            FileError::Unreadable { detail: None } => self.f("{file} could not be read (was it moved or deleted?)", &[("file", &file)]),
            FileError::ReaderStopped => self.f(
                "Reading {file} stopped the background reader (out of memory?). The page restarted it; other files go on.",
                &[("file", &file)],
            ),
            other => self.f("{file} could not be read: {reason}", &[("file", &file), ("reason", &self.file_failure(other))]),
        }
    }

    /// Why a whole file (or the register) could not be read.
    pub fn file_failure(&self, failure: &FileError) -> String {
        match failure {
            FileError::GzipUnopened => self.t("gzip-compressed data: decompress it first, or give it to the app, assessAsync() or the command line, which do").into(),
            FileError::GzipBreak { lines, ends_early, detail } => {
                let detail = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
                let args: [(&str, &dyn std::fmt::Display); 2] = [("lines", &self.lines(*lines)), ("detail", &detail)];
                if *ends_early {
                    self.f("the gzip data ends early after {lines}{detail}: the lines read are counted, the rest of the file is missing", &args)
                } else {
                    self.f("the gzip data is corrupt after {lines}{detail}: the lines read are counted, the rest of the file is missing", &args)
                }
            }
            FileError::NotADataFile => self.t("not a data file (CSV, TSV, TXT, JSON lines, .gz): skipped; extract the revenue files from the archive if they are named otherwise").into(),
            FileError::DocumentTooLarge { limit_mb } => self.f(
                "a JSON document larger than {limit} MB: give its line items as JSON lines (one object per line)",
                &[("limit", &self.number(i64::from(*limit_mb)))],
            ),
            FileError::BrokenDocument { line, column } => self.f(
                "a JSON document that breaks off or is malformed at line {line}, column {column}: none of it is counted; save the response again, whole",
                &[("line", &self.number(*line as i64)), ("column", &self.number(*column as i64))],
            ),
            FileError::NotLineItems => self.t("a JSON document with no billing line items (a list of other objects, or no items list, line-item array or export manifest)").into(),
            FileError::NoMoney { items } => self.f(
                "{items} with quantities and no amounts (the legacy daily usage): they cannot count toward revenue",
                &[("items", &self.plural(*items as i64, "{n} line item", "{n} line items"))],
            ),
            FileError::TooLarge { what, expanded_mb, limit_mb } => {
                let args: [(&str, &dyn std::fmt::Display); 2] =
                    [("size", &self.number(*expanded_mb as i64)), ("limit", &self.number(*limit_mb as i64))];
                match what {
                    Container::Workbook => self.f("the workbook expands to {size} MB, more than the {limit} MB this page can hold: save the sheet as CSV and give that file, or read it with the command line (ttm-check assess), which has no such limit", &args),
                    Container::Archive => self.f("the archive expands to {size} MB, more than the {limit} MB this page can hold: extract it and give its files, or read it with the command line (ttm-check assess), which has no such limit", &args),
                }
            }
            FileError::NotAWorkbook { detail: None } => self.t("not a readable .xlsx workbook").into(),
            FileError::NotAWorkbook { detail: Some(detail) } => self.f("not a readable .xlsx workbook ({detail})", &[("detail", detail)]),
            FileError::NoSuchSheet { sheet: Some(sheet), sheets } => self.f(
                "the workbook has no sheet “{sheet}” (sheets: {sheets})",
                &[("sheet", sheet), ("sheets", &sheets.join(", "))],
            ),
            FileError::NoSuchSheet { sheet: None, .. } => self.t("the workbook has no sheet").into(),
            FileError::SheetUnreadable { sheet, detail } => {
                self.f("sheet “{sheet}” cannot be read ({detail})", &[("sheet", sheet), ("detail", detail)])
            }
            FileError::NoWorkbookReader => self.t("an .xlsx workbook: read it with assessAsync(), which loads the workbook reader").into(),
            FileError::ArchiveNotWorkbook { files } => self.f(
                "a ZIP archive of {files}, not an .xlsx workbook: give its files, or drop the archive on the page",
                &[("files", &self.plural(*files as i64, "{n} file", "{n} files"))],
            ),
            FileError::DamagedArchive { detail } => self.f("not a readable ZIP archive ({detail})", &[("detail", detail)]),
            FileError::DamagedMember { member, detail } => {
                self.f("the archive member {member} cannot be read ({detail})", &[("member", member), ("detail", detail)])
            }
            FileError::MemberBreak { lines, detail } => self.f(
                "the archive member breaks off after {lines} ({detail}): the lines read are counted",
                &[("lines", &self.lines(*lines)), ("detail", detail)],
            ),
            FileError::Unreadable { detail: None } => self.t("could not be read (was it moved or deleted?)").into(),
            FileError::Unreadable { detail: Some(detail) } => self.f("could not be read ({detail})", &[("detail", detail)]),
            FileError::ReaderStopped => self.t("reading it stopped the background reader (out of memory?); the page restarted it, other files go on").into(),
            FileError::ReaderNotStarted { detail } => {
                self.f("the background reader could not start ({detail}); reload the page to try again", &[("detail", detail)])
            }
            FileError::ReaderFailed { detail } => self.f("the reader failed: {detail}", &[("detail", detail)]),
            FileError::BadAnswer { detail } => self.f("the reader's answer could not be read: {detail}", &[("detail", detail)]),
            FileError::NoResellerColumn { found } if found.is_empty() => self.t("the register needs a reseller_id column").into(),
            FileError::NoResellerColumn { found } => {
                self.f("the register needs a reseller_id column (found: {columns})", &[("columns", &found.join(", "))])
            }
        }
    }

    /// Why the register could not be read, naming its file.
    pub fn register_error(&self, e: &RegisterError) -> String {
        format!("{}: {}", e.file, self.file_failure(&e.error))
    }

    /// Why lines were excluded.
    pub fn exclusion(&self, r: ExclusionReason) -> &'static str {
        match r {
            ExclusionReason::NoReseller => self.t("no reseller ID (direct sale)"),
            ExclusionReason::PartnerOfRecord => self.t("partner-of-record attribution (CPOR/DPOR/PAL)"),
            ExclusionReason::BlankLine => self.t("blank line"),
            ExclusionReason::DailyUsageDetail => self.t("daily usage already counted in the invoice reconciliation"),
            ExclusionReason::DuplicateFile => self.t("file loaded twice"),
            ExclusionReason::NotMapped => self.t("columns not mapped yet"),
            ExclusionReason::DateOrderUndecided => self.t("day/month order of the dates not chosen yet"),
            ExclusionReason::DecimalStyleUndecided => self.t("decimal mark of the amounts not chosen yet"),
            ExclusionReason::MonthlyReportCrossCheck => {
                self.t("monthly report value of a month the line files cover (shown as a cross-check)")
            }
            ExclusionReason::TypeLine => self.t("PowerShell's #TYPE line before the header (not data)"),
        }
    }

    /// A column role in words.
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Reseller => self.t("reseller ID"),
            Role::Date => self.t("date"),
            Role::Amount => self.t("amount"),
            Role::Currency => self.t("currency"),
            Role::Type => self.t("attribution type"),
        }
    }

    /// What keeps a table from being read without a mapping.
    pub fn unmapped(&self, u: &Unmapped) -> String {
        match u {
            Unmapped::Role { role } => self.role(*role).into(),
            Unmapped::NoColumn { column } => self.f("the header has no {column} column", &[("column", column)]),
            Unmapped::NoResellerColumn => self.t("the header has no ResellerMpnId or Tier2MpnId column").into(),
            Unmapped::NoDateColumn { column } => {
                let column = match column {
                    crate::domain::ingest::layout::ColumnRef::Position(n) => self.f("column {n}", &[("n", n)]),
                    crate::domain::ingest::layout::ColumnRef::Name(name) => name.clone(),
                };
                self.f("the header has no column “{column}” to take dates from", &[("column", &column)])
            }
            Unmapped::NotPartnerCenter => self.t("not a Partner Center layout").into(),
        }
    }

    /// A column name as the domain gives it (`column 3` when unnamed).
    pub fn column(&self, name: &str) -> String {
        match unnamed_position(name) {
            Some(n) => self.f("column {n}", &[("n", &n)]),
            None => name.to_owned(),
        }
    }

    /// What a rejected line was expected to hold.
    pub fn expected(&self, r: &Rejection) -> String {
        match &r.reason {
            Reason::BadDate { error, order } => self.date_expected(*error, *order).into(),
            Reason::BadAmount { error, style } => self.amount_expected(*error, *style).into(),
            Reason::MissingField { position, unclosed_quote, .. } => {
                let column = self.column(&r.column);
                let column = if unnamed_position(&r.column).is_some() {
                    column
                } else {
                    self.f("column {n} ({name})", &[("n", position), ("name", &column)])
                };
                let mut s = self.f("a value in {column}; the line has fewer fields than the header", &[("column", &column)]);
                if *unclosed_quote {
                    s.push_str(self.t(". A quote opened in this line is never closed, so the lines after it were read as one field"));
                }
                s
            }
            Reason::NotJson { error: JsonError::NotAnObject } => self.t("a JSON object ({…}) on each line").into(),
            Reason::NotJson { error: JsonError::Malformed(at) } => {
                self.f("a well-formed JSON object (it breaks off at character {n})", &[("n", &self.number(*at as i64 + 1))])
            }
            Reason::NotYesNo => self.t("yes, no or an empty field (also y/n, ja/nein, true/false, 1/0, x)").into(),
            Reason::NotAMonth => self.t("a month: 1 to 12 or its name (March, März, Mar)").into(),
            Reason::RecordTooLong { limit_mb } => self.f(
                "a line shorter than {limit} MB; an opening quote is probably never closed, so the rest of the file cannot be read",
                &[("limit", limit_mb)],
            ),
        }
    }

    fn date_expected(&self, error: DateError, order: DateOrder) -> &'static str {
        match (error, order) {
            (DateError::Empty, _) => self.t("a date, found an empty field"),
            (DateError::Unrecognised, DateOrder::MonthFirst) => self.t("a date like 1/31/2025, 2025-01-31 or 31.01.2025"),
            (DateError::Unrecognised, DateOrder::DayFirst) => self.t("a date like 31/01/2025, 2025-01-31 or 31.01.2025"),
            (DateError::NoSuchDay, _) => self.t("a calendar date that exists"),
        }
    }

    fn amount_expected(&self, error: AmountError, style: DecimalStyle) -> &'static str {
        match (error, style) {
            (AmountError::Empty, _) => self.t("an amount, found an empty field"),
            (AmountError::NotANumber, DecimalStyle::Point) => self.t("an amount like 1234.56 or -12.50"),
            (AmountError::NotANumber, DecimalStyle::Comma) => self.t("an amount like 1.234,56 or -12,50"),
            (AmountError::OutOfRange, _) => self.t("an amount of at most 28 significant digits"),
        }
    }

    /// One rejected line in a sentence (the register's).
    pub fn rejection(&self, r: &Rejection) -> String {
        self.f(
            "{file}, line {line}, column {column}: expected {expected}, found “{found}”",
            &[
                ("file", &r.file),
                ("line", &r.line),
                ("column", &self.column(&r.column)),
                ("expected", &self.expected(r)),
                ("found", &r.found),
            ],
        )
    }

    /// A warning in words.
    pub fn warning(&self, w: &Warning) -> String {
        match w {
            Warning::NoOnboardingDate => {
                self.t("No onboarding date: the anniversary month, and so the evaluation date, is unknown. Add it to the register.").into()
            }
            Warning::NoRate { currency, lines, amount } => self.f(
                "{lines} in {currency} (sum {currency} {amount}) are not counted: enter the rate to USD for {currency}.",
                &[("lines", &self.lines(*lines)), ("currency", currency), ("amount", &self.decimal(*amount))],
            ),
            Warning::OnboardingAfterAsOf { onboarding, as_of } => self.f(
                "The onboarding date {onboarding} is after the as-of date {as_of}.",
                &[("onboarding", &self.date(*onboarding)), ("as_of", &self.date(*as_of))],
            ),
            Warning::DeauthorizedAfterAsOf { deauthorized, as_of } => self.f(
                "The deauthorization date {date} is after the as-of date {as_of}.",
                &[("date", &self.date(*deauthorized)), ("as_of", &self.date(*as_of))],
            ),
            Warning::PastEvaluationShort { evaluation, found, window, threshold } => self.f(
                "The evaluation of {evaluation} counted {found} in its window {start} to {end}, below {threshold}. If the tenant was deauthorized then, enter the deauthorization date; the data may hold only one provider's share.",
                &[
                    ("evaluation", &self.date(*evaluation)),
                    ("found", &self.usd(*found)),
                    ("start", &self.date(window.start)),
                    ("end", &self.date(window.end)),
                    ("threshold", &self.usd(*threshold)),
                ],
            ),
        }
    }
}
