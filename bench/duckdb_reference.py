"""DuckDB reference: CityKPI's ingest -> clean -> conform for road speeds and air, by hand.

Reads the same landing files CityKPI would read for the interval, applies the same contract rules
(bench/contract_rules.py), latest-delivery-wins dedup, hourly AQI, and the road and air city-day
aggregates, and writes bronze, silver, gold and quarantine rows as Parquet under --out:

    <out>/bronze/<source>/data.parquet      <out>/silver/<entity>/data.parquet
    <out>/gold/city_day_air/data.parquet    <out>/gold/city_day_traffic/data.parquet (road part)
    <out>/ops/quarantine/data.parquet

It does not read CityKPI's results: bench/check.py compares the two afterwards. Timings of each
phase go to stderr, one summary line per source to stdout.

    python bench/duckdb_reference.py --landing L --from 2026-01-01 --to 2026-06-29 --out DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# aqi_sql and contract_rules are siblings in bench/ (the script's folder is first on sys.path).
import aqi_sql
import contract_rules as cr
import duckdb
import pyarrow as pa

SOURCES = ("road_speed", "air_station_hourly")
REPO = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(f"duckdb_reference: {msg}", file=sys.stderr, flush=True)


def read_files(landing: Path, c: cr.Contract, files: list[str]) -> tuple[pa.Table, pa.Table]:
    """Decodes each file (threads: gunzip and decoding release the GIL) and finds its header.

    Returns the files table (one row per file: text, dates, header line, field positions) and the
    quoted-lines table (lines with a quote character, split here with RFC 4180 rules; DuckDB
    splits the others on the delimiter).
    """

    def one(rel: str):
        text, _ = cr.decode(landing / rel, c.encodings)
        lines = text.split("\n")
        header_at, header = None, None
        for i in range(c.skip_lines, len(lines)):
            line = lines[i].removesuffix("\r")
            if line.strip(cr.JAVA_WHITESPACE):
                header_at, header = i + 1, cr.parse_line(line, c.delimiter)
                break
        if header_at is None:
            positions, width = [], 0
        elif header is None:
            raise ValueError(f"File {rel} line {header_at}: header cannot be parsed")
        else:
            positions, width = cr.header_positions(c, rel, header), len(header)
        quoted = []
        if '"' in text and header_at is not None:
            for i in range(header_at, len(lines)):
                line = lines[i].removesuffix("\r")
                if '"' in line and line.strip(cr.JAVA_WHITESPACE):
                    quoted.append((i + 1, cr.parse_line(line, c.delimiter)))
        window = cr.file_window(rel)
        return rel, text, header_at or len(lines) + 1, width, positions, window, quoted

    with ThreadPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(one, files))
    files_tbl = pa.table(
        {
            "file_id": pa.array(range(len(read)), pa.int32()),
            "rel": [r[0] for r in read],
            "text": [r[1] for r in read],
            "header_line": pa.array([r[2] for r in read], pa.int64()),
            "width": pa.array([r[3] for r in read], pa.int32()),
            "pos": pa.array([r[4] for r in read], pa.list_(pa.int32())),
            "file_date": pa.array([cr.file_date(r[0]) for r in read], pa.date32()),
            "window_end": pa.array([r[5][1] if r[5] else None for r in read], pa.date32()),
        }
    )
    q = [(i, line_no, fields) for i, r in enumerate(read) for line_no, fields in r[6]]
    quoted_tbl = pa.table(
        {
            "file_id": pa.array([x[0] for x in q], pa.int32()),
            "line_no": pa.array([x[1] for x in q], pa.int64()),
            "qfields": pa.array([x[2] for x in q], pa.list_(pa.string())),
        }
    )
    return files_tbl, quoted_tbl


def ingest(con, landing: Path, c: cr.Contract, cities: list[str], start, end) -> None:
    """landing -> tables ing_<source> (every record placed in the interval, with its rules)."""
    s = c.source
    t0 = time.monotonic()
    files = cr.files_for(landing, c, start, end)
    files_tbl, quoted_tbl = read_files(landing, c, files)
    con.register(f"files_{s}", files_tbl)
    con.register(f"quoted_{s}", quoted_tbl)
    t1 = time.monotonic()
    delim = cr.sql_string(c.delimiter)
    markers = cr.sql_list(c.null_markers)
    texts = ",\n      ".join(
        f"CASE WHEN parse_error IS NULL AND NOT list_contains({markers}, "
        f"trim(fields[pos[{i + 1}] + 1])) THEN trim(fields[pos[{i + 1}] + 1]) END AS t_{col.name}"
        for i, col in enumerate(c.columns)
    )
    typed = ",\n      ".join(
        f'{cr.typed_sql(c, col, f"t_{col.name}")} AS "{col.name}"' for col in c.columns
    )
    ids, reasons = cr.rule_sql(c, cities)
    event = f'CAST("{c.event_column}" AS DATE)'
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE ing_{s} AS
    WITH lines AS (
      SELECT file_id, unnest(parts) AS raw0, unnest(range(1, len(parts) + 1)) AS line_no
      FROM (SELECT file_id, string_split(text, chr(10)) AS parts FROM files_{s})
    ), recs AS (
      SELECT l.file_id, l.line_no,
             CASE WHEN suffix(raw0, chr(13)) THEN left(raw0, length(raw0) - 1) ELSE raw0 END
               AS raw
      FROM lines l JOIN files_{s} f USING (file_id)
      WHERE l.line_no > f.header_line
    ), split AS (
      SELECT r.file_id, r.line_no, r.raw, f.rel, f.file_date, f.window_end, f.pos, f.width,
             CASE WHEN q.line_no IS NOT NULL THEN q.qfields ELSE string_split(r.raw, {delim}) END
               AS fields
      FROM recs r JOIN files_{s} f USING (file_id)
      LEFT JOIN quoted_{s} q ON q.file_id = r.file_id AND q.line_no = r.line_no
      WHERE trim(r.raw, {cr.sql_string(cr.JAVA_WHITESPACE)}) <> ''
    ), parsed AS (
      SELECT *,
        CASE WHEN fields IS NULL OR len(fields) <> width
          THEN 'line has ' || coalesce(len(fields), 0) || ' fields, header has ' || width
        END AS parse_error
      FROM split
    ), texts AS (
      SELECT *,
      {texts}
      FROM parsed
    ), typed AS (
      SELECT *,
      {typed}
      FROM texts
    ), ruled AS (
      SELECT *,
        list_filter([{", ".join(ids)}], lambda x: x IS NOT NULL) AS ids0,
        list_filter([{", ".join(reasons)}], lambda x: x IS NOT NULL) AS reasons0,
        {event} AS event_date
      FROM typed
    ), windowed AS (
      SELECT *,
        coalesce(file_date IS NOT NULL AND event_date IS NOT NULL
          AND (event_date < file_date - INTERVAL {cr.LATE_DAYS} DAY OR event_date > window_end),
          false) AS outside
      FROM ruled
    ), placed AS (
      SELECT * EXCLUDE (ids0, reasons0),
        CASE WHEN outside THEN list_append(ids0, 'event_time.outside_file_window') ELSE ids0 END
          AS rule_ids,
        CASE WHEN outside THEN list_append(reasons0, 'event date ' || event_date
          || ' is outside the window of file dated ' || file_date
          || ' (up to {cr.LATE_DAYS} days late)') ELSE reasons0 END AS reasons,
        CAST(CASE WHEN outside THEN file_date ELSE coalesce(event_date, file_date) END AS DATE)
          AS placed_on0
      FROM windowed
    ), earliest AS (
      SELECT file_id, min(event_date) AS first_event FROM placed
      WHERE len(rule_ids) = 0 GROUP BY file_id
    )
    SELECT p.* EXCLUDE (placed_on0, fields, pos), coalesce(p.placed_on0, e.first_event) AS placed_on
    FROM placed p LEFT JOIN earliest e USING (file_id)
    """)
    undated = con.execute(
        f"SELECT DISTINCT rel FROM ing_{s} WHERE placed_on IS NULL LIMIT 1"
    ).fetchall()
    if undated:
        raise ValueError(
            f"File {undated[0][0]} has no usable date: no valid event time in any record and no "
            "date in its name"
        )
    con.execute(
        f"DELETE FROM ing_{s} WHERE NOT (placed_on BETWEEN DATE '{start}' AND DATE '{end}')"
    )
    log(
        f"{s}: read {len(files)} files in {t1 - t0:.1f} s, validated in "
        f"{time.monotonic() - t1:.1f} s"
    )


