#!/usr/bin/env bash
# release/dist.sh all|bin|deb|image|sbom (make dist, release.mk): the
# release artifacts in dist/.  VERSION, DIST_PLATFORMS and MAKE come from
# release.mk.  SOURCE_DATE_EPOCH (default: the last commit's time) is the
# only time that goes into any artifact.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
: "${VERSION:?set by release.mk}" "${DIST_PLATFORMS:?set by release.mk}"
MAKE=${MAKE:-make}
DIST=$TOP/dist
# Sorted listings and tar member order must not depend on the locale.
export LC_ALL=C

# Without git (a source tarball), the time of the last changelog entry.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null ||
		dpkg-parsechangelog -l debian/changelog -STimestamp)
fi
export SOURCE_DATE_EPOCH
COMMIT=$(git rev-parse HEAD 2>/dev/null || echo NOASSERTION)
# A work tree that differs from HEAD is said so in the SBOM: the binaries
# are then not what the commit (and the source tarball) build.
if [ "$COMMIT" != NOASSERTION ] && [ -n "$(git status --porcelain)" ]; then
	COMMIT=$COMMIT-dirty
	echo "dist.sh: the work tree differs from HEAD: the SBOM names $COMMIT" >&2
fi
export COMMIT

# The static binary of each platform: `make ARCH=...` (tests/cross.mk),
# copied under BuildKit's TARGETARCH name; then ./uidinit for the host again.
bin() {
	local p t a
	command -v musl-gcc >/dev/null ||
		{ echo "dist.sh: musl-gcc missing: apt-get install musl-tools, tests/cross.sh --install" >&2; return 1; }
	mkdir -p "$DIST"
	for p in $DIST_PLATFORMS; do
		t=${p%%:*} a=${p#*:}
		$MAKE -s -B ARCH="$a" uidinit
		cp uidinit "$DIST/uidinit-$VERSION-linux-$t"
		chmod 755 "$DIST/uidinit-$VERSION-linux-$t"
	done
	$MAKE -s -B ARCH= uidinit
	tests/cross.sh --inspect "$DIST"/uidinit-"$VERSION"-linux-*
}

# The source as committed, for the SBOM's source package: git archive
# stamps every member with the commit's time; gzip -n leaves out the name
# and time of its own.
src() {
	[ "$COMMIT" != NOASSERTION ] || { echo "dist.sh: no git: no source tarball" >&2; return 0; }
	git archive --format=tar --prefix="uidinit-$VERSION/" HEAD |
		gzip -9n >"$DIST/uidinit-$VERSION.tar.gz"
}

# dpkg-buildpackage -b in a copy of the work tree (it writes the .deb next
# to the source directory, and runs `make clean`).
deb() {
	local tmp arch
	tests/need.sh dpkg-dev debhelper musl-tools
	tmp=$(mktemp -d)
	mkdir "$tmp/uidinit-$VERSION"
	# Without git (a source tarball): everything but dist/.
	if [ "$COMMIT" != NOASSERTION ]; then
		git ls-files -z -co --exclude-standard | tar -c --null -T - -f -
	else
		tar -c --exclude=./dist -f - .
	fi | tar -x -C "$tmp/uidinit-$VERSION" -f -
	# dpkg-deb clamps newer times to SOURCE_DATE_EPOCH but keeps older
	# ones: a checkout from 2001 would change the .deb (dist-check).
	find "$tmp/uidinit-$VERSION" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	# The commit the release binaries' --version names (debian/rules).
	if [ "$COMMIT" != NOASSERTION ]; then
		UIDINIT_GIT_COMMIT=$(git rev-parse --short HEAD)
		export UIDINIT_GIT_COMMIT
	fi
	(cd "$tmp/uidinit-$VERSION" && dpkg-buildpackage -us -uc -b >"$tmp/build.log" 2>&1) ||
		{ cat "$tmp/build.log" >&2; rm -rf "$tmp"; return 1; }
	arch=$(dpkg-architecture -qDEB_HOST_ARCH)
	mkdir -p "$DIST"
	mv "$tmp/uidinit_${VERSION}_$arch.deb" "$DIST/"
	rm -rf "$tmp"
}

image() {
	release/image.sh
}

sbom() {
	tests/need.sh python3
	release/sbom.py >"$DIST/uidinit-$VERSION.spdx.json.tmp"
	mv "$DIST/uidinit-$VERSION.spdx.json.tmp" "$DIST/uidinit-$VERSION.spdx.json"
}

sums() {
	(cd "$DIST" && find . -maxdepth 1 -type f -name 'uidinit[-_]*' -printf '%P\n' | sort | xargs sha256sum -- >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
}

case ${1:-all} in
all)
	rm -rf "$DIST"
	bin && src && deb && image && sbom && sums
	ls -l "$DIST"
	;;
bin) bin && src && sums ;;
deb | image | sbom) "$1" && sums ;;
*) echo "usage: release/dist.sh all|bin|deb|image|sbom" >&2; exit 125 ;;
esac
