#!/usr/bin/env python3
"""Generates schemas/reference/division_codes.csv (name -> GB/T 2260 code) from ChinaAreaCode.csv.

Source: ../shared/datasets/health/china_covid19_daily_canghailan/ChinaAreaCode.csv, the 2019 division
codes of the Ministry of Civil Affairs as compiled by canghailan/Wuhan-2019-nCoV (MIT, (c) 2020 胡昊).
The pipeline never reads ../shared at run time; re-run this script to refresh the copy.

Rules: a name that is unique in the table maps to its code; a name shared by several divisions (county
names such as 朝阳区) is kept only when exactly one of them is province- or prefecture-level. Aliases
(kind=alias) cover the names CNEMC still used in 2018: short autonomous-prefecture names (延边州 ->
延边朝鲜族自治州), former prefectures (铜仁地区 -> 铜仁市) and former county-level cities that became
districts (章丘市 -> 章丘区 -> its prefecture 济南市, since the feed's area is a city).
"""
import collections, csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding='utf-8-sig')))[1:]
by = collections.defaultdict(list)
for code, name in rows:
    by[name].append(code)
def level(c):
    return 'province' if c.endswith('0000') else 'prefecture' if c.endswith('00') else 'county'
names = {}
for name, codes in by.items():
    if len(codes) == 1:
        names[name] = (codes[0], level(codes[0]), 'unique')
    else:
        high = [c for c in codes if level(c) != 'county']
        if len(high) == 1:
            names[name] = (high[0], level(high[0]), 'higher level of a shared name')
aliases = {}
def add_alias(alias, code, note):
    if alias not in names and alias not in aliases:
        aliases[alias] = (code, level(code), note)
autonomous = [(n, c) for n, c in names.items() if n.endswith('自治州')]
for n, (c, _, _) in autonomous:
    for k in range(1, len(n) - 3):
        a = n[:k] + '州'
        hits = [x for x, _ in autonomous if x.startswith(n[:k])]
        if len(hits) == 1:
            add_alias(a, c, 'short name of ' + n)
    add_alias(n.replace('自治州', '州'), c, 'short name of ' + n)
for n, (c, lv, _) in list(names.items()):
    if n.endswith('市') and lv == 'prefecture':
        add_alias(n[:-1] + '地区', c, 'former prefecture (地区) now ' + n)
    if n.endswith('区') and lv == 'county' and not c.endswith('01'):
        parent = c[:4] + '00'
        add_alias(n[:-1] + '市', parent, 'former county-level city now ' + n + ' of ' + parent)
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    f.write('name,code,level,kind,note\n')
    for n, (c, lv, note) in sorted(names.items(), key=lambda x: (x[1][0], x[0])):
        f.write(f'{n},{c},{lv},name,{note}\n')
    for n, (c, lv, note) in sorted(aliases.items(), key=lambda x: (x[1][0], x[0])):
        f.write(f'{n},{c},{lv},alias,{note}\n')
