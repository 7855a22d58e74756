#!/usr/bin/python3
"""Exponent literals and rounding to a scale against the General Decimal
Arithmetic testcases (quantize.decTest, rescale.decTest; tests/fixtures/gda)
with Python's decimal module as the independent oracle.

For every `quantize X Y` (target exponent: Y's) and `rescale X N` (target
exponent N) case whose target is 0 to DS_DECIMAL_MAX_SCALE fractional digits:
- X goes through ds_decimal_parse(DS_DECIMAL_EXPONENT) and
  ds_decimal_to_string_scaled() (tests/decimal_oracle "fmt") in all seven
  rounding modes, compared with Python's Decimal(X).quantize() at a precision
  high enough to be exact (the library has no precision: GDA's "NaN
  Invalid_operation" for a result longer than the file's precision is, for
  the library, the exact quantized value);
- under the file's own rounding, where the file gives a finite result, that
  result too (the file and Python must agree, and the library with both);
- X through ds_decimal_eval() ("eval": the calc command's reader) is exactly
  Fraction(Decimal(X));
- X outside the documented grammar (".1", "1.", "Inf", "NaN") must be refused
  with DS_EPARSE, and inside it but past the literal limits (more than 1000
  significant or fractional digits, |exponent| > 1000, more than 1000 digits
  before or after the point once written out) with DS_ERANGE.
Cases whose target exponent is positive or below -1000 have no counterpart in
ds_decimal_round() (scale 0..1000) and are counted as skipped.
SPDX-License-Identifier: MIT
"""
import decimal
import os
import re
import subprocess
import sys
from fractions import Fraction

MAX_DIGITS = 1000   # DS_DECIMAL_MAX_LITERAL_DIGITS
MAX_EXPONENT = 1000  # DS_DECIMAL_MAX_LITERAL_EXPONENT
MAX_SCALE = 1000     # DS_DECIMAL_MAX_SCALE
MODES = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}
GDA_ROUNDING = {"half_up": "half-up", "half_even": "half-even", "half_down": "half-down", "up": "up",
                "down": "down", "ceiling": "ceiling", "floor": "floor"}
GRAMMAR = re.compile(r"^([+-]?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$")
EXACT = decimal.Context(prec=5000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.InvalidOperation])


def unquote(tok):
    return tok[1:-1] if len(tok) >= 2 and tok[0] == tok[-1] and tok[0] in "'\"" else tok


