# shellcheck shell=bash
# dumb-init's own scenarios, ported (sourced by tests/e2e_compat.sh, like
# tests/compat/tini/cases.sh; same table: compat NAME GOT DUMB-INIT-ANSWER
# [UIDINIT-ANSWER WHY]).
#
# Sources: dumb-init's pytest suite (tests/*.py, testing/print_signals.py,
# here tests/compat/printsig.c) and tests/test-zombies.  Our own code.
#
# The options map as MIGRATING.md says:
#   dumb-init (its default: setsid, signals the child's whole session)
#     -> uidinit -g (signals the child's process group)
#   dumb-init -c / --single-child (signals the child only)
#     -> uidinit -s outside PID 1 (as PID 1, no option: it is the default;
#        without -s outside PID 1 uidinit would exec, and have nothing to
#        forward)
#   dumb-init -r FROM:TO -> uidinit -r FROM:TO (the same)
# Not ported: the debug-message texts (DUMB_INIT_DEBUG, "[dumb-init] ..."),
# which are dumb-init's own words; each scenario checks what they describe.
# shellcheck disable=SC2016 # the child shells expand the $ in single quotes

dumb_init_port() {
	local grp=() one=() pid1=() m opts st out n s p c

	if [ "$KIND" = uidinit ]; then grp=(-g); one=(-s); else one=(-c); pid1=(-c); fi

	# ---- exit_status_test.py, in both modes ----
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=
		for n in 0 1 2 32 64 127 254 255; do
			out="$out $(status "${TO[@]}" "$INIT" "${opts[@]}" sh -c "exit $n")"
		done
		compat "exit-status-$m" "$out" " 0 1 2 32 64 127 254 255"
		out=
		for s in TERM HUP QUIT KILL; do
			out="$out $(status "${TO[@]}" "$INIT" "${opts[@]}" sh -c "kill -$s \$\$")"
		done
		compat "exit-status-signal-$m" "$out" " 143 129 131 137"
	done

	# ---- child_processes_test.py: test_fails_nonzero_with_bad_exec ----
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=$(status "${TO[@]}" "$INIT" "${opts[@]}" -- /doesnotexist 2>"$T/err")
		compat "bad-exec-$m" "$out $(tail -n 1 "$T/err")" \
			"2 [dumb-init] /doesnotexist: No such file or directory" \
			"127 uidinit: /doesnotexist: No such file or directory" \
			"127 when the command is not found, as the shell, env and tini"
	done

	# ---- cli_test.py ----
	# (dumb-init names itself by argv[0]; its tests normalise it too)
	out=$(status "${TO[@]}" "$INIT" 2>"$T/err")
	sed -i "s|$INIT|${INIT##*/}|" "$T/err"
	compat cli-no-arguments "$out $(head -n 1 "$T/err")" \
		"1 Usage: dumb-init [option] program [args]" \
		"125 uidinit: no command given (try 'uidinit --help')" \
		"a usage error is 125, in one line"
	out=$(status "${TO[@]}" "$INIT" --yolo /bin/true 2>"$T/err")
	sed -i "s|$INIT|${INIT##*/}|" "$T/err"
	compat cli-invalid-option "$out $(cat "$T/err")" \
		"1 dumb-init: unrecognized option '--yolo'" \
		"125 uidinit: unknown option '--yolo' (try 'uidinit --help')" \
		"a usage error is 125"
	for s in -h --help -V --version; do
		"${TO[@]}" "$INIT" "$s" >"$T/out" 2>"$T/err"
		st=$?
		if [ -s "$T/out" ] && [ ! -s "$T/err" ]; then out=stdout
		elif [ -s "$T/err" ] && [ ! -s "$T/out" ]; then out=stderr
		else out=both; fi
		compat "cli-$s" "$st $out" "0 stderr" "0 stdout" \
			"help and version go to stdout, as GNU tools (and tini's -h) do"
	done
	"${TO[@]}" "$INIT" --version >"$T/out" 2>&1
	out=$(cat "$T/out")
	compat cli-version-names-it "${out%% *}" dumb-init uidinit \
		"the version text names the program"
	# -v: the command's output untouched, the init's own lines on stderr.
	out=$("${TO[@]}" "$INIT" -v "${one[@]}" echo oh, hi 2>"$T/err"); st=$?
	grep -q -e '^\[dumb-init\] Child spawned with PID' -e '^uidinit: started echo as PID' "$T/err" && n=says || n=silent
	compat cli-verbose "$st $out $n" "0 oh, hi says"
	# -r errors (dumb-init: signals 1-31 only).
	out=
	for s in "-r" "-r ''" "-r herp" "-r herp:derp" "-r 15" "-r 15::12" "-r 15:derp" \
		"-r 15:12 -r" "-r 15:12 -r 0" "-r 15:12 -r 1:32"; do
		eval "opts=($s)"
		out="$out $(quiet "${TO[@]}" "$INIT" "${opts[@]}" echo oh, hi)"
	done
	compat cli-rewrite-errors "$out" " 1 1 1 1 1 1 1 1 1 1" " 125 125 125 125 125 125 125 125 125 0" \
		"a usage error is 125; 1:32 is valid: uidinit forwards the real-time signals too"

	# ---- cwd_test.py: the child keeps the directory, the init lets go ----
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=$(cd /tmp && "${TO[@]}" "$INIT" "${opts[@]}" sh -c '
			# The init lets go once the child runs, not before its exec:
			# wait up to 5 s for it (an init that never does fails).
			i=0; while [ "$(readlink /proc/$PPID/cwd)" != / ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
			readlink /proc/$PPID/cwd && readlink /proc/$$/cwd' | tr '\n' ' ')
		compat "cwd-$m" "$out" "/ /tmp "
	done

	# ---- proxies_signals_test.py ----
	# NORMAL_SIGNALS: 1-31 but KILL, STOP, CHLD and the tty stops.  Fault
	# signals (ILL TRAP ABRT BUS FPE SEGV SYS) uidinit never blocks, so that
	# a real fault in it crashes visibly (STYLE R6), and so never forwards:
	# as PID 1 the kernel drops them.
	out=$(sigs_through pid1 "${pid1[@]}" -- 1 2 3 4 5 6 7 8 10 11 12 13 14 15 16 18 23 24 25 26 27 28 29 30 31)
	compat proxies-signals-pid1 "$out" "1 2 3 4 5 6 7 8 10 11 12 13 14 15 16 18 23 24 25 26 27 28 29 30 31 " \
		"1 2 3 10 12 13 14 15 16 18 23 24 25 26 27 28 29 30 " \
		"the fault signals 4-8, 11, 31 are uidinit's own (STYLE R6), never forwarded"
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=$(sigs_through "${opts[@]}" -- 1 2 3 10 12 13 14 15 16 18 23 24 25 26 27 28 29 30)
		compat "proxies-signals-$m" "$out" "1 2 3 10 12 13 14 15 16 18 23 24 25 26 27 28 29 30 "
	done
	# test_proxies_signals_with_rewrite, test_ignored_signals_are_not_proxied
	out=$(sigs_through -r 15:2 -- TERM QUIT CONT INT)
	compat rewrite-term-int "$out" "2 3 18 2 "
	out=$(sigs_through -r 15:2 -r 2:15 -r 3:3 -- TERM QUIT CONT INT)
	compat rewrite-swap "$out" "2 3 18 15 "
	out=$(sigs_through -r 1:31 -r 31:1 -- 1 31)
	compat rewrite-1-31 "$out" "31 1 " 125 \
		"31 is SIGSYS, a fault signal uidinit never forwards: -r 31:1 is a usage error (125, nothing runs)"
	out=$(sigs_through -r 15:3 -r 2:0 -r 28:0 -- TERM INT WINCH HUP)
	compat rewrite-to-0-drops "$out" "3 1 "

	# ---- shell_background_test.py and the drop-in issue's job control ----
	# TSTP, TTOU, TTIN to the init.  dumb-init passes them on and stops
	# itself; uidinit passes them on and stops only if its child does
	# (printsig takes them and does not): job control as with exec.
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=$(suspend_through "${opts[@]}")
		compat "suspend-$m" "$out" \
			"$([ "$m" = grp ] && echo "T:T:18 T:T:18 T:T:18 " || echo "20:T:S:18 21:T:S:18 22:T:S:18 ")" \
			"20:S:S:18 21:S:S:18 22:S:S:18 " \
			"uidinit stops only when its child stops (a child that takes TSTP keeps running, so does uidinit)"
	done
	# The child stops on TSTP (default action): the init stops too, SIGCONT
	# resumes both (issue 18.2; dumb-init -c does so).
	launch 1 "${TO[@]}" "$INIT" "${one[@]}" sleep 30 2>/dev/null
	c=$(child_of "$UPID")
	kill -TSTP "$UPID"
	wait_for stopped "$c"
	sleep 0.3
	out="$(state "$UPID"):$(state "$c")"
	kill -CONT "$UPID"
	sleep 0.3
	out="$out $(state "$UPID"):$(state "$c")"
	kill -KILL "$c" 2>/dev/null
	wait "$LPID" 2>/dev/null
	compat job-control-stop-cont "$out" "T:T S:S"

	# ---- child_processes_test.py ----
	# A pipeline in the background and one in the foreground: TERM to the
	# init ends all five processes in group mode, only the shell otherwise.
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		launch 1 "${TO[@]}" "$INIT" "${opts[@]}" sh -c 'sleep 30 | cat & sleep 30 | cat >&2' 2>/dev/null
		wait_for eval '[ "$(descendants "$UPID" | wc -w)" -ge 5 ]'
		p=$(descendants "$UPID")
		kill -TERM "$UPID"
		wait "$LPID" 2>/dev/null
		sleep 0.3
		n=0
		for s in $p; do gone "$s" || n=$((n + 1)); done
		# shellcheck disable=SC2086
		kill -KILL $p 2>/dev/null
		compat "signals-whole-group-$m" "$n" "$([ "$m" = grp ] && echo 0 || echo 4)"
	done
	# The child exits, leaving printsig behind: dumb-init (setsid) TERMs
	# the rest; -c does not.  uidinit does with -t (and only with it).
	for m in grp grace one; do
		case $m in
		grp) opts=("${grp[@]}") ;;
		grace) opts=("${grp[@]}" -t 1); [ "$KIND" = uidinit ] || opts=() ;;
		one) opts=("${one[@]}") ;;
		esac
		: >"$T/ps"
		"${TO[@]}" "$INIT" "${opts[@]}" sh -c '"$1" & sleep 0.5' sh "$H/printsig" >"$T/ps" 2>/dev/null
		st=$?
		wait_for grep -q '^ready' "$T/ps"
		p=$(sed -n 's/^ready (pid: \([0-9]*\))$/\1/p' "$T/ps")
		sleep 0.2
		for s in 1 2 3; do kill -"$s" "$p" 2>/dev/null && sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
		out="$st $(grep -v '^ready' "$T/ps" | tr '\n' ' ')"
		case $m in
		grp) compat term-on-exit-grp "$out" "0 15 1 2 3 " "0 1 2 3 " \
			"-g only routes signals; -t SECONDS is what ends the rest when the child exits" ;;
		grace) compat term-on-exit-grace "$out" "0 15 1 2 3 " "0 15 " \
			"-t 1: SIGTERM, then SIGKILL for what is still there a second later" ;;
		one) compat term-on-exit-one "$out" "0 1 2 3 " ;;
		esac
	done

	# ---- tty_test.py ----
	for m in grp one; do
		[ "$m" = grp ] && opts=("${grp[@]}") || opts=("${one[@]}")
		out=$("$H/ptyrun" -r -s '1\n2\n3\n' -s '\x04\x04' -- "$INIT" "${opts[@]}" tac | tr '\n' ' ')
		compat "tty-tac-$m" "$out" "3 2 1 "
		out=$("$H/ptyrun" -r -s 'echo "flags are: [[$-]]"\n' -s 'exit 0\n' -- "$INIT" "${opts[@]}" bash --norc -m 2>&1)
		st=$?
		[[ $out =~ flags\ are:\ \[\[([a-zA-Z]*)\]\] ]] && out=${BASH_REMATCH[1]} || out=none
		compat "tty-job-control-$m" "$st $([[ $out == *m* ]] && echo m)" "0 m"
	done
	# As session leader with a terminal: a HUP reaches the child once, and
	# nothing else does (dumb-init ignores the SIGHUP and SIGCONT its own
	# setsid hand-off causes; uidinit makes no such hand-off).
	out=$("$H/ptyrun" -r -e ready -p 0.3 -k 1 -p 0.3 -k 2 -p 0.3 -k 2 -- "$INIT" "${grp[@]}" "$H/printsig" | grep -v '^ready' | tr -d '\r' | tr '\n' ' ')
	compat tty-session-leader-hup "$out" "1 2 2 "

	# ---- tests/test-zombies: as PID 1, an orphan's zombie is reaped ----
	out=$("${TO[@]}" unshare --pid --fork --mount-proc "$INIT" bash -c '
		bash -c "bash -c \"echo i am a zombie >/dev/null\" &" &
		sleep 1
		z=0
		for f in /proc/[0-9]*/stat; do
			read -r l <"$f" 2>/dev/null || continue
			l=${l##*) }
			[ "${l%% *}" = Z ] && z=$((z + 1))
		done
		echo "zombies=$z"')
	compat zombies-reaped "$out" zombies=0
}

# sigs_through [pid1] OPTION... -- SIGNAL...: start printsig under the init
# (as PID 1 of a new namespace with pid1), send each signal to the init
# and wait for it to come out (half a second at most: some must not);
# print what printsig printed, in order.
sigs_through() {
	local o=() d=1 x n i pid
	if [ "$1" = pid1 ]; then o=(unshare --pid --fork --mount-proc); d=2; shift; fi
	o+=("$INIT")
	while [ "$1" != -- ]; do o+=("$1"); shift; done
	shift
	# A usage error: nothing runs, nothing to send.
	n=$(quiet "${TO[@]}" "$INIT" "${o[@]:$((d == 2 ? 5 : 1))}" true)
	[ "$n" = 125 ] && { echo 125; return; }
	: >"$T/ps"
	launch "$d" "${TO_LONG[@]}" "${o[@]}" "$H/printsig" >"$T/ps" 2>/dev/null
	wait_for grep -q '^ready' "$T/ps"
	pid=$(printsig_of "$LPID")
	for x in "$@"; do
		n=$(lines "$T/ps")
		kill -s "$x" "$UPID" 2>/dev/null
		for ((i = 0; i < 10; i++)); do
			[ "$(lines "$T/ps")" -gt "$n" ] && break
			sleep 0.05
		done
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$LPID" 2>/dev/null
	grep -v '^ready' "$T/ps" | tr '\n' ' '
}

# lines FILE: how many lines (no fork: these loops run under load).
lines() {
	local l
	mapfile -t l <"$1"
	echo "${#l[@]}"
}

# printsig_of PID: the printsig process below PID.
printsig_of() {
	local p c
	for p in $(descendants "$1"); do
		read -r c 2>/dev/null <"/proc/$p/comm"
		[ "$c" = printsig ] && { echo "$p"; return; }
	done
}

# suspend_through OPTION...: printsig under the init; for TSTP, TTIN, TTOU
# in turn: send it to the init, note SIGNAL-printed:init-state:child-state,
# then SIGCONT and what printsig printed after it.  "T:T:18": nothing
# printed, both stopped, CONT printed.
suspend_through() {
	local x n pid a
	: >"$T/ps"
	launch 1 "${TO_LONG[@]}" "$INIT" "$@" "$H/printsig" >"$T/ps" 2>/dev/null
	wait_for grep -q '^ready' "$T/ps"
	pid=$(printsig_of "$LPID")
	for x in 20 21 22; do
		n=$(lines "$T/ps")
		kill -"$x" "$UPID"
		sleep 0.3
		a=$(sed -n "$((n + 1))p" "$T/ps")
		printf '%s' "${a:+$a:}$(state "$UPID"):$(state "$pid")"
		n=$(lines "$T/ps")
		kill -CONT "$UPID"
		wait_for eval '[ "$(lines "$T/ps")" -gt '"$n"' ]'
		printf ':%s ' "$(sed -n "$((n + 1))p" "$T/ps")"
	done
	kill -KILL "$pid" 2>/dev/null
	kill -CONT "$UPID" 2>/dev/null
	wait "$LPID" 2>/dev/null
}
