//! What reading a file gives: its account (every line used, excluded or
//! rejected, with the amounts), the revenue it contributes, and the
//! settings it was read with.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{FileError, Reason, RejectionKind};
use super::graph;
use super::layout::{column_in_words, ColumnMapping, ColumnRef, Layout, Unmapped};
use super::lines::{LineDetail, LineSelection};
use super::text::TextEncoding;
use crate::domain::dates::DateOrder;
use crate::domain::ledger::Ledger;
use crate::domain::message::Message;
use crate::domain::money::{DecimalStyle, Money};

/// The exchange rates the user gave, applied to every file (D10b).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRates {
    /// USD per one unit of a currency (D10b), keyed by ISO code.
    #[serde(default)]
    pub rates: BTreeMap<String, Decimal>,
}

impl ExchangeRates {
    /// The rate for `currency` (any case), if the user gave one.
    pub fn rate(&self, currency: &str) -> Option<Decimal> {
        self.rates.iter().find(|(c, _)| c.eq_ignore_ascii_case(currency)).map(|(_, r)| *r)
    }
}

/// Settings of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileOptions {
    /// Columns chosen by the user for a table that is not Partner Center's.
    pub mapping: ColumnMapping,
    /// D9: the date column that places a line, instead of the layout's.
    pub date_column: Option<ColumnRef>,
    /// Order of slash dates, when the column cannot decide it.
    pub date_order: Option<DateOrder>,
    /// Decimal mark of the amounts, when the column cannot decide it (D18).
    pub decimal_style: Option<DecimalStyle>,
    /// Whether the first line is a header (`None`: decide from its content).
    pub has_header: Option<bool>,
    /// Currency of amounts in a table without a currency column (default USD).
    pub default_currency: Option<String>,
    /// D14: the provider margin included in resale prices, in percent.
    pub margin_percent: Option<Decimal>,
    /// The sheet of an `.xlsx` workbook to read (default: the first).
    pub sheet: Option<String>,
    /// Keep these lines in detail ([`FinishedFile::lines`]): a tenant's,
    /// when the lines behind its figures are asked for. Not a setting of
    /// the file: it changes no figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<LineSelection>,
}

/// Lines and their amounts: USD where converted, else per original currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// How many lines.
    pub lines: u64,
    /// Sum of the lines' USD amounts (each rounded to cents, D11).
    pub usd: Money,
    /// Lines without a USD amount, summed per currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unconverted: BTreeMap<String, Money>,
}

impl Tally {
    pub(crate) fn add(&mut self, amount: &LineAmount<'_>) {
        self.lines += 1;
        match amount.usd {
            Some(usd) => self.usd += usd,
            None => match self.unconverted.get_mut(amount.currency.as_ref()) {
                Some(sum) => *sum += amount.original,
                None => {
                    self.unconverted.insert(amount.currency.to_string(), amount.original);
                }
            },
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.lines += other.lines;
        self.usd += other.usd;
        for (cur, m) in &other.unconverted {
            *self.unconverted.entry(cur.clone()).or_default() += *m;
        }
    }

    pub(crate) fn subtract(&mut self, other: &Tally) {
        self.lines -= other.lines.min(self.lines);
        self.usd = self.usd - other.usd;
        for (cur, m) in &other.unconverted {
            let e = self.unconverted.entry(cur.clone()).or_default();
            *e = *e - *m;
        }
        self.unconverted.retain(|_, m| m.0 != Decimal::ZERO);
    }
}

/// Why a line is not counted for any reseller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// D16: blank, `0` or missing reseller ID: a direct sale.
    NoReseller,
    /// D15: a CPOR, DPOR or PAL attribution, not transactional revenue.
    PartnerOfRecord,
    /// A line with no content.
    BlankLine,
    /// Daily-rated usage of an invoice whose reconciliation file is loaded.
    DailyUsageDetail,
    /// The same file (same bytes) was loaded before.
    DuplicateFile,
    /// The file's columns are not known yet: it needs a mapping.
    NotMapped,
    /// The date column's order (day or month first) is not decided yet.
    DateOrderUndecided,
    /// The amount column's decimal mark (point or comma) is not decided yet.
    DecimalStyleUndecided,
    /// D20: a monthly report's value for a reseller and month that line-level
    /// files cover: those lines count, the report is their cross-check.
    MonthlyReportCrossCheck,
    /// The `#TYPE <.NET type>` line Windows PowerShell's `Export-Csv` writes
    /// before the header: not data.
    TypeLine,
}

