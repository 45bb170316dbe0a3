"""citykpi_monthly: the monthly feeds and the month's KPIs, once every day of the month is done.

Scheduled by the asset citykpi_daily_kpi rolled up per calendar month (partition key ``yyyy-MM``).
Monthly statistics are published some weeks after their month, so each run re-processes the month
before it too. The run that closes a quarter writes the quarterly brief; the run that closes a year
(it runs in January) also writes the annual self-evaluation of that year. A manual run names its
month in the run conf: ``{"month": "2026-10"}``.
"""

from __future__ import annotations

from airflow.sdk import DAG, Param, task
from citykpi_airflow.assets import MONTHLY_KPI, monthly_schedule
from citykpi_airflow.config import DEFAULT_ARGS, MONTHLY_SOURCES, START_DATE
from citykpi_airflow.operators import CityKpiStage, pipeline_stages
from citykpi_airflow.periods import MACROS, closes_quarter, closes_year

MONTH = "(dag_run.partition_key or params.month)"
INTERVAL = [
    "--from",
    "{{ month_start(" + MONTH + ", 1) }}",
    "--to",
    "{{ month_end(" + MONTH + ") }}",
]
SOURCES = ["--source", ",".join(MONTHLY_SOURCES)]

with DAG(
    dag_id="citykpi_monthly",
    description="CityKPI monthly feeds and KPIs; quarterly brief and annual self-evaluation",
    schedule=monthly_schedule(),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"month": Param(None, type=["null", "string"], description="yyyy-MM for manual runs")},
    user_defined_macros=MACROS,
    tags=["citykpi"],
    doc_md=__doc__,
) as dag:
    kpi = pipeline_stages(INTERVAL, SOURCES, MONTHLY_KPI, "{{ " + MONTH + " }}")

    @task.short_circuit(task_id="closes_quarter", pool="default_pool")
    def quarter_closed(dag_run=None, params=None) -> bool:
        return closes_quarter(dag_run.partition_key or params["month"])

    @task.short_circuit(task_id="closes_year", pool="default_pool")
    def year_closed(dag_run=None, params=None) -> bool:
        return closes_year(dag_run.partition_key or params["month"])

    quarterly = CityKpiStage(
        task_id="quarterly_brief",
        citykpi_args=["report", "quarterly", "--quarter", "{{ quarter(" + MONTH + ") }}"],
        reports=True,
    )
    annual = CityKpiStage(
        task_id="annual_evaluation",
        citykpi_args=["report", "annual", "--year", "{{ year(" + MONTH + ") }}"],
        reports=True,
    )
    kpi >> quarter_closed() >> quarterly
    kpi >> year_closed() >> annual
