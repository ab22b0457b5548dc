//! UTF-8 text to CSV records, in chunks, with exact line numbers.
//!
//! Design note. `csv-core` does the quoting (fields with commas, doubled
//! quotes, JSON-like lists, line breaks inside quotes) without allocating per
//! record; this wrapper keeps one reusable buffer for the record in progress,
//! so a record may span any number of chunks. Line numbers are counted here:
//! a record's line is the 1-based line of its first byte, whatever blank lines
//! or CRLF pairs came before it.
//!
//! Speed. Most records of real files are plain: fields unquoted, or quoted
//! with doubled quotes inside and nothing after the closing quote, ending in
//! LF or CRLF. Those are split here by a fast path, instead of csv-core's
//! byte-by-byte state machine: a bit mask marks the delimiters, quotes and
//! line ends of 64 bytes at a time (SIMD where the target has it:
//! [`special_mask`](super::scan::special_mask)), and fields are found from one marked byte to the next.
//! Their bytes are not copied: a record's fields are ranges of the input,
//! except a quoted field with doubled quotes, which is copied once without
//! them. Any record the fast path is not sure of (a quote inside an unquoted
//! field, a line break inside quotes, a lone CR, a record cut by the chunk's
//! end, the end of the input) is left to csv-core from its first byte, so the
//! records are exactly csv-core's: `tests/parts.rs` compares both on
//! generated CSV in every chunking.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

pub use super::scan::{special_mask, SCANNER};
use super::scan::{HighBytes, Specials};

mod record;
use self::record::Rest;
use self::record::COPIED;
pub use self::record::{Record, RecordText};

/// A push parser: feed UTF-8 chunks, get records.
pub struct RecordReader {
    core: Reader,
    /// csv-core is at the start of a record (fresh or reset): the fast path
    /// may take the next record.
    core_fresh: bool,
    /// Use the fast path at all (off: csv-core only, for comparisons).
    fast: bool,
    delimiter: u8,
    /// csv-core's output: the fields of the record in progress, and their ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The record handed out: its spans, and the bytes the fast path copied.
    spans: Vec<(usize, usize)>,
    copied: Vec<u8>,
    /// The fast path splits a record's first `split` fields (at least), and
    /// leaves the rest as one stretch, checked but not split
    /// ([`RecordReader::split_up_to`]).
    split: usize,
    /// The record handed out: its stretch of fields not split, if any.
    rest: Option<(usize, usize)>,
    nout: usize,
    nend: usize,
    newlines: u64,
    start_line: Option<u64>,
    done: bool,
}

/// Longest record accepted, in bytes: a guard against a file with an
/// unbalanced quote swallowing gigabytes into one field.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// Why reading records stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordTooLong {
    /// Line where the record started.
    pub line: u64,
}

impl RecordReader {
    /// A reader for fields separated by `delimiter`.
    pub fn new(delimiter: u8) -> Self {
        RecordReader {
            core: ReaderBuilder::new().delimiter(delimiter).quote(b'"').double_quote(true).build(),
            // The first record goes through csv-core, which also skips a
            // UTF-8 byte-order mark at the very start.
            core_fresh: false,
            fast: true,
            delimiter,
            fields: vec![0; 4096],
            ends: vec![0; 64],
            spans: Vec::with_capacity(64),
            copied: Vec::with_capacity(256),
            split: usize::MAX,
            rest: None,
            nout: 0,
            nend: 0,
            newlines: 0,
            start_line: None,
            done: false,
        }
    }

    /// The delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Lines read so far (line breaks seen).
    pub fn lines(&self) -> u64 {
        self.newlines
    }

    /// True between two records: nothing of a record is pending.
    pub fn at_boundary(&self) -> bool {
        self.between_records() && !self.done
    }

    /// csv-core is at a record's start and holds nothing of one.
    fn between_records(&self) -> bool {
        self.core_fresh && self.nout == 0 && self.nend == 0 && self.start_line.is_none()
    }

    /// A reader for the rest of a stream, from a line start: like one that
    /// has read the lines before (a byte-order mark here is data).
    pub fn continuing(delimiter: u8) -> Self {
        let mut reader = RecordReader::new(delimiter);
        // csv-core skips a BOM only before its first byte: give it a blank line.
        let _ = reader.core.read_record(b"\n", &mut reader.fields, &mut reader.ends);
        reader.core_fresh = true;
        reader
    }

