# shellcheck shell=bash
# tini's own scenarios, ported (sourced by tests/e2e_compat.sh, which sets
# INIT, KIND, LABEL, T, H, TO and the helpers launch, wait_for, compat).
#
# Sources: tini's test/run_inner_tests.py, test/run_outer_tests.py (its
# Docker runs become `unshare --pid --fork --mount-proc`, its pexpect tty
# runs tests/compat/ptyrun.py), the helper scripts in test/, and the smoke
# tests of ci/run_build.sh.  Our own code; the scenario names say where
# each comes from: smoke-* ci/run_build.sh, inner-* run_inner_tests.py,
# outer-* run_outer_tests.py, issue18-* the drop-in issue's additions.
#
# Each scenario is one line of the table:
#   compat NAME GOT TINI-ANSWER [UIDINIT-ANSWER WHY]
# GOT is what this init did.  TINI-ANSWER is what tini and tini-static
# must do (and uidinit too, unless it has its own answer, always with the
# reason it differs on purpose).  Not ported: the package installation
# runs (dpkg/rpm -i on Ubuntu and CentOS images) and hardening-check of
# tini's build: properties of tini's packaging and build, not of an init.
# shellcheck disable=SC2016 # the child shells expand the $ in single quotes

P=$TOP/tests/compat/tini

