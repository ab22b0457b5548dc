//! Hashing for the reader: a file's fingerprint, and a fast hasher for the
//! per-reseller map while lines are read.

use std::hash::Hasher;

use crate::domain::ledger::ResellerRevenue;

/// A fingerprint of a file's bytes for recognising the same file loaded
/// twice: 64-bit words mixed by multiply-rotate, the same however the bytes
/// are chunked. Not cryptographic (nothing adversarial is at stake: a
/// collision would only count two files once, with the sizes equal too); a
/// fifth of SipHash's cost, which showed as 7% of the CLI's profile.
#[derive(Default)]
pub(super) struct Fingerprint {
    hash: u64,
    tail: [u8; 8],
    tail_len: usize,
}

impl Fingerprint {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn mix(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }

    pub(super) fn write(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.mix(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(super) fn finish(&self) -> u64 {
        let mut last = [0u8; 8];
        last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        let mut h = (self.hash.rotate_left(23) ^ u64::from_le_bytes(last) ^ self.tail_len as u64).wrapping_mul(Self::K);
        // Final avalanche (murmur3's fmix64).
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 33;
        h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    }
}

/// Builds [`FastHasher`]s.
#[derive(Clone, Copy, Default)]
pub(super) struct BuildFast;

impl std::hash::BuildHasher for BuildFast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(Fingerprint::default())
    }
}

/// The fingerprint's mixing as a `Hasher`, for short keys (reseller IDs).
/// Not DoS-resistant, which a file read on the user's own machine does not need.
pub(super) struct FastHasher(Fingerprint);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

pub(super) fn working_entry<'l>(
    ledger: &'l mut std::collections::HashMap<Box<str>, ResellerRevenue, BuildFast>,
    reseller: &str,
) -> &'l mut ResellerRevenue {
    if !ledger.contains_key(reseller) {
        ledger.insert(reseller.into(), ResellerRevenue::default());
    }
    ledger.get_mut(reseller).expect("inserted above")
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
        for chunk in [1, 3, 7, 8, 9, 4096] {
            assert_eq!(of(chunk, &bytes), whole, "chunk {chunk}");
        }
        let mut changed = bytes.clone();
        changed[5_000] ^= 1;
        assert_ne!(of(64, &changed), whole);
        assert_ne!(of(64, &bytes[..9_999]), whole);
    }
}
