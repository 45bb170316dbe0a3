"""Prints scripts/bench's figures and ratios, and writes them to <work>/results.json.

    python bench/report.py --work DIR

Reads <work>/steps.tsv (one line per measured command: name, wall s, peak RSS KB, load average
before, load average after, start epoch s, label) and the warehouses' ops.run_log for the stage
times of CityKPI's runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb
from deltalake import DeltaTable

ORDER = (
    ("aot", "train the JVM's AOT cache (once per build)"),
    ("generate", "generate the landing (not compared)"),
    ("backfill", "(1) CityKPI backfill, every source and stage"),
    ("same_work", "(1b) CityKPI, road speeds + air, ingest..conform"),
    ("duckdb", "(2) DuckDB reference, same work"),
    ("spark", "(3) hand-written Spark job, same work"),
    ("day1", "(4) CityKPI one-day run"),
    ("generate_history", "generate the extra history (not compared)"),
    ("history", "    CityKPI backfill of the extra history"),
    ("day_late", "(5) CityKPI one-day run, older warehouse"),
)


def read_steps(work: Path) -> dict:
    steps = {}
    for line in (work / "steps.tsv").read_text(encoding="utf-8").splitlines():
        name, wall, rss, load0, load1, start, label = line.split("\t")
        steps[name] = {
            "wall_s": float(wall),
            "rss_mb": int(rss) / 1024,
            "load_before": load0,
            "load_after": load1,
            "start": float(start),
            "label": label,
        }
    return steps


def stage_times(warehouse: Path, start: float, wall: float) -> dict:
    """Seconds per stage (first step start to last step end) of the run started at `start`."""
    con = duckdb.connect()
    con.register("rl", DeltaTable(str(warehouse / "ops" / "run_log")).to_pyarrow_dataset())
    rows = con.execute(f"""
        SELECT job, epoch_ms(min(started_at)) / 1000.0, epoch_ms(max(ended_at)) / 1000.0,
               sum(rows_in)
        FROM rl WHERE epoch_ms(started_at) / 1000.0 BETWEEN {start} AND {start + wall}
        GROUP BY job ORDER BY 2""").fetchall()
    return {job: {"s": b - a, "start": a, "end": b, "rows_in": n} for job, a, b, n in rows}


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--meta", default="{}", help="JSON object of run facts to print and keep")
    args = ap.parse_args(argv)
    steps = read_steps(args.work)
    meta = json.loads(args.meta)
    warehouses = {"same_work": args.work / "warehouse-same-work"}
    for name in ("backfill", "day1", "history", "day_late"):
        warehouses[name] = args.work / "warehouse"
    for name, st in steps.items():
        if name in warehouses:
            st["stages"] = stage_times(warehouses[name], st["start"], st["wall_s"])
    print(f"== figures ({', '.join(f'{k} {v}' for k, v in meta.items())})")
    print(f"  {'step':<52}{'wall s':>9}{'peak RSS MB':>13}  load avg before -> after")
    for name, label in ORDER:
        st = steps.get(name)
        if not st:
            continue
        print(
            f"  {label:<52}{st['wall_s']:>9.1f}{st['rss_mb']:>13.0f}  "
            f"{st['load_before']} -> {st['load_after']}"
        )
        if st.get("stages"):
            parts = ", ".join(f"{j} {v['s']:.1f}" for j, v in st["stages"].items())
            print(f"  {'':<4}stages (run log, s): {parts}")
    # (1b) is `run --until conform`: the whole command is the same work as the references
    cityk = steps.get("same_work", {}).get("wall_s")
    duck = steps.get("duckdb", {}).get("wall_s")
    spark = steps.get("spark", {}).get("wall_s")
    day1 = steps.get("day1", {}).get("wall_s")
    late = steps.get("day_late", {}).get("wall_s")
    ratios = {
        "citykpi_over_duckdb": ratio(cityk, duck),
        "citykpi_over_spark": ratio(cityk, spark),
        "day_late_over_day1": ratio(late, day1),
    }
    print("== ratios")
    print(f"  CityKPI / DuckDB (same work)      {ratios['citykpi_over_duckdb']}")
    print(f"  CityKPI / hand-written Spark      {ratios['citykpi_over_spark']}")
    late_days = meta.get("history_days", "365")
    print(f"  one-day run: day {late_days} / day 1       {ratios['day_late_over_day1']}")
    (args.work / "results.json").write_text(
        json.dumps({"meta": meta, "steps": steps, "ratios": ratios}, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
