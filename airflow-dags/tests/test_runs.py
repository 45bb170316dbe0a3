"""Real Airflow runs of citykpi_daily over data-samples/, with real CityKPI jobs (local[*]).

One story, two local days of ISO week 42, the way a scheduler would see them arrive:

* 2026-10-13 with ``scripts/airflow dags test citykpi_daily 2026-10-14`` (the documented command):
  the run log shows every stage for exactly its interval (the day and its 7-day lookback), rows
  conserved. The late file ``2026-10-14_late.csv`` (events of 2026-10-11) is not delivered yet.
* the file arrives; 2026-10-14 with the scheduler-less backfill
  ``python -m citykpi_airflow.backfill``: the lookback puts 2026-10-11 into the tables.
* the two runs leave every table as one ``citykpi run`` over the same days does.

(Two days, not more: each daily run is four JVMs of 20-30 s, and CI's budget is 30 minutes.)

The pseudonymisation key is a fresh fake key in the connection citykpi_pseudonym_key; it must be
the key the jobs used, and appear in no task log, rendered field, database row or file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from citykpi_airflow.config import DAILY_SOURCES
from conftest import REPO

sys.path.insert(0, str(REPO / "scripts" / "lib"))
import compare_warehouses  # noqa: E402

KEY = "citykpi-test-key-" + secrets.token_hex(16)
SAMPLES = REPO / "data-samples"
SAMPLE_DAILY = {"air_station_hourly", "road_speed", "transit_trip", "outpatient_visit"}
LATE_FILE = "environment/air_station_hourly/2026-10-14_late.csv"
DAY1, DAY2 = date(2026, 10, 13), date(2026, 10, 14)
LOOKBACK = 7
FIRST = DAY1 - timedelta(days=LOOKBACK)
DEMO_KEY = "citykpi-DEMO-ONLY-not-a-secret"
NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
TIMEOUT = 3600  # per command; a daily run takes minutes, far longer on a loaded machine


class Story:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.landing = base / "landing"
        self.warehouse = base / "warehouse"
        self.reference = base / "reference"
        self.tmp = base / "tmp"
        self.outputs: list[str] = []
        self.tmp.mkdir()

    def deliver(self, upto: date) -> None:
        """Links into the landing every daily sample file whose name date is <= upto."""
        for folder in sorted(p for p in SAMPLES.glob("*/*") if p.name in SAMPLE_DAILY):
            target = self.landing / folder.relative_to(SAMPLES)
            target.mkdir(parents=True, exist_ok=True)
            for f in folder.iterdir():
                m = NAME_DATE.search(f.name)
                if m and date.fromisoformat(m.group(1)) <= upto and not (target / f.name).exists():
                    (target / f.name).symlink_to(f)

    def run(self, *cmd: str) -> str:
        """Runs a command with the test's environment; keeps its output; fails on non-zero."""
        p = subprocess.run(
            cmd, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
        out = p.stdout + p.stderr
        self.outputs.append(out)
        assert p.returncode == 0, f"{' '.join(cmd)} exited {p.returncode}:\n{out[-6000:]}"
        return out

    def start_reference(self) -> None:
        """One `citykpi run` over the two days and their lookback, from the full samples, in
        the background: it needs nothing from the DAG runs, and overlaps their idle moments."""
        key_file = self.base / "key"
        key_file.write_text(KEY, encoding="utf-8")
        key_file.chmod(0o600)
        env = {**os.environ, "CITYKPI_PSEUDONYM_KEY_FILE": str(key_file)}
        cmd = [
            str(REPO / "citykpi"),
            "run",
            "--landing",
            str(SAMPLES),
            "--warehouse",
            str(self.reference),
            "--from",
            FIRST.isoformat(),
            "--to",
            DAY2.isoformat(),
            "--source",
            ",".join(DAILY_SOURCES),
        ]
        self.reference_log = self.base / "reference.log"
        with open(self.reference_log, "w") as log:
            self.reference_run = subprocess.Popen(
                cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def table(self, name: str, root: Path | None = None) -> list[dict]:
        layer, table = name.split(".")
        folder = (root or self.warehouse) / layer / table
        return compare_warehouses.read_table(folder).to_pylist()


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    s = Story(tmp_path_factory.mktemp("daily"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIRFLOW_VAR_CITYKPI_HOME", str(REPO))
        mp.setenv("AIRFLOW_VAR_CITYKPI_LANDING", str(s.landing))
        mp.setenv("AIRFLOW_VAR_CITYKPI_WAREHOUSE", str(s.warehouse))
        mp.setenv("AIRFLOW_VAR_CITYKPI_REPORTS", str(s.base / "reports"))
        mp.setenv("AIRFLOW_VAR_CITYKPI_MASTER", "local[*]")
        mp.delenv("AIRFLOW_VAR_CITYKPI_DEMO_KEY", raising=False)
        mp.delenv("CITYKPI_PSEUDONYM_KEY", raising=False)
        mp.setenv(
            "AIRFLOW_CONN_CITYKPI_PSEUDONYM_KEY",
            json.dumps({"conn_type": "generic", "password": KEY}),
        )
        mp.setenv("TMPDIR", str(s.tmp))  # where the operator's key folders go, to check they go
        s.start_reference()
        try:
            yield s
        finally:
            if s.reference_run.poll() is None:
                s.reference_run.kill()


@pytest.fixture(scope="module")
def day_one(story):
    story.deliver(DAY1)
    assert not (story.landing / LATE_FILE).exists()
    story.run(str(REPO / "scripts" / "airflow"), "dags", "test", "citykpi_daily", "2026-10-14")
    return {
        # the steps' rows; each command's own rows (job "command": started, final status) aside
        "run_log": [r for r in story.table("ops.run_log") if r["job"] != "command"],
        "air_days": {r["local_date"] for r in story.table("bronze.air_station_hourly")},
        "road_days": {r["local_date"] for r in story.table("bronze.road_speed")},
    }


@pytest.fixture(scope="module")
def backfilled(story, day_one):
    """Day two, after its day's files arrived (the late one with them)."""
    seen = {}
    for day in (DAY2,):
        story.deliver(day)
        story.run(
            str(REPO / "scripts" / "airflow"),
            "python",
            "-m",
            "citykpi_airflow.backfill",
            day.isoformat(),
            day.isoformat(),
        )
        seen[day] = story.table("bronze.air_station_hourly")
    return seen


def test_one_day_logs_every_stage_for_exactly_its_interval(day_one):
    day_one = day_one["run_log"]
    assert {r["job"] for r in day_one} == {"ingest", "clean", "conform", "kpi"}
    assert len({r["run_id"] for r in day_one}) == 4  # one command per stage
    for r in day_one:
        where = f"{r['job']} {r['source']}"
        assert (r["interval_from"], r["interval_to"]) == (FIRST, DAY1), where
        assert r["status"] == "succeeded", where
        assert r["rows_in"] == r["rows_accepted"] + r["rows_quarantined"], where
    for job in ("ingest", "clean"):
        rows = {r["source"]: r for r in day_one if r["job"] == job}
        assert SAMPLE_DAILY <= set(rows), job
        assert all(rows[s]["rows_in"] > 0 for s in SAMPLE_DAILY), job
        assert set(rows) <= set(DAILY_SOURCES), job
    assert {r["source"] for r in day_one if r["job"] == "conform"} >= {
        "gold.city_day_air",
        "gold.city_day_traffic",
        "gold.city_day_health",
    }
    assert {r["source"] for r in day_one if r["job"] == "kpi"} >= {
        "kpi.observation",
        "kpi.attainment",
    }


def test_one_day_writes_only_its_interval(day_one):
    days = day_one["road_days"]
    assert days == {FIRST + timedelta(days=i) for i in range(LOOKBACK + 1)}


def test_a_late_file_lands_with_the_next_daily_run(story, backfilled):
    late_day = date(2026, 10, 11)
    before = backfilled[DAY2]
    assert any(r["local_date"] == late_day for r in before)
    assert {r["_source_file"] for r in before if r["local_date"] == late_day} == {LATE_FILE}
    gold = story.table("gold.city_day_air")
    assert any(r["local_date"] == late_day for r in gold)


def test_no_late_rows_before_the_file_arrived(day_one):
    # No file for 2026-10-11 had arrived on day one: the lookback found nothing for that day.
    assert date(2026, 10, 11) not in day_one["air_days"]
    assert {date(2026, 10, 10), date(2026, 10, 12), DAY1} <= day_one["air_days"]


def test_two_daily_runs_equal_one_run_over_the_same_days(story, backfilled):
    code = story.reference_run.wait(timeout=TIMEOUT)
    log = story.reference_log.read_text(encoding="utf-8", errors="replace")
    story.outputs.append(log)
    assert code == 0, f"citykpi run exited {code}:\n{log[-6000:]}"
    report = compare_warehouses.compare(
        story.warehouse, story.reference, {"ops.run_log"}, ("daily runs", "one run")
    )
    assert report, "tables differ: see the DIFF lines above"
    runs = story.table("ops.run_log")
    assert {(r["interval_from"], r["interval_to"]) for r in runs} == {
        (d - timedelta(days=LOOKBACK), d) for d in (DAY1, DAY2)
    }
    assert all(r["rows_in"] == r["rows_accepted"] + r["rows_quarantined"] for r in runs)


def _hmac(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def test_the_connections_key_pseudonymised_the_cards(story, backfilled):
    cards = {r["card_id"] for r in story.table("bronze.transit_trip")}
    keys = {r["card_key"] for r in story.table("silver.transit_trip")}
    assert keys and keys <= {_hmac(KEY, c) for c in cards}
    assert not keys & {_hmac(DEMO_KEY, c) for c in cards}


def test_the_key_appears_in_no_log_field_row_or_file(story, backfilled):
    home = Path(os.environ["AIRFLOW_HOME"])
    assert story.outputs and all(KEY not in out for out in story.outputs)
    assert "pseudonymisation key: connection citykpi_pseudonym_key" in "".join(story.outputs)
    needle = KEY.encode()
    searched = 0
    for root in (home, story.warehouse):
        for f in root.rglob("*"):
            if f.is_file() and not f.is_symlink():
                searched += 1
                assert needle not in f.read_bytes(), f"the key is in {f}"
    assert searched > 10 and (home / "airflow.db").is_file()
    # Rendered template fields, as the UI shows them, hold no key either.
    import sqlite3

    with sqlite3.connect(home / "airflow.db") as db:
        rendered = db.execute(
            "select rendered_fields from rendered_task_instance_fields where dag_id = ?",
            ("citykpi_daily",),
        ).fetchall()
    assert rendered and all(KEY not in r[0] for r in rendered)
    assert any(FIRST.isoformat() in r[0] for r in rendered)
    assert all("--demo-key" not in r[0] for r in rendered)
    # The key file lived only while its job ran.
    assert list(story.tmp.glob("citykpi-key-*")) == []
