#!/usr/bin/env bash
# The documentation against the code: the man page is lint-clean, lists
# exactly the options that --help lists and the parser takes, exactly the
# environment variables init.c reads; make install / uninstall put both
# files where they belong.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" mandoc || exit 1

MAN=$TOP/man/uidinit.1
TMP=$(mktemp -d /tmp/uidinit-docs.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The lines of one section (.Sh NAME) of the man page.
section() {
	awk -v want="$1" '/^\.Sh /{on = (substr($0, 5) == want); next} on' "$MAN"
}

# Lint: mandoc prints nothing, style messages included, but for its
# cross-reference checks, which depend on the manuals this machine has
# installed and indexed (a fresh machine has no manpages-dev, nor a
# mandoc.db).
lint() {
	mandoc -Tlint "$1" 2>&1 |
		grep -v -e 'STYLE: referenced manual not found' -e 'outdated mandoc.db lacks'
}
expect_eq man-lint-clean "" "$(lint "$MAN")"
check man-renders mandoc -Tutf8 "$MAN" -O width=80 >/dev/null

# Every section the page promises.
for s in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT SIGNALS "ACCOUNT FIX" \
	"EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
	if grep -qx ".Sh $s" "$MAN"; then ok "man-has-$s"; else fail "man-has-$s" "no .Sh $s"; fi
done

# Options as "-p:arg" or "-s", one a line, sorted.
help_options() { # "  -p SIG   ...", "  -h, --help   ..."
	"$UIDINIT" --help | grep -E '^  -' | while read -r first rest; do
		case $first in
		*,) printf '%s\n' "${first%,}" "${rest%% *}" ;;
		*)
			case $rest in
			[A-Z]*) printf '%s:arg\n' "$first" ;;
			*) printf '%s\n' "$first" ;;
			esac
			;;
		esac
	done | sort
}
man_options() { # ".It Fl p Ar signal", ".It Fl h , Fl \-help"
	section OPTIONS | awk '
		/^\.Bl/ { depth++ } /^\.El/ { depth-- }
		depth == 1 && /^\.It Fl / {
			gsub(/\\-/, "-")
			arg = / Ar / ? ":arg" : ""
			for (i = 2; i <= NF; i++)
				if ($i == "Fl") { print "-" $(i + 1) arg; arg = "" }
		}' | sort
}
synopsis_letters() { # ".Op Fl gnsvwx", ".Op Fl e Ar code", ".Fl h | \-help | V"
	section SYNOPSIS | awk '{
		gsub(/\\-/, "-")
		for (i = 1; i <= NF; i++) {
			if ($i != "Fl" && $i != ".Fl")
				continue
			# the flags run up to the next macro (Ar, Op, Ns...)
			for (i++; i <= NF && $i !~ /^[A-Z][a-z][a-z]?$/; i++) {
				if ($i ~ /^-/ || $i == "|")
					continue
				n = split($i, c, "")
				for (j = 1; j <= n; j++) if (c[j] ~ /[A-Za-z]/) print c[j]
			}
			i--
		}
	}' | sort -u
}
code_letters() { # the cases and the flags[] table of parse_options() in init.c
	local body
	body=$(sed -n '/^static int parse_options/,/^}/p' "$TOP/init.c")
	{
		grep -oE "case '[A-Za-z]'" <<<"$body" | cut -d"'" -f2
		sed -n 's/.*flags\[\] = "\([A-Za-z]*\)";.*/\1/p' <<<"$body" | fold -w1
	} | sort -u
}
letters() { grep -E '^-[A-Za-z]' | cut -c2 | sort -u; }

help=$(help_options)
man=$(man_options)
if [ -n "$help" ]; then ok help-parsed; else fail help-parsed "no options in --help"; fi
if [ -n "$man" ]; then ok man-parsed; else fail man-parsed "no options in OPTIONS"; fi
expect_eq help-equals-man-options "$help" "$man"
expect_eq synopsis-equals-options "$(letters <<<"$help")" "$(synopsis_letters)"
expect_eq parser-equals-help "$(code_letters)" "$(letters <<<"$help")"
check man-has-long-help grep -q -- '--help' <<<"$man"
check man-has-long-version grep -q -- '--version' <<<"$man"

