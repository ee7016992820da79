//! `cargo +nightly fuzz run markdown`: see `docs/fuzzing.md`. The body, its oracles and
//! the structure-aware mutator are in `fuzz/src/lib.rs`, shared with the stable harness.

#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};

fuzz_target!(|data: &[u8]| attain_fuzz::markdown(data));

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut input = data[..size].to_vec();
    attain_fuzz::mutate_markdown(&mut input, max_size, u64::from(seed), &mut libfuzzer);
    let len = input.len().min(max_size);
    data[..len].copy_from_slice(&input[..len]);
    len
});

/// libFuzzer's own mutation of `buf`, kept within `max` bytes.
fn libfuzzer(buf: &mut Vec<u8>, max: usize, _seed: u64) {
    let len = buf.len();
    buf.resize(max.max(len), 0);
    let new_len = fuzzer_mutate(buf, len, max.max(len));
    buf.truncate(new_len);
}
