#!/bin/sh
# Every example that `datasset <command> --help` shows runs (issue 22): each
# line of a command's "Example:"/"Examples..." section that starts with
# "  datasset " is run with sh in one scratch directory that holds the sample
# files of examples/data/, command by command in the order `datasset --help`
# lists them (the registry's examples create the registry, the certificate and
# the public key that the cert and log examples read). An example passes when
# it exits 0 and writes something (to stdout, or to the file it names with
# --out or redirects to; a file it names is removed before it runs).
# Every command must show at least one example.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
prog="$top_builddir/datasset"
[ -x "$prog" ] || { echo "cli_help_examples: $prog is not built" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-examples.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
mkdir "$work/bin" "$work/run"
# `datasset` on PATH is the one just built (a libtool wrapper in the build tree).
ln -s "$prog" "$work/bin/datasset"
PATH="$work/bin:$PATH"
unset DATASSET_DB
export PATH
for f in "$top_srcdir"/examples/data/*; do
	case $f in *.py) continue ;; esac
	cp "$f" "$work/run/"
done

passed=0
failed=0
# The commands, as the top-level help lists them.
commands=$("$prog" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "FAIL - no commands in datasset --help"; exit 1; }

for command in $commands; do
	"$prog" "$command" --help >"$work/help" 2>&1 || { echo "FAIL - datasset $command --help"; failed=$((failed + 1)); continue; }
	# The example section: from a line starting "Example" to the next blank line.
	sed -n '/^Example/,/^$/s/^  \(datasset .*\)/\1/p' "$work/help" >"$work/examples"
	if [ ! -s "$work/examples" ]; then
		echo "FAIL - datasset $command --help shows no example"
		failed=$((failed + 1))
		continue
	fi
	while IFS= read -r example; do
		# The file it writes: "> FILE" at the end, or "--out FILE".
		target=$(printf '%s\n' "$example" | sed -n -e 's/.*> *\([^ ]*\) *$/\1/p' -e 's/.*--out \([^ ]*\).*/\1/p')
		rm -f "$work/out"
		[ -z "$target" ] || rm -f "$work/run/$target"
		(cd "$work/run" && sh -c "$example" >"$work/out" 2>"$work/err" </dev/null)
		status=$?
		if [ -n "$target" ]; then
			produced="$work/run/$target"
		else
			produced="$work/out"
		fi
		if [ "$status" -eq 0 ] && [ -s "$produced" ]; then
			passed=$((passed + 1))
			echo "ok - $example"
		else
			failed=$((failed + 1))
			echo "FAIL - $example (exit $status)"
			sed 's/^/    /' "$work/err" | head -n 20
		fi
	done <"$work/examples"
done

echo "cli_help_examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
