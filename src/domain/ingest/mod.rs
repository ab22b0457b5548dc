//! Reading users' files into per-reseller revenue, accounting for every line.
//!
//! A file goes through [`FileReader`] in chunks of any size (the Web Worker
//! feeds it slices of a `File`; the CLI reads 1 MiB at a time): bytes are
//! decoded ([`text`]), split into records ([`records`]), the header recognised
//! ([`layout`]), and every line ends up in exactly one bucket of its
//! [`FileReport`]: used, excluded (with the reason) or rejected (with file,
//! line, column and what was expected). Only aggregates are kept, never the
//! lines, so memory does not grow with the file.
//!
//! [`Ingest`] gathers finished files: it drops a file loaded twice (same
//! bytes), and keeps daily-rated usage of an invoice that is also loaded as
//! invoice reconciliation as detail only (domain.md section 4).

pub mod graph;
pub mod jsonl;
pub mod layout;
pub mod records;
pub mod text;
pub mod xlsx;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use self::layout::{generic_plan, partner_center_plan, recognise, ColumnMapping, ColumnPlan, ColumnRef, Layout};
use self::records::{sniff_delimiter, Record, RecordReader};
use self::text::{TextDecoder, TextEncoding};
use super::dates::{decide_date_order, parse_date, DateOrder, OrderVote};
use super::ledger::{Ledger, ResellerRevenue};
use super::money::{decide_decimal_style, parse_amount, round_cents, DecimalStyle, Money, StyleVote};

/// Settings that apply to every file (D10b rates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestOptions {
    /// USD per one unit of a currency (D10b), keyed by ISO code.
    #[serde(default)]
    pub rates: BTreeMap<String, Decimal>,
}

impl IngestOptions {
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
    fn add(&mut self, amount: &LineAmount<'_>) {
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

    fn subtract(&mut self, other: &Tally) {
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
}

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
}

/// One rejected line: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// File name as given.
    pub file: String,
    /// 1-based line number of the record's first line.
    pub line: u64,
    /// Column name (or `column N`).
    pub column: String,
    /// The kind of problem.
    pub kind: RejectionKind,
    /// What was expected.
    pub expected: String,
    /// What was found (cut to 60 characters).
    pub found: String,
    /// A quote opened in this line is never closed, so the lines after it
    /// were read as one field (a missing field's likely cause; `expected`
    /// says so too). Absent from the JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unclosed_quote: bool,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}, column {}: expected {}, found \"{}\"", self.file, self.line, self.column, self.expected, self.found)
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
        /// Roles that could not be found.
        missing: Vec<String>,
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
pub struct FileReport {
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
    /// Why the file as a whole could not be read, if it could not.
    pub error: Option<String>,
    /// A Graph export manifest's check against the files loaded with it
    /// (D21): blobs missing or extra, each with its name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<graph::ManifestWarning>,
    /// For a Graph export manifest (metadata, no lines): how many blobs it
    /// names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_blobs: Option<u64>,
}

impl FileReport {
    fn new(file: &str) -> Self {
        FileReport {
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

    fn exclude(&mut self, reason: ExclusionReason, amount: &LineAmount<'_>) {
        self.excluded.entry(reason).or_default().add(amount);
        self.total.add(amount);
    }

    fn reject(&mut self, rejection: Rejection) {
        self.rejected.lines += 1;
        if self.rejected.first.len() < MAX_REJECTIONS_KEPT {
            self.rejected.first.push(rejection);
        }
    }
}

/// A line's amount: in USD where it could be converted, and as written.
/// The currency borrows the field (no allocation per line).
#[derive(Clone, Debug)]
struct LineAmount<'a> {
    usd: Option<Money>,
    currency: std::borrow::Cow<'a, str>,
    original: Money,
}

impl LineAmount<'static> {
    fn none() -> Self {
        LineAmount { usd: Some(Money::ZERO), currency: std::borrow::Cow::Borrowed(""), original: Money::ZERO }
    }
}

/// Revenue a finished file contributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRevenue {
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
pub struct FileResult {
    /// The account of its lines.
    pub report: FileReport,
    /// The revenue it contributes.
    pub revenue: FileRevenue,
    /// A hash of the bytes, to recognise the same file loaded twice.
    pub fingerprint: (u64, u64),
}

enum Stage {
    /// Waiting for the first line (to pick the delimiter).
    Start,
    /// Waiting for the first record.
    Header,
    /// A table being sampled to decide number and date styles (D18); `plan`
    /// is a Partner Center layout's, known from the header, else `None`
    /// (the mapping is decided with the styles).
    Sampling { header: Option<Vec<String>>, rows: Vec<(u64, Vec<String>)>, plan: Option<ColumnPlan> },
    /// Lines are read with a plan.
    Reading(Box<Reading>),
    /// The file cannot be read until the user answers a question.
    Waiting,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Reading {
    plan: ColumnPlan,
    style: DecimalStyle,
    order: DateOrder,
    default_currency: String,
    margin_factor: Option<Decimal>,
}

/// What a reader has settled about its file once it reads lines with a plan
/// (encoding, delimiter, layout, columns, number and date styles): enough
/// for a second reader to read a later part of the same file at the same
/// time ([`FileReader::resume`]). Design note: a large file is read by two
/// workers, the second from a line start near the middle; the first, on
/// reaching that point, checks that it is a record boundary
/// ([`FileReader::boundary`]) — a line break inside quotes is not — and the
/// two results are joined with [`FileResult::append`]. Tests compare the
/// joined result with a single reader's on every split point.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResumePoint {
    delimiter: u8,
    encoding: TextEncoding,
    reading: Reading,
    report: FileReport,
}

/// How many lines of a table are looked at to decide its styles.
const SAMPLE_LINES: usize = 2_000;
/// Up to how many lines sampling goes on while the date order is undecided.
const SAMPLE_LINES_MAX: usize = 50_000;

/// Whether a sample of `n` lines is looked at for its styles: at 2,000
/// lines, then each time it has doubled (each look reads the whole sample),
/// and at the most sampling goes to.
fn time_to_look(n: usize) -> bool {
    n >= SAMPLE_LINES_MAX || (n % SAMPLE_LINES == 0 && (n / SAMPLE_LINES).is_power_of_two())
}

/// Reads one file, chunk by chunk.
pub struct FileReader {
    report: FileReport,
    options: FileOptions,
    rates: IngestOptions,
    decoder: TextDecoder,
    records: Option<RecordReader>,
    first_line: Vec<u8>,
    stage: Stage,
    revenue: FileRevenue,
    hasher: Fingerprint,
    /// The ledger while lines are read: hashed by reseller ID (a sorted map
    /// lookup per line was a sixth of the CLI's profile); sorted at `finish`.
    working: std::collections::HashMap<Box<str>, ResellerRevenue, BuildFast>,
    /// An `.xlsx` workbook is gathered whole, then read at `finish`.
    workbook: Option<Vec<u8>>,
    /// The first bytes, until there are enough to tell a workbook from text.
    head: Option<Vec<u8>>,
    /// The invoice number of the previous line.
    last_invoice: String,
    /// A JSON-lines file: its keys so far and the line being gathered.
    json: Option<JsonLines>,
    /// Gzip data given to the reader undecompressed: not read.
    compressed: bool,
    /// The file is JSON lines (`json` is taken out while a chunk is read).
    json_lines: bool,
}

/// The error of gzip data given to the reader itself (the CLI, the app and
/// `assessAsync()` decompress first; the synchronous `assess()` does not).
pub const GZIP_UNOPENED: &str =
    "gzip-compressed data: decompress it first, or give it to the app, assessAsync() or the command line, which do";

/// A JSON-lines file being read ([`jsonl`]): keys become columns in the
/// order met while sampling (later new keys are not needed by the plan).
#[derive(Default)]
struct JsonLines {
    /// Column of each key, by its normalised name.
    columns: std::collections::HashMap<String, usize>,
    /// The header: each key as first written.
    keys: Vec<String>,
    /// The end of the text fed so far that is not a whole line yet.
    pending: Vec<u8>,
    /// Lines read so far.
    line: u64,
    /// The keys of the last line by position, as written, with their columns.
    last: Vec<(Box<[u8]>, Option<usize>)>,
    /// A line's key/value pairs and its values by column: allocated once,
    /// emptied between lines ([`recycle`]).
    pairs: Vec<(jsonl::Value<'static>, jsonl::Value<'static>)>,
    row: Vec<Option<jsonl::Value<'static>>>,
    /// A JSON document rather than JSON lines (its first line is not a
    /// whole object): gathered whole, read at the end ([`graph`]).
    document: Option<Vec<u8>>,
    /// Set when a gathered document was no JSON document either: its lines
    /// are read as JSON lines, the broken first one rejected.
    lines_only: bool,
}

/// An emptied vector of values borrowed from one line, as a vector for
/// the next line's: the same allocation (collecting in place), nothing
/// carried over. Saves two allocations per JSON line.
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("the vector is empty")).collect()
}

