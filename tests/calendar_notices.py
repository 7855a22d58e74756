#!/usr/bin/python3
"""The bundled official calendar against the State Council's notices.

tests/fixtures/calendars/notices.txt transcribes each notice
(国务院办公厅关于部分节假日安排的通知) clause by clause: the ranges it gives
off and the weekend days it makes working days. From those clauses alone this
test derives, for every year 2020 to 2026, the weekday holidays and weekend
working days the calendar must list, and compares them with
schemas/calendars/cn-official.xml day by day, and each <notice> (number, date)
with the transcription.
"""
import datetime
import os
import sys
import xml.etree.ElementTree as ET

NS = "{urn:datasset:registry:1}"
top = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), ".."))


def main():
    failures = 0

    def fail(msg):
        nonlocal failures
        failures += 1
        print("FAIL:", msg)

    notices, state, year = [], {}, None
    with open(os.path.join(top, "tests/fixtures/calendars/notices.txt"), encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "notice":
                year = int(words[1])
                notices.append((year, words[2], words[3]))
            elif words[0] == "off":
                day = datetime.date.fromisoformat(words[1])
                while day <= datetime.date.fromisoformat(words[2]):
                    state[day] = "off"  # a later notice amends an earlier one
                    day += datetime.timedelta(days=1)
            elif words[0] == "work":
                day = datetime.date.fromisoformat(words[1])
                if day.weekday() < 5:
                    fail(f"notices.txt: {day} is a weekday, not an adjusted working day")
                state[day] = "work"
    years = sorted({n[0] for n in notices})
    expected = {}
    for day, s in state.items():
        if day.year not in years:
            continue  # 2022-12-31, a Saturday of 2023's 元旦, is a weekend day anyway
        if s == "off" and day.weekday() < 5:
            expected[day] = "holiday"
        elif s == "work":
            expected[day] = "workday"

    root = ET.parse(os.path.join(top, "schemas/calendars/cn-official.xml")).getroot()
    listed = {}
    for day in root.iter(NS + "day"):
        d = datetime.date.fromisoformat(day.get("date"))
        if d in listed:
            fail(f"{d} listed twice")
        listed[d] = day.get("type")
    got_notices = [(int(n.get("year")), n.get("number"), n.get("date")) for n in root.iter(NS + "notice")]
    if got_notices != notices:
        fail(f"notices differ:\n  calendar {got_notices}\n  notices  {notices}")
    if years != list(range(2020, 2027)):
        fail(f"years covered: {years}")
    for y in years:
        want = {d: t for d, t in expected.items() if d.year == y}
        got = {d: t for d, t in listed.items() if d.year == y}
        for d in sorted(set(want) | set(got)):
            if want.get(d) != got.get(d):
                fail(f"{y}: {d} is {got.get(d, 'not listed')} in the calendar, {want.get(d, 'not listed')} by the notice")
        print(f"{y}: {sum(1 for t in want.values() if t == 'holiday')} weekday holidays, "
              f"{sum(1 for t in want.values() if t == 'workday')} weekend working days: "
              f"{'ok' if want == got else 'DIFFERENT'}")
    extra = [d for d in listed if d.year not in years]
    if extra:
        fail(f"days outside the covered years: {extra}")
    # The example, spelled out.
    for d, t in (("2025-01-28", "holiday"), ("2025-02-04", "holiday"), ("2025-01-26", "workday"),
                 ("2025-02-08", "workday"), ("2020-01-31", "holiday")):
        if listed.get(datetime.date.fromisoformat(d)) != t:
            fail(f"{d} should be a {t}")
    if datetime.date(2020, 2, 1) in listed:
        fail("2020-02-01 was made a day off by 国办发明电〔2020〕1号 and must not be a working day")
    print(f"calendar_notices: {len(listed)} days, {len(notices)} notices, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
