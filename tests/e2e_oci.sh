#!/usr/bin/env bash
# uidinit in a real OCI container, run by runc: a busybox root file system,
# uidinit as the ENTRYPOINT, the arbitrary UID 1000120000 with GID 0, as on
# OpenShift.  Each container gets its own bundle; runc's state lives in the
# temp dir too, so nothing outlives the suite.
# The containers' shell code is single-quoted on purpose.
# shellcheck disable=SC2016 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" runc busybox-static jq libnss-wrapper libnss-extrausers coreutils binutils || exit 1

if [ "$(id -u)" -ne 0 ]; then
	echo "e2e_oci: runc needs root here (run make check as root)" >&2
	fail runc-root "not root: cannot run runc"
	finish
	exit 1
fi

APP_UID=1000120000
TMP=$(mktemp -d /tmp/uidinit-oci.XXXXXX)
STATE=$TMP/state
IDS=()
cleanup() {
	local id
	for id in "${IDS[@]}"; do
		runc --root "$STATE" delete -f "$id" >/dev/null 2>&1
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
# KEEP=1: leave the temp dir for a post-mortem (delete the containers by hand).
[ -n "${KEEP:-}" ] && trap - EXIT
trap 'exit 1' INT TERM

# The image: busybox applets as symlinks, uidinit at /uidinit, an
# /etc/passwd with root only, group 0 owning it with g=u (the Dockerfile
# idiom), a world-writable /tmp.
TEMPLATE=$TMP/template
mkdir -p "$TEMPLATE/bin" "$TEMPLATE/etc" "$TEMPLATE/tmp" "$TEMPLATE/proc" \
	"$TEMPLATE/dev" "$TEMPLATE/sys"
cp /bin/busybox "$TEMPLATE/bin/busybox"
# Installed from inside, so that the links read /bin/busybox.
chroot "$TEMPLATE" /bin/busybox --install -s /bin
cp "$UIDINIT" "$TEMPLATE/uidinit"
# A dynamic uidinit (make check SANITIZE=1) brings its libraries, at the
# same paths, so the sanitized binary is what runs in the container.
if readelf -l "$UIDINIT" 2>/dev/null | grep -q INTERP; then
	for f in $(ldd "$UIDINIT" | grep -o '/[^ ]*'); do
		mkdir -p "$TEMPLATE$(dirname "$f")"
		cp -L "$f" "$TEMPLATE$f"
	done
fi
chmod 755 "$TEMPLATE/uidinit"
chmod 1777 "$TEMPLATE/tmp"
echo 'root:x:0:0:root:/root:/bin/sh' >"$TEMPLATE/etc/passwd"
echo 'root:x:0:' >"$TEMPLATE/etc/group"
chgrp 0 "$TEMPLATE/etc/passwd"
chmod 644 "$TEMPLATE/etc/group"
chmod g=u "$TEMPLATE/etc/passwd"
(cd "$TMP" && runc spec) || { fail runc-spec "runc spec failed"; finish; exit 1; }
BASE=$TMP/config.json

# bundle NAME JQ-FILTER COMMAND...: a fresh copy of the image, a config.json
# running /uidinit -- COMMAND... as the arbitrary UID, then JQ-FILTER.
bundle() {
	local dir=$TMP/$1 filter=$2
	shift 2
	mkdir -p "$dir"
	cp -a "$TEMPLATE" "$dir/rootfs"
	# The command as a JSON array, through NULs, so that no argument is
	# taken for one of jq's options (jq drops a trailing NUL: lead with it).
	printf '\0%s' "$@" | jq -Rs 'split("\u0000")[1:]' >"$dir/args.json"
	jq --argjson uid "$APP_UID" --slurpfile args "$dir/args.json" \
		'.process.args = ["/uidinit", "--"] + $args[0]
		 | .process.user = {uid: $uid, gid: 0}
		 | .process.terminal = false
		 | .process.noNewPrivileges = false
		 | .root.readonly = false
		 | .hostname = "uidinit-e2e"
		 | '"$filter" "$BASE" >"$dir/config.json"
}

# run NAME: run the container in the foreground, stdout to NAME.out,
# stderr to NAME.err; returns the container's exit status.
run() {
	local id=uidinit-e2e-$$-$1
	IDS+=("$id")
	timeout 30 runc --root "$STATE" run --bundle "$TMP/$1" "$id" \
		</dev/null >"$TMP/$1.out" 2>"$TMP/$1.err"
}

# A first container: if runc cannot run one at all here, say why, loudly.
bundle smoke . /bin/true
if ! run smoke; then
	echo "e2e_oci: runc cannot start a container on this host:" >&2
	cat "$TMP/smoke.err" >&2
	fail runc-works "$(tr '\n' ' ' <"$TMP/smoke.err")"
	finish
	exit 1
fi
ok runc-works

# PID 1 and its child: the app is not PID 1, its parent is, and PID 1 is
# uidinit.  (An exec hand-off would make the app PID 1.)
bundle tree . /bin/sh -c 'echo "$$ $PPID $(cat /proc/1/comm)"; ps -o pid,ppid,comm'
run tree
expect_eq pid1-runs-app 0 $?
read -r app_pid app_ppid pid1 <"$TMP/tree.out"
expect_eq pid1-is-uidinit uidinit "$pid1"
expect_eq app-parent-is-pid1 1 "$app_ppid"
if [ "${app_pid:-1}" != 1 ]; then ok app-not-pid1; else fail app-not-pid1 "the app is PID 1"; fi
check ps-shows-uidinit-as-1 grep -Eq '^ +1 +0 +uidinit$' "$TMP/tree.out"

# The account fix: whoami and id name the entry uidinit added.  HOME was /
# (runc's fallback) and / is not writable, so the home is /tmp.
bundle account . /bin/sh -c 'whoami; id; echo "$HOME $USER $LOGNAME"
	grep NoNewPrivs /proc/self/status'
run account
expect_eq account-runs 0 $?
mapfile -t out <"$TMP/account.out"
expect_eq whoami default "${out[0]:-}"
expect_eq id "uid=$APP_UID(default) gid=0(root)" "${out[1]:-}"
expect_eq env-home-user-logname "/tmp default default" "${out[2]:-}"
# The passwd file is writable by the UID: no_new_privs (CVE-2025-7195),
# though config.json asked for noNewPrivileges=false.
expect_eq no-new-privs "NoNewPrivs:	1" "${out[3]:-}"
expect_eq passwd-line "root:x:0:0:root:/root:/bin/sh
default:x:$APP_UID:0:default user:/tmp:/sbin/nologin" "$(cat "$TMP/account/rootfs/etc/passwd")"
expect_eq account-quiet "" "$(cat "$TMP/account.err")"

# USER_NAME names the account; a second start finds it and writes nothing.
bundle named '.process.env += ["USER_NAME=app", "HOME=/data"]' /bin/sh -c 'whoami; echo "$HOME"'
run named
expect_eq user-name "app
/data" "$(cat "$TMP/named.out")"
rm -f "$TMP/named.out"
run named
expect_eq second-start-same "app
/data" "$(cat "$TMP/named.out")"
expect_eq one-line-only 1 "$(grep -c ":$APP_UID:" "$TMP/named/rootfs/etc/passwd")"

# The app's exit code comes through.
bundle code . /bin/sh -c 'exit 7'
run code
expect_eq exit-code-7 7 $?

# runc kill ID TERM goes to PID 1; uidinit forwards it, sleep dies of it,
# and the container's status is 128+15.  Without forwarding the kill would
# do nothing (PID 1 has no handler) and the wait would time out.
bundle term . /bin/sleep 1000
id=uidinit-e2e-$$-term
IDS+=("$id")
runc --root "$STATE" run --bundle "$TMP/term" "$id" </dev/null >"$TMP/term.out" 2>"$TMP/term.err" &
runner=$!
init_pid=
for _ in $(seq 300); do
	init_pid=$(runc --root "$STATE" state "$id" 2>/dev/null | jq -r 'select(.status == "running") | .pid')
	if [ -n "$init_pid" ] &&
		child=$(cat "/proc/$init_pid/task/$init_pid/children" 2>/dev/null) &&
		[ -n "$child" ] && [ "$(cat "/proc/${child%% *}/comm" 2>/dev/null)" = sleep ]; then
		break
	fi
	init_pid=
	sleep 0.1
done
if [ -z "$init_pid" ]; then
	fail term-started "sleep never ran under uidinit: $(cat "$TMP/term.err")"
else
	ok term-started
	expect_eq term-init-is-uidinit uidinit "$(cat "/proc/$init_pid/comm")"
	runc --root "$STATE" kill "$id" TERM
	timeout 10 tail --pid="$runner" -f /dev/null
	expect_eq term-stops-promptly 0 $?
fi
# Whatever happened, the runner ends now: KILL goes through any PID 1.
runc --root "$STATE" kill "$id" KILL 2>/dev/null
wait "$runner"
expect_eq term-status-143 143 $?

# Orphans: the app leaves three short-lived grandchildren behind, which the
# kernel gives to PID 1.  Wait (bounded) for each to vanish: one that stays
# a zombie means PID 1 does not reap.
bundle orphans . /bin/sh -c '
	pids=
	for i in 1 2 3; do pids="$pids $(sh -c "sleep 0.2 >/dev/null & echo \$!")"; done
	for _ in $(seq 100); do
		left=
		for p in $pids; do [ -e /proc/$p ] && left="$left $p"; done
		[ -z "$left" ] && break
		sleep 0.1
	done
	for p in $left; do grep "^State:" /proc/$p/status; done
	echo "left:$left"
	grep -l "^State:.*Z" /proc/[0-9]*/status || echo "no zombies"'
run orphans
expect_eq orphans-runs 0 $?
expect_eq orphans-reaped "left:
no zombies" "$(cat "$TMP/orphans.out")"

# -t: the app exits 3 and leaves a helper behind; uidinit, PID 1, sends
# SIGTERM to the rest of the namespace and the helper's trap records it.
# Without -t the kernel's SIGKILL at namespace teardown leaves no record.
bundle grace . /uidinit -t 10 -- /bin/sh -c '
	(trap "echo TERM >/tmp/log; exit 0" TERM; echo up >/tmp/log
	 while :; do sleep 0.1; done) &
	while [ ! -s /tmp/log ]; do sleep 0.05; done
	exit 3'
run grace
expect_eq grace-status-3 3 $?
expect_eq grace-sigterm-rest TERM "$(cat "$TMP/grace/rootfs/tmp/log" 2>&1)"

# Read-only root (readOnlyRootFilesystem): the app still starts, and stderr
# holds one clear line.  busybox has no nss_wrapper, so only the message,
# even with a writable /tmp.
bundle ro '.root.readonly = true
	| .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
		options: ["nosuid", "nodev", "mode=1777"]}]' /bin/sh -c 'echo started; id -u'