/// The largest JSON document (not JSON lines) read whole.
const MAX_DOCUMENT_BYTES: usize = 64 << 20;

impl FileReader {
    /// A reader for the file called `name`.
    pub fn new(name: &str, options: FileOptions, rates: IngestOptions) -> Self {
        FileReader {
            report: FileReport::new(name),
            options,
            rates,
            decoder: TextDecoder::new(),
            records: None,
            first_line: Vec::new(),
            stage: Stage::Start,
            revenue: FileRevenue::default(),
            hasher: Fingerprint::default(),
            working: Default::default(),
            workbook: None,
            head: Some(Vec::new()),
            last_invoice: String::new(),
            json: None,
            compressed: false,
            json_lines: false,
        }
    }

    /// Once lines are read with a plan, what a second reader needs to read a
    /// later part of this file (`None` before that, for workbooks, and for
    /// UTF-16, whose byte offsets need not fall on characters).
    pub fn resume_point(&self) -> Option<ResumePoint> {
        let (Stage::Reading(reading), Some(records), None, None) = (&self.stage, &self.records, &self.workbook, &self.head) else {
            return None;
        };
        let encoding = self.decoder.encoding()?;
        if !matches!(encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252) {
            return None;
        }
        let mut report = FileReport::new(&self.report.file);
        report.layout = self.report.layout;
        report.encoding = self.report.encoding;
        report.delimiter = self.report.delimiter.clone();
        report.decimal_style = self.report.decimal_style;
        report.date_order = self.report.date_order;
        report.header = self.report.header.clone();
        report.columns = self.report.columns.clone();
        Some(ResumePoint { delimiter: records.delimiter(), encoding, reading: (**reading).clone(), report })
    }

    /// A reader for a later part of a file, starting at a line start, with
    /// what the first reader settled. Its line numbers count from that
    /// point; [`FileResult::append`] moves them.
    pub fn resume(options: FileOptions, rates: IngestOptions, point: ResumePoint) -> Self {
        let mut reader = FileReader::new(&point.report.file, options, rates);
        reader.head = None;
        reader.decoder = TextDecoder::continuing(point.encoding);
        reader.records = Some(RecordReader::continuing(point.delimiter));
        reader.stage = Stage::Reading(Box::new(point.reading));
        reader.report = point.report;
        reader
    }

    /// When everything fed so far ends exactly between two records (no
    /// record, quote or character pending): the number of lines read, which
    /// is where a reader resumed at this point counts from.
    pub fn boundary(&self) -> Option<u64> {
        let (Stage::Reading(_), Some(records)) = (&self.stage, &self.records) else { return None };
        (self.decoder.is_idle() && records.at_boundary()).then(|| records.lines())
    }

    /// The account so far (for progress displays).
    pub fn report(&self) -> &FileReport {
        &self.report
    }

