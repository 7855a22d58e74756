#!/bin/sh
# datasset probe: the command line end to end — CSV, TSV, GB18030, SQLite,
# the report file, diff (with --check), to-catalog, exit statuses and messages.
# Run by automake with top_builddir and top_srcdir set.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
PYTHON=${PYTHON:-python3}

# has TEXT ARGS...: exit 0, nothing on stderr, stdout contains TEXT.
has() {
	want=$1
	shift
	run "$@"
	case $out in
	*"$want"*) ok_out=yes ;;
	*) ok_out=no ;;
	esac
	if [ "$status" = 0 ] && [ -z "$err" ] && [ "$ok_out" = yes ]; then
		report "$(label "$@") has '$want'" yes
	else
		report "$(label "$@") has '$want'" no "status $status${nl}stdout: $out${nl}stderr: $err"
	fi
}

cat >"$work/v1.csv" <<'EOF'
id,姓名,金额,日期,手机,邮编
1,张三,12.50,2024-01-31,13812345678,050000
2,李四,3,2024-02-01,13912345678,250000
3,王五,,2024-02-29,15012345678,050001
EOF
# v2: 邮编 renamed 备注 (same position, still text), 金额 becomes text, 来源 added, one row more
cat >"$work/v2.csv" <<'EOF'
id,姓名,金额,日期,手机,备注,来源
1,张三,12.50,2024-01-31,13812345678,x,a
2,李四,n/a,2024-02-01,13912345678,y,a
3,王五,7,2024-02-29,15012345678,z,b
4,赵六,8,2024-03-01,15112345678,w,b
EOF

help "Usage: datasset probe FILE.csv [--encoding auto|utf-8|gb18030|utf-16|NAME] [--delimiter ,]" probe --help
usage "missing FILE, sqlite:PATH#TABLE, diff or to-catalog" probe
usage "one source at a time" probe "$work/v1.csv" "$work/v2.csv"
usage "--as-of needs --update-cycle" probe "$work/v1.csv" --as-of 2024-03-01
usage "--delimiter takes one character or 'tab'" probe "$work/v1.csv" --delimiter ab
usage "--format is text or xml" probe "$work/v1.csv" --format csv
usage "diff takes OLD.xml NEW.xml and only --check" probe diff "$work/a.xml"
usage "to-catalog takes one REPORT.xml and no options" probe to-catalog
usage "a SQLite source is sqlite:PATH#TABLE" probe "sqlite:$work/x.db"
usage "unknown option '--bogus'" probe "$work/v1.csv" --bogus

# the summary
has "rows: 3  columns: 6  complete records: 2" probe "$work/v1.csv"
has "3. 金额: decimal(4,2); nulls 1, distinct 2, max length 5, min 3, max 12.50" probe "$work/v1.csv"
has "5. 手机: text [mobile, 个人信息]" probe "$work/v1.csv"
has "6. 邮编: text; nulls 0, distinct 3" probe "$work/v1.csv"
has "4. 日期: date YYYY-MM-DD;" probe "$work/v1.csv"
has "时效性 100.00" probe "$work/v1.csv" --update-cycle 每月 --as-of 2024-03-15
has "时效性 50.00" probe "$work/v1.csv" --update-cycle 每周 --as-of 2024-03-14
fails "更新周期 (update_cycle): '每两周' is not one of 实时 每日 每周 每月 每季度 每半年 每年 不定期" \
	probe "$work/v1.csv" --update-cycle 每两周 --as-of 2024-03-01
fails "as_of: '2024-02-30' is not a date YYYY-MM-DD" probe "$work/v1.csv" --update-cycle 每月 --as-of 2024-02-30
run probe "$work/missing.csv"
if [ "$status" = 1 ] && [ -z "$out" ] && case $err in "datasset probe: "*missing.csv*) true ;; *) false ;; esac; then
	report "probe of a missing file fails naming it" yes
