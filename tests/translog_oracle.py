#!/usr/bin/env python3
"""Differential test: the library's Merkle log (roots, inclusion and consistency
proofs, their verification) against an independent RFC 9162 implementation
written here over Python's hashlib (SHA-256 and SM3), on random trees and
randomly corrupted proofs; and its checkpoints against the signed-note key hash
(hashlib) and the openssl tool's signature check. Seeded and deterministic.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import base64
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
TREES = int(os.environ.get("DS_TRANSLOG_TREES", "60"))
QUERIES = int(os.environ.get("DS_TRANSLOG_QUERIES", "40"))


def H(alg, data):
    return hashlib.new("sha256" if alg == "sha256" else "sm3", data).digest()


def leaf(alg, entry):
    return H(alg, b"\x00" + entry)


def node(alg, left, right):
    return H(alg, b"\x01" + left + right)


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(alg, leaves):
    """RFC 9162 §2.1.1 over leaf hashes."""
    if not leaves:
        return H(alg, b"")
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node(alg, mth(alg, leaves[:k]), mth(alg, leaves[k:]))


def path(alg, m, leaves):
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    n = len(leaves)
    if n == 1:
        return []
    k = split(n)
    if m < k:
        return path(alg, m, leaves[:k]) + [mth(alg, leaves[k:])]
    return path(alg, m - k, leaves[k:]) + [mth(alg, leaves[:k])]


def subproof(alg, m, leaves, complete):
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b)."""
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(alg, leaves)]
    k = split(n)
    if m <= k:
        return subproof(alg, m, leaves[:k], complete) + [mth(alg, leaves[k:])]
    return subproof(alg, m - k, leaves[k:], False) + [mth(alg, leaves[:k])]


