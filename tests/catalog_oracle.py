#!/usr/bin/env python3
"""Differential test of the metadata catalogue against an independent Python
implementation: random catalogues with random faults are written as native XML;
the library's validation report (jinan and gbt21063 profiles, read here with
ElementTree; and the report of the file read entry by entry, byte for byte the
in-memory one, also for a repeated identifier and a cut document), its search results (NFKC case-folded substrings, provider and
share-type filters) and its export (parsed here and compared field by field
with the values Python expects after trimming and NFC) must agree with Python's.
Seeded and deterministic; run by `make check` (SPDX-License-Identifier: MIT)."""
import datetime
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
CATALOGUES = int(os.environ.get("DS_CATALOG_ORACLE_CATALOGUES", "24"))
ENTRIES = int(os.environ.get("DS_CATALOG_ORACLE_ENTRIES", "60"))
QUERIES = int(os.environ.get("DS_CATALOG_ORACLE_QUERIES", "100"))
NS = "{urn:datasset:catalog:1}"
PNS = "{urn:datasset:profile:1}"

FIELDS = ["identifier", "metadata_id", "title", "abstract", "provider_name", "provider_code",
          "provider_department", "category_scheme", "category_code", "category_name", "format", "online_link",
          "service_address", "service_type", "metadata_contact", "metadata_date", "share_type",
          "share_condition", "share_mode", "open_type", "open_condition", "update_cycle", "published",
          "security_class", "personal_info"]

# ---------------------------------------------------------------- profiles, read independently

def load_profile(path):
    root = ET.parse(path).getroot()
    lists = {c.get("name"): [v.get("value") for v in c.findall(PNS + "code")] for c in root.findall(PNS + "codelist")}
    rules = {}
    for f in root.findall(PNS + "field"):
        unless = f.get("required-unless")
        if unless:
            field, values = unless.split("=", 1)
            unless = (field, values.split("|"))
        rules[f.get("name")] = {
            "required": f.get("required") == "true",
            "max": int(f.get("max-length")) if f.get("max-length") else None,
            "codelist": lists[f.get("codelist")] if f.get("codelist") else None,
            "codelist_name": f.get("codelist"),
            "pattern": re.compile(f.get("pattern")) if f.get("pattern") else None,
            "uscc": f.get("check") == "uscc",
            "unless": unless,
            "severity": f.get("severity") or "error",
        }
    kw = root.find(PNS + "keywords")
    items = root.find(PNS + "items")
    return {
        "rules": rules,
        "keywords_min": int(kw.get("min")) if kw is not None else 0,
        "keywords_severity": (kw.get("severity") if kw is not None else None) or "error",
        "items_min": int(items.get("min") or 0) if items is not None else 0,
        "item_types": lists[items.get("type-codelist")] if items is not None and items.get("type-codelist") else None,
        "item_name_max": int(items.get("name-max-length")) if items is not None and items.get("name-max-length") else None,
        "length_types": (items.get("length-required-for") or "").split() if items is not None else [],
        "items_severity": (items.get("severity") if items is not None else None) or "error",
    }


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check(body):
    return USCC_ALPHABET[(31 - sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS)) % 31) % 31]


def uscc_ok(code):
    return (len(code) == 18 and all(c in USCC_ALPHABET for c in code) and code[2:8].isdigit()
            and uscc_check(code[:17]) == code[17])


def date_ok(text):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:])).year >= 1
    except ValueError:
        return False


