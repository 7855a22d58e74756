#!/usr/bin/env python3
"""Check a certificate's log evidence with hashlib alone (docs/certificate.md):
the leaf hash of its canonical log entry, folded with the inclusion proof
(RFC 9162 §2.1.3.2), must give the root hash of the embedded checkpoint.
Usage: verify_inclusion.py sha256|sm3 CERT.xml ENTRY.c14n  (SPDX-License-Identifier: MIT)"""
import base64
import hashlib
import sys
import xml.etree.ElementTree as ET


def main():
    alg, cert_path, entry_path = sys.argv[1:4]
    h = lambda data: hashlib.new(alg, data).digest()  # noqa: E731
    ns = {"c": "urn:datasset:certificate:1"}
    evidence = ET.parse(cert_path).getroot().find("c:logEvidence", ns)
    index, size = int(evidence.get("index")), int(evidence.get("treeSize"))
    checkpoint = evidence.find("c:checkpoint", ns).text.split("\n")
    root = base64.b64decode(checkpoint[2])
    proof = [bytes.fromhex(x.text) for x in evidence.find("c:inclusionProof", ns).findall("c:hash", ns)]
    r = h(b"\x00" + open(entry_path, "rb").read())
    fn, sn = index, size - 1
    for p in proof:
        if fn % 2 == 1 or fn == sn:
            r = h(b"\x01" + p + r)
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = h(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    ok = sn == 0 and r == root and int(checkpoint[1]) == size
    print(f"entry {index} in tree of size {size}: {'included' if ok else 'NOT included'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
