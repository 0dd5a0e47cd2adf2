#!/usr/bin/env bash
# CPU used by the facilitator's console and the projector window while nobody touches them,
# in the real release app under Xvfb: a console with its per-node timer showing (whole
# minutes: one repaint a minute), then paused (timer stopped: no repaints), with the projector
# window open throughout. Each repaint of a 1600x1000 window costs ~0.35 s of CPU on this
# machine's software renderer (Mesa lavapipe/llvmpipe); a real GPU makes it negligible.
# Needs: xvfb xauth xdotool libxcursor1 libxi6 libxkbcommon-x11-0 libegl1 (and Mesa).
# Usage: scripts/bench_console_idle.sh   (builds the release binaries first)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
    exec xvfb-run -a -s "-screen 0 2960x1100x24" "$0" "$@"
fi
cargo build --release --bin deskaudit --example demo_session >/dev/null 2>&1
data="$(mktemp -d)"
./target/release/examples/demo_session "$data" >/dev/null
./target/release/deskaudit --data-dir "$data" >/dev/null 2>&1 &
pid=$!
sleep 4
win=$(xdotool search --name '^deskaudit$' | head -1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000
xdotool windowfocus --sync "$win"
sleep 1
# The "Resume" button of the unfinished session, top left of the library.
xdotool mousemove --sync 260 260 click 1
sleep 2
projector=$(xdotool search --name 'deskaudit projector' | head -1 || true)
[ -n "$projector" ] && xdotool windowmove "$projector" 1640 0
xdotool mousemove --sync 1590 990
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); sleep 60; t1=$(ticks)
echo "console, timer running (no time box), projector open: $((t1 - t0)) CPU ticks over 60 s (1 tick = 10 ms)"
xdotool windowfocus --sync "$win"; xdotool key p; sleep 2
t0=$(ticks); sleep 30; t1=$(ticks)
echo "console paused (holding screen), projector open: $((t1 - t0)) CPU ticks over 30 s"
echo "projector window found: ${projector:-no}"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$data"
