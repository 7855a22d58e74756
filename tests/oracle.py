#!/usr/bin/env python3
"""Differential test: the library's exact decimal arithmetic against Python's
fractions and decimal modules, on thousands of random operations and
expressions. Run by `make check` (SPDX-License-Identifier: MIT)."""
import decimal
import os
import random
import subprocess
import sys
from fractions import Fraction

MODES = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}
SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
COUNT = int(os.environ.get("DS_ORACLE_COUNT", "3000"))
EXPRESSIONS = int(os.environ.get("DS_ORACLE_EXPRESSIONS", "3000"))


def frac_text(f):
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def random_literal(rng):
    """A decimal literal: ties, long digit runs, exponents and p/q included."""
    kind = rng.random()
    sign = rng.choice(["", "-", "+"]) if rng.random() < 0.5 else ""
    if kind < 0.15:
        return sign + rng.choice(["0", "0.5", "2.345", "2.355", "0.005", "1", "10", "0.125", "99.995"])
    if kind < 0.25:
        return f"{rng.randint(-10**6, 10**6)}/{rng.randint(1, 10**4)}"
    whole = str(rng.randint(0, 10 ** rng.randint(0, 25)))
    text = sign + whole
    if rng.random() < 0.7:
        text += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
    if rng.random() < 0.15:
        text += "e" + str(rng.randint(-30, 30))
    return text


def value(literal):
    if "/" in literal:
        n, d = literal.split("/")
        return Fraction(int(n), int(d))
    return Fraction(decimal.Decimal(literal))


def round_oracle(f, scale, mode):
    """Round a Fraction with Python's decimal: exact division where the value
    terminates, else ROUND_05UP at a high precision (safe for double rounding)."""
    ctx = decimal.Context(prec=max(60, len(str(abs(f.numerator))) + len(str(f.denominator)) + scale + 10),
                          rounding=decimal.ROUND_05UP, Emax=10**6, Emin=-10**6)
    q = ctx.divide(decimal.Decimal(f.numerator), decimal.Decimal(f.denominator))
    return q.quantize(decimal.Decimal(1).scaleb(-scale), rounding=MODES[mode], context=ctx)


def exact_string(f):
    ctx = decimal.Context(prec=10**4, Emax=10**6, Emin=-10**6)
    d = ctx.divide(decimal.Decimal(f.numerator), decimal.Decimal(f.denominator))
    text = format(d.normalize(ctx), "f")
    return "0" if text in ("0", "-0") else text


