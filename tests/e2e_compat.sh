#!/usr/bin/env bash
# tini's and dumb-init's own test scenarios, ported (issue 18): the proof
# that uidinit is their drop-in.  tests/compat/tini/cases.sh runs against
# ./uidinit and, to prove the port, against Debian's tini and tini-static;
# tests/compat/dumb-init/cases.sh against ./uidinit and dumb-init.  Where
# uidinit answers differently on purpose, the table says so and why.
# Prints the scenarios passed per init, then one "N passed, N failed".
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" tini dumb-init python3 gcc libc6-dev util-linux bsdutils \
	procps coreutils dash bash valgrind || exit 1

scratch
H=$T/bin	# the helpers, built here
# An ASan build (make check SANITIZE=1) installs handlers of its own for
# SIGSEGV, SIGBUS and SIGFPE at start: a SEGV ignored by the caller would
# not reach the command ignored (sigconf), and a kill -BUS would kill
# uidinit as PID 1.  Those scenarios test uidinit's dispositions, not the
# sanitizer's; memory errors are still reported.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_sigfpe=0
TO=(timeout -k 2 20)
TO_LONG=(timeout -k 2 60)

mkdir "$H"
for c in subreaper sigconf exitloop printsig; do
	cc -O1 -Wall -Wextra -o "$H/$c" "$TOP/tests/compat/$c.c" 2>"$T/err" ||
		{ fail "build-$c" "$(cat "$T/err")"; finish; exit 1; }
done
printf '#!/bin/sh\nexec /usr/bin/python3 %s "$@"\n' "$TOP/tests/compat/ptyrun.py" >"$H/ptyrun"
chmod +x "$H/ptyrun"

# descendants PID: every process below PID.
descendants() {
	local c
	# shellcheck disable=SC2013 # PIDs, space-separated
	for c in $(cat "/proc/$1/task/"*/children 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}
# state PID: R, S, T, Z... or "gone".
state() {
	local line
	read -r line 2>/dev/null <"/proc/$1/stat" || { echo gone; return; }
	line=${line##*) }
	echo "${line%% *}"
}
stopped() { [ "$(state "$1")" = T ]; }
# quiet CMD...: CMD's status only (tini -v logs to stdout).
quiet() { "$@" >/dev/null 2>&1; echo $?; }

# compat NAME GOT WANT [UIDINIT-WANT WHY]: one scenario of the port.  WANT
# is the peer's answer, uidinit's too unless it has its own (then WHY says
# why it differs on purpose).
compat() {
	local want=$3
	[ "$KIND" = uidinit ] && [ $# -ge 5 ] && want=$4
	N_ALL=$((N_ALL + 1))
	[ -n "${COMPAT_TIME:-}" ] && echo "$((SECONDS - LAST))s $1" && LAST=$SECONDS
	if [ "$2" = "$want" ]; then
		N_OK=$((N_OK + 1))
		ok "$PORT/$LABEL/$1"
	else
		fail "$PORT/$LABEL/$1" "want [$want] got [$2]"
	fi
}

# port PORT LABEL KIND INIT: run one port against one init, in the
# background with a temp dir of its own (one init after the other took
# over 2 minutes); its log and counts go to $TBASE/PORT-LABEL.log.
port() {
	# shellcheck disable=SC2030 # the subshell's own, on purpose
	(
		PORT=$1 LABEL=$2 KIND=$3 INIT=$4 N_ALL=0 N_OK=0 LAST=$SECONDS
		# shellcheck disable=SC2030
		T=$TBASE/$PORT-$LABEL PASSED=0 FAILED=0
		mkdir "$T"
		"${PORT//-/_}_port"
		echo "$SUITE: $PORT scenarios: $LABEL passed $N_OK of $N_ALL"
		echo "counts $PASSED $FAILED"
	) >"$TBASE/$1-$2.log" 2>&1 &
	PORTS+=("$!:$1-$2")
}
# The results, in order; a port that printed no counts failed as a whole.
collect() {
	local p c
	for p in "${PORTS[@]}"; do
		wait "${p%%:*}"
		grep -v '^counts ' "$TBASE/${p#*:}.log"
		c=$(sed -n 's/^counts \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$TBASE/${p#*:}.log")
		if [ -z "$c" ]; then
			fail "${p#*:}" "the port did not finish"
		else
			# shellcheck disable=SC2031 # the parent's, from the counts
			PASSED=$((PASSED + ${c% *})) FAILED=$((FAILED + ${c#* }))
		fi
	done
}

# shellcheck disable=SC2031
TBASE=$T
PORTS=()
# COMPAT_ONLY="uidinit tini": these inits only (while developing)
only() { [[ " ${COMPAT_ONLY:-$1} " == *" $1 "* ]]; }
# shellcheck source=tests/compat/tini/cases.sh
. "$TOP/tests/compat/tini/cases.sh"
# shellcheck source=tests/compat/dumb-init/cases.sh
. "$TOP/tests/compat/dumb-init/cases.sh"
only uidinit && port tini uidinit uidinit "$UIDINIT"
only tini && port tini tini tini /usr/bin/tini
only tini-static && port tini tini-static tini /usr/bin/tini-static
only uidinit && port dumb-init uidinit uidinit "$UIDINIT"
only dumb-init && port dumb-init dumb-init dumb-init /usr/bin/dumb-init
collect
finish
