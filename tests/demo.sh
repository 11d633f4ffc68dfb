#!/usr/bin/env bash
# make demo: what uidinit does, shown in a real container in a few seconds.
# A busybox root file system run by runc as UID 1000120000, GID 0, as
# OpenShift runs images.  Without runc (or with DEMO_RUNTIME=unshare):
# unshare(1) gives a PID namespace, setpriv(1) the arbitrary UID, and a
# scratch copy of /etc/passwd is mounted over the real one.
# The containers' shell code is single-quoted on purpose.
# shellcheck disable=SC2016
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
UIDINIT=${UIDINIT:-$TOP/uidinit}
APP_UID=1000120000

[ -x "$UIDINIT" ] || { echo "demo: $UIDINIT not built: run make demo" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "demo: containers need root here: sudo make demo" >&2; exit 1; }
RUNTIME=${DEMO_RUNTIME:-runc}
if [ "$RUNTIME" = runc ] && ! command -v runc >/dev/null && ! "$TOP/tests/need.sh" runc jq; then
	RUNTIME=unshare
fi
if [ "$RUNTIME" = runc ]; then
	"$TOP/tests/need.sh" runc jq busybox-static || exit 1
else
	"$TOP/tests/need.sh" util-linux busybox-static || exit 1
fi

TMP=$(mktemp -d /tmp/uidinit-demo.XXXXXX)
chmod 755 "$TMP"
IDS=()
cleanup() {
	local id
	for id in "${IDS[@]}"; do runc --root "$TMP/state" delete -f "$id" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The image: busybox, /uidinit, root alone in /etc/passwd, chmod g=u.
ROOT=$TMP/rootfs
mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/proc" "$ROOT/dev" "$ROOT/sys"
cp /bin/busybox "$ROOT/bin/busybox"
# Installed from inside, so that the links read /bin/busybox.
chroot "$ROOT" /bin/busybox --install -s /bin
cp "$UIDINIT" "$ROOT/uidinit"
chmod 755 "$ROOT/uidinit"
chmod 1777 "$ROOT/tmp"
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOT/etc/passwd"
echo 'root:x:0:' >"$ROOT/etc/group"
chgrp 0 "$ROOT/etc/passwd"
chmod g=u "$ROOT/etc/passwd"
if [ "$RUNTIME" = runc ]; then
	(cd "$TMP" && runc spec) || exit 1
	jq --argjson uid "$APP_UID" '.process.user = {uid: $uid, gid: 0}
		| .process.terminal = false | .root.readonly = false
		| .hostname = "demo"' "$TMP/config.json" >"$TMP/base.json"
fi

# box NAME CMD...: run CMD in a container of the image, as the arbitrary
# UID; stdout to NAME.out, stderr to NAME.err; returns CMD's status.
# box_start NAME CMD... runs it in the background ($BOX_PID: its runner).
box_start() {
	local name=$1
	shift
	if [ "$RUNTIME" = runc ]; then
		printf '\0%s' "$@" | jq -Rs 'split("\u0000")[1:]' >"$TMP/$name.args"
		jq --slurpfile a "$TMP/$name.args" '.process.args = $a[0]' \
			"$TMP/base.json" >"$TMP/config.json"
		IDS+=("uidinit-demo-$$-$name")
		runc --root "$TMP/state" run --bundle "$TMP" "uidinit-demo-$$-$name" \
			</dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" &
	else
		# The image's /uidinit and /bin/... from the host: under $ROOT.
		local args=() a
		for a in "$@"; do
			case $a in /uidinit | /bin/*) a=$ROOT$a ;; esac
			args+=("$a")
		done
		set -- "${args[@]}"
		# PID 1 of a new PID namespace, the image's passwd over /etc/passwd,
		# runc's environment (HOME=/), then the arbitrary UID.
		unshare --pid --fork --mount --mount-proc --propagation private \
			/bin/sh -c 'mount --bind "$1/etc/passwd" /etc/passwd &&
			mount --bind "$1/etc/group" /etc/group && shift &&
			exec setpriv --reuid '"$APP_UID"' --regid 0 --clear-groups \
				env -i PATH="$0/bin" HOME=/ "$@"' "$ROOT" "$ROOT" "$@" \
			</dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" &
	fi
	BOX_PID=$!
}
# Wait up to $1 seconds for the runner to end.
box_wait() {
	local _
	for _ in $(seq $(($1 * 20))); do
		kill -0 "$BOX_PID" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}
box() {
	box_start "$@"
	box_wait 20 || kill "$BOX_PID"
	wait "$BOX_PID"
}
# The container's PID 1, seen from here, once it has a child named $1.
pid1_with_child() {
	local pid kids _
	for _ in $(seq 400); do
		if [ "$RUNTIME" = runc ]; then
			pid=$(runc --root "$TMP/state" state "${IDS[-1]}" 2>/dev/null | jq -r .pid)
		else
			pid=$(cat "/proc/$BOX_PID/task/$BOX_PID/children" 2>/dev/null)
		fi
		pid=${pid%% *}
		kids=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)
		if [ -n "$kids" ] && [ "$(cat "/proc/${kids%% *}/comm" 2>/dev/null)" = "$1" ]; then
			echo "$pid"
			return 0
		fi
		sleep 0.05
	done
	return 1
}

problems=0
show() { sed 's/^/     /' "$@"; }
expect() { # expect WHAT CONDITION...: note a step that went wrong
	local what=$1
	shift
	"$@" || { echo "     !! not as expected: $what"; problems=$((problems + 1)); }
}

# The binary the image gets: its size, and whether it stands alone.
size=$(($(wc -c <"$UIDINIT") / 1024))
kind=static
readelf -l "$UIDINIT" 2>/dev/null | grep -q INTERP && kind=dynamic
echo "uidinit demo: $UIDINIT, $size KiB ($kind)."
echo "uidinit demo: a busybox container started by $RUNTIME as UID $APP_UID, GID 0"
echo "(as OpenShift starts images); /etc/passwd knows root only, chmod g=u."
echo
echo "1. Without uidinit the UID has no name:"
echo "     \$ whoami"
box plain /bin/sh -c 'whoami 2>&1'
show "$TMP/plain.out"
expect "whoami should fail" grep -q 'unknown uid' "$TMP/plain.out"

echo "2. With ENTRYPOINT [\"/uidinit\", \"--\"] it has one:"
echo "     \$ whoami; id"
box named /uidinit -- /bin/sh -c 'whoami; id'
show "$TMP/named.out"
line=$(grep ":$APP_UID:" "$ROOT/etc/passwd")
echo "     /etc/passwd gained: $line"
expect "whoami should print default" grep -qx default "$TMP/named.out"

echo "3. uidinit is PID 1, the app its child:"
box tree /uidinit -- /bin/ps -o pid,ppid,user,comm
show "$TMP/tree.out"
expect "PID 1 should be uidinit" grep -Eq '^ +1 +0 .*uidinit$' "$TMP/tree.out"

echo "4. The app leaves an orphan; it becomes PID 1's zombie and is reaped (-w):"
box orphan /uidinit -w -- /bin/sh -c 'sh -c "sleep 0.1 &"; sleep 0.5
	z=$(grep -l "^State:.*Z" /proc/[0-9]*/status)
	echo "zombies left: ${z:-none}"'
show "$TMP/orphan.err" "$TMP/orphan.out"
expect "the orphan should be reaped" grep -q 'reaped zombie' "$TMP/orphan.err"
expect "no zombie should be left" grep -qx 'zombies left: none' "$TMP/orphan.out"

echo "5. SIGTERM to the container goes to PID 1, uidinit forwards it (-v):"
box_start term /uidinit -v -- /bin/sleep 1000
if pid1=$(pid1_with_child sleep); then
	if [ "$RUNTIME" = runc ]; then
		echo "     \$ runc kill ${IDS[-1]} TERM"
		runc --root "$TMP/state" kill "${IDS[-1]}" TERM
	else
		echo "     \$ kill -TERM $pid1    # PID 1 of the namespace"
		kill -TERM "$pid1"
	fi
	box_wait 10
fi
[ "$RUNTIME" = runc ] && runc --root "$TMP/state" kill "${IDS[-1]}" KILL 2>/dev/null
wait "$BOX_PID"
status=$?
grep -E 'started|forwarded|ended' "$TMP/term.err" | show
echo "     container exit status: $status (128 + 15, SIGTERM: as if sleep were PID 1)"
expect "the status should be 143" [ "$status" -eq 143 ]

echo
if [ "$problems" -ne 0 ]; then
	echo "demo: $problems step(s) did not go as expected"
	exit 1
fi
echo "Next: make check (all the tests), man man/uidinit.1, examples/Dockerfile."