    /// Feeds the next chunk of the file's bytes.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.report.bytes += chunk.len() as u64;
        self.hasher.write(chunk);
        if let Some(head) = self.head.as_mut() {
            head.extend_from_slice(chunk);
            if head.len() >= 4 {
                self.decide_format();
            }
            return;
        }
        self.feed_bytes(chunk);
    }

    /// A ZIP archive is a workbook; gzip data this reader cannot open (the
    /// adapters decompress before it); anything else is text.
    fn decide_format(&mut self) {
        let Some(head) = self.head.take() else { return };
        if head.starts_with(&[0x1f, 0x8b]) {
            self.report.error = Some(GZIP_UNOPENED.to_owned());
            self.workbook = Some(Vec::new());
            self.compressed = true;
        } else if xlsx::looks_like_xlsx(&head) {
            self.workbook = Some(head);
        } else {
            self.feed_bytes(&head);
        }
    }

    fn feed_bytes(&mut self, chunk: &[u8]) {
        if self.compressed {
            return;
        }
        if let Some(workbook) = self.workbook.as_mut() {
            workbook.extend_from_slice(chunk);
            return;
        }
        let mut decoder = std::mem::take(&mut self.decoder);
        decoder.feed(chunk, false, &mut |text| self.feed_text(text));
        self.decoder = decoder;
    }

    /// Ends the file and returns what it contributes.
    pub fn finish(mut self) -> FileResult {
        self.decide_format();
        if let Some(workbook) = self.workbook.take().filter(|_| !self.compressed) {
            match xlsx::sheet_as_csv(&workbook, self.options.sheet.as_deref()) {
                Ok(sheet) => {
                    drop(workbook);
                    self.report.sheet = Some(sheet.sheet);
                    self.feed_text(&sheet.csv);
                }
                Err(message) => self.report.error = Some(message),
            }
        }
        let mut decoder = std::mem::take(&mut self.decoder);
        decoder.feed(&[], true, &mut |text| self.feed_text(text));
        self.report.encoding = decoder.encoding();
        if self.records.is_none() && self.json.is_none() && !self.first_line.is_empty() {
            let line = std::mem::take(&mut self.first_line);
            self.start(&line);
        }
        self.end_records();
        self.feed_json(&[], true);
        if let Stage::Sampling { .. } = self.stage {
            self.decide_and_replay();
        }
        // The ledger was only filled through `working`.
        self.revenue.ledger.extend(self.working.drain().map(|(reseller, revenue)| (reseller.into(), revenue)));
        let fingerprint = (self.hasher.finish(), self.report.bytes);
        FileResult { report: self.report, revenue: self.revenue, fingerprint }
    }

    fn feed_text(&mut self, text: &[u8]) {
        if self.records.is_some() {
            self.feed_records(text);
            return;
        }
        if self.json.is_some() {
            self.feed_json(text, false);
            return;
        }
        self.first_line.extend_from_slice(text);
        if self.first_line.contains(&b'\n') {
            let line = std::mem::take(&mut self.first_line);
            self.start(&line);
        }
    }

    /// Starts reading with the first line: JSON lines when it opens an
    /// object, else CSV records.
    fn start(&mut self, text: &[u8]) {
        if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            self.json = Some(JsonLines::default());
            self.json_lines = true;
            self.stage = Stage::Sampling { header: Some(Vec::new()), rows: Vec::new(), plan: None };
            self.feed_json(text, false);
        } else {
            self.start_records(text);
        }
    }

    /// Reads the whole lines of `text` (all of it when `last`).
    fn feed_json(&mut self, text: &[u8], last: bool) {
        let Some(mut json) = self.json.take() else { return };
        let mut rest = text;
        loop {
            if let Some(document) = json.document.as_mut() {
                if document.len() + rest.len() > MAX_DOCUMENT_BYTES {
                    self.report.error = Some(format!(
                        "a JSON document larger than {} MB: give its line items as JSON lines (one object per line)",
                        MAX_DOCUMENT_BYTES >> 20
                    ));
                    json.document = Some(Vec::new());
                } else {
                    document.extend_from_slice(rest);
                }
                break;
            }
            let end = jsonl::find2(rest, 0, b'\n', b'\n');
            let Some(end) = (end < rest.len()).then_some(end) else {
                json.pending.extend_from_slice(rest);
                if json.pending.len() > records::MAX_RECORD_BYTES {
                    json.line += 1;
                    json.pending.clear();
                    self.on_record_too_long(json.line);
                }
                if last && !json.pending.is_empty() {
                    let line = std::mem::take(&mut json.pending);
                    json.line += 1;
                    self.on_json_line(&mut json, &line);
                }
                break;
            };
            json.line += 1;
            if json.pending.is_empty() {
                self.on_json_line(&mut json, &rest[..end]);
            } else {
                json.pending.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut json.pending);
                self.on_json_line(&mut json, &line);
            }
            rest = &rest[end + 1..];
            // A document gathers the rest (at the top of the loop).
        }
        if last {
            self.read_document(&mut json);
        }
        self.json = Some(json);
    }

    /// A whole JSON document: a manifest, or an array of line items.
    fn read_document(&mut self, json: &mut JsonLines) {
        let Some(document) = json.document.take() else { return };
        if self.report.error.is_some() {
            return;
        }
        match graph::read_document(&document) {
            Ok(graph::Document::Manifest(manifest)) => {
                self.stage = Stage::Waiting;
                self.report.manifest_blobs = Some(manifest.blobs().len() as u64);
                self.revenue.manifest = Some(manifest);
            }
            Ok(graph::Document::Objects(items)) => {
                json.line = 0;
                for item in items {
                    json.line += 1;
                    self.on_json_line(json, item.as_bytes());
                }
            }
            // Not a document either: JSON lines whose first line is broken.
            // Every line is read (and that one rejected), none dropped.
            Err(_) => {
                json.lines_only = true;
                json.line = 0;
                let document = document.strip_suffix(b"\n").unwrap_or(&document);
                for line in document.split(|&b| b == b'\n') {
                    json.line += 1;
                    self.on_json_line(json, line);
                }
            }
        }
    }

    /// One line of a JSON-lines file: an object's fields by column.
    fn on_json_line(&mut self, json: &mut JsonLines, bytes: &[u8]) {
        // Scanned as bytes (every delimiter is ASCII); a value's text, and
        // its UTF-8 check, are made only where it is used.
        let mut pairs = recycle(std::mem::take(&mut json.pairs));
        if bytes.iter().all(u8::is_ascii_whitespace) {
            match &mut self.stage {
                Stage::Sampling { rows, .. } => rows.push((json.line, Vec::new())),
                Stage::Reading(_) => self.read_fields(json.line, &|_| Some(""), &|| true, &|| false),
                _ => self.count_waiting(true),
            }
            return;
        }
        if let Err(e) = jsonl::object_fields(bytes, &mut pairs) {
            // A first line that is no whole object: a JSON document
            // (pretty-printed), read whole at the end.
            if json.line == 1 && !json.lines_only && json.document.is_none() && matches!(self.stage, Stage::Sampling { .. }) {
                json.document = Some([bytes, b"\n"].concat());
                return;
            }
            self.report.lines_read += 1;
            let file = self.report.file.clone();
            self.report.reject(Rejection {
                file,
                line: json.line,
                column: "column 1".into(),
                kind: RejectionKind::NotJson,
                expected: e.to_string(),
                found: String::from_utf8_lossy(bytes).chars().take(60).collect(),
                unclosed_quote: false,
            });
            return;
        }
        let sampling = matches!(self.stage, Stage::Sampling { .. });
        let mut row = recycle(std::mem::take(&mut json.row));
        row.resize(json.keys.len(), None);
        for (i, &(key, value)) in pairs.iter().enumerate() {
            // Lines of one export spell their keys alike and in the same
            // order: the key at this position last time, compared as
            // written, saves normalising and hashing it on every line.
            let column = match json.last.get(i) {
                Some((last, column)) if jsonl::same(last, key.raw()) => *column,
                _ => {
                    let text = key.text();
                    let name = layout::normalise(&text);
                    let column = match json.columns.get(&name) {
                        Some(&c) => Some(c),
                        None if sampling => {
                            json.columns.insert(name, json.keys.len());
                            json.keys.push(text.into_owned());
                            row.push(None);
                            Some(json.keys.len() - 1)
                        }
                        None => None,
                    };
                    // While sampling a new key may still get a column.
                    if !sampling || column.is_some() {
                        let entry = (Box::from(key.raw()), column);
                        if i < json.last.len() {
                            json.last[i] = entry;
                        } else if i == json.last.len() {
                            json.last.push(entry);
                        }
                    }
                    column
                }
            };
            if let Some(column) = column.filter(|&c| row[c].is_none()) {
                row[column] = Some(value);
            }
        }
        match &mut self.stage {
            Stage::Sampling { header, rows, .. } => {
                *header = Some(json.keys.clone());
                rows.push((json.line, row.iter().map(|v| v.map(|v| v.text().into_owned()).unwrap_or_default()).collect()));
                if time_to_look(rows.len()) && self.sample_decides() {
                    self.decide_and_replay();
                }
            }
            // A key missing from a line is an empty field, as `null` is.
            // Only the columns the plan reads get their text (unescaped).
            Stage::Reading(reading) => {
                let p = &reading.plan;
                let used = [
                    Some(p.reseller),
                    Some(p.date),
                    Some(p.amount),
                    p.currency,
                    p.pricing_currency,
                    p.pc_to_bc_rate,
                    p.pricing_amount,
                    p.kind,
                    p.invoice,
                ];
                let texts: Vec<(usize, std::borrow::Cow<'_, str>)> =
                    used.into_iter().flatten().filter_map(|c| row.get(c).copied().flatten().map(|v| (c, v.text()))).collect();
                let blank = row.iter().all(|v| v.is_none_or(|v| v.is_empty()));
                let field = |i: usize| Some(texts.iter().find(|(c, _)| *c == i).map_or("", |(_, t)| t.as_ref()));
                self.read_fields(json.line, &field, &|| blank, &|| false)
            }
            _ => self.count_waiting(false),
        }
        // The buffers go back for the next line (their allocations kept).
        json.pairs = recycle(pairs);
        json.row = recycle(row);
    }

    fn start_records(&mut self, text: &[u8]) {
        let delimiter = sniff_delimiter(text);
        self.report.delimiter = Some(char::from(delimiter).to_string());
        self.records = Some(RecordReader::new(delimiter));
        self.stage = Stage::Header;
        self.feed_records(text);
    }

    fn feed_records(&mut self, text: &[u8]) {
        let Some(mut reader) = self.records.take() else { return };
        let result = reader.feed(text, &mut |record| self.on_record(record));
        if let Err(too_long) = result {
            self.on_record_too_long(too_long.line);
        }
        self.records = Some(reader);
    }

    fn end_records(&mut self) {
        if self.records.is_some() {
            self.feed_records(&[]);
        }
    }

    fn on_record_too_long(&mut self, line: u64) {
        self.report.lines_read += 1;
        let file = self.report.file.clone();
        self.report.reject(Rejection {
            file,
            line,
            column: "column 1".into(),
            kind: RejectionKind::RecordTooLong,
            expected: format!(
                "a line shorter than {} MB; an opening quote is probably never closed, so the rest of the file cannot be read",
                records::MAX_RECORD_BYTES >> 20
            ),
            found: String::new(),
            unclosed_quote: false,
        });
    }

    fn on_record(&mut self, record: &Record<'_>) {
        match &mut self.stage {
            Stage::Start | Stage::Header => self.on_first_record(record),
            Stage::Sampling { rows, .. } => {
                rows.push((record.line, record.to_strings()));
                if time_to_look(rows.len()) && self.sample_decides() {
                    self.decide_and_replay();
                }
            }
            Stage::Reading(_) => self.read_line(record),
            Stage::Waiting => self.count_waiting(record.is_blank()),
        }
    }

    fn count_waiting(&mut self, blank: bool) {
        self.report.lines_read += 1;
        let reason = if blank {
            ExclusionReason::BlankLine
        } else if self.report.questions.iter().any(|q| matches!(q, Question::DateOrder { .. })) {
            ExclusionReason::DateOrderUndecided
        } else if self.report.questions.iter().any(|q| matches!(q, Question::DecimalStyle { .. })) {
            ExclusionReason::DecimalStyleUndecided
        } else {
            ExclusionReason::NotMapped
        };
        self.report.exclude(reason, &LineAmount::none());
    }

    fn on_first_record(&mut self, record: &Record<'_>) {
        let fields = record.to_strings();
        self.report.header = fields.clone();
        if let Some(layout) = recognise(&fields) {
            match partner_center_plan(layout, &fields, self.options.date_column.as_ref()) {
                Ok(plan) => {
                    // Known columns, but not yet how their numbers and dates
                    // are written: a Partner Center file re-saved by Excel
                    // in another locale is the same layout (D18).
                    self.report.layout = Some(layout);
                    self.stage = Stage::Sampling { header: Some(fields), rows: Vec::new(), plan: Some(plan) };
                }
                Err(why) => {
                    self.report.layout = Some(layout);
                    self.report.questions.push(Question::MapColumns {
                        missing: vec![why],
                        suggested: layout::suggest_mapping(&fields),
                        no_reseller_column: false,
                        header: fields,
                        preview: Vec::new(),
                    });
                    self.stage = Stage::Waiting;
                }
            }
            return;
        }
        let has_header = self.options.has_header.unwrap_or_else(|| !looks_like_data(&fields));
        if has_header {
            self.stage = Stage::Sampling { header: Some(fields), rows: Vec::new(), plan: None };
        } else {
            self.report.header = (1..=fields.len()).map(|i| format!("column {i}")).collect();
            self.stage = Stage::Sampling { header: None, rows: vec![(record.line, fields)], plan: None };
        }
    }

    fn begin_reading(&mut self, plan: ColumnPlan, style: DecimalStyle, order: DateOrder) {
        let mut columns = BTreeMap::new();
        columns.insert("reseller".to_owned(), plan.column_name(plan.reseller));
        columns.insert("date".to_owned(), plan.column_name(plan.date));
        columns.insert("amount".to_owned(), plan.column_name(plan.amount));
        if let Some(c) = plan.currency {
            columns.insert("currency".to_owned(), plan.column_name(c));
        }
        if let Some(c) = plan.kind {
            columns.insert("type".to_owned(), plan.column_name(c));
        }
        self.report.columns = columns;
        self.report.decimal_style = Some(style);
        self.report.date_order = Some(order);
        let margin_factor = self.options.margin_percent.filter(|m| !m.is_zero()).map(|m| Decimal::ONE - m / Decimal::ONE_HUNDRED);
        self.stage = Stage::Reading(Box::new(Reading {
            plan,
            style,
            order,
            default_currency: self.options.default_currency.clone().unwrap_or_else(|| "USD".to_owned()).to_ascii_uppercase(),
            margin_factor,
        }));
    }

    /// The plan of a sampled table: a Partner Center layout's, else the
    /// mapping found from the header (or given), else the roles missing.
    fn sample_plan(
        &self,
        header: Option<&[String]>,
        rows: &[(u64, Vec<String>)],
        fixed: Option<&ColumnPlan>,
    ) -> Result<ColumnPlan, Vec<&'static str>> {
        // JSON lines have no header line: their layout is known only now.
        let json_layout = if self.json_lines { header.and_then(recognise) } else { None };
        match (fixed, json_layout) {
            (Some(plan), _) => Ok(plan.clone()),
            (None, Some(layout)) => {
                let header = header.unwrap_or_default();
                partner_center_plan(layout, header, self.options.date_column.as_ref())
                    .or_else(|_| generic_plan(Some(header), header.len(), &self.options.mapping))
            }
            (None, None) => {
                let width = header.map_or_else(|| rows.first().map_or(0, |r| r.1.len()), <[String]>::len);
                generic_plan(header, width, &self.options.mapping)
            }
        }
    }

    /// How the sample's numbers and dates are written (D18), the user's
    /// answers first: the amount columns (with a new-commerce file's rate and
    /// pricing amount) vote on the decimal mark; the date that places a line,
    /// and in a Partner Center file every date column, on the date order.
    fn sample_styles(&self, plan: &ColumnPlan, rows: &[(u64, Vec<String>)]) -> (StyleVote, OrderVote) {
        fn cell(row: &(u64, Vec<String>), c: usize) -> &str {
            row.1.get(c).map_or("", String::as_str)
        }
        let style = match self.options.decimal_style {
            Some(style) => StyleVote::Decided(style),
            None => {
                let amounts: Vec<usize> = [Some(plan.amount), plan.pc_to_bc_rate, plan.pricing_amount].into_iter().flatten().collect();
                decide_decimal_style(rows.iter().flat_map(|r| amounts.iter().map(move |&c| cell(r, c))))
            }
        };
        let order = match self.options.date_order {
            Some(order) => OrderVote::Decided(order),
            None => {
                let dates = plan.date_columns();
                decide_date_order(rows.iter().flat_map(|r| dates.iter().map(move |&c| cell(r, c))))
            }
        };
        (style, order)
    }

    /// True when the sample settles the styles (or cannot be planned, or is
    /// as large as sampling goes).
    fn sample_decides(&self) -> bool {
        let Stage::Sampling { header, rows, plan } = &self.stage else { return true };
        if rows.len() >= SAMPLE_LINES_MAX {
            return true;
        }
        match self.sample_plan(header.as_deref(), rows, plan.as_ref()) {
            Ok(plan) => matches!(self.sample_styles(&plan, rows), (StyleVote::Decided(_), order) if order.order().is_some()),
            Err(_) => true,
        }
    }

    /// Decides a table's plan and styles from the sample, then reads the
    /// sampled lines; or asks what the sample cannot settle.
    fn decide_and_replay(&mut self) {
        let Stage::Sampling { header, mut rows, plan } = std::mem::replace(&mut self.stage, Stage::Waiting) else {
            return;
        };
        let width = header.as_ref().map_or_else(|| rows.first().map_or(0, |r| r.1.len()), Vec::len);
        if self.json_lines {
            // Keys met after a line are empty fields of it, as `null` is.
            for (_, row) in &mut rows {
                row.resize(width, String::new());
            }
            self.report.header = header.clone().unwrap_or_default();
        }
        let plan = match self.sample_plan(header.as_deref(), &rows, plan.as_ref()) {
            Ok(plan) => plan,
            Err(missing) => {
                self.report.layout = None;
                let shown = header.clone().unwrap_or_else(|| (1..=width).map(|i| format!("column {i}")).collect());
                self.report.questions.push(Question::MapColumns {
                    missing: missing.into_iter().map(str::to_owned).collect(),
                    suggested: header.as_deref().map(layout::suggest_mapping).unwrap_or_default(),
                    no_reseller_column: header.as_deref().is_some_and(layout::partner_center_without_reseller),
                    header: shown,
                    preview: rows.iter().take(5).map(|r| r.1.clone()).collect(),
                });
                for (_, row) in &rows {
                    self.count_waiting(row.iter().all(|f| f.is_empty()));
                }
                return;
            }
        };
        self.report.layout = Some(plan.layout);
        let (style, order) = self.sample_styles(&plan, &rows);
        if let OrderVote::Ambiguous(examples) = &order {
            self.report.questions.push(Question::DateOrder { column: plan.column_name(plan.date), examples: examples.clone() });
        }
        if let StyleVote::Ambiguous(examples) = &style {
            self.report.questions.push(Question::DecimalStyle { column: plan.column_name(plan.amount), examples: examples.clone() });
        }
        let (StyleVote::Decided(style), Some(order)) = (style, order.order()) else {
            for (_, row) in &rows {
                self.count_waiting(row.iter().all(|f| f.is_empty()));
            }
            return;
        };
        self.begin_reading(plan, style, order);
        for (line, row) in rows {
            self.read_fields(line, &|i| row.get(i).map(String::as_str), &|| row.iter().all(|f| f.is_empty()), &|| {
                row.iter().any(|f| f.contains('\n'))
            });
        }
    }

    fn read_line(&mut self, record: &Record<'_>) {
        // The text is UTF-8 by now (the decoder transcoded other encodings);
        // a stray invalid byte can only make a date or amount unreadable,
        // which rejects the line with the field shown.
        // Both scans of the whole record run only for lines that need them.
        let blank = &|| record.is_blank();
        let spans_lines = &|| (0..record.len()).any(|i| record.get(i).is_some_and(|f| f.contains(&b'\n')));
        // One UTF-8 check for the whole record (fields end at ASCII
        // delimiters, so each is a slice of it), else field by field.
        match record.texts() {
            Some(text) => self.read_fields(record.line, &|i| text.get(i), blank, spans_lines),
            None => {
                self.read_fields(record.line, &|i| record.get(i).map(|b| std::str::from_utf8(b).unwrap_or("\u{fffd}")), blank, spans_lines)
            }
        }
    }

    /// Classifies one line: used, excluded or rejected.
    fn read_fields<'f>(
        &mut self,
        line: u64,
        field: &dyn Fn(usize) -> Option<&'f str>,
        blank: &dyn Fn() -> bool,
        spans_lines: &dyn Fn() -> bool,
    ) {
        let Stage::Reading(reading) = &self.stage else { return };
        self.report.lines_read += 1;
        let plan = &reading.plan;
        // A blank line has every needed field empty; only then scan it whole.
        let needed_empty = [plan.reseller, plan.date, plan.amount].iter().all(|&c| field(c).is_none_or(|f| f.trim().is_empty()));
        if needed_empty && blank() {
            self.report.exclude(ExclusionReason::BlankLine, &LineAmount::none());
            return;
        }
        let rejection = |report: &FileReport, column: usize, kind: RejectionKind, expected: &str, found: &str| Rejection {
            file: report.file.clone(),
            line,
            column: plan.column_name(column),
            kind,
            expected: expected.to_owned(),
            found: found.chars().take(60).collect(),
            unclosed_quote: false,
        };
        let reject = |report: &mut FileReport, column: usize, kind: RejectionKind, expected: &str, found: &str| {
            let r = rejection(report, column, kind, expected, found);
            report.reject(r);
        };
        for col in [plan.reseller, plan.date, plan.amount] {
            if field(col).is_none() {
                let mut expected =
                    format!("a value in column {} ({}); the line has fewer fields than the header", col + 1, plan.column_name(col));
                let unclosed_quote = spans_lines();
                if unclosed_quote {
                    expected.push_str(". A quote opened in this line is never closed, so the lines after it were read as one field");
                }
                let r = Rejection { unclosed_quote, ..rejection(&self.report, col, RejectionKind::MissingField, &expected, "") };
                self.report.reject(r);
                return;
            }
        }
        let date_text = field(plan.date).unwrap_or("");
        let date = match parse_date(date_text, reading.order) {
            Ok(d) => d,
            Err(e) => {
                reject(&mut self.report, plan.date, RejectionKind::BadDate, e.expected(reading.order), date_text);
                return;
            }
        };
        let amount_text = field(plan.amount).unwrap_or("");
        let original = match parse_amount(amount_text, reading.style) {
            Ok(a) => a,
            Err(e) => {
                reject(&mut self.report, plan.amount, RejectionKind::BadAmount, e.expected(reading.style), amount_text);
                return;
            }
        };
        let amount = convert(original, plan, reading, field, &self.rates);
        if amount.usd.is_none() && !self.report.missing_rates.contains(amount.currency.as_ref()) {
            self.report.missing_rates.insert(amount.currency.to_string());
        }
        if plan.kind.and_then(field).is_some_and(is_partner_of_record) {
            self.report.exclude(ExclusionReason::PartnerOfRecord, &amount);
            return;
        }
        let reseller = field(plan.reseller).unwrap_or("").trim();
        if reseller.is_empty() || reseller.trim_start_matches('0').is_empty() {
            self.report.exclude(ExclusionReason::NoReseller, &amount);
            return;
        }
        self.report.used.add(&amount);
        self.report.total.add(&amount);
        // D20: a monthly report's value counts on its month's first day.
        let date = if plan.layout == Layout::MonthlyReport {
            let month = crate::domain::dates::month_start(date);
            self.revenue.months.entry(reseller.to_owned()).or_default().entry(month).or_default().add(&amount);
            month
        } else {
            date
        };
        self.report.first_date = Some(self.report.first_date.map_or(date, |d| d.min(date)));
        self.report.last_date = Some(self.report.last_date.map_or(date, |d| d.max(date)));
        let invoice = plan.invoice.and_then(field).map(str::trim).unwrap_or("");
        let entry = match plan.layout {
            Layout::NceDailyUsage if !invoice.is_empty() => {
                let entry = self.revenue.daily_by_invoice.entry(invoice.to_owned()).or_default();
                entry.1.add(&amount);
                ledger_entry(&mut entry.0, reseller)
            }
            Layout::NceInvoice => {
                // Lines of one invoice come together: skip the set when unchanged.
                if !invoice.is_empty() && self.last_invoice != invoice {
                    invoice.clone_into(&mut self.last_invoice);
                    if !self.revenue.invoices.contains(invoice) {
                        self.revenue.invoices.insert(invoice.to_owned());
                    }
                }
                working_entry(&mut self.working, reseller)
            }
            _ => working_entry(&mut self.working, reseller),
        };
        match amount.usd {
            Some(usd) => entry.add_usd(date, usd),
            None => entry.add_unconverted(amount.currency.as_ref(), amount.original),
        }
    }
}