def terminates(f):
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def random_expression(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.3:
        lit = random_literal(rng).lstrip("+")
        lit = lit.split("e")[0]
        if "/" in lit:
            lit = lit.split("/")[0]
        return lit if not lit.startswith("-") else "(" + lit + ")"
    if r < 0.4:
        return "-" + random_expression(rng, depth + 1)
    if r < 0.5:
        return "(" + random_expression(rng, depth + 1) + ")"
    if r < 0.58:
        base = rng.choice(["1.1", "2", "0.5", "(1+0.08)", "3", "(-2)"])
        return base + "^" + str(rng.randint(-6, 6))
    op = rng.choice(["+", "-", "*", "/"])
    return random_expression(rng, depth + 1) + " " + op + " " + random_expression(rng, depth + 1)


def python_eval(expr):
    import re
    py = re.sub(r"(\d+(?:\.\d+)?)", r"Fraction('\1')", expr).replace("^", "**")
    # '**' in Python also binds tighter than unary minus and is right-associative.
    return eval(py, {"Fraction": Fraction})  # noqa: S307 - our own generated input


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "tests", "decimal_oracle")
    rng = random.Random(SEED)
    cases = []
    for _ in range(COUNT):
        a, b = random_literal(rng), random_literal(rng)
        fa, fb = value(a), value(b)
        op = rng.choice(["add", "sub", "mul", "div", "cmp", "min", "max", "pow", "round", "fmt", "str", "int", "term", "eval", "pv"])
        if op in ("add", "sub", "mul", "div", "min", "max", "cmp"):
            line = f"{op} {a} {b}"
            if op == "div" and fb == 0:
                expected = "ERR DS_EDIVZERO"
            else:
                res = {"add": fa + fb, "sub": fa - fb, "mul": fa * fb, "div": fa / fb if fb else None,
                       "min": min(fa, fb), "max": max(fa, fb), "cmp": None}[op]
                expected = str((fa > fb) - (fa < fb)) if op == "cmp" else frac_text(res)
        elif op == "pow":
            k = rng.randint(-8, 8)
            line = f"pow {a} {k}"
            expected = "ERR DS_EDIVZERO" if fa == 0 and k < 0 else frac_text(fa ** k)
        elif op in ("round", "fmt"):
            scale, mode = rng.randint(0, 6), rng.choice(list(MODES))
            line = f"{op} {a} {scale} {mode}"
            q = round_oracle(fa, scale, mode)
            if op == "round":
                expected = frac_text(Fraction(q))
            else:
                expected = format(q, "f")
                if q == 0:
                    expected = expected.lstrip("-")
        elif op == "str":
            line = f"str {a}"
            expected = exact_string(fa) if terminates(fa) else "ERR DS_EINEXACT"
        elif op == "int":
            line = f"int {a}"
            if fa.denominator != 1:
                expected = "ERR DS_EINEXACT"
            elif not -2**63 <= fa < 2**63:
                expected = "ERR DS_ERANGE"
            else:
                expected = str(fa.numerator)
        elif op == "term":
            line = f"term {a}"
            expected = f"{int(terminates(fa))} {int(fa.denominator == 1)}"
        elif op == "pv":
            n = rng.randint(1, 12)
            flows = [random_literal(rng) for _ in range(n)]
            if rng.random() < 0.5:
                rates = [rng.choice(["0.085", "0.1", "-0.5", "1/3", "0", "-1", "0.0725", "2.5e-2"])]
            else:
                rates = [rng.choice(["0.085", "0.1", "0.12", "1/7", "0.05", "-0.02"]) for _ in range(n)]
            line = "pv " + ",".join(rates) + " " + " ".join(flows)
            rs = [value(x) for x in rates]
            if any(x <= -1 for x in rs):
                expected = "ERR DS_ERANGE"
            else:
                total, factor = Fraction(0), Fraction(1)
                for t, f in enumerate(flows):
                    factor *= 1 + rs[0 if len(rs) == 1 else t]
                    total += value(f) / factor
                expected = frac_text(total)
        else:
            expr = random_expression(rng)
            line = f"eval {expr}"
            try:
                expected = frac_text(python_eval(expr))
            except ZeroDivisionError:
                expected = "ERR DS_EDIVZERO"
        cases.append((line, expected))

    for _ in range(EXPRESSIONS):
        expr = random_expression(rng)
        try:
            expected = frac_text(python_eval(expr))
        except ZeroDivisionError:
            expected = "ERR DS_EDIVZERO"
        cases.append((f"eval {expr}", expected))

    proc = subprocess.run([exe], input="\n".join(c[0] for c in cases) + "\n", capture_output=True, text=True)
    got = proc.stdout.splitlines()
    if proc.returncode != 0 or len(got) != len(cases):
        print(f"driver failed: exit {proc.returncode}, {len(got)} answers for {len(cases)} cases\n{proc.stderr}")
        print("0 passed, 1 failed")
        return 1
    failed = 0
    for (line, expected), answer in zip(cases, got):
        if answer != expected:
            failed += 1
            if failed <= 20:
                print(f"MISMATCH {line!r}: library {answer!r}, oracle {expected!r}")
    print(f"oracle: seed {SEED}, {COUNT} random operations and {EXPRESSIONS} random expressions"
          " compared with fractions/decimal")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
