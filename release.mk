# The release kit (issue 14), included by the Makefile.  Everything lands
# in dist/, named for `ADD .../uidinit-VERSION-linux-$TARGETARCH`:
#   make dist        the five static binaries, the source tarball, the
#                    Debian package, the multi-arch OCI archive, the SPDX
#                    SBOM and SHA256SUMS (release/dist.sh)
#   make dist-check  `make dist` twice, in two clones of HEAD, with other
#                    umask, TZ and file times: every artifact bit-identical
#   make dist-test   tests/release.sh on dist/ (checksums, SBOM, package,
#                    image, the arm binary under qemu-user)
#   make sizes       the biggest functions of each architecture (nm on an
#                    unstripped build)
# Where a time is needed it is SOURCE_DATE_EPOCH, by default the last
# commit's: rebuilding a commit gives the same bytes.

# TARGETARCH:ARCH.  ARCH is tests/cross.mk's (uname -m) name; arm is v7,
# hard float (Debian armhf, Docker linux/arm/v7).
DIST_PLATFORMS = amd64:x86_64 arm64:aarch64 arm:arm ppc64le:ppc64le s390x:s390x
RELEASE_ENV = VERSION='$(VERSION)' DIST_PLATFORMS='$(DIST_PLATFORMS)' MAKE='$(MAKE)'

dist:
	$(RELEASE_ENV) release/dist.sh all

# The parts alone (dist-bin first: the others package its binaries).
dist-bin dist-deb dist-image dist-sbom:
	$(RELEASE_ENV) release/dist.sh $(@:dist-%=%)

dist-check:
	$(RELEASE_ENV) release/dist-check.sh

dist-test:
	$(RELEASE_ENV) tests/release.sh

sizes:
	$(RELEASE_ENV) LDFLAGS_UNSTRIPPED='$(LDFLAGS:-s=)' release/sizes.sh

# For the SBOM: the gcc driver and the libc.a that `make ARCH=...` links,
# as the linker reports them (--trace), one per line.
release-toolchain:
	@t=$$(mktemp -d) && \
	$(CC) -### -x c /dev/null 2>&1 | sed -n 's/^COLLECT_GCC=//p' && \
	$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -Wl,--trace -o "$$t/u" $(SRC) | \
		grep '/libc\.a$$' | sed -n 1p; rm -rf "$$t"

# For release/sizes.sh: init.o and passwd.o as `make ARCH=...` compiles
# them, to tell our functions from musl's.
release-objs:
	$(CC) $(CFLAGS) $(CPPFLAGS) -c $(SRC)

.PHONY: dist dist-bin dist-deb dist-image dist-sbom dist-check dist-test \
	sizes release-toolchain release-objs
