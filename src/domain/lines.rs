//! The lines behind a tenant's figures: every line of the loaded files that
//! names the tenant, each with what it counts for and where: in **TTM now**,
//! in **the next evaluation's window** (dated on or before the as-of date),
//! **rolling off** before the evaluation (a line can be in several), or why
//! it is **excluded**.
//!
//! The lines come from the files read again with [`FileOptions::lines`]
//! asking for the tenant's ([`LineDetail`]); combining decides what the
//! figures decided ([`LineContext::fate`]: a file loaded twice, daily usage
//! given way to its invoice, a monthly report's month covered by lines); the
//! date ranges are the figures' own ([`FigureRanges`]). So, to the cent:
//!
//! - the lines in the window sum to `secured_usd` less the revenue through
//!   other providers (D13);
//! - the lines rolling off sum to `roll_off_usd`;
//! - the lines in TTM now sum to `ttm_net_usd` (to `ttm_gross_usd`, summing
//!   only positive lines, under D7's gross basis).
//!
//! `tests/lines.rs` holds those sums for random files.
//!
//! [`FileOptions::lines`]: super::ingest::FileOptions::lines

use super::assess::FigureRanges;
use super::export::{Cell, Sheet};
use super::ingest::{ExclusionReason, LineContext, LineDetail, LineRead};
use super::message::Message;
use super::money::Money;
use super::policy::RevenueBasis;
use chrono::NaiveDate;

/// The lines one file kept ([`super::ingest::FinishedFile::lines`]), and
/// where the file stands among the files combined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLines {
    /// Its position among the files combined ([`LineContext::fate`]).
    pub index: usize,
    /// The file's name.
    pub file: String,
    /// Its lines, as read.
    pub lines: Vec<LineDetail>,
}

/// Why a line counts for nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    /// A rule, or combining the files, excluded it (D15, D16, D20, a file
    /// loaded twice, daily usage already in the invoice).
    Rule {
        /// Which.
        reason: ExclusionReason,
    },
    /// Its currency has no rate to USD (D10c): it waits for one.
    NoRate {
        /// The currency.
        currency: String,
    },
    /// It could not be read.
    Rejected {
        /// The column.
        column: String,
        /// What was expected there (English).
        expected: String,
        /// What was found.
        found: String,
    },
}

impl Exclusion {
    /// The exclusion as a code: the exclusion reason's JSON name,
    /// `no_rate` or `rejected` (the export's `excluded` column).
    pub fn code(&self) -> &'static str {
        match self {
            Exclusion::Rule { reason } => reason.code(),
            Exclusion::NoRate { .. } => "no_rate",
            Exclusion::Rejected { .. } => "rejected",
        }
    }

    /// Why, in words.
    pub fn message(&self) -> Message {
        match self {
            Exclusion::Rule { reason } => reason.message(),
            Exclusion::NoRate { currency } => {
                Message::new("no rate from {currency} to USD entered (not counted until one is)").with("currency", currency)
            }
            Exclusion::Rejected { column, expected, found } => {
                Message::new("not readable: column {column}: expected {expected}, found “{found}”")
                    .with("column", super::ingest::layout::column_in_words(column))
                    .with("expected", expected)
                    .with("found", found)
            }
        }
    }
}

/// One line behind a tenant's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRow {
    /// The file it is in.
    pub file: String,
    /// The line as read.
    pub detail: LineDetail,
    /// It counts in TTM now.
    pub in_ttm_now: bool,
    /// It counts in the next evaluation's window (dated by the as-of date):
    /// it is secured.
    pub in_window: bool,
    /// It counts in TTM now but drops out before the evaluation.
    pub rolls_off: bool,
    /// Why it counts for nothing, if it does not count.
    pub excluded: Option<Exclusion>,
}

impl LineRow {
    /// The USD the line adds to a figure on `basis` (a negative line adds
    /// nothing on the gross basis, D7), if it counts.
    pub fn counts_for(&self, basis: RevenueBasis) -> Option<Money> {
        let usd = self.detail.usd.filter(|_| self.excluded.is_none())?;
        match basis {
            RevenueBasis::Gross if usd.0.is_sign_negative() => Some(Money::ZERO),
            _ => Some(usd),
        }
    }
}

/// The sums of the lines, exact (round to cents where shown, D19).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineSums {
    /// Lines listed.
    pub lines: u64,
    /// Lines that count (in USD).
    pub counted: u64,
    /// Lines that count for nothing.
    pub excluded: u64,
    /// Lines in TTM now, and their sum.
    pub in_ttm_now: u64,
    /// The sum of the lines in TTM now.
    pub ttm_now_usd: Option<Money>,
    /// Lines in the window.
    pub in_window: u64,
    /// The sum of the lines in the window (secured, less other providers).
    pub window_usd: Option<Money>,
    /// Lines rolling off.
    pub rolls_off: u64,
    /// The sum of the lines rolling off.
    pub roll_off_usd: Option<Money>,
}

