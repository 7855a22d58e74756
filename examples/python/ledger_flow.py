#!/usr/bin/python3
"""The ledger flow (数据资源入表) of an accountant's tool, through the datasset binding.

Load a book of data resources (``examples/data/ledger-book.xml``: assets,
their costs, licences, impairments and disposals under 财会〔2023〕11号), and
for one period (default 2024):

1. print each asset at the period's end: cost, accumulated amortisation,
   allowance and carrying amount (yuan, to the fen);
2. print the balance-sheet lines 其中：数据资源 (inventory, intangible assets,
   development expenditure) and the period's amortisation and licence revenue;
3. check every journal entry balances (借 = 贷) and write the entries as CSV
   for an ERP import (``--csv FILE``; with a UTF-8 BOM, for Excel).

Usage: ledger_flow.py [BOOK.xml] [--period YYYY|YYYY-MM..YYYY-MM] [--csv FILE]
SPDX-License-Identifier: MIT
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from decimal import Decimal
from typing import Optional, Sequence

import datasset as ds
from datasset import ledger

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


def money(x: Decimal) -> str:
    return ds.format(x, 2, grouped=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", default=str(DATA / "ledger-book.xml"))
    parser.add_argument("--period", default="2024", help="YYYY, or YYYY-MM..YYYY-MM")
    parser.add_argument("--csv", help="write the journal entries here as CSV (UTF-8 with BOM)")
    args = parser.parse_args(argv)

    book = ledger.Ledger.load(args.book)
    start, _, end = args.period.partition("..")
    report = book.report(start, end or None)
    print(f"{book.entity}: {args.period}, {len(book)} assets")

    print("\n资产 (asset)        cost            accumulated     allowance       carrying")
    for a in report.assets:
        print(f"  {a.id:<6} {a.asset_class.name.lower():<10} {money(a.cost):>15} {money(a.accumulated):>15}"
              f" {money(a.allowance):>15} {money(a.carrying):>15}{'' if a.on_books else '  (off the books)'}")

    f = report.figures
    print("\n资产负债表 其中：数据资源 (balance sheet)")
    print(f"  存货 inventory            {money(f.inventory):>15}")
    print(f"  无形资产 intangible       {money(f.intangible):>15}")
    print(f"  开发支出 development      {money(f.development):>15}")
    print(f"  本期摊销 amortisation     {money(f.amortisation):>15}")
    print(f"  许可收入 licence revenue  {money(f.licence_revenue):>15}")

    entries = report.entries
    for e in entries:
        debit = sum((p.amount for p in e.postings if p.debit), Decimal(0))
        credit = sum((p.amount for p in e.postings if not p.debit), Decimal(0))
        if debit != credit:
            print(f"unbalanced entry {e.date} {e.asset_id} {e.event}: 借 {debit} 贷 {credit}", file=sys.stderr)
            return 1
    print(f"\n{len(entries)} journal entries, every one balanced (借 = 贷)")
    if args.csv:
        pathlib.Path(args.csv).write_text(report.write("entries", "csv", bom=True), encoding="utf-8")
        print(f"entries written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
