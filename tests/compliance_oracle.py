#!/usr/bin/python3
"""Differential test of `datasset compliance assess` against an independent oracle.

The oracle below is written from the project's compliance specification (docs/compliance.md:
the flag table, the derived flags, the cn-2025 item table and the outcome rules), not from the
C code or the checklist file: it shares only the names of flags, values, items and evidence
kinds, which are the interface. Random entries are drawn with counts at and around every
threshold (10,000,000 persons; 1,000,000 / 100,000 non-sensitive and 10,000 / 1 sensitive
persons abroad: 以上 includes the number, 民法典 art. 1259) and random evidence lists (kinds,
issue and expiry dates around the assessment date, contradicting records, reviewers'
decisions). For each, every item's status, the derived flags, the outcome, the workflow effect
and the restrictions must agree.

Run by `make check` (top_builddir, top_srcdir set) or by hand:
    top_builddir=_build/dev top_srcdir=. /usr/bin/python3 tests/compliance_oracle.py
SPDX-License-Identifier: MIT
"""
import datetime
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{urn:datasset:compliance:1}"
TOP_BUILDDIR = os.environ.get("top_builddir", ".")
PROG = os.path.join(TOP_BUILDDIR, "datasset")
CASES = int(os.environ.get("COMPLIANCE_ORACLE_CASES", "200"))

# ---------------------------------------------------------------- the specification, as the oracle reads it

# Evidence that satisfies each item (the "evidence" column; kinds named as in the documents).
KINDS = {
    "S01": ["business_licence", "institution_certificate"],
    "S02": ["credit_report", "no_violation_undertaking"],
    "S03": ["security_policy"],
    "R01": ["source_statement"],
    "R02": ["collection_method"],
    "R03": ["upstream_contract", "authorised_operation_agreement"],
    "R04": ["ownership_declaration"],
    "R05": ["fingerprint_log"],
    "P01": ["consent_records", "contract_basis", "statutory_duty"],
    "P02": ["separate_consent"],
    "P03": ["sensitive_consent"],
    "P04": ["pia_report"],
    "P05": ["anonymisation_report"],
    "P06": ["pi_audit_report"],
    "C01": ["grading_record"],
    "C02": ["grading_record"],
    "I01": ["important_data_declaration"],
    "I02": ["security_officer_appointment"],
    "I03": ["provision_risk_assessment"],
    "I04": ["annual_risk_report"],
    "G01": ["authorised_operation_agreement"],
    "G02": ["providing_unit_consent"],
    "G03": ["product_form_statement"],
    "G04": ["public_data_registration"],
    "G05": ["pricing_statement"],
    "G06": ["no_redevelopment_undertaking"],
    "X01": ["cac_security_assessment", "standard_contract_filing", "pi_protection_certificate", "xb_computation_record"],
    "X02": ["outbound_consent"],
    "X03": ["cac_security_assessment"],
    "X04": ["cac_security_assessment"],
    "T01": ["processing_description"],
    "T02": ["scenario_list"],
    "T03": ["agreement_sample"],
    "T04": ["third_party_assessment"],
}
ITEMS = list(KINDS)
ALL_KINDS = sorted({k for ks in KINDS.values() for k in ks})

# severity / on_unmet from the table ("blocking if public_data, else warning" for R05).
WARNING = {"S02", "S03", "P06", "I04", "G05", "G06", "T01", "T02"}
GATE = {"P05"}
RESTRICT = {"X01", "X02", "X03", "X04"}  # restrict:no_outbound


def severity(item, f):
    if item == "R05":
        return "blocking" if f["public_data"] else "warning"
    if item in GATE:
        return "gate"
    return "warning" if item in WARNING else "blocking"


def xb_path(f, state_organ_pi):
    """compliance.md, derived flag xb_path (以上 includes the number)."""
    important = f["grade"] == "important"
    if (f["ciio"] and (f["pi"] != "none" or important)) or important or f["xb_pi_ytd"] >= 1_000_000 \
            or f["xb_sensitive_ytd"] >= 10_000 or state_organ_pi:
        return "assessment"
    if f["xb_pi_ytd"] >= 100_000 or f["xb_sensitive_ytd"] >= 1:
        return "exempt" if f["xb_exemption"] else "contract_or_cert"
    return "exempt"


