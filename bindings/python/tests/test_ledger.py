"""入表: schedules, a book built in Python and one read from a document,
reports; the CLI agreeing with Python."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

import datasset
from datasset import ledger as L

from conftest import FIXTURES

BOOK = FIXTURES / "ledger" / "book.xml"


def test_schedule():
    s = L.schedule("1000000", "2024-03", 36)
    assert len(s) == 36 and s.total == Decimal("1000000.00")
    assert s[0] == L.ScheduleLine(2024, 3, Decimal("1000000.00"), Decimal("27777.78"), Decimal("27777.78"),
                                  Decimal("0.00"), Decimal("972222.22"), False)
    last = s[-1]
    assert last.period == "2027-02" and last.charge == Decimal("27777.70") and last.true_up
    assert sum(1 for x in s if x.charge == Decimal("27777.78")) == 35
    assert L.schedule("1,000,000", "2024-03", 36).write("csv") == s.write("csv")
    assert L.schedule(1000, "2024-03", 12, residual=100)[0].charge == Decimal("75.00")
    d = L.schedule(1200, "2024-01", 12, derecognised="2024-07")
    assert d[-1].period == "2024-06" and d[-1].closing == Decimal("600.00")
    u = L.schedule(100, "2024-01", 3, method="units_of_benefit", units=[1, 1, 2])
    assert [x.charge for x in u] == [Decimal("25.00"), Decimal("25.00"), Decimal("50.00")]
    assert '<line month="2025-02" opening="33.34" charge="33.34" accumulated="100.00" impairment="0.00" ' \
           'closing="0.00" trueUp="true"/>' in L.schedule(100, "2024-12", 3).write("xml")
    assert L.schedule(100, "2024-12", 3).write("csv", bom=True).startswith("\ufeff")
    with pytest.raises(IndexError):
        s[36]
    assert "36 months" in repr(s)


def test_schedule_errors():
    with pytest.raises(datasset.ValidationError) as ei:
        L.schedule(1, "2024-13", 3)
    assert ei.value.field == "start"
    with pytest.raises(datasset.ValidationError) as ei:
        L.schedule("1.005", "2024-01", 3)
    assert ei.value.field == "cost"
    with pytest.raises(datasset.ValidationError) as ei:
        L.schedule(1, "2024-01", 3, residual=2)
    assert ei.value.field == "residual"
    with pytest.raises(datasset.RangeError):
        L.schedule(10**13, "2024-01", 3)
    with pytest.raises(datasset.ValidationError):
        L.schedule(1, "2024-01", 3, method="sum_of_digits")
    with pytest.raises(datasset.ValidationError):
        L.schedule(1, "2024-01", 3).write("pdf")


def test_book_from_the_document_and_cli(cli):
    book = L.Ledger.load(BOOK)
    assert book.entity == "济南示例数据科技有限公司"
    assert book.periods == [("2024-01", "2024-12"), ("2025-01", "2025-12")]
    assert len(book) > 0 and "assets" in repr(book)
    r = book.report("2024")
    f = r.figures
    assert (f.inventory, f.intangible, f.development) == (Decimal("440000.00"), Decimal("2390000.00"),
                                                           Decimal("0.00"))
    assert f.rd_expensed == Decimal("150000.00")
    assert r.cell(1, "carrying_closing", "total") == Decimal("2390000.00")
    t1 = r.table(1)
    assert t1["carrying_closing"] == {"purchased": Decimal("1520000.00"), "self_built": Decimal("270000.00"),
                                      "other": Decimal("600000.00"), "total": Decimal("2390000.00")}
    assert t1["amort_closing"]["total"] == Decimal("778000.00")
    assert all(row["total"] == row["purchased"] + row["self_built"] + row["other"] for row in t1.values())
    d1 = next(a for a in r.assets if a.id == "D1")
    assert d1.name == "企业征信数据集" and d1.carrying == Decimal("1040000.00") and d1.remaining_months == 50
    assert d1.restricted == "质押给济南某银行"
    entries = r.entries
    assert entries
    for e in entries:
        debit = sum(p.amount for p in e.postings if p.debit)
        credit = sum(p.amount for p in e.postings if not p.debit)
        assert debit == credit > 0
    assert any(e.event == "摊销" for e in entries)
    # Byte for byte the same as the CLI, in every part, as text and XML (the CLI's
    # CSV is the accountant's tables layout, ds_ledger_report_tables, checked by
    # tests/cli_tables.sh; Report.write(part, "csv") keeps the library's record CSV).
    for part in ("balance", "disclosure", "entries", "schedule"):
        for fmt in ("text", "xml"):
            theirs = subprocess.run([cli, "ledger", "run", str(BOOK), "--period", "2024", "--what", part,
                                     "--format", fmt], capture_output=True)
            assert theirs.returncode == 0, theirs.stderr.decode()
            assert r.write(part, fmt).rstrip("\n") == theirs.stdout.decode().rstrip("\n"), (part, fmt)
    r2025 = book.report("2025-01", "2025-12")
    assert r2025.figures.intangible == Decimal("1330400.00")


def test_book_in_python():
    book = L.Ledger()
    assert book.entity is None and book.periods == [] and len(book) == 0
    book.set_account("admin", "6602.01", "管理费用—数据资源摊销")
    book.set_materiality("300000")
    book.add_asset("A1", name="客户画像数据", asset_class="intangible", origin="purchased", acquired="2024-01-05",
                   useful_life_months=60, restricted="质押")
    book.add_cost("A1", date="2024-01-05", category="price", amount="600000.00", vat="36000.00",
                  evidence="发票 001")
    book.add_cost("A1", date="2024-01-05", category=L.Category.TAX, amount=Decimal("1200"))
    book.add_cost("A1", date="2024-01-06", category="tax", amount="300")
    assert book.asset_cost("A1") == Decimal("601200.00")
    assert book.cost_rule("A1", 1) == (True, "外购 相关税费 → 计入成本")
    assert book.cost_rule("A1", 2) == (False, "达到预定用途后发生的支出 → 费用化")
    with pytest.raises(datasset.RangeError, match="index 3 is out of range"):
        book.cost_rule("A1", 3)
    book.add_licence("A1", "2024-06-01", "10000", "600")
    book.add_impairment("A1", "2024-12-31", "400000")
    with pytest.raises(datasset.StateError):
        book.add_impairment("A1", "2025-06-30", "590000")
    sched = book.asset_schedule("A1")
    assert sched[0].period == "2024-01" and any(x.impairment > 0 for x in sched)
    book.add_asset("S1", asset_class="inventory", origin="self_built", acquired="2024-02-01")
    book.add_cost("S1", date="2024-02-01", category="clean", amount="50000")
    book.add_nrv_test("S1", "2024-12-31", "45000")
    book.add_writedown("S1", "2025-01-31", "1000", reversal=True)
    book.dispose("S1", "2025-03-01", "sale", proceeds="60000", vat="3600")
    with pytest.raises(datasset.StateError):
        book.dispose("S1", "2025-04-01")
    book.add_asset("R1", asset_class="intangible", origin="self_built", acquired="2024-01-01",
                   available="2024-07-01", useful_life_months=36, conditions_met="2024-03-01",
                   conditions_evidence=["可行性研究报告", "立项决议", "商业计划", "预算批复", "工时记录"])
    book.add_cost("R1", date="2024-02-01", category="rd", amount="100000", phase="research")
    book.add_cost("R1", date="2024-04-01", category="rd", amount="200000", phase="development")
    assert book.cost_rule("R1", 0)[0] is False and book.cost_rule("R1", 1)[0] is True
    assert book.condition("R1", 1) == "可行性研究报告"
    assert book.condition("A1", 1) is None
    assert len(book) == 3
    r = book.report("2024")
    assert r.figures.rd_expensed == Decimal("100000.00") and r.figures.licence_revenue == Decimal("10000.00")
    assert r.figures.material_count >= 1 and r.figures.restricted_count == 1
    assert r.cell(2, L.Row2.PROV_CLOSING, L.Column.TOTAL) == Decimal("5000.00")
    assert r.cell(2, "prov_closing", "total") == Decimal("5000.00")
    with pytest.raises(datasset.ValidationError):
        r.cell(3, 0, 0)
    with pytest.raises(datasset.RangeError, match="index 99 is out of range"):
        r.cell(1, 99, 0)
    assert "6602.01" in r.write("entries", "csv")


def test_book_errors(tmp_path):
    book = L.Ledger()
    with pytest.raises(datasset.ValidationError) as ei:
        book.add_asset("X", asset_class="intangible", origin="purchased", acquired="2024-01-05",
                       available="2023-01-01", useful_life_months=12)
    assert ei.value.field.endswith("available")
    book.add_asset("X", asset_class="intangible", origin="purchased", acquired="2024-01-05", useful_life_months=12)
    with pytest.raises(datasset.ExistsError):
        book.add_asset("X", asset_class="intangible", origin="purchased", acquired="2024-01-05",
                       useful_life_months=12)
    with pytest.raises(datasset.NotFoundError):
        book.add_cost("Y", date="2024-01-05", category="price", amount="1")
    with pytest.raises(datasset.ValidationError):
        book.add_cost("X", date="2024-01-05", category="price", amount="-1")
    with pytest.raises(TypeError):
        book.add_cost("X", date="2024-01-05", category="price", amount=1.0)
    with pytest.raises(datasset.ValidationError) as ei:
        book.report("2024-05", "2024-01")
    assert ei.value.field.startswith("period")
    bad = tmp_path / "bad.xml"
    bad.write_text(BOOK.read_text(encoding="utf-8").replace('id="D1"', 'id="I1"', 1), encoding="utf-8")
    with pytest.raises(datasset.Error) as ei:
        L.Ledger.load(bad)
    assert ei.value.line > 0 and ei.value.field.startswith("ledger/")
    with pytest.raises(datasset.FileError):
        L.Ledger.load(tmp_path / "none.xml")


def test_report_outlives_its_book():
    book = L.Ledger.load(BOOK)
    r = book.report("2024")
    text = r.write()
    book.close()
    assert r.write() == text and r.entries


def test_book_is_the_ledger():
    assert L.Book is L.Ledger
    assert len(L.Book.load(BOOK)) == len(L.Ledger.load(BOOK))


def test_vouchers_pdf():
    from datasset import certificate
    r = L.Ledger.load(BOOK).report("2025")
    if certificate.pdf_supported():
        pdf = r.vouchers_pdf(entity="济南示例数据科技有限公司", preparer="张三", reviewer=None)
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    else:
        with pytest.raises(datasset.UnsupportedError):
            r.vouchers_pdf()
