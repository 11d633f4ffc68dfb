#!/usr/bin/env bash
# Usage: tests/fuzz/run.sh [SECONDS]   (make fuzz FUZZ_SECONDS=N)
# Build the libFuzzer harnesses with clang (ASan + UBSan), replay the
# committed corpus (the regression tests), then fuzz each harness for
# SECONDS (default 60; 0: replay only).  New inputs stay in a temp dir;
# a crash is copied to tests/fuzz/build/ and the run fails.  To keep a
# finding as a regression test, copy it into tests/fuzz/corpus/HARNESS/.
# FUZZ_SEED=N FUZZ_RUNS=M (make fuzz FUZZ_SEED=N FUZZ_RUNS=M): libFuzzer's
# -seed and -runs instead of a time: the same inputs every time, whatever
# the machine's speed (CI: a new finding shows up in a developer's
# random `make fuzz`, not as a random red CI); unset, a new path every run.
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${1:-60}
harnesses="fuzz_find fuzz_append fuzz_options"
"$PWD/tests/need.sh" clang libclang-rt-14-dev || exit 1
build=tests/fuzz/build
mkdir -p "$build"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
flags="-g -O1 -std=c11 -Wall -Wextra -Werror -Wno-unused-function -DUNIT_TESTING
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
status=0
for h in $harnesses; do
	src=tests/fuzz/$h.c
	# shellcheck disable=SC2086
	if [ "$h" = fuzz_options ]; then
		clang $flags -o "$build/$h" "$src" || exit 1
	else
		clang $flags -o "$build/$h" "$src" passwd.c || exit 1
	fi
	corpus=tests/fuzz/corpus/$h
	log=$work/$h.log
	# Replay: every committed input once.
	if ! "$build/$h" -runs=0 -artifact_prefix="$build/$h-" "$corpus" >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "fuzz: $h: a committed corpus input fails (regression)"
		status=1
		continue
	fi
	[ "$seconds" -gt 0 ] || { echo "fuzz: $h: corpus replayed"; continue; }
	mkdir -p "$work/$h"
	# shellcheck disable=SC2046
	if "$build/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		$([ -n "${FUZZ_SEED:-}" ] && echo "-seed=$FUZZ_SEED") \
		$([ -n "${FUZZ_RUNS:-}" ] && echo "-runs=$FUZZ_RUNS") \
		-max_len="$([ "$h" = fuzz_find ] && echo 140000 || echo 16384)" -artifact_prefix="$build/$h-" \
		"$work/$h" "$corpus" >"$log" 2>&1; then
		echo "fuzz: $h: $(grep -Eo '#[0-9]+' "$log" | tail -n 1 | tr -d '#') runs${FUZZ_RUNS:+ (seed ${FUZZ_SEED:-random})} in at most ${seconds}s, no failure"
	else
		tail -n 60 "$log"
		echo "fuzz: $h: FAILED; the input is in $build/$h-*"
		status=1
	fi
done
exit "$status"
