#!/usr/bin/env python3
"""Run bench/bench_translog, then the same Merkle work in Python's hashlib
(a compact-range append and RFC 9162 proof verification) and `openssl speed
ed25519 sm2` (the raw signature rate: the physical limit of certificates per
second), all in the same run, and print the ratios. The Merkle roots must agree.
Usage: translog_ref.py BENCH [ENTRIES [ROUNDS]]  (SPDX-License-Identifier: MIT)"""
import hashlib
import random
import re
import shutil
import subprocess
import sys
import time


def python_append(alg, n):
    """A compact range (one pending subtree per level): O(log n) per append."""
    stack = []  # (level, hash)
    start = time.perf_counter()
    for i in range(n):
        h = hashlib.new(alg, b"\x00" + f"registry event {i}".encode()).digest()
        level = 0
        while stack and stack[-1][0] == level:
            h = hashlib.new(alg, b"\x01" + stack.pop()[1] + h).digest()
            level += 1
        stack.append((level, h))
    elapsed = time.perf_counter() - start
    root = stack[-1][1]
    for _, h in reversed(stack[:-1]):
        root = hashlib.new(alg, b"\x01" + h + root).digest()
    return root.hex(), elapsed * 1e6 / n


def python_verify(alg, size, rounds):
    """Time RFC 9162 §2.1.3.2 verification of proofs of a typical length (random hashes: the work is the same)."""
    rng = random.Random(1)
    proof = [rng.randbytes(32) for _ in range(size.bit_length())]
    leaf = rng.randbytes(32)
    start = time.perf_counter()
    for _ in range(rounds):
        index = rng.randrange(size)
        fn, sn, r = index, size - 1, leaf
        for p in proof:
            if sn == 0:
                break
            if fn % 2 == 1 or fn == sn:
                r = hashlib.new(alg, b"\x01" + p + r).digest()
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
            else:
                r = hashlib.new(alg, b"\x01" + r + p).digest()
            fn >>= 1
            sn >>= 1
    return (time.perf_counter() - start) * 1e6 / rounds


def openssl_speed():
    if not shutil.which("openssl"):
        return {}
    out = subprocess.run(["openssl", "speed", "-seconds", "1", "ed25519", "sm2"], capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        m = re.match(r"\s*\d+ bits? (EdDSA|SM2)\s+\((\w+)\)\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            name = "ed25519" if m.group(2).lower() == "ed25519" else "sm2"
            rates[name] = (float(m.group(5)), float(m.group(6)))
    return rates


def main():
    exe = sys.argv[1]
    entries = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    out = subprocess.run([exe, str(entries), str(rounds)], capture_output=True, text=True, check=True).stdout
    f = dict(line.split(" ", 1) for line in out.splitlines())
    status = 0
    print(f"Merkle log (in-memory node store), {entries} entries SHA-256 / {entries // 4} SM3, the same in Python")
    for alg, n in (("sha256", entries), ("sm3", entries // 4)):
        py_root, py_append = python_append(alg, n)
        if py_root != f[f"{alg}_root"]:
            print(f"MISMATCH: the {alg} root of {n} entries differs from Python's")
            status = 1
        py_verify = python_verify(alg, n, 20000)
        c_append = float(f[f"{alg}_append_us"])
        c_verify = float(f[f"{alg}_inclusion_verify_us"])
        print(f"  {alg:6} append            {c_append:8.3f} us   python {py_append:8.3f} us   ratio {py_append / c_append:5.1f}x")
        print(f"  {alg:6} inclusion proof   {float(f[f'{alg}_inclusion_proof_us']):8.3f} us   (goal < 1000 us)")
        print(f"  {alg:6} inclusion verify  {c_verify:8.3f} us   python {py_verify:8.3f} us   ratio {py_verify / c_verify:5.1f}x")
        print(f"  {alg:6} consistency proof {float(f[f'{alg}_consistency_proof_us']):8.3f} us,"
              f" verify {float(f[f'{alg}_consistency_verify_us']):8.3f} us")
    speed = openssl_speed()
    print(f"Signatures ({rounds} certificates per profile)")
    for name in ("ed25519", "sm2"):
        sign, verify = float(f[f"{name}_sign_per_s"]), float(f[f"{name}_verify_per_s"])
        issue, cverify = float(f[f"{name}_cert_issue_per_s"]), float(f[f"{name}_cert_verify_per_s"])
        ref = speed.get(name)
        ref_text = f"openssl speed {ref[0]:9.1f} sign/s {ref[1]:9.1f} verify/s" if ref else "openssl speed unavailable"
        print(f"  {name:7} raw sign {sign:9.1f}/s verify {verify:9.1f}/s   {ref_text}")
        print(f"  {name:7} certificates issued {issue:8.1f}/s verified {cverify:8.1f}/s"
              + (f"   issue/openssl-sign {issue / ref[0]:5.2f}  verify/openssl-verify {cverify / ref[1]:5.2f}" if ref else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
