#!/bin/sh
# Run every fuzz harness built by fuzz/build-all.sh for SECONDS each, from the
# seeds of fuzz/seeds.sh, after replaying, as regressions, every input kept in
# fuzz/regressions/HARNESS/ (crashes found and fixed) and fuzz/findings/HARNESS/
# (findings kept while they are open): each must run clean. Prints one line per
# harness: its name, its seed, executions, executions per second, corpus size.
#   sh fuzz/run.sh BUILD-DIR OUT-DIR SECONDS
# Each harness runs with a fixed libFuzzer -seed= (from its name, or FUZZ_SEED
# for all), so that a run can be repeated: the same seed on the same corpus
# makes the same inputs in the same order (how many depends on the time bound
# and the machine's speed; seeds.sh signs some seeds with new keys, so those
# bytes differ from run to run).
# Exit status 1 when a harness crashed (its input is kept in OUT-DIR/crashes/,
# and the line to repeat the run is printed).
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
out=$(cd "$2" && pwd)
seconds=${3:-20}
rm -rf "$out/corpus"
sh "$top/fuzz/seeds.sh" "$build" "$out/corpus" >/dev/null
mkdir -p "$out/crashes" "$out/logs"
status=0
# ASan's leak check at exit and UBSan's reports both count as crashes.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for harness in "$top"/fuzz/fuzz_*.c; do
	name=$(basename "$harness" .c)
	exe="$out/$name"
	replayed=ok
	for kept in regressions findings; do
		dir="$top/fuzz/$kept/$name"
		[ -d "$dir" ] && [ -n "$(ls "$dir")" ] || continue
		if ! "$exe" "$dir"/* >"$out/logs/$name.$kept" 2>&1; then
			echo "FAIL $name: an input kept in fuzz/$kept/$name/ fails (see $out/logs/$name.$kept)"
			grep -m 5 -E 'ERROR|SUMMARY|fuzz: ' "$out/logs/$name.$kept" | sed 's/^/     /'
			replayed=FAIL
		fi
	done
	if [ $replayed = FAIL ]; then
		status=1
		continue
	fi
	# A libFuzzer seed in 1..2^31-1, fixed per harness (POSIX cksum of its name).
	seed=${FUZZ_SEED:-$(($(printf '%s' "$name" | cksum | cut -d ' ' -f 1) % 2147483646 + 1))}
	mkdir -p "$out/corpus/$name"
	if "$exe" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$name-" "$out/corpus/$name" \
		>"$out/logs/$name.log" 2>&1; then
		result=ok
	else
		result=FAIL
	fi
	# A leak allocated inside raptor's parser and lost by raptor itself (the first
	# frame outside libraptor2 is our call of its parser, not our statement
	# handler) is raptor's defect on a refused input, not ours: raptor 2.0.15's
	# parsers lose terms on some syntax errors (its N-Triples parser on any refused
	# line). The input is re-run with full stacks to tell; the harness then counts
	# as passed with a note, and the input stays in OUT-DIR/crashes/.
	if [ "$result" = FAIL ] && grep -q 'LeakSanitizer' "$out/logs/$name.log"; then
		leak=$(ls -t "$out/crashes/$name-leak-"* 2>/dev/null | head -n 1)
		if [ -n "$leak" ] && ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=64 \
			"$exe" "$leak" >"$out/logs/$name.leak" 2>&1; then :; fi
		if [ -n "$leak" ] && sh "$top/fuzz/raptor-leak.sh" <"$out/logs/$name.leak"; then
			result=ok
			status_note="raptor's own leak on a refused input (upstream defect): $leak"
		fi
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$name.log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/logs/$name.log" | tail -n 1)
	printf '%-4s %-20s seed %-10s %10s runs %7s/s  corpus %s\n' "$result" "$name" "$seed" "${runs:-?}" \
		"${rate:-?}" "$(ls "$out/corpus/$name" | wc -l)"
	[ "$result" = ok ] || status=1
	[ -z "${status_note:-}" ] || { echo "     note: $status_note"; status_note=; }
	if [ "$result" != ok ]; then
		grep -m 5 -E 'ERROR|SUMMARY|fuzz: ' "$out/logs/$name.log" | sed 's/^/     /'
		echo "     repeat: FUZZ_SEED=$seed sh fuzz/run.sh $build $out $seconds; keep the input of" \
			"$out/crashes/ in fuzz/regressions/$name/ with the fix (fuzz/findings/$name/ while open)"
	fi
done
exit $status
