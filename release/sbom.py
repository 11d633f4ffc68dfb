#!/usr/bin/env python3
"""release/sbom.py (make dist-sbom): the SPDX 2.3 JSON document of dist/,
on stdout.

It names the source (version, git commit, the tarball), each static binary
with its sha256, and what went into each: the exact Debian packages of the
compiler and of the musl it links (the libc.a that `make ARCH=...` links,
as the linker reports it: `make release-toolchain`).  A Debian package's
checksum is its .deb's SHA256 from the apt index, so anyone can check it
against the archive.  Also the .deb and the OCI archive.  No clock: created
is SOURCE_DATE_EPOCH and the namespace is derived from version and commit,
so the same commit gives the same bytes.

Environment (release/dist.sh): VERSION, COMMIT, SOURCE_DATE_EPOCH,
DIST_PLATFORMS ("TARGETARCH:ARCH ..."), MAKE.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid

VERSION = os.environ["VERSION"]
COMMIT = os.environ.get("COMMIT", "NOASSERTION")
EPOCH = int(os.environ["SOURCE_DATE_EPOCH"])
PLATFORMS = [p.split(":") for p in os.environ["DIST_PLATFORMS"].split()]
MAKE = os.environ.get("MAKE", "make")
DIST = "dist"
GCC_LICENCE = "GPL-3.0-or-later WITH GCC-exception-3.1"


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def checksums(path):
    return [{"algorithm": "SHA256", "checksumValue": sha256(path)}]


def toolchain(arch):
    """The gcc driver and libc.a that `make ARCH=arch` uses."""
    out = run(MAKE, "-s", "--no-print-directory", "ARCH=" + arch,
              "release-toolchain").split()
    if len(out) != 2:
        sys.exit("sbom.py: make ARCH=%s release-toolchain said %r" % (arch, out))
    gcc = shutil.which(out[0])
    if not gcc:
        sys.exit("sbom.py: %s: not found" % out[0])
    return os.path.realpath(gcc), os.path.realpath(out[1])


def debian_package(path, licence, comment):
    """The installed Debian package that owns path, as an SPDX package
    (checksum and downloadLocation filled in by apt_index)."""
    owner = run("dpkg-query", "-S", path).split(": ")[0]
    name, arch = owner.split(":") if ":" in owner else (
        owner, run("dpkg-query", "-W", "-f=${Architecture}", owner).strip())
    version = run("dpkg-query", "-W", "-f=${Version}",
                  name + ":" + arch).strip()
    return {
        "SPDXID": "SPDXRef-Debian-%s-%s" % (name, arch),
        "name": name,
        "versionInfo": version,
        "supplier": "Organization: Debian",
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": licence,
        "copyrightText": "NOASSERTION",
        "externalRefs": [{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": "pkg:deb/debian/%s@%s?arch=%s&distro=debian-%s" % (
                name, version.replace("+", "%2B"), arch, debian_release()),
        }],
        "comment": comment,
        # for apt_index, dropped before output
        "_apt": "%s:%s=%s" % (name, arch, version),
        "_path": path,
    }


def apt_index(pkgs):
    """Each package's .deb in the archive and its SHA256, from the apt index
    (one apt-get call: each takes seconds); when the index no longer has
    that version, the checksum of the file itself, said in the comment."""
    res = subprocess.run(["apt-get", "download", "--print-uris"] +
                         sorted(set(p["_apt"] for p in pkgs)),
                         capture_output=True, text=True)
    found = {}
    for line in res.stdout.splitlines():
        f = line.split()
        if len(f) == 4 and f[3].startswith("SHA256:"):
            parts = f[1][:-len(".deb")].split("_")
            found[(parts[0], parts[-1])] = (f[0].strip("'"), f[1], f[3][7:])
    for p in pkgs:
        name, arch = p["_apt"].split("=")[0].split(":")
        if (name, arch) in found:
            url, filename, digest = found[(name, arch)]
            p["downloadLocation"] = url
            p["packageFileName"] = filename
            p["checksums"] = [{"algorithm": "SHA256", "checksumValue": digest}]
        else:
            p["checksums"] = checksums(p["_path"])
            p["comment"] += "; checksum of that file (the apt index has no " \
                + p["versionInfo"] + ")"
        del p["_apt"], p["_path"]


def debian_release():
    try:
        with open("/etc/debian_version") as f:
            return f.read().strip().split(".")[0]
    except OSError:
        return "unknown"


def ours(spdxid, name, filename, purpose, comment):
    return {
        "SPDXID": spdxid,
        "name": name,
        "versionInfo": VERSION,
        "packageFileName": filename,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "checksums": checksums(os.path.join(DIST, filename)),
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": purpose,
        "comment": comment,
    }


def main():
    packages, rels = [], []

    def rel(a, kind, b):
        rels.append({"spdxElementId": a, "relationshipType": kind,
                     "relatedSpdxElement": b})

    src = "uidinit-%s.tar.gz" % VERSION
    source = {
        "SPDXID": "SPDXRef-Source",
        "name": "uidinit",
        "versionInfo": VERSION,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "sourceInfo": "git commit " + COMMIT,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "SOURCE",
    }
    if os.path.exists(os.path.join(DIST, src)):
        source["packageFileName"] = src
        source["checksums"] = checksums(os.path.join(DIST, src))
    packages.append(source)
    rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Source")

    seen, debs = {}, []
    for targetarch, arch in PLATFORMS:
        b = "SPDXRef-Binary-" + targetarch
        packages.append(ours(
            b, "uidinit", "uidinit-%s-linux-%s" % (VERSION, targetarch),
            "APPLICATION", "static, stripped; linux/%s (make ARCH=%s)" % (
                targetarch, arch)))
        rel("SPDXRef-DOCUMENT", "DESCRIBES", b)
        rel(b, "GENERATED_FROM", "SPDXRef-Source")
        gcc, libc = toolchain(arch)
        for path, kind, licence, what in (
                (libc, "STATIC_LINK", "MIT", "the libc.a linked"),
                (gcc, "BUILD_TOOL_OF", GCC_LICENCE, "the compiler")):
            if path not in seen:
                pkg = debian_package(path, licence, "%s: %s" % (what, path))
                seen[path] = pkg["SPDXID"]
                packages.append(pkg)
                debs.append(pkg)
            if kind == "STATIC_LINK":
                rel(b, kind, seen[path])
            else:
                rel(seen[path], kind, b)
    apt_index(debs)

    for f in sorted(os.listdir(DIST)):
        if f.endswith(".deb"):
            d = "SPDXRef-Deb-" + f.rsplit("_", 1)[1][:-4]
            packages.append(ours(d, "uidinit", f, "INSTALL",
                                 "Debian package: /usr/bin/uidinit is "
                                 "the release binary of its architecture"))
            rel("SPDXRef-DOCUMENT", "DESCRIBES", d)
            rel(d, "GENERATED_FROM", "SPDXRef-Source")
            deb_arch = f.rsplit("_", 1)[1][:-4]
            for t, _ in PLATFORMS:
                if t == deb_arch:
                    rel(d, "CONTAINS", "SPDXRef-Binary-" + t)
        elif f.endswith("-oci.tar"):
            packages.append(ours("SPDXRef-Image", "uidinit", f, "CONTAINER",
                                 "OCI archive: one image index, a FROM "
                                 "scratch image per platform"))
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image")
            for t, _ in PLATFORMS:
                rel("SPDXRef-Image", "CONTAINS", "SPDXRef-Binary-" + t)

    name = "uidinit-" + VERSION
    doc = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "documentNamespace": "https://spdx.org/spdxdocs/%s-%s" % (
            name, uuid.uuid5(uuid.NAMESPACE_URL,
                             "uidinit/%s/%s" % (VERSION, COMMIT))),
        "creationInfo": {
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH)),
            "creators": ["Tool: uidinit-release-" + VERSION],
            "comment": "created is SOURCE_DATE_EPOCH (the commit's time)",
        },
        "packages": packages,
        "relationships": rels,
    }
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
