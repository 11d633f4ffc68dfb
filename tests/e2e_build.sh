#!/usr/bin/env bash
# Issue 13, the build on a bare box: the Makefile's own messages and its
# care for a working ./uidinit.  Everything runs in a copy of the source
# tree under a temp dir (outside git), with PATHs that hide one tool each.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" make gcc libc6-dev util-linux coreutils || exit 1

TMP=$(mktemp -d /tmp/uidinit-build.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
SRC=$TMP/src
mkdir -p "$SRC/tests/fuzz"
(cd "$TOP" && cp Makefile init.c passwd.c passwd.h shrink-elf.sh "$SRC/" &&
	cp tests/cross.mk tests/need.sh "$SRC/tests/" &&
	cp tests/fuzz/sanitize.mk "$SRC/tests/fuzz/") || exit 1
chmod -R a+rX "$TMP"
version=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")

# without NAME...: a bin directory with every command of /usr/bin but
# these, for PATH.  (/bin is /usr/bin on Debian 12.)
without() {
	local dir n
	dir=$(mktemp -d "$TMP/bin.XXXXXX")
	ln -s /usr/bin/* "$dir/"
	for n in "$@"; do rm -f "${dir:?}/$n"; done
	chmod 755 "$dir"
	echo "$dir"
}
# fails NAME CMD...: pass if CMD exits non-zero.
fails() {
	local name=$1
	shift
	if "$@"; then fail "$name" "succeeded: $*"; else ok "$name"; fi
}
# Run by make check, this suite's makes are not sub-makes: no inherited
# flags, no "Entering directory" lines.
unset MAKEFLAGS MFLAGS MAKELEVEL
# mk LOG ARGS...: make in the copy, stdout and stderr to LOG.
mk() {
	local log=$1
	shift
	(cd "$SRC" && make "$@") >"$log" 2>&1
}

# Without musl-gcc: glibc's static build, and one line that says so, with
# the size.  (Without the line a 700 KiB binary comes as a surprise.)
nomusl=$(without musl-gcc)
PATH=$nomusl:/usr/sbin mk "$TMP/glibc.log" -B uidinit
expect_eq glibc-fallback-builds 0 $?
kib=$(($(wc -c <"$SRC/uidinit") / 1024))
expect_eq glibc-fallback-one-line \
	"make: no musl-gcc (Debian: musl-tools): built with glibc's static libc, $kib KiB instead of about 32" \
	"$(grep 'musl' "$TMP/glibc.log")"
if [ "$kib" -gt 100 ]; then ok glibc-fallback-is-glibc; else fail glibc-fallback-is-glibc "$kib KiB"; fi
# With musl-gcc: no such line.
if command -v musl-gcc >/dev/null; then
	mk "$TMP/musl.log" -B uidinit
	expect_eq musl-builds 0 $?
	expect_eq musl-no-fallback-line "" "$(grep 'no musl-gcc' "$TMP/musl.log")"
	if [ "$(wc -c <"$SRC/uidinit")" -le 32768 ]; then ok musl-small; else fail musl-small "$(wc -c <"$SRC/uidinit") bytes"; fi
else
	fail musl-present "musl-gcc not installed: run make check as root (tests/need.sh musl-tools)"
fi

# Outside a git checkout (a tarball, the Dockerfile's build stage) the
# commit is "unknown"; the line keeps tini's form that Docker parses.
expect_eq version-outside-git "uidinit version $version - git.unknown" "$("$SRC/uidinit" --version)"

# A failed build leaves the working ./uidinit byte for byte.
cp "$SRC/uidinit" "$TMP/good"
fails cc-false-fails mk "$TMP/ccfalse.log" -B uidinit CC=false
check cc-false-keeps-binary cmp -s "$TMP/good" "$SRC/uidinit"
# A link error: ld deletes its output file, so linking straight to
# ./uidinit would lose it.
fails link-error-fails mk "$TMP/link.log" -B uidinit \
	LDFLAGS='-static -Wl,--require-defined=uidinit_no_such_symbol'
check link-error-keeps-binary cmp -s "$TMP/good" "$SRC/uidinit"
expect_eq link-error-no-temp "" "$(cd "$SRC" && ls uidinit.tmp 2>/dev/null)"

# A cross build without the cross packages: one line naming the fix, not
# gcc's "cannot read spec file"; ./uidinit untouched.
nocross=$(without powerpc64le-linux-gnu-gcc)
PATH=$nocross:/usr/sbin fails cross-missing-fails mk "$TMP/cross.log" -B uidinit ARCH=ppc64le
expect_eq cross-missing-line \
	"make: ARCH=ppc64le needs powerpc64le-linux-gnu-gcc and musl-dev:ppc64el: run tests/cross.sh --install (as root)" \
	"$(grep -v '^make.*Error' "$TMP/cross.log")"
check cross-missing-keeps-binary cmp -s "$TMP/good" "$SRC/uidinit"
mk "$TMP/arch.log" uidinit ARCH=sparc
expect_eq unknown-arch-line "make: unknown ARCH=sparc: one of x86_64 aarch64 arm ppc64le s390x" \
	"$(grep -v '^make.*Error' "$TMP/arch.log")"

# need.sh as a non-root UID, a package missing: one line naming it, and
# a non-zero exit; and make check stops there, before any build.
nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	out=$(nobody "$SRC/tests/need.sh" coreutils uidinit-no-such-package 2>&1)
	expect_eq need-nonroot-status 1 $?
	expect_eq need-nonroot-line \
		"need.sh: missing Debian packages: uidinit-no-such-package (run as root to install them)" "$out"
	rm -f "$SRC/uidinit"
	chmod 777 "$SRC"
	nobody_check() { (cd "$SRC" && nobody make check NEEDS='make uidinit-no-such-package') >"$TMP/nonroot.log" 2>&1; }
	fails check-nonroot-fails nobody_check
	check check-nonroot-names-package grep -q '^need.sh: missing Debian packages: uidinit-no-such-package' "$TMP/nonroot.log"
	expect_eq check-nonroot-builds-nothing "" "$(cd "$SRC" && ls uidinit 2>/dev/null)"
else
	out=$("$SRC/tests/need.sh" uidinit-no-such-package 2>&1)
	expect_eq need-nonroot-status 1 $?
	expect_eq need-nonroot-line \
		"need.sh: missing Debian packages: uidinit-no-such-package (run as root to install them)" "$out"
fi

finish
