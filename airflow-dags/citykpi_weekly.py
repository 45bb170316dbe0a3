"""citykpi_weekly: the weekly report of an ISO week, once the daily runs of its seven days are done.

Scheduled by the asset citykpi_daily_kpi rolled up per ISO week (partition key: the week's Monday),
not by a clock. A manual run names its week in the run conf: ``{"week": "2026-W46"}``.
"""

from __future__ import annotations

from airflow.sdk import DAG, Param
from citykpi_airflow.assets import weekly_schedule
from citykpi_airflow.config import DEFAULT_ARGS, START_DATE
from citykpi_airflow.operators import CityKpiStage
from citykpi_airflow.periods import MACROS

with DAG(
    dag_id="citykpi_weekly",
    description="CityKPI weekly report of an ISO week after its seven daily runs",
    schedule=weekly_schedule(),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"week": Param(None, type=["null", "string"], description="ISO week for manual runs")},
    user_defined_macros=MACROS,
    tags=["citykpi"],
    doc_md=__doc__,
) as dag:
    CityKpiStage(
        task_id="weekly_report",
        citykpi_args=[
            "report",
            "weekly",
            "--week",
            "{{ iso_week(dag_run.partition_key or params.week) }}",
        ],
        reports=True,
    )
