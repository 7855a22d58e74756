#!/bin/sh
# Fail when a C source differs from what clang-format (.clang-format) writes.
set -u
cd "$(dirname "$0")/.."
bad=0
# bench/libmpdec/src is libmpdec's own source, kept as its author wrote it.
for f in $(git ls-files '*.c' '*.h' ':!bench/libmpdec/src' 2>/dev/null || find include lib tools tests bench examples -name '*.[ch]' -not -path 'bench/libmpdec/src/*'); do
	if ! clang-format --style=file "$f" | cmp -s - "$f"; then
		echo "not formatted: $f (run: clang-format -i $f)"
		bad=$((bad + 1))
	fi
done
[ "$bad" -eq 0 ] && echo "formatting: all files match .clang-format"
[ "$bad" -eq 0 ]