/// A fingerprint of a file's bytes for recognising the same file loaded
/// twice: 64-bit words mixed by multiply-rotate, the same however the bytes
/// are chunked. Not cryptographic (nothing adversarial is at stake: a
/// collision would only count two files once, with the sizes equal too); a
/// fifth of SipHash's cost, which showed as 7% of the CLI's profile.
#[derive(Default)]
struct Fingerprint {
    hash: u64,
    tail: [u8; 8],
    tail_len: usize,
}

impl Fingerprint {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn mix(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }

    fn write(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.mix(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    fn finish(&self) -> u64 {
        let mut last = [0u8; 8];
        last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        let mut h = (self.hash.rotate_left(23) ^ u64::from_le_bytes(last) ^ self.tail_len as u64).wrapping_mul(Self::K);
        // Final avalanche (murmur3's fmix64).
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 33;
        h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    }
}

/// Builds [`FastHasher`]s.
#[derive(Clone, Copy, Default)]
struct BuildFast;

impl std::hash::BuildHasher for BuildFast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(Fingerprint::default())
    }
}

/// The fingerprint's mixing as a `Hasher`, for short keys (reseller IDs).
/// Not DoS-resistant, which a file read on the user's own machine does not need.
struct FastHasher(Fingerprint);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

fn working_entry<'l>(
    ledger: &'l mut std::collections::HashMap<Box<str>, ResellerRevenue, BuildFast>,
    reseller: &str,
) -> &'l mut ResellerRevenue {
    if !ledger.contains_key(reseller) {
        ledger.insert(reseller.into(), ResellerRevenue::default());
    }
    ledger.get_mut(reseller).expect("inserted above")
}

