"""`./citykpi serve` answers a real Spark Connect client (pyspark-client) with what `./citykpi sql`
prints, listens on loopback only, and stops on SIGTERM; `./citykpi sql --file` and the --limit note.

The last test stops the shared server, so it stays last in this file (and this file last in the
run).
"""

from __future__ import annotations

import csv
import io
import ipaddress
import math
import subprocess

import pytest
from conftest import REPO, listening_sockets, port_open
from pyspark.sql import SparkSession

SETUP = """create or replace temporary view programme_months as
  select kpi_id, city_code, period, value, target_value, status
  from kpi.attainment where period_type = 'month' and comparison = 'programme'"""
LAST = """select m.*, (select count(*) from ops.run_log where job = 'ingest') as ingest_steps
from programme_months m order by kpi_id, city_code, period"""


@pytest.fixture(scope="module")
def spark(server):
    session = SparkSession.builder.remote(server.url).getOrCreate()
    yield session
    if server.process.poll() is None:  # a client of a stopped server would retry for minutes
        session.stop()


def citykpi_sql(cwd, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / "citykpi"), "sql", *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def same(a, b) -> bool:
    """Cell equality across the JSON/CSV text of the CLI and Spark's Python values."""
    if a is None or b is None or a == "" or b == "":
        return (a in (None, "")) and (b in (None, ""))
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
    except (TypeError, ValueError):
        return str(a) == str(b)


def test_banner_says_where_it_listens_and_binds_loopback_only(server):
    assert server.host == "127.0.0.1"
    assert "loopback only" in server.banner
    assert "tables of" in server.banner
    sockets = listening_sockets(server.process.pid)
    assert ("127.0.0.1", server.port) in sockets
    # Every port of the JVM (Spark Connect, the Spark driver's own) is on loopback.
    assert all(ipaddress.ip_address(a).is_loopback for a, _ in sockets), sockets


def test_every_client_session_sees_the_tables_by_two_part_name(server, spark):
    names = {
        f"{r.namespace}.{r.tableName}"
        for db in ("gold", "kpi", "ops")
        for r in spark.sql(f"show tables in {db}").collect()
    }
    assert {"gold.city_day_air", "kpi.attainment", "ops.run_log"} <= names
    other = SparkSession.builder.remote(server.url).create()  # a second, separate client session
    try:
        assert other.table("kpi.attainment").count() == spark.table("kpi.attainment").count() > 0
    finally:
        other.stop()


def test_a_file_prints_its_last_result_like_the_server_and_notes_the_limit(
    spark, demo_warehouse, tmp_path
):
    """One `./citykpi sql` run (a JVM costs 10-20 s): --file, --limit, CSV, the working folder."""
    script = tmp_path / "checks.sql"
    script.write_text(
        f"-- a temporary view, then the query whose result is printed\n{SETUP};\n\n{LAST};\n"
    )
    cli = citykpi_sql(
        tmp_path,
        "--file",
        str(script),
        "--format",
        "csv",
        "--limit",
        "5",
        "--warehouse",
        str(demo_warehouse),
    )
    assert cli.returncode == 0, cli.stderr
    assert "output cut at 5 rows (--limit); the result has more" in cli.stderr
    printed = list(csv.DictReader(io.StringIO(cli.stdout)))

    spark.sql(SETUP)
    served = [r.asDict() for r in spark.sql(LAST).limit(5).collect()]

    assert len(printed) == len(served) == 5
    for p, s in zip(printed, served):
        assert p.keys() == s.keys()
        assert all(same(p[k], s[k]) for k in s), (p, s)
    assert int(printed[0]["ingest_steps"]) > 0
    assert not (tmp_path / "spark-warehouse").exists(), "citykpi sql left spark-warehouse/ behind"


def test_sigterm_stops_the_server_and_closes_the_port(server, spark):
    assert port_open(server.host, server.port)
    spark.stop()

    code = server.stop()

    assert code in (0, 143), f"exit code {code}"  # 143: ended by SIGTERM after the shutdown hooks
    assert "citykpi serve: stopped" in server.stderr.read_text()
    assert not port_open(server.host, server.port)
