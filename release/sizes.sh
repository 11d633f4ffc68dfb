#!/usr/bin/env bash
# release/sizes.sh (make sizes): where the bytes of each architecture's
# static binary go.  For each platform, in a scratch copy of the work tree
# (./uidinit stays): the stripped size, the sections, and the biggest
# functions and constants of an unstripped build (`nm --size-sort`; bss
# takes no file bytes and is left out), each marked "ours" (init.c,
# passwd.c) or "libc" (musl, and libgcc helpers such as __udivsi3 on
# arm).  Last, one table of those symbols on every architecture: the
# per-function budget.  Markdown on stdout, for examples/MULTIARCH.md.
# TOP=N: rows per architecture (default 15).  Assembler functions without
# a size (memcpy on x86-64) do not show.
set -euo pipefail
TOP_DIR=$(cd "$(dirname "$0")/.." && pwd)
: "${VERSION:?}" "${DIST_PLATFORMS:?}" "${LDFLAGS_UNSTRIPPED:?}"
MAKE=${MAKE:-make}
N=${TOP:-15}
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$TOP_DIR" && git ls-files -z -co --exclude-standard | tar -c --null -T - -f -) | tar -x -C "$tmp" -f -
cd "$tmp"
# make's own variables must not leak into the copy's make.
unset MAKEFLAGS MFLAGS
for p in $DIST_PLATFORMS; do
	t=${p%%:*} a=${p#*:}
	$MAKE -s -B ARCH="$a" uidinit >/dev/null
	stripped=$(wc -c <uidinit)
	$MAKE -s -B ARCH="$a" LDFLAGS="$LDFLAGS_UNSTRIPPED" SHRINK=true uidinit >/dev/null
	$MAKE -s ARCH="$a" release-objs >/dev/null
	# Each architecture's own binutils (tests/cross.mk's triplets).
	case $a in
	arm) triplet=arm-linux-gnueabihf ;;
	ppc64le) triplet=powerpc64le-linux-gnu ;;
	*) triplet=$a-linux-gnu ;;
	esac
	nm=$triplet-nm
	ours=$($nm --defined-only init.o passwd.o | awk 'NF == 3 { print $3 }' | sort -u)
	echo "### $t ($a): $stripped bytes stripped"
	echo
	echo "Sections in the file (bytes): $("$triplet-size" -A uidinit | awk '$1 ~ /^\./ && $2 > 0 && $1 !~ /^\.(bss|tbss|comment|symtab|strtab|shstrtab|debug_.*|ARM\.attributes|gnu\.attributes)$/ { printf "%s %d, ", $1, $2 }' | sed 's/, $//')"
	echo
	# Symbols that take file bytes (not bss), one per address: aliases
	# (execvpe and __execvpe) are one function, named together.
	$nm -S --size-sort --radix=d uidinit | awk 'NF == 4 && $3 !~ /^[bBsS]$/' | sort -k1,1 -k4,4 |
		awk '{ k = $1 " " $2; if (k in name) name[k] = name[k] "/" $4; else { name[k] = $4; kind[k] = $3; size[k] = $2 + 0; order[++n] = k } }
			END { for (i = 1; i <= n; i++) { k = order[i]; print size[k], kind[k], name[k] } }' >"$tmp/syms"
	awk -v ours="$(echo "$ours" | tr '\n' ' ')" '
		BEGIN { n = split(ours, o, " "); for (i = 1; i <= n; i++) mine[o[i]] = 1 }
		{ split($3, names, "/"); from = (names[1] in mine) ? "o" : "m" }
		$2 ~ /^[tTwW]$/ { text[from] += $1 }
		$2 !~ /^[tTwW]$/ { data[from] += $1 }
		END { printf "Code: ours %d, libc %d; constants and data: ours %d, libc %d.\n\n", text["o"], text["m"], data["o"], data["m"] }
	' "$tmp/syms"
	cp "$tmp/syms" "$tmp/syms-$t"
	grep -qxF "$t" "$tmp/order" 2>/dev/null || echo "$t" >>"$tmp/order"
	echo "| symbol | bytes | kind | from |"
	echo "| --- | ---: | --- | --- |"
	sort -k1,1nr -k3,3 "$tmp/syms" | awk -v n="$N" 'NR <= n' | while read -r size kind name; do
		from=libc
		grep -qxF "${name%%/*}" <<<"$ours" && from=ours
		case $kind in [tTwW]) kind=code ;; [rR]) kind=const ;; *) kind=data ;; esac
		echo "| \`${name//\//\` \`}\` | $size | $kind | $from |"
	done
	echo
done

# The budget: every symbol in some architecture's top N, on each of them
# (- where that architecture has none), ours first.
echo "### Budget: the biggest symbols on every architecture (bytes)"
echo
printf '| symbol | from |'
while read -r t; do printf ' %s |' "$t"; done <"$tmp/order"
echo
printf '| --- | --- |'
while read -r t; do printf ' ---: |'; done <"$tmp/order"
echo
top=$(while read -r t; do sort -k1,1nr "$tmp/syms-$t" | awk -v n="$N" 'NR <= n { print $3 }'; done <"$tmp/order" | sort -u)
for name in $top; do
	from=libc
	grep -qxF "${name%%/*}" <<<"$ours" && from=ours
	row="| \`${name//\//\` \`}\` | $from |"
	total=0
	while read -r t; do
		v=$(awk -v s="$name" '$3 == s { print $1 }' "$tmp/syms-$t")
		row="$row ${v:--} |"
		total=$((total + ${v:-0}))
	done <"$tmp/order"
	echo "$from $total $row"
done | sort -k1,1r -k2,2nr | cut -d' ' -f3-

