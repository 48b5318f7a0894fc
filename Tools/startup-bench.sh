#!/usr/bin/env bash
# One file from the shell, process start to file written: ign against ImageMagick's own
# binaries on the same 28×28 PNG, alternating (a round runs each pair back to back, so a slow
# phase of a shared machine hits both sides), and prints the median of the per-round ratios.
#
#   Tools/startup-bench.sh [ROUNDS] [IGN]     # default 7 rounds, .build/release/ign
#
# Pairs: ign project vs convert (a model command against a plain conversion), ign convert vs
# convert, ign info vs identify, ign --version vs convert -version. Needs hyperfine
# (Debian package hyperfine) and ImageMagick. Build ign as README says
# (swift build -c release --static-swift-stdlib).
#
# Every run writes a new file (the outputs are removed before each run, untimed), as a user's
# `ign project in.png -o out.png` usually does; replacing an existing file costs ign an
# fsync(2) more (see RELIABILITY.md), which ImageMagick does not do.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-7}"
IGN="$(realpath "${2:-.build/release/ign}")"
INPUT="$(realpath Examples/fashion-pullover-noisy.png)"
CONVERT="$(command -v convert-im6.q16 || command -v convert)"
IDENTIFY="$(command -v identify-im6.q16 || command -v identify)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
pairs=(
    "project|$IGN project $INPUT -o $WORK/a.png|$CONVERT $INPUT $WORK/b.png"
    "convert|$IGN convert $INPUT -o $WORK/c.png|$CONVERT $INPUT $WORK/d.png"
    "info|$IGN info $INPUT|$IDENTIFY $INPUT"
    "version|$IGN --version|$CONVERT -version"
)
for pair in "${pairs[@]}"; do
    IFS='|' read -r name ours theirs <<<"$pair"
    for round in $(seq "$ROUNDS"); do
        hyperfine -N -w 2 -r 10 --prepare "rm -f $WORK/a.png $WORK/b.png $WORK/c.png $WORK/d.png" \
            --export-json "$WORK/$name-$round.json" "$ours" "$theirs" >/dev/null 2>&1
    done
    python3 - "$name" "$WORK" "$ROUNDS" <<'PY'
import json, statistics, sys
name, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours, theirs, ratios = [], [], []
for r in range(1, rounds + 1):
    results = json.load(open(f"{work}/{name}-{r}.json"))["results"]
    a, b = results[0]["median"] * 1000, results[1]["median"] * 1000
    ours.append(a); theirs.append(b); ratios.append(a / b)
print(f"{name:8s} ign {statistics.median(ours):6.1f} ms   ImageMagick {statistics.median(theirs):6.1f} ms   "
      f"ratio {statistics.median(ratios):.2f}× (median of {rounds} rounds; range {min(ratios):.2f}–{max(ratios):.2f})")
PY
done
