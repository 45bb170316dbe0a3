"""Jinja macros that turn a run's data interval or partition key into CityKPI's local dates.

Templates use ``data_interval_start``/``data_interval_end`` (or the partition key of an
asset-triggered run), never ``ds``: in Airflow 3 ``ds`` is not the interval start for manual runs.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pendulum

from citykpi_airflow.config import TZ

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def local_date(instant: datetime, offset_days: int = 0) -> str:
    """The local (Asia/Shanghai) date of an instant, shifted by whole days: ``yyyy-MM-dd``."""
    day = pendulum.instance(instant).in_timezone(TZ).date() + timedelta(days=offset_days)
    return day.isoformat()


def iso_week(key: str | None) -> str:
    """``2026-W46`` from a week's partition key (its Monday, ``2026-11-09``) or ``2026-W46``."""
    if not key:
        raise ValueError("no week: the run has no partition key and no 'week' param")
    key = key.strip()
    if _WEEK.match(key):
        return key
    year, week, _ = date.fromisoformat(key[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def _month(key: str | None) -> date:
    if not key:
        raise ValueError("no month: the run has no partition key and no 'month' param")
    m = _MONTH.match(key.strip()[:7])
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"'{key}' is not a month (yyyy-MM)")
    return date(int(m.group(1)), int(m.group(2)), 1)


def month_start(key: str | None, months_before: int = 0) -> str:
    """First day of the month ``key`` (``2026-10``), or of a month that many months earlier."""
    first = _month(key)
    total = first.year * 12 + first.month - 1 - months_before
    return date(total // 12, total % 12 + 1, 1).isoformat()


def month_end(key: str | None) -> str:
    """Last day of the month ``key``."""
    first = _month(key)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).isoformat()


def quarter(key: str | None) -> str:
    """``2026-Q4`` for any month of that quarter."""
    first = _month(key)
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"


def year(key: str | None) -> str:
    return str(_month(key).year)


def closes_quarter(key: str | None) -> bool:
    return _month(key).month % 3 == 0


def closes_year(key: str | None) -> bool:
    return _month(key).month == 12


MACROS = {
    "local_date": local_date,
    "iso_week": iso_week,
    "month_start": month_start,
    "month_end": month_end,
    "quarter": quarter,
    "year": year,
}
