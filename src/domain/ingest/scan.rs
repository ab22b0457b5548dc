//! Finding a CSV record's special bytes (delimiter, quote, CR, LF) 64 bytes
//! at a time: WebAssembly SIMD in the browser, SSE2 on x86-64, byte by byte
//! elsewhere. The same pass marks the bytes outside ASCII ([`HighBytes`]), so
//! that a field of ASCII is read as text with no UTF-8 check. The record
//! reader ([`super::records`]) walks the marked bytes with [`Specials`].

/// The delimiters, quotes, CRs and LFs of an input in order, found 64 bytes
/// at a time (blocks from the input's start), and where its bytes of 0x80
/// or more are. Delimiters and the other marks are kept apart, so that the
/// delimiters before a block's next quote or line end are taken at once
/// ([`Specials::take_delimiters`]): most fields of a record.
pub(super) struct Specials<'a> {
    hay: &'a [u8],
    delimiter: u8,
    /// Start of the block the masks cover.
    base: usize,
    /// Bit `k` set when byte `base + k` is the delimiter not yet handed out.
    delimiters: u64,
    /// Bit `k` set when byte `base + k` is a quote, CR or LF not yet handed out.
    others: u64,
    /// Bit `k` set when byte `base + k` is 0x80 or more.
    block_high: u64,
    /// The bytes of 0x80 or more since the record's start
    /// ([`Specials::start_record`]) in the blocks read.
    high: HighBytes,
    /// Start of the block that holds the record's first byte.
    record_block: usize,
}

/// Where a record's bytes of 0x80 or more are: for each of its first
/// [`HighBytes::BLOCKS`] 64-byte blocks of the input, bit `k` set when byte
/// `k` of the block is one. A field is ASCII when no bit of its bytes is set
/// ([`HighBytes::any_in`]); one reaching past those blocks may not be.
#[derive(Clone, Copy, Debug)]
pub(super) struct HighBytes {
    /// Offset of the record's first byte in its first block.
    at: usize,
    blocks: [u64; HighBytes::BLOCKS],
}

impl HighBytes {
    /// Blocks tracked: records up to about 1 KB (a Partner Center line is
    /// 600 to 800 bytes).
    pub(super) const BLOCKS: usize = 16;

    const NONE: HighBytes = HighBytes { at: 0, blocks: [0; HighBytes::BLOCKS] };

    /// True when any byte `start..end` of the record (relative to its first
    /// byte) may be 0x80 or more.
    #[inline]
    pub(super) fn any_in(&self, start: usize, end: usize) -> bool {
        if start >= end {
            return false;
        }
        let (first, last) = (self.at + start, self.at + end - 1);
        let (from, to) = (first / 64, last / 64);
        if to >= Self::BLOCKS {
            return true;
        }
        (from..=to).any(|b| {
            let low = if b == from { first % 64 } else { 0 };
            let high = if b == to { last % 64 } else { 63 };
            // Bits `low..=high`.
            let bits = (u64::MAX >> (63 - high)) & (u64::MAX << low);
            self.blocks[b] & bits != 0
        })
    }

    /// True when the record has a byte of 0x80 or more (in its tracked
    /// blocks; false for a longer record's tail).
    #[inline]
    pub(super) fn any(&self) -> bool {
        self.blocks.iter().any(|&b| b != 0)
    }
}

impl<'a> Specials<'a> {
    pub(super) fn new(hay: &'a [u8], delimiter: u8) -> Self {
        let [delimiters, others, high] = masks(hay, delimiter);
        Specials { hay, delimiter, base: 0, delimiters, others, block_high: high, high: HighBytes::NONE, record_block: 0 }
    }

    /// Moves to the next block; false at the input's end.
    #[inline]
    fn advance(&mut self) -> bool {
        self.base += 64;
        if self.base >= self.hay.len() {
            return false;
        }
        let [delimiters, others, high] = masks(&self.hay[self.base..], self.delimiter);
        (self.delimiters, self.others, self.block_high) = (delimiters, others, high);
        self.note_high(high);
        true
    }

    /// Notes the bytes marked in `high`, of the current block, as the
    /// record's (blocks come in order, from the record's first).
    #[inline]
    fn note_high(&mut self, high: u64) {
        if let Some(slot) = self.high.blocks.get_mut((self.base - self.record_block) / 64) {
            *slot = high;
        }
    }

