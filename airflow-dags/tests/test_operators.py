"""The key hand-over and the job environment of CityKpiStage, without running a job."""

from __future__ import annotations

import json
import logging
import os
import stat

import pytest
from airflow.sdk.exceptions import AirflowFailException
from citykpi_airflow.config import Settings
from citykpi_airflow.operators import (
    KEY_ENV,
    KEY_FILE_ENV,
    CityKpiStage,
    job_environment,
    pseudonym_key,
)

LOG = logging.getLogger("test")


def settings(demo_key: bool = False) -> Settings:
    return Settings(
        home="/repo",
        warehouse="/wh",
        landing="/landing",
        reports="/reports",
        master="local[*]",
        runner="launcher",
        jar="/repo/jobs/target/x.jar",
        demo_key=demo_key,
    )


def test_the_key_travels_as_a_private_file_that_is_gone_afterwards(monkeypatch, tmp_path):
    key = "fake-key-for-the-operator-test-0123"
    monkeypatch.setenv(
        "AIRFLOW_CONN_CITYKPI_PSEUDONYM_KEY", json.dumps({"conn_type": "generic", "password": key})
    )
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with pseudonym_key(settings(demo_key=True), LOG) as (env, args):
        path = env[KEY_FILE_ENV]
        assert args == []  # the connection wins over demo mode
        assert open(path, encoding="utf-8").read() == key
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
        assert key not in json.dumps(env)
    assert not os.path.exists(path) and list(tmp_path.iterdir()) == []


def test_without_a_connection_only_explicit_demo_mode_runs(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_CITYKPI_PSEUDONYM_KEY", raising=False)
    with pytest.raises(AirflowFailException, match="citykpi_pseudonym_key"):
        with pseudonym_key(settings(demo_key=False), LOG):
            pass
    with pseudonym_key(settings(demo_key=True), LOG) as (env, args):
        assert env == {} and args == ["--demo-key"]


def test_the_job_environment_has_no_key_of_the_worker_and_binds_locally(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "worker-key-that-must-not-leak")
    monkeypatch.setenv(KEY_FILE_ENV, "/somewhere/key")
    monkeypatch.delenv("SPARK_LOCAL_IP", raising=False)
    env = job_environment("local[*]")
    assert KEY_ENV not in env and KEY_FILE_ENV not in env
    assert env["SPARK_LOCAL_IP"] == "127.0.0.1"
    assert job_environment("spark://127.0.0.1:7077")["SPARK_LOCAL_IP"] == "127.0.0.1"
    assert "SPARK_LOCAL_IP" not in job_environment("spark://10.1.2.3:7077")
    assert "SPARK_LOCAL_IP" not in job_environment("yarn")


def test_command_arguments():
    stage = CityKpiStage(
        task_id="ingest", citykpi_args=["ingest", "--date", "2026-11-09"], landing=True
    )
    assert stage.command_args(settings()) == [
        "ingest",
        "--date",
        "2026-11-09",
        "--warehouse",
        "/wh",
        "--wait",
        "--landing",
        "/landing",
    ]
    report = CityKpiStage(task_id="r", citykpi_args=["report", "weekly"], reports=True)
    assert report.command_args(settings())[-2:] == ["--reports", "/reports"]
    assert stage.name == "citykpi-ingest"
