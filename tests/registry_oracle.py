#!/usr/bin/env python3
"""Differential test of the registry against an independent Python model:
统一社会信用代码 validation (normalisation and the failing position),
certificate number check characters, working days over a random calendar,
and the applications export's exact totals (fractions). Seeded and
deterministic; run by `make check` (SPDX-License-Identifier: MIT)."""
import datetime
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
CODES = int(os.environ.get("DS_ORACLE_CODES", "3000"))
NUMBERS = int(os.environ.get("DS_ORACLE_NUMBERS", "2000"))
DAYS = int(os.environ.get("DS_ORACLE_DAYS", "1500"))
TRADES = int(os.environ.get("DS_ORACLE_TRADES", "600"))

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, k, 31) for k in range(19)]
NS_APPS = "{urn:datasset:applications:1}"


def check_char(values):
    c = 31 - sum(v * w for v, w in zip(values, WEIGHTS)) % 31
    return ALPHABET[0 if c == 31 else c]


def uscc_expected(text):
    """GB 32100 as registration.md states it: NFKC, upper case, no spaces."""
    normal = ""
    for ch in text:
        ch = unicodedata.normalize("NFKC", ch)
        if ch == " ":
            continue
        ch = ch.upper()
        if len(normal) >= 18:
            return ("err", "DS_EINVAL", 19)
        if ch not in ALPHABET:
            return ("err", "DS_EINVAL", len(normal) + 1)
        normal += ch
    if len(normal) < 18:
        return ("err", "DS_EINVAL", len(normal) + 1)
    for k in range(2, 8):
        if not normal[k].isdigit():
            return ("err", "DS_EINVAL", k + 1)
    if normal[17] != check_char([ALPHABET.index(c) for c in normal[:17]]):
        return ("err", "DS_EINVAL", 18)
    return ("ok", normal)


def random_uscc(rng):
    body = rng.choice("159Y") + rng.choice(ALPHABET[:10] + "ABC") + "".join(rng.choice("0123456789") for _ in range(6))
    body += "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_char([ALPHABET.index(c) for c in body])


FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}


def mutate_uscc(rng, code):
    r = rng.random()
    chars = list(code)
    if r < 0.25:
        return code
    if r < 0.4:
        i = rng.randrange(18)
        chars[i] = rng.choice(ALPHABET + "IOSVZ-_中")
    elif r < 0.5:
        return "".join(c.lower() if rng.random() < 0.5 else c for c in code)
    elif r < 0.6:
        return "".join(FULLWIDTH.get(c, c) if rng.random() < 0.3 else c for c in code)
    elif r < 0.7:
        i = rng.randrange(19)
        chars.insert(i, rng.choice([" ", "\u3000", "  "]))
    elif r < 0.8:
        del chars[rng.randrange(18):]
    elif r < 0.9:
        chars += [rng.choice(ALPHABET) for _ in range(rng.randint(1, 3))]
    else:
        i, j = rng.randrange(18), rng.randrange(18)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def cert_check(number):
    # Every character takes its value in the credit code's alphabet; the kind
    # letter I, which is not in it, counts 18 (docs/certificate.md).
    values = [18 if c == "I" else ALPHABET.index(c) for c in number.replace("-", "")]
    return check_char(values)


# Worked examples. By hand for the first: values 3 7 0 1 0 0 2 0 2 5 23(P) 0 0 0 0 0 1 2 3,
# weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 22 4, sum 927 = 29 x 31 + 28, 31 - 28 = 3.
assert cert_check("370100-2025-P-00000123-") == "3"
assert cert_check("370100-2025-P-00000001-") == "M"


def cert_expected(number):
    pattern = "DDDDDD-DDDD-K-DDDDDDDD-C"
    for i, p in enumerate(pattern):
        c = number[i] if i < len(number) else ""
        ok = (p == "D" and c.isdigit() and c.isascii()) or (p == "-" and c == "-") or \
             (p == "K" and c != "" and c in "RPAI") or (p == "C" and c != "" and c in ALPHABET)
        if not ok:
            return ("err", "DS_EPARSE", i + 1)
    if len(number) != 24:
        return ("err", "DS_EPARSE", 25)
    if number[23] != cert_check(number[:23]):
        return ("err", "DS_EVERIFY", 24)
    return ("ok",)


def random_number(rng):
    base = f"{rng.randint(110000, 659999)}-{rng.randint(2000, 2099)}-{rng.choice('RPAI')}-{rng.randint(1, 99999999):08d}-"
    number = base + cert_check(base)
    r = rng.random()
    if r < 0.4:
        return number
    chars = list(number)
    if r < 0.75:
        chars[rng.randrange(24)] = rng.choice(ALPHABET + "-IZ")
    elif r < 0.85:
        del chars[rng.randrange(24):]
    else:
        chars.append(rng.choice(ALPHABET))
    return "".join(chars)


