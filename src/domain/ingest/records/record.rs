//! One record as the reader hands it out: its fields as ranges of the input
//! (or of one copy, for quoted fields with doubled quotes), and the line it
//! starts on.

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
    /// 1-based line of the record's first byte.
    pub line: u64,
    /// Fast path: the stretch of `raw` that holds all its bytes of 0x80 or
    /// more (the scanner saw them); the rest of `raw` is ASCII. `None` for a
    /// record csv-core read.
    pub(super) high: Option<std::ops::Range<usize>>,
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
        Record { raw: &[], copied: bytes, spans, line, high: None }
    }

    /// A field's span for [`Record::of_fields`]: bytes `start..end` of its
    /// `bytes`.
    pub fn field_span(start: usize, end: usize) -> (usize, usize) {
        (start | COPIED, end | COPIED)
    }

    /// Number of fields.
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

    /// The record as text, when all its bytes are valid UTF-8: one check
    /// for the whole record instead of one per field.
    ///
    /// Every field of the result lies on character boundaries: a field of
    /// the fast path is a stretch of `raw` between ASCII bytes (delimiters,
    /// quotes, line ends) or pieces of one without its doubled quotes; the
    /// fields csv-core copied are checked to end on boundaries.
    pub fn texts(&self) -> Option<RecordText<'a>> {
        let (raw, copied) = match &self.high {
            Some(high) => {
                utf8(self.raw.get(high.clone())?)?;
                debug_assert!(std::str::from_utf8(self.raw).is_ok(), "a record's non-ASCII bytes lie outside {high:?}");
                // SAFETY: `raw` is ASCII outside `high`, and `high` is UTF-8
                // and starts and ends between characters (an ASCII byte or
                // an end on each side), so all of `raw` is UTF-8; `copied`
                // holds pieces of `raw` between ASCII quotes.
                unsafe { (std::str::from_utf8_unchecked(self.raw), std::str::from_utf8_unchecked(self.copied)) }
            }
            None => {
                let copied = utf8(self.copied)?;
                // Fields that are UTF-8 together but not each alone (a
                // character cut by the delimiter) are read field by field.
                if !self.spans.iter().all(|&span| locate(span).1.end <= copied.len() && copied.is_char_boundary(locate(span).1.end)) {
                    return None;
                }
                (utf8(self.raw)?, copied)
            }
        };
        Some(RecordText { raw, copied, spans: self.spans })
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).unwrap_or_default().iter().all(u8::is_ascii_whitespace))
    }

    /// All fields as owned trimmed strings (for headers and previews).
    pub fn to_strings(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.text(i).into_owned()).collect()
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

/// A record whose bytes are valid UTF-8 ([`Record::texts`]).
pub struct RecordText<'a> {
    pub(super) raw: &'a str,
    pub(super) copied: &'a str,
    pub(super) spans: &'a [(usize, usize)],
}

impl<'a> RecordText<'a> {
    /// Field `i`, or `None` past the end. (Fields end at ASCII delimiters,
    /// quotes and line ends, so each lies on character boundaries.)
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let (copied, range) = locate(*self.spans.get(i)?);
        let bytes = if copied { self.copied.as_bytes() } else { self.raw.as_bytes() }.get(range)?;
        // SAFETY: a field starts and ends on character boundaries of its
        // text (see `Record::texts`), so its bytes are UTF-8 too.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }
}