def uri_ok(text):
    return re.fullmatch(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20"<>\\^`{|}\x7f]+', text) is not None


def expected_problems(entries, profile):
    """The report, in the library's documented order: entry by entry; fields in
    ds_field order (required / required-unless when absent; else max-length,
    codelist, pattern, uscc, date, uri); keywords; related; items."""
    ids = {e["identifier"]: n for n, e in enumerate(entries) if e["identifier"]}
    out = []
    rules = profile["rules"]
    for n, e in enumerate(entries):
        for f in FIELDS:
            rule = rules.get(f, {"required": False, "max": None, "codelist": None, "pattern": None, "uscc": False,
                                 "unless": None, "severity": "error"})
            v, sev, path = e[f], rule["severity"], f"resource[{n + 1}]/{f}"
            if v is None:
                if rule["required"]:
                    out.append((n, path, "required", sev))
                elif rule["unless"] and e[rule["unless"][0]] is not None and e[rule["unless"][0]] not in rule["unless"][1]:
                    out.append((n, path, "required-unless", sev))
                continue
            if rule["max"] and len(v) > rule["max"]:
                out.append((n, path, "max-length", sev))
            if rule["codelist"] is not None and v not in rule["codelist"]:
                out.append((n, path, "codelist", sev))
            if rule["pattern"] and not rule["pattern"].fullmatch(v):
                out.append((n, path, "pattern", sev))
            if rule["uscc"] and not uscc_ok(v):
                out.append((n, path, "uscc", sev))
            if f in ("metadata_date", "published") and not date_ok(v):
                out.append((n, path, "date", "error"))
            if f == "online_link" and not uri_ok(v):
                out.append((n, path, "uri", "error"))
        if len(e["keywords"]) < profile["keywords_min"]:
            out.append((n, f"resource[{n + 1}]/keyword", "keywords-min", profile["keywords_severity"]))
        for i, r in enumerate(e["related"]):
            if ids.get(r, n) == n:
                out.append((n, f"resource[{n + 1}]/related[{i + 1}]", "related-exists", "error"))
        sev = profile["items_severity"]
        if len(e["items"]) < profile["items_min"]:
            out.append((n, f"resource[{n + 1}]/item", "items-min", sev))
        for i, (name, typ, length, _) in enumerate(e["items"]):
            base = f"resource[{n + 1}]/item[{i + 1}]"
            if profile["item_name_max"] and len(name) > profile["item_name_max"]:
                out.append((n, base + "/name", "max-length", sev))
            if profile["item_types"] is not None:
                if typ is None:
                    out.append((n, base + "/type", "required", sev))
                elif typ not in profile["item_types"]:
                    out.append((n, base + "/type", "codelist", sev))
            if typ is not None and not length and typ in profile["length_types"]:
                out.append((n, base + "/length", "item-length", sev))
    return out

# ---------------------------------------------------------------- random catalogues

WORDS = ["住房", "公积金", "缴存", "贷款", "市场", "主体", "登记", "医疗", "保险", "参保", "交通", "运输", "公交",
         "线路", "招标", "公告", "审批", "许可", "空气", "质量", "监测", "企业", "年报", "信用", "处罚", "就业",
         "社会", "保障", "数据", "信息", "统计", "目录", "济南", "泉城", "证照", "电子"]
EXTRAS = ["PM2.5", "ＡＢＣ", "Café", "Cafe\u0301", "①号", "ＧＤＰ", "12345", "Ⅱ类", "ﾃｽﾄ", "Straße"]
PROVIDERS = ["济南住房公积金中心", "济南市市场监督管理局", "济南市医疗保障局", "济南市交通运输局", "济南公共资源交易中心",
             "济南市行政审批服务局", "济南市大数据局", "济南市卫生健康委员会"]
PAD = ["", "", "", " ", "\n  ", "\t"]


def pad(rng, text):
    return rng.choice(PAD) + text + rng.choice(PAD)


def phrase(rng, n):
    parts = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(EXTRAS))
    return "".join(parts)


def make_uscc(rng, valid=True):
    body = "11370100" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    code = body + uscc_check(body)
    if not valid:
        code = body + rng.choice([c for c in USCC_ALPHABET if c != code[17]])
    return code


def maybe(rng, good, bad, p_missing=0.04, p_bad=0.06):
    r = rng.random()
    if r < p_missing:
        return None
    if r < p_missing + p_bad:
        return bad() if callable(bad) else bad
    return good() if callable(good) else good