run ro
expect_eq ro-runs 0 $?
expect_eq ro-app-started "started
$APP_UID" "$(cat "$TMP/ro.out")"
expect_eq ro-message "uidinit: uid $APP_UID has no name: /etc/passwd: Read-only file system; make it writable by gid 0, list extrausers in nsswitch.conf with /var/lib/extrausers a volume, or install nss_wrapper (man uidinit, LAYOUTS)" \
	"$(cat "$TMP/ro.err")"
expect_eq ro-passwd-untouched "root:x:0:0:root:/root:/bin/sh" "$(cat "$TMP/ro/rootfs/etc/passwd")"

# Read-only root with nss_wrapper in the image (pod.yaml's layout): the
# entry lives in a private copy under the /tmp tmpfs, and glibc programs
# see it through LD_PRELOAD.  The passwd file stays as it was, and is not
# writable, so no no_new_privs.
NSSW=$(dpkg -L libnss-wrapper | grep '/libnss_wrapper\.so$' | head -n 1)
bundle nssw '.root.readonly = true
	| .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
		options: ["nosuid", "nodev", "mode=1777"]}]' /bin/sh -c '
	/usr/bin/whoami; /usr/bin/id; echo "$HOME $USER"
	grep NoNewPrivs /proc/self/status
	case $NSS_WRAPPER_PASSWD in /tmp/uidinit.*/passwd) tail -n 1 "$NSS_WRAPPER_PASSWD" ;; esac
	echo "${LD_PRELOAD:-no LD_PRELOAD}"'
