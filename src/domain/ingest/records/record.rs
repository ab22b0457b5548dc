//! One record as the reader hands it out: its fields as ranges of the input
//! (or of one copy, for quoted fields with doubled quotes), and the line it
//! starts on.

use super::HighBytes;

/// One record: its fields (raw UTF-8 bytes) and the line it starts on.
pub struct Record<'a> {
    /// The record's bytes in the input (fast path), or empty.
    pub(super) raw: &'a [u8],
    /// Field bytes copied out of the input: a quoted field without its
    /// doubled quotes (fast path), or every field of a record csv-core read.
    pub(super) copied: &'a [u8],
    /// Each field's start and end: in `raw`, or in `copied` when marked
    /// with [`COPIED`].
    pub(super) spans: &'a [(usize, usize)],
    /// The fields after those split, left as one stretch of `raw`
    /// ([`RecordReader::split_up_to`](super::RecordReader::split_up_to)).
    pub(super) rest: Option<Rest>,
    /// 1-based line of the record's first byte.
    pub line: u64,
    /// Fast path: where `raw` has bytes of 0x80 or more (the scanner saw
    /// them); the rest of `raw` is ASCII. `None` for a record csv-core read.
    pub(super) high: Option<&'a HighBytes>,
}

/// Fields of a record not split: bytes `from..to` of its `raw` (without
/// the line end), the fields after the split ones.
#[derive(Clone, Copy)]
pub(super) struct Rest {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) delimiter: u8,
}

/// The mark of a span in a record's copied bytes (offsets stay far below:
/// records are at most [`MAX_RECORD_BYTES`]).
pub(super) const COPIED: usize = 1 << (usize::BITS - 1);

/// Whether a span is in the copied bytes, and its range there or in `raw`.
#[inline]
fn locate((start, end): (usize, usize)) -> (bool, std::ops::Range<usize>) {
    if start & COPIED != 0 {
        (true, start & !COPIED..end & !COPIED)
    } else {
        (false, start..end)
    }
}

impl<'a> Record<'a> {
    /// A record of fields given as values (a table the app was handed row
    /// by row, not as text): `bytes` every field one after the other,
    /// `spans` each field's start and end in them.
    pub fn of_fields(bytes: &'a [u8], spans: &'a [(usize, usize)], line: u64) -> Record<'a> {
        debug_assert!(spans.iter().all(|&(start, end)| start & COPIED != 0 && end & COPIED != 0));
        Record { raw: &[], copied: bytes, spans, rest: None, line, high: None }
    }

    /// A field's span for [`Record::of_fields`]: bytes `start..end` of its
    /// `bytes`.
    pub fn field_span(start: usize, end: usize) -> (usize, usize) {
        (start | COPIED, end | COPIED)
    }

    /// Number of fields split: all the record's, but for a reader that
    /// splits only the first few ([`Record::rest`]).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the record has no field.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The bytes of field `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let (copied, range) = locate(*self.spans.get(i)?);
        if copied {
            self.copied.get(range)
        } else {
            self.raw.get(range)
        }
    }

    /// Field `i` as trimmed text (empty past the end).
    pub fn text(&self, i: usize) -> std::borrow::Cow<'a, str> {
        match self.get(i) {
            Some(b) => match crate::domain::ingest::text::field_text(b) {
                std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.trim()),
                std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.trim().to_owned()),
            },
            None => std::borrow::Cow::Borrowed(""),
        }
    }

    /// The record as text: its fields as `&str` without a UTF-8 check of
    /// the bytes no one reads.
    ///
    /// A record of the fast path is ASCII but for the bytes the scanner
    /// marked (`high`), and each field lies between ASCII bytes (delimiters,
    /// quotes, line ends), so a field without a marked byte is text as it
    /// is; one with is checked when read ([`RecordText::get`]). A record
    /// csv-core read is checked whole here, and `None` when it is not
    /// UTF-8 or a field of it does not end between characters.
    pub fn texts(&self) -> Option<RecordText<'a>> {
        match &self.high {
            Some(high) => Some(RecordText { raw: self.raw, copied: self.copied, spans: self.spans, high: Some(high) }),
            None => {
                let copied = utf8(self.copied)?;
                // Fields that are UTF-8 together but not each alone (a
                // character cut by the delimiter) are read field by field.
                if !self.spans.iter().all(|&span| locate(span).1.end <= copied.len() && copied.is_char_boundary(locate(span).1.end)) {
                    return None;
                }
                Some(RecordText { raw: utf8(self.raw)?.as_bytes(), copied: copied.as_bytes(), spans: self.spans, high: None })
            }
        }
    }

    /// The fields after those split ([`Record::len`]), split now, by
    /// csv-core: none when every field was split.
    pub fn rest(&self) -> Vec<Vec<u8>> {
        let Some(Rest { from, to, delimiter }) = self.rest else { return Vec::new() };
        let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let input = self.raw.get(from..to).unwrap_or_default();
        // One empty field (the record ended with a delimiter): csv-core
        // reads an empty input as no record at all.
        if input.is_empty() {
            return vec![Vec::new()];
        }
        // The stretch is at most a record, so both buffers hold it.
        let (mut out, mut ends) = (vec![0u8; input.len() + 1], vec![0usize; input.len() + 2]);
        // A blank line first: csv-core skips a byte-order mark only at its
        // very start, and this is the middle of a record.
        let _ = reader.read_record(b"\n", &mut out, &mut ends);
        let (_, nin, nout, nend) = reader.read_record(input, &mut out, &mut ends);
        // The empty input after it ends the record.
        let (result, _, _, more) = reader.read_record(&[], &mut out[nout..], &mut ends[nend..]);
        debug_assert_eq!(nin, input.len());
        if result != csv_core::ReadRecordResult::Record {
            return Vec::new();
        }
        // Field ends count from the record's first output byte.
        let mut fields = Vec::with_capacity(nend + more);
        let mut start = 0;
        for &end in &ends[..nend + more] {
            fields.push(out[start..end].to_vec());
            start = end;
        }
        fields
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        let blank = |f: &[u8]| f.iter().all(u8::is_ascii_whitespace);
        (0..self.len()).all(|i| blank(self.get(i).unwrap_or_default())) && self.rest().iter().all(|f| blank(f))
    }

    /// All fields as owned trimmed strings (for headers and previews).
    pub fn to_strings(&self) -> Vec<String> {
        let rest = self.rest().into_iter().map(|f| crate::domain::ingest::text::field_text(&f).trim().to_owned());
        (0..self.len()).map(|i| self.text(i).into_owned()).chain(rest).collect()
    }
}

