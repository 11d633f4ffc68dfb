#!/usr/bin/env bash
# End-to-end tests of the account fix (issue 4, SPEC "Account fix"): the
# real ./uidinit run as an arbitrary UID on temporary passwd/group files,
# on a private copy of the real /etc/passwd (unshare --mount + bind
# mount), with nss_wrapper, under RLIMIT_FSIZE, on a full tmpfs, twenty
# at once, set-uid, and on files that are not files.  Needs root.
# Commands for the child shell are single-quoted on purpose:
# shellcheck disable=SC2016
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	fail root "e2e_passwd needs root (setpriv, unshare, mount)"
	finish
	exit 1
fi
if ! "$TOP/tests/need.sh" util-linux python3 libnss-wrapper musl-tools gcc libc6-dev sed; then
	fail need "tests/need.sh util-linux python3 libnss-wrapper musl-tools gcc libc6-dev sed"
	finish
	exit 1
fi

AUID=1000120000
MINPATH=/usr/sbin:/usr/bin:/sbin:/bin
W=$(mktemp -d /tmp/e2e_passwd.XXXXXX)
MOUNTS=()
cleanup() {
	local m
	for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# Reachable by the arbitrary UID, as the Dockerfiles do: group 0, g=u.
chgrp 0 "$W"
chmod 0775 "$W"
U=$W/uidinit
cp "$UIDINIT" "$U"
chmod 0755 "$U"
mkdir "$W/res"

BASE='root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
'
GBASE='root:x:0:
daemon:x:1:
'
n=0

# mkfile CONTENT: F = a fresh file (group 0, g=u) holding CONTENT, with a
# pristine copy at $F.orig.
mkfile() {
	n=$((n + 1))
	F=$W/f$n
	printf '%s' "$1" >"$F"
	chgrp 0 "$F"
	chmod 0664 "$F"
	cp -p "$F" "$F.orig"
}

# run WHO VAR=VAL... -- CMD...: WHO is auid (setpriv to the arbitrary UID,
# GID 0) or root; clean environment plus the VARs.  Sets OUT, ERR, RC.
run() {
	local who=$1
	local -a envs=() pre=()
	shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	[ "$who" = auid ] && pre=(setpriv --reuid "$AUID" --regid 0 --clear-groups)
	OUT=$(timeout 20 env -i PATH="$MINPATH" "${envs[@]}" "${pre[@]}" "$@" 2>"$W/stderr")
	RC=$?
	ERR=$(cat "$W/stderr")
}

# added FILE: the bytes after FILE.orig (the original must be a prefix).
added() {
	local s
	s=$(stat -c %s "$1.orig")
	if ! cmp -s -n "$s" "$1" "$1.orig" ||
		[ "$(head -c "$s" "$1" | sha256sum)" != "$(sha256sum <"$1.orig")" ]; then
		echo "<old bytes changed>"
		return
	fi
	tail -c +"$((s + 1))" "$1"
	echo .	# keep trailing newlines through $(...)
}

# expect_line NAME FILE LINE: FILE is its original plus exactly LINE\n.
expect_line() {
	expect_eq "$1" "$3
." "$(added "$2")"
}

# expect_same NAME FILE: FILE is byte for byte its original.
expect_same() {
	if cmp -s "$2" "$2.orig"; then ok "$1"; else fail "$1" "changed: $(added "$2" | head -c 300 | od -c | head -5)"; fi
}

# expect_one_entry NAME FILE: exactly one new line, 7 fields, for AUID.
expect_one_entry() {
	local new nl fields
	new=$(added "$2")
	new=${new%.}
	nl=$(printf '%s' "$new" | tr -cd '\n' | wc -c)
	fields=$(printf '%s' "$new" | tr -d '\n' | awk -F: '{ print NF }')
	if [ "$nl" = 1 ] && [ "${new: -1}" = $'\n' ] && [ "$fields" = 7 ] &&
		[ "$(printf '%s' "$new" | cut -d: -f3)" = "$AUID" ] &&
		[ "$(printf '%s' "$new" | cut -d: -f4)" = 0 ] &&
		! printf '%s' "$new" | grep -q $'\r'; then
		ok "$1"
	else
		fail "$1" "new bytes: $(printf '%s' "$new" | od -c | head -8 | tr '\n' ' ')"
	fi
}

expect_has() { # NAME NEEDLE HAYSTACK
	case $3 in
	*"$2"*) ok "$1" ;;
	*) fail "$1" "want [$2] in [$3]" ;;
	esac
}

ENV3='echo "$USER|$LOGNAME|$HOME"'
# What the image should do, when no target works (issue 15.2).
ADVICE="make it writable by gid 0, list extrausers in nsswitch.conf with /var/lib/extrausers a volume, or install nss_wrapper (man uidinit, LAYOUTS)"

# ---- the entry: name, home, environment ----

mkfile "$BASE"; pw=$F
mkfile "$GBASE"; gr=$F
run auid HOME=/home/app UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_eq basic.status 0 "$RC"
expect_line basic.line "$pw" "default:x:$AUID:0:default user:/home/app:/sbin/nologin"
expect_eq basic.env "default|default|/home/app" "$OUT"
expect_eq basic.quiet "" "$ERR"
expect_same basic.group_has_gid0 "$gr"
run auid HOME=/home/app UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_line second_run.adds_nothing "$pw" "default:x:$AUID:0:default user:/home/app:/sbin/nologin"
expect_eq second_run.env "default|default|/home/app" "$OUT"
# found: USER, LOGNAME and HOME come from the entry where unset
run auid UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_eq found.env_from_entry "default|default|/home/app" "$OUT"
expect_line found.adds_nothing "$pw" "default:x:$AUID:0:default user:/home/app:/sbin/nologin"
# only where unset
run auid USER=u1 LOGNAME=l1 HOME=/h1 UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_eq found.env_kept "u1|l1|/h1" "$OUT"
mkfile "$BASE"; pw=$F
run auid USER=u1 LOGNAME=l1 HOME=/h1 UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_eq added.env_kept "u1|l1|/h1" "$OUT"
expect_line added.user_env_not_used "$pw" "default:x:$AUID:0:default user:/h1:/sbin/nologin"

