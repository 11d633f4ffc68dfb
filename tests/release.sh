#!/usr/bin/env bash
# The release kit (issue 14), on dist/ (`make dist` first if it is not
# there): the names, SHA256SUMS, the SPDX SBOM, each binary (static,
# stripped, its architecture, at most 32 KiB), the Debian package (lintian,
# installed into a scratch root), the OCI image (a Dockerfile with
# `COPY --from=uidinit:VERSION` built and run on amd64 and, through
# qemu-user, on arm64), and the arm v7 binary under qemu-arm
# (tests/cross.sh).  As root (containers, chroot, binfmt_misc).
# `make dist-test`; CI runs it after `make dist dist-check`.
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" coreutils binutils jq python3 dpkg-dev lintian man-db bsdextrautils \
	buildah podman runc busybox-static qemu-user-static || exit 1
cd "$TOP" || exit 1
if [ "$(id -u)" -ne 0 ]; then
	fail root "tests/release.sh needs root (containers, chroot, binfmt_misc)"
	finish
	exit 1
fi
VERSION=$(sed -n 's/^VERSION = //p' Makefile)
PLATFORMS="amd64:x86_64 arm64:aarch64 arm:arm ppc64le:ppc64le s390x:s390x"
D=$TOP/dist
if [ ! -e "$D/SHA256SUMS" ]; then
	echo "release: no dist/: make dist"
	make -s dist >/dev/null || { fail "make dist"; finish; exit 1; }
