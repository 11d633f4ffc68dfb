#!/usr/bin/env bash
# make check: the unit tests, then every e2e suite; one closing line.
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0
count() { # "suite: N passed, N failed" -> totals
	local line
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$line" ]; then failed=$((failed + 1)); echo "run.sh: $2 printed no result line"; return; fi
	passed=$((passed + $(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')))
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in tests/test_init tests/test_passwd; do
	"./$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ "$rc" -ne 0 ] && [ -z "$f" ] && failed=$((failed + 1))
done
# Every suite is a tests/e2e*.sh; SUITES="e2e e2e_passwd" runs only those.
for s in ${SUITES:-$(cd tests && for f in e2e*.sh; do echo "${f%.sh}"; done)}; do
	echo "== tests/$s.sh"
	bash "tests/$s.sh" 2>&1 | tee "$log"
	count "$log" "$s"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
