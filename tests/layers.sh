#!/bin/sh
# Dependencies run downward only (shared/DESIGN.md section 2):
#   core (0) <- decimal (1) <- modules (2) <- registry, pdf (3) <- datasset.h, CLI (4)
# Checked over #include lines (code only, not comments):
# - every file of lib/<module>/ and every private header of lib/internal/ includes
#   headers of its own layer or below; lib/core also calls no function declared
#   above it (ds_decimal_*, ds_registry_*, any DS_EXTERN or ds__ function of a
#   higher header);
# - certificate and translog build from values: nothing from registry or store;
#   the computation modules (valuation, ledger, policy, settlement) reach no store either;
# - each public header includes only public headers of its own layer or below.
# A header this script cannot place in a layer is a failure too: add it below.
set -u
: "${top_srcdir:=.}"
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$top_srcdir

# The module of a lib/ directory.
dir_module() {
	case $1 in
	core | decimal | rdf | catalog | probe | compliance | valuation | ledger | policy | settlement | translog | certificate | crypto | store | registry | pdf)
		echo "$1" ;;
	*) echo "" ;;
	esac
}

# The layer of a module.
module_layer() {
	case $1 in
	core) echo 0 ;;
	decimal | rdf) echo 1 ;;
	catalog | probe | compliance | valuation | ledger | policy | settlement | translog | certificate | crypto | store) echo 2 ;;
	registry | pdf) echo 3 ;;
	umbrella) echo 4 ;;
	*) echo "" ;;
	esac
}

# The module of a public header (its name under include/datasset/).
public_module() {
	case $1 in
	common.h | version.h) echo core ;;
	decimal.h) echo decimal ;;
	datasset.h) echo umbrella ;;
	catalog.h | probe.h | compliance.h | valuation.h | ledger.h | policy.h | settlement.h | translog.h | certificate.h | registry.h | pdf.h)
		echo "${1%.h}" ;;
	*) echo "" ;;
	esac
}

# The module of a private header under lib/internal/.
internal_module() {
	case $1 in
	core.h | xml.h | codes.h) echo core ;;
	decimal.h | decimal_xml.h) echo decimal ;;
	crypto.h) echo crypto ;;
	store.h) echo store ;;
	translog.h) echo translog ;;
	catalog.h) echo catalog ;;
	rdf.h) echo rdf ;;
	probe_source.h) echo probe ;;
	*) echo "" ;;
	esac
}

# The module an include "$2" names, seen from a file of module $1 in directory $3.
# Empty for config.h (the build's own), "?" when unknown.
include_module() {
	case $2 in
	config.h) echo "" ;;
	datasset/*) m=$(public_module "${2#datasset/}"); echo "${m:-?}" ;;
	internal/*) m=$(internal_module "${2#internal/}"); echo "${m:-?}" ;;
	*/*) m=$(dir_module "${2%%/*}"); echo "${m:-?}" ;;
	*)
		if [ "$3" = include/datasset ]; then
			m=$(public_module "$2")
		elif [ "$3" = lib/internal ]; then
			m=$(internal_module "$2")
		elif [ -f "$src/$3/$2" ]; then
			m=$1 # the module's own header
		else
			m=""
		fi
		echo "${m:-?}" ;;
	esac
}

# Code without comments, line numbers kept.
strip_comments() {
	awk '{
		out = ""; line = $0
		while (length(line)) {
			if (inc) {
				i = index(line, "*/"); if (!i) break
				line = substr(line, i + 2); inc = 0
			} else {
				i = index(line, "/*"); j = index(line, "//")
				if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); break }
				if (!i) { out = out line; break }
				out = out substr(line, 1, i - 1) " "; line = substr(line, i + 2); inc = 1
			}
		}
		print out
	}' "$1"
}

