#!/bin/sh
# Usage: tests/need.sh PACKAGE...
# Make sure the named Debian packages are installed: as root, install the
# missing ones (apt-get update first, once); otherwise name them and fail.
# A test never skips silently because a tool is missing.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "need.sh: missing Debian packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "need.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
# Several suites may install at once: wait for dpkg's lock, do not fail on it.
lock='-o DPkg::Lock::Timeout=600'
# shellcheck disable=SC2086
if ! { apt-get $lock update -qq >/dev/null &&
	apt-get $lock install -y -qq --no-install-recommends $missing >/dev/null; }; then
	echo "need.sh: could not install:$missing" >&2
	exit 1
fi
