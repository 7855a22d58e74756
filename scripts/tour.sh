#!/bin/sh
# README command 1: install what is missing, build in _build/tour, and run the whole chain
# (examples/tour.sh) over the bundled example data (examples/data/).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
[ -x configure ] || ./autogen.sh >/dev/null 2>&1
mkdir -p _build/tour
cd _build/tour
[ -f Makefile ] || "$top/configure" -q
make -s -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
DATASSET="$PWD/datasset" sh "$top/examples/tour.sh"
