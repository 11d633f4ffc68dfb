#!/usr/bin/env bash
# Security: uidinit must never be a way to write the account files (set-uid
# copy), nothing a user supplies may add a line or a field, uidinit writes
# nothing but the account files and its nss_wrapper directory, it hands the
# command exactly the descriptors it was given, and valgrind finds no error
# and no leak in the account fix.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" util-linux strace valgrind libnss-wrapper gcc libc6-dev || exit 1

scratch
NOBODY=1000120000
NSSW=$(dpkg -L libnss-wrapper | grep '/libnss_wrapper\.so$' | head -n 1)
T10=(timeout -k 2 10)
ROOT_LINE='root:x:0:0:root:/root:/bin/sh'
# As an OpenShift pod runs: an arbitrary UID, GID 0, no other groups.
AS_USER=(setpriv --reuid="$NOBODY" --regid=0 --clear-groups)
as_user() { "${AS_USER[@]}" "$@"; }
fresh_passwd() { # fresh_passwd MODE: a passwd file holding only root
	printf '%s\n' "$ROOT_LINE" >"$T/passwd"
	printf 'root:x:0:\n' >"$T/group"
	chmod "$1" "$T/passwd" "$T/group"
}
mkdir -m 777 "$T/tmp"
export UIDINIT_PASSWD_FILE=$T/passwd UIDINIT_GROUP_FILE=$T/group TMPDIR=$T/tmp

# ---- a set-uid or set-gid copy writes nothing ----
for bits in 4755 2755; do
	cp "$UIDINIT" "$T/uidinit-$bits"
	chown root:root "$T/uidinit-$bits"
	chmod "$bits" "$T/uidinit-$bits"
	fresh_passwd 666
	out=$("${T10[@]}" setpriv --reuid="$NOBODY" --regid=1000 --clear-groups \
		"$T/uidinit-$bits" -- sh -c 'echo ran' 2>&1)
	expect_eq "setuid-$bits-refuses" "uidinit: set-uid or set-gid: account files left alone" \
		"$(head -n 1 <<<"$out" | cut -d, -f1)"
	expect_eq "setuid-$bits-command-ran" ran "$(tail -n 1 <<<"$out")"
	expect_eq "setuid-$bits-file-unchanged" "$ROOT_LINE" "$(cat "$T/passwd")"
done

# ---- USER_NAME / HOME / TMPDIR injection: one line, seven fields ----
long=/$(head -c 5000 /dev/zero | tr '\0' h)
inject() { # inject NAME USER_NAME HOME TMPDIR WANT_LINE
	local name=$1 want=$5 out
	fresh_passwd 666
	out=$(as_user env USER_NAME="$2" HOME="$3" TMPDIR="$4" \
		"${T10[@]}" "$UIDINIT" -- printenv USER 2>/dev/null)
	expect_eq "inject-$name-file" "$ROOT_LINE
$want" "$(cat "$T/passwd")"
	expect_eq "inject-$name-fields" 7 "$(tail -n 1 "$T/passwd" | awk -F: '{ print NF }')"
	expect_eq "inject-$name-user" default "$out"
}
evil='x:x:0:0:root:/root:/bin/sh'
inject name-newline "a
$evil" /h "$T/tmp" "default:x:$NOBODY:0:default user:/h:/sbin/nologin"
inject name-colon "a:x:0:0::/:" /h "$T/tmp" "default:x:$NOBODY:0:default user:/h:/sbin/nologin"
inject name-cr "a$(printf '\r')b" /h "$T/tmp" "default:x:$NOBODY:0:default user:/h:/sbin/nologin"
inject name-plus "+" /h "$T/tmp" "default:x:$NOBODY:0:default user:/h:/sbin/nologin"
inject name-long "$(head -c 33 /dev/zero | tr '\0' a)" /h "$T/tmp" \
	"default:x:$NOBODY:0:default user:/h:/sbin/nologin"
inject home-colon default "/h:/bin/sh
$evil" "$T/tmp" "default:x:$NOBODY:0:default user:$T/tmp:/sbin/nologin"
inject home-cr default "/h$(printf '\r')x" "$T/tmp" "default:x:$NOBODY:0:default user:$T/tmp:/sbin/nologin"
inject home-long default "$long" "$T/tmp" "default:x:$NOBODY:0:default user:$T/tmp:/sbin/nologin"
inject tmpdir-colon default / "/t:0:0:/:$evil" "default:x:$NOBODY:0:default user:/tmp:/sbin/nologin"
inject tmpdir-relative default / "t" "default:x:$NOBODY:0:default user:/tmp:/sbin/nologin"

