#!/usr/bin/env bash
# Issue 13: examples/Dockerfile and examples/pod.yaml as users run them, in
# Debian's Docker (docker.io 20.10) and Podman (4.3).  Each engine is
# private to this run: a dockerd with its own containerd, data, exec root
# and socket; podman with its own containers.conf and storage; all under
# one temp dir, stopped and removed at the end, failure or not.  Never the
# host's default socket, /var/lib/docker or /var/lib/containers' storage.
# The base image, debian:12-slim, is made offline from the Debian archive
# (mmdebstrap, about 50 s) and cached in build/engines/.  Only the image
# build reaches the network (its RUN steps install Debian packages);
# every container runs with --network none.
# The containers' shell code is single-quoted on purpose.
# shellcheck disable=SC2016 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" docker.io containerd podman runc catatonit tini \
	mmdebstrap bsdutils util-linux coreutils binutils make musl-tools || exit 1
if [ "$(id -u)" -ne 0 ]; then
	echo "e2e_engines: dockerd and podman need root here (run make check as root)" >&2
	fail engines-root "not root"
	finish
	exit 1
fi

# Podman 4.3 writes a blob cache to /var/lib/containers/cache whatever its
# storage.conf says: the suite runs in a mount namespace of its own, with a
# tmpfs there.  The engines' mounts stay in that namespace and end with it.
if [ -z "${UIDINIT_ENGINES_NS:-}" ]; then
	UIDINIT_ENGINES_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
if ! { mkdir -p /var/lib/containers && mount -t tmpfs -o mode=700 uidinit-e2e /var/lib/containers; }; then
	fail private-var-lib-containers "cannot mount a tmpfs on /var/lib/containers"
	finish
	exit 1
fi

APP_UID=1000120000
IMAGE=uidinit-example
CACHE=${ENGINES_CACHE:-$TOP/build/engines}
BASE_TAR=$CACHE/debian-12-minbase.tar
DOCKER=/usr/bin/docker # Debian's client; not a newer one earlier in PATH
TMP=$(mktemp -d /tmp/uidinit-engines.XXXXXX)
chmod 711 "$TMP"
export DOCKER_HOST=unix://$TMP/docker.sock DOCKER_CONFIG=$TMP/docker-client \
	CONTAINERS_CONF=$TMP/containers.conf \
	CONTAINERS_STORAGE_CONF=$TMP/storage.conf \
	CONTAINERS_REGISTRIES_CONF=$TMP/registries.conf TMPDIR=$TMP/tmp
mkdir -p "$TMP/tmp" "$DOCKER_CONFIG"
# Podman reads the registry credentials there too.
echo '{}' >"$DOCKER_CONFIG/config.json"
# took WHAT: WHAT's seconds since the last call, for the closing timing line.
TIMES='' last=$SECONDS
took() { TIMES="$TIMES $1 $((SECONDS - last)) s,"; last=$SECONDS; }