# The glibc programs, their libraries and nss_wrapper, at the same paths.
for f in /usr/bin/whoami /usr/bin/id "$NSSW" $(ldd /usr/bin/whoami /usr/bin/id "$NSSW" |
	grep -oE '/[^ ]+' | grep -v ':$' | sort -u); do
	mkdir -p "$TMP/nssw/rootfs$(dirname "$f")"
	cp -L "$f" "$TMP/nssw/rootfs$f"
done
run nssw
expect_eq nssw-runs 0 $?
mapfile -t out <"$TMP/nssw.out"
expect_eq nssw-whoami default "${out[0]:-}"
expect_eq nssw-id "uid=$APP_UID(default) gid=0(root) groups=0(root)" "${out[1]:-}"
expect_eq nssw-home-user "/tmp default" "${out[2]:-}"
expect_eq nssw-no-hardening "NoNewPrivs:	0" "${out[3]:-}"
expect_eq nssw-private-copy "default:x:$APP_UID:0:default user:/tmp:/sbin/nologin" "${out[4]:-}"
expect_eq nssw-preload "$NSSW" "${out[5]:-}"
expect_eq nssw-quiet "" "$(cat "$TMP/nssw.err")"
expect_eq nssw-passwd-untouched "root:x:0:0:root:/root:/bin/sh" "$(cat "$TMP/nssw/rootfs/etc/passwd")"