def random_entry(rng, n, profile_lists):
    cat = f"3{rng.randint(0, 9)}{rng.randint(0, 9)}{n % 100:02d}"
    code = make_uscc(rng)
    ident = f"{cat}/{code}-{n + 1:05d}"
    share = maybe(rng, lambda: rng.choice(profile_lists["share_type"]), "部分共享")
    open_ = maybe(rng, lambda: rng.choice(profile_lists["open_type"]), "开放")
    e = {
        "identifier": maybe(rng, ident, lambda: ident.replace("/", "-"), 0.02, 0.04),
        "metadata_id": maybe(rng, f"JN-MD-{n:06d}", "M" * 65),
        "title": maybe(rng, lambda: phrase(rng, rng.randint(2, 5)), lambda: "名" * 101),
        "abstract": maybe(rng, lambda: phrase(rng, rng.randint(6, 14)), lambda: "摘" * 1001),
        "provider_name": maybe(rng, lambda: rng.choice(PROVIDERS), lambda: "济" * 101),
        "provider_code": maybe(rng, code, lambda: make_uscc(rng, False)),
        "provider_department": maybe(rng, "信息中心", None, 0.3, 0),
        "category_scheme": maybe(rng, "政务信息资源分类", lambda: "分" * 51),
        "category_code": maybe(rng, cat, "4" + cat[1:]),
        "category_name": maybe(rng, "部门信息资源/" + rng.choice(WORDS), lambda: "类" * 101),
        "format": maybe(rng, lambda: rng.choice(profile_lists["format"]), "Excel"),
        "online_link": maybe(rng, f"https://data.jinan.gov.cn/dataset/{cat}", lambda: rng.choice(
            ["data.jinan.gov.cn/x", "https://a b", "http:", "1http://x"]), 0.2, 0.08),
        "service_address": maybe(rng, f"https://api.data.jinan.gov.cn/{cat}", None, 0.5, 0),
        "service_type": maybe(rng, "REST", None, 0.5, 0),
        "metadata_contact": maybe(rng, "信息中心", None, 0.06, 0),
        "metadata_date": maybe(rng, lambda: f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                               lambda: rng.choice(["2025-02-29", "2024-13-01", "2024-4-1", "2024/04/01", "0000-01-01"])),
        "share_type": share,
        "share_condition": maybe(rng, "仅向有关部门共享", lambda: "条" * 501, 0.1 if share == "无条件共享" else 0.05),
        "share_mode": maybe(rng, lambda: rng.choice(profile_lists["share_mode"]), "光盘"),
        "open_type": open_,
        "open_condition": maybe(rng, "经申请后开放", lambda: "开" * 501, 0.3 if open_ == "无条件开放" else 0.05),
        "update_cycle": maybe(rng, lambda: rng.choice(profile_lists["update_cycle"]), "每两周"),
        "published": maybe(rng, lambda: f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "2024-02-30"),
        "security_class": maybe(rng, lambda: rng.choice(profile_lists["security_class"]), "机密"),
        "personal_info": maybe(rng, lambda: rng.choice(["true", "false"]), "是"),
        "keywords": rng.sample(WORDS, rng.choice([0, 1, 1, 2, 3])),
        "related": [],
        "items": [],
    }
    names = rng.sample(WORDS + ["名" * 51], rng.choice([0, 1, 2, 3, 4, 5]))
    for name in names:
        typ = rng.choice(["C", "N", "Y", "D", "T", "I", "F", "M", "S", None])
        length = rng.choice([0, 0, 10, 18, 200])
        e["items"].append((name, typ, length, rng.choice([None, "说明", phrase(rng, 2)])))
    return e


def normalise(e):
    """What the library stores: trimmed of XML whitespace, NFC, empty = absent."""
    out = dict(e)
    for f in FIELDS:
        v = e[f]
        if v is not None:
            v = unicodedata.normalize("NFC", v.strip(" \t\r\n"))
            out[f] = v or None
    return out


