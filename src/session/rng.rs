//! Seeded randomness. Every draw is derived from the session seed and a stable label (a
//! node id, a variable id, a chance event id), so the same seed gives the same session on
//! every machine, and undoing and retaking a decision gives the same results.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn stream(seed: u64, label: &str) -> ChaCha8Rng {
    // FNV-1a of the label, mixed with the seed: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(seed ^ h)
}

/// The index of a variable's value for this session.
pub fn variable_index(seed: u64, variable: &str, count: usize) -> usize {
    if count <= 1 {
        return 0;
    }
    stream(seed, &format!("variable:{variable}")).random_range(0..count)
}

/// Whether a chance event happens in this session.
pub fn chance_happens(seed: u64, chance: &str, probability: f64) -> bool {
    stream(seed, &format!("chance:{chance}")).random_bool(probability.clamp(0.0, 1.0))
}

/// Shuffles the choices offered at a node.
pub fn shuffle_choices<T>(seed: u64, node: &str, items: &mut [T]) {
    items.shuffle(&mut stream(seed, &format!("order:{node}")));
}

/// A fresh seed for a new session.
pub fn fresh_seed() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    stream(now, &format!("pid:{}", std::process::id())).random()
}