fi
DEB_ARCH=$(dpkg --print-architecture)
DEB=$D/uidinit_${VERSION}_$DEB_ARCH.deb
SBOM=$D/uidinit-$VERSION.spdx.json
OCI=$D/uidinit-$VERSION-oci.tar
tmp=$(mktemp -d /tmp/uidinit-release.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

# ---- names and checksums ----
want="SHA256SUMS"
for p in $PLATFORMS; do want="$want uidinit-$VERSION-linux-${p%%:*}"; done
want="$want uidinit-$VERSION-oci.tar uidinit-$VERSION.spdx.json uidinit-$VERSION.tar.gz uidinit_${VERSION}_$DEB_ARCH.deb"
expect_eq "dist/ holds exactly the artifacts" \
	"$(echo "$want" | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')" \
	"$(cd "$D" && find . -maxdepth 1 -type f -printf '%P\n' | LC_ALL=C sort | tr '\n' ' ')"
check "sha256sum -c SHA256SUMS" sh -c "cd '$D' && sha256sum --quiet --strict -c SHA256SUMS"
# README "Install": a download of one binary and SHA256SUMS, checked as
# the README says; a flipped byte must fail it.
dl=$tmp/download
mkdir "$dl"
cp "$D/SHA256SUMS" "$D/uidinit-$VERSION-linux-arm64" "$dl/"
check "README: sha256sum -c --ignore-missing SHA256SUMS (one binary)" \
	sh -c "cd '$dl' && sha256sum -c --ignore-missing SHA256SUMS >/dev/null 2>&1"
printf '\001' | dd of="$dl/uidinit-$VERSION-linux-arm64" bs=1 seek=100 conv=notrunc status=none
check "README: ... and it fails on a changed byte" \
	sh -c "! (cd '$dl' && sha256sum -c --ignore-missing SHA256SUMS >/dev/null 2>&1)"
expect_eq "SHA256SUMS names every other file" \
	"$(cd "$D" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort)" \
	"$(awk '{print $2}' "$D/SHA256SUMS" | LC_ALL=C sort)"
expect_eq "debian/changelog's version is the Makefile's" "$VERSION" \
	"$(dpkg-parsechangelog -l debian/changelog -SVersion)"

# ---- the binaries ----
# SPEC: at most 32 KiB on every published architecture.  amd64, arm and
# arm64 meet it; ppc64le and s390x do not yet (2026-12-07: issue 15's
# account fix grew every binary by about 9 KiB; the cuts since won most
# of it back; issue 14 stays open for them, examples/MULTIARCH.md has
# the budget).
# Until they do, each may not grow past its size at the last cut, rounded
# up to 256 bytes, so that no byte is added there unnoticed.
size_limit() {
	case $1 in
	ppc64le) echo 40192 ;;
	s390x) echo 36608 ;;
	*) echo 32768 ;;
	esac
}
# TARGETARCH -> what the ELF header says (tests/cross.sh's names).
for p in $PLATFORMS; do
	t=${p%%:*} a=${p#*:}
	f=$D/uidinit-$VERSION-linux-$t
	out=$(tests/cross.sh --inspect "$f")
	expect_eq "$t: static, stripped, loadable ($out)" "0" "$?"
	expect_eq "$t: ELF machine $a" "$f: $a," "$(echo "$out" | cut -d' ' -f1-2)"
	size=$(wc -c <"$f")
	limit=$(size_limit "$t")
	check "$t: at most $limit bytes (SPEC: 32768; $size bytes)" test "$size" -le "$limit"
done
amd64=$D/uidinit-$VERSION-linux-amd64
out=$("$amd64" --version 2>&1)
check "amd64: --version names $VERSION ($out)" grep -qF "$VERSION" <<<"$out"

# ---- the SBOM ----
# python3 checks the document against the files; one line per problem.
problems=$(python3 - "$SBOM" "$D" "$VERSION" "$(git rev-parse HEAD 2>/dev/null)" \
	"$(git log -1 --format=%ct 2>/dev/null)" <<'PY'
import datetime, hashlib, json, os, sys
sbom, dist, version, head, epoch = sys.argv[1:6]
d = json.load(open(sbom))
bad = []
def need(obj, keys, what):
    for k in keys:
        if obj.get(k) in (None, "", []):
            bad.append("%s: no %s" % (what, k))
need(d, ["spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace",
         "creationInfo", "packages", "relationships"], "document")
if d.get("spdxVersion") != "SPDX-2.3": bad.append("spdxVersion is not SPDX-2.3")
if d.get("dataLicense") != "CC0-1.0": bad.append("dataLicense is not CC0-1.0")
if d.get("SPDXID") != "SPDXRef-DOCUMENT": bad.append("SPDXID is not SPDXRef-DOCUMENT")
ci = d.get("creationInfo", {})
need(ci, ["created", "creators"], "creationInfo")
if epoch and ci.get("created") != datetime.datetime.fromtimestamp(
        int(epoch), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"):
    bad.append("created %s is not the last commit's time" % ci.get("created"))
for c in ci.get("creators", []):
    if not c.startswith(("Tool: ", "Organization: ", "Person: ")):
        bad.append("creator %r" % c)
ids = {"SPDXRef-DOCUMENT"}
files = {}
for p in d.get("packages", []):
    what = "package " + p.get("SPDXID", "?")
    need(p, ["SPDXID", "name", "versionInfo", "downloadLocation", "checksums"], what)
    if p.get("SPDXID") in ids: bad.append(what + ": SPDXID twice")
    ids.add(p.get("SPDXID"))
    for c in p.get("checksums", []):
        if c.get("algorithm") != "SHA256" or len(c.get("checksumValue", "")) != 64:
            bad.append(what + ": checksum %r" % c)
    f = p.get("packageFileName")
    if f and os.path.exists(os.path.join(dist, f)):
        files[f] = p["SPDXID"]
        real = hashlib.sha256(open(os.path.join(dist, f), "rb").read()).hexdigest()
        if p["checksums"][0]["checksumValue"] != real:
            bad.append("%s: checksum is not %s's" % (what, f))
    if p["SPDXID"].startswith("SPDXRef-Source"):
        if p.get("versionInfo") != version: bad.append("source version %r" % p.get("versionInfo"))
        if head and p.get("sourceInfo") not in ("git commit " + head, "git commit " + head + "-dirty"):
            bad.append("source: %r does not name HEAD %s" % (p.get("sourceInfo"), head))
for f in os.listdir(dist):
    if f not in ("SHA256SUMS", os.path.basename(sbom)) and f not in files:
        bad.append(f + ": not in the SBOM")
rels = d.get("relationships", [])
for r in rels:
    for k in ("spdxElementId", "relatedSpdxElement"):
        if r.get(k) not in ids: bad.append("relationship to unknown %r" % r.get(k))
def related(a, kind):
    return [r["relatedSpdxElement"] for r in rels
            if r["spdxElementId"] == a and r["relationshipType"] == kind]
pk = {p["SPDXID"]: p for p in d.get("packages", [])}
for f, i in files.items():
    if f.startswith("uidinit-%s-linux-" % version):
        arch = f.rsplit("-", 1)[1]
        deb = {"amd64": "amd64", "arm64": "arm64", "arm": "armhf",
               "ppc64le": "ppc64el", "s390x": "s390x"}[arch]
        if i not in related("SPDXRef-DOCUMENT", "DESCRIBES"): bad.append(f + ": not described")
        if "SPDXRef-Source" not in related(i, "GENERATED_FROM"): bad.append(f + ": no source")
        musl = [pk[m] for m in related(i, "STATIC_LINK")]
        if [(m["name"], m["externalRefs"][0]["referenceLocator"].split("arch=")[1].split("&")[0])
                for m in musl] != [("musl-dev", deb)]:
            bad.append(f + ": STATIC_LINK %r, not musl-dev:%s" % ([m["name"] for m in musl], deb))
        else:
            import subprocess
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "musl-dev:" + deb],
                               capture_output=True, text=True).stdout
            if musl[0]["versionInfo"] != v:
                bad.append(f + ": musl-dev %s, dpkg has %s" % (musl[0]["versionInfo"], v))
        tools = [r["spdxElementId"] for r in rels
                 if r["relationshipType"] == "BUILD_TOOL_OF" and r["relatedSpdxElement"] == i]
        if len(tools) != 1 or not pk[tools[0]]["name"].startswith("gcc-"):
            bad.append(f + ": compiler %r" % tools)
print("\n".join(bad))
PY
)
expect_eq "SBOM: SPDX 2.3 fields, checksums, musl and gcc per binary" "" "$problems"
# The SBOM's Debian packages are the archive's: check one .deb's SHA256
# against apt's index again (what a reader of the SBOM would do).
musl_arm=$(jq -r '.packages[] | select(.SPDXID == "SPDXRef-Debian-musl-dev-armhf") | .checksums[0].checksumValue' "$SBOM")
apt_arm=$(apt-get download --print-uris "musl-dev:armhf=$(dpkg-query -W -f='${Version}' musl-dev:armhf)" 2>/dev/null |
	awk '{print $4}')
