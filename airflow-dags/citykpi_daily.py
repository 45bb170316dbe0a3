"""citykpi_daily: one run per local day (Asia/Shanghai), ingest -> clean -> conform -> kpi.

Each run covers its own day and the LOOKBACK_DAYS days before it, so a file delivered up to a week
late lands on the next daily run without a manual backfill (docs/operations.md#late-data). When the
kpi stage is done the run emits its day as a partition of the asset citykpi_daily_kpi, which the
weekly and monthly DAGs roll up.
"""

from __future__ import annotations

from airflow.sdk import DAG, CronDataIntervalTimetable, Param
from citykpi_airflow.assets import DAILY_KPI
from citykpi_airflow.config import (
    DAILY_SOURCES,
    DEFAULT_ARGS,
    LOOKBACK_DAYS,
    START_DATE,
    TIME_ZONE,
)
from citykpi_airflow.operators import pipeline_stages
from citykpi_airflow.periods import MACROS

# The interval of local dates each stage covers: the lookback days, then the run's own day.
FIRST = "{{ local_date(data_interval_start, -params.lookback_days) }}"
LAST = "{{ local_date(data_interval_end, -1) }}"
INTERVAL = ["--from", FIRST, "--to", LAST]
SOURCES = ["--source", ",".join(DAILY_SOURCES)]

with DAG(
    dag_id="citykpi_daily",
    description="CityKPI daily feeds: ingest, clean, conform, kpi of one local day and lookback",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone=TIME_ZONE),
    start_date=START_DATE,
    catchup=True,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={
        "lookback_days": Param(
            LOOKBACK_DAYS,
            type="integer",
            minimum=0,
            maximum=LOOKBACK_DAYS,
            description="Days before the run's own day it re-processes (late files).",
        )
    },
    user_defined_macros=MACROS,
    render_template_as_native_obj=False,
    tags=["citykpi"],
    doc_md=__doc__,
) as dag:
    pipeline_stages(INTERVAL, SOURCES, DAILY_KPI, "{{ local_date(data_interval_start) }}")