mkfile "$BASE"; pw=$F
run auid USER_NAME=app HOME=/srv/app UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$ENV3"
expect_line user_name.line "$pw" "app:x:$AUID:0:app user:/srv/app:/sbin/nologin"
expect_eq user_name.env "app|app|/srv/app" "$OUT"
expect_eq user_name.quiet "" "$ERR"

# expect_default CASE USER_NAME WARNING: the entry is written as default,
# the command's USER is default, and WARNING is all uidinit says.
expect_default() {
	mkfile "$BASE"; pw=$F
	run auid USER_NAME="$2" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo "$USER"'
	expect_line "$1.default" "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
	expect_eq "$1.warning" "$3" "$ERR"
	expect_eq "$1.user" default "$OUT"
}
i=0
for bad in 1000120000 -app +app 'a b' 'jörg' abcdefghijklmnopqrstuvwxyz0123456; do
	i=$((i + 1))
	expect_default "bad_name$i" "$bad" "uidinit: USER_NAME: not a portable user name, using 'default'"
done
# an empty USER_NAME is unset: default, no warning
mkfile "$BASE"; pw=$F
run auid USER_NAME= HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line empty_name.default "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
expect_eq empty_name.quiet "" "$ERR"
# 32 bytes is still a name
mkfile "$BASE"; pw=$F
run auid USER_NAME=abcdefghijklmnopqrstuvwxyz012345 HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line name32.kept "$pw" "abcdefghijklmnopqrstuvwxyz012345:x:$AUID:0:abcdefghijklmnopqrstuvwxyz012345 user:/h:/sbin/nologin"

# a name another UID has already: the script would append it as is, and
# whoami would say root; uidinit warns and uses default
for taken in root:0 daemon:1; do
	expect_default "taken_${taken%:*}" "${taken%:*}" \
		"uidinit: USER_NAME: ${taken%:*} is the name of uid ${taken#*:} already, using 'default'"
done
# a name that only starts like one taken is free
mkfile "$BASE"; pw=$F
run auid USER_NAME=roo HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line taken_prefix.kept "$pw" "roo:x:$AUID:0:roo user:/h:/sbin/nologin"
expect_eq taken_prefix.quiet "" "$ERR"
# default taken by another UID: appended all the same, as the script does
mkfile "$BASE"'default:x:4242:0::/d:/bin/sh
'; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line default_taken.appended "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
expect_eq default_taken.quiet "" "$ERR"

# the same in supervise mode; none of it with -n
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" -s sh -c "$ENV3"
expect_line supervise.line "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
expect_eq supervise.env "default|default|/h" "$OUT"
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" -n sh -c \
	'echo "${USER-unset}"; grep NoNewPrivs /proc/self/status | cut -f2'