expect_eq "SBOM: musl-dev:armhf's checksum is the archive's .deb" "SHA256:$musl_arm" "$apt_arm"

# ---- the Debian package ----
check "deb: lintian clean (errors and warnings; overrides justified)" \
	lintian --fail-on error,warning "$DEB"
deb_files=$(dpkg-deb -c "$DEB" | awk '{print $6}')
check "deb: /usr/bin/uidinit and its man page" \
	sh -c 'printf "%s\n" "$1" | grep -qx ./usr/bin/uidinit && printf "%s\n" "$1" | grep -qx ./usr/share/man/man1/uidinit.1.gz' _ "$deb_files"
check "deb: /usr/bin/uidinit is the release binary" \
	sh -c "dpkg-deb --fsys-tarfile '$DEB' | tar -xOf - ./usr/bin/uidinit | cmp -s - '$amd64'"
expect_eq "deb: Built-Using names the musl it links" \
	"musl (= $(dpkg-query -W -f='${Version}' "musl-dev:$DEB_ARCH"))" "$(dpkg-deb -f "$DEB" Built-Using)"
# README: `apt install ./uidinit_*.deb`; simulated here (-s: nothing is
# installed on this machine), so apt accepts the file and its dependencies.
check "deb: apt-get install -s ./$(basename "$DEB")" \
	sh -c "cd '$D' && apt-get install -s './$(basename "$DEB")' 2>&1 | grep -q '^Inst uidinit '"
