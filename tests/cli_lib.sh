#!/bin/sh
# Shared helpers for the CLI tests (tests/cli*.sh): sourced, not run.
# Each check prints "ok - ..." or "FAIL - ..." and counts into $passed / $failed;
# a script ends with: echo "NAME: $passed passed, $failed failed"; [ "$failed" -eq 0 ]
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
prog="$top_builddir/datasset"

if [ ! -x "$prog" ]; then
	echo "cli: $prog is not built" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-cli.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0
nl='
'

# run ARGS...: run the tool, leaving its stdout, stderr and exit status in
# $out, $err and $status (trailing newlines stripped, as $(...) does).
run() {
	"$prog" "$@" >"$work/out" 2>"$work/err"
	status=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}

# label ARGS...: the command line as a check's name, quoting empty or spaced arguments.
label() {
	name=datasset
	for arg in "$@"; do
		case $arg in
		"" | *" "*) name="$name '$arg'" ;;
		*) name="$name $arg" ;;
		esac
	done
	printf '%s' "$name"
}

# report NAME OK [DETAILS]: count and print one result line.
report() {
	if [ "$2" = yes ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "FAIL - $1"
		printf '%s\n' "$3" | sed 's/^/    /'
	fi
}

# check STATUS STDOUT STDERR ARGS...: run `datasset ARGS...` and compare the
# exit status, stdout and stderr exactly.
check() {
	want_status=$1 want_out=$2 want_err=$3
	shift 3
	run "$@"
	if [ "$status" = "$want_status" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
		report "$(label "$@")" yes
	else
		report "$(label "$@")" no "status $status (want $want_status)${nl}stdout: $out${nl}  want: $want_out${nl}stderr: $err${nl}  want: $want_err"
	fi
}

# ok STDOUT ARGS...: success with exactly STDOUT and nothing on stderr.
ok() {
	want=$1
	shift
	check 0 "$want" "" "$@"
}

# fails MESSAGE ARGS...: exit 1, nothing on stdout, "datasset CMD: MESSAGE" on stderr.
fails() {
	message=$1
	shift
	check 1 "" "datasset $1: $message" "$@"
}

# usage MESSAGE ARGS...: exit 2 with the message and the hint to read --help.
usage() {
	message=$1
	shift
	check 2 "" "datasset $1: $message${nl}Try 'datasset $1 --help'." "$@"
}

# help FIRST-LINE ARGS...: exit 0, nothing on stderr, stdout starting with FIRST-LINE.
help() {
	want=$1
	shift
	run "$@"
	first=$(printf '%s\n' "$out" | sed -n 1p)
	if [ "$status" = 0 ] && [ "$first" = "$want" ] && [ -z "$err" ]; then
		report "$(label "$@")" yes
	else
		report "$(label "$@")" no "status $status${nl}first line: $first${nl}      want: $want${nl}stderr: $err"
	fi
}
