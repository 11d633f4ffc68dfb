# uidinit: a tiny static init for containers that run under an arbitrary UID.
# POSIX make (plus "!=", in POSIX 2024 and GNU make 4).  Static by default;
# -Werror only where WERROR=1 (CI), so a new compiler never breaks a user.

VERSION = 0.1.0
PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DESTDIR =

# musl-gcc gives a binary of a few KiB; glibc's -static is the fallback,
# and says so (FALLBACK).
CC != command -v musl-gcc >/dev/null 2>&1 && echo musl-gcc || echo cc
FALLBACK = [ "$(CC)" != cc ] || command -v musl-gcc >/dev/null || \
	echo "make: no musl-gcc (Debian: musl-tools): built with glibc's static libc, $$(($$(wc -c <uidinit) / 1024)) KiB instead of about 32" >&2
# What make demo and make check install first (as root, tests/need.sh):
# musl-tools before the build, so that it is the small static binary.
# Each suite asks tests/need.sh for the tools it runs.
NEEDS = make gcc libc6-dev musl-tools libcmocka-dev pkg-config
# Checked before a build (tests/cross.mk: the cross toolchain is there).
PRECHECK = :
WERROR =
WARN = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes $(WERROR:1=-Werror)
# -fno-pie: the static link gives ET_EXEC anyway; position-independent
# code only adds GOT loads (arm: 2.3 KiB, s390x 0.5 KiB).
CFLAGS = -Os -std=c11 -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -fno-pie
# --version prints "uidinit version 0.1.0 - git.COMMIT", the form Docker
# reads from its init (see uidinit(1), Engines).  COMMIT: this checkout's
# short hash, or "unknown" outside a git checkout of uidinit (a tarball, the
# Dockerfile's build stage); same tree, same bytes.
GIT_COMMIT != [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ] && \
	git rev-parse --short HEAD 2>/dev/null || echo unknown
CPPFLAGS = -DVERSION='"$(VERSION)"' -DGIT_COMMIT='"$(GIT_COMMIT)"'
# One R+X and one RW segment instead of four page-aligned ones: -8 KiB.
# common-page-size=16: ld starts the RW segment on a fresh page (in memory
# and so in the file: up to 4 KiB of zeros) unless the common page is
# small; then its file offset just follows the code, still congruent to
# its address modulo max-page-size, which is all the kernel needs
# (x86-64 -744 bytes, ppc64le -512).
LDFLAGS = -static -no-pie -s -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=16

# After the link: the section headers and .comment go (about 1 KiB), the
# kernel needs only the program headers.  `make sizes` and SANITIZE=1
# keep them (SHRINK=true): nm and the sanitizers read the symbols.
SHRINK = sh shrink-elf.sh

# The tests link dynamically against cmocka, with the host compiler.
TEST_CC = cc
TEST_CFLAGS = -g -O1 -std=c11 $(WARN) -DUNIT_TESTING $(CPPFLAGS)
CMOCKA != pkg-config --cflags --libs cmocka 2>/dev/null || echo -lcmocka

# SANITIZE=1: ASan + UBSan, dynamic (make check SANITIZE=1).  .build-flags
# records the last build's flags, so switching back rebuilds the static one.
SANITIZE =
-include $(SANITIZE:1=tests/fuzz/sanitize.mk)

# ARCH=aarch64, arm, ppc64le or s390x (default: the host's): a static
# cross build, tests/cross.mk; `make dist` builds each (release.mk).
ARCH =
RUN_TESTS = tests/run.sh
CROSS_MK != [ -z "$(ARCH)" ] || [ "$(ARCH)" = "$$(uname -m)" ] || echo tests/cross.mk
include $(CROSS_MK)

# The start files of a musl build: musl's crt1.o, crti.o and crtn.o only.
# musl-gcc.specs adds gcc's crtbeginS.o and crtendS.o, whose
# frame_dummy and __do_global_dtors_aux register .eh_frame and the
# transactional-memory clones of C++ and shared objects (a static C init
# without unwind tables has neither), and links Scrt1.o, the
# position-independent start, where -no-pie wants crt1.o: 184-544 bytes
# (arm 184, x86-64 252, s390x 232, arm64 376, ppc64le 544).  Native
# musl-gcc and tests/cross.mk alike: the directory is the one of the
# driver's own -specs; glibc's cc, the fallback, and the sanitizer build
# (no musl-gcc.specs) keep their start files.
MUSL_LIB != $(CC) -\#\#\# -x c /dev/null 2>&1 | \
	sed -n "s|.*'-specs=\(/[^']*\)/musl-gcc\.specs'.*|\1|p" | sed -n 1p
STARTFILES = $(MUSL_LIB:%=-nostartfiles %/crt1.o) $(MUSL_LIB:%=%/crti.o)
ENDFILES = $(MUSL_LIB:%=%/crtn.o)

FUZZ_SECONDS = 60
FUZZ_SEED =
FUZZ_RUNS =

SRC = init.c passwd.c
UNITS = tests/test_init tests/test_passwd

all: uidinit

# Linked under a temporary name, then renamed: a failed build (no cross
# toolchain, a compiler error, ^C) leaves a working ./uidinit as it was.
uidinit: $(SRC) passwd.h shrink-elf.sh
	@$(PRECHECK)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) $(LDFLAGS) -o $@.tmp \
		$(STARTFILES) $(SRC) $(ENDFILES) && \
		$(SHRINK) $@.tmp || { rm -f $@.tmp; exit 1; }
	mv -f $@.tmp $@
	@$(FALLBACK)

tests/test_init: tests/test_init.c init.c passwd.c passwd.h
	$(TEST_CC) $(TEST_CFLAGS) -o $@ tests/test_init.c passwd.c $(CMOCKA)

tests/test_passwd: tests/test_passwd.c passwd.c passwd.h
	$(TEST_CC) $(TEST_CFLAGS) -o $@ tests/test_passwd.c passwd.c $(CMOCKA)

# Set-up first, then the build in a new make, which finds what was just
# installed (musl-gcc, cmocka's pkg-config file).
check:
	@tests/need.sh $(NEEDS)
	@$(MAKE) uidinit $(UNITS)
	$(RUN_TESTS)

demo:
	@tests/need.sh $(NEEDS)
	@$(MAKE) uidinit
	tests/demo.sh

bench: uidinit
	bench/run.sh

install: uidinit
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f uidinit $(DESTDIR)$(BINDIR)/uidinit
	chmod 755 $(DESTDIR)$(BINDIR)/uidinit
	cp -f man/uidinit.1 $(DESTDIR)$(MANPREFIX)/man1/uidinit.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/uidinit.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/uidinit $(DESTDIR)$(MANPREFIX)/man1/uidinit.1

# Rewritten only when the flags (or the commit) change; then uidinit and
# the tests rebuild.
uidinit $(UNITS): .build-flags
.build-flags: FORCE
	@echo "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(SHRINK) $(TEST_CC) $(SANITIZE)" | cmp -s - $@ || \
	echo "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(SHRINK) $(TEST_CC) $(SANITIZE)" > $@
FORCE:

# libFuzzer harnesses (clang), each run for FUZZ_SECONDS.
fuzz:
	FUZZ_SEED='$(FUZZ_SEED)' FUZZ_RUNS='$(FUZZ_RUNS)' tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -f uidinit uidinit.tmp $(UNITS) .build-flags
	rm -rf dist tests/fuzz/build bench/build

.PHONY: all check demo bench install uninstall clean fuzz FORCE

# The release kit; absent from a build that copies only the sources
# (examples/Dockerfile).
-include release.mk