# Installed by dpkg into a scratch root (its own database); run there by
# chroot: no libc in that root, so it also proves the binary static.
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/tmp"
: >"$root/var/lib/dpkg/status"
check "deb: dpkg -i into a scratch root" \
	sh -c "dpkg --root='$root' --force-script-chrootless -i '$DEB' >/dev/null"
out=$(chroot "$root" /usr/bin/uidinit --version 2>&1)
check "deb: chroot ROOT uidinit --version ($out)" grep -qF "$VERSION" <<<"$out"
out=$(MANWIDTH=80 man -l "$root/usr/share/man/man1/uidinit.1.gz" 2>&1 | col -b)
check "deb: man -l shows the page" grep -q '^NAME' <<<"$out"
check "deb: man -l names uidinit" grep -q 'uidinit .* tiny init for containers' <<<"$out"
check "deb: dpkg -r leaves nothing" sh -c "dpkg --root='$root' --force-script-chrootless -r uidinit >/dev/null &&
	[ -z \"\$(find '$root' -path '$root/var' -prune -o -type f -print)\" ]"

# ---- the OCI image ----
# The index: exactly the five platforms, each image's only layer holding
# /uidinit, the release binary of that platform.
layout=$tmp/oci
mkdir "$layout"
tar -xf "$OCI" -C "$layout"
blob() { echo "$layout/blobs/sha256/${1#sha256:}"; }
index=$(jq -r '.manifests[0].digest' "$layout/index.json")
expect_eq "image: named uidinit:$VERSION" "localhost/uidinit:$VERSION" \
	"$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json")"
expect_eq "image: one index of five platforms" "linux/amd64 linux/arm64 linux/arm/v7 linux/ppc64le linux/s390x" \
	"$(jq -r '[.manifests[].platform | [.os, .architecture, .variant // empty] | join("/")] | join(" ")' "$(blob "$index")")"
for m in $(jq -r '.manifests[].digest' "$(blob "$index")"); do
	t=$(jq -r '.manifests[] | select(.digest == "'"$m"'") | .platform.architecture' "$(blob "$index")")
	cfg=$(blob "$(jq -r .config.digest "$(blob "$m")")")
	layers=$(jq -r '.layers[].digest' "$(blob "$m")")
	x=$tmp/layer-$t
	mkdir "$x"
	for l in $layers; do tar -xzf "$(blob "$l")" -C "$x"; done
	expect_eq "image $t: the files" "uidinit" "$(cd "$x" && find . -type f -printf '%P\n' | sort | tr '\n' ' ' | sed 's/ $//')"
	check "image $t: /uidinit is the release binary" cmp -s "$x/uidinit" "$D/uidinit-$VERSION-linux-$t"
	expect_eq "image $t: config" "$t /uidinit --version" \
		"$(jq -r '[.architecture, (.config.Entrypoint | join(" ")), (.config.Cmd | join(" "))] | join(" ")' "$cfg")"
done

# A Dockerfile as a user writes it, built by podman on private storage
# from the archive's images, on a busybox base of that architecture.
# shellcheck source=../release/containers.sh
. release/containers.sh
containers_setup "$tmp/c"
P=("${PODMAN[@]}")
ref=localhost/uidinit:$VERSION
mkdir "$tmp/ctx"
cat >"$tmp/ctx/Dockerfile" <<EOD
ARG BASE
FROM \$BASE
COPY --from=uidinit:$VERSION /uidinit /usr/local/bin/uidinit
USER 1000120000:0
ENTRYPOINT ["/usr/local/bin/uidinit", "--"]
CMD ["sh", "-c", "echo \$(id -un) \$(uname -m)"]
EOD
# uidinit:VERSION as a local manifest list, as after a pull: podman 4.3
# cannot load all of an OCI archive's index at once; each platform's
# image is pulled from it and listed again.
for t in amd64 arm64; do
	id=$("${P[@]}" pull -q --platform "linux/$t" "oci-archive:$OCI" 2>"$tmp/pull.err") ||
		{ fail "image $t: pull from the archive" "$(cat "$tmp/pull.err")"; continue; }
	"${P[@]}" tag "$id" "localhost/uidinit-$t:$VERSION"
	"${P[@]}" untag "$id" "$ref"
