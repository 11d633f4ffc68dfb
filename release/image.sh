#!/usr/bin/env bash
# release/image.sh (make dist-image): dist/uidinit-VERSION-oci.tar, an OCI
# archive of one image index (a multi-arch manifest list) "uidinit:VERSION"
# whose five images are FROM scratch: /uidinit (and /LICENSE once the
# project has one), ENTRYPOINT /uidinit, CMD --version.  Built by buildah
# from dist/'s binaries on private storage; every time in it is
# SOURCE_DATE_EPOCH, and the archive is tarred here, in a fixed order
# with fixed owners and times, so that it is reproducible.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
: "${VERSION:?}" "${DIST_PLATFORMS:?}" "${SOURCE_DATE_EPOCH:?}" "${COMMIT:=NOASSERTION}"
export LC_ALL=C
tests/need.sh buildah runc
# shellcheck source=release/containers.sh
. release/containers.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
containers_setup "$tmp/c"

ref=localhost/uidinit:$VERSION
"${BUILDAH[@]}" manifest create "$ref" >/dev/null
for p in $DIST_PLATFORMS; do
	t=${p%%:*}
	variant=()
	[ "$t" = arm ] && variant=(--variant v7)
	c=$("${BUILDAH[@]}" from scratch)
	"${BUILDAH[@]}" copy --chmod 0755 "$c" "dist/uidinit-$VERSION-linux-$t" /uidinit >/dev/null
	if [ -f LICENSE ]; then
		"${BUILDAH[@]}" copy --chmod 0644 "$c" LICENSE /LICENSE >/dev/null
	fi
	"${BUILDAH[@]}" config --os linux --arch "$t" "${variant[@]}" \
		--entrypoint '["/uidinit"]' --cmd --version \
		--label org.opencontainers.image.title=uidinit \
		--label org.opencontainers.image.version="$VERSION" \
		--label org.opencontainers.image.revision="$COMMIT" \
		--created-by "release/image.sh: COPY uidinit-$VERSION-linux-$t /uidinit" "$c"
	"${BUILDAH[@]}" commit -q --format oci --timestamp "$SOURCE_DATE_EPOCH" \
		--identity-label=false --rm "$c" "localhost/uidinit-$t:$VERSION" >/dev/null
	"${BUILDAH[@]}" manifest add --os linux --arch "$t" "${variant[@]}" \
		"$ref" "localhost/uidinit-$t:$VERSION" >/dev/null
done
"${BUILDAH[@]}" manifest push -q --all --format oci "$ref" "oci:$tmp/layout:$ref"

# The layout's files in name order, root-owned, all at SOURCE_DATE_EPOCH.
mkdir -p dist
tar -C "$tmp/layout" --sort=name --format=posix \
	--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
	--mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
	--mode=go-w,a+rX -cf "dist/uidinit-$VERSION-oci.tar.tmp" .
mv "dist/uidinit-$VERSION-oci.tar.tmp" "dist/uidinit-$VERSION-oci.tar"
