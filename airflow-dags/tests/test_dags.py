"""The DAGs are what issue 8 and docs/operations.md say: tasks, order, schedules, retries, pool,
and the command lines their templates render for a given interval or partition."""

from __future__ import annotations

import builtins
import importlib.util
import os
import re
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pendulum
import pytest
import yaml
from citykpi_airflow import config, periods
from citykpi_airflow.assets import DAILY_KPI, MONTHLY_KPI
from conftest import DAGS, REPO

TZ = pendulum.timezone("Asia/Shanghai")
DAILY_ORDER = ["ingest", "clean", "conform", "kpi"]


def utc(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


def render(dag, task_id: str, field: str, **context):
    """A task's templated field rendered for a context, the way the task runner does it."""
    task = dag.get_task(task_id)
    context.setdefault("params", {k: v.value for k, v in dag.params.items()})
    return task.render_template(getattr(task, field), context, dag.get_template_env())


def test_dag_folder_imports_cleanly(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == ["citykpi_daily", "citykpi_monthly", "citykpi_weekly"]


def test_dag_files_do_no_io_at_import(monkeypatch):
    """Importing a DAG file reads no Variable or connection, runs nothing, opens no socket and
    touches no file of the repository outside the DAG folder (warehouse, landing, schemas)."""

    def forbidden(what):
        def fail(*args, **kwargs):
            raise AssertionError(f"DAG import did I/O: {what} {args[:1]}")

        return fail

    def guard(fn, what):
        def checked(path, *args, **kwargs):
            p = Path(os.fsdecode(path)) if isinstance(path, str | bytes | os.PathLike) else None
            outside_dags = p is not None and p != DAGS and DAGS not in p.parents
            if outside_dags and p.is_absolute() and REPO in p.parents:
                raise AssertionError(f"DAG import did I/O: {what} {p}")
            return fn(path, *args, **kwargs)

        return checked

    from airflow.sdk import BaseHook, Variable

    def load(path: Path, name: str):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    # Each file once unguarded, so that third-party modules (some look at the machine when they
    # load, e.g. croniter) are cached; then the DAG files and citykpi_airflow afresh, guarded.
    files = sorted(DAGS.glob("citykpi_*.py"))
    for path in files:
        load(path, f"warm_{path.stem}")
    monkeypatch.setattr(Variable, "get", forbidden("Variable.get"))
    monkeypatch.setattr(BaseHook, "get_connection", forbidden("get_connection"))
    monkeypatch.setattr(subprocess, "Popen", forbidden("subprocess"))
    monkeypatch.setattr(socket.socket, "connect", forbidden("socket.connect"))
    monkeypatch.setattr(builtins, "open", guard(builtins.open, "open"))
    monkeypatch.setattr(os, "listdir", guard(os.listdir, "listdir"))
    monkeypatch.setattr(os, "scandir", guard(os.scandir, "scandir"))
    for name in [m for m in sys.modules if m.startswith("citykpi_airflow")]:
        monkeypatch.delitem(sys.modules, name)
    for path in files:
        assert load(path, f"noio_{path.stem}").dag.dag_id == path.stem


def test_source_lists_follow_the_contracts():
    grains: dict[str, list[str]] = {}
    for f in sorted((REPO / "schemas" / "sources").glob("*.yaml")):
        c = yaml.safe_load(f.read_text(encoding="utf-8"))
        grains.setdefault(c["grain"], []).append(c["source"])
    assert sorted(config.DAILY_SOURCES) == sorted(grains["day"])
    assert sorted(config.MONTHLY_SOURCES) == sorted(grains["month"])


def test_lookback_is_the_pipelines_late_window():
    java = REPO / "jobs/src/main/java/org/citykpi/ingest/FileWindow.java"
    late = re.search(r"LATE_DAYS = (\d+);", java.read_text(encoding="utf-8"))
    assert late and int(late.group(1)) == config.LOOKBACK_DAYS == 7


def test_every_task_retries_with_backoff_in_the_pool(dagbag):
    for dag in dagbag.dags.values():
        assert dag.max_active_runs == 1, dag.dag_id
        assert dag.start_date == pendulum.datetime(2026, 9, 14, tz=TZ), dag.dag_id
        for task in dag.tasks:
            where = f"{dag.dag_id}.{task.task_id}"
            assert task.retries == 3, where
            assert task.retry_delay == timedelta(minutes=2), where
            assert task.retry_exponential_backoff == 2.0, where
            assert task.max_retry_delay == timedelta(minutes=30), where
            if task.task_type == "CityKpiStage":
                assert task.pool == "citykpi", where
            else:  # the short-circuit checks run no job and need no slot
                assert task.pool == "default_pool", where


def test_daily_tasks_order_and_schedule(dagbag, scheduler_dags):
    dag = dagbag.get_dag("citykpi_daily")
    assert [t.task_id for t in dag.topological_sort()] == DAILY_ORDER
    for up, down in zip(DAILY_ORDER, DAILY_ORDER[1:], strict=False):
        assert dag.get_task(up).downstream_task_ids == {down}
    assert dag.catchup is True
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    core = scheduler_dags["citykpi_daily"].timetable
    assert core._expression == "0 0 * * *"
    assert str(core._timezone) == "Asia/Shanghai"
    # A real [start, end) interval of one local day, not a zero-length one.
    first = core.next_dagrun_info(last_automated_data_interval=None, restriction=_no_restriction())
    assert first.data_interval.start == pendulum.datetime(2026, 9, 14, tz=TZ)
    assert first.data_interval.end == pendulum.datetime(2026, 9, 15, tz=TZ)
    # `dags test citykpi_daily 2026-11-10` runs the local day that ends then: 2026-11-09.
    manual = core.infer_manual_data_interval(run_after=utc(2026, 11, 10))
    assert (manual.start, manual.end) == (
        pendulum.datetime(2026, 11, 9, tz=TZ),
        pendulum.datetime(2026, 11, 10, tz=TZ),
    )


def _no_restriction():
    from airflow.timetables.base import TimeRestriction

    start = pendulum.datetime(2026, 9, 14, tz=TZ)
    return TimeRestriction(earliest=start, latest=None, catchup=True)


@pytest.mark.parametrize(
    ("lookback", "first"), [(7, "2026-11-02"), (0, "2026-11-09"), (1, "2026-11-08")]
)
def test_daily_commands_cover_the_day_and_its_lookback(dagbag, lookback, first):
    dag = dagbag.get_dag("citykpi_daily")
    # The interval as Airflow passes it: UTC instants of local midnights.
    ctx = {
        "data_interval_start": utc(2026, 11, 8, 16),
        "data_interval_end": utc(2026, 11, 9, 16),
        "params": {"lookback_days": lookback},
    }
    interval = ["--from", first, "--to", "2026-11-09"]
    sources = ["--source", ",".join(config.DAILY_SOURCES)]
    assert render(dag, "ingest", "citykpi_args", **ctx) == ["ingest", *interval, *sources]
    assert render(dag, "clean", "citykpi_args", **ctx) == ["clean", *interval, *sources]
    assert render(dag, "conform", "citykpi_args", **ctx) == ["conform", *interval]
    assert render(dag, "kpi", "citykpi_args", **ctx) == ["kpi", *interval]
    assert render(dag, "kpi", "partition_key", **ctx) == "2026-11-09"


def test_daily_stage_flags(dagbag):
    dag = dagbag.get_dag("citykpi_daily")
    flags = {t.task_id: (t.landing, t.pseudonymises, t.reports) for t in dag.tasks}
    assert flags == {
        "ingest": (True, True, False),
        "clean": (False, True, False),
        "conform": (False, False, False),
        "kpi": (False, False, False),
    }
    assert dag.get_task("kpi").outlets == [DAILY_KPI]
    assert dag.params["lookback_days"] == 7


def _mapper(scheduler_dags, dag_id):
    timetable = scheduler_dags[dag_id].timetable
    assert type(timetable).__name__ == "PartitionedAssetTimetable"
    return timetable.get_partition_mapper(name=DAILY_KPI.name, uri=DAILY_KPI.uri)


def test_weekly_runs_when_the_seven_days_of_an_iso_week_are_done(scheduler_dags):
    mapper = _mapper(scheduler_dags, "citykpi_weekly")
    assert mapper.to_downstream("2026-11-09") == "2026-11-09"
    assert mapper.to_downstream("2026-11-15") == "2026-11-09"
    assert mapper.to_downstream("2026-11-16") == "2026-11-16"
    assert mapper.to_upstream("2026-11-09") == {f"2026-11-{d:02d}" for d in range(9, 16)}
    # An ISO week across a year end.
    assert mapper.to_downstream("2027-01-03") == "2026-12-28"


@pytest.mark.parametrize(
    ("key", "week"),
    [("2026-11-09", "2026-W46"), ("2026-12-28", "2026-W53"), ("2027-01-04", "2027-W01")],
)
def test_weekly_report_command(dagbag, key, week):
    dag = dagbag.get_dag("citykpi_weekly")
    run = SimpleNamespace(partition_key=key)
    args = render(dag, "weekly_report", "citykpi_args", dag_run=run)
    assert args == ["report", "weekly", "--week", week]
    manual = SimpleNamespace(partition_key=None)
    assert render(dag, "weekly_report", "citykpi_args", dag_run=manual, params={"week": week})[
        -1
    ] == (week)
    assert dag.get_task("weekly_report").reports is True


def test_monthly_runs_when_every_day_of_the_month_is_done(scheduler_dags):
    mapper = _mapper(scheduler_dags, "citykpi_monthly")
    assert mapper.to_downstream("2026-10-01") == "2026-10"
    assert mapper.to_downstream("2026-10-31") == "2026-10"
    assert len(mapper.to_upstream("2026-10")) == 31
    assert len(mapper.to_upstream("2028-02")) == 29
    assert "2026-10-31" in mapper.to_upstream("2026-10")


def test_monthly_tasks(dagbag):
    dag = dagbag.get_dag("citykpi_monthly")
    assert dag.get_task("ingest").downstream_task_ids == {"clean"}
    assert dag.get_task("clean").downstream_task_ids == {"conform"}
    assert dag.get_task("conform").downstream_task_ids == {"kpi"}
    assert dag.get_task("kpi").downstream_task_ids == {"closes_quarter", "closes_year"}
    assert dag.get_task("closes_quarter").downstream_task_ids == {"quarterly_brief"}
    assert dag.get_task("closes_year").downstream_task_ids == {"annual_evaluation"}
    assert dag.get_task("kpi").outlets == [MONTHLY_KPI]
    run = SimpleNamespace(partition_key="2026-10")
    interval = ["--from", "2026-09-01", "--to", "2026-10-31"]
    sources = ["--source", ",".join(config.MONTHLY_SOURCES)]
    assert render(dag, "ingest", "citykpi_args", dag_run=run) == ["ingest", *interval, *sources]
    assert render(dag, "clean", "citykpi_args", dag_run=run) == ["clean", *interval, *sources]
    assert render(dag, "kpi", "citykpi_args", dag_run=run) == ["kpi", *interval]
    assert render(dag, "kpi", "partition_key", dag_run=run) == "2026-10"
    january = SimpleNamespace(partition_key="2027-01")
    assert render(dag, "conform", "citykpi_args", dag_run=january) == [
        "conform",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
    ]


@pytest.mark.parametrize(
    ("key", "quarter", "year", "quarter_closed", "year_closed"),
    [
        ("2026-09", "2026-Q3", "2026", True, False),
        ("2026-10", "2026-Q4", "2026", False, False),
        ("2025-12", "2025-Q4", "2025", True, True),
        ("2026-01", "2026-Q1", "2026", False, False),
    ],
)
def test_quarterly_brief_and_annual_evaluation(
    dagbag, key, quarter, year, quarter_closed, year_closed
):
    dag = dagbag.get_dag("citykpi_monthly")
    run = SimpleNamespace(partition_key=key)
    assert render(dag, "quarterly_brief", "citykpi_args", dag_run=run) == [
        "report",
        "quarterly",
        "--quarter",
        quarter,
    ]
    assert render(dag, "annual_evaluation", "citykpi_args", dag_run=run) == [
        "report",
        "annual",
        "--year",
        year,
    ]
    assert periods.closes_quarter(key) is quarter_closed
    assert periods.closes_year(key) is year_closed
    params = {"month": None}
    check = dag.get_task("closes_quarter").python_callable
    assert check(dag_run=run, params=params) is quarter_closed
    check = dag.get_task("closes_year").python_callable
    assert check(dag_run=run, params=params) is year_closed


def test_periods_reject_what_they_cannot_read():
    with pytest.raises(ValueError, match="no week"):
        periods.iso_week(None)
    with pytest.raises(ValueError, match="not a month"):
        periods.month_start("2026-13-01x")
    with pytest.raises(ValueError, match="no month"):
        periods.month_end("")
    assert periods.month_start("2026-01", 1) == "2025-12-01"
    assert periods.month_end("2028-02") == "2028-02-29"
    assert periods.local_date(utc(2026, 12, 31, 16)) == "2027-01-01"