/// Adds every tenant's revenue of `from` to `into`.
fn merge_ledger(into: &mut Ledger, from: &Ledger) {
    for (reseller, revenue) in from {
        ledger_entry(into, reseller).merge(revenue);
    }
}

fn ledger_entry<'l>(ledger: &'l mut Ledger, reseller: &str) -> &'l mut ResellerRevenue {
    if !ledger.contains_key(reseller) {
        ledger.insert(reseller.to_owned(), ResellerRevenue::default());
    }
    ledger.get_mut(reseller).expect("inserted above")
}

/// The line's USD amount by D10: USD as it is; a USD amount the file implies
/// (D10a); a user rate (D10b); else unconverted (D10c). D14 margin applied.
fn convert<'a, 'f: 'a>(
    original: Decimal,
    plan: &ColumnPlan,
    reading: &'a Reading,
    field: &dyn Fn(usize) -> Option<&'f str>,
    rates: &IngestOptions,
) -> LineAmount<'a> {
    use std::borrow::Cow;
    let currency: Cow<'a, str> = match plan.currency.and_then(field).map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.bytes().any(|b| b.is_ascii_lowercase()) => Cow::Owned(c.to_ascii_uppercase()),
        Some(c) => Cow::Borrowed(c),
        None => Cow::Borrowed(reading.default_currency.as_str()),
    };
    let pricing_usd = plan.pricing_currency.and_then(field).is_some_and(|c| c.trim().eq_ignore_ascii_case("USD"));
    // A line already in USD keeps every decimal it has (D19): only a
    // converted amount is rounded to cents (D11).
    if currency == "USD" {
        let usd = match reading.margin_factor {
            Some(f) => original.checked_mul(f),
            None => Some(original),
        };
        return LineAmount { usd: usd.map(Money), currency, original: Money(original) };
    }
    let raw: Option<Decimal> = if let (true, Some(rate)) =
        (pricing_usd, plan.pc_to_bc_rate.and_then(field).and_then(|r| parse_amount(r, reading.style).ok()).filter(|r| *r > Decimal::ZERO))
    {
        // Most lines of a new-commerce file: the integer shortcut, same cents.
        if reading.margin_factor.is_none() {
            if let Some(cents) = crate::domain::money::div_round_cents(original, rate) {
                return LineAmount { usd: Some(Money(cents)), currency, original: Money(original) };
            }
        }
        original.checked_div(rate)
    } else if let (true, Some(pricing)) =
        (pricing_usd, plan.pricing_amount.and_then(field).and_then(|a| parse_amount(a, reading.style).ok()))
    {
        Some(pricing)
    } else {
        rates.rate(&currency).and_then(|r| original.checked_mul(r))
    };
    let usd = raw
        .and_then(|v| match reading.margin_factor {
            Some(f) => v.checked_mul(f),
            None => Some(v),
        })
        .map(|v| Money(round_cents(v)));
    LineAmount { usd, currency, original: Money(original) }
}

