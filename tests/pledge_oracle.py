#!/usr/bin/env python3
"""Differential test of the distribution of proceeds among pledges
(docs/pledge.md, "Priority") against an independent model in Python's
fractions: random pledges on one registered right (random claims to the
fen, perfection times drawn from a few values so that ranks tie, some never
registered externally), enforced and distributed through the CLI
(`datasset registry pledge ...`) with random net proceeds; every line's
rank, paid amount and shortfall, and the pledgor's surplus, must equal the
model's, and the lines must sum exactly to what was distributed. Seeded and
deterministic; run by `make check` (SPDX-License-Identifier: MIT)."""
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261207"))
CASES = int(os.environ.get("DS_PLEDGE_CASES", "6"))
PROG = os.path.join(os.environ.get("top_builddir", "."), "datasset")
TOP = os.environ.get("top_srcdir", ".")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(prefix17):
    c = 31 - sum(ALPHABET.index(x) * w for x, w in zip(prefix17, WEIGHTS)) % 31
    return prefix17 + ALPHABET[0 if c == 31 else c]


HOLDER = uscc("91350100M000100Y4")
LENDERS = [uscc("91370100MA000%04d" % k) for k in range(1, 8)]


def cli(db, *args):
    env = dict(os.environ, DATASSET_DB=db)
    p = subprocess.run([PROG, *args], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit("FAIL: datasset %s: %s%s" % (" ".join(args), p.stdout, p.stderr))
    return p.stdout


def round_half_up_fen(q):
    # Exact: n = floor(q * 100 + 1/2) for q >= 0.
    n = q * 100
    whole = n.numerator // n.denominator
    if n - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


def model(pledges, proceeds):
    """pledge.md step 1-3: pledges are (id, number, perfection or None, claim)."""
    perfected = sorted({p[2] for p in pledges if p[2] is not None})
    rank_of = {t: i + 1 for i, t in enumerate(perfected)}
    last = len(perfected) + 1
    ranked = {}
    for p in pledges:
        ranked.setdefault(rank_of.get(p[2], last) if p[2] is not None else last, []).append(p)
    remaining = proceeds
    out = {}
    for rank in sorted(ranked):
        lines = sorted(ranked[rank], key=lambda p: (-p[3], p[1]))
        total = sum(p[3] for p in lines)
        give = min(remaining, total)
        paid_sum = Fraction(0)
        for i, p in enumerate(lines):
            if i == len(lines) - 1:
                paid = give - paid_sum
            else:
                paid = round_half_up_fen(give * p[3] / total)
            paid_sum += paid
            out[p[0]] = (rank, paid, p[3] - paid)
        remaining -= give
    return out, remaining


def money(q):
    """An amount exact to the fen as "N.NN"."""
    n = q * 100
    assert n.denominator == 1, q
    return "%d.%02d" % divmod(n.numerator, 100)


def run_case(rng, work, case):
    db = os.path.join(work, "c%d.db" % case)
    cli(db, "registry", "init", "--name", "测试登记平台", "--region", "370100", "--profile", "intl")
    cli(db, "registry", "calendar", os.path.join(TOP, "schemas/calendars/cn-2024-2025-sample.xml"))
    cli(db, "registry", "subject", "add", "--code", HOLDER, "--name", "出质企业")
    n = rng.randint(1, 6)
    for k in range(n):
        cli(db, "registry", "subject", "add", "--code", LENDERS[k], "--name", "质权人%d" % k, "--type", "enterprise")
    cli(db, "registry", "apply", "--subject", HOLDER, "--kind", "product", "--right", "经营权", "--entry",
        os.path.join(TOP, "tests/fixtures/registry/entry.xml"), "--term", "2024-12-20/2028-03-31",
        "--at", "2024-12-02T09:00")
    for state in ("accepted", "review", "publicity"):
        cli(db, "registry", "advance", "1", "--to", state, "--by", "x", "--reason", "y", "--at", "2024-12-02T10:00")
    cli(db, "registry", "advance", "1", "--to", "registered", "--by", "x", "--reason", "y", "--at", "2024-12-20")
    times = ["2025-0%d-01T09:00" % m for m in (3, 4, 5)]
    pledges = []
    for k in range(n):
        claim = Fraction(rng.choice([rng.randint(1, 10**9), rng.randint(1, 300), 33333333, 16666667]), 100)
        perf = rng.choice(times + [None])
        args = ["registry", "pledge", "add", "--registration", "1", "--pledgor", HOLDER, "--pledgee", LENDERS[k],
                "--claim-type", "借款", "--principal", money(claim), "--due", "2026-01-31", "--main-contract", "M",
                "--pledge-contract", "P%d" % k, "--at", "2025-06-01T09:00"]
        if perf:
            args += ["--external-system", "统一登记系统", "--external-time", perf]
        pid = int(cli(db, *args).strip())
        for state in ("accepted", "review"):
            cli(db, "registry", "pledge", "advance", str(pid), "--to", state, "--by", "x", "--reason", "y",
                "--at", "2025-06-02T09:00")
        number = cli(db, "registry", "pledge", "review", str(pid), "--by", "x", "--reason", "y",
                     "--at", "2025-06-02T09:00").split("\n")[1]
        cli(db, "registry", "pledge", "enforce", str(pid), "--claim", money(claim), "--by", "x", "--reason", "y",
            "--at", "2026-02-01T09:00")
        pledges.append((pid, number, perf, claim))
    total = sum(p[3] for p in pledges)
    proceeds = Fraction(rng.randint(0, int(total * 120)), 100)
    text = cli(db, "registry", "pledge", "distribute", "--registration", "1", "--proceeds", money(proceeds),
               "--by", "x", "--reason", "y", "--at", "2026-03-01T09:00")
    want, left = model(pledges, proceeds)
    got = {}
    got_left = None
    for line in text.strip().split("\n")[1:]:
        f = line.split("\t")
        if f[0] == "pledgor":
            got_left = Fraction(f[-1])
            continue
        got[int(f[1])] = (int(f[0]), Fraction(f[4]), Fraction(f[5]))
    failures = 0
    if got != want:
        print("FAIL - case %d: lines %s, model %s" % (case, got, want))
        failures += 1
    if got_left != left:
        print("FAIL - case %d: pledgor gets %s, model %s" % (case, got_left, left))
        failures += 1
    if sum(v[1] for v in got.values()) + (got_left or 0) != proceeds:
        print("FAIL - case %d: the lines do not sum to the proceeds" % case)
        failures += 1
    if not failures:
        print("ok - case %d: %d pledges, %d ranks, proceeds %s" % (case, n, len({v[0] for v in want.values()}),
                                                                  money(proceeds)))
    return failures


def main():
    if not os.access(PROG, os.X_OK):
        print("pledge_oracle: %s is not built" % PROG)
        return 1
    rng = random.Random(SEED)
    # The model against pledge.md's worked example first.
    want, left = model([(1, "A", "t1", Fraction("2065000")), (2, "B", "t2", Fraction("1520000")),
                        (3, "C", None, Fraction("333333.33")), (4, "D", None, Fraction("166666.67"))],
                       Fraction("4000000"))
    assert want[3][1] == Fraction("276666.66") and want[4][1] == Fraction("138333.34") and left == 0, want
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for case in range(CASES):
            failures += run_case(rng, work, case)
    print("pledge_oracle: %d cases, %d failures" % (CASES, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
