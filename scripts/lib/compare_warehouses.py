"""Compares two CityKPI warehouses table by table, run-metadata columns aside.

    python compare_warehouses.py LEFT RIGHT [--ignore-table ops.run_log] [--label-left L] ...

Every Delta table (a folder <layer>/<table> with a _delta_log; ops.source_files, which records
what each run read, aside) must exist in both, with the same
columns and the same rows as a multiset, except the columns that say which run wrote a row and when
(_run_id, _ingested_at, _quarantined_at, and ops.dq_metrics's _run_from, _run_to, _measured_at; in
ops.run_log also run_id, started_at, ended_at and table_versions, and the rows of job 'command',
which name the command's host, pid and log file). Every column is compared exactly
except floating-point ones, which must agree to 1e-9 (relative): Spark sums doubles in partition
order, and two runs with other partitionings (two executors and 64 shuffle partitions against
local[*] and 4) differ in the last bits, e.g. 1.7317121559958057 against 1.7317121559958053. Rows
are matched on all their other columns first.
Prints one line per table (saying how many rows needed the tolerance) and, for a difference, the
rows found on one side only (at most 10 each way). Exit 0 when all equal, 1 otherwise. Reads the
tables with delta-rs (deltalake), not Spark, so that the comparison does not share Spark's code.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.fs as pafs
from deltalake import DeltaTable

#: Columns that record which run wrote a row and when: they differ between any two runs.
RUN_METADATA = {
    "_run_id",
    "_ingested_at",
    "_quarantined_at",
    "_run_from",
    "_run_to",
    "_measured_at",
}
RUN_LOG_METADATA = {"run_id", "started_at", "ended_at", "table_versions"}
#: Bookkeeping tables, never compared: ops.source_files records what each run read (a fingerprint
#: of the landing files, the contracts and the build per run interval), so it differs between any
#: two run histories over the same data, and between two builds of the jar.
BOOKKEEPING = {"ops.source_files"}
SHOWN = 10
REL_TOL = 1e-9


def tables(root: Path) -> dict[str, Path]:
    """``layer.table`` -> folder, for every Delta table under the warehouse root."""
    found = {}
    for log in sorted(root.glob("*/*/_delta_log")):
        folder = log.parent
        found[f"{folder.parent.name}.{folder.name}"] = folder
    return found


def read_table(folder: Path) -> pa.Table:
    """A Delta table's current version, its files read through Arrow's own local filesystem.

    Read as ``notebooks/citykpi_tables.dataset`` reads, which says why (delta-rs's default handler
    made a process abort at exit); not imported from there, because this script runs in
    .venvs/spark and .venvs/airflow, which have no DuckDB.
    """
    path = str(Path(folder).resolve())
    local = pafs.SubTreeFileSystem(path, pafs.LocalFileSystem())
    return DeltaTable(path).to_pyarrow_dataset(filesystem=local).to_table()


def content(folder: Path, name: str) -> tuple[list[str], list[str], Counter]:
    """The table's exact and floating-point columns, and its rows as a multiset of tuples (exact
    columns first, then the floating-point ones)."""
    table = read_table(folder)
    drop = RUN_METADATA | (RUN_LOG_METADATA if name == "ops.run_log" else set())
    if name == "ops.run_log" and "job" in table.column_names:
        # a command's own rows (started, succeeded, failed, killed) name its host, pid and log file
        table = table.filter(pa.compute.not_equal(table["job"], "command"))
    kept = [f for f in table.schema if f.name not in drop]
    floats = sorted(f.name for f in kept if pa.types.is_floating(f.type))
    exact = sorted(f.name for f in kept if not pa.types.is_floating(f.type))
    rows = Counter(
        tuple(_hashable(r[c]) for c in exact + floats)
        for r in table.select(exact + floats).to_pylist()
    )
    return exact, floats, rows


def _close(a: tuple, b: tuple) -> bool:
    return all(
        x == y
        or (
            x is not None and y is not None and math.isclose(x, y, rel_tol=REL_TOL, abs_tol=REL_TOL)
        )
        for x, y in zip(a, b, strict=True)
    )


def _float_order(values: tuple) -> tuple:
    return tuple((v is None, 0.0 if v is None else v) for v in values)


def match_floats(only_l: Counter, only_r: Counter, n_exact: int) -> tuple[Counter, Counter, int]:
    """Pairs the rows left after exact matching whose exact columns agree and whose floats agree
    to REL_TOL; returns what stays unmatched on each side and how many rows were paired."""
    groups_l: dict[tuple, list] = defaultdict(list)
    groups_r: dict[tuple, list] = defaultdict(list)
    for rows, groups in ((only_l, groups_l), (only_r, groups_r)):
        for row, n in rows.items():
            groups[row[:n_exact]].extend([row] * n)
    left, right, paired = Counter(), Counter(), 0
    for key in set(groups_l) | set(groups_r):
        ls = sorted(groups_l.get(key, []), key=lambda r: _float_order(r[n_exact:]))
        rs = sorted(groups_r.get(key, []), key=lambda r: _float_order(r[n_exact:]))
        pairs = zip(ls, rs, strict=False)
        if len(ls) == len(rs) and all(_close(a[n_exact:], b[n_exact:]) for a, b in pairs):
            paired += len(ls)
        else:
            left.update(ls)
            right.update(rs)
    return left, right, paired


def _hashable(v: object) -> object:
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _hashable(x)) for k, x in v.items()))
    return v


def compare(left: Path, right: Path, ignore: set[str], labels: tuple[str, str]) -> bool:
    lt, rt = tables(left), tables(right)
    ignore = set(ignore) | BOOKKEEPING
    ok = True
    for name in sorted((set(lt) | set(rt)) - ignore):
        if name not in lt or name not in rt:
            print(f"DIFF  {name}: only in {labels[0] if name in lt else labels[1]}")
            ok = False
            continue
        lexact, lfloats, lrows = content(lt[name], name)
        rexact, rfloats, rrows = content(rt[name], name)
        lcols, rcols = lexact + lfloats, rexact + rfloats
        if lcols != rcols:
            print(f"DIFF  {name}: columns {lcols} vs {rcols}")
            ok = False
            continue
        if lrows == rrows:
            print(f"same  {name}: {sum(lrows.values())} rows")
            continue
        only_l, only_r, paired = match_floats(lrows - rrows, rrows - lrows, len(lexact))
        if not only_l and not only_r:
            print(
                f"same  {name}: {sum(lrows.values())} rows ({paired} equal only to "
                f"{REL_TOL:g} in {', '.join(lfloats)})"
            )
            continue
        ok = False
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
