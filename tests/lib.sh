# shellcheck shell=bash
# Sourced by the e2e suites (bash).  Each check is one named assertion; a
# suite ends with `finish`, which prints "N passed, N failed" and exits
# non-zero on any failure.
#   ok NAME               record a pass
#   fail NAME [DETAIL]    record a failure, with what was seen
#   check NAME CMD...     pass if CMD exits 0
#   expect_eq NAME WANT GOT
#   expect_status NAME WANT CMD...   run CMD, compare its exit status
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UIDINIT=${UIDINIT:-$TOP/uidinit}
PASSED=0
FAILED=0
SUITE=$(basename "$0" .sh)

ok() { PASSED=$((PASSED + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $SUITE: $1"; return 0; }
fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL $SUITE: $1${2:+ -- $2}"
	return 0
}
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "command failed: $*"; fi
}
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "want [$2] got [$3]"; fi
}
expect_status() {
	local name=$1 want=$2 got
	shift 2
	"$@"
	got=$?
	expect_eq "$name" "$want" "$got"
}
finish() {
	echo "$SUITE: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
