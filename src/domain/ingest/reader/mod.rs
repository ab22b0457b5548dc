//! The reader of one file: a state machine fed chunk by chunk, from the
//! first bytes (workbook, gzip or text) through the header and the sample
//! that settles the file's styles to the lines read with a plan.

mod json;
mod sample;
mod split;

pub use self::split::{cut_targets, join_parts, readers_for, PartJoin, ResumePoint, MAX_READERS, PARALLEL_FROM};

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use self::json::JsonLines;
use self::sample::{looks_like_data, time_to_look, SampleRow};
use super::account::{
    ExchangeRates, ExclusionReason, FileAccount, FileContribution, FileOptions, FinishedFile, LineAmount, Question, Rejection,
};
use super::combine::ledger_entry;
use super::convert::{convert, is_direct_sale, AmountRules, KindSeen};
use super::error::{FileError, Reason};
use super::fingerprint::{Fingerprint, Working};
use super::layout::{self, partner_center_plan, recognise, Attribution, ColumnPlan, Layout};
use super::lines::{KeptLines, LineDetail, LineRead};
use super::records::{sniff_delimiter, Record, RecordReader};
use super::text::{trim, TextDecoder};
use super::{kind, xlsx};
use crate::domain::dates::{parse_date, DateOrder};
use crate::domain::money::{parse_amount, DecimalStyle};

pub(crate) enum Stage {
    /// Waiting for the first line (to pick the delimiter).
    Start,
    /// Waiting for the first record.
    Header,
    /// A table being sampled to decide number and date styles (D18); `plan`
    /// is a Partner Center layout's, known from the header, else `None`
    /// (the mapping is decided with the styles).
    Sampling { header: Option<Vec<String>>, rows: Vec<SampleRow>, plan: Option<Box<ColumnPlan>> },
    /// Lines are read with a plan.
    Reading(Box<Reading>),
    /// The file cannot be read until the user answers a question.
    Waiting,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Reading {
    pub(crate) plan: ColumnPlan,
    pub(crate) order: DateOrder,
    pub(crate) amounts: AmountRules,
}

/// How Windows PowerShell's `Export-Csv` starts a file unless told not to.
const TYPE_LINE: &[u8] = b"#TYPE ";

/// Reads one file, chunk by chunk.
pub struct FileReader {
    account: FileAccount,
    options: FileOptions,
    rates: ExchangeRates,
    decoder: TextDecoder,
    records: Option<RecordReader>,
    first_line: Vec<u8>,
    stage: Stage,
    revenue: FileContribution,
    hasher: Fingerprint,
    /// The ledger while lines are read: hashed by reseller ID (a sorted map
    /// lookup per line was a sixth of the CLI's profile); sorted at `finish`.
    working: Working,
    /// An `.xlsx` workbook is gathered whole, then read at `finish`.
    workbook: Option<Vec<u8>>,
    /// The first bytes, until there are enough to tell a workbook from text.
    head: Option<Vec<u8>>,
    /// The invoice number of the previous line.
    last_invoice: String,
    /// The previous line's charge type, and whether it names a partner of
    /// record (D15): most lines repeat the one before.
    last_kind: KindSeen,
    /// A JSON-lines file: its keys so far and the line being gathered.
    json: Option<JsonLines>,
    /// Gzip data this build cannot open (nor gzip inside gzip): not read.
    compressed: bool,
    /// Gzip data being inflated: the file is what they give.
    #[cfg(feature = "gzip")]
    gunzip: Option<super::gzip::Gunzip>,
    /// The file is gzip data (their content is read; gzip in it is not).
    #[cfg(feature = "gzip")]
    inflated: bool,
    /// The file is JSON lines (`json` is taken out while a chunk is read).
    json_lines: bool,
    /// Rows given as values so far ([`FileReader::feed_row`]).
    rows_fed: u64,
    /// The lines kept in detail, when the options ask for some.
    kept: Option<KeptLines>,
}

/// A line's fields by column, as [`FileReader::read_fields`] takes them
/// from every caller but the fast path.
type Fields<'f> = dyn Fn(usize) -> Option<&'f str> + 'f;

impl FileReader {
    /// A reader for the file called `name`.
    pub fn new(name: &str, options: FileOptions, rates: ExchangeRates) -> Self {
        FileReader {
            account: FileAccount::new(name),
            kept: options.lines.clone().map(KeptLines::new),
            options,
            rates,
            decoder: TextDecoder::new(),
            records: None,
            first_line: Vec::new(),
            stage: Stage::Start,
            revenue: FileContribution::default(),
            hasher: Fingerprint::default(),
            working: Default::default(),
            workbook: None,
            head: Some(Vec::new()),
            last_invoice: String::new(),
            last_kind: KindSeen::default(),
            json: None,
            compressed: false,
            #[cfg(feature = "gzip")]
            gunzip: None,
            #[cfg(feature = "gzip")]
            inflated: false,
            json_lines: false,
            rows_fed: 0,
        }
    }

