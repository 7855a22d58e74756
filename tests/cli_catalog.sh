#!/bin/sh
# datasset catalog: output, diagnostics and exit status of every subcommand.
# Run by automake with top_builddir and top_srcdir set; by hand:
#   top_builddir=_build top_srcdir=. sh tests/cli_catalog.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
example="$top_srcdir/examples/data/catalog-jinan.xml"
fixtures="$top_srcdir/tests/fixtures/catalog"

tab='	'

# check STATUS STDOUT STDERR ARGS...: exact exit status, stdout and stderr.
check() {
	want_status=$1 want_out=$2 want_err=$3
	shift 3
	run "$@"
	if [ "$status" = "$want_status" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
		report "datasset $*" yes
	else
		report "datasset $*" no "status $status (want $want_status)${nl}stdout: $out${nl}  want: $want_out${nl}stderr: $err${nl}  want: $want_err"
	fi
}

usage() {
	message=$1 command=$2
	shift 2
	check 2 "" "datasset $command: $message${nl}Try 'datasset $command --help'." "$@"
}

# expect NAME CONDITION-RESULT DETAILS: report a computed check.
expect() {
	if [ "$2" = 0 ]; then report "$1" yes; else report "$1" no "$3"; fi
}

# ---- help and usage
run catalog --help
expect "catalog --help" "$([ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | sed -n 1p)" = "Usage: datasset catalog <subcommand> [options]" ]; echo $?)" "$out"
check 0 "Usage: datasset catalog list FILE [--sort pinyin|id]${nl}${nl}Run 'datasset catalog --help' for what it does." "" catalog list --help
usage "missing subcommand (validate, list, search, export, import-dcat, diff, merge)" catalog catalog
usage "unknown subcommand 'frob' (valid: validate, list, search, export, import-dcat, diff, merge)" catalog catalog frob
usage "missing FILE" "catalog validate" catalog validate
usage "missing OLD and NEW" "catalog diff" catalog diff "$example"
usage "too many operands (usage: datasset catalog list FILE [--sort pinyin|id])" "catalog list" catalog list a b
usage "unknown option '--profile'" "catalog list" catalog list "$example" --profile jinan
usage "--sort must be pinyin or id, not 'date'" "catalog list" catalog list "$example" --sort date
usage "missing --format (xml, csv, dcat, turtle or ntriples)" "catalog export" catalog export "$example"
usage "--format must be xml, csv, dcat, turtle or ntriples, not 'json'" "catalog export" catalog export "$example" --format json
usage "--bom applies only to --format csv" "catalog export" catalog export "$example" --format xml --bom

# ---- validate
check 0 "$example: 61 entries, 0 errors, 0 warnings (profile jinan)" "" catalog validate "$example"
check 0 "$example: 61 entries, 0 errors, 0 warnings (profile gbt21063)" "" catalog validate "$example" --profile gbt21063
check 0 "$example: 61 entries, 0 errors, 0 warnings (profile jinan)" "" catalog validate "$example" --profile "$top_srcdir/schemas/profiles/jinan.xml"
f="$fixtures/bad-share_condition-required-unless.xml"
check 1 "resource[1]/share_condition: error [required-unless] 30201/11370100004191340F-00001: 共享条件 (share_condition) is required when 共享类型 (share_type) is '有条件共享'${nl}$f: 1 entries, 1 errors, 0 warnings (profile jinan)" "" catalog validate "$f"
f="$fixtures/bad-keyword-keywords-min.xml"
check 0 "resource[1]/keyword: warning [keywords-min] 30201/11370100004191340F-00001: 关键字 (keyword): 0 given; at least 1 expected${nl}$f: 1 entries, 0 errors, 1 warnings (profile jinan)" "" catalog validate "$f"
f="$fixtures/bad-format-required.xml"
check 0 "$f: 1 entries, 0 errors, 0 warnings (profile gbt21063)" "" catalog validate "$f" --profile gbt21063
check 1 "" "datasset catalog validate: no bundled profile 'shandong' (bundled: gbt21063, jinan; or give a file path)" catalog validate "$example" --profile shandong
check 1 "" "datasset catalog validate: $work/none.xml: cannot open: No such file or directory" catalog validate "$work/none.xml"
printf '<catalog xmlns="urn:datasset:catalog:1">\n<resource>\n<title>x</titel>\n</resource></catalog>\n' >"$work/broken.xml"
check 1 "" "datasset catalog validate: $work/broken.xml: line 3: the document is not well-formed" catalog validate "$work/broken.xml"

