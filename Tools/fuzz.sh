#!/usr/bin/env bash
# Fuzzes ign's parsers with libFuzzer and AddressSanitizer (not CI: it runs for a long time).
#
#   Tools/fuzz.sh [SECONDS] [HARNESS...]
#
# SECONDS: how long each harness runs (default 600); HARNESS: image, model, latent (default
# all three, one after another). The harnesses live in a package of their own, Tools/fuzz
# (see its Package.swift), so a plain `swift build` / `swift test` of ign never builds them.
# They are built in Tools/fuzz/.build-fuzz with -sanitize=fuzzer,address over ign's own Swift
# modules and C shim, optimised (-O) but with every Swift check kept.
#
# Each harness starts from the committed seeds in Tools/fuzz/corpus/NAME and grows its own
# corpus in Tools/fuzz/work/NAME (kept between runs, not committed). A crash, leak, timeout
# or out-of-memory input is written to Tools/fuzz/findings/NAME-*: turn each into a
# regression test under Tests/ (the input as bytes) and a fix. Logs: Tools/fuzz/logs/NAME.log;
# the last lines of each (executions, coverage, time) are printed at the end.
#
# Extra libFuzzer flags can be passed in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-jobs=2 -workers=2").
set -euo pipefail
cd "$(dirname "$0")/fuzz"
seconds=${1:-600}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(image model latent)

flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -O
       -Xcc -fsanitize=fuzzer-no-link,address -Xcc -O1)
for harness in "${harnesses[@]}"; do
    swift build --scratch-path .build-fuzz --product "fuzz-$harness" "${flags[@]}" 2>&1 \
        | grep -v "Cannot export local symbol" >&2
done
bin=$(swift build --scratch-path .build-fuzz "${flags[@]}" --show-bin-path)
mkdir -p work findings logs

for harness in "${harnesses[@]}"; do
    mkdir -p "work/$harness"
    echo "== fuzz-$harness for ${seconds} s" >&2
    status=0
    "$bin/fuzz-$harness" "work/$harness" "corpus/$harness" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -dict="dictionaries/$harness.dict" -print_final_stats=1 \
        -artifact_prefix="findings/$harness-" ${FUZZ_FLAGS:-} > "logs/$harness.log" 2>&1 || status=$?
    grep -E "^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written" \
        "logs/$harness.log" | tail -6 || true
    if ((status != 0)); then echo "fuzz-$harness: libFuzzer exited $status; see Tools/fuzz/logs/$harness.log" >&2; fi
done
ls findings
