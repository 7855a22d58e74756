#!/bin/sh
# Install the Debian packages libdatasset needs to build and test, skipping
# those already installed. Run as root (or with sudo available).
set -eu

packages="libpq-dev postgresql raptor2-utils libraptor2-dev build-essential autoconf automake libtool autoconf-archive pkg-config
libxml2-dev libxml2-utils libicu-dev libgmp-dev libsqlite3-dev libssl-dev openssl check
python3 clang clang-format g++ valgrind abigail-tools time lcov
doxygen python3-cffi python3-pytest python3-hypothesis python3-dev libffi-dev python3-pip python3-setuptools python3-wheel python3-venv mypy
zlib1g-dev gettext autopoint locales libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk zbar-tools poppler-utils python3-openpyxl"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "install-deps: these Debian packages are missing and I am not root:$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