expect_same no_fix.unchanged "$pw"
expect_eq no_fix.env_and_nnp "unset
0" "$OUT"
# -x (exec) and as PID 1 (a new PID namespace): the same fix
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" -x sh -c "$ENV3"
expect_line exec_mode.line "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
expect_eq exec_mode.env "default|default|/h" "$OUT"
mkfile "$BASE"; pw=$F
OUT=$(env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" timeout 20 \
	unshare --pid --fork setpriv --reuid "$AUID" --regid 0 --clear-groups \
	"$U" sh -c 'echo "$PPID|$USER"; exit 6' 2>&1)
RC=$?
expect_eq pid1.env "1|default" "$OUT"
expect_eq pid1.status 6 "$RC"
expect_line pid1.line "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"

# -v says what it did
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" -v true
expect_has verbose.added "uidinit: $pw: added uid $AUID as default, home /h" "$ERR"

# ---- injection: one new line, seven fields, whatever the user supplies ----

ROOTLINE='root::0:0::/:/bin/sh'
i=0
for bad in "a:b" "x:x:0:0::/:/bin/sh" "$ROOTLINE" $'a\nroot::0:0::/:/bin/sh' $'a\r' \
	$'a\r\nroot::0:0::/:/bin/sh\n' $'\n'; do
	i=$((i + 1))
	mkfile "$BASE"; pw=$F
	run auid USER_NAME="$bad" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
	expect_one_entry "inject_name$i.one_line" "$pw"
	expect_line "inject_name$i.default" "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
done
WARN_HOME="uidinit: HOME: has ':' or a line break, not written to the passwd file"
i=0
for bad in "/h:x" "/h:/bin/sh" $'/h\nroot::0:0::/:/bin/sh' $'/h\r' "/h:/bin/sh
$ROOTLINE" $'/h\r\n'"$ROOTLINE"; do
	i=$((i + 1))
	mkfile "$BASE"; pw=$F
	run auid HOME="$bad" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'printf %s "$HOME"'
	expect_one_entry "inject_home$i.one_line" "$pw"
	expect_line "inject_home$i.fallback" "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
	expect_eq "inject_home$i.warning" "$WARN_HOME" "$ERR"
	expect_eq "inject_home$i.env_untouched" "$bad" "$OUT"
done
# both at once, and TMPDIR (the fallback home) too
mkfile "$BASE"; pw=$F
run auid USER_NAME=$'x\n'"$ROOTLINE" HOME=$'/h\n'"$ROOTLINE" TMPDIR=$'/t\n'"$ROOTLINE" \
	UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_one_entry inject_all.one_line "$pw"
expect_line inject_all.line "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
mkfile "$BASE"; pw=$F
run auid TMPDIR="/t:$ROOTLINE" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line inject_tmpdir.line "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
# a HOME too long for a line: the fallback, still one line
mkfile "$BASE"; pw=$F
long=/$(printf 'h%.0s' $(seq 5000))
run auid HOME="$long" TMPDIR="$W" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_one_entry long_home.one_line "$pw"
expect_line long_home.fallback "$pw" "default:x:$AUID:0:default user:$W:/sbin/nologin"

# ---- HOME: unset or "/" ----

# The arbitrary UID cannot write "/": $TMPDIR, else /tmp, in the entry and for the command.
for h in unset /; do
	hv=(HOME=/)
	[ "$h" = unset ] && hv=()
	mkfile "$BASE"; pw=$F
	run auid "${hv[@]}" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo "$HOME"'
	expect_line "home_$h.ro_root.line" "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
	expect_eq "home_$h.ro_root.env" /tmp "$OUT"
	mkdir -p "$W/tmpdir"
	chmod 0777 "$W/tmpdir"
	mkfile "$BASE"; pw=$F
	run auid "${hv[@]}" TMPDIR="$W/tmpdir" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo "$HOME"'
	expect_line "home_$h.tmpdir.line" "$pw" "default:x:$AUID:0:default user:$W/tmpdir:/sbin/nologin"
	expect_eq "home_$h.tmpdir.env" "$W/tmpdir" "$OUT"
	# a TMPDIR the UID cannot write is no home either (issue 15.5)
	mkdir -p "$W/tmpdir_ro"
	mkfile "$BASE"; pw=$F
	run auid "${hv[@]}" TMPDIR="$W/tmpdir_ro" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
	expect_line "home_$h.ro_tmpdir" "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
	# a relative TMPDIR is no home
	mkfile "$BASE"; pw=$F
	run auid "${hv[@]}" TMPDIR=tmpdir UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
	expect_line "home_$h.relative_tmpdir" "$pw" "default:x:$AUID:0:default user:/tmp:/sbin/nologin"
	# "/" writable (root, with a file that lacks uid 0): "/" it is
	mkfile "daemon:x:1:1::/:/bin/sh
"; pw=$F
	run root "${hv[@]}" TMPDIR="$W/tmpdir" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo "$HOME"'
	expect_line "home_$h.rw_root.line" "$pw" "default:x:0:0:default user:/:/sbin/nologin"
	expect_eq "home_$h.rw_root.env" / "$OUT"
	# "/" read-only (a private mount namespace, / remounted read-only)
	mkfile "daemon:x:1:1::/:/bin/sh
"; pw=$F
	mkdir -p "$W/rofs"
	OUT=$(timeout 20 unshare --mount bash -c '
		RO=$1 pw=$2 U=$3
		shift 3
		mount -t tmpfs -o size=1m tmpfs "$RO" && cp "$pw" "$RO/passwd" && mkdir "$RO/t" &&
			mount -o bind,remount,ro / || exit 99
		env -i PATH=/usr/bin:/bin "$@" TMPDIR="$RO/t" UIDINIT_PASSWD_FILE="$RO/passwd" \
			UIDINIT_GROUP_FILE="$RO/group" "$U" sh -c "echo \"\$HOME\""
		tail -n 1 "$RO/passwd"' _ "$W/rofs" "$pw" "$U" "${hv[@]}" 2>&1)
	expect_eq "home_$h.ro_root_as_root" "$W/rofs/t
default:x:0:0:default user:$W/rofs/t:/sbin/nologin" "$OUT"
done

# ---- group ----

mkfile "$BASE"; pw=$F
mkfile "users:x:100:alice
"; gr2=$F
run auid USER_NAME=app HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr2" -- "$U" true
expect_line group.added "$gr2" "app:x:0:"
expect_line group.passwd "$pw" "app:x:$AUID:0:app user:/h:/sbin/nologin"
run auid USER_NAME=app HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr2" -- "$U" true
expect_line group.second_run "$gr2" "app:x:0:"
# a group file without a trailing newline gets one first
mkfile "$BASE"; pw=$F
mkfile "users:x:100:"; gr3=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr3" -- "$U" true
expect_line group.no_newline "$gr3" "
default:x:0:"
# a read-only group file: passwd still gets its line, nothing said without -v
mkfile "$BASE"; pw=$F
mkfile "users:x:100:
"; gr4=$F
chmod 0644 "$gr4"
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr4" -- "$U" true
expect_line group.ro.passwd_added "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
expect_same group.ro.unchanged "$gr4"
expect_eq group.ro.quiet "" "$ERR"
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr4" -- "$U" -v true
expect_has group.ro.verbose "uidinit: $gr4: Permission denied" "$ERR"

# the real GID, and ids past 2^31, written as unsigned decimals
mkfile "$BASE"; pw=$F
mkfile "$GBASE"; gr5=$F
chmod 0666 "$pw" "$gr5"
OUT=$(env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr5" timeout 20 \
	setpriv --reuid 4294967294 --regid 2147483648 --clear-groups "$U" sh -c 'echo "$USER"' 2>&1)
expect_eq big_ids.ran default "$OUT"
expect_line big_ids.passwd "$pw" "default:x:4294967294:2147483648:default user:/h:/sbin/nologin"
expect_line big_ids.group "$gr5" "default:x:2147483648:"

# passwd without a trailing newline
mkfile "${BASE}last:x:5:5::/:/bin/sh"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line no_newline.line "$pw" "
default:x:$AUID:0:default user:/h:/sbin/nologin"

# ---- faults: RLIMIT_FSIZE (EFBIG), full tmpfs (ENOSPC) ----

# pad CONTENT to SIZE bytes with a comment line
padded() {
	local pad=$(($2 - ${#1} - 2))
	printf '%s#%s\n' "$1" "$(head -c "$pad" /dev/zero | tr '\0' x)"
}
# The limit (ulimit -f counts KiB) equals the size: the write cannot start.
# Below it, part of the line would fit: a short write, cut back too.
for case in at_size:2048 just_above:2040; do
	name=${case%:*}
	mkfile ""
	pw=$F
	padded "$BASE" "${case#*:}" >"$pw"
	cp "$pw" "$pw.orig"
	# stderr through a pipe: a file would be under the limit too
	ERR=$( (ulimit -f 2 && exec env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" \
		UIDINIT_GROUP_FILE="$gr" timeout 20 setpriv --reuid "$AUID" --regid 0 --clear-groups \
		"$U" sh -c 'echo ran >&2; exit 7') 2>&1 >/dev/null; echo "rc=$?")
	expect_same "efbig_$name.unchanged" "$pw"
	expect_has "efbig_$name.command_ran" ran "$ERR"
	expect_has "efbig_$name.status" "rc=7" "$ERR"
	expect_has "efbig_$name.reason" "uidinit: uid $AUID has no name: $pw: File too large" "$ERR"
done

mkdir "$W/full"
if mount -t tmpfs -o size=16k,mode=0775 tmpfs "$W/full"; then
	MOUNTS+=("$W/full")
	chgrp 0 "$W/full"
	# a file that ends on a page boundary: the line needs a new page
	pw=$W/full/passwd
	padded "$BASE" 4096 >"$pw"
	chgrp 0 "$pw"
	chmod 0664 "$pw"
	cp -p "$pw" "$W/full-passwd.orig"
	cat /dev/zero >"$W/full/fill" 2>/dev/null
	run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo ran; exit 9'
	if cmp -s "$pw" "$W/full-passwd.orig"; then ok enospc.unchanged; else fail enospc.unchanged "$(tail -c 100 "$pw" | od -c | tail -3)"; fi
	expect_eq enospc.command_ran ran "$OUT"
	expect_eq enospc.status 9 "$RC"
	expect_eq enospc.reason "uidinit: uid $AUID has no name: $pw: No space left on device" "$ERR"
	umount "$W/full"
else
	fail enospc.mount "mount -t tmpfs failed"
fi

# ---- after an append, the signal mask is whole: 34 reaches the command ----
# append() blocks SIGXFSZ around its write, then sets the mask back.
# musl's sigprocmask() drops 32-34 from the old mask it returns: set
# back, they were unblocked, and a signal 34 (glibc's SIGRTMIN) killed
# uidinit instead of being forwarded.  (32 and 33 cannot be trapped by
# a glibc sh: they would kill the command, not tell.)
sig=34
mkfile "$BASE"
pw=$F
mkfile "$GBASE"
rm -f "$W/ready"
env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$F" \
	timeout 20 setpriv --reuid "$AUID" --regid 0 --clear-groups "$U" -s \
	sh -c "trap 'exit 7' $sig; echo \$PPID \$\$ >$W/ready.tmp; mv $W/ready.tmp $W/ready; while :; do sleep 0.1; done" \
	>/dev/null 2>&1 &
pid=$!
wait_for test -s "$W/ready"
read -r upid cpid <"$W/ready"
expect_one_entry "mask_$sig.appended" "$pw"
kill -"$sig" "$upid"
wait "$pid"
expect_eq "mask_$sig.forwarded" 7 "$?"
kill "$cpid" 2>/dev/null	# left running when uidinit died instead

# ---- concurrency: 20 at once, one entry ----

mkfile "$BASE"; pw=$F
mkfifo "$W/go"
exec 3<>"$W/go"
pids=()
for i in $(seq 20); do
	(read -r -t 20 _ <"$W/go"
		exec env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" \
			timeout 20 setpriv --reuid "$AUID" --regid 0 --clear-groups "$U" true) &
	pids+=($!)
done
printf '\n%.0s' $(seq 20) >&3	# one line each: they all go
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
exec 3>&-
expect_eq concurrent.all_ran 0 "$bad"
expect_line concurrent.one_entry "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"

# ---- set-uid / set-gid copies ----

cp "$U" "$W/suid"
chown root:root "$W/suid"
chmod 4755 "$W/suid"
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$W/suid" sh -c 'echo ran; exit 4'
expect_same setuid.nothing_written "$pw"
expect_eq setuid.warning "uidinit: set-uid or set-gid: account files left alone, running as uid $AUID gid 0" "$ERR"
expect_eq setuid.command_ran ran "$OUT"
expect_eq setuid.status 4 "$RC"
# the command gets the caller's ids, not the owner's (no shell in between:
# dash would drop them itself)
IDS='^(Uid|Gid):'
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$W/suid" grep -E "$IDS" /proc/self/status
expect_eq setuid.real_ids "$(printf 'Uid:\t%s\t%s\t%s\t%s\nGid:\t0\t0\t0\t0' "$AUID" "$AUID" "$AUID" "$AUID")" "$OUT"
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$W/suid" -s grep -E "$IDS" /proc/self/status
expect_eq setuid.supervised_real_ids "$(printf 'Uid:\t%s\t%s\t%s\t%s\nGid:\t0\t0\t0\t0' "$AUID" "$AUID" "$AUID" "$AUID")" "$OUT"
expect_same setuid.supervised_nothing_written "$pw"
# -n skips the account fix, never the drop
run auid HOME=/h -- "$W/suid" -n grep -E '^Uid:' /proc/self/status
expect_eq setuid.no_fix_real_ids "$(printf 'Uid:\t%s\t%s\t%s\t%s' "$AUID" "$AUID" "$AUID" "$AUID")" "$OUT"
cp "$U" "$W/sgid"
chown root:root "$W/sgid"
chmod 2755 "$W/sgid"
mkfile "$BASE"; pw=$F
chmod 0666 "$pw"
OUT=$(env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" timeout 20 \
	setpriv --reuid "$AUID" --regid "$AUID" --clear-groups "$W/sgid" grep -E '^Gid:' /proc/self/status 2>&1)
expect_same setgid.nothing_written "$pw"
expect_eq setgid.warning_and_real_gid "uidinit: set-uid or set-gid: account files left alone, running as uid $AUID gid $AUID
$(printf 'Gid:\t%s\t%s\t%s\t%s' "$AUID" "$AUID" "$AUID" "$AUID")" "$OUT"

# ---- hardening: no_new_privs when the UID can write the passwd file ----

NNP='grep NoNewPrivs /proc/self/status | cut -f2'
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$NNP"
expect_eq nnp.writable_added 1 "$OUT"
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$NNP"
expect_eq nnp.writable_found 1 "$OUT"
run auid UIDINIT_ALLOW_SETUID=1 HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$NNP"
expect_eq nnp.allow_setuid 0 "$OUT"
run root UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c "$NNP"
expect_eq nnp.root 0 "$OUT"
# read-only files in a directory the UID cannot write: nothing to harden
mkdir -m 0755 "$W/rodir"
printf '%sdefault:x:%s:0::/h:/sbin/nologin\n' "$BASE" "$AUID" >"$W/rodir/passwd"
printf '%s' "$GBASE" >"$W/rodir/group"
run auid UIDINIT_PASSWD_FILE="$W/rodir/passwd" UIDINIT_GROUP_FILE="$W/rodir/group" -- "$U" sh -c "$NNP"
expect_eq nnp.read_only 0 "$OUT"
# issue 12.9: a writable group file, or a writable directory holding the
# files (replace by rename), is as much a way to a UID-0 line
chmod 0666 "$W/rodir/group"
run auid UIDINIT_PASSWD_FILE="$W/rodir/passwd" UIDINIT_GROUP_FILE="$W/rodir/group" -- "$U" -v sh -c "$NNP"
expect_eq nnp.group_writable 1 "$OUT"
expect_has nnp.group_writable.says "uidinit: $W/rodir/group: writable by uid $AUID, no_new_privs set" "$ERR"
chmod 0644 "$W/rodir/group"
chmod 0777 "$W/rodir"
run auid UIDINIT_PASSWD_FILE="$W/rodir/passwd" UIDINIT_GROUP_FILE="$W/rodir/group" -- "$U" -v sh -c "$NNP"
expect_eq nnp.dir_writable 1 "$OUT"
expect_has nnp.dir_writable.says "uidinit: $W/rodir: writable by uid $AUID, no_new_privs set" "$ERR"
chmod 0755 "$W/rodir"
# and what it is for: a set-uid root program started by the command stays
# the caller (a set-uid copy of id prints its effective uid)
cp /usr/bin/id "$W/suid-id"
chown root:root "$W/suid-id"
chmod 4755 "$W/suid-id"
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" "$W/suid-id" -u
expect_eq nnp.setuid_program_not_root "$AUID" "$OUT"
run auid UIDINIT_ALLOW_SETUID=1 HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" "$W/suid-id" -u
expect_eq nnp.allow_setuid_program_root 0 "$OUT"

# ---- files that are not files: the command runs, nothing hangs ----

mkfifo "$W/fifo"
chmod 0666 "$W/fifo"
mkdir "$W/dir"
ln -s "$W/nowhere" "$W/dangling"
for f in fifo dir dangling; do
	run auid HOME=/h UIDINIT_PASSWD_FILE="$W/$f" UIDINIT_GROUP_FILE="$W/$f" -- "$U" sh -c 'echo ran; exit 3'
	expect_eq "odd_$f.status" 3 "$RC"
	expect_eq "odd_$f.ran" ran "$OUT"
	case $f in
	# no passwd file at all: the nss_wrapper copies, as on a read-only root (issue 12.9)
	dangling) expect_eq "odd_$f.reason" "" "$ERR" ;;
	*) expect_eq "odd_$f.reason" "uidinit: $W/$f: not a regular file" "$ERR" ;;
	esac
done
# a FIFO group file with the GID missing: the passwd line, no hang
mkfile "$BASE"; pw=$F
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$W/fifo" -- "$U" sh -c 'echo ran'
expect_eq fifo_group.ran ran "$OUT"
expect_line fifo_group.passwd "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
# a symlinked passwd file: the line goes into the file it points to
mkfile "$BASE"; pw=$F
ln -s "$pw" "$W/link"
run auid HOME=/h UIDINIT_PASSWD_FILE="$W/link" UIDINIT_GROUP_FILE="$gr" -- "$U" true
expect_line symlink.target "$pw" "default:x:$AUID:0:default user:/h:/sbin/nologin"
if [ -L "$W/link" ]; then ok symlink.kept; else fail symlink.kept "replaced"; fi
# unreadable (root-owned 0600): said in one line, the command runs
mkfile "$BASE"; pw=$F
chmod 0600 "$pw"
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'echo ran; exit 3'
expect_eq unreadable.status 3 "$RC"
expect_eq unreadable.ran ran "$OUT"
expect_eq unreadable.reason "uidinit: $pw: Permission denied" "$ERR"
expect_same unreadable.unchanged "$pw"
if [ -L "$W/dangling" ] && [ ! -e "$W/nowhere" ]; then ok odd_dangling.not_created; else fail odd_dangling.not_created; fi

# ---- the real /etc/passwd, in a private mount namespace ----

# where Debian put the library (uidinit looks in the multiarch directory)
NSSLIB=$(dpkg -L libnss-wrapper | grep -m1 '/libnss_wrapper\.so$')

# etc MODE: bind a private copy of /etc/passwd and /etc/group (g=u) over the
# real ones, then run the commands as the arbitrary UID; results in $W/res.
cat >"$W/inner.sh" <<'EOF'
set -u
W=$1 U=$2 AUID=$3 mode=$4 NSSLIB=$5
E=$W/etc-$mode T=$W/t-$mode R=$W/res/$mode
mkdir -p "$E" "$T"
chgrp 0 "$T" && chmod 0775 "$T"
cp /etc/passwd /etc/group "$E/"
chgrp 0 "$E/passwd" "$E/group"
chmod g=u "$E/passwd" "$E/group"
[ "$mode" = mode644 ] && chmod 0644 "$E/passwd" "$E/group"
mount --bind "$E/passwd" /etc/passwd && mount --bind "$E/group" /etc/group || exit 99
case $mode in
ro | hidden | missing_lib) mount -o bind,remount,ro /etc/passwd && mount -o bind,remount,ro /etc/group || exit 99 ;;
esac
if [ "$mode" = hidden ]; then
	: >"$W/nolib"
	chmod 000 "$W/nolib"
	mount --bind "$W/nolib" "$NSSLIB" || exit 99
fi
extra=()
[ "$mode" = missing_lib ] && extra=(UIDINIT_NSS_WRAPPER="$W/no/libnss_wrapper.so")
r() {
	local key=$1
	shift
	timeout 20 env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TMPDIR="$T" "${extra[@]}" \
		setpriv --reuid "$AUID" --regid 0 --clear-groups "$U" "$@" >"$R.$key.out" 2>"$R.$key.err"
	echo $? >"$R.$key.rc"
}
r whoami whoami
r idun id -un
r tilde sh -c 'echo ~'
r getuser /usr/bin/python3 -c 'import getpass; print(getpass.getuser())'
# getpass without USER/LOGNAME in the environment: the passwd entry itself
r getpwuid env -u USER -u LOGNAME /usr/bin/python3 -c 'import getpass; print(getpass.getuser())'
r pw_dir /usr/bin/python3 -c 'import os, pwd; print(pwd.getpwuid(os.getuid()).pw_dir)'
r runs sh -c 'id -u; exit 5'
r nnp sh -c 'grep NoNewPrivs /proc/self/status | cut -f2'
r copy sh -c 'cat "$NSS_WRAPPER_PASSWD"; echo "$NSS_WRAPPER_PASSWD" >&2'
extra+=(LD_PRELOAD="${NSSLIB%/*}/libm.so.6")
r preload sh -c 'echo "$LD_PRELOAD"'
cp /etc/passwd "$R.passwd"
EOF
for mode in rw ro mode644 hidden missing_lib; do
	timeout 120 unshare --mount bash "$W/inner.sh" "$W" "$U" "$AUID" "$mode" "$NSSLIB" >"$W/res/$mode.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || { fail "etc_$mode.setup" "status $rc: $(cat "$W/res/$mode.log")"; continue; }
	R=$W/res/$mode
	T=$W/t-$mode
	got() { cat "$R.$1.out"; }
	expect_eq "etc_$mode.runs" "$AUID" "$(got runs)"
	expect_eq "etc_$mode.status" 5 "$(cat "$R.runs.rc")"
	case $mode in
	rw | ro | mode644)
		for k in whoami idun getuser getpwuid; do
			expect_eq "etc_$mode.$k" default "$(got "$k")"
		done
		expect_eq "etc_$mode.tilde" "$T" "$(got tilde)"
		expect_eq "etc_$mode.pw_dir" "$T" "$(got pw_dir)"
		expect_eq "etc_$mode.quiet" "" "$(cat "$R.whoami.err")"
		;;
	esac
	case $mode in
	rw)
		expect_eq etc_rw.entry "default:x:$AUID:0:default user:$T:/sbin/nologin" "$(tail -n 1 "$R.passwd")"
		expect_eq etc_rw.one_entry 1 "$(grep -c ":$AUID:" "$R.passwd")"
		expect_eq etc_rw.prefix_kept "$(sha256sum </etc/passwd)" "$(head -c "$(stat -c %s /etc/passwd)" "$R.passwd" | sha256sum)"
		expect_eq etc_rw.nnp 1 "$(got nnp)"
		;;
	ro | mode644)
		expect_eq "etc_$mode.file_unchanged" "$(sha256sum </etc/passwd)" "$(sha256sum <"$R.passwd")"
		expect_eq "etc_$mode.nnp" 0 "$(got nnp)"
		# the private copy: the file, then the line; in a fresh dir under TMPDIR
		{ cat /etc/passwd; echo "default:x:$AUID:0:default user:$T:/sbin/nologin"; } >"$R.want"
		if cmp -s "$R.want" "$R.copy.out"; then ok "etc_$mode.copy"; else fail "etc_$mode.copy" "$(diff "$R.want" "$R.copy.out" | head -5)"; fi
		case $(cat "$R.copy.err") in
		"$T"/uidinit.??????/passwd) ok "etc_$mode.copy_dir" ;;
		*) fail "etc_$mode.copy_dir" "$(cat "$R.copy.err")" ;;
		esac
		expect_eq "etc_$mode.ld_preload_appended" \
			"${NSSLIB%/*}/libm.so.6:$NSSLIB" "$(got preload)"
		;;
	hidden)
		expect_eq etc_hidden.reason "uidinit: uid $AUID has no name: /etc/passwd: Read-only file system; $ADVICE" "$(cat "$R.runs.err")"
		expect_eq etc_hidden.file_unchanged "$(sha256sum </etc/passwd)" "$(sha256sum <"$R.passwd")"
		;;
	missing_lib)
		expect_eq etc_missing_lib.reason "uidinit: UIDINIT_NSS_WRAPPER: $W/no/libnss_wrapper.so: No such file or directory