# ---- uidinit opens nothing for writing but the account files ----
# strace every file call of uidinit and the command (-f); the command is
# "true", which writes nothing itself.
writes() { # the paths of every call that may create or change a file
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|^[0-9]+ +(mkdir|mknod|unlink|rename|link|symlink|f?chmod|f?chown|l?chown|truncate|utime)[a-z0-9]*\(' "$1" |
		grep -v ' = -1 ' | sed -E 's/^[^"]*"([^"]*)".*/\1/' | sort -u
}
fresh_passwd 666
strace -f -qq -o "$T/trace" -e trace=%file "${AS_USER[@]}" "$UIDINIT" -s -- true
# The group file is opened for appending too (one locked pass per file:
# the look-up and the append on one descriptor), but it has GID 0, so
# not a byte of it changes.
expect_eq "strace-writable-only-account-files" "$T/group
$T/passwd" "$(writes "$T/trace")"
expect_eq "strace-group-unchanged" "root:x:0:" "$(cat "$T/group")"
check "strace-writable-line-added" grep -q "^default:x:$NOBODY:" "$T/passwd"

# Not writable: the nss_wrapper copies, in one fresh directory.
fresh_passwd 644
UIDINIT_NSS_WRAPPER="$NSSW" \
	strace -f -qq -o "$T/trace" -e trace=%file "${AS_USER[@]}" "$UIDINIT" -s -- true
dir=$(find "$T/tmp" -mindepth 1 -maxdepth 1 -name 'uidinit.*')
expect_eq "strace-readonly-only-wrapper-dir" "$dir
$dir/group
$dir/passwd" "$(writes "$T/trace")"
expect_eq "strace-readonly-file-unchanged" "$ROOT_LINE" "$(cat "$T/passwd")"
# Only its owner may list or add to the copies' directory (mkdtemp's 0700).
expect_eq "readonly-wrapper-dir-mode" 700 "$(stat -c %a "$dir")"
rm -rf "$T/tmp"/uidinit.*

# ---- the command gets exactly the descriptors uidinit was given ----
fds() { # "FD TARGET" lines; pipe inodes and PIDs differ from run to run
	find /proc/self/fd/ -mindepth 1 -printf '%f %l\n' |
		sed -E 's/pipe:\[[0-9]+\]/pipe/; s|/proc/[0-9]+/|/proc/PID/|' | sort -n
}
export -f fds
want=$(bash -c fds 5<"$T/passwd" 7>/dev/null 9</dev/zero)
for mode in "exec:-n" "supervise:-ns" "account-fix:" "account-fix-supervise:-s" \
	"nss-wrapper:-s"; do
	name=${mode%%:*} opt=${mode#*:}
	fresh_passwd 666
	[ "$name" = nss-wrapper ] && fresh_passwd 644
	# shellcheck disable=SC2086 # $opt is empty or one option
	got=$(as_user "${T10[@]}" "$UIDINIT" $opt -- bash -c fds 5<"$T/passwd" 7>/dev/null 9</dev/zero)
	expect_eq "fds-$name" "$want" "$got"
done
rm -rf "$T/tmp"/uidinit.*

# ---- valgrind: no error, no leak in the account fix ----
# A dynamic debug build from the same source: valgrind cannot run an
# ASan build, and a static one hides the libc calls.
if cc -g -O1 -std=c11 -o "$T/uidinit-vg" "$TOP/init.c" "$TOP/passwd.c" 2>"$T/cc.err"; then
	ok "valgrind-build"
else
	fail "valgrind-build" "$(cat "$T/cc.err")"
fi
VG=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all
	--errors-for-leak-kinds=all --track-fds=no)
vg() { # vg NAME PASSWD_MODE [ENV...] -- uidinit options and command
	local name=$1 mode=$2 st
	shift 2
	fresh_passwd "${mode%:found}"
	[ "$mode" = "${mode%:found}" ] || echo "u:x:$NOBODY:0::/h:/bin/sh" >>"$T/passwd"
	st=0
	as_user env "$@" 2>"$T/vg.err" || st=$?
	expect_eq "valgrind-$name" 0 "$st"
	[ "$st" -eq 0 ] || sed 's/^/    /' "$T/vg.err" | head -n 20
}
vg add-line 666 "${VG[@]}" "$T/uidinit-vg" -- true
vg add-line-supervise 666 "${VG[@]}" "$T/uidinit-vg" -s -- true
vg found 666:found "${VG[@]}" "$T/uidinit-vg" -- true
vg injection 666 USER_NAME="$(printf 'a\nb')" HOME="/x:y" "${VG[@]}" "$T/uidinit-vg" -- true
vg not-writable 644 UIDINIT_NSS_WRAPPER=/nonexistent "${VG[@]}" "$T/uidinit-vg" -- true
vg nss-wrapper 644 UIDINIT_NSS_WRAPPER="$NSSW" \
	"${VG[@]}" "$T/uidinit-vg" -s -- true
vg fifo 666 UIDINIT_PASSWD_FILE=/dev/null "${VG[@]}" "$T/uidinit-vg" -- true
vg verbose 666 "${VG[@]}" "$T/uidinit-vg" -v -s -- true

finish
