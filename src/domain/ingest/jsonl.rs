//! JSON lines: one line item object per line, as Microsoft's Graph billing
//! export writes its blobs (`docs/rules.md` section 4) and as `.jsonl` files do.
//!
//! Design note. An object is read into the same thing a CSV record gives the
//! reader: field texts by column. Keys become the header (matched ignoring
//! case, like CSV headers); values become text exactly as written: a string
//! unescaped, a number as its own digits (never through `f64`, so
//! `22.500000000000000000` stays exact), `null` as an empty field, a nested
//! object or array as its JSON text. A hand-written scanner rather than
//! `serde_json`: it borrows every value that has no escape, allocates nothing
//! per line, and keeps a number's text without the `arbitrary_precision`
//! feature, which would change how every other JSON of the crate is read.

use std::borrow::Cow;

use crate::domain::message::Message;

/// Why a line is not a JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonError {
    /// The line does not start with `{`.
    NotAnObject,
    /// The object ends early or has a malformed part, at this byte offset.
    Malformed(usize),
}

impl JsonError {
    /// What was expected instead.
    pub fn expected(self) -> Message {
        match self {
            JsonError::NotAnObject => Message::new("a JSON object ({…}) on each line"),
            JsonError::Malformed(at) => {
                Message::new("a well-formed JSON object (it breaks off at character {n})").with("n", (at + 1).to_string())
            }
        }
    }
}

/// A value as written on the line; its text is made only when it is used
/// (most of a line item's 46 values are not, and unescaping a string
/// allocates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    /// A string's content between its quotes, or a number's, `true`'s or a
    /// nested value's text; empty for `null`. Bytes: only a value that is
    /// used is checked for UTF-8.
    raw: &'a [u8],
    /// A string with a backslash escape in it.
    escaped: bool,
}

impl<'a> Value<'a> {
    /// True for `null` and `""`.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The value as written (a string's content still escaped).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The value's text: a string unescaped, anything else as written; a
    /// byte that is not UTF-8 shows as U+FFFD.
    pub fn text(&self) -> Cow<'a, str> {
        let text = match std::str::from_utf8(self.raw) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(String::from_utf8_lossy(self.raw).into_owned()),
        };
        if self.escaped {
            Cow::Owned(unescape(&text))
        } else {
            text
        }
    }
}

/// The key/value pairs of the object on `line`, in order, appended to `out`.
pub fn object_fields<'a>(line: &'a [u8], out: &mut Vec<(Value<'a>, Value<'a>)>) -> Result<(), JsonError> {
    let b = line;
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return Err(JsonError::NotAnObject);
    }
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return trailing(b, i + 1);
    }
    loop {
        let (key, next) = string(line, i)?;
        i = skip_ws(b, next);
        if b.get(i) != Some(&b':') {
            return Err(JsonError::Malformed(i));
        }
        i = skip_ws(b, i + 1);
        let (value, next) = value(line, i)?;
        out.push((key, value));
        i = skip_ws(b, next);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return trailing(b, i + 1),
            _ => return Err(JsonError::Malformed(i)),
        }
    }
}

fn trailing(b: &[u8], i: usize) -> Result<(), JsonError> {
    let end = skip_ws(b, i);
    if end == b.len() {
        Ok(())
    } else {
        Err(JsonError::Malformed(end))
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')) {
        i += 1;
    }
    i
}

/// The value at `i` and the offset after it.
fn value(line: &[u8], i: usize) -> Result<(Value<'_>, usize), JsonError> {
    let b = line;
    let plain = |raw| Value { raw, escaped: false };
    match b.get(i) {
        Some(b'"') => string(line, i),
        Some(b'{' | b'[') => {
            let end = nested_end(b, i)?;
            Ok((plain(&line[i..end]), end))
        }
        Some(b'n') if b[i..].starts_with(b"null") => Ok((plain(b""), i + 4)),
        Some(b't') if b[i..].starts_with(b"true") => Ok((plain(b"true"), i + 4)),
        Some(b'f') if b[i..].starts_with(b"false") => Ok((plain(b"false"), i + 5)),
        Some(b'-' | b'0'..=b'9') => {
            let end = i + b[i..].iter().take_while(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')).count();
            Ok((plain(&line[i..end]), end))
        }
        _ => Err(JsonError::Malformed(i)),
    }
}

/// The end of the object or array starting at `i` (strings inside skipped).
fn nested_end(b: &[u8], mut i: usize) -> Result<usize, JsonError> {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(JsonError::Malformed(b.len()))
}

/// The string starting with the quote at `i` (its escapes checked, not yet
/// undone) and the offset after its closing quote.
fn string(line: &[u8], i: usize) -> Result<(Value<'_>, usize), JsonError> {
    let b = line;
    if b.get(i) != Some(&b'"') {
        return Err(JsonError::Malformed(i));
    }
    let start = i + 1;
    let mut j = start;
    let mut escaped = false;
    loop {
        j = find2(b, j, b'"', b'\\');
        match b.get(j) {
            Some(b'"') => return Ok((Value { raw: &line[start..j], escaped }, j + 1)),
            Some(_) => {
                match b.get(j + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 2,
                    Some(b'u') if line.get(j + 2..j + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => j += 6,
                    _ => return Err(JsonError::Malformed(j)),
                }
                escaped = true;
            }
            None => return Err(JsonError::Malformed(j)),
        }
    }
}

/// A string's content with its escapes undone (checked by [`string`]).
fn unescape(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut s = String::with_capacity(raw.len());
    let mut j = 0;
    while j < b.len() {
        let end = find2(b, j, b'\\', b'\\');
        s.push_str(&raw[j..end]);
        j = end;
        if j >= b.len() {
            break;
        }
        let c = match b.get(j + 1) {
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, used) = unicode_escape(raw, j);
                s.push(c);
                j += used;
                continue;
            }
            Some(&other) => char::from(other),
            None => break,
        };
        s.push(c);
        j += 2;
    }
    s
}