    /// The next special byte's position (each once, in order), or
    /// `hay.len()` when there is none.
    #[inline]
    pub(super) fn next(&mut self) -> usize {
        while self.delimiters | self.others == 0 {
            if !self.advance() {
                return self.hay.len();
            }
        }
        let k = (self.delimiters | self.others).trailing_zeros();
        let bit = 1u64 << k;
        self.delimiters &= !bit;
        self.others &= !bit;
        self.base + k as usize
    }

    /// The delimiters that come next, up to the current block's next quote
    /// or line end (all of the block's when it has none), handed out at
    /// once: the block's start, and a bit `k` set for each at `base + k`.
    #[inline]
    pub(super) fn take_delimiters(&mut self) -> (usize, u64) {
        // The bits below the lowest of `others` (all when there is none).
        let before = self.others.wrapping_sub(1) & !self.others;
        let taken = self.delimiters & before;
        self.delimiters ^= taken;
        (self.base, taken)
    }

    /// After [`Specials::take_delimiters`]: `Some(true)` when the next
    /// special is a quote, CR or LF of the current block; `Some(false)` when
    /// the block had none left and the next block is read; `None` at the
    /// input's end.
    #[inline]
    pub(super) fn other_next(&mut self) -> Option<bool> {
        if self.others != 0 {
            return Some(true);
        }
        debug_assert_eq!(self.delimiters, 0, "take_delimiters took the block's delimiters");
        self.advance().then_some(false)
    }

    /// A record starts at `start`, after the last special handed out:
    /// [`Specials::high_bytes`] is about the bytes from there on.
    #[inline]
    pub(super) fn start_record(&mut self, start: usize) {
        let at = start % 64;
        self.record_block = start - at;
        self.high = HighBytes { at, ..HighBytes::NONE };
        // `start` is in the current block, or the next one's first byte.
        if self.record_block == self.base {
            self.note_high(self.block_high & (u64::MAX << at));
        }
    }

    /// The record's bytes of 0x80 or more, from [`Specials::start_record`]'s
    /// `start` to the last special handed out.
    #[inline]
    pub(super) fn high_bytes(&self) -> &HighBytes {
        &self.high
    }
}

/// Bit `k` set when `hay[k]` is the delimiter, a quote, CR or LF, for the
/// first 64 bytes of `hay` (or all, when shorter).
pub fn special_mask(hay: &[u8], delimiter: u8) -> u64 {
    let [delimiters, others, _] = masks(hay, delimiter);
    delimiters | others
}

/// For the first 64 bytes of `hay` (or all, when shorter), bit `k` set
/// when `hay[k]` is: the delimiter; a quote, CR or LF; 0x80 or more.
#[inline]
fn masks(hay: &[u8], delimiter: u8) -> [u64; 3] {
    match hay.first_chunk::<64>() {
        Some(block) => block_masks(block, delimiter),
        None => bytewise_masks(hay, delimiter),
    }
}

/// Which scanner [`special_mask`] uses for whole 64-byte blocks in this
/// build: `wasm-simd128`, `sse2` or `bytewise`. The browser build must say
/// `wasm-simd128` (`.cargo/config.toml` sets the target feature; the
/// wasm-bindgen and end-to-end tests check it).
pub const SCANNER: &str = if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
    "wasm-simd128"
} else if cfg!(target_arch = "x86_64") {
    "sse2"
} else {
    "bytewise"
};

/// [`masks`] byte by byte (at most 64 bytes).
fn bytewise_masks(bytes: &[u8], delimiter: u8) -> [u64; 3] {
    bytes.iter().take(64).enumerate().fold([0; 3], |[d, o, h], (k, &b)| {
        [d | (u64::from(b == delimiter) << k), o | (u64::from(b == b'"' || b == b'\r' || b == b'\n') << k), h | (u64::from(b >= 0x80) << k)]
    })
}