impl ExclusionReason {
    /// The reason as its JSON name (`partner_of_record`).
    pub fn code(self) -> &'static str {
        match self {
            ExclusionReason::NoReseller => "no_reseller",
            ExclusionReason::PartnerOfRecord => "partner_of_record",
            ExclusionReason::BlankLine => "blank_line",
            ExclusionReason::DailyUsageDetail => "daily_usage_detail",
            ExclusionReason::DuplicateFile => "duplicate_file",
            ExclusionReason::NotMapped => "not_mapped",
            ExclusionReason::DateOrderUndecided => "date_order_undecided",
            ExclusionReason::DecimalStyleUndecided => "decimal_style_undecided",
            ExclusionReason::MonthlyReportCrossCheck => "monthly_report_cross_check",
            ExclusionReason::TypeLine => "type_line",
        }
    }

    /// Why, in words.
    pub fn message(self) -> Message {
        match self {
            ExclusionReason::NoReseller => Message::new("no reseller ID (direct sale)"),
            ExclusionReason::PartnerOfRecord => Message::new("partner-of-record attribution (CPOR/DPOR/PAL)"),
            ExclusionReason::BlankLine => Message::new("blank line"),
            ExclusionReason::DailyUsageDetail => Message::new("daily usage already counted in the invoice reconciliation"),
            ExclusionReason::DuplicateFile => Message::new("file loaded twice"),
            ExclusionReason::NotMapped => Message::new("columns not mapped yet"),
            ExclusionReason::DateOrderUndecided => Message::new("day/month order of the dates not chosen yet"),
            ExclusionReason::DecimalStyleUndecided => Message::new("decimal mark of the amounts not chosen yet"),
            ExclusionReason::MonthlyReportCrossCheck => {
                Message::new("monthly report value of a month the line files cover (shown as a cross-check)")
            }
            ExclusionReason::TypeLine => Message::new("PowerShell's #TYPE line before the header (not data)"),
        }
    }
}

/// One rejected line: where, what was found, and why. What follows from
/// the reason (its kind, the English of what was expected, an unclosed
/// quote) is derived from it, and written into the JSON beside it:
/// `{"file", "line", "column", "kind", "expected", "found",
/// "unclosed_quote" (only when true), "reason"}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Rejection {
    /// File name as given.
    pub file: String,
    /// 1-based line number of the record's first line.
    pub line: u64,
    /// Column name (or `column N`).
    pub column: String,
    /// What was found (cut to 60 characters).
    pub found: String,
    /// Why, as a value with what the reader knew.
    pub reason: Reason,
}

impl Rejection {
    /// A rejection of `line` for `reason`; `found` is cut to 60 characters.
    pub fn new(file: &str, line: u64, column: String, reason: Reason, found: &str) -> Rejection {
        Rejection { file: file.to_owned(), line, column, found: found.chars().take(60).collect(), reason }
    }

    /// The kind of problem.
    pub fn kind(&self) -> RejectionKind {
        self.reason.kind()
    }

    /// What was expected, in English (the CLI's and the JSON's words).
    pub fn expected(&self) -> String {
        self.reason.to_string()
    }

    /// The rejected line in a sentence: where, what was expected, what was
    /// found.
    pub fn message(&self) -> Message {
        Message::new("{file}, line {line}, column {column}: expected {expected}, found “{found}”")
            .with("file", &self.file)
            .with("line", self.line.to_string())
            .with("column", column_in_words(&self.column))
            .with("expected", self.reason.message())
            .with("found", &self.found)
    }