    /// Splits only a record's first `fields` fields (at least one) on the
    /// fast path, from the next chunk on: a reader that knows the columns
    /// it reads (a Partner Center file's last is its 37th of 46) leaves the
    /// rest of each line as one stretch ([`Record::rest`]), still checked
    /// to be a record csv-core reads alike (quotes only around whole
    /// fields, no line break inside them). `usize::MAX`: every field.
    pub fn split_up_to(&mut self, fields: usize) {
        self.split = fields.max(1);
    }

    /// The same reader without the fast path: every byte through csv-core.
    pub fn without_fast_path(delimiter: u8) -> Self {
        RecordReader { fast: false, ..RecordReader::new(delimiter) }
    }

    /// Feeds a chunk; `f` sees every record completed by it. An empty chunk
    /// means the end of input (the last record need not end with a newline).
    pub fn feed(&mut self, mut input: &[u8], f: &mut dyn FnMut(&Record<'_>)) -> Result<(), RecordTooLong> {
        if self.done {
            return Ok(());
        }
        let at_end = input.is_empty();
        loop {
            if self.fast && self.between_records() {
                let used = self.fast_records(input, f);
                input = &input[used..];
            }
            // csv-core reads an empty input as the end of the data.
            if input.is_empty() && !at_end {
                return Ok(());
            }
            let (res, nin, nout, nend) = self.core.read_record(input, &mut self.fields[self.nout..], &mut self.ends[self.nend..]);
            self.count_lines(&input[..nin]);
            if nin > 0 {
                self.core_fresh = false;
            }
            input = &input[nin..];
            self.nout += nout;
            self.nend += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if input.is_empty() && !at_end {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    if self.fields.len() >= MAX_RECORD_BYTES {
                        self.done = true;
                        return Err(RecordTooLong { line: self.start_line.unwrap_or(self.newlines + 1) });
                    }
                    let new_len = self.fields.len() * 2;
                    self.fields.resize(new_len, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let new_len = self.ends.len() * 2;
                    self.ends.resize(new_len, 0);
                }
                ReadRecordResult::Record => {
                    self.spans.clear();
                    let mut start = 0;
                    for &end in &self.ends[..self.nend] {
                        self.spans.push((start | COPIED, end | COPIED));
                        start = end;
                    }
                    let record = Record {
                        raw: &[],
                        copied: &self.fields[..self.nout],
                        spans: &self.spans,
                        rest: None,
                        line: self.start_line.unwrap_or(self.newlines + 1),
                        high: None,
                    };
                    f(&record);
                    self.nout = 0;
                    self.nend = 0;
                    self.start_line = None;
                    // Between records again. After a CR csv-core would swallow
                    // a following LF: a blank line to the fast path too.
                    self.core_fresh = true;
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(());
                }
            }
        }
    }

    /// Takes the plain records at the start of `input` (see the module's
    /// notes), hands each to `f`, and returns the bytes consumed: up to the
    /// first record it leaves to csv-core.
    fn fast_records(&mut self, input: &[u8], f: &mut dyn FnMut(&Record<'_>)) -> usize {
        let mut specials = Specials::new(input, self.delimiter);
        let mut pos = 0;
        loop {
            // Blank lines (LF or CRLF), as csv-core skips them.
            match &input[pos..] {
                [b'\n', ..] => {
                    specials.next();
                    self.newlines += 1;
                    pos += 1;
                    continue;
                }
                [b'\r', b'\n', ..] => {
                    specials.next();
                    specials.next();
                    self.newlines += 1;
                    pos += 2;
                    continue;
                }
                _ => {}
            }
            match self.fast_record(input, pos, &mut specials) {
                Some(end) => {
                    let record = Record {
                        raw: &input[pos..end],
                        copied: &self.copied,
                        spans: &self.spans,
                        rest: self.rest.map(|(from, to)| Rest { from, to, delimiter: self.delimiter }),
                        line: self.newlines + 1,
                        high: Some(specials.high_bytes()),
                    };
                    f(&record);
                    self.newlines += 1;
                    pos = end;
                }
                None => return pos,
            }
        }
    }

    /// Splits the plain record starting at `input[start]` into `spans`
    /// (relative to `start`) and `copied`, walking `specials` (whose next
    /// mark is the record's first at or after `start`); where it ends, after
    /// its line end, or `None` to leave it to csv-core.
    #[inline]
    fn fast_record(&mut self, input: &[u8], start: usize, specials: &mut Specials<'_>) -> Option<usize> {
        let d = self.delimiter;
        self.spans.clear();
        self.copied.clear();
        self.rest = None;
        specials.start_record(start);
        let mut field = start;
        loop {
            if self.spans.len() >= self.split {
                return self.skip_rest(input, start, field, specials);
            }
            // The fields ended by the delimiters before the block's next
            // quote or line end, at once.
            let (base, mut taken) = specials.take_delimiters();
            while taken != 0 {
                let at = base + taken.trailing_zeros() as usize;
                self.spans.push((field - start, at - start));
                field = at + 1;
                taken &= taken - 1;
            }
            if !specials.other_next()? {
                continue;
            }
            let mut at = specials.next();
            let mut b = *input.get(at)?;
            if b == b'"' {
                // A quote opens a field, else it is not plain.
                if at != field {
                    return None;
                }
                // Quoted: to the closing quote; delimiters inside are data, a
                // doubled quote is one quote, a line break goes to csv-core.
                let open = at + 1;
                // With doubled quotes, the field is copied without them as
                // the walk meets them: `copy_from` is where the next piece
                // starts, `None` while there was none.
                let from = self.copied.len();
                let mut copy_from = None;
                let close = closing_quote(input, specials, |q| {
                    self.copied.extend_from_slice(&input[copy_from.unwrap_or(open)..=q]);
                    copy_from = Some(q + 2);
                })?;
                match copy_from {
                    Some(piece) => {
                        self.copied.extend_from_slice(&input[piece..close]);
                        self.spans.push((from | COPIED, self.copied.len() | COPIED));
                    }
                    None => self.spans.push((open - start, close - start)),
                }
                // The closing quote is followed by the field's end.
                at = specials.next();
                if at != close + 1 {
                    return None;
                }
                b = *input.get(at)?;
                if b == d {
                    field = at + 1;
                    continue;
                }
            } else {
                self.spans.push((field - start, at - start));
            }
            // The end of the record.
            let end = match b {
                b'\n' => at + 1,
                b'\r' if input.get(at + 1) == Some(&b'\n') => {
                    specials.next();
                    at + 2
                }
                _ => return None,
            };
            // Far longer records are csv-core's, which limits them.
            return (end - start <= MAX_RECORD_BYTES / 2).then_some(end);
        }
    }

    /// The rest of the record from `field` (a field's first byte), not
    /// split: to its line end, with the checks [`RecordReader::fast_record`]
    /// makes (a quote opens a field and closes it before the field's end,
    /// no line break inside quotes, no lone CR), else `None` for csv-core.
    #[inline]
    fn skip_rest(&mut self, input: &[u8], start: usize, field: usize, specials: &mut Specials<'_>) -> Option<usize> {
        let d = self.delimiter;
        loop {
            // Delimiters end fields, nothing more to note here.
            specials.take_delimiters();
            if !specials.other_next()? {
                continue;
            }
            let at = specials.next();
            let (content_end, end) = match *input.get(at)? {
                b'"' => {
                    // The rest starts after a delimiter: `at - 1` is in the record.
                    if at != field && input[at - 1] != d {
                        return None;
                    }
                    let close = closing_quote(input, specials, |_| {})?;
                    match *input.get(close + 1)? {
                        b if b == d || b == b'\n' || b == b'\r' => continue,
                        _ => return None,
                    }
                }
                b'\n' => (at, at + 1),
                b'\r' if input.get(at + 1) == Some(&b'\n') => {
                    specials.next();
                    (at, at + 2)
                }
                _ => return None,
            };
            self.rest = Some((field - start, content_end - start));
            return (end - start <= MAX_RECORD_BYTES / 2).then_some(end);
        }
    }

    fn count_lines(&mut self, consumed: &[u8]) {
        if consumed.is_empty() {
            return;
        }
        if self.start_line.is_none() {
            if let Some(first) = consumed.iter().position(|&b| b != b'\n' && b != b'\r') {
                let before = consumed[..first].iter().filter(|&&b| b == b'\n').count() as u64;
                self.start_line = Some(self.newlines + before + 1);
            }
        }
        self.newlines += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

/// Picks the delimiter of a header line: the most frequent of `,` `;` tab
/// `|` outside quotes (comma on a tie or when none occurs).
pub fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    // On a tie a tab wins (a pasted `15.03.2026 ⇥ 450,00` line holds one
    // tab and one decimal comma), then the comma.
    let rank = |i: usize| match i {
        2 => 2,
        0 => 1,
        _ => 0,
    };
    let best = if counts == [0; 4] { 0 } else { (0..4).max_by_key(|&i| (counts[i], rank(i))).unwrap_or(0) };
    [b',', b';', b'\t', b'|'][best]
}

/// Walks a quoted field from its opening quote (handed out already) to its
/// closing quote, and returns where that is: delimiters inside are data, a
/// doubled quote is one quote (`doubled` is told where each is, both its
/// quotes handed out), a line break leaves the record to csv-core (`None`,
/// as at the input's end).
#[inline(always)]
fn closing_quote(input: &[u8], specials: &mut Specials<'_>, mut doubled: impl FnMut(usize)) -> Option<usize> {
    loop {
        let q = specials.next();
        match *input.get(q)? {
            b'\n' | b'\r' => return None,
            b'"' if input.get(q + 1) == Some(&b'"') => {
                specials.next();
                doubled(q);
            }
            b'"' => return Some(q),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn records(text: &str, delimiter: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut r = RecordReader::new(delimiter);
        let mut out = Vec::new();
        for c in text.as_bytes().chunks(chunk.max(1)) {
            r.feed(c, &mut |rec| out.push((rec.line, rec.to_strings()))).unwrap();
        }
        r.feed(&[], &mut |rec| out.push((rec.line, rec.to_strings()))).unwrap();
        out
    }

    #[test]
    fn honours_quotes_and_counts_lines() {
        let text = "a,b\r\n\r\n\"x, \"\"y\"\"\",\"multi\nline\"\n[\"15.0% PEC\"],z\n\nlast,1";
        for chunk in [1, 2, 3, 7, 1000] {
            let got = records(text, b',', chunk);
            assert_eq!(
                got,
                vec![
                    (1, vec!["a".into(), "b".into()]),
                    (3, vec!["x, \"y\"".into(), "multi\nline".into()]),
                    (5, vec!["[\"15.0% PEC\"]".into(), "z".into()]),
                    (7, vec!["last".into(), "1".into()]),
                ],
                "chunk size {chunk}"
            );
        }
    }

    #[test]
    fn grows_for_long_records() {
        let long = "x".repeat(100_000);
        let text = format!("{long};{long}\n1;2\n");
        let got = records(&text, b';', 4096);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1[1].len(), 100_000);
        assert_eq!(got[1], (2, vec!["1".into(), "2".into()]));
    }

    proptest! {
        /// The word-at-a-time check accepts exactly what `str::from_utf8`
        /// accepts: ASCII runs, multi-byte characters across word edges,
        /// stray continuation bytes, cut sequences.
        #[test]
        fn utf8_agrees_with_std(pieces in proptest::collection::vec(prop_oneof![
            Just(&b"abcdefgh"[..]), Just(&b"x,"[..]), Just("\u{fc}".as_bytes()), Just("\u{20ac}".as_bytes()),
            Just("\u{1d11e}".as_bytes()), Just(&[0x80][..]), Just(&[0xC3][..]), Just(&[0xE2, 0x82][..]), Just(&[0xFF][..]),
            Just("\u{7ff}".as_bytes()), Just("\u{80}".as_bytes()), Just(&[0xC0, 0x80][..]), Just(&[0xC1, 0xBF][..]), Just(&[0xDF][..]),
            Just(&[0xC3, 0xC3][..]), Just(&[0xED, 0xA0, 0x80][..]), Just(&b"0123456789abcdef"[..]),
        ], 0..40)) {
            let bytes = pieces.concat();
            prop_assert_eq!(record::utf8(&bytes), std::str::from_utf8(&bytes).ok());
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"Reseller-ID;Kunde;\"a,b\";Betrag\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
        assert_eq!(sniff_delimiter(b"Reseller|Date|Amount"), b'|');
        assert_eq!(sniff_delimiter(b"15.03.2026\t450,00\n"), b'\t');
    }
}
