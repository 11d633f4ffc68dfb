#!/usr/bin/env bash
# Hard faults: fork failing, commands that cannot run, account files that
# cannot be written or are not files at all, huge argument and environment
# lists.  In every case uidinit must give the documented status and, where
# the fault is in the account fix, still run the command.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" util-linux coreutils libnss-wrapper || exit 1

scratch
pids=()
tidy() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	mountpoint -q "$T/small" 2>/dev/null && umount "$T/small"
}
NOBODY=1000120000
T10=(timeout -k 2 10)

# ---- fork fails ----
# RLIMIT_NPROC counts the real UID's processes: with a limit of 1, uidinit
# itself is the one, and its fork of the command gets EAGAIN.  A UID of
# its own, so that no other test's processes count against the limit.
FORK_UID=1000170007
: >"$T/ran"
chmod 666 "$T/ran"
st=0
"${T10[@]}" prlimit --nproc=1:1 setpriv --reuid="$FORK_UID" --regid=0 --clear-groups \
	"$UIDINIT" -n -s -- sh -c "echo ran >$T/ran" 2>"$T/err" || st=$?
expect_eq "fork-fails-125" 125 "$st"
check "fork-fails-message" grep -q '^uidinit: .*fork.*: Resource temporarily unavailable$' "$T/err"
expect_eq "fork-fails-command-not-run" "" "$(cat "$T/ran")"
expect_eq "fork-fails-nothing-left" "" "$(pgrep -u "$FORK_UID" || true)"

# ---- the command cannot run: the shell's statuses, with the reason ----
mkdir "$T/dir"
printf '#!/bin/sh\necho hi\n' >"$T/nox"
printf '#!/nonexistent/interpreter\necho hi\n' >"$T/badinterp"
chmod +x "$T/badinterp"
for mode in exec supervise; do
	opt=-n
	[ "$mode" = supervise ] && opt=-ns
	for c in "dir 126 Permission denied" "nox 126 Permission denied" \
		"badinterp 127 No such file or directory"; do
		read -r name want reason <<<"$c"
		st=0
		"${T10[@]}" "$UIDINIT" "$opt" "$T/$name" 2>"$T/err" || st=$?
		expect_eq "exec-$name-$mode-status" "$want" "$st"
		expect_eq "exec-$name-$mode-message" "uidinit: $T/$name: $reason" "$(cat "$T/err")"
	done
done

# ---- the passwd file cannot take the line: unchanged, the command runs ----
# EFBIG: RLIMIT_FSIZE at the file's size.  SIGXFSZ must not kill uidinit.
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/passwd"
chmod 666 "$T/passwd"
cp "$T/passwd" "$T/passwd.orig"
size=$(stat -c %s "$T/passwd")
# Output goes to pipes: the limit applies to every file uidinit writes.
out=$("${T10[@]}" prlimit --fsize="$size" setpriv --reuid="$NOBODY" --regid=0 --clear-groups \
	env UIDINIT_PASSWD_FILE="$T/passwd" UIDINIT_GROUP_FILE="$T/nogroup" \
	"$UIDINIT" -- sh -c 'echo ran' 2>&1)
st=$?
expect_eq "efbig-status" 0 "$st"
expect_eq "efbig-command-ran-and-warned" "uidinit: uid $NOBODY has no name: $T/passwd: File too large
ran" "$out"
check "efbig-file-unchanged" cmp -s "$T/passwd" "$T/passwd.orig"