# glibc_tools BUNDLE FILE...: whoami, id and FILE... with their libraries
# into BUNDLE's root, at the same paths.
glibc_tools() {
	local root=$TMP/$1/rootfs f
	shift
	for f in /usr/bin/whoami /usr/bin/id /usr/bin/stat "$@" $(ldd /usr/bin/whoami /usr/bin/id /usr/bin/stat "$@" |
		grep -oE '/[^ ]+' | grep -v ':$' | sort -u); do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
}
RO_TMP='.root.readonly = true
	| .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
		options: ["nosuid", "nodev", "mode=1777"]}]'

# GID 5000 (restricted-v3), read-only root, libnss-extrausers listed in
# nsswitch.conf and a volume on /var/lib/extrausers: the lines go there,
# and glibc's whoami and id resolve them; /etc stays as it was.
EXU=$(dpkg -L libnss-extrausers | grep -m1 '/usr/lib/libnss_extrausers\.so\.2$')
bundle exu "$RO_TMP"'
	| .process.user = {uid: '"$APP_UID"', gid: 5000}
	| .mounts += [{destination: "/var/lib/extrausers", type: "tmpfs", source: "tmpfs",
		options: ["nosuid", "nodev", "mode=1777"]}]' /bin/sh -c '
	/usr/bin/whoami; /usr/bin/id; cat /var/lib/extrausers/passwd /var/lib/extrausers/group'