    /// The account so far (for progress displays).
    pub fn account(&self) -> &FileAccount {
        &self.account
    }

    /// Feeds the next chunk of the file's bytes.
    pub fn feed(&mut self, chunk: &[u8]) {
        #[cfg(feature = "gzip")]
        if let Some(mut gunzip) = self.gunzip.take() {
            gunzip.feed(chunk, &mut |text| self.feed_content(text));
            self.gunzip = Some(gunzip);
            return;
        }
        self.feed_content(chunk);
    }

    /// Feeds the next row of a table given as values (the app's own check:
    /// the purchases typed row by row), the first row its header: read as
    /// its CSV record would be, with no text in between (no delimiter,
    /// quoting or encoding to decide). A reader is fed rows or bytes, not
    /// both.
    pub fn feed_row(&mut self, fields: &[&str]) {
        self.head = None;
        self.rows_fed += 1;
        let mut bytes = Vec::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut spans = Vec::with_capacity(fields.len());
        for field in fields {
            let start = bytes.len();
            bytes.extend_from_slice(field.as_bytes());
            spans.push(Record::field_span(start, bytes.len()));
        }
        // Counted and fingerprinted as the same values are (a field ends
        // with a unit separator, a row with a line feed).
        for field in fields {
            self.hasher.write(field.as_bytes());
            self.hasher.write(b"\x1f");
        }
        self.hasher.write(b"\n");
        self.account.bytes += (bytes.len() + fields.len()) as u64;
        self.on_record(&Record::of_fields(&bytes, &spans, self.rows_fed));
    }

    /// The file's content (gzip data inflated): its bytes counted and
    /// fingerprinted, as the same content unpacked would be.
    fn feed_content(&mut self, chunk: &[u8]) {
        self.account.bytes += chunk.len() as u64;
        self.hasher.write(chunk);
        if let Some(head) = self.head.as_mut() {
            head.extend_from_slice(chunk);
            if head.len() >= kind::HEAD_BYTES {
                self.decide_format();
            }
            return;
        }
        self.feed_bytes(chunk);
    }

