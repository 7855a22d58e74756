#!/usr/bin/python3
"""Read a workbook written by datasset with openpyxl (an independent reader,
Debian python3-openpyxl) and compare it with the CSV files of the same tables.

  tables_check.py BOOK.xlsx NAME=FILE.csv ...

For every sheet NAME: every body cell equals the CSV cell of the same table
(numbers at two decimals as Decimal, text as text, the CSV's ="text" guards
undone); every formula is =SUM(range) and its cached value equals the sum of
the range computed with Decimal from the cells; amounts carry #,##0.00.
Prints "ok - ..." / "FAIL - ..." lines and exits 1 on any failure.
SPDX-License-Identifier: MIT
"""
import csv
import io
import re
import sys
from decimal import Decimal

import openpyxl
from openpyxl.utils import range_boundaries

failed = 0
passed = 0


def report(name, ok, detail=""):
    global failed, passed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("FAIL - " + name + (": " + detail if detail else ""))


def fen(value):
    """A spreadsheet number as the exact two-decimal Decimal it reads back as."""
    return Decimal(repr(float(value))).quantize(Decimal("0.01"))


def unguard(text):
    m = re.fullmatch(r'="(.*)"', text, re.S)
    return m.group(1).replace('""', '"') if m else text


def main():
    path = sys.argv[1]
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    for arg in sys.argv[2:]:
        name, csv_path = arg.split("=", 1)
        with open(csv_path, "rb") as f:
            raw = f.read()
        report(f"{name}: CSV starts with a BOM", raw.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        header, body = [unguard(h) for h in rows[0]], rows[1:]
        if name not in formulas.sheetnames:
            report(f"{name}: sheet present", False, str(formulas.sheetnames))
            continue
        ws, wc = formulas[name], cached[name]
        start = ws.max_row - len(body) + 1  # title and header rows above the body
        report(f"{name}: {len(body)} rows, {len(header)} columns",
               ws.max_column == len(header) and start >= 3, f"max_row {ws.max_row} max_column {ws.max_column}")
        names_found = [c.value for r in ws.iter_rows(min_row=2, max_row=start - 1) for c in r if c.value]
        report(f"{name}: every column name in the header rows",
               all(h in names_found for h in header), f"{header} vs {names_found}")
        bad = []
        sums = 0
        amounts = 0
        for i, row in enumerate(body):
            for j, text in enumerate(row):
                cell, value = ws.cell(start + i, j + 1), wc.cell(start + i, j + 1).value
                where = f"{cell.coordinate} (CSV line {i + 2}, column {j + 1})"
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    m = re.fullmatch(r"=SUM\(([A-Z]+[0-9]+:[A-Z]+[0-9]+)\)", cell.value)
                    if not m:
                        bad.append(f"{where}: formula {cell.value} is not a SUM")
                        continue
                    lo_c, lo_r, hi_c, hi_r = range_boundaries(m.group(1))
                    total = Decimal(0)
                    for r in range(lo_r, hi_r + 1):
                        for c in range(lo_c, hi_c + 1):
                            v = wc.cell(r, c).value
                            if isinstance(v, (int, float)):
                                total += fen(v)
                    sums += 1
                    if value is None or fen(value) != total:
                        bad.append(f"{where}: {cell.value} cached {value}, the range sums to {total}")
                    if fen(value) != Decimal(text):
                        bad.append(f"{where}: cached {value}, the CSV has {text}")
                elif isinstance(value, (int, float)):
                    amounts += 1
                    if cell.number_format == "#,##0.00":
                        # money: the number reads back, at two decimals, as the CSV's fen
                        if not re.fullmatch(r"-?[0-9]+\.[0-9][0-9]", text) or fen(value) != Decimal(text):
                            bad.append(f"{where}: {value}, the CSV has {text!r}")
                    elif text == "" or Decimal(repr(value)).normalize() != Decimal(text).normalize():
                        # another exact figure (a count, a rate, a ranking value): the same digits
                        bad.append(f"{where}: {value}, the CSV has {text!r}")
                elif value is None:
                    # a merged heading row keeps its text in the first cell only
                    if text != "":
                        bad.append(f"{where}: empty, the CSV has {text!r}")
                elif unguard(text) != value:
                    bad.append(f"{where}: {value!r}, the CSV has {text!r}")
        report(f"{name}: every cell equals the CSV's ({amounts} numbers, {sums} sums)", not bad,
               "; ".join(bad[:5]))
        indented = [ws.cell(r, 1).value for r in range(start, ws.max_row + 1)
                    if ws.cell(r, 1).alignment.indent and ws.cell(r, 1).value
                    and str(ws.cell(r, 1).value).startswith("其中")]
        if any(str(r[0]).startswith("其中") for r in body):
            report(f"{name}: 其中 rows indented", len(indented) == sum(1 for r in body if r[0].startswith("其中")))
    print(f"tables_check: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