/// `bytes` as text when valid UTF-8. Records are mostly ASCII with a name
/// with an umlaut here and there: ASCII is skipped sixteen bytes at a time,
/// a two-byte character (every Latin letter with a mark) is checked here,
/// and only other stretches go through `str::from_utf8` (which steps by
/// `usize`, four bytes in Wasm, and costs a call per stretch).
pub(super) fn utf8(bytes: &[u8]) -> Option<&str> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |w: &[u8]| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    let mut i = 0;
    loop {
        // To the next byte of 0x80 or more (every byte before it is ASCII).
        while let Some(pair) = bytes.get(i..i + 16) {
            let (a, b) = (word(&pair[..8]) & HIGH, word(&pair[8..]) & HIGH);
            if a != 0 {
                i += a.trailing_zeros() as usize / 8;
                break;
            }
            if b != 0 {
                i += 8 + b.trailing_zeros() as usize / 8;
                break;
            }
            i += 16;
        }
        while bytes.get(i).is_some_and(u8::is_ascii) {
            i += 1;
        }
        let Some(&lead) = bytes.get(i) else { break };
        match bytes.get(i + 1) {
            // A two-byte character: C2..DF, then a continuation byte.
            Some(&next) if (0xc2..=0xdf).contains(&lead) && next & 0xc0 == 0x80 => i += 2,
            // Anything else from here to the next ASCII byte (a character
            // ends there): the standard check.
            _ => {
                let mut j = i + 1;
                while bytes.get(j).is_some_and(|&b| b >= 0x80) {
                    j += 1;
                }
                std::str::from_utf8(&bytes[i..j]).ok()?;
                i = j;
            }
        }
    }
    // SAFETY: every byte of `bytes` was checked above: ASCII, a two-byte
    // character, or a stretch `str::from_utf8` accepted between character
    // boundaries (an ASCII byte or an end on each side).
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// A record's fields as text ([`Record::texts`]).
pub struct RecordText<'a> {
    raw: &'a [u8],
    copied: &'a [u8],
    spans: &'a [(usize, usize)],
    /// Where `raw` has bytes of 0x80 or more, not yet known to be UTF-8
    /// (`None` when all is): fields with one, and copied ones when there
    /// is one, are checked as they are read.
    high: Option<&'a HighBytes>,
}

impl<'a> RecordText<'a> {
    /// Field `i`, or `None` past the end; U+FFFD for a field that is not
    /// UTF-8 (as reading a record field by field gives).
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let (copied, range) = locate(*self.spans.get(i)?);
        let unknown = self.high.is_some_and(|high| if copied { high.any() } else { high.any_in(range.start, range.end) });
        let bytes = if copied { self.copied } else { self.raw }.get(range)?;
        if unknown {
            return Some(utf8(bytes).unwrap_or("\u{fffd}"));
        }
        // SAFETY: the bytes are ASCII (no byte marked in `high`) or were
        // checked whole, and a field starts and ends between characters (ASCII
        // delimiters, quotes and line ends stand on each side).
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }
}