def clean(con, c: cr.Contract) -> None:
    """bronze -> dedup_<source>: latest delivery wins (last file, then last line)."""
    s = c.source
    key = ", ".join(f'"{k}"' for k in c.natural_key)
    w = f"PARTITION BY {key} ORDER BY _source_file DESC, _line_no DESC"
    firsts = ", ".join(f'first_value("{col.name}") OVER w AS "_k_{col.name}"' for col in c.columns)
    same = " AND ".join(f'"{col.name}" IS NOT DISTINCT FROM "_k_{col.name}"' for col in c.columns)
    cols = ", ".join(f'"{col.name}"' for col in c.columns)
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE bronze_{s} AS
    SELECT {cols}, placed_on AS local_date, rel AS _source_file, line_no AS _line_no
    FROM ing_{s} WHERE len(rule_ids) = 0
    """)
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE dedup_{s} AS
    SELECT * EXCLUDE (rn, kept_file, kept_line, same),
      CASE WHEN rn > 1 THEN CASE WHEN same THEN 'dedup.exact' ELSE 'dedup.superseded' END END
        AS dedup_rule,
      CASE WHEN rn > 1 THEN CASE WHEN same
        THEN 'exact duplicate of ' || kept_file || ' line ' || kept_line
        ELSE 'same key as ' || kept_file || ' line ' || kept_line
          || ', which was delivered later and is kept' END END AS dedup_reason
    FROM (
      SELECT *, {same} AS same FROM (
        SELECT *, row_number() OVER w AS rn, first_value(_source_file) OVER w AS kept_file,
               first_value(_line_no) OVER w AS kept_line, {firsts}
        FROM bronze_{s} WINDOW w AS ({w})
      )
    )
    """)