done
"${P[@]}" manifest create "$ref" >/dev/null
for p in amd64:x86_64 arm64:aarch64; do
	t=${p%%:*} a=${p#*:}
	"${P[@]}" manifest add "$ref" "containers-storage:localhost/uidinit-$t:$VERSION" >/dev/null
	# The base: Debian's busybox-static of that architecture.
	b=$tmp/base-$t
	mkdir -p "$b/bin" "$b/etc" "$b/tmp" "$b/x"
	chmod 1777 "$b/tmp"
	if [ "$t" = "$DEB_ARCH" ]; then
		cp /bin/busybox "$b/bin/"
	else
		if ! { (cd "$tmp" && apt-get download -q "busybox-static:$t" >/dev/null 2>&1) &&
			dpkg-deb -x "$tmp"/busybox-static_*_"$t".deb "$b/x" && cp "$b/x/bin/busybox" "$b/bin/"; }; then
			fail "image $t: busybox-static:$t from the archive"
			continue
		fi
	fi
	rm -rf "$b/x"
	for l in sh id uname cat; do ln -s busybox "$b/bin/$l"; done
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$b/etc/passwd"
	printf 'root:x:0:\n' >"$b/etc/group"
	chmod 664 "$b/etc/passwd" "$b/etc/group"
	c=$("${BUILDAH[@]}" from scratch)
	"${BUILDAH[@]}" copy -q "$c" "$b/" / >/dev/null
	"${BUILDAH[@]}" config --arch "$t" --os linux "$c"
	"${BUILDAH[@]}" commit -q --rm "$c" "localhost/base-$t" >/dev/null
done
for p in amd64:x86_64 arm64:aarch64; do
	t=${p%%:*} a=${p#*:}
	if ! "${P[@]}" build -q --network none --platform "linux/$t" --build-arg "BASE=localhost/base-$t" \
		-t "localhost/app-$t" "$tmp/ctx" >"$tmp/build.log" 2>&1; then
		fail "image $t: podman build --platform linux/$t (COPY --from=uidinit:$VERSION)" "$(cat "$tmp/build.log")"
		continue
	fi
	ok "image $t: podman build --platform linux/$t (COPY --from=uidinit:$VERSION)"
	# --passwd=false: podman would add the UID's line itself; uidinit must.
	run=("${P[@]}" run --rm --network none --passwd=false --platform "linux/$t")
	[ "$t" = "$DEB_ARCH" ] || run=(tests/cross.sh --binfmt "$D/uidinit-$VERSION-linux-$t" "${run[@]}")
	out=$("${run[@]}" "localhost/app-$t" 2>&1)
	expect_eq "image $t: runs, the account fixed, on $a" "default $a" "$(grep -v '^cross.sh: registered' <<<"$out")"
	"${run[@]}" --entrypoint cat "localhost/app-$t" /usr/local/bin/uidinit >"$tmp/copied-$t" 2>/dev/null
	check "image $t: the COPY took the $t binary" cmp -s "$tmp/copied-$t" "$D/uidinit-$VERSION-linux-$t"
	"${run[@]}" "localhost/app-$t" sh -c 'exit 42' >/dev/null 2>&1
	expect_eq "image $t: the exit status passes through" 42 $?
done

# ---- arm v7 under qemu-arm: tests/cross.sh's cases ----
arm=$D/uidinit-$VERSION-linux-arm
UIDINIT=$arm bash tests/cross.sh >"$tmp/arm.log" 2>&1
rc=$?
line=$(grep -E '^cross: [0-9]+ passed, [0-9]+ failed$' "$tmp/arm.log")
expect_eq "arm: tests/cross.sh under qemu-arm ($line)" "0 yes" \
	"$rc $(grep -q 'run by qemu-arm-static' "$tmp/arm.log" && echo yes)"
[ "$rc" -eq 0 ] || grep FAIL "$tmp/arm.log"

finish
