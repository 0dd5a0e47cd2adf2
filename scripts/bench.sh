#!/usr/bin/env bash
# Every figure of issue #13's performance table, each beside its reference, in one run:
# start-up (time to first frame, median of 5) and idle memory against a bare eframe window
# measured the same way in the same run, also with 10,000 records in the data folder (and the
# heap their summaries hold, counted by examples/bench_records_memory.rs);
# `deskaudit check` of a generated 10,000-node scenario against inkjs compiling the same-shaped
# ink story (when `node` and inkjs are installed); analysis speed per state; `check` of the
# shipped library; History with many records (when the record-index benchmark is present).
#
# Needs: xvfb xauth libxcursor1 libxi6 libxkbcommon-x11-0 libegl1 and a software GL/Vulkan
# driver (mesa). Optional: hyperfine (more careful timings), node with inkjs
# (`npm install inkjs` in this folder or anywhere on NODE_PATH).
# Usage: scripts/bench.sh   (builds the release binaries first; honours CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"
fi
cargo build --release --bin deskaudit --examples >/dev/null 2>&1
T="${CARGO_TARGET_DIR:-target}/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Five starts of "$@" (data folder $DESKAUDIT_DATA): per start, the time to the first frame
# and to the first frame at the window's size (ms; the same frame unless the first pass came
# before the window had a size).
first_frames() {
    for _ in 1 2 3 4 5; do
        DESKAUDIT_FIRST_FRAME_PROBE=1 "$@" 2>/dev/null | awk '
            /^first frame after/ {f = $4}
            /^first frame at the window/ {s = $(NF - 1)}
            END {print f, s}'
    done
}
firsts() { echo "$1" | awk 'NF {print $1}' | tr '\n' ' '; }
sized() { echo "$1" | awk 'NF {print $2}' | tr '\n' ' '; }

# Resident memory (MiB) of "$@" after 4 s idle.
idle_rss() {
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep 4
    local kib
    kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo $((kib / 1024))
}

# Milliseconds per run of "$@" (mean of hyperfine's runs, else median of 5 timed runs).
time_ms() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N -w 1 -r 10 -i --export-json "$work/h.json" "$*" >/dev/null 2>&1
        awk -F': ' '/"mean"/ {gsub(/,/, "", $2); printf "%.0f\n", $2 * 1000; exit}' "$work/h.json"
    else
        for _ in 1 2 3 4 5; do
            local t0 t1
            t0=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            t1=$(date +%s%N)
            echo $(((t1 - t0) / 1000000))
        done | median
    fi
}

row() { printf '%-44s %-30s %-30s %s\n' "$@"; }

echo "deskaudit performance, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo

# --- Start-up and memory -------------------------------------------------------------------
export DESKAUDIT_DATA="$work/empty"
mkdir -p "$DESKAUDIT_DATA"
da_runs=$(first_frames "$T/deskaudit")
bare_runs=$(first_frames "$T/examples/bare_window")
da=$(firsts "$da_runs")
bare=$(firsts "$bare_runs")
da_sized=$(sized "$da_runs")
bare_sized=$(sized "$bare_runs")
da_rss=$(idle_rss "$T/deskaudit")
bare_rss=$(idle_rss "$T/examples/bare_window")
export DESKAUDIT_DATA="$work/records"
"$T/examples/gen_records" "$DESKAUDIT_DATA" 10000
rec=$(firsts "$(first_frames "$T/deskaudit")")
rec_rss=$(idle_rss "$T/deskaudit")
export DESKAUDIT_DATA="$work/empty"
da_m=$(echo "$da" | tr ' ' '\n' | grep . | median)
bare_m=$(echo "$bare" | tr ' ' '\n' | grep . | median)
rec_m=$(echo "$rec" | tr ' ' '\n' | grep . | median)
da_sized_m=$(echo "$da_sized" | tr ' ' '\n' | grep . | median)
bare_sized_m=$(echo "$bare_sized" | tr ' ' '\n' | grep . | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }

row "what" "deskaudit" "reference" "target"
row "time to first frame, median of 5 (ms)" "$da_m  ($da)" "bare eframe $bare_m  ($bare)" \
    "≤ 1.2× bare: now $(ratio "$da_m" "$bare_m")"
