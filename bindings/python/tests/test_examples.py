"""The scripts of examples/python run on examples/data and give the figures
the datasset CLI gives for the same files, so they stay true."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import TOP_SRCDIR

EXAMPLES = TOP_SRCDIR / "examples" / "python"
DATA = TOP_SRCDIR / "examples" / "data"


def run(script, *args):
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), *map(str, args)], capture_output=True,
                          text=True, env=dict(os.environ), timeout=120)
    return proc


def cli_out(cli, *args):
    return subprocess.run([cli, *map(str, args)], check=True, capture_output=True, text=True).stdout


def test_valuation_flow_matches_cli(cli):
    proc = run("valuation_flow.py")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    flows = [line.split()[1] for line in (DATA / "cash-flows.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    # The CLI's first line is the value rounded HALF_UP to the fen.
    value = cli_out(cli, "value", "income", "--rate", "0.085", "--flows", ";".join(flows)).splitlines()[0]
    first = out.splitlines()[0]
    assert first.replace(",", "").endswith(": " + value)
    assert "人民币伍佰肆拾万零伍佰贰拾捌元壹角肆分" in out
    # Each approach and the conclusion as the CLI's report of valuation.xml shows them.
    report = cli_out(cli, "value", DATA / "valuation.xml")
    approaches = re.findall(r"^== \S+ \[(\w+)\]: ([\d,.]+)$", report, re.M)
    assert [kind for kind, _ in approaches] == ["income", "cost", "market"]
    for kind, figure in approaches:
        assert re.search(rf"^  \w+ +\[{kind}\] {re.escape(figure)}$", out, re.M), (kind, figure, out)
    conclusion = re.search(r"^\s*conclusion\s+([\d,.]+)$", out, re.M)
    assert conclusion and conclusion.group(1) in report


def test_valuation_flow_rejects_a_bad_forecast(tmp_path):
    bad = tmp_path / "flows.txt"
    bad.write_text("1 1000.00\n3 2000.00\n", encoding="utf-8")
    proc = run("valuation_flow.py", bad)
    assert proc.returncode != 0 and f"{bad}:2: expected '2 INCOME'" in proc.stderr
    bad.write_text("1 12,34x\n", encoding="utf-8")
    proc = run("valuation_flow.py", bad)
    assert proc.returncode != 0 and "ParseError" in proc.stderr


def test_ledger_flow_matches_cli(cli, tmp_path):
    csv = tmp_path / "entries.csv"
    proc = run("ledger_flow.py", "--period", "2024", "--csv", csv)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    # The balance-sheet lines as `datasset ledger run --what balance` writes them.
    balance = cli_out(cli, "ledger", "run", DATA / "ledger-book.xml", "--period", "2024", "--what", "balance")
    figures = re.findall(r"([\d,]+\.\d\d)$", balance, re.M)
    assert len(figures) == 3
    for label, figure in zip(("存货 inventory", "无形资产 intangible", "开发支出 development"), figures):
        assert re.search(rf"^  {label} +{re.escape(figure)}$", out, re.M), (label, figure)
    # The CSV has the postings of the CLI's (whose --format csv is the accountant's table, with a
    # 合计 line per voucher and dates kept as text: docs/tables.md), and every entry balanced.
    import csv as csvmod
    import io
    table = list(csvmod.reader(io.StringIO(cli_out(cli, "ledger", "run", DATA / "ledger-book.xml", "--period",
                                                   "2024", "--what", "entries", "--format", "csv", "--no-bom",
                                                   "--excel-text", "no"))))
    expected = [[r[0].removeprefix("记-")] + r[1:] for r in table[1:] if r[5] != "合计"]
    ours = list(csvmod.reader(io.StringIO(csv.read_text(encoding="utf-8-sig"))))[1:]
    assert ours == expected
    vouchers = {r[0] for r in expected}
    assert f"{len(vouchers)} journal entries, every one balanced" in out


def test_ledger_flow_reports_a_missing_book(tmp_path):
    proc = run("ledger_flow.py", tmp_path / "none.xml")
    assert proc.returncode != 0 and "none.xml" in proc.stderr
