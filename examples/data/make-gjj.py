#!/usr/bin/env python3
"""Generate the synthetic 住房公积金 monthly deposit tables in examples/data/.

    python3 examples/data/make-gjj.py [OUTDIR]

writes, deterministically (a fixed seed: the same bytes every run):

  gjj-deposits.csv       2023-2024, about 50,000 rows, GB18030, CRLF, header
  gjj-deposits-2025.csv  2025, UTF-8 with a BOM: the next year's extract of
                         the same system after a schema change (a column
                         renamed, two dropped, one added), for the probe's
                         change report

Every unit, person and number is invented. The defects are deliberate and
counted on stderr, so a probe's figures can be checked against them: empty
cells (经办人手机, 缴存人数, 备注), credit codes whose check character is
wrong, and rows repeated verbatim.

Identifiers follow their standards so that the probe's recognisers have real
work: 统一社会信用代码 (GB 32100-2015, with the GB 11714 organisation code
inside it), 居民身份证号 (GB 11643-1999, ISO 7064 MOD 11-2), mobile numbers
(1[3-9] + 9 digits), region codes of Jinan's districts (GB/T 2260).
"""
import csv
import io
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DISTRICTS = [
    ("370102", "历下区", "250014"), ("370103", "市中区", "250001"), ("370104", "槐荫区", "250022"),
    ("370105", "天桥区", "250031"), ("370112", "历城区", "250100"), ("370113", "长清区", "250300"),
    ("370114", "章丘区", "250200"), ("370115", "济阳区", "251400"), ("370116", "莱芜区", "271100"),
    ("370117", "钢城区", "271104"), ("370124", "平阴县", "250400"), ("370126", "商河县", "251600"),
]
TRADE_NAMES = "华泰瑞丰鲁信恒通泉城齐鲁明湖舜耕趵突千佛鹊华金诺宏达正元德润海岱"
INDUSTRIES = ["科技", "商贸", "建筑工程", "物流", "餐饮管理", "医药", "软件", "新材料", "文化传媒", "环保"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文博宇浩然欣怡子涵"


def org_code(rng):
    """A GB 11714 organisation code: 8 characters and its check character."""
    body = [rng.randrange(10) for _ in range(8)]
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(v * w for v, w in zip(body, weights)) % 11
    check = "X" if c == 10 else "0" if c == 11 else str(c)
    return "".join(map(str, body)) + check


def uscc_check(code17):
    total = sum(USCC_ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(code17))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(rng, region):
    """统一社会信用代码 of an enterprise (登记管理部门 9, 类别 1) registered in @region."""
    body = "91" + region + org_code(rng)
    return body + uscc_check(body)


def id_number(rng, region):
    """18-digit 居民身份证号 of an adult born 1965-2000 in @region."""
    year = rng.randrange(1965, 2001)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    body = "%s%04d%02d%02d%03d" % (region, year, month, day, rng.randrange(1000))
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(body, weights)) % 11
    return body + "10X98765432"[s]


def mobile(rng):
    return "1" + rng.choice("3456789") + "".join(str(rng.randrange(10)) for _ in range(9))


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def make_units(rng, count):
    units, names = [], set()
    while len(units) < count:
        region, district, postcode = rng.choice(DISTRICTS)
        name = "济南" + "".join(rng.sample(TRADE_NAMES, 2)) + rng.choice(INDUSTRIES) + "有限公司"
        if name in names:
            continue
        names.add(name)
        code = uscc(rng, region)
        bad = rng.random() < 0.01
        if bad:  # a mistyped check character: the register's data-entry error
            code = code[:17] + rng.choice([c for c in USCC_ALPHABET if c != code[17]])
        units.append({
            "code": code, "bad": bad, "name": name, "region": region, "postcode": postcode,
            "staff": rng.randrange(3, 400), "base": Decimal(rng.randrange(3500, 15000)),
            "unit_rate": rng.choice([Decimal("0.05"), Decimal("0.08"), Decimal("0.10"), Decimal("0.12")]),
            "agent": person(rng), "agent_id": id_number(rng, region), "agent_mobile": mobile(rng),
        })
    return units


