//! The three fuzz targets on stable Rust: every seed replayed, then a fixed number of
//! structure-aware mutations of them, the same each run. The targets, their oracles and
//! their mutators are `fuzz/src/lib.rs`, which `cargo +nightly fuzz` runs with libFuzzer
//! (`docs/fuzzing.md`).
//!
//! `ATTAIN_FUZZ_SECONDS=600 cargo test --release --test it fuzz_targets -- --nocapture`
//! keeps mutating for ten minutes a target; `ATTAIN_FUZZ_SEED=n` changes the mutations. An
//! input that fails is written to the system's temporary folder and named in the failure.

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod targets;

use targets::{Inner, Rng};

type Mutator = fn(&mut Vec<u8>, usize, u64, &mut Inner<'_>);

/// Inputs grow to at most this (libFuzzer's `-max_len` in `docs/fuzzing.md`).
const MAX_LEN: usize = 128 * 1024;

/// Runs `target` on every seed, then `runs` mutations (or until `ATTAIN_FUZZ_SECONDS`
/// have passed, if longer), each of a seed or of an earlier mutation.
fn fuzz(name: &str, target: fn(&[u8]), mutate: Mutator, runs: u64) {
    let seeds: Vec<Vec<u8>> = targets::seed_files(&crate::common::root(), name)
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(seeds.len() >= 3, "{name}: only {} seeds", seeds.len());
    let run = |input: &[u8]| {
        if let Err(panic) = attain::guard::isolate(|| target(input)) {
            let path = saved(name, input);
            panic!("{name}: {panic}\ninput: {}", path.display());
        }
    };
    let started = Instant::now();
    for seed in &seeds {
        run(seed);
    }
    let seconds: u64 = std::env::var("ATTAIN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let deadline = started + Duration::from_secs(seconds);
    let seed: u64 = std::env::var("ATTAIN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED);
    let mut rng = Rng::new(seed);
    // A few mutants are kept to be mutated further, as a fuzzer's corpus grows.
    let mut pool: Vec<Vec<u8>> = seeds.clone();
    let mut done = 0u64;
    while done < runs || Instant::now() < deadline {
        let mut input = pool[rng.below(pool.len())].clone();
        let mut inner = |data: &mut Vec<u8>, max: usize, seed: u64| {
            targets::mutate_bytes(data, max, seed);
        };
        for _ in 0..1 + rng.below(3) {
            mutate(&mut input, MAX_LEN, rng.next(), &mut inner);
        }
        run(&input);
        if rng.below(4) == 0 {
            if pool.len() < seeds.len() + 64 {
                pool.push(input);
            } else {
                let at = seeds.len() + rng.below(64);
                pool[at] = input;
            }
        }
        done += 1;
    }
    println!(
        "{name}: {} seeds and {done} mutations in {:.1} s, no finding",
        seeds.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Writes a failing input where it can be replayed from: `cargo fuzz run TARGET FILE`.
fn saved(name: &str, input: &[u8]) -> PathBuf {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = std::env::temp_dir().join(format!("attain-fuzz-{name}-{hash:016x}"));
    std::fs::write(&path, input).unwrap();
    path
}

#[test]
fn intake_workbook_seeds_and_mutations() {
    fuzz(
        "intake_workbook",
        targets::intake_workbook,
        targets::mutate_workbook,
        200,
    );
}

#[test]
fn catalog_yaml_seeds_and_mutations() {
    fuzz(
        "catalog_yaml",
        targets::catalog_yaml,
        targets::mutate_yaml,
        300,
    );
}

#[test]
fn markdown_seeds_and_mutations() {
    fuzz("markdown", targets::markdown, targets::mutate_markdown, 600);
}

/// `fuzz/seed.sh` fills libFuzzer's corpus folders from the same places.
#[test]
fn the_seed_script_copies_every_seed_source() {
    let script = std::fs::read_to_string(crate::common::root().join("fuzz/seed.sh")).unwrap();
    for (target, sources) in targets::SEEDS {
        for source in *sources {
            assert!(
                script.contains(&format!("{target} {source}")),
                "fuzz/seed.sh does not copy {source} for {target}"
            );
        }
    }
}