def render(entries, title):
    rows = ['<?xml version="1.0" encoding="UTF-8"?>', '<catalog xmlns="urn:datasset:catalog:1">',
            f"<title>{escape(title)}</title>"]

    def el(name, text, **attrs):
        a = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items() if v is not None)
        if text is None and not a:
            return ""
        return f"<{name}{a}>{escape(text or '')}</{name}>"

    for e in entries:
        g = e.get
        parts = [el("identifier", g("identifier")), el("metadata-id", g("metadata_id")), el("title", g("title")),
                 el("abstract", g("abstract")),
                 el("provider", g("provider_name"), code=g("provider_code"), department=g("provider_department")),
                 el("category", g("category_name"), scheme=g("category_scheme"), code=g("category_code")),
                 el("format", g("format"))]
        parts += [el("keyword", k) for k in e["keywords"]]
        parts += [el("online-link", g("online_link")), el("service", g("service_address"), type=g("service_type")),
                  el("metadata-contact", g("metadata_contact")), el("metadata-date", g("metadata_date")),
                  el("share", g("share_condition"), type=g("share_type"), mode=g("share_mode")),
                  el("open", g("open_condition"), type=g("open_type")), el("update-cycle", g("update_cycle")),
                  el("published", g("published"))]
        sec = {k: v for k, v in (("class", g("security_class")), ("personal-info", g("personal_info"))) if v}
        if sec:
            parts.append("<security" + "".join(f" {k}={quoteattr(v)}" for k, v in sec.items()) + "/>")
        parts += [el("related", r) for r in e["related"]]
        if e["items"]:
            parts.append("<items>")
            for name, typ, length, desc in e["items"]:
                a = f" name={quoteattr(name)}" + (f" type={quoteattr(typ)}" if typ else "") + (
                    f' length="{length}"' if length else "")
                parts.append(f"<item{a}>{escape(desc or '')}</item>")
            parts.append("</items>")
        rows.append("<resource>" + "".join(parts) + "</resource>")
    rows.append("</catalog>")
    return "\n".join(rows) + "\n"


def random_catalogue(rng, lists):
    raw = [random_entry(rng, n, lists) for n in range(ENTRIES)]
    # Some entries carry padding and decomposed text that the library must normalise.
    for e in raw:
        for f in ("title", "abstract", "provider_name", "share_condition"):
            if e[f] is not None and rng.random() < 0.2:
                e[f] = pad(rng, e[f])
    ids = [e["identifier"].strip() for e in raw if e["identifier"]]
    for e in raw:
        if rng.random() < 0.15 and ids:
            picks = rng.sample(ids, min(len(ids), rng.randint(1, 2)))
            if rng.random() < 0.3:
                picks.append("39999/NOSUCHENTRY-00000")
            e["related"] = picks
    return raw, [normalise(e) for e in raw]

# ---------------------------------------------------------------- search, independently

def fold(text):
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def expected_search(entries, text, provider, share):
    hits = []
    for n, e in enumerate(entries):
        hay = "\x01".join([fold(e["title"] or ""), fold(e["abstract"] or "")] + [fold(k) for k in e["keywords"]])
        if text and fold(text) not in hay:
            continue
        if provider and fold(provider) not in fold(e["provider_name"] or "") and provider != e["provider_code"]:
            continue
        if share and share != e["share_type"]:
            continue
        hits.append(n)
    return hits


def random_query(rng, entries):
    """A substring of some title, abstract or keyword, sometimes in full-width or upper case;
    never pure ASCII letters and digits (those also match pinyin, which this oracle does not model)."""
    for _ in range(50):
        e = rng.choice(entries)
        source = rng.choice([e["title"], e["abstract"]] + e["keywords"]) or ""
        source = unicodedata.normalize("NFC", source.strip())
        if not source:
            continue
        start = rng.randrange(len(source))
        q = source[start:start + rng.randint(1, 4)]
        if rng.random() < 0.2:
            q = q.upper()
        if rng.random() < 0.2:  # to full-width
            q = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in q)
        if rng.random() < 0.1:
            q = rng.choice(WORDS) + rng.choice(WORDS)
        if q.strip() and not re.fullmatch(r"[a-z0-9 ]+", fold(q)) and "\t" not in q and "\n" not in q:
            return q.strip()
    return "公积金"

