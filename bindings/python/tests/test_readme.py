"""The README's tour runs as written."""

from __future__ import annotations

import os
import pathlib
import re
import shutil

from conftest import FIXTURES

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def test_tour_runs(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    assert len(block.strip().splitlines()) <= 15  # the 15-line tour
    shutil.copy(FIXTURES / "registry" / "entry.xml", tmp_path / "entry.xml")
    shutil.copy(FIXTURES / "policy" / "worked-example.xml", tmp_path / "applications.xml")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "915000.00" in out and "applicant,name" in out
    assert "2025-03-17" in out  # publicity from 2025-03-03, 10 working days: any day the tests run