else
	report "probe of a missing file fails naming it" no "status $status${nl}stderr: $err"
fi

# reports, diff, to-catalog
run probe "$work/v1.csv" --out "$work/v1.xml"
report "probe --out writes the report and prints the summary" \
	"$([ "$status" = 0 ] && [ -s "$work/v1.xml" ] && [ -z "$err" ] && echo yes || echo no)" "$err"
run probe "$work/v2.csv" --out "$work/v2.xml"
run probe "$work/v1.csv" --format xml
report "probe --format xml prints the same report" \
	"$([ "$status" = 0 ] && [ "$out" = "$(cat "$work/v1.xml")" ] && echo yes || echo no)" "$err"
ok "no changes" probe diff "$work/v1.xml" "$work/v1.xml"
ok "no changes" probe diff --check "$work/v1.xml" "$work/v1.xml"
has "*breaking RENAME 备注: 邮编 -> 备注" probe diff "$work/v1.xml" "$work/v2.xml"
has "*breaking DROP 来源: 来源 -> -" probe diff "$work/v2.xml" "$work/v1.xml"
# two files that differ only after the first 1 MiB of a field: the content changed
"$PYTHON" -c "import sys; w = sys.argv[1]
open(w + '/long_a.csv', 'w').write('a,b\\n' + 'x' * 2000000 + 'A,1\\n')
open(w + '/long_b.csv', 'w').write('a,b\\n' + 'x' * 2000000 + 'B,1\\n')" "$work"
run probe "$work/long_a.csv" --out "$work/long_a.xml"
run probe "$work/long_b.csv" --out "$work/long_b.xml"
has "info     CONTENT: " probe diff "$work/long_a.xml" "$work/long_b.xml"
has "*warning  TYPE_WIDEN 金额: decimal -> text" probe diff "$work/v1.xml" "$work/v2.xml"
has "*info     ADD 来源: - -> 来源" probe diff "$work/v1.xml" "$work/v2.xml"
has " info     STATS_DRIFT: 3 -> 4" probe diff "$work/v1.xml" "$work/v2.xml"
has "the catalogue entry is out of date" probe diff "$work/v1.xml" "$work/v2.xml"
run probe diff --check "$work/v1.xml" "$work/v2.xml"
report "probe diff --check exits 1 for a stale catalogue entry" "$([ "$status" = 1 ] && echo yes || echo no)" \
	"status $status"
has '<item name="金额" type="N" length="4">decimal(4,2)</item>' probe to-catalog "$work/v1.xml"
has '<item name="手机" type="C" length="11">手机号码（个人信息）</item>' probe to-catalog "$work/v1.xml"
has '<security personal-info="true"/>' probe to-catalog "$work/v1.xml"
printf '<probe xmlns="urn:datasset:probe:1" version="1"/>\n' >"$work/bad.xml"
run probe diff "$work/bad.xml" "$work/v1.xml"
case $err in
"datasset probe: "*line*) bad_ok=yes ;;
*) bad_ok=no ;;
esac
report "probe diff of a report that fails the schema names the line" \
	"$([ "$status" = 1 ] && [ "$bad_ok" = yes ] && echo yes || echo no)" "status $status${nl}stderr: $err"

# TSV, no header, GB18030, SQLite
printf 'a\tb\n1\tx\n2\ty\n' >"$work/t.tsv"
has "rows: 2  columns: 2" probe "$work/t.tsv" --delimiter tab
has "1. column_1: text" probe "$work/t.tsv" --delimiter tab --no-header
"$PYTHON" - "$work" <<'EOF'
import sqlite3, sys
work = sys.argv[1]
with open(f"{work}/v1.csv", encoding="utf-8") as f:
    text = f.read()
with open(f"{work}/gb.csv", "wb") as f:
    f.write(text.encode("gb18030"))