    /// A quote opened in this line is never closed, so the lines after it
    /// were read as one field (a missing field's likely cause; `expected`
    /// says so too).
    pub fn unclosed_quote(&self) -> bool {
        matches!(self.reason, Reason::MissingField { unclosed_quote: true, .. })
    }
}

impl Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Written<'a> {
            file: &'a str,
            line: u64,
            column: &'a str,
            kind: RejectionKind,
            expected: String,
            found: &'a str,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            unclosed_quote: bool,
            reason: &'a Reason,
        }
        Written {
            file: &self.file,
            line: self.line,
            column: &self.column,
            kind: self.kind(),
            expected: self.expected(),
            found: &self.found,
            unclosed_quote: self.unclosed_quote(),
            reason: &self.reason,
        }
        .serialize(serializer)
    }
}

/// Rejected lines: how many, and the first ones in detail.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// How many lines.
    pub lines: u64,
    /// The first [`MAX_REJECTIONS_KEPT`] rejections.
    pub first: Vec<Rejection>,
}

/// How many rejections are kept in detail per file.
pub const MAX_REJECTIONS_KEPT: usize = 100;

/// Something the user must decide before a file can be counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Question {
    /// The file is not a known layout: map its columns.
    MapColumns {
        /// What could not be found, in words (`reseller`, or the column a
        /// Partner Center file lacks).
        missing: Vec<String>,
        /// The same as values.
        #[serde(default)]
        unmapped: Vec<Unmapped>,
        /// The mapping to pre-fill for the user to confirm: what was found,
        /// and a reseller candidate such as `PartnerId` (D17).
        #[serde(default)]
        suggested: ColumnMapping,
        /// A Partner Center file without a reseller column (the Graph usage
        /// export's `basic` attribute set): its revenue cannot be attributed.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        no_reseller_column: bool,
        /// The header (or the first line, without header).
        header: Vec<String>,
        /// The first lines, for a preview.
        preview: Vec<Vec<String>>,
    },
    /// Slash dates where day and month could be either way round.
    DateOrder {
        /// The date column.
        column: String,
        /// Example values.
        examples: Vec<String>,
    },
    /// Amounts whose mark could be a decimal or a thousands mark (`1.500`):
    /// the column never settles it (D18).
    DecimalStyle {
        /// The amount column.
        column: String,
        /// Example values.
        examples: Vec<String>,
    },
}

/// The account of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileAccount {
    /// File name as given.
    pub file: String,
    /// The layout recognised, once known.
    pub layout: Option<Layout>,
    /// The text encoding detected.
    pub encoding: Option<TextEncoding>,
    /// The field delimiter detected.
    pub delimiter: Option<String>,
    /// Decimal style of the amount column.
    pub decimal_style: Option<DecimalStyle>,
    /// Order of slash dates in the date column.
    pub date_order: Option<DateOrder>,
    /// The header (or, without one, `column 1`, `column 2`, ...).
    pub header: Vec<String>,
    /// The columns read: reseller, date, amount, currency.
    pub columns: BTreeMap<String, String>,
    /// Data lines read (the header not included).
    pub lines_read: u64,
    /// Lines counted for a reseller.
    pub used: Tally,
    /// Lines not counted, by reason.
    pub excluded: BTreeMap<ExclusionReason, Tally>,
    /// Lines that could not be read.
    pub rejected: Rejected,
    /// Used plus excluded: every amount that was read.
    pub total: Tally,
    /// Currencies met without a USD rate (D10c).
    pub missing_rates: BTreeSet<String>,
    /// Earliest and latest date of a used line.
    pub first_date: Option<NaiveDate>,
    /// Latest date of a used line.
    pub last_date: Option<NaiveDate>,
    /// What the user must decide, if anything.
    pub questions: Vec<Question>,
    /// When the same bytes were loaded before: that file's name.
    pub duplicate_of: Option<String>,
    /// Bytes read.
    pub bytes: u64,
    /// The sheet read, for an `.xlsx` workbook.
    pub sheet: Option<String>,
    /// Why the file as a whole could not be read, if it could not (in
    /// English; `failure` is the same as a value).
    pub error: Option<String>,
    /// Why the file as a whole could not be read, as a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<FileError>,
    /// A Graph export manifest's check against the files loaded with it
    /// (D21): blobs missing or extra, each with its name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<graph::ManifestWarning>,
    /// For a Graph export manifest (metadata, no lines): how many blobs it
    /// names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_blobs: Option<u64>,
}