glibc_tools exu "$EXU"
printf 'passwd: files extrausers\ngroup: files extrausers\n' >"$TMP/exu/rootfs/etc/nsswitch.conf"
run exu
expect_eq exu-runs 0 $?
expect_eq exu-whoami-id "default
uid=$APP_UID(default) gid=5000(default) groups=5000(default)
default:x:$APP_UID:5000:default user:/tmp:/sbin/nologin
default:x:5000:" "$(cat "$TMP/exu.out")"
expect_eq exu-quiet "" "$(cat "$TMP/exu.err")"
expect_eq exu-passwd-untouched "root:x:0:0:root:/root:/bin/sh" "$(cat "$TMP/exu/rootfs/etc/passwd")"

# An exec session after the nss_wrapper fallback: the image's ENV names
# NSS_WRAPPER_PASSWD/GROUP in a volume and LD_PRELOAD; uidinit writes its
# copies there, so `runc exec` (which gets the image ENV, not uidinit's
# additions) resolves the name too.  Without the in-place copies whoami
# in the session says "cannot find name for user ID".
bundle sess "$RO_TMP"'
	| .mounts += [{destination: "/var/lib/uidinit", type: "tmpfs", source: "tmpfs",
		options: ["nosuid", "nodev", "mode=1777"]}]
	| .process.env += ["LD_PRELOAD='"$NSSW"'", "NSS_WRAPPER_PASSWD=/var/lib/uidinit/passwd",
		"NSS_WRAPPER_GROUP=/var/lib/uidinit/group", "USER_NAME=app"]' /bin/sleep 1000
glibc_tools sess "$NSSW"
id=uidinit-e2e-$$-sess
IDS+=("$id")
runc --root "$STATE" run --bundle "$TMP/sess" "$id" </dev/null >"$TMP/sess.out" 2>"$TMP/sess.err" &
runner=$!
for _ in $(seq 300); do
	runc --root "$STATE" exec "$id" /bin/sh -c 'test -s /var/lib/uidinit/passwd' 2>/dev/null && break
	sleep 0.1
done
expect_eq sess-whoami app "$(runc --root "$STATE" exec --user "$APP_UID:0" "$id" /usr/bin/whoami 2>&1)"
expect_eq sess-copy-mode "644 $APP_UID" "$(runc --root "$STATE" exec --user "$APP_UID:0" "$id" /usr/bin/stat -c '%a %u' /var/lib/uidinit/passwd 2>&1)"
runc --root "$STATE" kill "$id" KILL 2>/dev/null
wait "$runner"
expect_eq sess-quiet "" "$(cat "$TMP/sess.err")"

# Takeover of the image's `USER app` (Jupyter's and sclorg's images): the
# arbitrary UID gets app's name, GECOS, home and shell; runc's HOME=/ is
# replaced by that home.
bundle takeover '.process.env += ["USER_NAME=app"]' /bin/sh -c 'whoami; echo "$HOME"; tail -n 1 /etc/passwd'
echo 'app:x:1000:1000:The App:/home/app:/bin/sh' >>"$TMP/takeover/rootfs/etc/passwd"
run takeover
expect_eq takeover-runs 0 $?
expect_eq takeover "app
/home/app
app:x:$APP_UID:0:The App:/home/app:/bin/sh" "$(cat "$TMP/takeover.out")"
expect_eq takeover-quiet "" "$(cat "$TMP/takeover.err")"

# HOME that does not exist, in a writable parent: created, 0700, the UID's.
bundle mkhome '.process.env += ["HOME=/data/home"]' /bin/sh -c 'stat -c "%a %u" "$HOME"; touch "$HOME/x" && echo writable'
mkdir -m 1777 "$TMP/mkhome/rootfs/data"
glibc_tools mkhome
run mkhome
expect_eq mkhome-runs 0 $?
expect_eq mkhome "700 $APP_UID
writable" "$(cat "$TMP/mkhome.out")"

# A command that does not exist: 127 from the container, as docker run.
bundle missing . /no/such/app
run missing
expect_eq missing-127 127 $?
expect_eq missing-message "uidinit: /no/such/app: No such file or directory" "$(cat "$TMP/missing.err")"

finish