def cases(path):
    rounding = "half_up"
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("--", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^(\w+):\s*(\S+)$", line)
            if m:
                if m.group(1).lower() == "rounding":
                    rounding = m.group(2).lower()
                continue
            parts = line.split()
            if len(parts) < 5 or parts[1].lower() not in ("quantize", "rescale") or "->" not in parts:
                continue
            arrow = parts.index("->")
            yield (parts[0], parts[1].lower(), unquote(parts[2]), unquote(parts[3]), unquote(parts[arrow + 1]),
                   rounding)


def limits(lhs):
    """None when the literal is within the documented limits, else why not."""
    m = GRAMMAR.match(lhs)
    whole, frac, exp = m.group(2), m.group(3) or "", m.group(4)
    if len(frac) > MAX_DIGITS:
        return "fractional digits"
    if len((whole + frac).lstrip("0")) > MAX_DIGITS:
        return "significant digits"
    if exp is not None and abs(int(exp)) > MAX_EXPONENT:
        return "exponent"
    # Written out (docs/decimal.md), the value has at most 1000 digits before
    # and after the point: the digits of the value itself, trailing zeros of
    # the digits written moved into the exponent ("1.00E-999" is 1E-999).
    digits, point = (whole + frac).lstrip("0"), (int(exp) if exp else 0) - len(frac)
    while digits.endswith("0"):
        digits, point = digits[:-1], point + 1
    if digits and point > 0 and len(digits) + point > MAX_DIGITS:
        return "written-out integer digits"
    if digits and point < -MAX_DIGITS:
        return "written-out fractional digits"
    return None


def plain(q):
    text = format(q, "f")
    return text.lstrip("-") if q == 0 else text


def frac_text(f):
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def main():
    exe, folder = sys.argv[1], sys.argv[2]
    lines, expected, what = [], [], []
    stats = {"cases": 0, "skipped-target": 0, "grammar": 0, "limits": 0, "fitted": 0, "file-checked": 0,
             "file-nan": 0}
    for name in ("quantize.decTest", "rescale.decTest"):
        for cid, op, lhs, rhs, result, rounding in cases(os.path.join(folder, name)):
            stats["cases"] += 1
            # The target exponent.
            try:
                if op == "quantize":
                    r = decimal.Decimal(rhs)
                    if not r.is_finite():
                        raise ValueError
                    target = r.as_tuple().exponent
                else:
                    r = decimal.Decimal(rhs)
                    if not r.is_finite() or r != r.to_integral_value():
                        raise ValueError
                    target = int(r)
            except (ValueError, decimal.InvalidOperation):
                stats["skipped-target"] += 1
                continue
            if not -MAX_SCALE <= target <= 0:
                stats["skipped-target"] += 1
                continue
            scale = -target
            if not GRAMMAR.match(lhs):
                # Outside the documented grammar: refused, whatever Python reads.
                stats["grammar"] += 1
                lines.append(f"fmt {lhs} {scale} half-up")
                expected.append("ERR DS_EPARSE")
                what.append(f"{cid} {op} {lhs} {rhs}")
                continue
            why = limits(lhs)
            if why:
                stats["limits"] += 1
                lines.append(f"fmt {lhs} {scale} half-up")
                expected.append("ERR DS_ERANGE")
                what.append(f"{cid} {op} {lhs} {rhs} (past the {why} limit)")
                continue
            stats["fitted"] += 1
            x = decimal.Decimal(lhs)
            quantum = decimal.Decimal((0, (1,), target))
            for mode, pymode in MODES.items():
                q = x.quantize(quantum, rounding=pymode, context=EXACT)
                lines.append(f"fmt {lhs} {scale} {mode}")
                expected.append(plain(q))
                what.append(f"{cid} {op} {lhs} {rhs} {mode} (Python decimal)")
                if GDA_ROUNDING.get(rounding) == mode:
                    res = decimal.Decimal(result)
                    if res.is_nan():
                        stats["file-nan"] += 1  # longer than the file's precision: Python's exact result stands
                        continue
                    stats["file-checked"] += 1
                    if q.compare_total(res) != 0:
                        print(f"ORACLES DISAGREE {cid}: file {result}, Python {q}")
                        return 1
            lines.append(f"eval {lhs}")
            expected.append(frac_text(Fraction(x)))
            what.append(f"{cid} {op} eval {lhs}")
    proc = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True, text=True)
    got = proc.stdout.splitlines()
    if proc.returncode != 0 or len(got) != len(lines):
        print(f"driver failed: exit {proc.returncode}, {len(got)} answers for {len(lines)} questions\n{proc.stderr}")
        print("0 passed, 1 failed")
        return 1
    failed = 0
    for line, exp, ans, w in zip(lines, expected, got, what):
        if ans != exp:
            failed += 1
            if failed <= 20:
                print(f"MISMATCH {w}: {line!r} gave {ans!r}, expected {exp!r}")
    print(f"gda: {stats['cases']} quantize/rescale cases; {stats['skipped-target']} with a target exponent outside"
          f" 0..-{MAX_SCALE} or not finite (skipped); {stats['grammar']} operands outside the literal grammar"
          f" (DS_EPARSE) and {stats['limits']} past its limits (DS_ERANGE) checked; {stats['fitted']} fitted,"
          f" each in 7 modes against Python decimal {decimal.__version__} and by eval, {stats['file-checked']}"
          f" also against the file's result ({stats['file-nan']} where the file's precision gives NaN)")
    print(f"{len(lines) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