def applies(item, f, d):
    pe = d["pi_effective"] != "none"
    provision = f["purpose"] == "list" or f["provides_data"]
    table = {
        "S01": True,
        "S02": f["holder_kind"] in ("enterprise", "operator"),
        "S03": True,
        "R01": True,
        "R02": "web_collected" in f["source"] or "from_individuals" in f["source"],
        "R03": "licensed_in" in f["source"],
        "R04": True,
        "R05": True,
        "P01": pe,
        "P02": pe and f["delivers_pi"],
        "P03": (f["pi"] == "sensitive" or f["minor_u14"]) and pe,
        "P04": pe and (provision or f["publishes"] or f["cross_border"] or f["pi"] == "sensitive" or f["minor_u14"]),
        "P05": f["anonymised_claim"],
        "P06": f["pi"] != "none",
        "C01": True,
        "C02": True,
        "I01": f["grade"] == "important",
        "I02": d["important_handler"],
        "I03": d["important_handler"] and f["grade"] == "important" and provision,
        "I04": f["grade"] == "important",
        "G01": f["public_channel"] == "authorised_operation",
        "G02": f["public_channel"] == "shared_in" or f["uses_shared_data"],
        "G03": f["public_data"] and f["purpose"] == "list",
        "G04": f["public_data"],
        "G05": f["public_data"] and f["purpose"] == "list",
        "G06": f["holder_kind"] == "operator",
        "X01": f["cross_border"],
        "X02": f["cross_border"] and pe,
        "X03": f["cross_border"] and d["state_organ_pi"],
        "X04": f["cross_border"] and f["grade"] == "important",
        "T01": f["purpose"] == "list",
        "T02": f["purpose"] == "list",
        "T03": f["purpose"] == "list",
        "T04": f["purpose"] == "list",
    }
    return table[item]


def accepted(item, kind, f, d):
    if kind not in KINDS[item]:
        return False
    if item == "C01":
        return f["grade"] != "unknown"  # grade = unknown => MISSING
    if item == "C02":
        return f["grade"] in ("general", "important")  # a C01 record showing 一般 or 重要
    if item == "X01":
        return {"cac_security_assessment": "assessment", "standard_contract_filing": "contract_or_cert",
                "pi_protection_certificate": "contract_or_cert",
                "xb_computation_record": "exempt"}[kind] == d["xb_path"]
    return True


