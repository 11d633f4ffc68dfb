#!/usr/bin/env bash
# release/dist-check.sh (make dist-check): is `make dist` reproducible?
# Builds HEAD twice, each time in a fresh clone: one under /tmp with umask
# 022, TZ=UTC and the files' times now; one deeper under /var/tmp with
# umask 077, TZ=Pacific/Kiritimati (UTC+14) and the files' times in 2001.
# Every artifact must be bit-identical, and also dist/ of the work tree
# when it was built from a clean HEAD.  Prints one line per artifact.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
export LC_ALL=C
commit=$(git rev-parse HEAD)
clean=yes
if [ -n "$(git status --porcelain)" ]; then
	clean=
	echo "dist-check: builds HEAD ($commit); the uncommitted changes are not in it" >&2
fi
a=$(mktemp -d /tmp/uidinit-dist-a.XXXXXX)
b=$(mktemp -d /var/tmp/uidinit-dist-check-b.XXXXXX)
trap 'rm -rf "$a" "$b"' EXIT

# build DIR UMASK TZ TIME: make dist in a clone of HEAD at DIR/src.
build() {
	local dir=$1 mask=$2 tz=$3 when=$4
	mkdir -p "$dir"
	git clone -q --shared --no-checkout "$TOP" "$dir/src"
	(umask "$mask" && git -C "$dir/src" checkout -q --detach "$commit")
	find "$dir/src" -path "$dir/src/.git" -prune -o -exec touch -h -d "$when" {} +
	if ! (cd "$dir/src" && umask "$mask" && TZ=$tz LANG=$5 make -s dist) >"$dir/log" 2>&1; then
		cat "$dir/log" >&2
		echo "dist-check: make dist failed in $dir/src" >&2
		return 1
	fi
	echo "dist-check: built in $dir/src (umask $mask, TZ=$tz, files at $when) after $SECONDS s"
}
SECONDS=0
build "$a" 022 UTC "now" C.UTF-8
build "$b/a/longer/path" 077 Pacific/Kiritimati "2001-02-03 04:05:06" POSIX
da=$a/src/dist db=$b/a/longer/path/src/dist

# The same names, the same bytes.
rc=0
if ! diff <(cd "$da" && find . -type f | sort) <(cd "$db" && find . -type f | sort); then
	echo "dist-check: the two builds made different files" >&2
	rc=1
fi
# dist/ of the work tree, when its SBOM says it was built from HEAD.
others=()
if [ -n "$clean" ] && grep -qF "\"git commit $commit\"" dist/uidinit-*.spdx.json 2>/dev/null; then
	others=(dist)
fi
for f in $(cd "$da" && find . -type f -printf '%P\n' | sort); do
	same=yes
	cmp -s "$da/$f" "$db/$f" || same=
	for o in "${others[@]}"; do cmp -s "$da/$f" "$o/$f" || same=; done
	if [ -n "$same" ]; then
		echo "identical $(sha256sum <"$da/$f" | cut -c1-16) $f"
	else
		echo "DIFFERENT $f:"
		for o in "$db" "${others[@]}"; do cmp "$da/$f" "$o/$f" 2>&1 | head -n 1; done
		rc=1
	fi
done
[ ${#others[@]} -eq 0 ] || echo "dist-check: dist/ of the work tree compared too"
[ $rc -eq 0 ] && echo "dist-check: every artifact of $commit is reproducible ($SECONDS s)"
exit $rc