/// D15: a type that names a partner-of-record attribution.
fn is_partner_of_record(kind: &str) -> bool {
    let contains = |needle: &str| {
        kind.len() >= needle.len() && kind.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    kind.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("cpor") || w.eq_ignore_ascii_case("dpor") || w.eq_ignore_ascii_case("pal"))
        || (kind.len() >= 16 && (contains("partner admin link") || contains("partner of record")))
}

/// True when a first line holds a date and an amount: data, not a header.
fn looks_like_data(fields: &[String]) -> bool {
    let has_date = fields.iter().any(|f| parse_date(f, DateOrder::MonthFirst).is_ok() || parse_date(f, DateOrder::DayFirst).is_ok());
    let has_amount = fields.iter().any(|f| {
        f.chars().any(|c| c.is_ascii_digit())
            && (parse_amount(f, DecimalStyle::Point).is_ok() || parse_amount(f, DecimalStyle::Comma).is_ok())
    });
    has_date && has_amount
}

/// How far reading a stream has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub done: u64,
    /// Bytes in all, when known.
    pub total: Option<u64>,
}

/// Reading was cancelled by the progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Reads a file chunk by chunk (memory stays bounded whatever its size),
/// calling `progress` after each chunk; the callback cancels by returning
/// `ControlFlow::Break`. A chunk that fails to arrive ends with its error.
pub fn read_stream<E>(
    name: &str,
    chunks: impl IntoIterator<Item = Result<Vec<u8>, E>>,
    total: Option<u64>,
    options: FileOptions,
    rates: &IngestOptions,
    progress: &mut dyn FnMut(Progress) -> std::ops::ControlFlow<()>,
) -> Result<Result<FileResult, Cancelled>, E> {
    let mut reader = FileReader::new(name, options, rates.clone());
    let mut done = 0u64;
    for chunk in chunks {
        let chunk = chunk?;
        done += chunk.len() as u64;
        reader.feed(&chunk);
        if progress(Progress { done, total }).is_break() {
            return Ok(Err(Cancelled));
        }
    }
    Ok(Ok(reader.finish()))
}

/// Why a member of a ZIP archive (named `archive.zip/member`) is not read:
/// it is no data file the reader knows (a PDF, an image), by its name.
/// `None` for a data file, and for a name that is no archive member.
pub fn skipped_archive_member(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let (_, member) = lower.split_once(".zip/")?;
    let member = member.trim_end_matches(".gz");
    let data = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx"].iter().any(|ext| member.ends_with(ext));
    (!data).then(|| {
        "not a data file (CSV, TSV, TXT, JSON lines, .gz): skipped; extract the revenue files from the archive if they are named otherwise"
            .to_owned()
    })
}

/// The account's error for a gzip file whose data end early or are
/// corrupt: the lines read before the break are counted (CLI and browser).
pub fn gzip_break(lines: u64, ends_early: bool, detail: &str) -> String {
    let how = if ends_early { "ends early" } else { "is corrupt" };
    let detail = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
    format!("the gzip data {how} after {} lines{detail}: the lines read are counted, the rest of the file is missing", thousands(lines))
}

/// `12345` as `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads a whole file held in memory.
pub fn read_file(name: &str, bytes: &[u8], options: FileOptions, rates: &IngestOptions) -> FileResult {
    let mut reader = FileReader::new(name, options, rates.clone());
    for chunk in bytes.chunks(1 << 20) {
        reader.feed(chunk);
    }
    reader.finish()
}

impl FileResult {
    /// A file that could not be read at all, with why (a damaged archive,
    /// an archive member that is no data file).
    pub fn failed(name: &str, why: String) -> FileResult {
        let mut result = FileReader::new(name, FileOptions::default(), IngestOptions::default()).finish();
        result.report.error = Some(why);
        result
    }