db = sqlite3.connect(f"{work}/t.db")
db.execute("create table t (id integer, name text, amount real)")
db.executemany("insert into t values (?, ?, ?)", [(1, "甲", 1.5), (2, None, 2.25), (3, "丙", None)])
db.commit()
db.close()
EOF
has "2. 姓名: text" probe "$work/gb.csv" --encoding gb18030
has "source: csv $work/gb.csv (GB18030" probe "$work/gb.csv" --encoding gb18030
has "source: sqlite $work/t.db#t" probe "sqlite:$work/t.db#t"
has "3. amount: decimal(3,2); nulls 1" probe "sqlite:$work/t.db#t"
run probe "sqlite:$work/t.db#t" --out "$work/t.xml"
has "<format>数据库</format>" probe to-catalog "$work/t.xml"
# reports of different sources are compared, with a first line that says so
has "*warning  SOURCE: csv:$work/v1.csv -> sqlite:$work/t.db#t" probe diff "$work/v1.xml" "$work/t.xml"
has " info     SOURCE: csv:$work/v1.csv -> csv:$work/v2.csv" probe diff "$work/v1.xml" "$work/v2.xml"
run probe "sqlite:$work/t.db#nosuch"
report "probe of a missing SQLite table fails" "$([ "$status" = 1 ] && [ -n "$err" ] && echo yes || echo no)" "$err"
# a table name with '#', a path with '#': the first prefix that is a file is the path
mkdir -p "$work/d#1"
"$PYTHON" - "$work" <<'EOF'
import sqlite3, sys
work = sys.argv[1]
for path in (f"{work}/t.db", f"{work}/d#1/x.db"):
    db = sqlite3.connect(path)
    db.execute('create table "a#b" (v integer, b blob)')
    db.executemany('insert into "a#b" values (?, ?)', [(1, b""), (2, b"\x01"), (3, None)])
    db.commit()
    db.close()
EOF
has "source: sqlite $work/t.db#a#b" probe "sqlite:$work/t.db#a#b"
has "2. b: text; nulls 1, distinct 2" probe "sqlite:$work/t.db#a#b"
has "source: sqlite $work/d#1/x.db#a#b" probe "sqlite:$work/d#1/x.db#a#b"
fails "sqlite:$work/none.db#t: no database file: neither '$work/none.db' nor a longer path before a later '#' exists" \
	probe "sqlite:$work/none.db#t"
usage "a SQLite source is sqlite:PATH#TABLE" probe "sqlite:$work/t.db#"


# never misread silently: binary input refused naming its format, guesses warned
printf 'id,n\n1,2\n' | gzip -c >"$work/t.csv.gz"
if grep -q '^#define HAVE_ZLIB 1' "${top_builddir:-.}/config.h"; then
	# gzip read through zlib: several members as gzip -d reads them; cut or corrupt data fails
	printf 'id,n\n1,2\n3,4\n' >"$work/plain.csv"
	{ printf 'id,n\n1,2\n' | gzip -c; printf '3,4\n' | gzip -c; } >"$work/two.csv.gz"
	has "rows: 2  columns: 2" probe "$work/two.csv.gz"
	"$top_builddir/datasset" probe "$work/plain.csv" | sed 1d >"$work/plain.out"
	"$top_builddir/datasset" probe "$work/two.csv.gz" | sed 1d >"$work/two.out"
	if cmp -s "$work/plain.out" "$work/two.out"; then
		report "a gzip file reads as its text does" yes
	else
		report "a gzip file reads as its text does" no "$(diff "$work/plain.out" "$work/two.out")"
	fi
	head -c 20 "$work/t.csv.gz" >"$work/cut.csv.gz"
	fails "$work/cut.csv.gz: the gzip data is cut short (20 compressed bytes read)" probe "$work/cut.csv.gz"
	{ head -c 10 "$work/t.csv.gz"; printf '\377\377\377\377\377\377\377\377'; } >"$work/bad.csv.gz"
	fails "$work/bad.csv.gz: corrupt gzip data after 11 compressed bytes: invalid block type" probe "$work/bad.csv.gz"
	printf 'PK\003\004rest' | gzip -c >"$work/zip.gz"
	fails "$work/zip.gz: a gzip-compressed file holding a zip archive, not CSV text" probe "$work/zip.gz"
