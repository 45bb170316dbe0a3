"""The AQI of HJ 633-2012 as DuckDB SQL, restated from CityKPI's environment/Aqi*.java and
Pollutant.java (breakpoints, rounding up, skipped invalid readings, primary pollutants, categories).

Arithmetic is exact: concentrations are taken at 6 decimals (decimal(18,6), as CityKPI does) and the
interpolation is integer ceiling division, so no binary rounding can move an index by one.
"""

from __future__ import annotations

IAQI_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
PRIMARY_THRESHOLD = 50
PRIMARY_SEPARATOR = ","
CLAMP = 1e9
SCALE = 1_000_000

# name: (label CNEMC publishes, breakpoints for IAQI_STEPS); Table 1 order.
POLLUTANTS = {
    "SO2_24H": ("二氧化硫", (0, 50, 150, 475, 800, 1600, 2100, 2620)),
    "SO2_1H": ("二氧化硫", (0, 150, 500, 650, 800)),
    "NO2_24H": ("二氧化氮", (0, 40, 80, 180, 280, 565, 750, 940)),
    "NO2_1H": ("二氧化氮", (0, 100, 200, 700, 1200, 2340, 3090, 3840)),
    "PM10_24H": ("颗粒物(PM10)", (0, 50, 150, 250, 350, 420, 500, 600)),
    "CO_24H": ("一氧化碳", (0, 2, 4, 14, 24, 36, 48, 60)),
    "CO_1H": ("一氧化碳", (0, 5, 10, 35, 60, 90, 120, 150)),
    "O3_1H": ("臭氧1小时", (0, 160, 200, 300, 400, 800, 1000, 1200)),
    "O3_8H": ("臭氧8小时", (0, 100, 160, 215, 265, 800)),
    "PM25_24H": ("细颗粒物(PM2.5)", (0, 35, 75, 115, 150, 250, 350, 500)),
}

# AqiCategory: upper bound of each band and its Chinese name.
CATEGORIES = ((50, "优"), (100, "良"), (150, "轻度污染"), (200, "中度污染"), (300, "重度污染"))
TOP_CATEGORY = "严重污染"

# Which pollutant row rates which column, in the order CityKPI lists them (AqiColumns).
HOURLY = (
    ("SO2_1H", "so2_ugm3"),
    ("NO2_1H", "no2_ugm3"),
    ("PM10_24H", "pm10_ugm3"),
    ("CO_1H", "co_mgm3"),
    ("O3_1H", "o3_ugm3"),
    ("PM25_24H", "pm25_ugm3"),
)
DAILY = (
    ("SO2_24H", "so2_24h"),
    ("NO2_24H", "no2_24h"),
    ("PM10_24H", "pm10_24h"),
    ("CO_24H", "co_24h"),
    ("O3_1H", "o3_1h_max"),
    ("O3_8H", "o3_8h_max"),
    ("PM25_24H", "pm25_24h"),
)


def scaled(column: str) -> str:
    """The concentration at 6 decimals as an integer count of millionths; null when invalid
    (null, negative, NaN or infinite), clamped at 1e9 like CityKPI's."""
    x = f"CAST({column} AS DOUBLE)"
    valid = (
        f"CASE WHEN {x} IS NULL OR isnan({x}) OR {x} < 0 OR {x} = 'Infinity'::DOUBLE THEN NULL "
        f"ELSE least({x}, {CLAMP!r}) END"
    )
    return f"CAST(CAST({valid} AS DECIMAL(18,6)) * {SCALE} AS BIGINT)"


def iaqi(c6: str, pollutant: str) -> str:
    """Integer IAQI of one Table 1 row from a `scaled` value: null for an invalid reading; 500
    above the top breakpoint, or null for the rows that stop at 800 (SO2 1-hour, O3 8-hour)."""
    _, bp = POLLUTANTS[pollutant]
    parts = [f"CASE WHEN {c6} IS NULL THEN NULL"]
    for k in range(1, len(bp)):
        lo, hi = IAQI_STEPS[k - 1], IAQI_STEPS[k]
        num = f"({c6} - {bp[k - 1] * SCALE}) * {hi - lo}"
        den = (bp[k] - bp[k - 1]) * SCALE
        parts.append(f"WHEN {c6} <= {bp[k] * SCALE} THEN {lo} + ({num} + {den - 1}) // {den}")
    parts.append(f"ELSE {500 if len(bp) == len(IAQI_STEPS) else 'NULL'} END")
    return f"CAST({' '.join(parts)} AS INTEGER)"


def category(aqi: str) -> str:
    whens = " ".join(f"WHEN {aqi} <= {hi} THEN '{zh}'" for hi, zh in CATEGORIES)
    return f"CASE WHEN {aqi} IS NULL THEN NULL {whens} ELSE '{TOP_CATEGORY}' END"


def aqi_select(rows: tuple[tuple[str, str], ...], source: str) -> str:
    """SELECT adding aqi, primary_pollutant and category to `source` (AqiColumns.withAqi)."""
    n = len(rows)
    c6s = ",\n    ".join(f"{scaled(col)} AS _c6_{i}" for i, (_, col) in enumerate(rows))
    iaqis = ",\n    ".join(f"{iaqi(f'_c6_{i}', p)} AS _iaqi_{i}" for i, (p, _) in enumerate(rows))
    names = [f"_iaqi_{i}" for i in range(n)]
    # greatest() skips nulls like Spark's; an all-null row gives null.
    aqi = f"greatest({', '.join(names)})"
    labels = ", ".join(
        f"CASE WHEN {m} = aqi THEN '{POLLUTANTS[p][0]}' END"
        for m, (p, _) in zip(names, rows, strict=True)
    )
    primary = (
        f"CASE WHEN aqi > {PRIMARY_THRESHOLD} THEN "
        f"array_to_string(list_filter([{labels}], lambda x: x IS NOT NULL), "
        f"'{PRIMARY_SEPARATOR}') END"
    )
    tmp = ", ".join(names + [f"_c6_{i}" for i in range(n)])
    return (
        f"SELECT * EXCLUDE ({tmp}), {primary} AS primary_pollutant, "
        f"{category('aqi')} AS category FROM (\n"
        f"  SELECT *, {aqi} AS aqi FROM (\n"
        f"  SELECT *,\n    {iaqis}\n  FROM (\n"
        f"  SELECT *,\n    {c6s}\n  FROM {source})))"
    )