/// [`masks`] of a whole block: WebAssembly SIMD.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn block_masks(block: &[u8; 64], delimiter: u8) -> [u64; 3] {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load, v128_or};
    let (d, q, cr, lf) = (u8x16_splat(delimiter), u8x16_splat(b'"'), u8x16_splat(b'\r'), u8x16_splat(b'\n'));
    let [mut delimiters, mut others, mut high] = [0; 3];
    for k in 0..4 {
        // SAFETY: reads bytes 16k..16k+16 of the 64 in `block`; v128.load
        // allows any alignment.
        let v = unsafe { v128_load(block.as_ptr().add(16 * k).cast::<v128>()) };
        delimiters |= u64::from(u8x16_bitmask(u8x16_eq(v, d))) << (16 * k);
        others |= u64::from(u8x16_bitmask(v128_or(u8x16_eq(v, q), v128_or(u8x16_eq(v, cr), u8x16_eq(v, lf))))) << (16 * k);
        // A lane's top bit is the byte's: set from 0x80 on.
        high |= u64::from(u8x16_bitmask(v)) << (16 * k);
    }
    [delimiters, others, high]
}

/// [`masks`] of a whole block: SSE2 (every x86-64 has it).
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_masks(block: &[u8; 64], delimiter: u8) -> [u64; 3] {
    use core::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let [mut delimiters, mut others, mut high] = [0; 3];
    // SAFETY: SSE2 is part of x86-64; each load reads bytes 16k..16k+16 of
    // the 64 in `block`, unaligned loads allowed.
    unsafe {
        let (d, q, cr, lf) =
            (_mm_set1_epi8(delimiter as i8), _mm_set1_epi8(b'"' as i8), _mm_set1_epi8(b'\r' as i8), _mm_set1_epi8(b'\n' as i8));
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
            let other = _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
            delimiters |= u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, d)) as u16) << (16 * k);
            others |= u64::from(_mm_movemask_epi8(other) as u16) << (16 * k);
            high |= u64::from(_mm_movemask_epi8(v) as u16) << (16 * k);
        }
    }
    [delimiters, others, high]
}

/// [`masks`] of a whole block, elsewhere: byte by byte.
#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
#[inline]
fn block_masks(block: &[u8; 64], delimiter: u8) -> [u64; 3] {
    bytewise_masks(block, delimiter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The block scanner marks exactly the bytes the bytewise one does.
        #[test]
        fn blocks_agree_with_bytes(block in proptest::collection::vec(prop_oneof![
            Just(b','), Just(b';'), Just(b'"'), Just(b'\r'), Just(b'\n'), Just(b'a'), Just(0x7f), Just(0x80), Just(0xc3), Just(0xff), any::<u8>(),
        ], 64), d in prop_oneof![Just(b','), Just(b';'), Just(b'\t')]) {
            let block: &[u8; 64] = block.first_chunk().unwrap();
            prop_assert_eq!(block_masks(block, d), bytewise_masks(block, d));
        }

        /// `Specials` hands out every special byte once, in order, and
        /// knows which bytes of a record (here: a line) are 0x80 or more:
        /// any stretch of it holding one is marked, and one holding none is
        /// not, within the blocks tracked.
        #[test]
        fn specials_walks_every_mark(lines in proptest::collection::vec(proptest::collection::vec(prop_oneof![
            1 => Just(b','), 1 => Just(b'"'), 8 => Just(b'x'), 1 => Just(0xc3), 1 => Just(0xa4),
        ], 0..1500), 0..4)) {
            let hay = lines.join(&b'\n');
            let mut specials = Specials::new(&hay, b',');
            let mut from = 0;
            while from < hay.len() {
                specials.start_record(from);
                let mut marks = vec![from];
                let mut after = from;
                let end = loop {
                    let at = specials.next();
                    let want = hay[after.min(hay.len())..].iter().position(|b| b",\"\n".contains(b)).map_or(hay.len(), |k| after + k);
                    prop_assert_eq!(at, want);
                    if at == hay.len() || hay[at] == b'\n' {
                        break at;
                    }
                    marks.push(at);
                    after = at + 1;
                };
                marks.push(end);
                let high = *specials.high_bytes();
                let line = &hay[from..end];
                // Every field, and stretches across fields.
                let stretches = marks.windows(2).map(|w| (w[0] - from, w[1] - from))
                    .chain(marks.iter().step_by(3).map(|&m| (m - from, end - from)));
                for (s, e) in stretches {
                    let any = line[s..e].iter().any(|&b| b >= 0x80);
                    let tracked = (from % 64 + e) <= 64 * HighBytes::BLOCKS;
                    if any || tracked {
                        prop_assert_eq!(high.any_in(s, e), any, "bytes {}..{} of a line of {}", s, e, line.len());
                    }
                }
                from = end + 1;
            }
        }
    }
}