# stop_pidfile FILE: TERM, up to 15 s, then KILL, the process FILE names.
stop_pidfile() {
	local pid _
	pid=$(cat "$1" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || return 0
	for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
}
cleanup() {
	set +e
	if [ -e "$TMP/podman-used" ]; then
		timeout 60 podman pod rm -af -t 0 >/dev/null 2>&1
		timeout 60 podman rm -af -t 0 >/dev/null 2>&1
	fi
	[ -e "$TMP/docker.pid" ] && "$DOCKER" ps -aq 2>/dev/null |
		timeout 30 xargs -r "$DOCKER" rm -f >/dev/null 2>&1
	stop_pidfile "$TMP/docker.pid"
	stop_pidfile "$TMP/containerd.pid"
	# Whatever the engines left mounted under the temp dir, innermost first.
	grep -oE " $TMP/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Under `make check SANITIZE=1` ./uidinit is dynamic (ASan) and of no use
# in an image; the images build their own static uidinit from the source
# anyway, so the plain `make check` has run exactly these cases: said in
# one line, not run twice (CI's budget).  ENGINES_SANITIZE=1 runs them
# anyway, the --init-path cases with a static build of the same source.
if readelf -l "$UIDINIT" 2>/dev/null | grep -q INTERP && [ -z "${ENGINES_SANITIZE:-}" ]; then
	echo "e2e_engines: not run: $UIDINIT is dynamic (SANITIZE=1); the engines test the static binary, run by the plain make check (ENGINES_SANITIZE=1 runs them here)"
	finish
	exit
fi
static_init() {
	local commit
	commit=$(cd "$TOP" && git rev-parse --short HEAD 2>/dev/null) || commit=unknown
	mkdir -p "$TMP/src/tests" &&
		(cd "$TOP" && cp Makefile init.c passwd.c passwd.h shrink-elf.sh "$TMP/src/" &&
			cp tests/cross.mk tests/need.sh "$TMP/src/tests/") &&
		(cd "$TMP/src" && env -u MAKEFLAGS -u MFLAGS make -s GIT_COMMIT="$commit" uidinit)
}
INIT=$UIDINIT
if readelf -l "$UIDINIT" 2>/dev/null | grep -q INTERP; then
	if ! static_init >"$TMP/init-build.log" 2>&1; then
		fail static-init-build "$(cat "$TMP/init-build.log")"
		finish
		exit 1
	fi
	INIT=$TMP/src/uidinit
	echo "e2e_engines: $UIDINIT is dynamic (SANITIZE=1): the --init-path cases use a static build of the same source"
fi
INIT_VERSION=$("$INIT" --version)

# --- the base image: debian:12-slim, made offline, cached -------------------
if [ ! -f "$BASE_TAR" ] || [ ! -s "$BASE_TAR" ]; then
	rm -rf "$BASE_TAR"
	mkdir -p "$CACHE"
	echo "e2e_engines: making the base image (mmdebstrap, about 50 s; cached in $CACHE)"
	# --format: mmdebstrap guesses it from the name, and "*.tar.tmp" would
	# be a directory.
	if mmdebstrap --quiet --format=tar --variant=minbase bookworm "$BASE_TAR.tmp" \
		>"$TMP/mmdebstrap.log" 2>&1; then
		mv "$BASE_TAR.tmp" "$BASE_TAR"
	else
		rm -rf "$BASE_TAR.tmp"
		fail base-image "$(tail -n 5 "$TMP/mmdebstrap.log")"
		finish
		exit 1
	fi
fi
ok base-image
took "base image"

# --- Docker: its own containerd and dockerd -------------------------------
cat >"$TMP/containerd.toml" <<EOF
version = 2
root = "$TMP/containerd/root"
state = "$TMP/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$TMP/containerd.sock"
[ttrpc]
  address = "$TMP/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
containerd --config "$TMP/containerd.toml" >"$TMP/containerd.log" 2>&1 &
echo $! >"$TMP/containerd.pid"
# start_dockerd DAEMON_JSON: start dockerd with that configuration file,
# wait (up to 30 s) until it answers.
start_dockerd() {
	local _
	dockerd --config-file "$1" --containerd "$TMP/containerd.sock" \
		--data-root "$TMP/docker" --exec-root "$TMP/docker-exec" \
		--pidfile "$TMP/docker.pid" -H "$DOCKER_HOST" \
		--iptables=false --ip-masq=false --bridge=none >>"$TMP/dockerd.log" 2>&1 &
	for _ in $(seq 300); do
		"$DOCKER" version >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
stop_dockerd() {
	stop_pidfile "$TMP/docker.pid"
	rm -f "$TMP/docker.pid"
}
for _ in $(seq 100); do [ -S "$TMP/containerd.sock" ] && break; sleep 0.1; done
echo '{}' >"$TMP/daemon.json"
if ! start_dockerd "$TMP/daemon.json"; then
	fail docker-daemon "$(tail -n 5 "$TMP/dockerd.log" "$TMP/containerd.log")"
	finish
	exit 1
fi
ok docker-daemon

# --- Podman: its own configuration and storage ----------------------------
# runc (crun fails on this host's cgroup v1), cgroupfs (no systemd), no
# default ulimits (podman's default RLIMIT_NOFILE is above the host's hard
# limit), events and locks in files under the temp dir.
cat >"$TMP/containers.conf" <<EOF
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$TMP/podman/events.log"
tmp_dir = "$TMP/podman/libpod"
volume_path = "$TMP/podman/volumes"
lock_type = "file"
[network]
network_config_dir = "$TMP/podman/networks"
EOF
cat >"$TMP/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$TMP/podman/root"
runroot = "$TMP/podman/run"
EOF
# No registry: every image is local (debian:12-slim is imported).
echo 'unqualified-search-registries = []' >"$TMP/registries.conf"
touch "$TMP/podman-used"

# --- the engines, one at a time, through the same cases -------------------
# E: docker or podman.  RUN: `run` plus what that engine needs for an
# arbitrary UID without its own passwd entry.
engine() { if [ "$E" = docker ]; then "$DOCKER" "$@"; else podman "$@"; fi; }
RUN_AS=(--network none --user "$APP_UID:0")

# wait_log NAME PATTERN [SECONDS]: until the container's log has PATTERN.
wait_log() {
	local _
	for _ in $(seq $((${3:-20} * 10))); do
		engine logs "$1" 2>&1 | grep -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
now_ms() { date +%s%3N; }

# pty_ctrl_c NAME COMMAND: COMMAND (a shell string) on a terminal made by
# script(1); once it prints "ready", type Ctrl-C.  Prints script's status,
# which is the command's.
pty_ctrl_c() {
	local fifo=$TMP/$1.fifo out=$TMP/$1.pty pid st _
	mkfifo "$fifo"
	script -qfec "$2" /dev/null <"$fifo" >"$out" 2>&1 &
	pid=$!
	exec 9>"$fifo"
	for _ in $(seq 300); do grep -q ready "$out" && break; sleep 0.1; done
	printf '\003' >&9
	for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	exec 9>&-
	kill "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	echo "$st"
}

# engine_cases: everything but the engine's set-up, for $E.
engine_cases() {
	local out st t0 t1 home name
	# The base image, imported as the Dockerfile's FROM.
	engine import "$BASE_TAR" debian:12-slim >"$TMP/$E-import.log" 2>&1
	st=$?
	expect_eq "$E-import" 0 "$st"
	took "$E import"
	if [ "$st" -ne 0 ]; then
		echo "e2e_engines: $E import failed, no $E case runs: $(cat "$TMP/$E-import.log")" >&2
		return 1
	fi

	# The README's build command, from the top of the source tree.
	(cd "$TOP" && engine build --network host -f examples/Dockerfile -t "$IMAGE" .) \
		>"$TMP/$E-build.log" 2>&1
	st=$?
	took "$E build"
	expect_eq "$E-build" 0 "$st"
	if [ "$st" -ne 0 ]; then
		echo "e2e_engines: $E build failed, no other $E case runs:" >&2
		tail -n 20 "$TMP/$E-build.log" >&2
		return 1
	fi
	# The image's uidinit is the Dockerfile's build: no .git there.
	out=$(engine run --rm --network none --entrypoint /usr/local/bin/uidinit "$IMAGE" --version 2>&1)
	expect_eq "$E-image-version" "uidinit version $(sed -n 's/^VERSION = //p' "$TOP/Makefile") - git.unknown" "$out"

	# An arbitrary UID: the name from USER_NAME, USER, and a HOME that is
	# the entry's and writable.
	out=$(engine run --rm "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" sh -c '
		whoami; echo "$USER"; echo "$HOME"
		getent passwd '"$APP_UID"' | cut -d: -f1,6
		[ -w "$HOME" ] && echo writable' 2>"$TMP/$E-account.err")
	mapfile -t l <<<"$out"
	home=${l[2]:-}
	expect_eq "$E-whoami" app "${l[0]:-}"
	expect_eq "$E-user" app "${l[1]:-}"
	expect_eq "$E-home-is-entry" "app:$home" "${l[3]:-}"
	expect_eq "$E-home-writable" writable "${l[4]:-}"
	expect_eq "$E-account-quiet" "" "$(cat "$TMP/$E-account.err")"

	# The image's own CMD: the documented line, then sleep; stop sends
	# TERM to PID 1, uidinit forwards it, 143 long before the 10 s grace.
	engine run -d --name "$E-stop" "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" >/dev/null
	if wait_log "$E-stop" 'I am'; then
		expect_eq "$E-documented-line" "I am app, HOME=$home" "$(engine logs "$E-stop" 2>&1)"
	else
		fail "$E-documented-line" "$(engine logs "$E-stop" 2>&1)"
	fi
	t0=$(now_ms)
	engine stop "$E-stop" >/dev/null
	t1=$(now_ms)
	expect_eq "$E-stop-143" 143 "$(engine inspect -f '{{.State.ExitCode}}' "$E-stop")"
	if [ $((t1 - t0)) -lt 5000 ]; then ok "$E-stop-fast"; else fail "$E-stop-fast" "$((t1 - t0)) ms"; fi
	engine rm -f "$E-stop" >/dev/null 2>&1

	# kill -s HUP / USR1 reach the app through uidinit.
	engine run -d --name "$E-sig" "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" sh -c '
		trap "echo got HUP" HUP; trap "echo got USR1" USR1
		echo ready; while :; do sleep 0.1; done' >/dev/null
	wait_log "$E-sig" ready
	engine kill -s HUP "$E-sig" >/dev/null
	check "$E-kill-hup" wait_log "$E-sig" 'got HUP' 10
	engine kill -s USR1 "$E-sig" >/dev/null
	check "$E-kill-usr1" wait_log "$E-sig" 'got USR1' 10
	engine rm -f "$E-sig" >/dev/null 2>&1

	# Read-only root, /tmp a tmpfs: the name through nss_wrapper, the
	# image's passwd untouched.
	out=$(engine run --rm "${RUN_AS[@]}" "${NOPASSWD[@]}" --read-only --tmpfs /tmp "$IMAGE" sh -c '
		whoami; echo "$LD_PRELOAD"; grep -c "^app:" /etc/passwd' 2>&1)
	mapfile -t l <<<"$out"
	expect_eq "$E-ro-whoami" app "${l[0]:-}"
	case ${l[1]:-} in */libnss_wrapper.so) ok "$E-ro-nss-wrapper" ;; *) fail "$E-ro-nss-wrapper" "$out" ;; esac
	expect_eq "$E-ro-passwd-untouched" 0 "${l[2]:-}"

	# run --init: the engine's own init is PID 1; uidinit, not PID 1, fixes
	# the account and execs the app (no uidinit process left).
	out=$(engine run --rm --init "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" sh -c '
		whoami; /proc/1/exe --version 2>&1 | head -n 1
		echo "parent $PPID"; cat /proc/[0-9]*/comm | grep -c "^uidinit$"' 2>&1)
	mapfile -t l <<<"$out"
	expect_eq "$E-own-init-whoami" app "${l[0]:-}"
	case ${l[1]:-} in "tini version"*) ok "$E-own-init-pid1" ;; *) fail "$E-own-init-pid1" "$out" ;; esac
	expect_eq "$E-own-init-exec" "parent 1" "${l[2]:-}"
	expect_eq "$E-own-init-no-uidinit" 0 "${l[3]:-}"

	# -it: Ctrl-C on the terminal ends the app with SIGINT: 130.
	st=$(pty_ctrl_c "$E-pty" "$(printf '%q ' "${ENGINE_CMD[@]}" run -it --rm "${RUN_AS[@]}" \
		"${NOPASSWD[@]}" "$IMAGE" sh -c 'echo ready; exec sleep 30')")
	expect_eq "$E-pty-ctrl-c-130" 130 "$st"
	took "$E cases"
}

# uidinit_init_cases: `run --init` once uidinit is the engine's init.
uidinit_init_cases() {
	local out t0 t1
	out=$(engine run --rm --init "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" sh -c '
		/proc/1/exe --version; whoami; echo "$HOME"' 2>&1)
	mapfile -t l <<<"$out"
	expect_eq "$E-uidinit-init-pid1" "$INIT_VERSION" "${l[0]:-}"
	expect_eq "$E-uidinit-init-whoami" app "${l[1]:-}"
	engine run -d --init --name "$E-istop" "${RUN_AS[@]}" "${NOPASSWD[@]}" "$IMAGE" >/dev/null
	wait_log "$E-istop" 'I am'
	t0=$(now_ms)
	engine stop "$E-istop" >/dev/null
	t1=$(now_ms)
	expect_eq "$E-uidinit-init-stop-143" 143 "$(engine inspect -f '{{.State.ExitCode}}' "$E-istop")"
	if [ $((t1 - t0)) -lt 5000 ]; then ok "$E-uidinit-init-stop-fast"; else fail "$E-uidinit-init-stop-fast" "$((t1 - t0)) ms"; fi
	engine rm -f "$E-istop" >/dev/null 2>&1
}

# uidinit as Docker's init: daemon.json "init-path" (README).
docker_init_path() {
	local info
	stop_dockerd
	printf '{ "init-path": "%s" }\n' "$INIT" >"$TMP/daemon-init.json"
	: >"$TMP/dockerd.log"
	if start_dockerd "$TMP/daemon-init.json"; then
		ok docker-daemon-init-path
		info=$("$DOCKER" info 2>&1)
		expect_eq docker-info-init-binary "$INIT" "$(sed -n 's/^ *Init Binary: //p' <<<"$info")"
		expect_eq docker-info-init-version "${INIT_VERSION##*git.}" "$(sed -n 's/^ *init version: //p' <<<"$info" | cut -d' ' -f1)"
		expect_eq docker-no-unknown-format "" "$(grep -i 'version' "$TMP/dockerd.log" | grep -i -e 'unknown output format' -e 'failed')"
		uidinit_init_cases
	else
		fail docker-daemon-init-path "$(tail -n 5 "$TMP/dockerd.log")"
	fi
}
# Docker: no entry of its own for an unknown UID.
E=docker NOPASSWD=() ENGINE_CMD=("$DOCKER")
engine_cases && docker_init_path
stop_dockerd
took "docker init-path"

podman_more() {
	local out l entry name home ctr t0 t1
	# Without --passwd=false podman adds its own line for the UID; uidinit
	# finds it and writes nothing (USER_NAME is not applied).
	out=$(engine run --rm "${RUN_AS[@]}" "$IMAGE" sh -c '
		id -un; grep -c ":'"$APP_UID"':" /etc/passwd; grep -c "^app:" /etc/passwd' 2>&1)
	mapfile -t l <<<"$out"
	if [ -n "${l[0]:-}" ] && [ "${l[0]}" != app ]; then ok podman-own-entry-name; else fail podman-own-entry-name "$out"; fi
	expect_eq podman-own-entry-one-line 1 "${l[1]:-}"
	expect_eq podman-own-entry-uidinit-wrote-nothing 0 "${l[2]:-}"
	# uidinit as Podman's init: containers.conf init_path (README).
	awk -v line="init_path = \"$INIT\"" '{ print } /^\[containers\]$/ { print line }' \
		"$TMP/containers.conf" >"$TMP/containers-init.conf"
	CONTAINERS_CONF=$TMP/containers-init.conf uidinit_init_cases
	took "podman init_path"

	# podman kube play examples/pod.yaml: runAsUser, a read-only root.  kube
	# play has no --passwd=false: podman adds its own entry (name: the UID,
	# home: the WORKDIR), as CRI-O does; uidinit finds it, writes nothing, and
	# the log shows that entry's name and HOME.  kube down ends the pod.
	podman kube play --network none "$TOP/examples/pod.yaml" >"$TMP/kube.log" 2>&1
	expect_eq podman-kube-play 0 $?
	ctr=uidinit-example-app
	POD_GID=$(sed -n 's/^ *runAsGroup: *\([0-9]*\).*/\1/p' "$TOP/examples/pod.yaml")
	if wait_log "$ctr" 'I am'; then
		entry=$(podman exec "$ctr" grep ":$APP_UID:" /etc/passwd 2>&1)
		IFS=: read -r name _ _ _ _ home _ <<<"$entry"
		expect_eq podman-kube-runtime-entry "$APP_UID:*:$APP_UID:$POD_GID:container user:$home:/bin/sh" "$entry"
		expect_eq podman-kube-log "I am $name, HOME=$home" "$(podman logs "$ctr" 2>&1)"
	else
		fail podman-kube-log "$(podman logs "$ctr" 2>&1; cat "$TMP/kube.log")"
	fi
	t0=$(now_ms)
	podman kube down "$TOP/examples/pod.yaml" >>"$TMP/kube.log" 2>&1
	expect_eq podman-kube-down 0 $?
	t1=$(now_ms)
	if podman pod exists uidinit-example; then fail podman-kube-down-gone "the pod is still there"; else ok podman-kube-down-gone; fi
	if [ $((t1 - t0)) -lt 8000 ]; then ok podman-kube-down-fast; else fail podman-kube-down-fast "$((t1 - t0)) ms"; fi
	took "podman kube"
}
# Podman: --passwd=false, or it writes its own entry first.
E=podman NOPASSWD=(--passwd=false) ENGINE_CMD=(podman)
engine_cases && podman_more
echo "e2e_engines: time:${TIMES%,}"
finish