# The exit codes --help names are rows of the EXIT STATUS table.
for code in $("$UIDINIT" --help | sed -n '/^Exit status/,$p' | grep -oE '\b12[5-7]\b' | sort -u); do
	if section "EXIT STATUS" | grep -qE "^\.It .* Ta $code\$"; then
		ok "exit-status-$code"
	else
		fail "exit-status-$code" "no row for $code in EXIT STATUS"
	fi
done

# Environment: the variables the source reads are the ones the page lists.
# Read by name, or from gather_request()'s table of names ("A\0B\0...").
code_env=$( {
	grep -ohE '(getenv|env_flag|env_or)\("[A-Za-z_][A-Za-z0-9_]*"' \
		"$TOP/init.c" "$TOP/passwd.c" | cut -d'"' -f2
	sed -n '/char names\[\] = "/,/;$/p' "$TOP/init.c" | grep -oE '"[^"]*"' | tr -d '"' |
		sed 's/\\0/\n/g' | grep -E '^[A-Za-z_][A-Za-z0-9_]*$'
} | sort -u)
man_env=$(section ENVIRONMENT | awk '
	/^\.Bl/ { depth++ } /^\.El/ { depth-- }
	depth == 1 && /^\.It Ev / { print $3 }' | sort -u)
if [ -n "$code_env" ]; then ok env-parsed; else fail env-parsed "no getenv() in the source"; fi
expect_eq man-env-equals-code "$code_env" "$man_env"

# make install / uninstall into a temp DESTDIR.  -o uidinit: install the
# binary under test, never rebuild it from here.
version=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
dest=$TMP/dest
make -s -o uidinit -C "$TOP" install DESTDIR="$dest" PREFIX=/usr >"$TMP/install.log" 2>&1
expect_eq install-status 0 $?
bin=$dest/usr/bin/uidinit
page=$dest/usr/share/man/man1/uidinit.1
expect_eq installed-bin-mode 755 "$(stat -c %a "$bin" 2>/dev/null)"
expect_eq installed-bin-version "$("$UIDINIT" --version 2>&1)" "$("$bin" --version 2>&1)"
expect_eq installed-man-mode 644 "$(stat -c %a "$page" 2>/dev/null)"
check installed-man-same cmp -s "$MAN" "$page"
make -s -C "$TOP" uninstall DESTDIR="$dest" PREFIX=/usr >>"$TMP/install.log" 2>&1
expect_eq uninstall-status 0 $?
expect_eq uninstall-removes "" "$(find "$dest" -type f)"

# examples/Dockerfile's build stage works from the files it copies: they
# are enough for `make uidinit`, and the binary goes where ENTRYPOINT says.
df=$TOP/examples/Dockerfile
files=$(sed -nE 's|^COPY (.*) \./$|\1|p' "$df" | head -n 1)
mkdir "$TMP/stage"
# shellcheck disable=SC2086 # a list of names
(cd "$TOP" && cp $files "$TMP/stage/") 2>"$TMP/stage.log"
expect_eq dockerfile-copies-exist 0 $?
make -s -C "$TMP/stage" uidinit >>"$TMP/stage.log" 2>&1
expect_eq dockerfile-build-stage 0 $?
# No .git in the build stage: the commit reads "unknown".
expect_eq dockerfile-stage-binary "uidinit version $version - git.unknown" "$("$TMP/stage/uidinit" --version 2>&1)"
image_bin=$(sed -nE 's|^COPY --from=build /src/uidinit (.*)$|\1|p' "$df")
check dockerfile-entrypoint grep -qxF "ENTRYPOINT [\"$image_bin\", \"--\"]" "$df"

finish