    /// Joins the result of a reader resumed at this file's end
    /// ([`FileReader::resume`]), whose lines start after `lines` lines.
    pub fn append(&mut self, later: FileResult, lines: u64) {
        let (r, l) = (&mut self.report, later.report);
        r.lines_read += l.lines_read;
        r.bytes += l.bytes;
        r.used.merge(&l.used);
        r.total.merge(&l.total);
        for (reason, tally) in &l.excluded {
            r.excluded.entry(*reason).or_default().merge(tally);
        }
        r.rejected.lines += l.rejected.lines;
        for mut rejection in l.rejected.first {
            if r.rejected.first.len() < MAX_REJECTIONS_KEPT {
                rejection.line += lines;
                r.rejected.first.push(rejection);
            }
        }
        r.missing_rates.extend(l.missing_rates);
        r.first_date = r.first_date.into_iter().chain(l.first_date).min();
        r.last_date = r.last_date.into_iter().chain(l.last_date).max();
        merge_ledger(&mut self.revenue.ledger, &later.revenue.ledger);
        for (invoice, (ledger, tally)) in later.revenue.daily_by_invoice {
            let entry = self.revenue.daily_by_invoice.entry(invoice).or_default();
            merge_ledger(&mut entry.0, &ledger);
            entry.1.merge(&tally);
        }
        self.revenue.invoices.extend(later.revenue.invoices);
        for (reseller, months) in later.revenue.months {
            for (month, tally) in months {
                self.revenue.months.entry(reseller.clone()).or_default().entry(month).or_default().merge(&tally);
            }
        }
        // The same bytes always split at the same point: a stable fingerprint.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.fingerprint, later.fingerprint).hash(&mut h);
        self.fingerprint = (h.finish(), self.fingerprint.1 + later.fingerprint.1);
    }
}

/// D20: a monthly report's value for a reseller and month that line-level
/// files cover, shown beside what the lines give (never added to them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossCheck {
    /// The reseller.
    pub reseller_id: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// What the report says.
    pub report_usd: Money,
    /// What the loaded lines give for that month.
    pub lines_usd: Money,
    /// `lines_usd − report_usd`.
    pub difference_usd: Money,
}

/// The last day of `month`'s month.
fn month_end(month: NaiveDate) -> NaiveDate {
    crate::domain::dates::add_months(month, 1).and_then(|d| d.pred_opt()).unwrap_or(month)
}

/// The (reseller, month, tally) of a monthly report `file` that line-level
/// revenue `lines` covers: a reseller with revenue dated in that month.
fn covered_months<'f>(file: &'f FileResult, lines: &'f Ledger) -> impl Iterator<Item = (&'f str, NaiveDate, &'f Tally)> + 'f {
    file.revenue.months.iter().flat_map(move |(reseller, months)| {
        months
            .iter()
            .filter(move |(month, _)| lines.get(reseller).is_some_and(|r| r.days.range(**month..=month_end(**month)).next().is_some()))
            .map(move |(month, tally)| (reseller.as_str(), *month, tally))
    })
}

/// The files loaded so far, combined.
#[derive(Debug, Default)]
pub struct Ingest {
    files: Vec<FileResult>,
}

impl Ingest {
    /// Nothing loaded.
    pub fn new() -> Self {
        Ingest::default()
    }

    /// Adds a finished file. The same bytes loaded again count once.
    pub fn add(&mut self, mut file: FileResult) {
        if let Some(first) = self.files.iter().find(|f| f.fingerprint == file.fingerprint && f.report.duplicate_of.is_none()) {
            let r = &mut file.report;
            r.duplicate_of = Some(first.report.file.clone());
            let mut moved = r.used.clone();
            for (reason, t) in std::mem::take(&mut r.excluded) {
                if reason != ExclusionReason::DuplicateFile {
                    moved.merge(&t);
                }
            }
            r.used = Tally::default();
            r.excluded.insert(ExclusionReason::DuplicateFile, moved);
            r.missing_rates.clear();
            file.revenue = FileRevenue::default();
        }
        self.files.push(file);
    }

    /// The per-file accounts, with daily usage that gives way to an invoice
    /// file, and monthly report values that give way to line-level files
    /// (D20), moved from used to excluded.
    pub fn reports(&self) -> Vec<FileReport> {
        let invoices = self.invoices();
        let lines = self.line_ledger(&invoices);
        self.files
            .iter()
            .map(|f| {
                let mut report = f.report.clone();
                for (invoice, (_, tally)) in &f.revenue.daily_by_invoice {
                    if invoices.contains(invoice) {
                        report.used.subtract(tally);
                        report.excluded.entry(ExclusionReason::DailyUsageDetail).or_default().merge(tally);
                    }
                }
                for (_, _, tally) in covered_months(f, &lines) {
                    report.used.subtract(tally);
                    report.excluded.entry(ExclusionReason::MonthlyReportCrossCheck).or_default().merge(tally);
                }
                if let Some(manifest) = &f.revenue.manifest {
                    let loaded: Vec<&str> =
                        self.files.iter().filter(|o| o.revenue.manifest.is_none()).map(|o| o.report.file.as_str()).collect();
                    report.warnings = graph::check(manifest, &loaded);
                }
                report
            })
            .collect()
    }

    fn invoices(&self) -> BTreeSet<&String> {
        self.files.iter().flat_map(|f| f.revenue.invoices.iter()).collect()
    }

    /// Revenue per reseller of the line-level files (monthly reports aside).
    fn line_ledger(&self, invoices: &BTreeSet<&String>) -> Ledger {
        let mut combined = Ledger::new();
        for f in self.files.iter().filter(|f| f.report.layout != Some(Layout::MonthlyReport)) {
            merge_ledger(&mut combined, &f.revenue.ledger);
            for (invoice, (ledger, _)) in &f.revenue.daily_by_invoice {
                if !invoices.contains(invoice) {
                    merge_ledger(&mut combined, ledger);
                }
            }
        }
        combined
    }

    /// Revenue per reseller across every file: line-level files, and monthly
    /// reports for the resellers and months no line-level file covers (D20).
    pub fn ledger(&self) -> Ledger {
        let invoices = self.invoices();
        let mut combined = self.line_ledger(&invoices);
        let lines = combined.clone();
        for f in self.files.iter().filter(|f| f.report.layout == Some(Layout::MonthlyReport)) {
            let covered: BTreeSet<(&str, NaiveDate)> = covered_months(f, &lines).map(|(r, m, _)| (r, m)).collect();
            for (reseller, revenue) in &f.revenue.ledger {
                let mut kept = revenue.clone();
                kept.days.retain(|day, _| !covered.contains(&(reseller.as_str(), *day)));
                kept.lines = f.revenue.months.get(reseller).map_or(0, |m| {
                    m.iter().filter(|(month, _)| !covered.contains(&(reseller.as_str(), **month))).map(|(_, t)| t.lines).sum()
                });
                ledger_entry(&mut combined, reseller).merge(&kept);
            }
        }
        combined
    }

    /// D20: each monthly report value that line-level files cover, beside
    /// the lines' revenue for that reseller and month.
    pub fn cross_checks(&self) -> Vec<CrossCheck> {
        let invoices = self.invoices();
        let lines = self.line_ledger(&invoices);
        let mut checks: BTreeMap<(String, NaiveDate), CrossCheck> = BTreeMap::new();
        for f in &self.files {
            for (reseller, month, tally) in covered_months(f, &lines) {
                let lines_usd = lines.get(reseller).map_or(Money::ZERO, |r| r.total(month..=month_end(month)).net());
                let check = checks.entry((reseller.to_owned(), month)).or_insert_with(|| CrossCheck {
                    reseller_id: reseller.to_owned(),
                    month,
                    report_usd: Money::ZERO,
                    lines_usd,
                    difference_usd: Money::ZERO,
                });
                check.report_usd += tally.usd;
                check.difference_usd = check.lines_usd - check.report_usd;
            }
        }
        checks.into_values().collect()
    }

