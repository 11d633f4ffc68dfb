#!/bin/sh
# shrink-elf.sh FILE: drop what follows the last loaded byte of a
# static, stripped ELF executable: the non-loaded sections (.comment, the
# compiler's ident strings; .ARM.attributes), their names (.shstrtab) and
# the section header table, 0.9-1.2 KiB of a binary that must fit 32 KiB.
# The kernel loads only the program headers; readelf -l, file and
# tests/cross.sh --inspect still read it.  What `strip
# --strip-section-headers` (binutils 2.41, newer than Debian 12's) does.
# POSIX sh, od and dd: either byte order, 32 or 64 bits.
set -eu
f=$1
# num OFFSET SIZE: the SIZE-byte integer at OFFSET, in the file's order.
num() {
	od -An -tu1 -j "$1" -N "$2" "$f" | awk -v be="$big" '
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END { v = 0; for (i = 0; i < n; i++) v = v * 256 + b[be ? i : n - 1 - i]; printf "%.0f\n", v }'
}
[ "$(od -An -c -N 4 "$f" | tr -d ' ')" = "177ELF" ] || { echo "$f: not ELF" >&2; exit 1; }
big=0
big=$(($(num 5 1) == 2))
if [ "$(num 4 1)" = 2 ]; then	# ELFCLASS64
	w=8 phoff=$(num 32 8) phent=$(num 54 2) phnum=$(num 56 2) sh=40 shfields=58
	poff=8 pfilesz=32
else
	w=4 phoff=$(num 28 4) phent=$(num 42 2) phnum=$(num 44 2) sh=32 shfields=46
	poff=4 pfilesz=16
fi
end=$((phoff + phent * phnum)) i=0
while [ "$i" -lt "$phnum" ]; do
	p=$((phoff + i * phent))
	e=$(($(num $((p + poff)) "$w") + $(num $((p + pfilesz)) "$w")))
	[ "$e" -le "$end" ] || end=$e
	i=$((i + 1))
done
[ "$end" -lt "$(wc -c <"$f")" ] || exit 0
# e_shoff, then e_shentsize, e_shnum, e_shstrndx: zero, no sections.
dd if=/dev/zero of="$f" bs=1 seek="$sh" count="$w" conv=notrunc 2>/dev/null
dd if=/dev/zero of="$f" bs=1 seek="$shfields" count=6 conv=notrunc 2>/dev/null
dd if="$f" of="$f.tmp" bs="$end" count=1 2>/dev/null
mv -f "$f.tmp" "$f"
chmod 755 "$f"