class Driver:
    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     encoding="utf-8")

    def ask(self, *fields):
        self.proc.stdin.write("\t".join(str(f) for f in fields) + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().rstrip("\n")

    def document(self, *fields):
        self.proc.stdin.write("\t".join(str(f) for f in fields) + "\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            line = self.proc.stdout.readline()
            if line == "" or line == ".\n":
                break
            if line.endswith(".\n") and line.strip().endswith(">."):
                lines.append(line[:-2])
                break
            lines.append(line)
        return "".join(lines)

    def close(self):
        self.proc.stdin.close()
        return self.proc.wait()


def main():
    driver_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."),
                                                                      "tests", "registry_driver")
    rng = random.Random(SEED)
    failures = 0
    checks = 0
    drv = Driver(driver_path)

    def fail(what):
        nonlocal failures
        failures += 1
        if failures <= 20:
            print("FAIL:", what)

    # ---- 统一社会信用代码
    for _ in range(CODES):
        text = mutate_uscc(rng, random_uscc(rng))
        want = uscc_expected(text)
        got = drv.ask("uscc", text).split(" ")
        checks += 1
        if (want[0] == "ok" and got != ["ok", want[1]]) or (want[0] == "err" and got != ["err", want[1], str(want[2])]):
            fail(f"uscc {text!r}: got {got}, want {want}")

    # ---- certificate numbers
    for _ in range(NUMBERS):
        number = random_number(rng)
        want = cert_expected(number)
        got = drv.ask("check", number).split(" ")
        checks += 1
        if (want[0] == "ok" and got != ["ok"]) or (want[0] == "err" and got != ["err", want[1], str(want[2])]):
            fail(f"check {number}: got {got}, want {want}")

    with tempfile.TemporaryDirectory() as work:
        # ---- working days over a random calendar for 2031-2032
        special = {}
        day = datetime.date(2031, 1, 1)
        while day.year < 2033:
            weekend = day.weekday() >= 5
            if rng.random() < (0.12 if weekend else 0.08):
                special[day] = weekend  # a weekend day becomes a working day; a weekday a holiday
            day += datetime.timedelta(days=1)
        calendar = os.path.join(work, "calendar.xml")
        with open(calendar, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<calendar xmlns="urn:datasset:registry:1">\n')
            # The years the counts may reach; 2034 stays uncovered (refused below).
            for y in range(2030, 2034):
                f.write(f'  <notice year="{y}" number="test {y}" date="{y - 1}-11-01"/>\n')
            for d in sorted(special):
                f.write(f'  <day date="{d.isoformat()}" type="{"workday" if special[d] else "holiday"}"/>\n')
            f.write("</calendar>\n")
        if drv.ask("open", os.path.join(work, "r.db"), calendar) != "ok":
            print("FAIL: cannot open the registry")
            return 1

        def working(d):
            return special[d] if d in special else d.weekday() < 5

        for _ in range(DAYS):
            start = datetime.date(2030, 12, 1) + datetime.timedelta(days=rng.randrange(700))
            n = rng.choice([0, 1, 2, 5, 10, 10, 15, 20, 30])
            d, left = start, n
            while left > 0:
                d += datetime.timedelta(days=1)
                if working(d):
                    left -= 1
            got = drv.ask("wd", start.isoformat(), n)
            checks += 1
            if got != "ok " + d.isoformat():
                fail(f"wd {start} + {n}: got {got}, want {d}")

        # A count that runs into a year no calendar covers is refused, never
        # counted over weekends alone.
        for start, n in (("2033-12-20", 10), ("2033-12-30", 1), ("2034-01-02", 1)):
            got = drv.ask("wd", start, n)
            checks += 1
            if not got.startswith("err DS_ESTATE"):
                fail(f"wd {start} + {n}: got {got}, want DS_ESTATE (2034 is not covered)")
        got = drv.ask("wd", "2033-12-28", 1)
        checks += 1
        if got != "ok 2033-12-29":
            fail(f"wd 2033-12-28 + 1: got {got}, want ok 2033-12-29 (the last covered year)")

        # ---- trades and the applications export
        subjects = []
        while len(subjects) < 6:
            code = random_uscc(rng)
            if code not in subjects:
                subjects.append(code)
        for i, code in enumerate(subjects):
            if drv.ask("subject", code, f"主体{i}") != "ok":
                fail(f"subject {code}")
        products = []  # (id, owner, registered date, certificate)
        for i in range(8):
            owner = subjects[i % 4]
            date = datetime.date(2031, 1, 1) + datetime.timedelta(days=rng.randrange(300))
            got = drv.ask("product", owner, date.isoformat()).split(" ")
            if got[0] != "ok":
                fail(f"product: {got}")
                continue
            products.append((int(got[1]), owner, date, got[2]))
        trades = []  # accepted: (product id, seller, buyer, Fraction, date, venue)
        vouchers = set()
        for i in range(TRADES):
            pid, owner, registered, _ = rng.choice(products)
            buyer = rng.choice([s for s in subjects if s != owner])
            cents = rng.choice([rng.randint(1, 99), rng.randint(1, 10**6), rng.randint(1, 10**12)])
            amount = Fraction(cents, 100)
            text = f"{cents // 100}.{cents % 100:02d}" if rng.random() < 0.7 else str(amount.numerator) \
                if amount.denominator == 1 else f"{cents // 100}.{cents % 100:02d}"
            date = registered + datetime.timedelta(days=rng.randrange(400))
            venue = rng.choice(["on", "off"])
            voucher = f"V{i:05d}"
            seller = owner
            fault = rng.random()
            want = "ok"
            if fault < 0.04:
                text += "1"  # a third decimal place
                want = "DS_EINVAL"
            elif fault < 0.08:
                date = registered - datetime.timedelta(days=1)
                want = "DS_ESTATE"
            elif fault < 0.12 and vouchers:
                voucher_venue = rng.choice(sorted(vouchers))
                voucher, venue = voucher_venue
                want = "DS_EEXISTS"
            elif fault < 0.15:
                seller = buyer
                buyer = owner
                want = "DS_EINVAL"
            got = drv.ask("trade", seller, buyer, pid, text, date.isoformat(), venue, voucher).split(" ")
            checks += 1
            if want == "ok":
                if got[0] != "ok":
                    fail(f"trade {i}: got {got}")
                    continue
                vouchers.add((voucher, venue))
                trades.append((pid, seller, buyer, amount, date, venue))
            elif got[:2] != ["err", want]:
                fail(f"trade {i} ({want}): got {got}")

        products_by_id = {p[0]: p for p in products}
        for _ in range(25):
            a = datetime.date(2031, 1, 1) + datetime.timedelta(days=rng.randrange(700))
            b = a + datetime.timedelta(days=rng.randrange(400))
            doc = drv.document("export", a.isoformat(), b.isoformat())
            checks += 1
            try:
                root = ET.fromstring(doc)
            except ET.ParseError as e:
                fail(f"export {a}:{b}: not XML ({e})")
                continue
            inside = [t for t in trades if a <= t[4] <= b]
            want = {}

            def applicant(code):
                return want.setdefault(code, {"products": {}, "trades": [], "filings": [], "vouchers": 0})

            for pid, owner, registered, cert in products:
                if registered <= b:
                    applicant(owner)["products"][cert] = [registered.isoformat(), "false"]
            for pid, seller, buyer, amount, date, venue in inside:
                cert = products_by_id[pid][3]
                if venue == "on":
                    applicant(seller)["trades"].append((cert, date.isoformat(), amount))
                    applicant(seller)["products"][cert][1] = "true"
                    applicant(seller)["vouchers"] += 1
                else:
                    for code, role in ((seller, "provider"), (buyer, "buyer")):
                        applicant(code)["filings"].append((role, date.isoformat(), amount))
                        applicant(code)["vouchers"] += 1
            got = {}
            for e in root.findall(NS_APPS + "applicant"):
                g = {"products": {p.get("id"): [p.get("listed"), p.get("trade-voucher")]
                                  for p in e.findall(NS_APPS + "product")},
                     "trades": [(t.get("product"), t.get("date"), Fraction(t.get("amount")))
                                for t in e.findall(NS_APPS + "trade")],
                     "filings": [(f.get("role"), f.get("date"), Fraction(f.get("amount")))
                                 for f in e.findall(NS_APPS + "filing")],
                     "vouchers": len(e.findall(NS_APPS + "voucher"))}
                got[e.get("id")] = g
            for code in set(want) | set(got):
                w, g = want.get(code), got.get(code)
                if w is None or g is None:
                    fail(f"export {a}:{b}: applicant {code} {'missing' if g is None else 'unexpected'}")
                    continue
                if w["products"] != g["products"] or w["vouchers"] != g["vouchers"] or \
                        sorted(w["trades"]) != sorted(g["trades"]) or sorted(w["filings"]) != sorted(g["filings"]):
                    fail(f"export {a}:{b}: applicant {code} differs")
                # The totals the subsidy engine ranks by, exact.
                if sum((t[2] for t in g["trades"]), Fraction(0)) != sum((t[2] for t in w["trades"]), Fraction(0)):
                    fail(f"export {a}:{b}: applicant {code} 场内 total differs")
    status = drv.close()
    if status != 0:
        fail(f"driver exited with {status}")
    print(f"registry_oracle: seed {SEED}: {checks} cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