def add_months(day, months):
    m = day.year * 12 + day.month - 1 + months
    y, mo = divmod(m, 12)
    mo += 1
    last = (datetime.date(y + (mo == 12), mo % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(y, mo, min(day.day, last))


def status(item, f, d, evidence, reviews, at):
    if not applies(item, f, d):
        return "NOT_APPLICABLE"
    if item in reviews:
        return reviews[item]
    if item == "C02" and f["grade"] == "core":
        return "NOT_SATISFIED"
    support = against = False
    for ev in evidence:
        if not accepted(item, ev["kind"], f, d):
            continue
        if ev["issued"] > at:  # not yet issued
            continue
        if ev["expires"] is not None and at > ev["expires"]:  # past its expiry: absent
            continue
        if item == "I04" and at >= add_months(ev["issued"], 12):  # valid_for 12 months
            continue
        if ev["contradicts"]:
            against = True
        else:
            support = True
    if against:
        return "NOT_SATISFIED"
    if support:
        return "SATISFIED"
    # Worked example E2: outbound items without their approval or consent are NOT_SATISFIED.
    return "NOT_SATISFIED" if item in RESTRICT else "MISSING"


def oracle(f, evidence, reviews, at):
    d = {}
    d["important_handler"] = f["grade"] == "important" or f["pi_persons"] >= 10_000_000
    d["state_organ_pi"] = f["pi"] != "none" and (f["holder_kind"] == "admin_unit" or f["public_function_body"]
                                                 or (f["public_data"] and f["pi_from_state_organ"]))
    d["pi_effective"] = f["pi"]  # P05 reads input flags only: decide it first
    p05 = status("P05", f, d, evidence, reviews, at)
    d["pi_effective"] = "none" if f["anonymised_claim"] and p05 == "SATISFIED" else f["pi"]
    d["xb_path"] = xb_path(f, d["state_organ_pi"])
    statuses = {i: status(i, f, d, evidence, reviews, at) for i in ITEMS}
    # Outcome rules 1-4.
    fail = any(statuses[i] == "NOT_SATISFIED" and severity(i, f) == "blocking" and i not in RESTRICT for i in ITEMS)
    conditions = any((severity(i, f) == "blocking" and statuses[i] == "MISSING")
                     or (severity(i, f) == "warning" and statuses[i] == "NOT_SATISFIED") for i in ITEMS)
    restrictions = ["no_outbound"] if any(statuses[i] in ("MISSING", "NOT_SATISFIED") for i in RESTRICT) else []
    outcome = "fail" if fail else "conditional" if conditions or restrictions else "pass"
    # Rule 5: restrictions alone proceed; other conditions hold in REVIEW; fail rejects.
    workflow = "reject" if fail else "hold" if conditions else "proceed"
    return statuses, d, outcome, workflow, restrictions

# ---------------------------------------------------------------- random cases


def near(rng, thresholds):
    t = rng.choice(thresholds)
    return max(0, t + rng.choice([-1, 0, 1, 0, rng.randint(-t, t) if t else 0]))


def random_flags(rng):
    pi = rng.choice(["none", "pi", "sensitive"])
    public = rng.random() < 0.4
    return {
        "purpose": rng.choice(["register", "list"]),
        "holder_kind": rng.choice(["enterprise", "admin_unit", "inst_unit", "operator"]),
        "pi": pi,
        "minor_u14": rng.random() < 0.15,
        "pi_persons": near(rng, [0, 10_000_000, 2_400_000]),
        "anonymised_claim": rng.random() < 0.25,
        "grade": rng.choice(["unknown", "general", "general", "important", "core"]),
        "public_data": public,
        "public_channel": rng.choice(["holder", "authorised_operation", "shared_in"]) if public else "none",
        "uses_shared_data": rng.random() < 0.15,
        "source": sorted(rng.sample(["self_generated", "from_individuals", "web_collected", "licensed_in",
                                     "public_open"], rng.randint(0, 3))),
        "delivers_pi": rng.random() < 0.5,
        "provides_data": rng.random() < 0.3,
        "publishes": rng.random() < 0.15,
        "public_function_body": rng.random() < 0.1,
        "pi_from_state_organ": rng.random() < 0.3,
        "cross_border": rng.random() < 0.5,
        "ciio": rng.random() < 0.15,
        "xb_pi_ytd": near(rng, [0, 100_000, 1_000_000]),
        "xb_sensitive_ytd": near(rng, [0, 1, 10_000]),
        "xb_exemption": rng.random() < 0.2,
    }


def random_evidence(rng, at):
    evidence = []
    # Half the cases hold nearly complete, current evidence (so that pass and restriction-only
    # outcomes occur), the other half a random subset with random dates.
    complete = rng.random() < 0.5
    if complete:
        kinds = [k for k in ALL_KINDS if rng.random() < 0.97]
    else:
        kinds = rng.sample(ALL_KINDS, rng.randint(0, len(ALL_KINDS)))
    for n, kind in enumerate(kinds):
        if complete and kind in ("cac_security_assessment", "outbound_consent") and rng.random() < 0.5:
            continue
        issued = at + datetime.timedelta(days=rng.choice([-800, -400, -366, -365, -364, -30, -1, 0, 1]))
        if complete and rng.random() < 0.9:
            issued = at - datetime.timedelta(days=rng.randint(0, 300))
        expires = None
        if rng.random() < 0.4:
            expires = at + datetime.timedelta(days=rng.choice([-1, 0, 1, 200]))
            if expires < issued:
                expires = issued
        evidence.append({"id": "e%d" % n, "kind": kind, "issued": issued, "expires": expires,
                         "contradicts": rng.random() < (0.01 if complete else 0.1)})
    reviews = {}
    for item in rng.sample(ITEMS, rng.randint(0, 2)):
        reviews[item] = rng.choice(["SATISFIED", "NOT_SATISFIED"])
    return evidence, reviews


def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return " ".join(v)
    return str(v)


def write_case(directory, n, f, evidence, reviews):
    entry = os.path.join(directory, "entry%d.xml" % n)
    with open(entry, "w", encoding="utf-8") as out:
        out.write('<entry xmlns="urn:datasset:compliance:1" id="case%d">\n' % n)
        out.write('  <registrant code="91350100M000100Y43" kind="%s"/>\n' % f["holder_kind"])
        for k, v in f.items():
            if k != "holder_kind" and not (k == "source" and not v):
                out.write('  <flag name="%s" value="%s"/>\n' % (k, text(v)))
        out.write("</entry>\n")
    ev = os.path.join(directory, "evidence%d.xml" % n)
    with open(ev, "w", encoding="utf-8") as out:
        out.write('<evidence-list xmlns="urn:datasset:compliance:1">\n')
        for e in evidence:
            digest = hashlib.sha256(e["id"].encode()).hexdigest()
            out.write('  <evidence id="%s" kind="%s" digest="sha256:%s" issued="%s"%s%s/>\n' % (
                e["id"], e["kind"], digest, e["issued"].isoformat(),
                ' expires="%s"' % e["expires"].isoformat() if e["expires"] else "",
                ' finding="contradicts"' if e["contradicts"] else ""))
        for item, st in reviews.items():
            out.write('  <review item="%s" status="%s" reviewer="oracle" date="2025-01-01">r</review>\n' % (
                item, st.lower()))
        out.write("</evidence-list>\n")
    return entry, ev


def main():
    if not os.access(PROG, os.X_OK):
        print("compliance_oracle: %s is not built" % PROG, file=sys.stderr)
        return 1
    rng = random.Random(20250601)
    failures = 0
    seen = {}
    with tempfile.TemporaryDirectory() as directory:
        for n in range(CASES):
            at = datetime.date(2025, 6, 1) + datetime.timedelta(days=rng.randint(-400, 400))
            f = random_flags(rng)
            evidence, reviews = random_evidence(rng, at)
            entry, ev = write_case(directory, n, f, evidence, reviews)
            run = subprocess.run([PROG, "compliance", "assess", entry, "--evidence", ev, "--at", at.isoformat(),
                                  "--time", "2025-06-01T00:00:00Z", "--format", "xml"],
                                 capture_output=True, text=True, check=False)
            if run.returncode != 0:
                print("case %d: exit %d: %s" % (n, run.returncode, run.stderr))
                failures += 1
                continue
            root = ET.fromstring(run.stdout)
            got = {i.get("id"): i.get("status") for i in root.iter(NS + "item")}
            flags = {x.get("name"): x.get("value") for x in root.iter(NS + "flag")}
            outcome = root.find(NS + "outcome")
            got_restrictions = [r.get("code") for r in outcome.iter(NS + "restriction")]
            statuses, d, want_outcome, want_workflow, want_restrictions = oracle(f, evidence, reviews, at)
            problems = ["%s: %s, oracle %s" % (i, got.get(i), statuses[i]) for i in ITEMS if got.get(i) != statuses[i]]
            for k in ("important_handler", "state_organ_pi"):
                if flags[k] != text(d[k]):
                    problems.append("%s: %s, oracle %s" % (k, flags[k], d[k]))
            for k in ("pi_effective", "xb_path"):
                if flags[k] != d[k]:
                    problems.append("%s: %s, oracle %s" % (k, flags[k], d[k]))
            if outcome.get("result") != want_outcome:
                problems.append("outcome %s, oracle %s" % (outcome.get("result"), want_outcome))
            if outcome.get("workflow") != want_workflow:
                problems.append("workflow %s, oracle %s" % (outcome.get("workflow"), want_workflow))
            if got_restrictions != want_restrictions:
                problems.append("restrictions %s, oracle %s" % (got_restrictions, want_restrictions))
            seen[want_outcome + "/" + want_workflow] = seen.get(want_outcome + "/" + want_workflow, 0) + 1
            if problems:
                failures += 1
                print("case %d (at %s, flags %s):\n  %s" % (n, at, f, "\n  ".join(problems)))
    print("compliance_oracle: %d cases (%s), %d disagreements" % (
        CASES, ", ".join("%s %d" % kv for kv in sorted(seen.items())), failures))
    # A sample that never reaches an outcome would test nothing about it.
    if CASES >= 100 and len(seen) < 4:
        print("compliance_oracle: the sample reached only %s" % sorted(seen))
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
