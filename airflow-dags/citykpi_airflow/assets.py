"""Assets that chain the CityKPI DAGs: each daily run emits one partition (its local day) of
``DAILY_KPI`` when its last stage is done; the weekly and monthly DAGs roll those partitions up and
run once every day of their ISO week or calendar month has been done (Airflow partitioned assets,
AIP-76), not at a clock time."""

from __future__ import annotations

from airflow.sdk import (
    Asset,
    MonthWindow,
    PartitionedAssetTimetable,
    RollupMapper,
    StartOfMonthMapper,
    StartOfWeekMapper,
    WeekWindow,
)

from citykpi_airflow.config import TIME_ZONE

#: The KPI tables are up to date for one local day (partition key ``yyyy-MM-dd``).
DAILY_KPI = Asset(name="citykpi_daily_kpi", uri="citykpi://warehouse/kpi/daily")
#: The monthly feeds and KPIs are done for one month (partition key ``yyyy-MM``).
MONTHLY_KPI = Asset(name="citykpi_monthly_kpi", uri="citykpi://warehouse/kpi/monthly")

DAY_FORMAT = "%Y-%m-%d"


def weekly_schedule() -> PartitionedAssetTimetable:
    """A run per ISO week (key: its Monday, ``yyyy-MM-dd``) once all seven days are done."""
    return PartitionedAssetTimetable(
        assets=DAILY_KPI,
        default_partition_mapper=RollupMapper(
            upstream_mapper=StartOfWeekMapper(
                timezone=TIME_ZONE, input_format=DAY_FORMAT, output_format=DAY_FORMAT
            ),
            window=WeekWindow(),
        ),
    )


def monthly_schedule() -> PartitionedAssetTimetable:
    """A run per calendar month (key ``yyyy-MM``) once every day of it is done."""
    return PartitionedAssetTimetable(
        assets=DAILY_KPI,
        default_partition_mapper=RollupMapper(
            upstream_mapper=StartOfMonthMapper(
                timezone=TIME_ZONE, input_format=DAY_FORMAT, output_format="%Y-%m"
            ),
            window=MonthWindow(),
        ),
    )
