//! UTF-8 text to CSV records, in chunks, with exact line numbers.
//!
//! Design note. `csv-core` does the quoting (fields with commas, doubled
//! quotes, JSON-like lists, line breaks inside quotes) without allocating per
//! record; this wrapper keeps one reusable buffer for the record in progress,
//! so a record may span any number of chunks. Line numbers are counted here:
//! a record's line is the 1-based line of its first byte, whatever blank lines
//! or CRLF pairs came before it.

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
            fields: vec![0; 4096],
            ends: vec![0; 64],
            nout: 0,
            nend: 0,
            newlines: 0,
            start_line: None,
            done: false,
        }
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
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(());
                }
            }
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