    /// The earliest and latest date of any counted line (for D12b).
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.files.iter().filter(|f| f.report.duplicate_of.is_none()).filter_map(|f| f.report.first_date).min()?;
        let last = self.files.iter().filter(|f| f.report.duplicate_of.is_none()).filter_map(|f| f.report.last_date).max()?;
        Some((first, last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_chunking_and_sees_every_byte() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let of = |chunk: usize, bytes: &[u8]| {
            let mut f = Fingerprint::default();
            for c in bytes.chunks(chunk) {
                f.write(c);
            }
            f.finish()
        };
        let whole = of(10_000, &bytes);
        for chunk in [1, 3, 7, 8, 9, 4096] {
            assert_eq!(of(chunk, &bytes), whole, "chunk {chunk}");
        }
        let mut changed = bytes.clone();
        changed[5_000] ^= 1;
        assert_ne!(of(64, &changed), whole);
        assert_ne!(of(64, &bytes[..9_999]), whole);
    }

    fn read(text: &str, options: FileOptions) -> FileResult {
        read_file("t.csv", text.as_bytes(), options, &IngestOptions::default())
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
        let r = read(&text, FileOptions::default()).report;
        assert_eq!(r.layout, Some(Layout::NceInvoice));
        assert_eq!(r.lines_read, 7);
        assert_eq!(r.used.lines, 3);
        assert_eq!(r.used.usd, Money("77.78".parse().unwrap()));
        assert_eq!(r.used.unconverted.get("GBP"), Some(&Money("10.00".parse().unwrap())));
        assert_eq!(r.excluded[&ExclusionReason::NoReseller].lines, 2);
        assert_eq!(r.excluded[&ExclusionReason::NoReseller].usd, Money("11.00".parse().unwrap()));
        assert_eq!(r.rejected.lines, 2);
        assert_eq!((r.rejected.first[0].line, r.rejected.first[0].column.as_str()), (5, "OrderDate"));
        assert_eq!(r.rejected.first[0].kind, RejectionKind::BadDate);
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
        assert_eq!((r.report.layout, r.report.used.lines, r.report.rejected.lines), (Some(Layout::NceInvoice), 2_500, 0));
        assert_eq!(r.revenue.ledger.len(), 3);
        assert_eq!(r.report.columns["reseller"], "Tier2MpnId");
    }

    #[test]
    fn a_header_only_file_reads_no_line() {
        let r = read(INVOICE_HEADER, FileOptions::default()).report;
        assert_eq!((r.layout, r.lines_read), (Some(Layout::NceInvoice), 0));
        assert!(r.reconciles());
        let r = read("", FileOptions::default()).report;
        assert_eq!((r.layout, r.lines_read), (None, 0));
    }

    #[test]
    fn short_lines_name_the_missing_column() {
        let text = format!("{INVOICE_HEADER}G1,1,4816859\n");
        let r = read(&text, FileOptions::default()).report;
        assert_eq!(r.rejected.first[0].kind, RejectionKind::MissingField);
        assert_eq!(r.rejected.first[0].column, "OrderDate");
    }

    #[test]
    fn excludes_partner_of_record_lines() {
        let text = "Reseller,Datum,Betrag,Art\n1,2025-01-01,10.00,CPOR\n1,2025-01-01,5.00,Lizenz\n1,2025-01-01,3.00,PAL\n";
        let r = read(text, FileOptions::default()).report;
        assert_eq!(r.excluded[&ExclusionReason::PartnerOfRecord].lines, 2);
        assert_eq!(r.used.usd, Money("5.00".parse().unwrap()));
    }

    #[test]
    fn asks_for_the_date_order_when_the_column_cannot_tell() {
        let text = "Reseller,Date,Amount\n1,03/04/2025,1.00\n1,05/06/2025,2.00\n";
        let r = read(text, FileOptions::default()).report;
        assert!(matches!(&r.questions[0], Question::DateOrder { column, .. } if column == "Date"));
        assert_eq!(r.excluded[&ExclusionReason::DateOrderUndecided].lines, 2);
        assert!(r.reconciles());
        let chosen = read(text, FileOptions { date_order: Some(DateOrder::DayFirst), ..FileOptions::default() });
        assert_eq!(chosen.report.used.lines, 2);
        assert_eq!(chosen.revenue.ledger["1"].span().unwrap().0, NaiveDate::from_ymd_opt(2025, 4, 3).unwrap());
        let decided = read("Reseller,Date,Amount\n1,03/04/2025,1.00\n1,25/06/2025,2.00\n", FileOptions::default());
        assert_eq!(decided.report.date_order, Some(DateOrder::DayFirst));
    }

    #[test]
    fn an_unknown_table_asks_for_a_mapping() {
        let text = "who,when,how much\n7,2025-01-01,1\n";
        let r = read(text, FileOptions::default()).report;
        assert!(matches!(&r.questions[0], Question::MapColumns { missing, .. } if missing.len() == 3));
        assert_eq!(r.excluded[&ExclusionReason::NotMapped].lines, 1);
        let mapped =
            read(text, FileOptions { mapping: ColumnMapping::parse("reseller=who,date=when,amount=3").unwrap(), ..FileOptions::default() });
        assert_eq!(mapped.report.used.lines, 1);
    }

    #[test]
    fn a_paste_without_header_maps_by_position() {
        let text = "4816859\t01.02.2025\t1.234,50\tEUR\n4816859\t01.03.2025\t-34,50\tEUR\n";
        let options =
            FileOptions { mapping: ColumnMapping::parse("reseller=1,date=2,amount=3,currency=4").unwrap(), ..FileOptions::default() };
        let rates = IngestOptions { rates: [("EUR".to_owned(), "1.1".parse().unwrap())].into() };
        let r = read_file("paste", text.as_bytes(), options, &rates);
        assert_eq!(r.report.lines_read, 2);
        assert_eq!(r.report.decimal_style, Some(DecimalStyle::Comma));
        assert_eq!(r.report.used.usd, Money("1320.00".parse().unwrap()));
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
        assert!(reports.iter().all(FileReport::reconciles));
    }

    #[test]
    fn a_stream_reports_progress_and_can_be_cancelled() {
        use std::ops::ControlFlow;
        let text = format!("{INVOICE_HEADER}G1,1,4816859,1/25/2025,new,100.00,USD,USD,1\n").repeat(1);
        let chunks: Vec<Result<Vec<u8>, ()>> = text.as_bytes().chunks(10).map(|c| Ok(c.to_vec())).collect();
        let total = text.len() as u64;
        let mut seen = Vec::new();
        let done = read_stream("s.csv", chunks.clone(), Some(total), FileOptions::default(), &IngestOptions::default(), &mut |p| {
            seen.push(p.done);
            ControlFlow::Continue(())
        });
        assert_eq!(done.unwrap().unwrap().report.used.lines, 1);
        assert_eq!(seen.last(), Some(&total));
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
        let cancelled = read_stream("s.csv", chunks, Some(total), FileOptions::default(), &IngestOptions::default(), &mut |p| {
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
            &IngestOptions::default(),
            &mut |_| ControlFlow::Continue(()),
        );
        assert_eq!(failed.err(), Some("disk gone"));
    }

    #[test]
    fn margin_discounts_resale_prices() {
        let text = "Reseller,Date,Amount\n1,2025-01-01,100.00\n";
        let r = read(text, FileOptions { margin_percent: Some("10".parse().unwrap()), ..FileOptions::default() });
        assert_eq!(r.report.used.usd, Money("90.00".parse().unwrap()));
    }
}
