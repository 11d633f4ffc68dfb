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
# scratch: a fresh directory T (0755) holding a private copy of uidinit,
# UIDINIT from then on: a rebuild during the run must not swap it, and
# the checks that run it as another UID must reach it (a checkout under
# /root, 0700, is out of their reach: a fresh machine where root cloned
# it).  At exit the processes in bg are killed, the suite's own tidy()
# runs if it has one, and T goes.
scratch() {
	T=$(mktemp -d) && chmod 755 "$T" && cp "$UIDINIT" "$T/uidinit" || exit 1
	UIDINIT=$T/uidinit
	bg=()
	trap scratch_end EXIT
}
scratch_end() {
	local p
	for p in "${bg[@]}"; do kill -KILL "$p" 2>/dev/null; done
	if declare -F tidy >/dev/null; then tidy; fi
	rm -rf "$T"
}
# child_of PID: the first child of PID, once it has one (for 10 s).
child_of() {
	local i c
	for ((i = 0; i < 200; i++)); do
		read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null
		[ -n "$c" ] && { echo "$c"; return 0; }
		sleep 0.05
	done
	return 1
}
# launch DEPTH CMD...: CMD in the background; LPID is its PID, UPID
# the init's, DEPTH generations below (timeout: 1, timeout + unshare: 2).
launch() {
	local depth=$1 i
	shift
	"$@" &
	LPID=$!
	bg+=("$LPID")
	UPID=$LPID
	for ((i = 0; i < depth; i++)); do
		UPID=$(child_of "$UPID") || return 1
	done
	bg+=("$UPID")
}
# status CMD...: CMD's exit status, printed.
status() { "$@"; echo $?; }
# wait_for CMD...: poll CMD until it succeeds, for up to 10 s.
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
# gone PID: PID has ended (gone, or a zombie nobody reaped yet).
gone() {
	local line
	read -r line 2>/dev/null <"/proc/$1/stat" || return 0
	line=${line##*) }
	[ "${line%% *}" = Z ]
}
finish() {
	echo "$SUITE: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