# Every bad fixture fails (or warns) under jinan with exactly one problem line.
all_one=0
for f in "$fixtures"/bad-*.xml; do
	"$prog" catalog validate "$f" >"$work/out" 2>&1
	lines=$(grep -c '^resource\[' "$work/out")
	[ "$lines" = 1 ] || { all_one=1; echo "    $f: $lines problem lines"; }
done
expect "catalog validate: each bad fixture reports exactly one problem" $all_one ""

# ---- list and search
run catalog list "$example" --sort pinyin
expect "catalog list --sort pinyin" "$([ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | sed -n 1,3p | cut -f2)" = "12345热线工单统计${nl}城市道路施工占道信息${nl}出生医学证明信息" ] && [ "$(printf '%s\n' "$out" | wc -l)" = 61 ]; echo $?)" "$out"
run catalog list "$example" --sort id
expect "catalog list --sort id" "$([ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | sed -n 1p)" = "30101/11370100MB1E28330Y-00001${tab}政务信息资源目录清单${tab}济南市大数据局" ]; echo $?)" "$out"
run catalog search "$example" zfgjj
expect "catalog search zfgjj" "$([ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 6 ] && ! printf '%s\n' "$out" | cut -f2 | grep -v '^住房公积金'; echo $?)" "$out"
check 0 "31001/113701000041936601-00001${tab}环境空气质量实时监测数据${tab}济南市生态环境局" "" catalog search "$example" ＰＭ２．５
check 0 "30502/11370100MB1H78100Y-00002${tab}医保定点医药机构信息${tab}济南市医疗保障局${nl}30503/11370100MB1H78100Y-00003${tab}医保药品目录${tab}济南市医疗保障局${nl}30506/11370100MB1H78100Y-00006${tab}医疗服务价格项目${tab}济南市医疗保障局" "" catalog search "$example" --provider 医疗保障 --share-type 无条件共享
check 0 "" "" catalog search "$example" 没有这样的资源
run catalog search "$example" --update-cycle 实时 --category 306
expect "catalog search --update-cycle --category" "$([ "$status" = 0 ] && [ "$out" = "30603/113701000041928706-00003${tab}公交车辆实时到站信息${tab}济南市交通运输局" ]; echo $?)" "$out"

# ---- export
run catalog export "$example" --format xml
printf '%s\n' "$out" >"$work/a.xml"
run catalog export "$work/a.xml" --format xml
printf '%s\n' "$out" >"$work/b.xml"
expect "catalog export --format xml is a fixed point" "$(cmp -s "$work/a.xml" "$work/b.xml"; echo $?)" "$(diff "$work/a.xml" "$work/b.xml" | head)"
run catalog export "$example" --format csv --bom
expect "catalog export --format csv --bom" "$([ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | head -c 13)" = "$(printf '\357\273\277identifier')" ] && [ "$(printf '%s\n' "$out" | wc -l)" = 62 ]; echo $?)" "$(printf '%s\n' "$out" | head -2)"

