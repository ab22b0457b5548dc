//! Bytes to UTF-8, in chunks: the encodings users' files come in.
//!
//! Design note. The encoding is decided once, from the first bytes:
//! a UTF-8 BOM → UTF-8; a UTF-16 BOM, or NUL bytes in every other position
//! (Excel's "Unicode text" without BOM) → UTF-16; otherwise UTF-8 if the first
//! chunk is valid UTF-8, else Windows-1252 (what German Excel writes). UTF-8
//! passes through untouched (no copy); the others are transcoded by
//! `encoding_rs`, which handles sequences split across chunks.

use encoding_rs::{Decoder, UTF_16BE, UTF_16LE, WINDOWS_1252};
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
            self.decoder = match encoding {
                TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
                TextEncoding::Utf16Le => Some(UTF_16LE.new_decoder_without_bom_handling()),
                TextEncoding::Utf16Be => Some(UTF_16BE.new_decoder_without_bom_handling()),
                TextEncoding::Windows1252 => Some(WINDOWS_1252.new_decoder_without_bom_handling()),
            };
            self.convert(&head[bom_len..], last, sink);
            return;
        }
        self.convert(chunk, last, sink);
    }

    fn convert(&mut self, mut input: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) {
        let Some(decoder) = self.decoder.as_mut() else {
            if !input.is_empty() {
                sink(input);
            }
            return;
        };
        loop {
            let need = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16)
                .clamp(64, 1 << 20);
            self.out.resize(need, 0);
            let (result, read, written, _) = decoder.decode_to_utf8(input, &mut self.out, last);
            if written > 0 {
                sink(&self.out[..written]);
            }
            input = &input[read..];
            if matches!(result, encoding_rs::CoderResult::InputEmpty) {
                break;
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
pub fn field_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn reads_stray_bytes_as_windows_1252() {
        assert_eq!(field_text(b"M\xFCller"), "Müller");
        assert_eq!(field_text("Müller".as_bytes()), "Müller");
    }
}
