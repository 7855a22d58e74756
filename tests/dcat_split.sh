#!/bin/sh
# The DCAT import with its RDF/XML parse in parts (docs/performance.md, "Catalogue, DCAT"):
# DATASSET_DCAT_SPLIT_BYTES=N splits any file into parts of at least N bytes, so the parallel
# parse runs on small documents too. Every RDF/XML fixture, generated portal and bench files and
# broken copies of them must give the same output, messages and exit status as the one parser
# (files this small are never split unless asked), and test_catalog, which compares the
# streamed import with the in-memory one on every DCAT document it imports, must pass split.
# Run by automake with top_builddir and top_srcdir set; by hand:
#   top_builddir=_build top_srcdir=. sh tests/dcat_split.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
PYTHON=${PYTHON:-/usr/bin/python3}

# same FILE: the import of FILE, whole and in parts of 1, 300 and 4096 bytes.
same() {
	DATASSET_DCAT_SPLIT_BYTES= "$prog" catalog import-dcat "$1" --output "$work/whole.xml" >"$work/whole.out" 2>"$work/whole.err"
	want=$?
	for bytes in 1 300 4096; do
		rm -f "$work/part.xml"
		DATASSET_DCAT_SPLIT_BYTES=$bytes "$prog" catalog import-dcat "$1" --output "$work/part.xml" >"$work/part.out" 2>"$work/part.err"
		got=$?
		if [ "$got" = "$want" ] && cmp -s "$work/whole.out" "$work/part.out" && cmp -s "$work/whole.err" "$work/part.err" &&
			{ [ "$want" != 0 ] || cmp -s "$work/whole.xml" "$work/part.xml"; }; then
			report "$(basename "$1") in parts of $bytes bytes (exit $want)" yes
		else
			report "$(basename "$1") in parts of $bytes bytes" no "exit $got (want $want)${nl}$(cat "$work/part.err")${nl}want: $(cat "$work/whole.err")"
		fi
	done
}

for f in "$top_srcdir"/tests/fixtures/dcat/*/*.rdf "$top_srcdir"/tests/fixtures/shacl/vocabularies/*.rdf; do
	same "$f"
done

# the bench's files: portal datasets, and the bench's catalogue exported as DCAT
PYTHONDONTWRITEBYTECODE=1 "$PYTHON" - "$top_srcdir/bench" "$work" <<'EOF' || exit 1
import sys
sys.path.insert(0, sys.argv[1])
import dcat_bench
dcat_bench.generate_portal(sys.argv[2] + "/portal.rdf", 300)
dcat_bench.generate(sys.argv[2] + "/native.xml", 300)
EOF
"$prog" catalog export "$work/native.xml" --format dcat --output "$work/bench.rdf" || exit 1
same "$work/portal.rdf"
same "$work/bench.rdf"

# broken copies: the first fault, named at the file's line, whichever part holds it
n=$(wc -l <"$work/portal.rdf")
sed "$((n - 40))s|<dct:title xml:lang=\"en\">|<dct:title xml:lang=\"en\" rdf:resource=\"http://a b/\">|" "$work/portal.rdf" >"$work/bad-iri.rdf"
same "$work/bad-iri.rdf"
sed "$((n / 2))s|<dcat:keyword |<zz:keyword |" "$work/portal.rdf" >"$work/bad-prefix.rdf"
same "$work/bad-prefix.rdf"
sed "$((n - 4))s|</dct:title>|</dct:titel>|" "$work/portal.rdf" >"$work/bad-tag.rdf"
same "$work/bad-tag.rdf"
head -c 30000 "$work/portal.rdf" >"$work/truncated.rdf"
same "$work/truncated.rdf"

if [ -x "$top_builddir/tests/test_catalog" ]; then
	if DATASSET_DCAT_SPLIT_BYTES=1 "$top_builddir/tests/test_catalog" >"$work/test_catalog.log" 2>&1; then
		report "test_catalog with every file in parts" yes
	else
		report "test_catalog with every file in parts" no "$(tail -20 "$work/test_catalog.log")"
	fi
fi

echo "dcat_split: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
