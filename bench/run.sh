#!/bin/sh
# make bench: uidinit side by side with tini, tini-static, dumb-init,
# catatonit, a bare exec and the uid_entrypoint script.  Needs root (PID and
# mount namespaces, setuid).  BENCH_QUICK=1 for a short development run;
# arguments pick benchmarks: size start idle reap signals account.
# Tables on stdout; raw numbers in bench/results.json.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
	echo "bench: run as root (PID and mount namespaces, setuid)" >&2
	exit 1
fi
tests/need.sh tini dumb-init catatonit python3 util-linux file
[ -x uidinit ] || { echo "bench: build uidinit first (make)" >&2; exit 1; }
CC=cc
command -v musl-gcc >/dev/null 2>&1 && CC=musl-gcc
mkdir -p bench/build
for src in bench/*.c; do
	bin=bench/build/$(basename "$src" .c)
	$CC -static -s -O2 -std=gnu11 -Wall -Wextra -Werror -o "$bin" "$src"
done
# A snapshot: the tree's uidinit may be rebuilt while the benchmark runs.
cp -f "${UIDINIT:-uidinit}" bench/build/uidinit
UIDINIT=$PWD/bench/build/uidinit exec python3 bench/bench.py "$@"
