"""A backfill without a scheduler: one citykpi_daily run per local day, oldest first, in-process.

    scripts/airflow python -m citykpi_airflow.backfill 2026-11-09 2026-11-11 [--lookback-days N]

Each day is a real DAG run (``dag.test``) recorded in the Airflow database, with the same tasks,
templates, key handling and asset events as a scheduled run; it stops at the first day that does
not succeed and exits 1. With a scheduler running, ``airflow backfill create`` does the same.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

import pendulum

from citykpi_airflow.config import LOOKBACK_DAYS, TZ

DAG_ID = "citykpi_daily"


def logical_date_of(day: date) -> pendulum.DateTime:
    """The logical date whose manual run covers local ``day``: Airflow gives a manual run the
    interval that ends at (or before) its logical date, so it is the next local midnight."""
    nxt = day + timedelta(days=1)
    return pendulum.datetime(nxt.year, nxt.month, nxt.day, tz=TZ)


def run_days(first: date, last: date, lookback_days: int = LOOKBACK_DAYS) -> list[str]:
    """Runs citykpi_daily for every local day from first to last; returns the run states."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(Path(__file__).parent.parent))
    dag = bag.get_dag(DAG_ID)
    if dag is None:
        raise SystemExit(f"{DAG_ID} did not load: {bag.import_errors}")
    states = []
    day = first
    while day <= last:
        print(f"backfill: {DAG_ID} for local day {day}", flush=True)
        run = dag.test(logical_date=logical_date_of(day), run_conf={"lookback_days": lookback_days})
        states.append(str(run.state))
        if str(run.state) != "success":
            print(f"backfill: {DAG_ID} for {day} ended {run.state}; stopping", file=sys.stderr)
            break
        day += timedelta(days=1)
    return states


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="citykpi_airflow.backfill", description=__doc__)
    p.add_argument("first", type=date.fromisoformat, help="first local date (yyyy-MM-dd)")
    p.add_argument("last", type=date.fromisoformat, help="last local date (yyyy-MM-dd)")
    p.add_argument("--lookback-days", type=int, default=LOOKBACK_DAYS, metavar="N")
    a = p.parse_args(argv)
    if a.last < a.first:
        p.error(f"last {a.last} is before first {a.first}")
    if not 0 <= a.lookback_days <= LOOKBACK_DAYS:
        p.error(f"--lookback-days must be 0..{LOOKBACK_DAYS}")
    states = run_days(a.first, a.last, a.lookback_days)
    ok = all(s == "success" for s in states) and len(states) == (a.last - a.first).days + 1
    print(f"backfill: {len(states)} run(s): {', '.join(states)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
