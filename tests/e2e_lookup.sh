#!/usr/bin/env bash
# Command lookup: uidinit finds and runs the command as POSIX execvp, env(1)
# and the script's `exec "$@"` do, whatever libc it was built with.  Each
# case runs the same command line under Debian's env(1) (glibc's execvp)
# and under uidinit, in the exec hand-off and supervising, and compares the
# exit status, the output and the reason in the error message.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" coreutils || exit 1

scratch
LOCAL=/usr/local/bin/uidinit-lookup-$$	# only on musl's default PATH
tidy() { rm -f "$LOCAL"; }
TO=(timeout -k 2 10)

# reason TEXT: the errno behind a strerror text, glibc's or musl's (they
# word ELOOP and ENAMETOOLONG differently).
reason() {
	case $1 in
	"") ;;
	"No such file or directory") echo ENOENT ;;
	"Permission denied") echo EACCES ;;
	"Not a directory") echo ENOTDIR ;;
	"Too many levels of symbolic links" | "Symbolic link loop") echo ELOOP ;;
	"File name too long" | "Filename too long") echo ENAMETOOLONG ;;
	"Exec format error") echo ENOEXEC ;;
	*) echo "?$1" ;;
	esac
}
# run WHO CWD ENV-ARGS... -- CMD...: "status|stdout|reason" where reason
# is the errno of the message's last ": " part (env quotes the name,
# uidinit does not; the error is what must agree).
run() {
	local who=$1 cwd=$2 out err st envargs=()
	shift 2
	while [ "$1" != -- ]; do envargs+=("$1"); shift; done
	shift
	case $who in
	env) set -- /usr/bin/env -- "$@" ;;
	exec) set -- "$UIDINIT" -n -- "$@" ;;
	supervise) set -- "$UIDINIT" -n -s -- "$@" ;;
	esac
	out=$(cd "$cwd" && "${TO[@]}" env "${envargs[@]}" "$@" 2>"$T/err")
	st=$?
	err=$(cat "$T/err")
	echo "$st|$out|$(reason "${err##*: }")"
}
# same NAME WANT CWD ENV-ARGS... -- CMD...: env gives WANT; so does uidinit,
# in both modes.
same() {
	local name=$1 want=$2 cwd=$3 mode got
	shift 3
	got=$(run env "$cwd" "$@")
	expect_eq "$name-env" "$want" "$got"
	for mode in exec supervise; do
		got=$(run "$mode" "$cwd" "$@")
		expect_eq "$name-$mode" "$want" "$got"
	done
}

mkdir -p "$T/a" "$T/b" "$T/cwd/sub" "$T/dir/cmd" "$T/loop"
# An executable text file without "#!": ENOEXEC, run through /bin/sh.
# shellcheck disable=SC2016
printf 'echo "noshebang $0 $*"\nexit 3\n' >"$T/b/noshebang"
printf '#!/bin/sh\necho "right one"\n' >"$T/b/cmd"
printf '#!/bin/sh\necho "wrong one"\n' >"$T/a/cmd"	# not executable: EACCES
: >"$T/b/empty"						# empty, executable: sh runs nothing
printf '#!/bin/sh\necho "in cwd"\n' >"$T/cwd/here"
printf '#!/bin/sh\necho "in sub"\n' >"$T/b/sub-only"
mkdir -p "$T/b/sub"
cp "$T/b/sub-only" "$T/b/sub/cmd2"
chmod +x "$T/b/noshebang" "$T/b/cmd" "$T/b/empty" "$T/cwd/here" "$T/b/sub/cmd2"
ln -s loop2 "$T/loop/cmd"
ln -s cmd "$T/loop/loop2"
: >"$T/file"
mkdir "$T/dir2"
mkdir "$T/dir2/cmd"	# a directory named like the command: EACCES

same noshebang-path "3|noshebang $T/b/noshebang x y|" / -- "$T/b/noshebang" x y
same noshebang-search "3|noshebang $T/b/noshebang x y|" / PATH="$T/b" -- noshebang x y
same empty-file "0||" / PATH="$T/b" -- empty
same past-eacces "0|right one|" / PATH="$T/a:$T/b" -- cmd
# glibc's execvp stops at a symbolic-link loop (env: 126); the shells the
# script ran in (dash, bash) go on to the next element, and so does
# uidinit, as the issue asks: a broken link early in PATH must not hide
# the command.
expect_eq past-eloop-env-stops "126||ELOOP" "$(run env / PATH="$T/loop:$T/b" -- cmd)"
expect_eq past-eloop-dash "0|right one|" "$(run env / PATH="$T/loop:$T/b" -- /bin/sh -c 'exec cmd')"
for mode in exec supervise; do
	expect_eq "past-eloop-$mode" "0|right one|" "$(run "$mode" / PATH="$T/loop:$T/b" -- cmd)"
done
same past-enotdir "0|right one|" / PATH="$T/file:$T/b" -- cmd
same past-directory "0|right one|" / PATH="$T/dir2:$T/b" -- cmd
same past-missing "0|right one|" / PATH="/nonexistent:$T/b" -- cmd
same eacces-only "126||EACCES" / PATH="$T/a:/nonexistent" -- cmd
same eacces-then-missing "126||EACCES" / PATH="/nonexistent:$T/a:/nonexistent2" -- cmd
same eloop-only "126||ELOOP" / PATH="$T/loop" -- cmd
same directory-only "126||EACCES" / PATH="$T/dir2" -- cmd
same not-found "127||ENOENT" / PATH="/nonexistent:$T/a" -- nosuchcmd
same empty-name "127||ENOENT" / PATH="$T/b" -- ""
same name-too-long "126||ENAMETOOLONG" / PATH="$T/b" -- "$(printf 'x%.0s' {1..300})"
# Empty elements are the current directory: leading, trailing, in between.
same empty-leading "0|in cwd|" "$T/cwd" PATH=":/nonexistent" -- here
same empty-trailing "0|in cwd|" "$T/cwd" PATH="/nonexistent:" -- here
same empty-middle "0|in cwd|" "$T/cwd" PATH="/nonexistent::$T/b" -- here
same not-in-cwd-without-empty "127||ENOENT" "$T/cwd" PATH="/nonexistent" -- here
# A name with '/' is run as it is, never searched for.
same slash-not-searched "127||ENOENT" "$T/cwd" PATH="$T/b" -- sub/cmd2
same slash-relative "0|in sub|" "$T/b" PATH=/nonexistent -- sub/cmd2
same slash-enotdir "126||ENOTDIR" / PATH="$T/b" -- "$T/file/cmd"
same slash-directory "126||EACCES" / PATH="$T/b" -- "$T/dir"
# Unset PATH: glibc's default, /bin:/usr/bin, as env(1) on Debian (musl's
# would also search /usr/local/bin).
printf '#!/bin/sh\necho local\n' >"$LOCAL"
chmod +x "$LOCAL"
same unset-path-bin "1||" / -u PATH -- printenv PATH
same unset-path-no-local "127||ENOENT" / -u PATH -- "${LOCAL##*/}"
same set-path-local "0|local|" / PATH=/usr/local/bin -- "${LOCAL##*/}"

finish
