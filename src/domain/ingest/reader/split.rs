//! One file read in parts: each later reader resumes at a line start with
//! what the first settled, and the results are joined in order.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::{FileReader, Reading, Stage};
use crate::domain::ingest::account::{ExchangeRates, FileAccount, FileOptions, FinishedFile, MAX_REJECTIONS_KEPT};
use crate::domain::ingest::combine::merge_ledger;
use crate::domain::ingest::kind::FileKind;
use crate::domain::ingest::records::RecordReader;
use crate::domain::ingest::text::{TextDecoder, TextEncoding};

/// From this size a plain file is read in parts by several readers (the
/// browser's workers, the CLI's threads); below it, by one.
pub const PARALLEL_FROM: u64 = 64 << 20;

/// The most readers one file is read by (in the browser each a worker with
/// its own Wasm memory).
pub const MAX_READERS: u32 = 8;

/// How many readers read a file of `kind` and `size` bytes with `cores` to
/// read on: only text is cut into parts (gzip data's offsets in the text are
/// not known up front; a workbook is read whole).
pub fn readers_for(kind: FileKind, size: u64, cores: u32) -> u32 {
    if kind != FileKind::Plain || size < PARALLEL_FROM || cores < 2 {
        1
    } else {
        cores.min(MAX_READERS)
    }
}

/// Where a file of `size` bytes read by `n` readers is cut: `n - 1` offsets
/// in order, each then moved on to the next line start by the shell (which
/// reads the bytes). With two readers the cut is a little past the middle
/// (65/128): the later reader starts once the first has settled its plan,
/// a few thousand lines in, so the first reads a little more meanwhile.
pub fn cut_targets(size: u64, n: u32) -> Vec<u64> {
    let n = u64::from(n.max(1));
    (1..n)
        .map(|k| {
            let wide = u128::from(size);
            let at = if n == 2 { wide * 65 / 128 } else { wide * u128::from(k) / u128::from(n) };
            at as u64
        })
        .collect()
}

/// What a reader has settled about its file once it reads lines with a plan
/// (encoding, delimiter, layout, columns, number and date styles): enough
/// for another reader to read a later part of the same file at the same
/// time ([`FileReader::resume`]). Design note: a large file is read in parts
/// by several readers (in the browser up to eight workers, one per core; in
/// the CLI one thread per core), each later one from a line start; each
/// reader, on reaching the next part's start, checks that it is a record
/// boundary ([`FileReader::boundary`]) — a line break inside quotes is not —
/// and the results are joined in order with [`FinishedFile::append`]
/// ([`join_parts`]). Tests compare the joined result with a single reader's
/// on every split point.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResumePoint {
    delimiter: u8,
    encoding: TextEncoding,
    reading: Reading,
    account: FileAccount,
}

impl FileReader {
    /// Once lines are read with a plan, what another reader needs to read a
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
        let mut report = FileAccount::new(&self.account.file);
        report.layout = self.account.layout;
        report.encoding = self.account.encoding;
        report.delimiter = self.account.delimiter.clone();
        report.decimal_style = self.account.decimal_style;
        report.date_order = self.account.date_order;
        report.header = self.account.header.clone();
        report.columns = self.account.columns.clone();
        Some(ResumePoint { delimiter: records.delimiter(), encoding, reading: (**reading).clone(), account: report })
    }

    /// A reader for a later part of a file, starting at a line start, with
    /// what the first reader settled. Its line numbers count from that
    /// point; [`FinishedFile::append`] moves them.
    pub fn resume(options: FileOptions, rates: ExchangeRates, point: ResumePoint) -> Self {
        let mut reader = FileReader::new(&point.account.file, options, rates);
        reader.head = None;
        reader.decoder = TextDecoder::continuing(point.encoding);
        reader.records = Some(RecordReader::continuing(point.delimiter));
        reader.stage = Stage::Reading(Box::new(point.reading));
        reader.account = point.account;
        reader
    }

    /// When everything fed so far ends exactly between two records (no
    /// record, quote or character pending): the number of lines read, which
    /// is where a reader resumed at this point counts from.
    pub fn boundary(&self) -> Option<u64> {
        let (Stage::Reading(_), Some(records)) = (&self.stage, &self.records) else { return None };
        (self.decoder.is_idle() && records.at_boundary()).then(|| records.lines())
    }
}

