# Included by the Makefile when ARCH names another architecture than the
# host's (issue 8): Debian's cross gcc with that architecture's musl, so the
# binary is as small and as static as the native one.
#   ARCH      cross compiler (apt)          C library (apt)
#   aarch64   gcc-aarch64-linux-gnu         musl-dev:arm64
#   arm       gcc-arm-linux-gnueabihf       musl-dev:armhf   (v7, hard float)
#   ppc64le   gcc-powerpc64le-linux-gnu     musl-dev:ppc64el
#   s390x     gcc-s390x-linux-gnu           musl-dev:s390x
#   x86_64    gcc-x86-64-linux-gnu          musl-dev:amd64
# The unit tests link against libcmocka-dev:DEBARCH with the same gcc
# (glibc, dynamic) and run through qemu-user: tests/cross.sh --check
# registers the binfmt_misc handler, then runs them and tests/cross.sh.
ARCH_TRIPLET != case "$(ARCH)" in ppc64le) echo powerpc64le-linux-gnu ;; \
	arm) echo arm-linux-gnueabihf ;; \
	aarch64 | s390x | x86_64) echo "$(ARCH)-linux-gnu" ;; \
	*) echo "unknown-ARCH-$(ARCH)" ;; esac
# arm-linux-gnueabihf -> arm-linux-musleabihf
MUSL_TRIPLET != echo "$(ARCH_TRIPLET)" | sed 's/-gnu/-musl/'
CC = $(ARCH_TRIPLET)-gcc -specs /usr/lib/$(MUSL_TRIPLET)/musl-gcc.specs
# aarch64's gcc emits .eh_frame even with -fno-asynchronous-unwind-tables:
# 1.9 KiB of a 32 KiB binary.
CFLAGS += -fno-unwind-tables
TEST_CC = $(ARCH_TRIPLET)-gcc
CMOCKA = -lcmocka
RUN_TESTS = tests/cross.sh --check
# Without the cross packages gcc would only say "cannot read spec file":
# name the fix instead, before anything is built.
DEBARCH != case "$(ARCH)" in aarch64) echo arm64 ;; arm) echo armhf ;; \
	ppc64le) echo ppc64el ;; x86_64) echo amd64 ;; *) echo "$(ARCH)" ;; esac
PRECHECK = case $(ARCH_TRIPLET) in unknown-*) \
	echo "make: unknown ARCH=$(ARCH): one of x86_64 aarch64 arm ppc64le s390x" >&2; exit 1 ;; esac; \
	command -v $(ARCH_TRIPLET)-gcc >/dev/null && \
	[ -r /usr/lib/$(MUSL_TRIPLET)/musl-gcc.specs ] || \
	{ echo "make: ARCH=$(ARCH) needs $(ARCH_TRIPLET)-gcc and musl-dev:$(DEBARCH): run tests/cross.sh --install (as root)" >&2; exit 1; }
# make check ARCH=...: tests/cross.sh --install and --check set up the rest.
NEEDS =
