#!/usr/bin/env python3
"""Generates schemas/reference/division_codes.csv (name -> GB/T 2260 code) from ChinaAreaCode.csv.

Usage:
    tools/make_division_codes.py \
        ../shared/datasets/health/china_covid19_daily_canghailan/ChinaAreaCode.csv \
        schemas/reference/division_codes.csv

Source: ChinaAreaCode.csv of canghailan/Wuhan-2019-nCoV, the 2019 division codes of the Ministry
of Civil Affairs (MIT, (c) 2020 胡昊). The pipeline never reads ../shared at run time; re-run this
script to refresh the copy. Every code written is a code of that table; no code is made up.

Columns: name, code, level (province | prefecture | county), kind, scope, note.
- scope empty: the name resolves nationally (and within its own province); a two-digit scope: the
  name resolves only within that province (look-ups with `province:` in a contract), because
  elsewhere it means something else or nothing.
- kind `name`: an official name. Nationally when it is unique, or when exactly one of the
  divisions sharing it is province- or prefecture-level (朝阳区 is three districts, so it is only
  scoped; 朝阳市 is unique). Within a province by the same rule.
- kind `short`: an official short form, within its province only: a prefecture-level or
  county-level city without 市 (武汉市 -> 武汉, 义乌市 -> 义乌), a 地区 or 盟 without that word
  (阿克苏地区 -> 阿克苏), an autonomous prefecture by its place name, alone or with 州 / 自治州
  (恩施土家族苗族自治州 -> 恩施, 恩施州, 恩施自治州). A short form equal to an official name of
  the province is not written (the official name wins); one that several divisions of a province
  share resolves to the only prefecture-level one, else it is not written. The 州 / 自治州 forms of
  autonomous prefectures are national when no other province has them (CNEMC writes 延边州 without
  a province).
- kind `alias`: a name from before a division change that a real feed still uses (CNEMC 2018),
  each with the change it stands for; listed by hand below.
"""

import collections
import csv
import sys

# Names in real feeds that GB/T 2260 (2019) no longer has, with the division that took them over.
# Each line: name, code of the 2019 table, note (checked against the MCA change announcements).
ALIASES = [
    (
        "莱芜市",
        "370100",
        "prefecture-level city merged into 济南市 in 2019 (now 莱芜区 and 钢城区)",
    ),
    ("章丘市", "370100", "county-level city now 章丘区 of 济南市 (2016)"),
    ("即墨市", "370200", "county-level city now 即墨区 of 青岛市 (2017)"),
    ("文登市", "371000", "county-level city now 文登区 of 威海市 (2014)"),
    ("吴江市", "320500", "county-level city now 吴江区 of 苏州市 (2012)"),
    ("金坛市", "320400", "county-level city now 金坛区 of 常州市 (2015)"),
    ("临安市", "330100", "county-level city now 临安区 of 杭州市 (2017)"),
    ("富阳市", "330100", "county-level city now 富阳区 of 杭州市 (2014)"),
    ("铜仁地区", "520600", "prefecture now 铜仁市 (2011)"),
    ("海东地区", "630200", "prefecture now 海东市 (2013)"),
    ("吐鲁番地区", "650400", "prefecture now 吐鲁番市 (2015)"),
    ("哈密地区", "650500", "prefecture now 哈密市 (2016)"),
    ("那曲地区", "540600", "prefecture now 那曲市 (2017)"),
    ("伊犁哈萨克州", "654000", "伊犁哈萨克自治州 as CNEMC writes it"),
    ("博州", "652700", "usual short form of 博尔塔拉蒙古自治州"),
    ("克州", "653000", "usual short form of 克孜勒苏柯尔克孜自治州"),
    (
        "巴州",
        "652800",
        "usual short form of 巴音郭楞蒙古自治州 (Xinjiang only: 巴州区 is in Sichuan)",
    ),
]
# Aliases that must stay scoped to their province although no other division has the same name.
SCOPED_ALIASES = {"巴州"}

# Peoples named in the 30 autonomous prefectures: the place name is what precedes the first one.
PEOPLES = [
    "朝鲜族",
    "土家族",
    "苗族",
    "藏族",
    "羌族",
    "彝族",
    "布依族",
    "侗族",
    "哈尼族",
    "壮族",
    "傣族",
    "白族",
    "景颇族",
    "傈僳族",
    "回族",
    "蒙古族",
    "蒙古",
    "柯尔克孜",
    "哈萨克",
]


def level(code):
    return (
        "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"
    )


def resolve(codes):
    """The one code a name stands for among `codes`, or None: unique, or the only non-county one."""
    codes = sorted(set(codes))
    if len(codes) == 1:
        return codes[0]
    high = [c for c in codes if level(c) != "county"]
    return high[0] if len(high) == 1 else None


def place(name):
    cut = min((name.index(p) for p in PEOPLES if p in name), default=None)
    return name[:cut] if cut else None


def shorts(name, code):
    lv = level(code)
    out = []
    if name.endswith("市") and lv != "province":
        out.append(name[:-1])
    if lv == "prefecture":
        out += [name[: -len(x)] for x in ("地区", "盟") if name.endswith(x)]
        if name.endswith("自治州") and place(name):
            out += [place(name), place(name) + "州", place(name) + "自治州"]
    return [s for s in out if len(s) >= 2 and s != name]


def main(src, dst):
    rows = list(csv.reader(open(src, encoding="utf-8-sig")))[1:]
    national = collections.defaultdict(list)
    scoped = collections.defaultdict(list)
    for code, name in rows:
        national[name].append(code)
        scoped[(code[:2], name)].append(code)
    out = {}  # (scope, name) -> (code, kind, note)
    official = {}  # (province, name) -> code, every official name that resolves within a province
    for name, codes in national.items():
        c = resolve(codes)
        if c:
            out[("", name)] = (
                c,
                "name",
                "unique" if len(codes) == 1 else "higher level of a shared name",
            )
    for (prov, name), codes in scoped.items():
        c = resolve(codes)
        if not c:
            continue
        official[(prov, name)] = c
        if out.get(("", name), (None,))[0] != c:
            out[(prov, name)] = (c, "name", "unique in its province")
    short_codes = collections.defaultdict(set)
    short_of = {}
    for code, name in rows:
        for s in shorts(name, code):
            short_codes[(code[:2], s)].add(code)
            short_of[(code[:2], s, code)] = name
    provinces_of = collections.Counter(s for _, s in short_codes)
    for (prov, s), codes in short_codes.items():
        if (prov, s) in official:
            continue
        c = resolve(codes)
        if c:
            # 恩施州 / 恩施自治州 name an autonomous prefecture unmistakably: national when no other
            # province has that short form and no division that name; bare forms stay scoped.
            full = short_of[(prov, s, c)]
            unmistakable = full.endswith("自治州") and s.endswith("州") and provinces_of[s] == 1
            scope = "" if unmistakable and s not in national else prov
            out[(scope, s)] = (c, "short", "short form of " + full)
    for name, code, note in ALIASES:
        assert code in {c for c, _ in rows}, code
        scope = code[:2] if name in SCOPED_ALIASES or name in national else ""
        assert (scope, name) not in out, name
        out[(scope, name)] = (code, "alias", note)
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("name,code,level,kind,scope,note\n")
        for (scope, name), (code, kind, note) in sorted(
            out.items(), key=lambda x: (x[1][0], ["name", "short", "alias"].index(x[1][1]), x[0][1])
        ):
            assert "," not in note and "," not in name
            f.write(f"{name},{code},{level(code)},{kind},{scope},{note}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