impl FinishedFile {
    /// Joins the result of a reader resumed at this file's end
    /// ([`FileReader::resume`]), whose lines start after `lines` lines.
    pub fn append(&mut self, later: FinishedFile, lines: u64) {
        let (r, l) = (&mut self.account, later.account);
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
        if let Some(kept) = later.lines {
            let shifted = kept.into_iter().map(|mut d| {
                d.line += lines;
                d
            });
            self.lines.get_or_insert_with(Vec::new).extend(shifted);
        }
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

/// The results of the readers of one file's consecutive parts, joined in
/// order as they come: the one piece of joining the CLI ([`join_parts`]) and
/// the browser's reader (`FileIngest::join_part`) share. Each part's reader
/// read from its part's start (a line start) and either ended between two
/// records at its part's end, after some lines, or read on to the file's
/// end (its part ended inside a quoted line break, or it is the last part);
/// after one that read on, no later part is joined.
#[derive(Default)]
pub struct PartJoin {
    joined: Option<FinishedFile>,
    /// Lines of the file before the next part.
    before: u64,
    /// A part read on to the file's end: nothing more to join.
    complete: bool,
}

impl PartJoin {
    /// Joins the next part's result: its reader ended between two records
    /// after `lines` lines (`Some`), or read on to the file's end (`None`).
    /// Returns whether a later part is still to be joined.
    pub fn add(&mut self, part: FinishedFile, lines: Option<u64>) -> bool {
        if self.complete {
            return false;
        }
        match self.joined.as_mut() {
            None => self.joined = Some(part),
            Some(joined) => joined.append(part, self.before),
        }
        match lines {
            Some(lines) => self.before += lines,
            None => self.complete = true,
        }
        !self.complete
    }

    /// The whole file's result, once a part was added.
    pub fn finish(self) -> Option<FinishedFile> {
        self.joined
    }
}

/// Joins the readers of consecutive parts of one file, read at the same
/// time: `first` from the file's start, each of `rest` resumed at the start
/// of its part ([`FileReader::resume`]), none finished yet. Where a part
/// does not end between two records (a line break inside quotes), the part
/// after it is read again into the same reader by `reread(k, reader)` (k:
/// the part's index, 1 for the first of `rest`), and its own reader is
/// dropped. The result equals one reader's over the whole file
/// (`tests/parts.rs`), apart from the fingerprint, which is that of
/// the same parts.
pub fn join_parts<E>(
    first: FileReader,
    rest: Vec<FileReader>,
    mut reread: impl FnMut(usize, &mut FileReader) -> Result<(), E>,
) -> Result<FinishedFile, E> {
    let mut join = PartJoin::default();
    let mut current = first;
    for (k, next) in rest.into_iter().enumerate() {
        match current.boundary() {
            Some(lines) => {
                join.add(current.finish(), Some(lines));
                current = next;
            }
            None => reread(k + 1, &mut current)?,
        }
    }
    // The last reader reads to the file's end.
    join.add(current.finish(), None);
    Ok(join.finish().expect("one reader at least was finished"))
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    #[test]
    fn large_files_are_cut_for_every_core_up_to_eight() {
        let plain = FileKind::Plain;
        assert_eq!((readers_for(plain, PARALLEL_FROM - 1, 4), readers_for(plain, PARALLEL_FROM, 1)), (1, 1));
        assert_eq!((readers_for(plain, PARALLEL_FROM, 2), readers_for(plain, 1 << 40, 64)), (2, MAX_READERS));
        assert_eq!((readers_for(FileKind::Gzip, 1 << 40, 8), readers_for(FileKind::Zip, 1 << 40, 8)), (1, 1), "only text is cut");
        assert_eq!(cut_targets(128, 2), vec![65], "two readers: a little past the middle");
        assert_eq!(cut_targets(1000, 4), vec![250, 500, 750]);
        assert!(cut_targets(1000, 1).is_empty());
        assert_eq!(cut_targets(u64::MAX, 3).len(), 2, "no overflow");
        let cuts = cut_targets(u64::MAX, 8);
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
    }
}
