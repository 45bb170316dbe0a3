"""What the CityKPI DAGs share: time zone, sources, defaults, and the settings read at run time.

Nothing here touches the database, the network or the file system when imported: Variables are read
by :func:`settings` inside a running task, so DAG files stay pure configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pendulum

TIME_ZONE = "Asia/Shanghai"
TZ = pendulum.timezone(TIME_ZONE)

#: First day the DAGs know about: the first day of data-samples/. Set yours to your go-live date.
START_DATE = pendulum.datetime(2026, 9, 14, tz=TZ)

#: How many days before its own day each daily run re-processes, so that a file delivered up to
#: this late (the pipeline's FileWindow.LATE_DAYS) lands without a manual backfill.
LOOKBACK_DAYS = 7

#: Sources with `grain: day` in schemas/sources/ (a test holds this list to the contracts).
DAILY_SOURCES = (
    "air_station_hourly",
    "beijing_multisite_air_quality",
    "china_cnemc_station_snapshot",
    "china_covid19_daily",
    "los_loop",
    "outpatient_visit",
    "road_speed",
    "transit_trip",
)
#: Sources with `grain: month`: the monthly DAG ingests them.
MONTHLY_SOURCES = ("city_monthly_stats", "nbs_province_annual", "vehicle_registry")

#: One slot: CityKPI jobs run one at a time, so two runs never write the same interval at once.
POOL = "citykpi"
#: Connection whose password is the pseudonymisation key (AIRFLOW_CONN_CITYKPI_PSEUDONYM_KEY).
KEY_CONN_ID = "citykpi_pseudonym_key"
MAIN_CLASS = "org.citykpi.cli.Main"
#: What `mvn -B -ntp -DskipTests package` (without -Dthin) writes to jobs/target/.
SHADED_JAR = "citykpi-jobs-0.1.0-SNAPSHOT-all.jar"

DEFAULT_ARGS = {
    "owner": "citykpi",
    "pool": POOL,
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=3),
}

# The repository holding this folder: airflow-dags/citykpi_airflow/config.py -> repository root.
_REPO = Path(__file__).parent.parent.parent


@dataclass(frozen=True)
class Settings:
    """Airflow Variables (or AIRFLOW_VAR_<NAME> environment variables), with their defaults."""

    home: str
    warehouse: str
    landing: str
    reports: str
    master: str
    runner: str
    jar: str
    demo_key: bool

    @property
    def launcher(self) -> str:
        return str(Path(self.home) / "citykpi")


def settings() -> Settings:
    """Reads the Variables; call only inside a running task (it queries Airflow)."""
    from airflow.sdk import Variable

    def var(name: str, default: str) -> str:
        value = Variable.get(name, default=None)
        return default if value in (None, "") else str(value)

    home = var("citykpi_home", os.fspath(_REPO))
    master = var("citykpi_master", "local[*]")
    runner = var("citykpi_runner", "launcher" if master.startswith("local") else "spark-submit")
    if runner not in ("launcher", "spark-submit"):
        raise ValueError(f"Variable citykpi_runner: '{runner}' is not 'launcher' or 'spark-submit'")
    return Settings(
        home=home,
        warehouse=var("citykpi_warehouse", str(Path(home) / "warehouse")),
        landing=var("citykpi_landing", str(Path(home) / "landing")),
        reports=var("citykpi_reports", str(Path(home) / "reports")),
        master=master,
        runner=runner,
        jar=var("citykpi_jar", str(Path(home) / "jobs" / "target" / SHADED_JAR)),
        demo_key=var("citykpi_demo_key", "false").strip().lower() == "true",
    )
