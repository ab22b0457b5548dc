//! Gzip data inflated as it is fed: every member (Partner Center writes
//! several), in chunks of any size, so that where a member ends relative to
//! a chunk never matters. The reader ([`super::FileReader`]) decompresses a
//! gzip file itself, so the command line, the browser's reader worker and
//! the JS API read `.gz` alike, in every browser engine (each engine's own
//! `DecompressionStream` stops at the end of the first member).
//!
//! flate2 over zlib-rs (pure Rust, also in WebAssembly). Each write of
//! compressed bytes gives at most the decoder's buffer of output (32 KiB),
//! handed on at once: memory stays flat whatever the ratio.

use std::io::Write;

/// Why gzip data stopped before their end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GzipStop {
    /// The data ended inside a member (else: they are corrupt where the
    /// decoder stopped).
    pub ends_early: bool,
    /// The decoder's words.
    pub detail: String,
}

/// A gzip stream being inflated.
pub struct Gunzip {
    decoder: flate2::write::MultiGzDecoder<Vec<u8>>,
    stop: Option<GzipStop>,
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip { decoder: flate2::write::MultiGzDecoder::new(Vec::with_capacity(64 << 10)), stop: None }
    }
}

impl Gunzip {
    /// Inflates `compressed`, handing every piece of output to `out` as it
    /// comes. After the data turn out corrupt, the rest is ignored.
    pub fn feed(&mut self, compressed: &[u8], out: &mut dyn FnMut(&[u8])) {
        let mut rest = compressed;
        while !rest.is_empty() && self.stop.is_none() {
            match self.decoder.write(rest) {
                Ok(0) => self.stop = Some(GzipStop { ends_early: false, detail: String::new() }),
                Ok(n) => rest = &rest[n..],
                Err(e) => self.stop = Some(GzipStop { ends_early: false, detail: e.to_string() }),
            }
            self.hand_on(out);
        }
    }

    /// The end of the data: the last output handed on; `Err` when the data
    /// stopped early (inside a member) or were corrupt.
    pub fn finish(&mut self, out: &mut dyn FnMut(&[u8])) -> Result<(), GzipStop> {
        if self.stop.is_none() {
            let end = self.decoder.try_finish();
            self.hand_on(out);
            if let Err(e) = end {
                // No more data, and the member not complete: it ends early.
                self.stop = Some(GzipStop { ends_early: true, detail: e.to_string() });
            }
        }
        self.stop.clone().map_or(Ok(()), Err)
    }

    fn hand_on(&mut self, out: &mut dyn FnMut(&[u8])) {
        let produced = self.decoder.get_mut();
        if !produced.is_empty() {
            out(produced);
            produced.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(members: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for m in members {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(m).unwrap();
            out.extend(e.finish().unwrap());
        }
        out
    }

    fn inflate(data: &[u8], chunk: usize) -> (Vec<u8>, Result<(), GzipStop>) {
        let mut g = Gunzip::default();
        let mut text = Vec::new();
        for c in data.chunks(chunk.max(1)) {
            g.feed(c, &mut |t| text.extend_from_slice(t));
        }
        let end = g.finish(&mut |t| text.extend_from_slice(t));
        (text, end)
    }

    #[test]
    fn every_member_in_any_chunking() {
        let data = gzip(&[b"a,b\n1,2\n", b"", b"3,4\n"]);
        for chunk in [1, 2, 5, 17, 1 << 20] {
            assert_eq!(inflate(&data, chunk), (b"a,b\n1,2\n3,4\n".to_vec(), Ok(())), "chunks of {chunk}");
        }
    }

    #[test]
    fn cut_short_it_ends_early_and_corrupt_it_says_so_with_what_came_before() {
        let text: Vec<u8> = (0..20_000).flat_map(|i| format!("line {i}\n").into_bytes()).collect();
        let data = gzip(&[&text]);
        let (got, end) = inflate(&data[..data.len() / 2], 4096);
        assert!(end.as_ref().is_err_and(|s| s.ends_early), "{end:?}");
        assert!(!got.is_empty() && text.starts_with(&got));
        let mut broken = data.clone();
        let middle = broken.len() / 2;
        broken[middle..middle + 64].fill(0xff);
        let (_, end) = inflate(&broken, 4096);
        assert!(end.is_err_and(|s| !s.ends_early));
        // Bytes after the last member that are no member.
        let mut junk = gzip(&[b"x\n"]);
        junk.extend_from_slice(b"not gzip at all");
        assert!(inflate(&junk, 3).1.is_err_and(|s| !s.ends_early));
    }
}
