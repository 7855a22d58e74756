#!/usr/bin/env python3
"""Run bench/bench_trust (certificates issued through the registry and verified,
both profiles; proofs over the registry's SQLite log at 1,000,000 entries) and
`openssl speed ed25519 sm2` in the same run, and print the ratios. openssl's raw
signature rate is the physical limit: issuing a certificate signs twice (the
checkpoint it embeds and the certificate), verifying one checks both.
Usage: trust_ref.py BENCH [CERTIFICATES [LOG_ENTRIES]]  (SPDX-License-Identifier: MIT)"""
import re
import shutil
import subprocess
import sys
import tempfile


def openssl_speed():
    """{'ed25519': (sign/s, verify/s), 'sm2': (...)} from `openssl speed`, or {}."""
    if not shutil.which("openssl"):
        return {}
    out = subprocess.run(["openssl", "speed", "-seconds", "1", "ed25519", "sm2"],
                         capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        m = re.match(r"\s*\d+ bits? (EdDSA|SM2)\s+\((\w+)\)\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            rates["ed25519" if m.group(2).lower() == "ed25519" else "sm2"] = (float(m.group(5)), float(m.group(6)))
    return rates


def main():
    exe = sys.argv[1]
    certificates = sys.argv[2] if len(sys.argv) > 2 else "2000"
    entries = sys.argv[3] if len(sys.argv) > 3 else "1000000"
    with tempfile.TemporaryDirectory() as work:
        out = subprocess.run([exe, certificates, entries, work], capture_output=True, text=True, check=True).stdout
    f = dict(line.split(" ", 1) for line in out.splitlines())
    speed = openssl_speed()
    status = 0
    for name, label in (("ed25519", "Ed25519/SHA-256"), ("sm2", "SM2/SM3 (国密)")):
        ref = speed.get(name)
        issued1, issued = float(f[f"{name}_issue_single_per_s"]), float(f[f"{name}_issue_batched_per_s"])
        verified = float(f[f"{name}_cert_verify_per_s"])
        sign, verify = float(f[f"{name}_sign_per_s"]), float(f[f"{name}_verify_per_s"])
        print(f"{label}: {f[f'{name}_certificates']} certificates of {f[f'{name}_certificate_bytes']} bytes")
        print(f"  issued through the registry (REGISTERED: number, build, log append; at the end of the"
              f" transaction: checkpoint, proof, sign, store)")
        print(f"    1 per transaction (synchronous=NORMAL) {issued1:9.1f}/s")
        print(f"    1,000 per transaction                  {issued:9.1f}/s")
        print(f"  verified offline (read back, XSD, checks, two signatures, inclusion) {verified:9.1f}/s")
        print(f"  raw signatures, library key   sign {sign:9.1f}/s  verify {verify:9.1f}/s")
        if ref:
            print(f"  openssl speed                  sign {ref[0]:9.1f}/s  verify {ref[1]:9.1f}/s")
            print(f"  ratio issued (batched) / openssl sign     {issued / ref[0]:6.3f}"
                  f"  (limit ~0.97 per core: a signature per certificate and a checkpoint per 32;"
                  f" a batch signs on two cores, so ~1.94; one per transaction: 0.5)")
            print(f"  ratio verified / openssl verify           {verified / ref[1]:6.3f}"
                  f"  (limit 0.5: two verifications per certificate)")
            print(f"  ratio library raw sign / openssl sign     {sign / ref[0]:6.3f}")
        else:
            print("  openssl speed unavailable: no ratio")
        for what in ("inclusion", "consistency"):
            gen, ver = float(f[f"{name}_{what}_proof_us"]), float(f[f"{name}_{what}_verify_us"])
            ok = gen < 1000 and ver < 1000
            status |= 0 if ok else 1
            print(f"  {what} proof at {f[f'{name}_log_entries']} entries (SQLite log): make {gen:8.2f} us,"
                  f" verify {ver:8.2f} us  (goal < 1000 us: {'met' if ok else 'MISSED'})")
        print(f"  (building the {f[f'{name}_log_entries']}-entry log took {f[f'{name}_log_build_s']} s)")
    return status


if __name__ == "__main__":
    sys.exit(main())
