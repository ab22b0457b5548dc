//! Hashing for the reader: a file's fingerprint, and a fast hasher for the
//! per-reseller map while lines are read.

use std::hash::Hasher;

use crate::domain::ledger::ResellerRevenue;

/// A fingerprint of a file's bytes for recognising the same file loaded
/// twice: 64-bit words mixed by multiply-rotate in four lanes (32 bytes a
/// step: four independent chains of multiplies keep a CPU's multiplier
/// busy, where one chain waited on each product, which was 6.6% of the
/// reader's profile), the same however the bytes are chunked. Not
/// cryptographic (nothing adversarial is at stake: a collision would only
/// count two files once, with the sizes equal too).
pub(super) struct Fingerprint {
    lanes: [u64; 4],
    tail: [u8; 32],
    tail_len: usize,
}

impl Default for Fingerprint {
    /// Lanes start apart and off zero (a zero lane would stay zero over
    /// zero bytes).
    fn default() -> Self {
        Fingerprint { lanes: [1u64, 2, 3, 4].map(|k| k.wrapping_mul(K)), tail: [0; 32], tail_len: 0 }
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(23) ^ word).wrapping_mul(K)
}

#[inline]
fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]])
}

/// Murmur3's final avalanche (fmix64).
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

impl Fingerprint {
    #[inline]
    fn stripe(&mut self, stripe: &[u8]) {
        for (k, lane) in self.lanes.iter_mut().enumerate() {
            *lane = mix(*lane, word(&stripe[8 * k..]));
        }
    }

    pub(super) fn write(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (32 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 32 {
                return;
            }
            let tail = self.tail;
            self.stripe(&tail);
            self.tail_len = 0;
        }
        // The four lanes in locals for the loop over the whole file: kept in
        // registers whether or not this function is inlined into its caller
        // (when a second caller kept it out of `FileReader::feed`, reading in
        // the browser was 15% slower with the lanes updated in memory).
        let mut lanes = self.lanes;
        let mut stripes = bytes.chunks_exact(32);
        for s in &mut stripes {
            for (k, lane) in lanes.iter_mut().enumerate() {
                *lane = mix(*lane, word(&s[8 * k..]));
            }
        }
        self.lanes = lanes;
        let rest = stripes.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(super) fn finish(&self) -> u64 {
        let mut h = self.lanes.iter().fold(0, |h, &lane| mix(h, lane));
        let mut last = [0u8; 32];
        last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        for w in last.chunks_exact(8) {
            h = mix(h, word(w));
        }
        avalanche(h ^ self.tail_len as u64)
    }
}

/// Builds [`FastHasher`]s.
#[derive(Clone, Copy, Default)]
pub(super) struct BuildFast;

impl std::hash::BuildHasher for BuildFast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The fingerprint's mixing as a `Hasher`, for short keys (reseller IDs):
/// one chain, a word at a time. Not DoS-resistant, which a file read on the
/// user's own machine does not need.
pub(super) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.0 = mix(self.0, word(w));
        }
        let rest = words.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        // The length keeps "ab" and "ab\0" apart.
        self.0 = mix(self.0, u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
    }
    fn finish(&self) -> u64 {
        avalanche(self.0)
    }
}

/// The reader's revenue per reseller while lines are read: the entry of a
/// line's reseller found with one hash lookup (a map from reseller to place,
/// instead of a map whose entry had to be looked up twice to be borrowed),
/// or none when the line has the previous line's reseller.
#[derive(Default)]
pub(super) struct Working {
    place: std::collections::HashMap<Box<str>, usize, BuildFast>,
    entries: Vec<(Box<str>, ResellerRevenue)>,
    last: usize,
}

impl Working {
    /// The revenue of `reseller`, added when new.
    #[inline]
    pub(super) fn entry(&mut self, reseller: &str) -> &mut ResellerRevenue {
        if self.entries.get(self.last).is_none_or(|(id, _)| **id != *reseller) {
            self.last = match self.place.get(reseller) {
                Some(&k) => k,
                None => {
                    self.entries.push((reseller.into(), ResellerRevenue::default()));
                    self.place.insert(reseller.into(), self.entries.len() - 1);
                    self.entries.len() - 1
                }
            };
        }
        &mut self.entries[self.last].1
    }

    /// Every reseller's revenue, leaving this empty.
    pub(super) fn drain(&mut self) -> impl Iterator<Item = (Box<str>, ResellerRevenue)> + '_ {
        self.place.clear();
        self.last = 0;
        self.entries.drain(..)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_chunking_and_sees_every_byte() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let of = |chunk: usize, bytes: &[u8]| {
            let mut f = Fingerprint::default();
            for c in bytes.chunks(chunk) {
                f.write(c);
            }
            f.finish()
        };
        let whole = of(10_000, &bytes);
        for chunk in [1, 3, 7, 8, 9, 31, 32, 33, 4096] {
            assert_eq!(of(chunk, &bytes), whole, "chunk {chunk}");
        }
        let mut changed = bytes.clone();
        changed[5_000] ^= 1;
        assert_ne!(of(64, &changed), whole);
        assert_ne!(of(64, &bytes[..9_999]), whole);
        // Every byte of a stripe counts, in its place: swapping two words of
        // a stripe, or a stripe's word with the tail's, changes it.
        let mut swapped = bytes.clone();
        swapped[..16].rotate_left(8);
        assert_ne!(of(64, &swapped), whole);
        let mut tail_swapped = bytes.clone();
        tail_swapped.swap(3, 9_999);
        assert_ne!(of(64, &tail_swapped), whole);
        // Zeros: the tail's length counts.
        assert_ne!(of(8, &[0; 40]), of(8, &[0; 41]));
        assert_ne!(of(8, &[0; 32]), of(8, &[0; 64]));
    }

    #[test]
    fn short_keys_hash_apart() {
        use std::hash::BuildHasher;
        let keys = ["", "a", "a\0", "1234567", "12345678", "123456789", "4816859", "4816895"];
        let hashes: std::collections::HashSet<u64> = keys.iter().map(|k| BuildFast.hash_one(k.as_bytes())).collect();
        assert_eq!(hashes.len(), keys.len());
    }
}