/// The first index at or after `from` of byte `a` or `b` in `hay`, else
/// `hay.len()`: eight bytes at a time (a quarter of reading a Graph blob was
/// this scan, byte by byte). A word's lowest flagged byte is always a true
/// match (the zero-byte test can only over-flag bytes above a true one).
#[inline]
pub fn find2(hay: &[u8], from: usize, a: u8, b: u8) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (wa, wb) = (LO * u64::from(a), LO * u64::from(b));
    let mut i = from;
    while let Some(word) = hay.get(i..i + 8) {
        let v = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let (xa, xb) = (v ^ wa, v ^ wb);
        let found = (xa.wrapping_sub(LO) & !xa & HI) | (xb.wrapping_sub(LO) & !xb & HI);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    hay.get(i..).and_then(|rest| rest.iter().position(|&c| c == a || c == b)).map_or(hay.len(), |p| i + p)
}

/// `a == b`, eight bytes at a time (keys are compared once per key per line).
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in x.by_ref().zip(y.by_ref()) {
        if u64::from_le_bytes(p.try_into().unwrap_or_default()) != u64::from_le_bytes(q.try_into().unwrap_or_default()) {
            return false;
        }
    }
    x.remainder() == y.remainder()
}

/// `\uXXXX` (a surrogate pair as two) at `j`: the character and the bytes
/// used; U+FFFD for a lone surrogate.
fn unicode_escape(raw: &str, j: usize) -> (char, usize) {
    let hex = |at: usize| raw.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
    let first = hex(j + 2).unwrap_or(0xFFFD);
    if (0xD800..0xDC00).contains(&first) && raw.as_bytes().get(j + 6..j + 8) == Some(b"\\u") {
        if let Some(second) = hex(j + 8).filter(|s| (0xDC00..0xE000).contains(s)) {
            let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            return (c.unwrap_or('\u{fffd}'), 12);
        }
    }
    (char::from_u32(first).unwrap_or('\u{fffd}'), 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Result<Vec<(String, String)>, JsonError> {
        let mut out = Vec::new();
        object_fields(line.as_bytes(), &mut out)?;
        Ok(out.into_iter().map(|(k, v)| (k.text().into_owned(), v.text().into_owned())).collect())
    }

    #[test]
    fn reads_values_as_written() {
        let line = r#"{"PartnerId":"p1","Subtotal":22.500000000000000000,"Tax":0E-20,"Tier2MpnId":null,"OK":true,"ReferenceId":{"a":[1,"}"]},"Name":"M\u00fcller, \"Partner\"\n"}"#;
        let f = fields(line).unwrap();
        let get = |k: &str| f.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("Subtotal"), Some("22.500000000000000000"));
        assert_eq!(get("Tax"), Some("0E-20"));
        assert_eq!(get("Tier2MpnId"), Some(""));
        assert_eq!(get("OK"), Some("true"));
        assert_eq!(get("ReferenceId"), Some(r#"{"a":[1,"}"]}"#));
        assert_eq!(get("Name"), Some("Müller, \"Partner\"\n"));
        assert_eq!(fields(" { } \r").unwrap(), vec![]);
        assert_eq!(fields(r#"{"e":"\ud83d\ude00"}"#).unwrap()[0].1, "😀");
    }

    #[test]
    fn finds_bytes_eight_at_a_time_exactly_like_one_at_a_time() {
        let hay: Vec<u8> = (0..300u32).map(|i| [b'a', b'"', b'\\', 0x80, 0xff, b'\n', 0][(i * 7 % 11 % 7) as usize]).collect();
        for from in 0..hay.len() {
            for (a, b) in [(b'"', b'\\'), (b'\n', b'\n'), (0, 0x80), (0xff, b'z')] {
                let slow = hay[from..].iter().position(|&c| c == a || c == b).map_or(hay.len(), |p| from + p);
                assert_eq!(find2(&hay, from, a, b), slow, "from {from}, {a} {b}");
            }
        }
        assert_eq!(find2(b"", 0, b'"', b'"'), 0);
    }

    #[test]
    fn says_where_a_line_breaks_off() {
        assert_eq!(fields("[1,2]"), Err(JsonError::NotAnObject));
        assert_eq!(fields(r#"{"a":1"#), Err(JsonError::Malformed(6)));
        assert_eq!(fields(r#"{"a":1} x"#), Err(JsonError::Malformed(8)));
        assert_eq!(fields(r#"{"a":"open}"#), Err(JsonError::Malformed(11)));
        assert_eq!(fields(r#"{"a":[1,2}"#), Err(JsonError::Malformed(10)));
        assert_eq!(fields(r#"{"a":"\q"}"#), Err(JsonError::Malformed(6)));
        assert_eq!(fields(r#"{a:1}"#), Err(JsonError::Malformed(1)));
    }
}
