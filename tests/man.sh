#!/bin/sh
# The manual page datasset(1) (issue 22) is the CLI's --help, not a copy that
# drifts: the built datasset.1 is what scripts/man.sh makes from the built
# program now, it has a section for every command `datasset --help` lists, and
# groff reads it without a warning (when groff is installed).
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
prog="$top_builddir/datasset"
page="$top_builddir/datasset.1"
[ -x "$prog" ] || { echo "man: $prog is not built" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-man.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0
report() {
	if [ "$2" = yes ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "FAIL - $1"
		[ -z "${3-}" ] || printf '%s\n' "$3" | sed 's/^/    /'
	fi
}

if [ -f "$page" ]; then
	report "datasset.1 is built" yes
	sh "$top_srcdir/scripts/man.sh" "$prog" >"$work/datasset.1"
	cmp -s "$work/datasset.1" "$page"
	report "datasset.1 is what scripts/man.sh makes from the program's --help now" \
		$([ $? = 0 ] && echo yes || echo no) "$(diff "$page" "$work/datasset.1" | head -n 20)"
else
	report "datasset.1 is built" no "run make first"
	exit 1
fi

for command in $("$prog" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
	grep -qx ".SS \"datasset $command\"" "$page"
	report "datasset.1 has a section for $command" $([ $? = 0 ] && echo yes || echo no)
	# The section is that command's help, line for line (roff-escaped).
	"$prog" "$command" --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" >"$work/help"
	sed -n "/^\\.SS \"datasset $command\"\$/,/^\\.fi\$/p" "$page" | sed '1,2d;$d' >"$work/section"
	cmp -s "$work/help" "$work/section"
	report "... and it is 'datasset $command --help' verbatim" $([ $? = 0 ] && echo yes || echo no) \
		"$(diff "$work/help" "$work/section" | head -n 10)"
done

grep -qx '.SS "datasset registry pledge"' "$page"
report "datasset.1 has a section for registry pledge" $([ $? = 0 ] && echo yes || echo no)

if command -v groff >/dev/null 2>&1; then
	warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
	report "groff reads datasset.1 without a warning" $([ -z "$warnings" ] && echo yes || echo no) "$warnings"
else
	echo "# groff is not installed: the page is not linted"
fi

echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