    /// What the file is ([`kind::file_kind`], the one decision): gzip data
    /// are inflated and their content read (as its own first bytes tell); a
    /// ZIP archive is a workbook; anything else is text.
    fn decide_format(&mut self) {
        let Some(head) = self.head.take() else { return };
        let gzip = kind::file_kind(&head) == kind::FileKind::Gzip;
        #[cfg(feature = "gzip")]
        if gzip && !self.inflated {
            self.inflated = true;
            // The compressed head was counted as content: the content is
            // what the data give.
            self.account.bytes = 0;
            self.hasher = Fingerprint::default();
            self.head = Some(Vec::new());
            let mut gunzip = super::gzip::Gunzip::default();
            gunzip.feed(&head, &mut |text| self.feed_content(text));
            self.gunzip = Some(gunzip);
            return;
        }
        if gzip {
            self.account.fail(FileError::GzipUnopened);
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
    pub fn finish(mut self) -> FinishedFile {
        #[cfg(feature = "gzip")]
        let gzip_stop = self.gunzip.take().and_then(|mut gunzip| gunzip.finish(&mut |text| self.feed_content(text)).err());
        self.decide_format();
        if let Some(workbook) = self.workbook.take().filter(|_| !self.compressed) {
            match xlsx::sheet_as_csv(&workbook, self.options.sheet.as_deref()) {
                Ok(sheet) => {
                    drop(workbook);
                    self.account.sheet = Some(sheet.sheet);
                    self.feed_text(&sheet.csv);
                }
                Err(why) => self.account.fail(why),
            }
        }
        let mut decoder = std::mem::take(&mut self.decoder);
        decoder.feed(&[], true, &mut |text| self.feed_text(text));
        self.account.encoding = decoder.encoding();
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
        let fingerprint = (self.hasher.finish(), self.account.bytes);
        // Gzip data that stopped early: the lines read count, and the file
        // says how many there were.
        #[cfg(feature = "gzip")]
        if let Some(stop) = gzip_stop {
            let lines = self.account.lines_read;
            self.account.fail(FileError::GzipBreak { lines, ends_early: stop.ends_early, detail: stop.detail });
        }
        FinishedFile { account: self.account, revenue: self.revenue, fingerprint, lines: self.kept.map(|k| k.lines) }
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

    /// Starts reading with the first line: JSON when it opens an object, or
    /// an array of objects (`[`, then `{`, `]` or the line's end: not a
    /// header of bracketed names like `[Date],[Amount]`), else CSV records.
    fn start(&mut self, text: &[u8]) {
        let mut opening = text.iter().filter(|b| !b.is_ascii_whitespace());
        let json = match opening.next() {
            Some(b'{') => true,
            Some(b'[') => matches!(opening.next(), None | Some(b'{' | b']')),
            _ => false,
        };
        if json {
            self.json = Some(JsonLines::default());
            self.json_lines = true;
            self.stage = Stage::Sampling { header: Some(Vec::new()), rows: Vec::new(), plan: None };
            self.feed_json(text, false);
        } else {
            self.start_records(text);
        }
    }

    fn start_records(&mut self, text: &[u8]) {
        // Windows PowerShell's Export-Csv writes `#TYPE <.NET type>` before
        // the header: the delimiter is the header's.
        let header = match text.strip_prefix(TYPE_LINE) {
            Some(rest) => rest.iter().position(|&b| b == b'\n').map_or(&[][..], |at| &rest[at + 1..]),
            None => text,
        };
        let delimiter = sniff_delimiter(header);
        self.account.delimiter = Some(char::from(delimiter).to_string());
        self.records = Some(RecordReader::new(delimiter));
        self.stage = Stage::Header;
        self.feed_records(text);
    }

    fn feed_records(&mut self, text: &[u8]) {
        let Some(mut reader) = self.records.take() else { return };
        // Once the columns are known, the fields after the last one read
        // are not split (the stage may change within a chunk: it takes
        // effect at the next).
        reader.split_up_to(match &self.stage {
            Stage::Reading(reading) => reading.plan.last_column() + 1,
            _ => usize::MAX,
        });
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

    /// Forgets every line read so far: a JSON document that breaks after
    /// its first items counts none of them (one message for the file, as
    /// when it breaks before), never the items before the break as if they
    /// were all.
    fn forget_lines(&mut self) {
        let mut account = FileAccount::new(&self.account.file);
        account.bytes = self.account.bytes;
        account.encoding = self.account.encoding;
        account.sheet = self.account.sheet.take();
        self.account = account;
        self.revenue = FileContribution::default();
        self.working = Default::default();
        if let Some(kept) = self.kept.as_mut() {
            kept.lines.clear();
        }
        self.stage = Stage::Waiting;
    }

    fn on_record_too_long(&mut self, line: u64) {
        self.account.lines_read += 1;
        let r = Rejection::new(&self.account.file, line, layout::unnamed_column(1), Reason::record_too_long(), "");
        self.keep_rejected(&r);
        self.account.reject(r);
    }

    /// Keeps a rejected line that names no tenant, if its lines are asked for.
    pub(super) fn keep_rejected(&mut self, r: &Rejection) {
        if let Some(kept) = self.kept.as_mut() {
            kept.offer_rejected(None, r);
        }
    }

    /// Keeps a line excluded before its fields were read (no tenant).
    fn keep_unread(&mut self, line: u64, reason: ExclusionReason) {
        if let Some(kept) = self.kept.as_mut() {
            kept.offer_unread(line, reason);
        }
    }

    fn on_record(&mut self, record: &Record<'_>) {
        match &mut self.stage {
            Stage::Start | Stage::Header => self.on_first_record(record),
            Stage::Sampling { rows, .. } => {
                rows.push(SampleRow::of_record(record));
                if time_to_look(rows.len()) && self.sample_decides() {
                    self.decide_and_replay();
                }
            }
            Stage::Reading(_) => self.read_line(record),
            Stage::Waiting => self.count_waiting(record.line, record.is_blank()),
        }
    }

    fn count_waiting(&mut self, line: u64, blank: bool) {
        self.account.lines_read += 1;
        let reason = if blank {
            ExclusionReason::BlankLine
        } else if self.account.questions.iter().any(|q| matches!(q, Question::DateOrder { .. })) {
            ExclusionReason::DateOrderUndecided
        } else if self.account.questions.iter().any(|q| matches!(q, Question::DecimalStyle { .. })) {
            ExclusionReason::DecimalStyleUndecided
        } else {
            ExclusionReason::NotMapped
        };
        self.account.exclude(reason, &LineAmount::none());
        self.keep_unread(line, reason);
    }

    fn on_first_record(&mut self, record: &Record<'_>) {
        let fields = record.to_strings();
        if record.line == 1 && fields.len() == 1 && fields[0].as_bytes().starts_with(TYPE_LINE) {
            // Counted as what it is; the header follows.
            self.account.lines_read += 1;
            self.account.exclude(ExclusionReason::TypeLine, &LineAmount::none());
            self.keep_unread(record.line, ExclusionReason::TypeLine);
            return;
        }
        self.account.header = fields.clone();
        if let Some(layout) = recognise(&fields) {
            match partner_center_plan(layout, &fields, self.options.date_column.as_ref()) {
                Ok(plan) => {
                    // Known columns, but not yet how their numbers and dates
                    // are written: a Partner Center file re-saved by Excel
                    // in another locale is the same layout (D18).
                    self.account.layout = Some(layout);
                    self.stage = Stage::Sampling { header: Some(fields), rows: Vec::new(), plan: Some(Box::new(plan)) };
                }
                Err(why) => {
                    self.account.layout = Some(layout);
                    self.account.questions.push(Question::MapColumns {
                        missing: vec![why.message().to_string()],
                        unmapped: vec![why],
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
            self.account.header = (1..=fields.len()).map(layout::unnamed_column).collect();
            self.stage = Stage::Sampling { header: None, rows: vec![SampleRow::new(record.line, &fields)], plan: None };
        }
    }

    fn begin_reading(&mut self, plan: ColumnPlan, style: DecimalStyle, order: DateOrder) {
        let mut columns = BTreeMap::new();
        if let Some(c) = plan.reseller.column() {
            columns.insert("reseller".to_owned(), plan.column_name(c));
        }
        columns.insert("date".to_owned(), plan.column_name(plan.date));
        columns.insert("amount".to_owned(), plan.column_name(plan.amount));
        if let Some(c) = plan.currency {
            columns.insert("currency".to_owned(), plan.column_name(c));
        }
        if let Some(c) = plan.kind {
            columns.insert("type".to_owned(), plan.column_name(c));
        }
        self.account.columns = columns;
        self.account.decimal_style = Some(style);
        self.account.date_order = Some(order);
        let margin_factor = self.options.margin_percent.filter(|m| !m.is_zero()).map(|m| Decimal::ONE - m / Decimal::ONE_HUNDRED);
        let default_currency = self.options.default_currency.clone().unwrap_or_else(|| "USD".to_owned()).to_ascii_uppercase();
        self.stage = Stage::Reading(Box::new(Reading { plan, order, amounts: AmountRules { style, default_currency, margin_factor } }));
    }

    fn read_line(&mut self, record: &Record<'_>) {
        // The text is UTF-8 by now (the decoder transcoded other encodings);
        // a stray invalid byte can only make a date or amount unreadable,
        // which rejects the line with the field shown.
        // Both scans of the whole record run only for lines that need them.
        let blank = &|| record.is_blank();
        let spans_lines = &|| (0..record.len()).any(|i| record.get(i).is_some_and(|f| f.contains(&b'\n')));
        // The fields as text, checked only where they hold bytes outside
        // ASCII and are read (`Record::texts`), else field by field.
        match record.texts() {
            Some(text) => self.read_fields(record.line, &|i| text.get(i), blank, spans_lines),
            None => {
                let field: &Fields<'_> = &|i| record.get(i).map(|b| std::str::from_utf8(b).unwrap_or("\u{fffd}"));
                self.read_fields(record.line, field, blank, spans_lines)
            }
        }
    }

    /// Classifies one line: used, excluded or rejected.
    ///
    /// Generic in `field` so that the fast path's field access is inlined
    /// (a line reads some twenty fields); other callers pass a `&dyn Fn`
    /// and share one copy.
    fn read_fields<'f, F: Fn(usize) -> Option<&'f str> + ?Sized>(
        &mut self,
        line: u64,
        field: &F,
        blank: &dyn Fn() -> bool,
        spans_lines: &dyn Fn() -> bool,
    ) {
        let Stage::Reading(reading) = &self.stage else { return };
        self.account.lines_read += 1;
        let plan = &reading.plan;
        // The needed fields, each read once: the reseller's (when a column
        // names it), the date's and the amount's.
        let reseller_field = plan.reseller.column().map(field);
        let (date_field, amount_field) = (field(plan.date), field(plan.amount));
        let needed = || reseller_field.into_iter().chain([date_field, amount_field]);
        // A blank line has every needed field empty; only then scan it whole.
        let needed_empty = needed().all(|f| f.is_none_or(|f| trim(f).is_empty()));
        if needed_empty && blank() {
            self.account.exclude(ExclusionReason::BlankLine, &LineAmount::none());
            if let Some(kept) = self.kept.as_mut() {
                kept.offer_unread(line, ExclusionReason::BlankLine);
            }
            return;
        }
        // The tenant the line names (`None`: a direct sale, D16).
        let reseller = match &plan.reseller {
            Attribution::Column(_) => trim(reseller_field.flatten().unwrap_or("")),
            Attribution::Tenant(tenant) => tenant.as_str(),
        };
        let tenant = (!is_direct_sale(reseller)).then_some(reseller);
        let kept = &mut self.kept;
        let mut reject = |report: &mut FileAccount, column: usize, reason: Reason, found: &str| {
            let r = Rejection::new(&report.file, line, plan.column_name(column), reason, found);
            if let Some(kept) = kept.as_mut() {
                kept.offer_rejected(tenant, &r);
            }
            report.reject(r);
        };
        for (col, f) in plan.needed().zip(needed()) {
            if f.is_none() {
                let reason = Reason::MissingField { position: col as u32 + 1, name: plan.column_name(col), unclosed_quote: spans_lines() };
                reject(&mut self.account, col, reason, "");
                return;
            }
        }
        let date_text = date_field.unwrap_or("");
        let date = match parse_date(date_text, reading.order) {
            Ok(d) => d,
            Err(error) => {
                reject(&mut self.account, plan.date, Reason::BadDate { error, order: reading.order }, date_text);
                return;
            }
        };
        let amount_text = amount_field.unwrap_or("");
        let original = match parse_amount(amount_text, reading.amounts.style) {
            Ok(a) => a,
            Err(error) => {
                reject(&mut self.account, plan.amount, Reason::BadAmount { error, style: reading.amounts.style }, amount_text);
                return;
            }
        };
        let amount = convert(original, plan, &reading.amounts, field, &self.rates);
        if amount.usd.is_none() && !self.account.missing_rates.contains(amount.currency.as_ref()) {
            self.account.missing_rates.insert(amount.currency.to_string());
        }
        // D20: a monthly report's value counts on its month's first day.
        let date = if plan.layout == Layout::MonthlyReport { crate::domain::dates::month_start(date) } else { date };
        let invoice = plan.invoice.and_then(field).map(trim).unwrap_or("");
        let partner_of_record = plan.kind.and_then(field).is_some_and(|kind| self.last_kind.is(kind));
        if let Some(kept) = self.kept.as_mut() {
            kept.offer(tenant, || {
                let read = if partner_of_record {
                    LineRead::Excluded { reason: ExclusionReason::PartnerOfRecord }
                } else if tenant.is_none() {
                    LineRead::Excluded { reason: ExclusionReason::NoReseller }
                } else {
                    LineRead::Used
                };
                LineDetail {
                    product: plan.product.and_then(field).map(trim).unwrap_or("").to_owned(),
                    daily_usage_invoice: (plan.layout == Layout::NceDailyUsage && !invoice.is_empty()).then(|| invoice.to_owned()),
                    monthly_report: plan.layout == Layout::MonthlyReport,
                    ..LineDetail::read(line, tenant, date, &amount, read)
                }
            });
        }
        if partner_of_record {
            self.account.exclude(ExclusionReason::PartnerOfRecord, &amount);
            return;
        }
        if tenant.is_none() {
            self.account.exclude(ExclusionReason::NoReseller, &amount);
            return;
        }
        self.account.used.add(&amount);
        self.account.total.add(&amount);
        if plan.layout == Layout::MonthlyReport {
            self.revenue.months.entry(reseller.to_owned()).or_default().entry(date).or_default().add(&amount);
        }
        self.account.first_date = Some(self.account.first_date.map_or(date, |d| d.min(date)));
        self.account.last_date = Some(self.account.last_date.map_or(date, |d| d.max(date)));
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
                self.working.entry(reseller)
            }
            _ => self.working.entry(reseller),
        };
        match amount.usd {
            Some(usd) => entry.add_usd(date, usd),
            None => entry.add_unconverted(amount.currency.as_ref(), amount.original),
        }
    }
}