def month_rows(rng, unit, year, month):
    staff = max(1, unit["staff"] + rng.randrange(-3, 4))
    unit["staff"] = staff
    base = (unit["base"] * staff).quantize(Decimal("0.01"))
    rate = unit["unit_rate"]
    amount = (base * rate * 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    paid_day = rng.randrange(5, 26)
    arrears = rng.random() < 0.03
    note = rng.choice(["", "", "", "", "按时缴存", "补缴上月", "人数调整"]) if not arrears else "补缴"
    return {
        "code": unit["code"], "name": unit["name"], "region": unit["region"], "postcode": unit["postcode"],
        "month": "%04d%02d" % (year, month), "date": "%04d-%02d-%02d" % (year, month, paid_day),
        "staff": str(staff), "base": str(base), "unit_rate": str(rate), "person_rate": str(rate),
        "amount": str(amount), "arrears": "是" if arrears else "否", "agent": unit["agent"],
        "agent_id": unit["agent_id"], "agent_mobile": unit["agent_mobile"], "note": note,
        "mode": "补缴" if arrears else "汇缴",
    }


def generate(rng, units, years, columns, defects):
    rows = []
    for year in years:
        for month in range(1, 13):
            for unit in units:
                row = month_rows(rng, unit, year, month)
                if rng.random() < 0.01:
                    row["agent_mobile"] = ""
                    defects["empty 经办人手机/联系电话"] += 1
                if rng.random() < 0.005:
                    row["staff"] = ""
                    defects["empty 缴存人数"] += 1
                rows.append([row[key] for key, _ in columns])
                if rng.random() < 0.0005:  # the export job ran twice for this unit
                    rows.append(list(rows[-1]))
                    defects["repeated rows"] += 1
    defects["rows"] += len(rows)
    keys = [k for k, _ in columns]
    if "note" in keys:
        defects["empty 备注"] = sum(1 for r in rows if r[keys.index("note")] == "")
    return rows


def write(path, columns, rows, encoding, bom):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title in columns])
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(20241123)
    units = make_units(rng, 2000)
    v2024 = [
        ("code", "单位统一社会信用代码"), ("name", "单位名称"), ("region", "所属区划"), ("postcode", "邮政编码"),
        ("month", "缴存年月"), ("date", "缴存日期"), ("staff", "缴存人数"), ("base", "缴存基数"),
        ("unit_rate", "单位缴存比例"), ("person_rate", "个人缴存比例"), ("amount", "缴存金额"),
        ("arrears", "是否补缴"), ("agent", "经办人"), ("agent_id", "经办人身份证号"),
        ("agent_mobile", "经办人手机"), ("note", "备注"),
    ]
    # 2025: 是否补缴 (是/否) replaced by 缴存方式 (汇缴 / 补缴) in its place;
    # 经办人手机 renamed 联系电话 (same place, same kind of value); 备注 dropped.
    renamed = {"arrears": ("mode", "缴存方式"), "agent_mobile": ("agent_mobile", "联系电话")}
    v2025 = [renamed.get(c[0], c) for c in v2024 if c[0] != "note"]
    for name, columns, years, encoding, bom in (
            ("gjj-deposits.csv", v2024, (2023, 2024), "gb18030", False),
            ("gjj-deposits-2025.csv", v2025, (2025,), "utf-8", True)):
        defects = {"rows": 0, "empty 经办人手机/联系电话": 0, "empty 缴存人数": 0, "repeated rows": 0}
        rows = generate(rng, units, years, columns, defects)
        write(os.path.join(outdir, name), columns, rows, encoding, bom)
        defects["units with a wrong check character"] = sum(1 for u in units if u["bad"])
        print("%s (%s): %s" % (name, encoding, ", ".join("%s %d" % kv for kv in defects.items())),
              file=sys.stderr)


if __name__ == "__main__":
    main()
