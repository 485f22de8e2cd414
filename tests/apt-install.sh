#!/bin/bash
# apt-install.sh LABEL PKG...: installs the Debian packages among PKG that
# are missing, quietly.  Prints nothing when all are there; otherwise one
# line naming them, and apt-get's output only if it fails.  Needs root (or
# sudo) only when it installs something.  Shared by every deps.sh.
set -u

label=$1
shift
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "$label: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
{ $sudo apt-get update -qq &&
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "$label: apt-get failed:" >&2; cat "$log" >&2; }
rm -f "$log"
exit $rc
