#!/bin/sh
# Every public header compiles on its own as strict C99 and as C++11 (callers
# need nothing but our headers), with every DS_*_INIT initialiser it defines,
# and mentions no dependency's types. Then one C++ translation unit includes
# datasset.h and all the headers, and links against the library with the
# address of every exported function (the declarations are extern "C").
# C++ compilers: g++, and clang++ too when the suite's C compiler is clang.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${CC:=cc}"
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inc="-I$top_builddir/include -I$top_srcdir/include"
cxx_flags="-std=c++11 -pedantic -Wall -Wextra -Werror"

cxx_list=g++
if $CC --version 2>/dev/null | grep -qi clang; then
	cxx_list="$cxx_list clang++"
fi
for cxx in $cxx_list; do
	if ! command -v "$cxx" >/dev/null 2>&1; then
		echo "FAIL: no $cxx to compile the headers as C++ (Debian: apt-get install ${cxx%++}$([ "$cxx" = g++ ] && echo ++))"
		failed=$((failed + 1))
	fi
done

# A main() that declares one object with each DS_*_INIT initialiser of header $1,
# for the typedef it initialises (DS_LEDGER_ASSET_INIT -> ds_ledger_asset).
init_uses() {
	sed -nE 's/^#define (DS_([A-Z0-9_]+)_INIT)([[:space:]].*|\\)?$/\1 \2/p' "$1" | while read -r macro name; do
		type=ds_$(echo "$name" | tr 'A-Z' 'a-z')
		if grep -qE "}[[:space:]]*$type;" "$1"; then
			printf '\t{\n\t\t%s v = %s;\n\t\t(void)v;\n\t}\n' "$type" "$macro"
		else
			echo "FAIL: $(basename "$1"): $macro initialises no type named $type" >&2
		fi
	done
}

headers="$top_srcdir/include/datasset/*.h $top_builddir/include/datasset/version.h"
for header in $headers; do
	name=$(basename "$header")
	init_uses "$header" >"$tmp/body" 2>"$tmp/init_err"
	if [ -s "$tmp/init_err" ]; then
		cat "$tmp/init_err"; failed=$((failed + 1)); continue
	fi
	{ printf '#include <datasset/%s>\nint main(void)\n{\n' "$name"; cat "$tmp/body"; printf '\treturn 0;\n}\n'; } >"$tmp/t.c"
	if ! $CC -std=c99 -pedantic -Wall -Wextra -Werror $inc -c "$tmp/t.c" -o "$tmp/t.o" 2>"$tmp/err"; then
		echo "FAIL: $name does not compile on its own as C99:"; cat "$tmp/err"
		failed=$((failed + 1)); continue
	fi
	cp "$tmp/t.c" "$tmp/t.cpp"
	bad=0
	for cxx in $cxx_list; do
		command -v "$cxx" >/dev/null 2>&1 || continue
		if ! $cxx $cxx_flags $inc -c "$tmp/t.cpp" -o "$tmp/t.o" 2>"$tmp/err"; then
			echo "FAIL: $name does not compile on its own as C++11 ($cxx $cxx_flags):"; cat "$tmp/err"
			bad=1
		fi
	done
	if [ "$bad" -ne 0 ]; then failed=$((failed + 1)); continue; fi
	# Code only: comments may name a dependency's codes (ds_error.cause_code).
	if sed -e 's://.*$::' -e 's:/\*.*\*/::g' "$header" | grep -vE '^[[:space:]]*(\*|/\*)' |
		grep -nE '\b(xml[A-Z][A-Za-z]*|xmlChar|UChar|UErrorCode|mpz_t|mpq_t|sqlite3[a-z_]*|EVP_[A-Z_]+|BIGNUM)\b|#include *<(libxml|unicode|gmp|sqlite3|openssl)'; then
		echo "FAIL: $name mentions a dependency's types or headers"
		failed=$((failed + 1)); continue
	fi
	passed=$((passed + 1))
done

# One C++ unit: datasset.h, then every header again (include guards), every
# initialiser, and the address of every exported function, linked.
{
	echo '#include <datasset/datasset.h>'
	for header in $headers; do echo "#include <datasset/$(basename "$header")>"; done
	echo 'typedef void (*any_function)(void);'
	echo 'static const any_function exported[] = {'
	grep -E '^[a-z_][a-z0-9_]*$' "$top_srcdir/lib/datasset.sym" | sed 's/.*/\treinterpret_cast<any_function>(\&&),/'
	echo '};'
	echo 'int main(void)'
	echo '{'
	for header in $headers; do init_uses "$header" 2>/dev/null; done
	echo '	return exported[0] == 0;'
	echo '}'
} >"$tmp/all.cpp"
lib="$top_builddir/.libs/libdatasset.so"
for cxx in $cxx_list; do
	command -v "$cxx" >/dev/null 2>&1 || continue
	if [ -f "$lib" ]; then
		what="compile and link"
		set -- -o "$tmp/all" "$tmp/all.cpp" -L"$top_builddir/.libs" -ldatasset
	else
		what="compile ($lib not built: not linked)"
		set -- -c -o "$tmp/all.o" "$tmp/all.cpp"
	fi
	if $cxx $cxx_flags $inc "$@" 2>"$tmp/err"; then
		passed=$((passed + 1))
	else
		echo "FAIL: a C++ unit with datasset.h and every exported function does not $what ($cxx $cxx_flags):"
		head -40 "$tmp/err"
		failed=$((failed + 1))
	fi
done

echo "headers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
