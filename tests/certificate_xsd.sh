#!/bin/sh
# The registry writes a certificate's log entry without validating it against
# certificate.xsd per call (lib/certificate/canonical.c says why); the proof
# that what it writes is valid is here and in tests/test_certificate.c, which
# validates with libxml2 every entry its property and boundary tests write
# (1,000 random field sets, every text field at and over 4,000 characters).
# This script validates the same entries with a validator that is not
# libxml2: the JDK's javax.xml.validation (tests/xsd_validate.java), and
# checks that it refuses broken copies of them (so a validator that accepts
# everything cannot pass). xmllint and python3-lxml are libxml2 again and add
# no independence, so they are not used. Skipped (77) without a JDK or
# without the Check-based test program. Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PYTHON=${PYTHON:-python3}
prog="$top_builddir/tests/test_certificate"

if ! command -v java >/dev/null 2>&1 || ! java -version >/dev/null 2>&1; then
	echo "SKIP: no Java runtime (a JDK's javax.xml.validation is the independent validator here)"
	exit 77
fi
if [ ! -x "$prog" ]; then
	echo "SKIP: $prog not built (needs Check)"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/certxsd.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/valid" "$work/invalid"

# The entries test_certificate writes and validates with libxml2.
if ! DS_CERT_XSD_DUMP="$work/valid" CK_RUN_CASE=core "$prog" >"$work/test.out" 2>&1; then
	cat "$work/test.out"
	echo "FAIL: tests/test_certificate"
	exit 1
fi
count=$(ls "$work/valid" | wc -l)
if [ "$count" -lt 50 ]; then
	echo "FAIL: only $count entries written"
	exit 1
fi

# Broken copies the validator must refuse: an unknown kind, a description of
# 4,001 characters, a missing element, a bad fingerprint, a fourth right.
"$PYTHON" - "$work/valid/entry-00000.xml" "$work/invalid" <<'PY' || exit 1
import re, sys
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
def put(name, new):
    assert new != text, name
    open(f"{out}/{name}.xml", "w", encoding="utf-8").write(new)
put("kind", re.sub(r'kind="[a-z]+"', 'kind="bogus"', text, count=1))
put("long", re.sub(r"<description>.*?</description>", "<description>" + "x" * 4001 + "</description>", text,
                   count=1, flags=re.S))
put("missing", re.sub(r"\s*<scenarios>.*?</scenarios>", "", text, count=1, flags=re.S))
put("fingerprint", re.sub(r"<metadata>(sha256|sm3):", "<metadata>md5:", text, count=1))
right = re.search(r"\n    <right .*?</right>", text, flags=re.S).group(0)
put("rights", text.replace("</rights>", right * 3 + "</rights>", 1) if text.count("<right ") == 1
    else text.replace("</rights>", right * 2 + "</rights>", 1))
PY

status=0
echo "valid: $count entries"
java "$top_srcdir/tests/xsd_validate.java" valid "$top_srcdir/schemas/certificate.xsd" "$work"/valid/*.xml || status=1
java "$top_srcdir/tests/xsd_validate.java" invalid "$top_srcdir/schemas/certificate.xsd" "$work"/invalid/*.xml \
	>"$work/invalid.out" || status=1
cut -c1-200 "$work/invalid.out"
[ $status = 0 ] && echo "PASS: every entry valid with the JDK's validator, every broken copy refused"
exit $status
