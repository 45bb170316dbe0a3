"""Compares two CityKPI warehouses table by table, run-metadata columns aside.

    python compare_warehouses.py LEFT RIGHT [--ignore-table ops.run_log] [--label-left L] ...

Every Delta table (a folder <layer>/<table> with a _delta_log) must exist in both, with the same
columns and the same rows as a multiset, compared exactly, except the columns that say which run
wrote a row and when (_run_id, _ingested_at, _quarantined_at; in ops.run_log also run_id,
started_at, ended_at and table_versions). Prints one line per table, and for a difference the rows
found on one side only (at most 10 each way). Exit 0 when all equal, 1 otherwise. Reads the tables
with delta-rs (deltalake), not Spark, so that the comparison does not share Spark's code.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
from deltalake import DeltaTable

#: Columns that record which run wrote a row and when: they differ between any two runs.
RUN_METADATA = {"_run_id", "_ingested_at", "_quarantined_at"}
RUN_LOG_METADATA = {"run_id", "started_at", "ended_at", "table_versions"}
SHOWN = 10


def tables(root: Path) -> dict[str, Path]:
    """``layer.table`` -> folder, for every Delta table under the warehouse root."""
    found = {}
    for log in sorted(root.glob("*/*/_delta_log")):
        folder = log.parent
        found[f"{folder.parent.name}.{folder.name}"] = folder
    return found


def content(folder: Path, name: str) -> tuple[list[str], Counter]:
    """The table's comparable columns and its rows as a multiset of tuples."""
    table: pa.Table = DeltaTable(str(folder)).to_pyarrow_table()
    drop = RUN_METADATA | (RUN_LOG_METADATA if name == "ops.run_log" else set())
    columns = sorted(c for c in table.column_names if c not in drop)
    rows = Counter(
        tuple(_hashable(r[c]) for c in columns) for r in table.select(columns).to_pylist()
    )
    return columns, rows


def _hashable(v: object) -> object:
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _hashable(x)) for k, x in v.items()))
    return v


def compare(left: Path, right: Path, ignore: set[str], labels: tuple[str, str]) -> bool:
    lt, rt = tables(left), tables(right)
    ok = True
    for name in sorted((set(lt) | set(rt)) - ignore):
        if name not in lt or name not in rt:
            print(f"DIFF  {name}: only in {labels[0] if name in lt else labels[1]}")
            ok = False
            continue
        lcols, lrows = content(lt[name], name)
        rcols, rrows = content(rt[name], name)
        if lcols != rcols:
            print(f"DIFF  {name}: columns {lcols} vs {rcols}")
            ok = False
            continue
        if lrows == rrows:
            print(f"same  {name}: {sum(lrows.values())} rows")
            continue
        ok = False
        only_l, only_r = lrows - rrows, rrows - lrows
        print(
            f"DIFF  {name}: {sum(lrows.values())} vs {sum(rrows.values())} rows; "
            f"{sum(only_l.values())} only in {labels[0]}, "
            f"{sum(only_r.values())} only in {labels[1]}"
        )
        print(f"      columns: {lcols}")
        for label, rows in ((labels[0], only_l), (labels[1], only_r)):
            for row in sorted(rows, key=repr)[:SHOWN]:
                print(f"      only in {label}: {row}")
    for name in sorted(ignore & (set(lt) | set(rt))):
        print(f"skip  {name}")
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("left", type=Path)
    p.add_argument("right", type=Path)
    p.add_argument("--ignore-table", action="append", default=[], metavar="LAYER.TABLE")
    p.add_argument("--label-left", default="left")
    p.add_argument("--label-right", default="right")
    a = p.parse_args()
    for root in (a.left, a.right):
        if not tables(root):
            print(f"no Delta tables under {root}", file=sys.stderr)
            return 2
    same = compare(a.left, a.right, set(a.ignore_table), (a.label_left, a.label_right))
    print("warehouses equal" if same else "warehouses DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
