//! No input makes loading (or `deskaudit check`) panic: truncated and byte-flipped copies of
//! every shipped scenario each get a located error or load cleanly.

use deskaudit::scenario::load::{EMBEDDED, load_bytes};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn assert_sane(name: &str, bytes: &[u8]) {
    match load_bytes(name, bytes) {
        Ok(_) => {}
        Err(diags) => {
            assert!(!diags.is_empty());
            let lines = bytes.split(|b| *b == b'\n').count();
            for d in diags {
                assert!(
                    d.line >= 1 && d.line <= lines.max(1),
                    "{d} (file has {lines} lines)"
                );
                assert!(d.col >= 1, "{d}");
                assert!(!d.message.is_empty() && !d.help.is_empty(), "{d}");
            }
        }
    }
}

#[test]
fn truncated_copies_of_shipped_scenarios_never_panic() {
    for (name, bytes) in EMBEDDED {
        let step = (bytes.len() / 150).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            assert_sane(name, &bytes[..cut]);
        }
    }
}

#[test]
fn byte_flipped_copies_of_shipped_scenarios_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    for (name, bytes) in EMBEDDED {
        for _ in 0..150 {
            let mut copy = bytes.to_vec();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..copy.len());
                copy[at] = match rng.random_range(0..4) {
                    0 => rng.random(),
                    1 => b'"',
                    2 => b'(',
                    _ => copy[at] ^ 0x20,
                };
            }
            assert_sane(name, &copy);
        }
    }
}

/// The window reads the built-in scenarios without running the rules again (the test above
/// is what makes that safe): it must end up with exactly what a full load gives, and with
/// the text its background checks start from.
#[test]
fn the_window_reads_the_shipped_scenarios_as_a_full_load_does() {
    use deskaudit::scenario::Library;
    use deskaudit::scenario::load::Checks;
    let quick = Library::embedded_with(Checks::Quick);
    let full = Library::embedded_with(Checks::Full);
    assert!(quick.failed.is_empty() && full.failed.is_empty());
    assert_eq!(quick.scenarios.len(), EMBEDDED.len());
    assert_eq!(quick.scenarios.len(), full.scenarios.len());
    for ((q, f), (name, bytes)) in quick.scenarios.iter().zip(&full.scenarios).zip(EMBEDDED) {
        assert_eq!(q.file, f.file);
        assert_eq!(q.file, format!("embedded:{name}"));
        assert_eq!(q.content_hash, f.content_hash, "{name}");
        assert_eq!(
            format!("{:?}", q.scenario),
            format!("{:?}", f.scenario),
            "{name}"
        );
        // Only the content lints, which need the states, are left for the background.
        assert!(f.warnings.iter().all(|w| w.code.is_some()), "{name}");
        assert!(q.warnings.is_empty(), "{name}");
        assert_eq!(
            q.deferred.as_deref().map(str::as_bytes),
            Some(*bytes),
            "{name}"
        );
    }
}

#[test]
fn every_shipped_scenario_loads_without_errors_or_warnings() {
    assert!(EMBEDDED.len() >= 2);
    for (name, bytes) in EMBEDDED {
        let (_, warnings) = load_bytes(name, bytes).unwrap_or_else(|e| {
            panic!(
                "{name} failed:\n{}",
                e.iter().map(|d| format!("{d}\n")).collect::<String>()
            )
        });
        // The content lints (`code` set) are allowed until the scenario rework of #10 part 2
        // lands; `tests/library.rs` holds the test that will enforce them.
        let warnings: Vec<_> = warnings.iter().filter(|w| w.code.is_none()).collect();
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
    }
}