else
	fails "$work/t.csv.gz: a gzip-compressed file, not CSV text" probe "$work/t.csv.gz"
fi
printf '\320\317\021\340\241\261\032\341\000\000' >"$work/old.xls"
fails "$work/old.xls: an OLE2 compound document (Excel .xls, Word .doc), not CSV text" probe "$work/old.xls"
printf '1,2\n3,4\n' >"$work/nohead.csv"
has "1. column_1: integer" probe "$work/nohead.csv"
has "header detected" probe "$work/nohead.csv"
has "1. 1: integer" probe "$work/nohead.csv" --header yes
has "header given" probe "$work/nohead.csv" --header no
usage "--header is auto, yes or no" probe "$work/nohead.csv" --header maybe
usage "--skip takes a number of records, 0 to 1000000" probe "$work/nohead.csv" --skip -1
usage "--threads takes a number of threads, 1 to 64" probe "$work/nohead.csv" --threads 0
usage "--threads takes a number of threads, 1 to 64" probe "$work/nohead.csv" --threads 65
# the same report whatever the threads: a file of several batches (256 KiB each) whose
# quoted fields hold newlines in every third record
awk 'BEGIN { print "id,note,n"; for (i = 0; i < 30000; i++)
	printf "%d,%s,%d\n", i, (i % 3 ? "plain " i % 50 : "\"line " i "\nnext, \"\"q\"\"\""), i % 7 }' >"$work/many.csv"
run probe "$work/many.csv" --format xml --threads 1
one=$out
run probe "$work/many.csv" --format xml --threads 2
two=$out
run probe "$work/many.csv" --format xml --threads 4
case $status in
0) if [ "$one" = "$two" ] && [ "$one" = "$out" ] && [ -n "$one" ]; then
	report "--threads 1, 2 and 4 give the same report" yes
else
	report "--threads 1, 2 and 4 give the same report" no "the reports differ"
fi ;;
*) report "--threads 1, 2 and 4 give the same report" no "status $status${nl}stderr: $err" ;;
esac
printf 'Report of 2024\nnotes\nid,n\n1,2\n3,4\n' >"$work/preamble.csv"
has "rows: 2  columns: 2" probe "$work/preamble.csv" --skip 2
run probe "$work/preamble.csv" --format xml
case $status:$err:$out in
0:"datasset probe: warning (preamble): 2 lines skipped before the header: 2 records"*"the first is 'Report of 2024'"*:*'<warning kind="preamble"'*)
	report "a preamble is skipped, warned on stderr and kept in the report" yes ;;
*) report "a preamble is skipped, warned on stderr and kept in the report" no "status $status${nl}stderr: $err${nl}stdout: $out" ;;
esac
has "1. Report of 2024: text" probe "$work/preamble.csv" --skip 0
printf 'city:region:pop\nBoston:MA:600000\nConcord:NH:42605\n' >"$work/colon.csv"
has "source: csv $work/colon.csv (UTF-8, delimiter ':', header)" probe "$work/colon.csv"
printf 'name|city\nJos\351|M\341laga\n' >"$work/latin1.csv"
run probe "$work/latin1.csv" --format xml
case $status:$err:$out in
0:"datasset probe: warning (encoding): encoding uncertain: read as ISO-8859-1 (confidence "*", next best "*:*'<warning kind="encoding"'*)
	report "an uncertain encoding is warned on stderr and kept in the report" yes ;;
*) report "an uncertain encoding is warned on stderr and kept in the report" no "status $status${nl}stderr: $err${nl}stdout: $out" ;;
esac
has "top: José (1)" probe "$work/latin1.csv" --encoding latin1

echo "cli_probe: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
