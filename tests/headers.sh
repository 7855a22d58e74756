#!/bin/sh
# Every public header compiles on its own as strict C99 (callers need nothing
# but our headers) and mentions no dependency's types.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${CC:=cc}"
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for header in "$top_srcdir"/include/datasset/*.h "$top_builddir"/include/datasset/version.h; do
	name=$(basename "$header")
	printf '#include <datasset/%s>\nint main(void) { return 0; }\n' "$name" >"$tmp/t.c"
	if $CC -std=c99 -pedantic -Wall -Wextra -Werror -I"$top_builddir/include" -I"$top_srcdir/include" \
		-c "$tmp/t.c" -o "$tmp/t.o" 2>"$tmp/err"; then
		:
	else
		echo "FAIL: $name does not compile on its own as C99:"; cat "$tmp/err"
		failed=$((failed + 1)); continue
	fi
	# Code only: comments may name a dependency's codes (ds_error.cause_code).
	if sed -e 's://.*$::' -e 's:/\*.*\*/::g' "$header" | grep -vE '^[[:space:]]*(\*|/\*)' |
		grep -nE '\b(xml[A-Z][A-Za-z]*|xmlChar|UChar|UErrorCode|mpz_t|mpq_t|sqlite3[a-z_]*|EVP_[A-Z_]+|BIGNUM)\b|#include *<(libxml|unicode|gmp|sqlite3|openssl)'; then
		echo "FAIL: $name mentions a dependency's types or headers"
		failed=$((failed + 1)); continue
	fi
	passed=$((passed + 1))
done
echo "headers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