row "  … first frame at the window's size" "$da_sized_m  ($da_sized)" "bare eframe $bare_sized_m  ($bare_sized)" \
    "the same frame: $(ratio "$da_sized_m" "$bare_sized_m")"
row "  … with 10,000 records in the data folder" "$rec_m  ($rec)" "empty data folder $da_m" \
    "≤ 1.2× empty: now $(ratio "$rec_m" "$da_m")"
row "idle RSS (MiB)" "$da_rss" "bare eframe $bare_rss" "≤ 1.2× bare: now $(ratio "$da_rss" "$bare_rss")"
row "  … with 10,000 records" "$rec_rss" "bare eframe $bare_rss" \
    "≤ 1.2× bare: now $(ratio "$rec_rss" "$bare_rss")"
rec_heap=$("$T/examples/bench_records_memory" "$work/records" |
    sed -n 's/.*glibc malloc estimate: \([0-9.]*\) MiB, \([0-9]*\) bytes per record/\1 MiB, \2 bytes per record/p')
row "  … heap the record summaries hold" "$rec_heap" "before: 8.94 MiB, 937 bytes per record" "—"

# --- check of a generated 10,000-node scenario, against inkjs ------------------------------
for n in 5000 10000 20000; do
    "$T/examples/gen_scenario" "$n" "$work/gen-$n.ron" "$work/gen-$n.ink"
done
c5=$(time_ms "$T/deskaudit" check --quiet "$work/gen-5000.ron")
c10=$(time_ms "$T/deskaudit" check --quiet "$work/gen-10000.ron")
c20=$(time_ms "$T/deskaudit" check --quiet "$work/gen-20000.ron")
size10=$(du -h "$work/gen-10000.ron" | cut -f1)
ink="skipped: node/inkjs not installed"
inkjs_compile="
const fs = require('fs');
let Compiler;
try { Compiler = require('inkjs/compiler/Compiler').Compiler; } catch (e) { Compiler = require('inkjs/full').Compiler; }
const src = fs.readFileSync(process.argv[1], 'utf8');
const t0 = process.hrtime.bigint();
new Compiler(src).Compile();
console.log(Number(process.hrtime.bigint() - t0) / 1e6);
"
if command -v node >/dev/null && node -e "require.resolve('inkjs')" >/dev/null 2>&1; then
    ms=$(node -e "$inkjs_compile" "$work/gen-10000.ink" 2>/dev/null || true)
    if [ -n "$ms" ]; then
        ink="inkjs compile $(printf "%.0f" "$ms") ms (deskaudit $(ratio "$ms" "$c10") faster)"
    else
        ink="skipped: inkjs could not compile the story"
    fi
fi
row "check, 10,000-node scenario ($size10) (ms)" "$c10" "$ink" "≤ 100 ms, linear, ≥ 50× inkjs"
row "  linearity: 5,000 / 10,000 / 20,000 nodes" "$c5 / $c10 / $c20" "" \
    "20k ÷ 10k = $(ratio "$c20" "$c10") (linear: 2×)"

# --- Analysis speed and the shipped library --------------------------------------------------
"$T/examples/bench_scenarios" >"$work/scen.txt"
per_state=$(sed -n 's/analysis speed: \([0-9.]*\) µs per state.*/\1/p' "$work/scen.txt")
states=$(sed -n 's/.*(\([0-9]*\) states in the shipped library).*/\1/p' "$work/scen.txt")
row "analysis speed (µs per state)" "$per_state ($states states)" "10 µs before #13" "≥ 5× faster: ≤ 2 µs"
lib=$(time_ms "$T/deskaudit" check --quiet)
row "check of the shipped library (ms)" "$lib" "1,090 ms before #13" "≤ 600 ms"

# --- History and the programme view with many records ---------------------------------------
if [ -f examples/bench_programme.rs ]; then
    echo
    echo "History and programme view (examples/bench_programme.rs):"
    "$T/examples/bench_programme"
else
    row "History / programme with 10,000 records" "not measured here (record index on branch prog)" "" "≤ 16 ms per frame"
fi

echo
echo "Load + validate + analyse of generated scenarios (examples/bench_scenarios.rs):"
cat "$work/scen.txt"