def silver(con, c: cr.Contract) -> None:
    s, zone = c.source, cr.sql_string(c.event_zone)

    def utc(col: str) -> str:
        return f"timezone('UTC', timezone({zone}, \"{col}\"))"

    kept = f"(SELECT * FROM dedup_{s} WHERE dedup_rule IS NULL)"
    if s == "road_speed":
        local = '"interval_start_local"'
        con.execute(f"""
        CREATE OR REPLACE TEMP TABLE silver_{s} AS
        SELECT 'road_speed' AS source, segment_id, city_code,
               {utc("interval_start_local")} AS interval_start_utc, local_date,
               isodow({local}) <= 5 AND hour({local}) IN (7, 8, 17, 18) AS is_peak,
               speed_kmh, free_flow_kmh
        FROM {kept}
        """)
    elif s == "air_station_hourly":
        hourly = aqi_sql.aqi_select(aqi_sql.HOURLY, kept)
        con.execute(f"""
        CREATE OR REPLACE TEMP TABLE silver_{s} AS
        SELECT '{s}' AS source, station_id, city_code, {utc("obs_time_local")} AS obs_ts_utc,
               local_date, CAST(hour(obs_time_local) AS INTEGER) AS local_hour,
               pm25_ugm3, pm10_ugm3, so2_ugm3, no2_ugm3, co_mgm3, o3_ugm3, temp_c, pressure_hpa,
               humidity_pct, wind_speed_ms, aqi, primary_pollutant, category,
               CAST(NULL AS INTEGER) AS aqi_published,
               CAST(NULL AS VARCHAR) AS primary_pollutant_published,
               CAST(NULL AS VARCHAR) AS category_published
        FROM ({hourly})
        """)
    else:
        raise ValueError(f"no silver transformation for {s}")