def verify_inclusion(alg, index, size, leaf_hash, proof, root):
    """RFC 9162 §2.1.3.2, written independently of the C code."""
    hsize = 32
    if index >= size or len(leaf_hash) != hsize or len(root) != hsize or any(len(p) != hsize for p in proof):
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(alg, p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(alg, r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(alg, size1, size2, root1, root2, proof):
    """RFC 9162 §2.1.4.2 plus the edge rules of ds_merkle_verify_consistency."""
    if size1 > size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2 and (size1 > 0 or root1 == H(alg, b""))
    if size1 == 0 or not proof:
        return False
    if len(root1) != 32 or len(root2) != 32 or any(len(p) != 32 for p in proof):
        return False
    path_ = list(proof)
    if size1 & (size1 - 1) == 0:
        path_ = [root1] + path_
    fn, sn = size1 - 1, size2 - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path_[0]
    for c in path_[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr = node(alg, c, fr)
            sr = node(alg, c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(alg, sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def hx(b):
    return b.hex() if b else "-"


def proof_text(proof):
    return ",".join(hx(p) for p in proof) if proof else "none"


def corrupt(rng, proof):
    """A random corruption of a proof (which may, rarely, still verify: the
    oracle decides)."""
    proof = list(proof)
    choice = rng.randrange(6)
    if choice == 0 and proof:
        i = rng.randrange(len(proof))
        b = bytearray(proof[i])
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        proof[i] = bytes(b)
    elif choice == 1 and proof:
        del proof[rng.randrange(len(proof))]
    elif choice == 2:
        proof.insert(rng.randrange(len(proof) + 1), b"" if rng.random() < 0.3 else bytes(rng.getrandbits(8) for _ in range(32)))
    elif choice == 3 and len(proof) > 1:
        i = rng.randrange(len(proof) - 1)
        proof[i], proof[i + 1] = proof[i + 1], proof[i]
    elif choice == 4 and proof:
        proof[rng.randrange(len(proof))] = proof[rng.randrange(len(proof))][:31]
    return proof


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "tests", "translog_driver")
    rng = random.Random(SEED)
    cases = []  # (command, expected answer, label)
    for t in range(TREES):
        alg = "sha256" if t % 2 == 0 else "sm3"
        n = rng.choice([1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257])
        entries = [bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 40))) for _ in range(n)]
        leaves = [leaf(alg, e) for e in entries]
        cases.append((f"log {alg}", "ok", "new log"))
        for i, e in enumerate(entries):
            cases.append((f"add {hx(e)}", str(i), "append"))
        for _ in range(QUERIES):
            size = rng.randint(0, n)
            cases.append((f"root {size}", mth(alg, leaves[:size]).hex(), f"root {alg} {size}"))
            if size == 0:
                continue
            m = rng.randrange(size)
            proof = path(alg, m, leaves[:size])
            root = mth(alg, leaves[:size])
            cases.append((f"incl {m} {size}", proof_text(proof), f"inclusion proof {alg} {m}/{size}"))
            size1 = rng.randint(1, size)
            cproof = subproof(alg, size1, leaves[:size], True)
            root1 = mth(alg, leaves[:size1])
            cases.append((f"cons {size1} {size}", proof_text(cproof), f"consistency proof {alg} {size1}->{size}"))
            # Verification: the true proof, then corrupted proofs, indexes, sizes and roots.
            for k in range(4):
                p, idx, sz, lf, rt = proof, m, size, leaves[m], root
                if k:
                    what = rng.randrange(4)
                    if what == 0:
                        p = corrupt(rng, proof)
                    elif what == 1:
                        idx = rng.choice([m + 1, m - 1 if m else m + 2, m ^ 2, size])
                    elif what == 2:
                        sz = rng.choice([size + 1, max(size - 1, 0), size * 2, size // 2])
                    else:
                        rt = mth(alg, leaves[:max(size - 1, 0)])
                ok = verify_inclusion(alg, idx, sz, lf, p, rt)
                cases.append((f"vincl {alg} {idx} {sz} {hx(lf)} {proof_text(p)} {hx(rt)}",
                               "ok" if ok else "ERR DS_EVERIFY", f"verify inclusion {alg} {idx}/{sz}"))
            for k in range(4):
                p, s1, s2, r1, r2 = cproof, size1, size, root1, root
                if k:
                    what = rng.randrange(4)
                    if what == 0:
                        p = corrupt(rng, cproof)
                    elif what == 1:
                        s1 = rng.choice([size1 + 1, size1 - 1, size1 ^ 2])
                    elif what == 2:
                        s2 = rng.choice([size + 1, size - 1, size * 2])
                    else:
                        r1 = mth(alg, leaves[:size1 - 1])
                ok = verify_consistency(alg, s1, s2, r1, r2, p)
                cases.append((f"vcons {alg} {s1} {s2} {hx(r1)} {hx(r2)} {proof_text(p)}",
                               "ok" if ok else "ERR DS_EVERIFY", f"verify consistency {alg} {s1}->{s2}"))

    proc = subprocess.run([exe], input="\n".join(c[0] for c in cases) + "\n", capture_output=True, text=True)
    got = proc.stdout.splitlines()
    failed = 0
    if proc.returncode != 0 or len(got) != len(cases):
        print(f"driver failed: exit {proc.returncode}, {len(got)} answers for {len(cases)} cases\n{proc.stderr}")
        print("0 passed, 1 failed")
        return 1
    for (command, expected, label), answer in zip(cases, got):
        if answer != expected:
            failed += 1
            if failed <= 20:
                print(f"MISMATCH {label}: library {answer[:80]!r}, oracle {expected[:80]!r}\n  {command[:160]}")
    accepted = sum(1 for c in cases if c[0].startswith("v") and c[1] == "ok")
    rejected = sum(1 for c in cases if c[0].startswith("v") and c[1] != "ok")
    print(f"translog oracle: seed {SEED}, {TREES} random trees (SHA-256 and SM3), {len(cases)} commands; "
          f"verification: {accepted} accepted and {rejected} rejected by both")

    # Checkpoints: the signed-note key hash from hashlib, the signature from the openssl tool.
    notes_ok = notes_failed = 0
    openssl = shutil.which("openssl")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("ed25519", "sm2", "ed25519", "sm2"):
            root = H("sha256", rng.getrandbits(64).to_bytes(8, "big"))
            size = rng.randint(0, 10**12)
            r = subprocess.run([exe], input=f"note {kind} {tmp} example.com/log registry.example.cn/log {size} {root.hex()}\n",
                               capture_output=True, text=True)
            problems = []
            if r.stdout.strip() != "ok":
                problems.append(f"driver: {r.stdout.strip()}")
            else:
                note = open(os.path.join(tmp, "note"), "rb").read()
                text, _, sigs = note.rpartition(b"\n\n")
                text += b"\n"
                if text != f"registry.example.cn/log\n{size}\n{base64.b64encode(root).decode()}\n".encode():
                    problems.append("note text differs from the checkpoint format")
                line = sigs.decode()
                if not line.startswith("\u2014 example.com/log ") or not line.endswith("\n") or line.count("\n") != 1:
                    problems.append(f"signature line malformed: {line!r}")
                blob = base64.b64decode(line.split(" ")[2].strip())
                der = subprocess.run([openssl, "pkey", "-pubin", "-in", os.path.join(tmp, "pub.pem"), "-outform", "DER"],
                                     capture_output=True, check=True).stdout
                if kind == "ed25519":
                    material = b"\x01" + der[-32:]
                else:
                    material = b"\xffsm2-sm3" + der
                key_hash = hashlib.sha256(b"example.com/log\n" + material).digest()[:4]
                if blob[:4] != key_hash:
                    problems.append("key hash differs from SHA-256(name || 0x0A || type || key)[:4]")
                vkey = open(os.path.join(tmp, "vkey")).read()
                if vkey != f"example.com/log+{key_hash.hex()}+{base64.b64encode(material).decode()}":
                    problems.append(f"verifier key differs: {vkey}")
                if openssl:
                    open(os.path.join(tmp, "text"), "wb").write(text)
                    open(os.path.join(tmp, "sig"), "wb").write(blob[4:])
                    args = [openssl, "pkeyutl", "-verify", "-pubin", "-inkey", os.path.join(tmp, "pub.pem"), "-rawin",
                            "-in", os.path.join(tmp, "text"), "-sigfile", os.path.join(tmp, "sig")]
                    if kind == "sm2":
                        args += ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]
                    v = subprocess.run(args, capture_output=True, text=True)
                    if v.returncode != 0:
                        problems.append(f"openssl pkeyutl rejects the signature: {v.stdout}{v.stderr}")
            if problems:
                notes_failed += 1
                print(f"MISMATCH checkpoint {kind}: " + "; ".join(problems))
            else:
                notes_ok += 1
    print(f"checkpoints: {notes_ok} of {notes_ok + notes_failed} match the signed-note format"
          f"{' and verify with openssl pkeyutl' if openssl else ' (openssl tool absent: signatures not checked)'}")
    failed += notes_failed
    print(f"{len(cases) + notes_ok + notes_failed - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