impl FileAccount {
    pub(crate) fn new(file: &str) -> Self {
        FileAccount {
            file: file.to_owned(),
            layout: None,
            encoding: None,
            delimiter: None,
            decimal_style: None,
            date_order: None,
            header: Vec::new(),
            columns: BTreeMap::new(),
            lines_read: 0,
            used: Tally::default(),
            excluded: BTreeMap::new(),
            rejected: Rejected::default(),
            total: Tally::default(),
            missing_rates: BTreeSet::new(),
            first_date: None,
            last_date: None,
            questions: Vec::new(),
            duplicate_of: None,
            bytes: 0,
            sheet: None,
            error: None,
            failure: None,
            warnings: Vec::new(),
            manifest_blobs: None,
        }
    }

    /// True when used + excluded + rejected = lines read, and the amounts of
    /// used and excluded lines add up to the total.
    pub fn reconciles(&self) -> bool {
        let excluded_lines: u64 = self.excluded.values().map(|t| t.lines).sum();
        let mut sum = self.used.clone();
        for t in self.excluded.values() {
            sum.merge(t);
        }
        sum.unconverted.retain(|_, m| m.0 != Decimal::ZERO);
        let mut total = self.total.clone();
        total.unconverted.retain(|_, m| m.0 != Decimal::ZERO);
        self.used.lines + excluded_lines + self.rejected.lines == self.lines_read
            && sum.usd == total.usd
            && sum.unconverted == total.unconverted
    }

    /// Marks the file as one that could not be read (as a whole), for `why`.
    pub fn fail(&mut self, why: FileError) {
        self.error = Some(why.to_string());
        self.failure = Some(why);
    }

    pub(crate) fn exclude(&mut self, reason: ExclusionReason, amount: &LineAmount<'_>) {
        self.excluded.entry(reason).or_default().add(amount);
        self.total.add(amount);
    }

    pub(crate) fn reject(&mut self, rejection: Rejection) {
        self.rejected.lines += 1;
        if self.rejected.first.len() < MAX_REJECTIONS_KEPT {
            self.rejected.first.push(rejection);
        }
    }
}

/// A line's amount: in USD where it could be converted, and as written.
/// The currency borrows the field (no allocation per line).
#[derive(Clone, Debug)]
pub(crate) struct LineAmount<'a> {
    pub(crate) usd: Option<Money>,
    pub(crate) currency: std::borrow::Cow<'a, str>,
    pub(crate) original: Money,
}

impl LineAmount<'static> {
    pub(crate) fn none() -> Self {
        LineAmount { usd: Some(Money::ZERO), currency: std::borrow::Cow::Borrowed(""), original: Money::ZERO }
    }
}

/// Revenue a finished file contributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileContribution {
    /// Per reseller.
    pub ledger: Ledger,
    /// Daily usage: revenue per invoice number, so it can give way to the
    /// invoice reconciliation of the same invoice.
    pub daily_by_invoice: BTreeMap<String, (Ledger, Tally)>,
    /// Invoice numbers of an invoice reconciliation file.
    pub invoices: BTreeSet<String>,
    /// A monthly report's lines per reseller and month (D20): what gives
    /// way, as a cross-check, where line-level files cover that month.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub months: BTreeMap<String, BTreeMap<NaiveDate, Tally>>,
    /// A Graph export's manifest (D21): metadata, checked against the other
    /// files loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<graph::Manifest>,
}

/// A finished file: its account, its revenue and its fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedFile {
    /// The account of its lines.
    pub account: FileAccount,
    /// The revenue it contributes.
    pub revenue: FileContribution,
    /// A hash of the bytes, to recognise the same file loaded twice.
    pub fingerprint: (u64, u64),
    /// The lines kept in detail, when [`FileOptions::lines`] asked for
    /// them, in the order read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineDetail>>,
}