tini_port() {
	local st out sig n t tgt run pids inherited want a b

	# ---- ci/run_build.sh: the smoke tests ----
	out=$("${TO[@]}" "$INIT" --version 2>/dev/null); st=$?
	compat smoke-version "$st ${out%% *}" "0 tini" "0 uidinit" \
		"tini-only interface: the version text names the program"
	"${TO[@]}" "$INIT" >/dev/null 2>"$T/err"; st=$?
	compat smoke-no-args-fails "$st" 1 125 \
		"a usage error is 125 (env, timeout, docker run), as for every uidinit usage error"
	if grep -q 'supervision of a valid init process' "$T/err"; then out=tini-usage; else out=$(cat "$T/err"); fi
	compat smoke-no-args-says-usage "$out" tini-usage \
		"uidinit: no command given (try 'uidinit --help')" \
		"one line on stderr pointing to --help, not the whole usage"
	out=$("${TO[@]}" "$INIT" -h 2>/dev/null); st=$?
	n=0
	for t in -s -p -v -w -g -e; do grep -q -- "^ *$t" <<<"$out" && n=$((n + 1)); done
	compat smoke-help "$st $n" "0 6"
	out=$("${TO[@]}" "$INIT" -l 2>/dev/null); st=$?
	compat smoke-license "$st ${out%%$'\n'*}" "0 The MIT License (MIT)" "125 " \
		"tini-only interface: -l prints tini's licence; to uidinit an unknown option"
	compat smoke-vvv-true "$(quiet "${TO[@]}" "$INIT" -vvv true)" 0
	compat smoke-vvv-false "$(quiet "${TO[@]}" "$INIT" -vvv false)" 1
	compat smoke-dashdash-true "$(quiet "${TO[@]}" "$INIT" -vvv -- true)" 0
	compat smoke-dashdash-dashdash-fails "$(quiet "${TO[@]}" "$INIT" -vvv -- -- true)" 127
	# TINI_VERBOSITY=3: the child's end is reported; 0: nothing at all.
	# (-s: outside PID 1 uidinit would exec, and have no child to report.)
	TINI_VERBOSITY=3 "${TO[@]}" "$INIT" -s true >"$T/err" 2>&1
	if grep -q 'Received SIGCHLD' "$T/err"; then out=sigchld
	elif grep -q '^uidinit: child [0-9]* ended' "$T/err"; then out=child-ended
	else out="[$(head -n 1 "$T/err")]"; fi
	compat smoke-verbosity-3 "$out" sigchld child-ended \
		"uidinit's -v (TINI_VERBOSITY >= 2) is one level, in its own words"
	TINI_VERBOSITY=0 "${TO[@]}" "$INIT" -s true >"$T/err" 2>&1
	compat smoke-verbosity-0 "$(cat "$T/err")" ""
	compat smoke-not-found-127 "$(status "${TO[@]}" "$INIT" foobar123 2>/dev/null)" 127
	compat smoke-not-executable-126 "$(status "${TO[@]}" "$INIT" /etc 2>/dev/null)" 126
	# "does not break pipes": stdin reaches the command (exit 3, not the
	# 0 that a command reading an empty stdin would give).
	compat smoke-stdin-pipe "$(echo 'exit 3' | status "${TO[@]}" "$INIT" sh 2>/dev/null)" 3
	# MINIMAL builds: binaries named after options run (here after --,
	# which is how a full tini and uidinit both reach them).
	mkdir -p "$T/flagbin"
	out=
	for t in -h -s -w -x --version; do
		cp /bin/true "$T/flagbin/$t"
		out="$out $(PATH=$T/flagbin:$PATH status "${TO[@]}" "$INIT" -- "$t" --foo 2>/dev/null)"
	done
	compat smoke-flag-named-binaries "$out" " 0 0 0 0 0"

	# ---- run_inner_tests.py ----
	# (512 runs: up to a minute and more on a loaded machine)
	out=$(timeout -k 2 150 "$H/exitloop" "$INIT")
	compat inner-exit-code-loop-0-255 "$out" "checked 512"
	# The reaping, -w and signal scenarios, for each way of being an init:
	# PID 1 (run_outer_tests.py's Docker run), the subreaper launcher
	# (test/subreaper-proxy.py), -s, and TINI_SUBREAPER set but empty.
	for tgt in pid1 launcher s env; do
		case $tgt in
		pid1) run=(unshare --pid --fork --mount-proc "$INIT"); n=2 ;;
		launcher) run=("$H/subreaper" "$INIT"); n=1 ;;
		s) run=("$INIT" -s); n=1 ;;
		env) run=(env TINI_SUBREAPER= "$INIT"); n=1 ;;
		esac
		: >"$T/pids"
		# (stdout: tini's verbose log; stderr: its warnings)
		TINI_VERBOSITY=3 "${TO_LONG[@]}" "${run[@]}" sh "$P/reap1.sh" "$T/pids" >/dev/null 2>"$T/err"; st=$?
		compat "inner-reaping-$tgt" "$st $(grep -ci "reaped zombie" "$T/err") $(grep -c -e "reaping won't work" -e "orphans will not be reaped" "$T/err")" "0 0 0"
		: >"$T/pids"
		"${TO_LONG[@]}" "${run[@]}" -w sh "$P/reap1.sh" "$T/pids" >/dev/null 2>"$T/err"; st=$?
		# -w names reaped PIDs, each one an orphan of the scenario.
		sed -n -e 's/.*Reaped zombie process with pid=\([0-9]*\).*/\1/p' \
			-e 's/^uidinit: reaped zombie \([0-9]*\)$/\1/p' "$T/err" | sort >"$T/reaped"
		pids=$(sort "$T/pids" | comm -13 - "$T/reaped" | tr '\n' ' ')
		compat "inner-reaping-w-$tgt" "$st $([ -s "$T/reaped" ] && echo named) [$pids]" "0 named []"
		for sig in TERM USR1 USR2; do
			rm -f "$T/sleep"
			launch "$n" "${TO[@]}" "${run[@]}" sh "$P/signals.sh" "$T/sleep" 2>/dev/null
			wait_for test -s "$T/sleep"
			kill -s "$sig" "$UPID"
			wait "$LPID"
			st=$?
			kill "$(cat "$T/sleep")" 2>/dev/null
			compat "inner-signal-$sig-$tgt" "$st" $((128 + $(kill -l "$sig")))
		done
	done
	# Process group: USR1 to the init ends the grandchild only with -g or
	# TINI_KILL_PROCESS_GROUP (without either, our addition: it must not).
	for t in g env none; do
		case $t in
		g) run=("$INIT" -g) ;;
		env) run=(env TINI_KILL_PROCESS_GROUP=1 "$INIT") ;;
		none) run=("$INIT") ;;
		esac
		rm -f "$T/gc"
		launch 1 "${TO[@]}" "${run[@]}" sh "$P/pgroup.sh" "$T/gc" 2>/dev/null
		wait_for test -s "$T/gc"
		kill -USR1 "$UPID"
		if [ "$t" = none ]; then
			sleep 1
			if gone "$(cat "$T/gc")"; then out=ended; else out=running; fi
		elif wait_for gone "$(cat "$T/gc")" && wait_for gone "$UPID"; then out=ended
		else out=running; fi
		kill "$(cat "$T/gc")" 2>/dev/null
		wait "$LPID"
		compat "inner-pgroup-$t" "$out" "$([ "$t" = none ] && echo running || echo ended)"
	done
	# The failure test: not PID 1, no subreaper: tini warns, and the
	# orphans are not its to reap (stage 1 finds them alive, exits 1).
	TINI_VERBOSITY=1 "${TO_LONG[@]}" "$INIT" sh "$P/reap1.sh" >/dev/null 2>"$T/err"; st=$?
	compat inner-reaping-fails-unless-subreaper "$st $(grep -c "reaping won't work" "$T/err")" "1 1" "1 0" \
		"outside PID 1 uidinit execs the command (SPEC Mode): nothing of it stays to warn; the orphans are as unreaped"
	# The command gets the signal mask and ignored set it was given.
	inherited=$(awk '/^SigIgn:/ { print $2 }' /proc/self/status)
	want="SigBlk: 0000000000104008 SigIgn: $(printf '%016x' $((0x200402 | 0x$inherited)))"
	for t in plain s pid1; do
		case $t in
		plain) run=("$H/sigconf" "$INIT") ;;
		s) run=("$H/sigconf" "$INIT" -s) ;;
		pid1) run=(unshare --pid --fork --mount-proc "$H/sigconf" "$INIT") ;;
		esac
		out=$("${TO[@]}" "${run[@]}" cat /proc/self/status 2>/dev/null | grep -E '^Sig(Blk|Ign):' | tr -s '\t\n' '  ')
		compat "inner-sigconf-$t" "${out% }" "$want"
	done
	# Parent death: -p SIGUSR1, the init's parent is SIGKILLed.
	rm -f "$T/pdeath"
	"${TO[@]}" sh "$P/pdeath1.sh" "$INIT" "$T/pdeath" >/dev/null 2>&1
	wait_for test -s "$T/pdeath"
	compat inner-pdeath "$(cat "$T/pdeath" 2>/dev/null)" ok

	# ---- run_outer_tests.py: PID 1 of a fresh PID namespace ----
	run=(env TINI_VERBOSITY=3 unshare --pid --fork --mount-proc "$INIT")
	compat outer-bad-option "$(quiet "${TO[@]}" "${run[@]}" -z)" 1 125 \
		"a usage error is 125"
	compat outer-help "$(quiet "${TO[@]}" "${run[@]}" -h)" 0
	compat outer-not-found "$(quiet "${TO[@]}" "${run[@]}" zzzz)" 127
	compat outer-w-no-command "$(quiet "${TO[@]}" "${run[@]}" -w)" 1 125 \
		"no command is a usage error, 125 (tini 0.19 answers 1; the upstream test's 0 predates it)"
	# valgrind: no error, no leak (-s: uidinit stays, as tini does).  An
	# ASan build (make check SANITIZE=1) cannot run under valgrind; there
	# ASan, whose reports are fatal, checks.  tini-static: static glibc's
	# own start-up reads uninitialised bytes, which is why upstream runs
	# valgrind on the dynamic tini only; written, not skipped.
	if grep -qa __asan_init "$INIT"; then
		"${TO_LONG[@]}" "$INIT" -s ls / >/dev/null 2>&1
	else
		"${TO_LONG[@]}" valgrind -q --leak-check=full --error-exitcode=1 "$INIT" -s ls / >/dev/null 2>&1
	fi
	st=$?
	t=0
	[ "$LABEL" = tini-static ] && t=1
	compat outer-valgrind "$st" "$t"
	# The terminal: an interactive dash answers "exit 0"; a loop is
	# stopped by Ctrl-C, 128+SIGINT.
	out=$(status "$H/ptyrun" -e '#' -s '\n' -s 'exit 0\n' -- unshare --pid --fork --mount-proc "$INIT" -- dash)
	compat outer-tty-dash-exit-0 "${out##*$'\n'}" 0
	out=$(status "$H/ptyrun" -e '#' -s '\x03' -- unshare --pid --fork --mount-proc "$INIT" -- dash -c 'while true; do echo \#; sleep 0.1; done')
	compat outer-tty-ctrl-c "${out##*$'\n'}" 130

	# ---- issue 18: the drop-in cases tini's tests imply ----
	# Under the launcher the command is a child of the init (it supervises),
	# and without it, outside PID 1, uidinit hands its PID to the command.
	out=$("${TO[@]}" sh -c 'echo $$; exec "$@"' sh "$H/subreaper" "$INIT" sh -c 'echo $$' 2>/dev/null | tr '\n' ' ')
	read -r a b <<<"$out"
	compat issue18-launcher-supervises "$([ "$a" = "$b" ] && echo same-pid || echo child)" child
	out=$("${TO[@]}" sh -c 'echo $$; exec "$@"' sh "$INIT" sh -c 'echo $$' 2>/dev/null | tr '\n' ' ')
	read -r a b <<<"$out"
	compat issue18-no-launcher "$([ "$a" = "$b" ] && echo same-pid || echo child)" child same-pid \
		"not PID 1, no -s, no subreaper attribute: the exec hand-off (SPEC Mode), zero cost"
	# Job control in an interactive bash: Ctrl-Z stops the job and gives
	# the prompt back, `fg` resumes it to its own status.  tini stays
	# running when its child stops, so bash waits for ever (the timeout).
	out=$("$H/ptyrun" -t 3 -e '$ ' -s "$INIT -s sh -c 'read x; exit 7'\\n" -p 0.5 -s '\x1a' \
		-e 'Stopped' -s 'fg\n' -p 0.3 -s 'go\n' -s 'echo st=$?\n' -e 'st=7' -s 'exit\n' \
		-- env PS1='$ ' bash --norc --noprofile -i 2>&1)
	if [[ $out == *"st=7"* ]]; then out=stopped-fg-7
	elif [[ $out == *"timeout waiting for Stopped"* ]]; then out=never-stopped
	else out="[${out//$'\n'/ }]"; fi
	compat issue18-ctrl-z "$out" never-stopped stopped-fg-7 \
		"uidinit stops when its child stops on a terminal stop signal, so the shell sees the job stopped (issue 18.2)"
}