# ---- DCAT: parsed by rapper (raptor2) with the triple count; import gives back the catalogue
run catalog export "$example" --format dcat --base https://data.jinan.gov.cn/catalog/
printf '%s\n' "$out" >"$work/a.rdf"
if command -v rapper >/dev/null 2>&1; then
	triples=$(rapper -i rdfxml -c "$work/a.rdf" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
	expect "catalog export --format dcat parses as RDF ($triples triples)" "$([ "$status" = 0 ] && [ "$triples" = 4281 ]; echo $?)" "rapper: $(rapper -i rdfxml -c "$work/a.rdf" 2>&1 | tail -3)"
	ntriples=$(rapper -q -i rdfxml -o ntriples "$work/a.rdf" 2>/dev/null)
	expect "dcat: 住房公积金提取信息 is updated daily (EU frequency vocabulary)" "$(printf '%s\n' "$ntriples" | grep -c '^<https://data.jinan.gov.cn/catalog/dataset/30204%2F11370100004191340F-00004> <http://purl.org/dc/terms/accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/DAILY> \.$' | grep -qx 1; echo $?)" ""
	expect "dcat: 61 datasets and 61 catalogue records" "$([ "$(printf '%s\n' "$ntriples" | grep -c 'rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>')" = 61 ] && [ "$(printf '%s\n' "$ntriples" | grep -c 'rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#CatalogRecord>')" = 61 ]; echo $?)" ""
else
	report "rapper (Debian raptor2-utils) is needed to check the DCAT export" no ""
fi
run catalog import-dcat "$work/a.rdf"
printf '%s\n' "$out" >"$work/back.xml"
# RDF has no order: keywords come back sorted, and nothing else changes
run catalog diff "$example" "$work/back.xml"
expect "dcat round trip: only keyword order changes" "$([ "$status" = 0 ] && [ -z "$(printf '%s\n' "$out" | grep -v ': keywords$')" ]; echo $?)" "$out"
run catalog export "$work/back.xml" --format dcat --base https://data.jinan.gov.cn/catalog/
expect "dcat round trip: the re-export is the same graph" "$([ "$(printf '%s\n' "$out" | rapper -q -i rdfxml -o ntriples - x: | sort | md5sum)" = "$(rapper -q -i rdfxml -o ntriples "$work/a.rdf" | sort | md5sum)" ]; echo $?)" ""
check 1 "" "datasset catalog import-dcat: $example:8: property element 'resource' has multiple object node elements, skipping." catalog import-dcat "$example"
# without --output the import goes through a temporary file in $TMPDIR: a missing directory is named
saved_tmpdir=${TMPDIR-}
export TMPDIR="$work/missing"
check 1 "" "datasset catalog import-dcat: cannot create a temporary file in '$work/missing': No such file or directory" catalog import-dcat "$work/a.rdf"
long=$(printf '%05000d' 0)
export TMPDIR="$work/$long"
check 1 "" "datasset catalog import-dcat: the temporary directory name '$work/$long' is too long" catalog import-dcat "$work/a.rdf"
if [ -n "$saved_tmpdir" ]; then TMPDIR=$saved_tmpdir; else unset TMPDIR; fi
usage "--base, --output, --description and --publisher apply only to DCAT formats" "catalog export" catalog export "$example" --format xml --base http://x/

# ---- diff: one entry removed, one retitled, one added
sed -e '/<identifier>30102\//,/<\/resource>/{s/电子证照目录信息/电子证照目录/}' "$example" >"$work/new.xml"
"$prog" catalog export "$work/new.xml" --format xml >/dev/null 2>&1 || true
awk 'BEGIN{skip=0} /<resource>/{buf=$0; getline; if ($0 ~ /30103\//) {skip=1} else {print buf}} skip==0{print} /<\/resource>/{if (skip) skip=0}' "$work/new.xml" >"$work/new2.xml"
sed -e 's|</catalog>|  <resource><identifier>39999/11370100MB1E28330Y-09999</identifier><title>新增资源</title></resource>\n</catalog>|' "$work/new2.xml" >"$work/new3.xml"
check 0 "~ 30102/11370100MB1E28330Y-00002: title${nl}- 30103/11370100MB1E28330Y-00003${nl}+ 39999/11370100MB1E28330Y-09999" "" catalog diff "$example" "$work/new3.xml"
check 0 "" "" catalog diff "$example" "$example"

# ---- merge: the changed entry is replaced in place, the new one appended; a full
# snapshot also removes the entry it lacks
run catalog merge "$example" "$work/new3.xml"
printf '%s\n' "$out" >"$work/merged.xml"
check 0 "~ 30102/11370100MB1E28330Y-00002: title${nl}+ 39999/11370100MB1E28330Y-09999" "" catalog diff "$example" "$work/merged.xml"
run catalog merge "$example" "$work/new3.xml" --remove-missing
printf '%s\n' "$out" >"$work/merged2.xml"
check 0 "" "" catalog diff "$work/new3.xml" "$work/merged2.xml"
usage "missing BASE and UPDATE" "catalog merge" catalog merge "$example"

echo "cli_catalog: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