uidinit: uid $AUID has no name: /etc/passwd: Read-only file system; $ADVICE" "$(cat "$R.runs.err")"
		;;
	esac
done
# the real files were never touched
expect_eq etc.real_untouched 0 "$(grep -c ":$AUID:" /etc/passwd)"

# ---- what counts as an entry: glibc and musl as the oracles (issue 12.4) ----

# lookup p|g ID: getpwuid/getgrgid, exit 0 if it resolves; built with glibc
# and as a static musl program (an app may use either libc).
cat >"$W/lookup.c" <<'EOC'
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	unsigned long id = strtoul(argv[2], NULL, 10);

	(void)argc;
	return argv[1][0] == 'p' ? !getpwuid((uid_t)id) : !getgrgid((gid_t)id);
}
EOC
if ! { gcc -O -o "$W/lookup-glibc" "$W/lookup.c" && musl-gcc -static -O -o "$W/lookup-musl" "$W/lookup.c"; }; then
	fail oracle.build "gcc or musl-gcc"
fi
# oracles KIND FILE ID: "glibc musl", 1 for resolved, with FILE as /etc/passwd
# (KIND p) or /etc/group (g) in a private mount namespace
oracles() {
	local target=/etc/passwd
	[ "$1" = g ] && target=/etc/group
	unshare --mount sh -c 'mount --bind "$1" "$2" || exit 99
		"$3-glibc" "$4" "$5" && g=1 || g=0
		"$3-musl" "$4" "$5" && m=1 || m=0
		echo "$g $m"' sh "$2" "$target" "$W/lookup" "$1" "$3"
}
# the oracles themselves: a good line resolves in both, no line in neither
mkfile "${BASE}a:x:$AUID:0::/h:/bin/sh
"
expect_eq oracle.sane "1 1" "$(oracles p "$F" "$AUID")"
expect_eq oracle.sane_missing "0 0" "$(oracles p "$F" $((AUID + 1)))"
# Each variant holds AUID with one thing wrong (or nothing): uidinit adds
# a line exactly when one of the libcs does not resolve the UID, and
# afterwards both do.
i=0
while IFS= read -r v; do
	i=$((i + 1))
	v=${v//@/$AUID}
	mkfile "$BASE$(printf '%b' "$v")"; pw=$F
	want=$(oracles p "$pw" "$AUID")
	run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'exit 7'
	expect_eq "oracle.p$i.status" 7 "$RC"
	new=$(added "$pw")
	if [ "$want" = "1 1" ]; then
		expect_eq "oracle.p$i.no_line [$v]" . "$new"
	else
		expect_eq "oracle.p$i.line [$v] ($want)" "default:x:$AUID:0:default user:/h:/sbin/nologin
." "$(printf '%s' "$new" | sed '/^$/d')"
	fi
	expect_eq "oracle.p$i.resolves_after [$v]" "1 1" "$(oracles p "$pw" "$AUID")"
done <<'EOC'
a:x:@:0::/h:/bin/sh\n
a:x:@:0::/h:/bin/sh:extra\n
 a:x:@:0::/h:/bin/sh\n
\ta:x:@:0::/h:/bin/sh\n
a:x:@:0::/h:/bin/sh\r\n
a:x:0@:0::/h:/bin/sh\n
a:x:@:0::/h:\n
a:x:@:0::/h:/b
a:x:@:::/h:/bin/sh\n
a:x:@:zero::/h:/bin/sh\n
a:x:@:99999999999::/h:/bin/sh\n
a:x:@:4294967296::/h:/bin/sh\n
a:x:@:+5::/h:/bin/sh\n
a:x:@:-1::/h:/bin/sh\n
 #a:x:@:0::/h:/bin/sh\n
#a:x:@:0::/h:/bin/sh\n
+a:x:@:0::/h:/bin/sh\n
-a:x:@:0::/h:/bin/sh\n
+\n
::@:0::/h:/bin/sh\n
a:x:@:0::/h\n
a:x:@:0\n
a:x:@\n
a:x: @:0::/h:/bin/sh\n
a:x:+@:0::/h:/bin/sh\n
a:x:@ :0::/h:/bin/sh\n
a:x:@:0 ::/h:/bin/sh\n
a:x:@:0:::
a:x:4296@:0::/h:/bin/sh\n
EOC
# the group file, for GID 5000 (setpriv --regid 5000), both files writable
i=0
while IFS= read -r v; do
	i=$((i + 1))
	mkfile "$BASE"; pw=$F
	mkfile "$GBASE$(printf '%b' "$v")"; grv=$F
	chmod 0666 "$pw" "$grv"	# writable for GID 5000 too
	want=$(oracles g "$grv" 5000)
	OUT=$(timeout 20 env -i PATH="$MINPATH" HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$grv" \
		setpriv --reuid "$AUID" --regid 5000 --clear-groups "$U" sh -c 'exit 7' 2>&1)
	RC=$?
	expect_eq "oracle.g$i.status" 7 "$RC"
	new=$(added "$grv")
	if [ "$want" = "1 1" ]; then
		expect_eq "oracle.g$i.no_line [$v]" . "$new"
	else
		expect_eq "oracle.g$i.line [$v] ($want)" "default:x:5000:
." "$(printf '%s' "$new" | sed '/^$/d')"
	fi
	expect_eq "oracle.g$i.resolves_after [$v]" "1 1" "$(oracles g "$grv" 5000)"
done <<'EOC'
app:x:5000:\n
app:x:5000:a,b\n
app:x:5000\n
app:x:5000:
app::5000:\n
app:x::\n
app:x:5000x:\n
 app:x:5000:\n
#app:x:5000:\n
+app:x:5000:\n
:x:5000:\n
app:x:5000:\r\n
app:x:99999999999:\n
EOC

# ---- every value bounded (issue 12.1): lengths around every buffer ----

# val NAME N: N bytes ("/" first, but for USER_NAME), cut to what fits in
# the kernel's MAX_ARG_STRLEN with "NAME=" and the NUL.
val() {
	local n=$2
	[ "$n" -gt $((131072 - ${#1} - 2)) ] && n=$((131072 - ${#1} - 2))
	[ "$n" -eq 0 ] && return
	[ "$1" = USER_NAME ] || { printf /; n=$((n - 1)); }
	head -c "$n" /dev/zero | tr '\0' a
}
# the command runs with its own status whatever the length, on a writable
# file and through nss_wrapper, and no message line is unbounded
for n in 0 1 4095 4096 4097 8191 8192 65536 131072; do
	for v in TMPDIR HOME USER_NAME LD_PRELOAD UIDINIT_PASSWD_FILE UIDINIT_GROUP_FILE \
		UIDINIT_NSS_WRAPPER USER_SHELL NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP; do
		value=$(val "$v" "$n")
		for how in rw ro; do
			mkfile "$BASE"; pw=$F
			[ "$how" = ro ] && chmod 0644 "$pw"
			envs=(UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr")
			# the variable under test wins over those two
			envs+=("$v=$value")
			run auid "${envs[@]}" -- "$U" sh -c 'exit 7'
			if [ "$RC" = 7 ] && [ "$(printf '%s\n' "$ERR" | awk 'length > 400' | wc -l)" = 0 ]; then
				ok "sweep.$v.$n.$how"
			else
				fail "sweep.$v.$n.$how" "status $RC, stderr $(printf '%s' "$ERR" | head -c 300)"
			fi
		done
	done
done

# ---- small stacks (issue 12.2): RLIMIT_STACK = 32 KiB ----

for how in rw ro found; do
	mkfile "$BASE"; pw=$F
	[ "$how" = ro ] && chmod 0644 "$pw"
	[ "$how" = found ] && printf 'x:x:%s:0::/h:/bin/sh\n' "$AUID" >>"$pw"
	run auid HOME=/h TMPDIR="$W/tmpdir" UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- \
		prlimit --stack=32768 "$U" sh -c 'echo "$USER"; exit 7'
	expect_eq "stack32k.$how.status" 7 "$RC"
	expect_eq "stack32k.$how.user" "$([ "$how" = found ] && echo x || echo default)" "$OUT"
done

# ---- one locked pass (issue 12.5): races ----

# start_as UID VAR=VAL...: uidinit true as UID, in the background
start_as() {
	local uid=$1
	shift
	timeout 20 env -i PATH="$MINPATH" HOME=/h UIDINIT_GROUP_FILE="$gr" "$@" \
		setpriv --reuid "$uid" --regid 0 --clear-groups "$U" true 2>/dev/null &
}
# two UIDs with USER_NAME=app at once: one app, one default; five rounds
for round in 1 2 3 4 5; do
	mkfile "$BASE"; pw=$F
	start_as "$AUID" USER_NAME=app UIDINIT_PASSWD_FILE="$pw"
	start_as $((AUID + 1)) USER_NAME=app UIDINIT_PASSWD_FILE="$pw"
	wait
	expect_eq "race.two_uids.$round" "app default" "$(tail -n 2 "$pw" | cut -d: -f1 | sort | paste -sd ' ')"
done
# a sed -i holding the file's flock (as an editor that locks would) while
# five uidinits wait for that lock: the file they waited on is unlinked by
# the rename; each opens the new one, and no line is lost
mkfile "$BASE"; pw=$F
flock "$pw" sh -c 'sleep 1; sed -i "s/^daemon:/daemon:/" "$1"' sh "$pw" &
sleep 0.2
for k in 1 2 3 4 5; do
	start_as $((AUID + k)) UIDINIT_PASSWD_FILE="$pw"
done
wait
for k in 1 2 3 4 5; do
	expect_eq "race.sed_i.uid$k" 1 "$(grep -c ":$((AUID + k)):" "$pw")"
done
# and locked sed -i in a loop racing 5 starts
mkfile "$BASE"; pw=$F
(for _ in $(seq 50); do flock "$pw" sed -i "s/^daemon:/daemon:/" "$pw"; done) &
for k in 6 7 8 9 10; do
	start_as $((AUID + k)) UIDINIT_PASSWD_FILE="$pw"
done
wait
for k in 6 7 8 9 10; do
	expect_eq "race.sed_i_loop.uid$k" 1 "$(grep -c ":$((AUID + k)):" "$pw")"
done
# a lock holder that never lets go: about 5 s, one warning, the command runs
mkfile "$BASE"; pw=$F
(exec 9>>"$pw" && flock 9 && exec sleep 30) &
holder=$!	# sleep itself, holding the lock
sleep 0.2
t0=$(date +%s%N)
run auid HOME=/h UIDINIT_PASSWD_FILE="$pw" UIDINIT_GROUP_FILE="$gr" -- "$U" sh -c 'exit 7'
ms=$((($(date +%s%N) - t0) / 1000000))
kill "$holder"
wait "$holder" 2>/dev/null
expect_eq stuck_lock.status 7 "$RC"
expect_eq stuck_lock.warning "uidinit: $pw: still locked by another process after 5 s" "$ERR"
if [ "$ms" -ge 4500 ] && [ "$ms" -le 8000 ]; then ok stuck_lock.bounded; else fail stuck_lock.bounded "$ms ms"; fi
expect_same stuck_lock.unchanged "$pw"

finish