# ---------------------------------------------------------------- export, independently

def parse_export(text):
    root = ET.fromstring(text)
    out = []
    for r in root.findall(NS + "resource"):
        e = {f: None for f in FIELDS}

        def txt(tag, attr=None):
            node = r.find(NS + tag)
            if node is None:
                return None
            v = node.get(attr) if attr else (node.text or "")
            return v if v else None

        for f, tag, attr in [("identifier", "identifier", None), ("metadata_id", "metadata-id", None),
                             ("title", "title", None), ("abstract", "abstract", None),
                             ("provider_name", "provider", None), ("provider_code", "provider", "code"),
                             ("provider_department", "provider", "department"),
                             ("category_scheme", "category", "scheme"), ("category_code", "category", "code"),
                             ("category_name", "category", None), ("format", "format", None),
                             ("online_link", "online-link", None), ("service_address", "service", None),
                             ("service_type", "service", "type"), ("metadata_contact", "metadata-contact", None),
                             ("metadata_date", "metadata-date", None), ("share_type", "share", "type"),
                             ("share_mode", "share", "mode"), ("share_condition", "share", None),
                             ("open_type", "open", "type"), ("open_condition", "open", None),
                             ("update_cycle", "update-cycle", None), ("published", "published", None),
                             ("security_class", "security", "class"), ("personal_info", "security", "personal-info")]:
            e[f] = txt(tag, attr)
        e["keywords"] = [k.text for k in r.findall(NS + "keyword")]
        e["related"] = [k.text for k in r.findall(NS + "related")]
        e["items"] = [(i.get("name"), i.get("type"), int(i.get("length") or 0), i.text or None)
                      for i in r.findall(NS + "items/" + NS + "item")]
        out.append(e)
    return out


def comparable(e):
    items = [(unicodedata.normalize("NFC", n), t, l, unicodedata.normalize("NFC", d) if d else None)
             for n, t, l, d in e["items"]]
    return ({f: e[f] for f in FIELDS}, [unicodedata.normalize("NFC", k) for k in e["keywords"]], e["related"], items)

# ---------------------------------------------------------------- DCAT, through an independent RDF parser

BASE = "https://data.example.org/catalog/"
DCT, DCAT, RDF = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CSVW = "http://www.w3.org/ns/csvw#"
FREQ = {"实时": "UPDATE_CONT", "每日": "DAILY", "每周": "WEEKLY", "每月": "MONTHLY", "每季度": "QUARTERLY",
        "每半年": "ANNUAL_2", "每年": "ANNUAL", "不定期": "IRREG", "其他": "OTHER"}
NT = re.compile(r'^(<[^>]*>|_:\S+) <([^>]*)> (<[^>]*>|_:\S+|"((?:[^"\\]|\\.)*)"(?:@([a-zA-Z-]+)|\^\^<([^>]*)>)?) \.$')


def nt_unescape(text):
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                  else {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), text)


def rapper_triples(path):
    """Parse RDF/XML with rapper (raptor2) into (subject, predicate, object) tuples;
    literals as ("literal", text, lang, datatype)."""
    proc = subprocess.run(["rapper", "-q", "-i", "rdfxml", "-o", "ntriples", path], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"rapper failed: {proc.stderr[:300]}")
    triples = []
    for line in proc.stdout.splitlines():
        m = NT.match(line)
        if not m:
            raise RuntimeError(f"unexpected N-Triples line {line!r}")
        subject, predicate, obj = m.group(1).strip("<>"), m.group(2), m.group(3)
        if obj.startswith('"'):
            obj = ("literal", nt_unescape(m.group(4)), m.group(5), m.group(6))
        else:
            obj = obj.strip("<>")
        triples.append((subject, predicate, obj))
    return triples


