//! Benchmark: the heap the record summaries hold once a data folder's records are listed,
//! opened the way the app opens them at start-up (the record cache read from a current
//! record index on a thread of its own, then handed to the UI thread).
//!
//! `cargo run --release --example bench_records_memory -- DATA_DIR`
//!
//! Fill DATA_DIR first, e.g. with `cargo run --release --example gen_records -- DATA_DIR 10000`
//! (self-study sessions, what `scripts/bench.sh` measures idle memory with) or with
//! `cargo run --release --example bench_programme -- DATA_DIR` (every tenth record a
//! facilitated evening with attendance, recommendations and checkpoints). The first open
//! brings the index up to date if it is missing or stale; the figures are from a second open,
//! as at any start after the first.
//!
//! A counting global allocator (over the system allocator) counts the bytes and blocks
//! live, and the peak of live bytes. Printed: what the opened cache holds (bytes, blocks, and
//! an estimate of what glibc's malloc spends on them: each block rounded up to 16 bytes with
//! its 8-byte header, 32 at least), per record, and the peak while opening above what was
//! live before (the index file read whole, parsing, the lists built).

use deskaudit::store::cache::RecordCache;
use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

/// Counts live bytes, live blocks, the peak of live bytes and glibc's chunk bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);
static CHUNKS: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// What glibc's malloc uses for a block of `size` bytes on a 64-bit machine.
fn chunk(size: usize) -> usize {
    ((size + 8 + 15) & !15).max(32)
}

fn added(size: usize) {
    let now = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(now, Relaxed);
    BLOCKS.fetch_add(1, Relaxed);
    CHUNKS.fetch_add(chunk(size), Relaxed);
}

fn removed(size: usize) {
    LIVE.fetch_sub(size, Relaxed);
    BLOCKS.fetch_sub(1, Relaxed);
    CHUNKS.fetch_sub(chunk(size), Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            added(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            added(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        removed(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            removed(layout.size());
            added(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[derive(Clone, Copy)]
struct Snapshot {
    live: usize,
    blocks: usize,
    chunks: usize,
}

fn snapshot() -> Snapshot {
    Snapshot {
        live: LIVE.load(Relaxed),
        blocks: BLOCKS.load(Relaxed),
        chunks: CHUNKS.load(Relaxed),
    }
}

/// Opens the cache as the app does: on its own thread, the UI thread taking it in by polling.
fn open_like_the_app(dir: &std::path::Path) -> RecordCache {
    let mut cache = RecordCache::open_in_background(dir, Duration::ZERO);
    while cache.is_loading() {
        if !cache.poll() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    // Any index write finished, so its transient text is not counted as held.
    cache.flush();
    cache
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: bench_records_memory DATA_DIR   (fill it with the gen_records example)");
        return ExitCode::from(2);
    };
    // Brings the index up to date (a no-op when it already is).
    let first = open_like_the_app(&dir);
    let n = first.records().len();
    let unreadable = first.unreadable().len();
    drop(first);
    if n == 0 {
        eprintln!(
            "bench_records_memory: no records in {} (fill it with the gen_records example)",
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    let index_bytes = std::fs::metadata(deskaudit::store::index::index_path(&dir))
        .map(|m| m.len())
        .unwrap_or(0);

    let before = snapshot();
    PEAK.store(before.live, Relaxed);
    let cache = open_like_the_app(&dir);
    let after = snapshot();
    let peak = PEAK.load(Relaxed);
    assert_eq!(
        cache.records().len(),
        n,
        "the folder changed while measuring"
    );

    let held = after.live.saturating_sub(before.live);
    let blocks = after.blocks.saturating_sub(before.blocks);
    let chunks = after.chunks.saturating_sub(before.chunks);
    println!(
        "{n} records ({unreadable} unreadable), index file {:.2} MiB, in {}",
        mib(index_bytes as usize),
        dir.display()
    );
    println!(
        "held after opening: {:.2} MiB in {blocks} blocks, {:.0} bytes and {:.1} blocks per record",
        mib(held),
        held as f64 / n as f64,
        blocks as f64 / n as f64
    );
    println!(
        "  glibc malloc estimate: {:.2} MiB, {:.0} bytes per record",
        mib(chunks),
        chunks as f64 / n as f64
    );
    println!(
        "peak while opening: {:.2} MiB above what was live before ({:.0} bytes per record)",
        mib(peak.saturating_sub(before.live)),
        peak.saturating_sub(before.live) as f64 / n as f64
    );
    println!(
        "sizes: RecordInfo {} bytes (behind an Arc: 16 more), IndexEntry {} bytes (in the cache's list)",
        std::mem::size_of::<deskaudit::store::index::RecordInfo>(),
        std::mem::size_of::<deskaudit::store::index::IndexEntry>()
    );
    drop(cache);
    ExitCode::SUCCESS
}
