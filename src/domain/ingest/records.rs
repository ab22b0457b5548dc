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
//! LF or CRLF. Those are split here by a fast path that finds the next
//! delimiter, quote or line end eight bytes at a time and copies whole runs
//! ([`find_special`]), instead of csv-core's byte-by-byte state machine. Any
//! record the fast path is not sure of (a quote inside an unquoted field, a
//! line break inside quotes, a lone CR, a record cut by the chunk's end, the
//! end of the input) is left to csv-core from its first byte, so the records
//! are exactly csv-core's: `tests/properties.rs` compares both on generated
//! CSV in every chunking.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// One record: its fields (raw UTF-8 bytes) and the line it starts on.
pub struct Record<'a> {
    fields: &'a [u8],
    ends: &'a [usize],
    /// 1-based line of the record's first byte.
    pub line: u64,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the record has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of field `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.fields.get(start..end)
    }

    /// Field `i` as trimmed text (empty past the end).
    pub fn text(&self, i: usize) -> std::borrow::Cow<'a, str> {
        match self.get(i) {
            Some(b) => match super::text::field_text(b) {
                std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.trim()),
                std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.trim().to_owned()),
            },
            None => std::borrow::Cow::Borrowed(""),
        }
    }

    /// All fields' bytes as one string, when they are valid UTF-8 (each
    /// field is then the slice [`Record::range`] gives).
    pub fn as_str(&self) -> Option<&'a str> {
        std::str::from_utf8(&self.fields[..self.ends.last().copied().unwrap_or(0)]).ok()
    }

    /// Where field `i` lies in [`Record::as_str`].
    pub fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(start..end)
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(u8::is_ascii_whitespace)
    }

    /// All fields as owned trimmed strings (for headers and previews).
    pub fn to_strings(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.text(i).into_owned()).collect()
    }
}

/// A push parser: feed UTF-8 chunks, get records.
pub struct RecordReader {
    core: Reader,
    /// csv-core is at the start of a record (fresh or reset): the fast path
    /// may take the next record.
    core_fresh: bool,
    /// Use the fast path at all (off: csv-core only, for comparisons).
    fast: bool,
    delimiter: u8,
    fields: Vec<u8>,
    ends: Vec<usize>,
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
        self.core_fresh && self.nout == 0 && self.nend == 0 && self.start_line.is_none() && !self.done
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

    /// The same reader without the fast path: every byte through csv-core.
    pub fn without_fast_path(delimiter: u8) -> Self {
        RecordReader { fast: false, ..RecordReader::new(delimiter) }
    }

    /// Feeds a chunk; `f` sees every record completed by it. An empty chunk
    /// means the end of input (the last record need not end with a newline).
    pub fn feed(
        &mut self,
        mut input: &[u8],
        f: &mut dyn FnMut(&Record<'_>),
    ) -> Result<(), RecordTooLong> {
        if self.done {
            return Ok(());
        }
        let at_end = input.is_empty();
        loop {
            if self.fast && self.core_fresh && self.nout == 0 && self.nend == 0 && self.start_line.is_none() {
                let used = self.fast_records(input, f);
                input = &input[used..];
            }
            // csv-core reads an empty input as the end of the data.
            if input.is_empty() && !at_end {
                return Ok(());
            }
            let (res, nin, nout, nend) = self.core.read_record(
                input,
                &mut self.fields[self.nout..],
                &mut self.ends[self.nend..],
            );
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
                    let record = Record {
                        fields: &self.fields[..self.nout],
                        ends: &self.ends[..self.nend],
                        line: self.start_line.unwrap_or(self.newlines + 1),
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
        let mut pos = 0;
        loop {
            // Blank lines (LF or CRLF), as csv-core skips them.
            let blank = match &input[pos..] {
                [b'\n', ..] => 1,
                [b'\r', b'\n', ..] => 2,
                _ => 0,
            };
            if blank > 0 {
                self.newlines += 1;
                pos += blank;
                continue;
            }
            match self.fast_record(&input[pos..]) {
                Some(len) => {
                    let record = Record { fields: &self.fields[..self.nout], ends: &self.ends[..self.nend], line: self.newlines + 1 };
                    f(&record);
                    self.newlines += 1;
                    self.nout = 0;
                    self.nend = 0;
                    pos += len;
                }
                None => {
                    self.nout = 0;
                    self.nend = 0;
                    return pos;
                }
            }
        }
    }

    /// Splits one plain record at the start of `line` into `fields`/`ends`;
    /// its length with the line end, or `None` to leave it to csv-core.
    fn fast_record(&mut self, line: &[u8]) -> Option<usize> {
        let d = self.delimiter;
        let mut i = 0;
        loop {
            if line.get(i) == Some(&b'"') {
                // Quoted: runs up to each quote; a doubled quote is one quote.
                i += 1;
                loop {
                    let q = i + find_byte(&line[i..], b'"')?;
                    let run = &line[i..q];
                    if run.contains(&b'\n') || run.contains(&b'\r') {
                        return None;
                    }
                    self.push_bytes(run)?;
                    if line.get(q + 1) == Some(&b'"') {
                        self.push_bytes(b"\"")?;
                        i = q + 2;
                    } else {
                        i = q + 1;
                        break;
                    }
                }
            } else {
                let s = i + find_special(&line[i..], d);
                if s == line.len() || line[s] == b'"' {
                    return None;
                }
                self.push_bytes(&line[i..s])?;
                i = s;
            }
            // After a field: the delimiter, or the end of the record.
            self.push_end();
            match line.get(i) {
                Some(&b) if b == d => i += 1,
                Some(b'\n') => return Some(i + 1),
                Some(b'\r') if line.get(i + 1) == Some(&b'\n') => return Some(i + 2),
                _ => return None,
            }
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.nout + bytes.len();
        if end > MAX_RECORD_BYTES / 2 {
            return None;
        }
        if end > self.fields.len() {
            self.fields.resize(end.next_power_of_two(), 0);
        }
        self.fields[self.nout..end].copy_from_slice(bytes);
        self.nout = end;
        Some(())
    }

    fn push_end(&mut self) {
        if self.nend == self.ends.len() {
            self.ends.resize(self.ends.len() * 2, 0);
        }
        self.ends[self.nend] = self.nout;
        self.nend += 1;
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

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Marks the zero bytes of `x` (the lowest mark is always exact).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// The first delimiter, quote, CR or LF in `hay` (or its length), eight
/// bytes at a time.
#[inline]
pub fn find_special(hay: &[u8], delimiter: u8) -> usize {
    let (d, q, cr, lf) = (LO * u64::from(delimiter), LO * u64::from(b'"'), LO * u64::from(b'\r'), LO * u64::from(b'\n'));
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let m = zero_bytes(w ^ d) | zero_bytes(w ^ q) | zero_bytes(w ^ cr) | zero_bytes(w ^ lf);
        if m != 0 {
            return at + (m.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + chunks.remainder().iter().position(|&b| b == delimiter || b == b'"' || b == b'\r' || b == b'\n').unwrap_or(chunks.remainder().len())
}

/// The first `byte` in `hay`, eight bytes at a time.
#[inline]
fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    let b = LO * u64::from(byte);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let m = zero_bytes(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ b);
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&x| x == byte).map(|p| at + p)
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
    let best = (0..4).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    [b',', b';', b'\t', b'|'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"Reseller-ID;Kunde;\"a,b\";Betrag\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
        assert_eq!(sniff_delimiter(b"Reseller|Date|Amount"), b'|');
    }
}