/// A tenant's lines (or a file's unattributed lines), sorted by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TenantLines {
    /// The lines, by date (undated last), then file and line.
    pub rows: Vec<LineRow>,
    /// Their sums.
    pub sums: LineSums,
}

/// The rows of `files`' kept lines: what combining made of each
/// (`context`), and the figures each counts in (`ranges`), summed on
/// `basis`.
pub fn explain(files: Vec<FileLines>, context: &LineContext, ranges: &FigureRanges, basis: RevenueBasis) -> TenantLines {
    let mut rows = Vec::with_capacity(files.iter().map(|f| f.lines.len()).sum());
    let mut order = Vec::with_capacity(rows.capacity());
    for FileLines { index, file, lines } in files {
        for detail in lines {
            let excluded = match (&detail.read, context.fate(index, &detail)) {
                (_, Some(reason)) => Some(Exclusion::Rule { reason }),
                (LineRead::Excluded { reason }, None) => Some(Exclusion::Rule { reason: *reason }),
                (LineRead::Rejected { column, expected, found }, None) => {
                    Some(Exclusion::Rejected { column: column.clone(), expected: expected.clone(), found: found.clone() })
                }
                (LineRead::Used, None) if detail.usd.is_none() => Some(Exclusion::NoRate { currency: detail.currency.clone() }),
                (LineRead::Used, None) => None,
            };
            let counted = excluded.is_none();
            let within = |range: &Option<std::ops::RangeInclusive<NaiveDate>>| {
                counted && detail.date.is_some_and(|d| range.as_ref().is_some_and(|r| r.contains(&d)))
            };
            let row = LineRow {
                in_ttm_now: within(&Some(ranges.ttm.clone())),
                in_window: within(&ranges.window),
                rolls_off: within(&ranges.roll_off),
                file: file.clone(),
                detail,
                excluded,
            };
            order.push((row.detail.date.is_none(), row.detail.date, index, row.detail.line));
            rows.push(row);
        }
    }
    let mut keyed: Vec<_> = order.into_iter().zip(rows).collect();
    keyed.sort_by_key(|(key, _)| *key);
    let rows: Vec<LineRow> = keyed.into_iter().map(|(_, r)| r).collect();
    let sums = sums(&rows, ranges, basis);
    TenantLines { rows, sums }
}

/// The sums of `rows`: `None` for a figure there is no range for (no
/// evaluation: nothing secured, nothing rolling off).
fn sums(rows: &[LineRow], ranges: &FigureRanges, basis: RevenueBasis) -> LineSums {
    let mut s = LineSums { lines: rows.len() as u64, ..LineSums::default() };
    let (mut ttm, mut window, mut roll_off) = (Money::ZERO, Money::ZERO, Money::ZERO);
    for row in rows {
        let Some(usd) = row.counts_for(basis) else {
            s.excluded += 1;
            continue;
        };
        s.counted += 1;
        for (flag, count, sum) in [
            (row.in_ttm_now, &mut s.in_ttm_now, &mut ttm),
            (row.in_window, &mut s.in_window, &mut window),
            (row.rolls_off, &mut s.rolls_off, &mut roll_off),
        ] {
            if flag {
                *count += 1;
                *sum += usd;
            }
        }
    }
    s.ttm_now_usd = Some(ttm);
    s.window_usd = ranges.window.as_ref().map(|_| window);
    s.roll_off_usd = ranges.roll_off.as_ref().map(|_| roll_off);
    s
}

/// The export's columns: the same in CSV, German CSV and `.xlsx`.
pub const COLUMNS: [&str; 13] = [
    "file",
    "line",
    "reseller_id",
    "date",
    "product",
    "amount",
    "currency",
    "usd",
    "in_ttm_now",
    "in_window",
    "rolls_off",
    "excluded",
    "reason",
];

/// The lines as an export sheet: a header, then a row per line. Amounts
/// keep every decimal they have; `reason` is in `words`' language.
pub fn lines_sheet(name: &str, lines: &TenantLines, words: &dyn Fn(&Message) -> String) -> Sheet {
    let yes_no = |b: bool| Cell::Text(if b { "yes" } else { "no" }.into());
    let mut rows = vec![COLUMNS.iter().map(|c| Cell::Text((*c).to_owned())).collect::<Vec<_>>()];
    for r in &lines.rows {
        let d = &r.detail;
        rows.push(vec![
            Cell::Text(r.file.clone()),
            Cell::Int(Some(d.line as i64)),
            Cell::Text(d.reseller_id.clone().unwrap_or_default()),
            Cell::Date(d.date),
            Cell::Text(d.product.clone()),
            Cell::Amount(d.amount),
            Cell::Text(d.currency.clone()),
            Cell::Amount(d.usd),
            yes_no(r.in_ttm_now),
            yes_no(r.in_window),
            yes_no(r.rolls_off),
            Cell::Text(r.excluded.as_ref().map_or("", Exclusion::code).to_owned()),
            Cell::Text(r.excluded.as_ref().map(|e| words(&e.message())).unwrap_or_default()),
        ]);
    }
    Sheet { name: name.to_owned(), rows }
}