def gold(con) -> None:
    """AirDaily and the road part of TrafficDaily."""
    con.execute("""
    CREATE OR REPLACE TEMP TABLE gold_city_day_traffic AS
    SELECT city_code, local_date,
           CAST(count(DISTINCT segment_id) AS INTEGER) AS segments,
           count(*) FILTER (WHERE is_peak) AS peak_readings,
           avg(CASE WHEN is_peak THEN speed_kmh END) AS peak_speed_kmh,
           avg(CASE WHEN is_peak THEN free_flow_kmh END) AS peak_free_flow_kmh,
           sum(CASE WHEN is_peak THEN free_flow_kmh END)
             / nullif(sum(CASE WHEN is_peak THEN speed_kmh END), 0) AS congestion_index,
           0::BIGINT AS transit_trips, 0::BIGINT AS public_transport_trips,
           0::BIGINT AS transit_cards
    FROM silver_road_speed GROUP BY city_code, local_date
    """)
    pollutants = ("pm25_ugm3", "pm10_ugm3", "so2_ugm3", "no2_ugm3", "co_mgm3")
    short = {"pm25_ugm3": "pm25", "pm10_ugm3": "pm10", "so2_ugm3": "so2", "no2_ugm3": "no2",
             "co_mgm3": "co"}  # fmt: skip
    means = ",\n      ".join(
        f"CASE WHEN count({p}) >= 20 THEN avg({p}) END AS {short[p]}_24h" for p in pollutants
    )
    any_reading = " OR ".join(f"{p} IS NOT NULL" for p in (*pollutants, "o3_ugm3"))
    city_means = ",\n      ".join(
        f"avg({x}) AS {x}"
        for x in ("pm25_24h", "pm10_24h", "so2_24h", "no2_24h", "co_24h", "o3_1h_max", "o3_8h_max")
    )
    station_day = f"""
      SELECT station_id, local_date, max(city_code) AS city_code,
        count(*) FILTER (WHERE {any_reading}) AS station_hours,
        {means},
        max(o3_ugm3) AS o3_1h_max, max(o3_8h) AS o3_8h_max
      FROM (
        SELECT *, CASE WHEN count(o3_ugm3) OVER w8 >= 6 AND local_hour >= 7
                       THEN avg(o3_ugm3) OVER w8 END AS o3_8h
        FROM silver_air_station_hourly
        WINDOW w8 AS (PARTITION BY station_id, local_date ORDER BY local_hour
                      RANGE BETWEEN 7 PRECEDING AND CURRENT ROW))
      GROUP BY station_id, local_date"""
    city_day = f"""
      SELECT city_code, local_date, CAST(count(*) AS INTEGER) AS stations,
        CAST(sum(station_hours) AS BIGINT) AS station_hours,
        {city_means}
      FROM ({station_day}) GROUP BY city_code, local_date"""
    daily = aqi_sql.aqi_select(aqi_sql.DAILY, f"({city_day})")
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE gold_city_day_air AS
    SELECT city_code, local_date, stations, station_hours,
           pm25_24h AS pm25_ugm3, pm10_24h AS pm10_ugm3, so2_24h AS so2_ugm3,
           no2_24h AS no2_ugm3, co_24h AS co_mgm3, o3_1h_max AS o3_1h_max_ugm3,
           o3_8h_max AS o3_8h_max_ugm3, aqi, primary_pollutant, category,
           aqi <= 100 AS is_good_air_day
    FROM ({daily})
    """)


def write(con, out: Path, sources: list[cr.Contract]) -> None:
    """Every output as one Parquet file per table (DuckDB writes with all threads)."""

    def copy(select: str, layer: str, name: str) -> None:
        d = out / layer / name
        d.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({select}) TO '{d / 'data.parquet'}' (FORMAT parquet)")

    parts = []
    for c in sources:
        s = c.source
        copy(f"SELECT * FROM bronze_{s}", "bronze", s)
        copy(f"SELECT * FROM silver_{s}", "silver", c.entity)
        parts.append(f"""
          SELECT '{s}' AS source, 'ingest' AS stage, placed_on, rel AS source_file,
                 line_no, raw AS raw_text, rule_ids, array_to_string(reasons, '; ') AS reasons
          FROM ing_{s} WHERE len(rule_ids) > 0""")
        parts.append(f"""
          SELECT '{s}', 'clean', local_date, _source_file, _line_no,
                 to_json(struct_pack({", ".join(f'"{col.name}"' for col in c.columns)}))::VARCHAR,
                 [dedup_rule], dedup_reason
          FROM dedup_{s} WHERE dedup_rule IS NOT NULL""")
    copy(" UNION ALL ".join(parts), "ops", "quarantine")
    copy("SELECT * FROM gold_city_day_air", "gold", "city_day_air")
    copy("SELECT * FROM gold_city_day_traffic", "gold", "city_day_traffic")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--landing", required=True, type=Path)
    ap.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    ap.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--schemas", type=Path, default=REPO / "schemas")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (default: all cores)")
    args = ap.parse_args(argv)
    if args.end < args.start:
        ap.error(f"--to {args.end} is before --from {args.start}")
    if not args.landing.is_dir():
        ap.error(f"--landing: folder {args.landing} does not exist")
    t0 = time.monotonic()
    contracts = [cr.load_contract(args.schemas, s) for s in SOURCES]
    cities = cr.city_codes(args.schemas)
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    for c in contracts:
        ingest(con, args.landing, c, cities, args.start, args.end)
    t1 = time.monotonic()
    for c in contracts:
        clean(con, c)
        silver(con, c)
    t2 = time.monotonic()
    gold(con)
    t3 = time.monotonic()
    write(con, args.out, contracts)
    t4 = time.monotonic()
    log(
        f"ingest {t1 - t0:.1f} s, clean {t2 - t1:.1f} s, conform {t3 - t2:.1f} s, "
        f"write {t4 - t3:.1f} s, total {t4 - t0:.1f} s"
    )
    for c in contracts:
        s = c.source
        row = con.execute(f"""
          SELECT (SELECT count(*) FROM ing_{s}),
                 (SELECT count(*) FROM ing_{s} WHERE len(rule_ids) = 0),
                 (SELECT count(*) FROM ing_{s} WHERE len(rule_ids) > 0),
                 (SELECT count(*) FROM dedup_{s} WHERE dedup_rule IS NOT NULL)
        """).fetchall()[0]
        print(f"{s}: in={row[0]} accepted={row[1]} quarantined={row[2]} duplicates={row[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
