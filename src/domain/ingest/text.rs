//! Bytes to UTF-8, in chunks: the encodings users' files come in.
//!
//! Design note. The encoding is decided once, from the first bytes:
//! a UTF-8 BOM → UTF-8; a UTF-16 BOM, or NUL bytes in every other position
//! (Excel's "Unicode text" without BOM) → UTF-16; otherwise UTF-8 if the first
//! chunk is valid UTF-8, else Windows-1252 (what German Excel writes). UTF-8
//! passes through untouched (no copy); the others are transcoded here, with
//! sequences split across chunks carried over (an odd byte, a lone high
//! surrogate). Three small decoders rather than `encoding_rs`: its decoder
//! dispatches over every encoding, so using it links all their tables into
//! the web app (about 70 KB gzip) for the three we need. Malformed input
//! becomes U+FFFD, as WHATWG's decoders do; `tests/properties.rs` compares
//! them with the standard library's UTF-16 decoding.

use serde::{Deserialize, Serialize};

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark (Partner Center downloads).
    Utf8Bom,
    /// UTF-16 little endian (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV" in Western European locales).
    Windows1252,
}

/// Windows-1252's bytes 0x80–0x9F (the rest is Latin-1); the five bytes it
/// leaves undefined map to the C1 controls, as in WHATWG's table.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// One Windows-1252 byte as a character.
pub fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The transcoders for the encodings that are not UTF-8.
enum Decoder {
    Utf16 { big_endian: bool, odd: Option<u8>, high: Option<u16> },
    Windows1252,
}

impl Decoder {
    /// The transcoder for `encoding` (none for UTF-8, which passes through).
    fn for_encoding(encoding: TextEncoding) -> Option<Decoder> {
        match encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            TextEncoding::Utf16Le => Some(Decoder::Utf16 { big_endian: false, odd: None, high: None }),
            TextEncoding::Utf16Be => Some(Decoder::Utf16 { big_endian: true, odd: None, high: None }),
            TextEncoding::Windows1252 => Some(Decoder::Windows1252),
        }
    }

    /// Appends `input` as UTF-8 to `out`; at the `last` chunk, anything
    /// carried over is malformed and becomes U+FFFD.
    fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) {
        let mut buf = [0u8; 4];
        let mut push = |c: char, out: &mut Vec<u8>| out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        match self {
            Decoder::Windows1252 => {
                for &b in input {
                    if b < 0x80 {
                        out.push(b);
                    } else {
                        push(cp1252(b), out);
                    }
                }
            }
            Decoder::Utf16 { big_endian, odd, high } => {
                let mut rest = input;
                let mut unit = |u: u16, out: &mut Vec<u8>| match (high.take(), u) {
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                        push(char::from_u32(c).unwrap_or('\u{FFFD}'), out);
                    }
                    (h, _) => {
                        if h.is_some() {
                            push('\u{FFFD}', out);
                        }
                        match u {
                            0xD800..=0xDBFF => *high = Some(u),
                            0xDC00..=0xDFFF => push('\u{FFFD}', out),
                            0..=0x7F => out.push(u as u8),
                            _ => push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'), out),
                        }
                    }
                };
                let join = |a: u8, b: u8| if *big_endian { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
                if let (Some(a), Some((&b, tail))) = (*odd, rest.split_first()) {
                    *odd = None;
                    unit(join(a, b), out);
                    rest = tail;
                }
                let mut pairs = rest.chunks_exact(2);
                for p in &mut pairs {
                    unit(join(p[0], p[1]), out);
                }
                if let [b] = pairs.remainder() {
                    *odd = Some(*b);
                }
                if last {
                    if high.take().is_some() {
                        push('\u{FFFD}', out);
                    }
                    if odd.take().is_some() {
                        push('\u{FFFD}', out);
                    }
                }
            }
        }
    }
}

/// Turns chunks of a file into UTF-8 chunks.
pub struct TextDecoder {
    encoding: Option<TextEncoding>,
    decoder: Option<Decoder>,
    head: Vec<u8>,
    out: Vec<u8>,
}

/// How many bytes are looked at before the encoding is decided.
const SNIFF_LEN: usize = 4096;

impl Default for TextDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl TextDecoder {
    /// A decoder that has not seen any byte yet.
    pub fn new() -> Self {
        TextDecoder { encoding: None, decoder: None, head: Vec::new(), out: Vec::new() }
    }

    /// A decoder for the rest of a file whose encoding is known (a part that
    /// starts at a line start: no BOM, no sniffing).
    pub fn continuing(encoding: TextEncoding) -> Self {
        TextDecoder { encoding: Some(encoding), decoder: Decoder::for_encoding(encoding), head: Vec::new(), out: Vec::new() }
    }

    /// True when no byte is held back (a split sequence, a sniffing head).
    pub fn is_idle(&self) -> bool {
        self.head.is_empty()
            && match &self.decoder {
                Some(Decoder::Utf16 { odd, high, .. }) => odd.is_none() && high.is_none(),
                _ => true,
            }
    }