# check_includes FILE MODULE DIR: every include of FILE (module MODULE) is of its layer or below.
check_includes() {
	file=$1 module=$2 dir=$3 bad=0
	layer=$(module_layer "$module")
	strip_comments "$src/$file" | grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' |
		sed -E 's/^([0-9]+):.*"([^"]*)".*/\1 \2/' >"$tmp/includes"
	while read -r line inc; do
		m=$(include_module "$module" "$inc" "$dir")
		[ -z "$m" ] && continue
		if [ "$m" = "?" ]; then
			echo "FAIL: $file:$line includes \"$inc\", which no layer owns (add it to tests/layers.sh)"
			bad=1; continue
		fi
		l=$(module_layer "$m")
		if [ "$l" -gt "$layer" ]; then
			echo "FAIL: $file:$line includes \"$inc\" ($m, layer $l) from $module (layer $layer)"
			bad=1; continue
		fi
		case $module:$m in
		certificate:registry | certificate:store | translog:registry | translog:store)
			echo "FAIL: $file:$line includes \"$inc\": $module builds from values and never reaches $m"
			bad=1 ;;
		valuation:store | ledger:store | policy:store | settlement:store | decimal:store)
			echo "FAIL: $file:$line includes \"$inc\": $module computes, it never reaches $m"
			bad=1 ;;
		esac
	done <"$tmp/includes"
	if [ "$bad" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# ---- functions declared above core: public (DS_EXTERN) and private (ds__).
for h in "$src"/include/datasset/*.h; do
	m=$(public_module "$(basename "$h")")
	[ "$m" = core ] && continue
	tr '\n' ' ' <"$h" | tr ';' '\n' | grep 'DS_EXTERN' |
		sed -E 's/.*DS_EXTERN[^(]*[ *]([a-z_][a-z0-9_]*) *\(.*/\1/' | grep '^ds_'
done >"$tmp/above"
for h in "$src"/lib/internal/*.h "$src"/lib/*/*.h; do
	case $h in */lib/internal/*) m=$(internal_module "$(basename "$h")") ;; *) m=$(dir_module "$(basename "$(dirname "$h")")") ;; esac
	[ "$m" = core ] && continue
	strip_comments "$h" | sed -nE 's/^[a-z][^(=]*[ *](ds__[a-z0-9_]+)\(.*/\1/p'
done >>"$tmp/above"
for h in "$src"/include/datasset/common.h "$src"/lib/internal/core.h "$src"/lib/internal/xml.h "$src"/lib/internal/codes.h; do
	strip_comments "$h" | grep -oE '\bds_{1,2}[a-z0-9_]+[[:space:]]*\(' | sed -E 's/[[:space:]]*\($//'
done | sort -u >"$tmp/core_names"
sort -u "$tmp/above" | grep -vxF -f "$tmp/core_names" >"$tmp/above_names"

# ---- lib/core: includes and calls.
for f in "$src"/lib/core/*.c; do
	file=lib/core/$(basename "$f")
	check_includes "$file" core lib/core
	strip_comments "$f" | grep -noE '\bds_{1,2}[a-z0-9_]+[[:space:]]*\(' | sed -E 's/[[:space:]]*\($//' >"$tmp/calls"
	bad=0
	while IFS=: read -r line name; do
		case $name in
		ds_decimal_* | ds_registry_*) above=1 ;;
		*) if grep -qxF "$name" "$tmp/above_names"; then above=1; else above=0; fi ;;
		esac
		if [ "$above" -eq 1 ]; then
			echo "FAIL: $file:$line calls $name(), which is above core"
			bad=1
		fi
	done <"$tmp/calls"
	if [ "$bad" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

# ---- every other library directory and the private headers.
for d in "$src"/lib/*/; do
	dir=lib/$(basename "$d")
	[ "$dir" = lib/core ] && continue
	for f in "$d"*.c "$d"*.h; do
		[ -f "$f" ] || continue
		file=$dir/$(basename "$f")
		if [ "$dir" = lib/internal ]; then
			m=$(internal_module "$(basename "$f")")
		else
			m=$(dir_module "$(basename "$d")")
		fi
		if [ -z "$m" ]; then
			echo "FAIL: $file belongs to no layer (add it to tests/layers.sh)"
			failed=$((failed + 1)); continue
		fi
		check_includes "$file" "$m" "$dir"
	done
done

# ---- public headers.
for f in "$src"/include/datasset/*.h; do
	file=include/datasset/$(basename "$f")
	m=$(public_module "$(basename "$f")")
	if [ -z "$m" ]; then
		echo "FAIL: $file belongs to no layer (add it to tests/layers.sh)"
		failed=$((failed + 1)); continue
	fi
	check_includes "$file" "$m" include/datasset
done

echo "layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
