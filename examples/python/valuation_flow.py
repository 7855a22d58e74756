#!/usr/bin/python3
"""The valuation flow of an accountant's tool, through the datasset binding.

1. Read a five-year income forecast (``examples/data/cash-flows.txt``: lines
   ``year income``, ``#`` comments) and value it by the income approach
   (收益法, P = Σ F_t / (1 + i)^t) at a discount rate (default 8.5 %).
   The value is exact; it is shown rounded HALF_UP to the fen (四舍五入) and
   in 人民币大写, then the calculation trace, one line per quantity.
2. Compute a whole ``<valuation>`` document (``examples/data/valuation.xml``:
   income, cost and market approaches reconciled by weights) and print each
   approach's value and the conclusion, to the fen.

Usage: valuation_flow.py [CASH_FLOWS.txt [VALUATION.xml [RATE]]]
(paths default to the examples/data files beside this folder).
SPDX-License-Identifier: MIT
"""

from __future__ import annotations

import pathlib
import sys
from decimal import Decimal
from typing import List, Sequence

import datasset as ds
from datasset import valuation

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


def read_flows(path: pathlib.Path) -> List[Decimal]:
    """The incomes of a ``year income`` file, in year order (years 1, 2, ... with no gap)."""
    flows: List[Decimal] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2 or fields[0] != str(len(flows) + 1):
            raise SystemExit(f"{path}:{number}: expected '{len(flows) + 1} INCOME', got {line!r}")
        value = ds.parse(fields[1])  # exact; a malformed amount raises datasset.ParseError
        assert isinstance(value, Decimal)
        flows.append(value)
    if not flows:
        raise SystemExit(f"{path}: no income lines")
    return flows


def main(argv: Sequence[str]) -> int:
    flows_path = pathlib.Path(argv[1]) if len(argv) > 1 else DATA / "cash-flows.txt"
    doc_path = pathlib.Path(argv[2]) if len(argv) > 2 else DATA / "valuation.xml"
    rate = argv[3] if len(argv) > 3 else "0.085"

    flows = read_flows(flows_path)
    v = valuation.income(flows, rate)
    value = ds.round(v.value)  # HALF_UP to the fen
    print(f"收益法 income approach, {len(flows)} years at {rate}: {ds.format(value, 2, grouped=True)}")
    print(f"大写: {ds.words(value)}")
    print(v.trace_text())

    report = valuation.Report.load(doc_path)
    print(f"\n{doc_path.name}:")
    for approach in report.approaches:
        print(f"  {approach.kind:<8} [{approach.id}] {ds.format(approach.result.value, 2, grouped=True)}")
    print(f"  conclusion        {ds.format(report.value, 2, grouped=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