    /// The encoding, once decided.
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// Feeds a chunk (`last` for the final one, which may be empty) and
    /// passes the UTF-8 text decoded so far to `sink`. A BOM is not passed on.
    pub fn feed(&mut self, chunk: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) {
        if self.encoding.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() < SNIFF_LEN && !last {
                return;
            }
            let head = std::mem::take(&mut self.head);
            let (encoding, bom_len) = sniff(&head);
            self.encoding = Some(encoding);
            self.decoder = Decoder::for_encoding(encoding);
            self.convert(&head[bom_len..], last, sink);
            return;
        }
        self.convert(chunk, last, sink);
    }

    fn convert(&mut self, input: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) {
        let Some(decoder) = self.decoder.as_mut() else {
            if !input.is_empty() {
                sink(input);
            }
            return;
        };
        // In slices of 1 MiB, so the buffer stays small for huge chunks; at
        // least one (empty) at the last chunk, to flush what is carried over.
        const SLICE: usize = 1 << 20;
        let slices = input.len().div_ceil(SLICE).max(1);
        for k in 0..slices {
            let slice = &input[(k * SLICE).min(input.len())..((k + 1) * SLICE).min(input.len())];
            self.out.clear();
            decoder.decode(slice, last && k + 1 == slices, &mut self.out);
            if !self.out.is_empty() {
                sink(&self.out);
            }
        }
    }
}

/// Decides the encoding from the first bytes; returns it and the BOM length.
pub fn sniff(head: &[u8]) -> (TextEncoding, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (TextEncoding::Utf8Bom, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (TextEncoding::Utf16Le, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (TextEncoding::Utf16Be, 2);
    }
    let sample = &head[..head.len().min(SNIFF_LEN)];
    if sample.len() >= 4 {
        let zeros_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let half = sample.len() / 2;
        if zeros_odd * 10 > half * 8 && zeros_even * 10 < half {
            return (TextEncoding::Utf16Le, 0);
        }
        if zeros_even * 10 > half * 8 && zeros_odd * 10 < half {
            return (TextEncoding::Utf16Be, 0);
        }
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // Only a multi-byte sequence cut off by the sample's end: still UTF-8.
        Err(e) if e.error_len().is_none() => (TextEncoding::Utf8, 0),
        Err(_) => (TextEncoding::Windows1252, 0),
    }
}

/// A field's bytes as text: UTF-8 where valid, else read as Windows-1252
/// (a stray byte in an otherwise UTF-8 file never rejects a line).
/// `text.trim()`, answered at once for the usual field that starts and ends
/// with a visible ASCII character (`str::trim` decodes characters from both
/// ends: a call per field, several per line).
#[inline]
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

pub fn field_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut trims exactly as `str::trim`.
        #[test]
        fn trim_is_str_trim(text in "[ \t\u{a0}\u{3000}a-z0-9.\u{e4}\u{2003}]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    fn decode_all(bytes: &[u8], chunk: usize) -> (String, Option<TextEncoding>) {
        let mut d = TextDecoder::new();
        let mut out = Vec::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.feed(c, false, &mut |b| out.extend_from_slice(b));
        }
        d.feed(&[], true, &mut |b| out.extend_from_slice(b));
        (String::from_utf8(out).unwrap(), d.encoding())
    }

    #[test]
    fn detects_each_encoding() {
        assert_eq!(decode_all(b"\xEF\xBB\xBFa,b\n", 2), ("a,b\n".into(), Some(TextEncoding::Utf8Bom)));
        assert_eq!(decode_all("Währung\n".as_bytes(), 1), ("Währung\n".into(), Some(TextEncoding::Utf8)));
        assert_eq!(decode_all(b"W\xE4hrung;\x80\n", 3), ("Währung;€\n".into(), Some(TextEncoding::Windows1252)));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Betrag\tW\u{e4}\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_all(&utf16, 3), ("Betrag\tWä\n".into(), Some(TextEncoding::Utf16Le)));
        let no_bom: Vec<u8> = "Betrag\tDatum\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_all(&no_bom, 5).1, Some(TextEncoding::Utf16Le));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("x\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode_all(&be, 1), ("x\n".into(), Some(TextEncoding::Utf16Be)));
    }

    #[test]
    fn windows_1252_maps_every_byte_like_whatwg() {
        assert_eq!(cp1252(0x80), '€');
        assert_eq!(cp1252(0x9F), 'Ÿ');
        assert_eq!(cp1252(0x81), '\u{81}');
        assert_eq!(cp1252(0xE4), 'ä');
        assert_eq!(cp1252(b'A'), 'A');
        let all: Vec<u8> = (0..=255).collect();
        let (text, _) = decode_all(&[b"\xE4;".as_slice(), &all].concat(), 7);
        assert_eq!(text.chars().count(), 2 + 256);
    }

    #[test]
    fn utf16_pairs_and_errors_across_chunks() {
        let text = "a😀b\u{e4}\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        for chunk in 1..8 {
            assert_eq!(decode_all(&le, chunk).0, text, "chunk {chunk}");
        }
        // A lone high surrogate, a lone low one, and an odd last byte.
        let bad: Vec<u8> = [0xFF, 0xFE, 0x3D, 0xD8, b'x', 0, 0x00, 0xDC, b'y'].to_vec();
        assert_eq!(decode_all(&bad, 1).0, "\u{FFFD}x\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn reads_stray_bytes_as_windows_1252() {
        assert_eq!(field_text(b"M\xFCller"), "Müller");
        assert_eq!(field_text("Müller".as_bytes()), "Müller");
    }
}
