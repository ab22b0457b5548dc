//! Finding a CSV record's special bytes (delimiter, quote, CR, LF) 64 bytes
//! at a time: WebAssembly SIMD in the browser, SSE2 on x86-64, byte by byte
//! elsewhere. The record reader ([`super::records`]) walks the masks.

/// The delimiters, quotes, CRs and LFs of an input, found 64 bytes at a
/// time: a cursor over [`special_mask`]'s masks.
pub(super) struct Specials {
    delimiter: u8,
    /// Start of the block the mask covers (`usize::MAX` before the first).
    base: usize,
    /// Bit `k` set when byte `base + k` is special.
    mask: u64,
}

impl Specials {
    pub(super) fn new(delimiter: u8) -> Self {
        Specials { delimiter, base: usize::MAX, mask: 0 }
    }

    /// The first special byte of `hay` at or after `from`, or `hay.len()`.
    #[inline]
    pub(super) fn next(&mut self, hay: &[u8], mut from: usize) -> usize {
        loop {
            if from >= hay.len() {
                return hay.len();
            }
            if from < self.base || from - self.base >= 64 {
                self.base = from;
                self.mask = special_mask(&hay[from..], self.delimiter);
            }
            let m = self.mask & (u64::MAX << (from - self.base));
            if m != 0 {
                return self.base + m.trailing_zeros() as usize;
            }
            from = self.base + 64;
        }
    }
}

/// Bit `k` set when `hay[k]` is the delimiter, a quote, CR or LF, for the
/// first 64 bytes of `hay` (or all, when shorter).
pub fn special_mask(hay: &[u8], delimiter: u8) -> u64 {
    match hay.first_chunk::<64>() {
        Some(block) => block_mask(block, delimiter),
        None => bytewise_mask(hay, delimiter),
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

/// [`special_mask`] byte by byte (at most 64 bytes).
fn bytewise_mask(bytes: &[u8], delimiter: u8) -> u64 {
    bytes.iter().enumerate().fold(0, |m, (k, &b)| m | (u64::from(b == delimiter || b == b'"' || b == b'\r' || b == b'\n') << k))
}

/// [`special_mask`] of a whole block: WebAssembly SIMD.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn block_mask(block: &[u8; 64], delimiter: u8) -> u64 {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load, v128_or};
    let (d, q, cr, lf) = (u8x16_splat(delimiter), u8x16_splat(b'"'), u8x16_splat(b'\r'), u8x16_splat(b'\n'));
    let mut mask = 0;
    for k in 0..4 {
        // SAFETY: reads bytes 16k..16k+16 of the 64 in `block`; v128.load
        // allows any alignment.
        let v = unsafe { v128_load(block.as_ptr().add(16 * k).cast::<v128>()) };
        let hit = v128_or(v128_or(u8x16_eq(v, d), u8x16_eq(v, q)), v128_or(u8x16_eq(v, cr), u8x16_eq(v, lf)));
        mask |= u64::from(u8x16_bitmask(hit)) << (16 * k);
    }
    mask
}

/// [`special_mask`] of a whole block: SSE2 (every x86-64 has it).
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_mask(block: &[u8; 64], delimiter: u8) -> u64 {
    use core::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let mut mask = 0;
    // SAFETY: SSE2 is part of x86-64; each load reads bytes 16k..16k+16 of
    // the 64 in `block`, unaligned loads allowed.
    unsafe {
        let (d, q, cr, lf) =
            (_mm_set1_epi8(delimiter as i8), _mm_set1_epi8(b'"' as i8), _mm_set1_epi8(b'\r' as i8), _mm_set1_epi8(b'\n' as i8));
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
            let hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)),
            );
            mask |= u64::from(_mm_movemask_epi8(hit) as u16) << (16 * k);
        }
    }
    mask
}

/// [`special_mask`] of a whole block, elsewhere: byte by byte.
#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
#[inline]
fn block_mask(block: &[u8; 64], delimiter: u8) -> u64 {
    bytewise_mask(block, delimiter)
}