def pct(text):
    return "".join(c if re.fullmatch(r"[A-Za-z0-9\-._~]", c) else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def check_dcat(triples, entries):
    """Every entry with an identifier is a dcat:Dataset with its title, keywords, theme,
    periodicity and 信息项 as the mapping says; return a list of differences."""
    by_subject = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    problems = []
    for e in entries:
        if not e["identifier"]:
            continue
        ds = BASE + "dataset/" + pct(e["identifier"])
        props = by_subject.get(ds, [])
        values = lambda prop: [o for p, o in props if p == prop]
        if (RDF + "type", DCAT + "Dataset") not in props:
            problems.append(f"{ds}: not a dcat:Dataset")
            continue
        if e["title"] and values(DCT + "title") != [("literal", e["title"], "zh", None)]:
            problems.append(f"{ds}: title {values(DCT + 'title')} != {e['title']!r}")
        if sorted(o[1] for o in values(DCAT + "keyword")) != sorted(unicodedata.normalize("NFC", k) for k in e["keywords"]):
            problems.append(f"{ds}: keywords {values(DCAT + 'keyword')} != {e['keywords']}")
        if e["update_cycle"] in FREQ and values(DCT + "accrualPeriodicity") != [
                "http://publications.europa.eu/resource/authority/frequency/" + FREQ[e["update_cycle"]]]:
            problems.append(f"{ds}: periodicity {values(DCT + 'accrualPeriodicity')} for {e['update_cycle']}")
        if e["category_code"] and values(DCAT + "theme") != [BASE + "category/" + pct(e["category_code"])]:
            problems.append(f"{ds}: theme {values(DCAT + 'theme')}")
        access = {"无条件开放": "PUBLIC", "有条件开放": "RESTRICTED", "不予开放": "NON_PUBLIC"}
        if e["open_type"]:
            want = ["http://publications.europa.eu/resource/authority/access-right/" + access[e["open_type"]]] \
                if e["open_type"] in access else []
            if values(DCT + "accessRights") != want or \
                    values("urn:datasset:catalog:1#openType") != [("literal", e["open_type"], "zh", None)]:
                problems.append(f"{ds}: accessRights {values(DCT + 'accessRights')} for {e['open_type']}")
        if e["published"] and date_ok(e["published"]) and values(DCT + "issued") != [
                ("literal", e["published"], None, "http://www.w3.org/2001/XMLSchema#date")]:
            problems.append(f"{ds}: issued {values(DCT + 'issued')}")
        columns = [o for p, o in by_subject.get(ds + "/schema", []) if p == CSVW + "column"]
        if len(columns) != len(e["items"]):
            problems.append(f"{ds}: {len(columns)} csvw columns for {len(e['items'])} 信息项")
        # DCAT-AP requires a record's dct:modified: a record only for entries with a metadata date
        record = by_subject.get(BASE + "record/" + pct(e["identifier"]), [])
        has_record = ("http://xmlns.com/foaf/0.1/primaryTopic", ds) in record
        if has_record != bool(e["metadata_date"] and date_ok(e["metadata_date"])):
            problems.append(f"{ds}: dcat:CatalogRecord {has_record} for metadata date {e['metadata_date']!r}")
    return problems

def after_dcat(entries):
    """The entries ds_catalog_parse_dcat gives back from ds_catalog_to_dcat: those with an
    identifier, without what the export leaves out (links that are not URIs, dates that are
    not dates, a category name or scheme without a code, a service type without an address,
    related codes that name no entry, personal_info other than true/false); RDF has no order,
    so keywords and related codes come back sorted."""
    ids = {e["identifier"] for e in entries if e["identifier"]}
    out = []
    for e in entries:
        if not e["identifier"]:
            continue
        e = dict(e)
        if e["online_link"] and not uri_ok(e["online_link"]):
            e["online_link"] = None
        for f in ("metadata_date", "published"):
            if e[f] and not date_ok(e[f]):
                e[f] = None
        if not e["category_code"]:
            e["category_name"] = e["category_scheme"] = None
        if not e["service_address"]:
            e["service_type"] = None
        if e["personal_info"] not in ("true", "false"):
            e["personal_info"] = None
        e["related"] = sorted(r for r in e["related"] if r in ids)
        e["keywords"] = sorted(e["keywords"], key=lambda k: unicodedata.normalize("NFC", k).encode())
        out.append(e)
    return out

# ---------------------------------------------------------------- main

def main():
    build = os.environ.get("top_builddir", ".")
    src = os.environ.get("top_srcdir", ".")
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(build, "tests", "catalog_driver")
    profiles = {name: load_profile(os.path.join(src, "schemas", "profiles", name + ".xml"))
                for name in ("jinan", "gbt21063")}
    lists_root = ET.parse(os.path.join(src, "schemas", "profiles", "jinan.xml")).getroot()
    lists = {c.get("name"): [v.get("value") for v in c.findall(PNS + "code")] for c in lists_root.findall(PNS + "codelist")}
    rng = random.Random(SEED)
    compared = {"problems": 0, "entries": 0, "queries": 0, "exported": 0, "triples": 0, "streamed": 0}
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(CATALOGUES):
            raw, entries = random_catalogue(rng, lists)
            path = os.path.join(tmp, f"c{k}.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(render(raw, f"随机目录{k}"))
            compared["entries"] += len(entries)
            for name, profile in profiles.items():
                got = subprocess.run([exe, "validate", path, name], capture_output=True, text=True)
                lines = [tuple(l.split("\t")) for l in got.stdout.splitlines()]
                want = [(str(n), p, r, s) for n, p, r, s in expected_problems(entries, profile)]
                compared["problems"] += len(want)
                if got.returncode != 0 or lines != want:
                    extra = [l for l in lines if l not in want][:5]
                    missing = [w for w in want if w not in lines][:5]
                    failures.append(f"catalogue {k} profile {name}: exit {got.returncode} {got.stdout[:200] if got.returncode else ''}"
                                    f"\n  library only: {extra}\n  oracle only: {missing}")
            # the file read entry by entry must report byte for byte what the catalogue in memory does,
            # for this document, one with a repeated identifier and one cut short
            variants = [("", path)]
            with_id = [e for e in raw if e["identifier"] and e["identifier"].strip()]
            if with_id:
                twice = list(raw)
                twice.insert(rng.randint(raw.index(with_id[0]) + 1, len(raw)), dict(rng.choice(with_id)))
                variants.append((" (a repeated identifier)", os.path.join(tmp, f"c{k}-twice.xml")))
                with open(variants[-1][1], "w", encoding="utf-8") as f:
                    f.write(render(twice, f"随机目录{k}"))
            variants.append((" (cut short)", os.path.join(tmp, f"c{k}-cut.xml")))
            with open(path, "rb") as f:
                whole = f.read()
            with open(variants[-1][1], "wb") as f:
                f.write(whole[:rng.randint(len(whole) // 3, len(whole) - 20)])
            for what, variant in variants:
                for name in profiles:
                    mem = subprocess.run([exe, "report", variant, name], capture_output=True)
                    streamed = subprocess.run([exe, "report-file", variant, name], capture_output=True)
                    compared["streamed"] += 1
                    if (mem.returncode, mem.stdout) != (streamed.returncode, streamed.stdout):
                        failures.append(f"catalogue {k}{what} profile {name}: the file read entry by entry reports "
                                        f"differently\n  in memory: exit {mem.returncode} {mem.stdout[-300:]!r}\n"
                                        f"  streamed:  exit {streamed.returncode} {streamed.stdout[-300:]!r}")
            queries = []
            for _ in range(QUERIES):
                text = random_query(rng, entries) if rng.random() < 0.9 else ""
                provider = rng.choice(["", "", "", "公积金", "市场", rng.choice(entries)["provider_code"] or ""])
                share = rng.choice(["", "", "", "", "无条件共享", "有条件共享"])
                queries.append((text, provider, share))
            got = subprocess.run([exe, "search", path], input="".join(f"{t}\t{p}\t{s}\n" for t, p, s in queries),
                                 capture_output=True, text=True)
            streamed = subprocess.run([exe, "search-file", path], input="".join(f"{t}\t{p}\t{s}\n" for t, p, s in queries),
                                      capture_output=True, text=True)
            compared["streamed"] += 1
            if (streamed.returncode, streamed.stdout) != (got.returncode, got.stdout):
                failures.append(f"catalogue {k}: search of the file entry by entry differs: {streamed.stdout[:200]!r}")
            answers = got.stdout.splitlines()
            if got.returncode != 0 or len(answers) != len(queries):
                failures.append(f"catalogue {k} search: exit {got.returncode}, {len(answers)} answers: {got.stdout[:200]}")
            else:
                for (t, p, s), a in zip(queries, answers):
                    want = " ".join(map(str, expected_search(entries, t, p, s)))
                    compared["queries"] += 1
                    if a != want:
                        failures.append(f"catalogue {k} search {t!r} provider {p!r} share {s!r}: library [{a}], oracle [{want}]")
            got = subprocess.run([exe, "export", path], capture_output=True, text=True)
            exported = parse_export(got.stdout) if got.returncode == 0 else []
            if len(exported) != len(entries):
                failures.append(f"catalogue {k} export: exit {got.returncode}, {len(exported)} entries")
            else:
                for n, (a, b) in enumerate(zip(exported, entries)):
                    compared["exported"] += 1
                    if comparable(a) != comparable(b):
                        failures.append(f"catalogue {k} entry {n + 1}: export differs\n  library {comparable(a)}\n  oracle  {comparable(b)}")
            got = subprocess.run([exe, "dcat-roundtrip", path], capture_output=True, text=True)
            back = parse_export(got.stdout) if got.returncode == 0 else []
            want = after_dcat(entries)
            if len(back) != len(want):
                failures.append(f"catalogue {k} DCAT import: exit {got.returncode} {got.stdout[:200]}, {len(back)} entries for {len(want)}")
            else:
                for n, (a, b) in enumerate(zip(back, want)):
                    compared["exported"] += 1
                    if comparable(a) != comparable(b):
                        failures.append(f"catalogue {k} DCAT import, entry {b['identifier']}:\n  library {comparable(a)}\n  oracle  {comparable(b)}")
            got = subprocess.run([exe, "dcat", path, BASE], capture_output=True, text=True)
            rdf = os.path.join(tmp, f"c{k}.rdf")
            with open(rdf, "w", encoding="utf-8") as f:
                f.write(got.stdout)
            try:
                triples = rapper_triples(rdf)
                said = int(got.stderr.split()[-1]) if got.returncode == 0 else -1
                compared["triples"] += len(triples)
                if said != len(triples):
                    failures.append(f"catalogue {k} dcat: the library says {said} triples, rapper parsed {len(triples)}")
                failures += [f"catalogue {k} dcat: {p}" for p in check_dcat(triples, entries)]
            except (OSError, RuntimeError) as error:
                failures.append(f"catalogue {k} dcat: {error} (rapper is in the Debian package raptor2-utils)")
    for f in failures[:20]:
        print("MISMATCH", f)
    total = CATALOGUES * 3 + compared["queries"] + compared["exported"] + compared["streamed"]
    print(f"catalog oracle: seed {SEED}, {CATALOGUES} random catalogues of {ENTRIES} entries; "
          f"{compared['problems']} expected problems in {CATALOGUES * 2} validations, "
          f"{compared['queries']} searches, {compared['exported']} entries exported (native and DCAT round trip), "
          f"{compared['triples']} DCAT triples parsed by rapper compared; "
          f"{compared['streamed']} reports and searches of files read entry by entry identical to the in-memory ones")
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
