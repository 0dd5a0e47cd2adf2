#!/usr/bin/env bash
# Time to first frame and idle memory/CPU of the release app, side by side with a bare eframe
# window, both under Xvfb and measured the same way. Needs: xvfb xauth libxcursor1 libxi6
# libxkbcommon-x11-0 libegl1 (and a software GL/Vulkan driver, e.g. mesa).
# Usage: scripts/bench_startup.sh   (builds the release binaries first; honours CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"
fi
cargo build --release --bin deskaudit --example bare_window >/dev/null 2>&1
T="${CARGO_TARGET_DIR:-target}/release"
export DESKAUDIT_DATA="$(mktemp -d)"
measure() {
    local name=$1; shift
    local firsts=()
    for _ in 1 2 3 4 5; do
        firsts+=("$(DESKAUDIT_FIRST_FRAME_PROBE=1 "$@" 2>/dev/null | sed -n 's/first frame after \(.*\) ms/\1/p')")
    done
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep 4
    local rss ticks0 ticks1
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    ticks0=$(awk '{print $14 + $15}' /proc/$pid/stat)
    sleep 5
    ticks1=$(awk '{print $14 + $15}' /proc/$pid/stat)
    kill $pid
    wait $pid 2>/dev/null || true
    printf '%-12s first frame (ms): %s | idle RSS %d MiB | CPU over 5 s idle: %d ticks\n' \
        "$name" "${firsts[*]}" $((rss / 1024)) $((ticks1 - ticks0))
}
measure deskaudit "$T/deskaudit"
measure bare-eframe "$T/examples/bare_window"
rm -rf "$DESKAUDIT_DATA"