# ENOSPC: a full 1 MiB tmpfs; the file is a whole number of pages long, so
# the line needs a new page.  In a private mount namespace.
mkdir "$T/small"
# shellcheck disable=SC2016 # the inner script gets its values as $1..$3
out=$("${T10[@]}" unshare --mount --propagation private sh -c '
	mount -t tmpfs -o size=1m tmpfs "$1/small" || exit 99
	{ echo "root:x:0:0:root:/root:/bin/sh"; i=0
	  while [ $i -lt 200 ]; do echo "# padding line $i ............"; i=$((i+1)); done
	} | head -c 4096 >"$1/small/passwd"
	printf "\n" | dd of="$1/small/passwd" bs=1 seek=4095 conv=notrunc 2>/dev/null
	chmod 666 "$1/small/passwd"
	cp "$1/small/passwd" "$1/passwd.enospc"
	dd if=/dev/zero of="$1/small/fill" bs=4k 2>/dev/null
	setpriv --reuid="$2" --regid=0 --clear-groups env \
		UIDINIT_PASSWD_FILE="$1/small/passwd" UIDINIT_GROUP_FILE="$1/nogroup" \
		"$3" -- sh -c "echo ran" 2>"$1/err"
	echo "status $?"
	cmp -s "$1/small/passwd" "$1/passwd.enospc" && echo unchanged' sh "$T" "$NOBODY" "$UIDINIT")
expect_eq "enospc-command-ran" "ran
status 0
unchanged" "$out"
check "enospc-warned" grep -q "uid $NOBODY has no name: .*No space left on device" "$T/err"

# ---- nss_wrapper's private copy on a full TMPDIR: nothing left there ----
# The passwd file is read-only, so uidinit writes a copy for nss_wrapper
# under TMPDIR; that tmpfs is full, so the copy fails half-way.  The
# command runs all the same, and the temp dir is removed again.
NSSLIB=$(dpkg -L libnss-wrapper 2>/dev/null | grep -m1 '/libnss_wrapper\.so$')
if [ -z "$NSSLIB" ]; then
	fail nss-full-tmp "libnss-wrapper is not installed (apt-get install libnss-wrapper)"
else
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/ro-passwd"
	chmod 444 "$T/ro-passwd"
	# shellcheck disable=SC2016 # the inner script gets its values as $1..$4
	out=$("${T10[@]}" unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/small" || exit 99
		chmod 1777 "$1/small"
		dd if=/dev/zero of="$1/small/fill" bs=4k 2>/dev/null
		setpriv --reuid="$2" --regid=0 --clear-groups env TMPDIR="$1/small" \
			UIDINIT_PASSWD_FILE="$1/ro-passwd" UIDINIT_GROUP_FILE="$1/nogroup" \
			UIDINIT_NSS_WRAPPER="$4" "$3" -- sh -c "echo ran" 2>"$1/err"
		echo "status $?"
		ls -A "$1/small"' sh "$T" "$NOBODY" "$UIDINIT" "$NSSLIB")
	expect_eq "nss-full-tmp-command-ran" "ran
status 0
fill" "$out"
	check "nss-full-tmp-warned" grep -qx "uidinit: nss_wrapper: $T/small/uidinit\.[A-Za-z0-9]\{6\}: No space left on device" "$T/err"
	check "nss-full-tmp-no-name" grep -qx "uidinit: uid $NOBODY has no name: $T/ro-passwd: Permission denied; make it writable by gid 0, list extrausers in nsswitch.conf with /var/lib/extrausers a volume, or install nss_wrapper (man uidinit, LAYOUTS)" "$T/err"
fi

# ---- the passwd "file" is not one: no hang, no crash, the command runs ----
mkfifo "$T/fifo"
ln -s "$T/nowhere" "$T/dangling"
head -c 10000000 /dev/urandom >"$T/random"
cp "$T/random" "$T/random.orig"
for kind in fifo dir dangling random; do
	for mode in exec supervise; do
		opt=
		[ "$mode" = supervise ] && opt=-s
		st=0
		out=$("${T10[@]}" env UIDINIT_PASSWD_FILE="$T/$kind" UIDINIT_GROUP_FILE="$T/$kind" \
			"$UIDINIT" $opt -- echo ran 2>"$T/err.$kind") || st=$?
		expect_eq "passwd-$kind-$mode-status" 0 "$st"
		expect_eq "passwd-$kind-$mode-command-ran" ran "$out"
	done
done
check "passwd-fifo-says-not-a-file" grep -q "not a regular file" "$T/err.fifo"
check "passwd-dir-says-not-a-file" grep -q "not a regular file" "$T/err.dir"
# 10 MB of junk: the old bytes stay as they were (a line may be appended).
check "passwd-random-prefix-kept" cmp -s -n 10000000 "$T/random" "$T/random.orig"
expect_eq "passwd-random-grew-one-line-at-most" "" \
	"$(tail -c +10000001 "$T/random" | tr -d '\n' | tr -d 'a-z0-9:/ ' | head -c 20)"

# Under `make check SANITIZE=1` ./uidinit is an ASan build, which maps
# terabytes of shadow memory and whose redzones multiply every frame (main
# alone takes 33 KiB): the RLIMIT_AS and RLIMIT_STACK rows then test a
# static musl build of the same source, and say so.
STATIC_UIDINIT=$UIDINIT
if grep -q __asan_init "$UIDINIT"; then
	"$TOP/tests/need.sh" musl-tools || exit 1
	echo "e2e_faults: no-memory-*, stack-32k-*: $UIDINIT is an ASan build; testing a static musl build of the same source"
	musl-gcc -Os -std=c11 -static -o "$T/uidinit-static" "$TOP/init.c" "$TOP/passwd.c" || fail static-build
	STATIC_UIDINIT=$T/uidinit-static
fi

# ---- no memory to find at run time: the account fix's work area is ----
# part of uidinit's .bss, mapped by execve.  Under the smallest RLIMIT_AS
# that lets uidinit start without the fix (found by trying: the layout
# differs by kernel and architecture; 32 KiB more for the stack), the fix
# runs, quietly, and so does the command (uidinit itself: static, it
# loads under the limit).  A work area mapped at run time failed here with
# "account fix: Out of memory".
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/as-passwd"
version=$("$STATIC_UIDINIT" -V)
as=''
for try in $(seq 65536 16384 1048576); do
	if [ "$(prlimit --as="$try" "$STATIC_UIDINIT" -n -- "$STATIC_UIDINIT" -V 2>/dev/null)" = "$version" ]; then
		as=$((try + 32768))
		break
	fi
done
check "no-memory-limit-found ($as)" test -n "$as"
for mode in exec supervise; do
	opt=
	[ "$mode" = supervise ] && opt=-s
	st=0
	out=$(UIDINIT_PASSWD_FILE="$T/as-passwd" "${T10[@]}" prlimit --as="${as:-0}" \
		"$STATIC_UIDINIT" $opt -- "$STATIC_UIDINIT" -V 2>"$T/err") || st=$?
	expect_eq "no-memory-$mode-command-runs" "0 $version" "$st $out"
	expect_eq "no-memory-$mode-quiet" "" "$(cat "$T/err")"
done

# ---- 10,000 environment variables and 1 MiB of arguments pass intact ----
envs=()
for i in $(seq 1 10000); do envs+=("V$i=value $i with = and spaces"); done
args=()
chunk=$(head -c 8192 /dev/zero | tr '\0' x)
for i in $(seq 1 128); do args+=("$i$chunk"); done
want_env=$(env -i "${envs[@]}" env -0 | sort -z | sha256sum)
want_args=$(printf '%s\0' "${args[@]}" | sha256sum)
for mode in exec supervise; do
	opt=-n
	[ "$mode" = supervise ] && opt=-ns
	got=$(env -i "${envs[@]}" "${T10[@]}" "$UIDINIT" "$opt" -- env -0 | sort -z | sha256sum)
	expect_eq "env-10000-$mode" "$want_env" "$got"
	got=$(env -i "${envs[@]}" "${T10[@]}" "$UIDINIT" "$opt" -- printf '%s\0' "${args[@]}" | sha256sum)
	expect_eq "args-1MiB-$mode" "$want_args" "$got"
	# With the account fix (as root): USER, LOGNAME and HOME are added to
	# the 10,000, in a block of their own (not on the stack).
	opt=
	[ "$mode" = supervise ] && opt=-s
	got=$(env -i "${envs[@]}" "${T10[@]}" "$UIDINIT" $opt -- env -0 | sort -z | sha256sum)
	want=$(env -i "${envs[@]}" HOME=/root LOGNAME=root USER=root env -0 | sort -z | sha256sum)
	expect_eq "env-10000-plus-3-$mode" "$want" "$got"
done

# ---- RLIMIT_STACK at 32 KiB ----
# The kernel counts the arguments and the environment against the stack
# limit, so a 32 KiB limit leaves room for only a small environment: first
# that, literally.  Then 7,000 variables (111 KB, under the kernel's 128
# KiB floor for arguments) with the limit at their size plus 32 KiB: what
# uidinit itself may use is 32 KiB.  A VLA of the environment's pointers
# (56 KB) crashed it there.  Every mode; with the account fix too (as root,
# whose line is found; as a new UID, whose line is added).
small=(HOME=/ PATH=/usr/bin:/bin TERM=dumb)
stack_envs=()
for i in $(seq 1 7000); do stack_envs+=("V$i=v"); done
bytes=0
for e in "${stack_envs[@]}"; do bytes=$((bytes + ${#e} + 1)); done
# Pointers, auxv, the file name and the kernel's alignment: 4 KiB covers them.
stack_limit=$(( (bytes + 8 * (${#stack_envs[@]} + 16) + 4096 + 32768 + 4095) / 4096 * 4096 ))
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/stack-passwd"
chmod 666 "$T/stack-passwd"
for mode in exec supervise pid1; do
	case $mode in
	exec) ns=() opt0=() ;;
	supervise) ns=() opt0=(-s) ;;
	pid1) ns=(unshare --pid --fork --mount-proc) opt0=() ;;
	esac
	for fix in no-fix root newuid; do
		case $fix in
		no-fix) opt=(-n) who=() ;;
		root) opt=() who=() ;;
		newuid) opt=() who=(setpriv --reuid="$NOBODY" --regid=0 --clear-groups) ;;
		esac
		st=0
		out=$(env -i "${small[@]}" UIDINIT_PASSWD_FILE="$T/stack-passwd" "${T10[@]}" \
			prlimit --stack=32768 "${ns[@]}" "${who[@]}" "$STATIC_UIDINIT" "${opt0[@]}" "${opt[@]}" -- echo ran 2>"$T/err") || st=$?
		expect_eq "stack-32k-$mode-$fix" "0 ran" "$st $out"
		st=0
		# shellcheck disable=SC2016
		out=$(env -i "${stack_envs[@]}" UIDINIT_PASSWD_FILE="$T/stack-passwd" "${T10[@]}" \
			prlimit --stack="$stack_limit" "${ns[@]}" "${who[@]}" "$STATIC_UIDINIT" "${opt0[@]}" "${opt[@]}" -- sh -c 'echo $V7000' 2>"$T/err") || st=$?
		expect_eq "stack-32k-env-7000-$mode-$fix" "0 v" "$st $out"
	done
done

finish
