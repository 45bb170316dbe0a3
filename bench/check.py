"""Checks for scripts/bench: the references against CityKPI, and conservation in ops.run_log.

    check.py compare --from D --to D --citykpi WAREHOUSE --reference NAME=DIR [--reference ...]
        Summarises road speeds and air over the interval in CityKPI's warehouse and in each
        reference's output (Delta or Parquet tables laid out as <layer>/<name>), and fails unless
        every reference has the same ingest accepted/quarantined counts, duplicate counts, rows
        per quarantine rule, quarantined rows (file, line, rules), bronze rows (file, line), silver
        rows, and gold rows (every column; doubles to 1e-9 relative). Also holds CityKPI's own
        run-log counts to its tables. Prints the counts and a checksum of the gold sums.

    check.py conservation WAREHOUSE
        Fails unless every ops.run_log row has rows_in = rows_accepted + rows_quarantined and
        status 'succeeded'. Prints the runs it checked.

Reads Delta tables with delta-rs (no Spark); all comparisons run in DuckDB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import duckdb
from deltalake import DeltaTable

SOURCES = {"road_speed": "road_speed", "air_station_hourly": "air_station_hourly"}  # source: entity

# Gold columns compared row by row; the traffic table only in its road part (segments > 0).
GOLD = {
    "city_day_air": (
        "stations", "station_hours", "pm25_ugm3", "pm10_ugm3", "so2_ugm3", "no2_ugm3", "co_mgm3",
        "o3_1h_max_ugm3", "o3_8h_max_ugm3", "aqi", "primary_pollutant", "category",
        "is_good_air_day",
    ),
    "city_day_traffic": (
        "segments", "peak_readings", "peak_speed_kmh", "peak_free_flow_kmh", "congestion_index",
    ),
}  # fmt: skip
DOUBLE_TYPES = ("DOUBLE", "FLOAT")
REL_TOL = 1e-9


class Mismatch(Exception):
    pass


def register(con, name: str, root: Path, layer: str, table: str) -> bool:
    """Registers <root>/<layer>/<table> (Delta or Parquet) as view `name`; False if absent."""
    path = root / layer / table
    if (path / "_delta_log").is_dir():
        con.register(name, DeltaTable(str(path)).to_pyarrow_dataset())
        return True
    if path.is_dir() and any(path.glob("*.parquet")):
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM '{path}/*.parquet'")
        return True
    return False


def one(con, sql: str) -> tuple:
    return con.execute(sql).fetchall()[0]


def summary(con, tag: str, root: Path, start: dt.date, end: dt.date) -> dict:
    """Counts and fingerprints of one result set over [start, end]."""
    d = f"BETWEEN DATE '{start}' AND DATE '{end}'"
    out: dict = {}
    for layer, table in [("ops", "quarantine"), ("gold", "city_day_air"),
                         ("gold", "city_day_traffic")]:  # fmt: skip
        if not register(con, f"{tag}_{layer}_{table}", root, layer, table):
            raise Mismatch(f"{tag}: no table {layer}.{table} under {root}")
    q = f"{tag}_ops_quarantine"
    for source, entity in SOURCES.items():
        if not register(con, f"{tag}_bronze_{source}", root, "bronze", source):
            raise Mismatch(f"{tag}: no table bronze.{source} under {root}")
        if not register(con, f"{tag}_silver_{entity}", root, "silver", entity):
            raise Mismatch(f"{tag}: no table silver.{entity} under {root}")
        bronze = f"(SELECT * FROM {tag}_bronze_{source} WHERE local_date {d})"
        silver = (
            f"(SELECT * FROM {tag}_silver_{entity} WHERE local_date {d} AND source = '{source}')"
        )
        quar = f"(SELECT * FROM {q} WHERE source = '{source}' AND placed_on {d})"
        accepted, bronze_fp = one(
            con,
            f"SELECT count(*), coalesce(sum(hash(_source_file, _line_no)::HUGEINT), 0)::VARCHAR "
            f"FROM {bronze}",
        )
        qi, qc, quar_fp = one(
            con,
            f"SELECT count(*) FILTER (WHERE stage = 'ingest'), count(*) FILTER "
            f"(WHERE stage = 'clean'), coalesce(sum(hash(stage, source_file, line_no, placed_on, "
            f"array_to_string(rule_ids, '|'))::HUGEINT), 0)::VARCHAR FROM {quar}",
        )
        rules = dict(
            con.execute(
                f"SELECT stage || ':' || r, count(*) FROM (SELECT stage, unnest(rule_ids) AS r "
                f"FROM {quar}) GROUP BY ALL ORDER BY 1"
            ).fetchall()
        )
        if source == "road_speed":
            key = "segment_id, epoch_us(interval_start_utc), local_date, is_peak, speed_kmh"
        else:
            key = "station_id, epoch_us(obs_ts_utc), local_date, local_hour, aqi, category, "
            key += "primary_pollutant, pm25_ugm3"
        silver_rows, silver_fp = one(
            con, f"SELECT count(*), coalesce(sum(hash({key})::HUGEINT), 0)::VARCHAR FROM {silver}"
        )
        out[source] = {
            "ingest": {"in": accepted + qi, "accepted": accepted, "quarantined": qi},
            "clean": {"in": accepted, "accepted": silver_rows, "duplicates": qc},
            "quarantine_rules": rules,
            "quarantine_rows_fingerprint": quar_fp,
            "bronze_rows_fingerprint": bronze_fp,
            "silver_rows_fingerprint": silver_fp,
        }
    sums = {}
    for table, cols in GOLD.items():
        rel = gold_rows(tag, table, d)
        num = [c for c in cols if c not in ("primary_pollutant", "category", "is_good_air_day")]
        row = one(con, f"SELECT count(*), {', '.join(f'sum({c})::DOUBLE' for c in num)} FROM {rel}")
        sums[table] = {"rows": row[0], **dict(zip(num, row[1:], strict=True))}
        if table == "city_day_air":
            sums[table]["good_air_days"] = one(
                con, f"SELECT count(*) FILTER (WHERE is_good_air_day) FROM {rel}"
            )[0]
    out["gold_sums"] = sums
    return out


def gold_rows(tag: str, table: str, d: str) -> str:
    extra = " AND segments > 0" if table == "city_day_traffic" else ""
    return f"(SELECT * FROM {tag}_gold_{table} WHERE local_date {d}{extra})"


def checksum(gold_sums: dict) -> str:
    """A short digest of the gold sums at 9 significant digits (sum order moves the last bits)."""
    flat = {
        f"{t}.{k}": (f"{v:.9g}" if isinstance(v, float) else v)
        for t, cols in gold_sums.items()
        for k, v in cols.items()
    }
    return hashlib.sha256(json.dumps(flat, sort_keys=True).encode()).hexdigest()[:16]


def diff(a, b, path="") -> list[str]:
    """Differences between two summaries; floats compared to REL_TOL."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += diff(a.get(k), b.get(k), f"{path}.{k}" if path else k)
        return out
    if isinstance(a, float) and isinstance(b, float):
        ok = abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))
    else:
        ok = a == b
    return [] if ok else [f"{path}: {a} vs {b}"]


def gold_row_diffs(con, a: str, b: str, start, end) -> list[str]:
    """Rows of each gold table that differ between result sets a and b (first few shown)."""
    d = f"BETWEEN DATE '{start}' AND DATE '{end}'"
    out = []
    for table, cols in GOLD.items():
        ra, rb = gold_rows(a, table, d), gold_rows(b, table, d)
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {ra}").fetchall()}
        conds = []
        for c in cols:
            if types.get(c) in DOUBLE_TYPES:
                conds.append(
                    f"(x.{c} IS NULL) <> (y.{c} IS NULL) OR abs(x.{c} - y.{c}) > "
                    f"{REL_TOL} * greatest(1.0, abs(x.{c}), abs(y.{c}))"
                )
            else:
                conds.append(f"x.{c} IS DISTINCT FROM y.{c}")
        sel = ", ".join(f"x.{c} AS {a}_{c}, y.{c} AS {b}_{c}" for c in cols)
        rows = con.execute(f"""
            SELECT coalesce(x.city_code, y.city_code), coalesce(x.local_date, y.local_date), {sel}
            FROM {ra} x FULL OUTER JOIN {rb} y
              ON x.city_code = y.city_code AND x.local_date = y.local_date
            WHERE x.city_code IS NULL OR y.city_code IS NULL OR {" OR ".join(conds)}
            ORDER BY 1, 2""").fetchall()
        if rows:
            out.append(f"gold.{table}: {len(rows)} rows differ, e.g. {rows[0]}")
    return out


def run_log_counts(con, warehouse: Path, start, end) -> dict:
    """CityKPI's own ingest and clean counts for the sources, from the latest run over exactly
    the interval."""
    if not register(con, "rl", warehouse, "ops", "run_log"):
        raise Mismatch(f"no ops.run_log under {warehouse}")
    rows = con.execute(f"""
        SELECT job, source, rows_in, rows_accepted, rows_quarantined FROM rl
        WHERE interval_from = DATE '{start}' AND interval_to = DATE '{end}'
          AND job IN ('ingest', 'clean')
          AND run_id = (SELECT max(run_id) FROM rl WHERE interval_from = DATE '{start}'
                        AND interval_to = DATE '{end}')""").fetchall()
    out = {}
    for job, source, n_in, acc, quar in rows:
        if source in SOURCES:
            third = "quarantined" if job == "ingest" else "duplicates"
            out.setdefault(source, {})[job] = {"in": n_in, "accepted": acc, third: quar}
    return out


def compare(args) -> int:
    con = duckdb.connect()
    problems = []
    base = summary(con, "citykpi", args.citykpi, args.start, args.end)
    logged = run_log_counts(con, args.citykpi, args.start, args.end)
    for source in SOURCES:
        for job in ("ingest", "clean"):
            want = base[source][job]
            got = logged.get(source, {}).get(job)
            if got != want:
                problems.append(f"citykpi run_log {job} {source}: {got} but tables say {want}")
    print(f"gold checksum citykpi: {checksum(base['gold_sums'])}")
    for source in SOURCES:
        i, c = base[source]["ingest"], base[source]["clean"]
        print(
            f"  {source}: in={i['in']} accepted={i['accepted']} quarantined={i['quarantined']} "
            f"duplicates={c['duplicates']} silver={c['accepted']}"
        )
    for spec in args.reference:
        name, _, where = spec.partition("=")
        ref = summary(con, name, Path(where), args.start, args.end)
        found = diff(base, ref) + gold_row_diffs(con, "citykpi", name, args.start, args.end)
        print(f"gold checksum {name}: {checksum(ref['gold_sums'])}; " + (
            "same counts, rows and gold as citykpi" if not found else f"{len(found)} differences"
        ))  # fmt: skip
        problems += [f"{name} vs citykpi: {p}" for p in found]
    for p in problems:
        print(f"MISMATCH {p}", file=sys.stderr)
    return 1 if problems else 0


def conservation(args) -> int:
    con = duckdb.connect()
    if not register(con, "rl", args.warehouse, "ops", "run_log"):
        print(f"no ops.run_log under {args.warehouse}", file=sys.stderr)
        return 1
    # A step's row: counts conserved, succeeded. A command's own rows (job 'command': 'started'
    # first, then its outcome) carry no counts: the command must have ended 'succeeded'.
    bad = con.execute("""
        SELECT run_id, job, source, rows_in, rows_accepted, rows_quarantined, status, message
        FROM rl WHERE job <> 'command'
          AND (rows_in <> rows_accepted + rows_quarantined OR status <> 'succeeded')
        UNION ALL
        SELECT run_id, 'command', source, NULL, NULL, NULL, string_agg(status, ','), NULL
        FROM rl WHERE job = 'command' GROUP BY run_id, source
        HAVING NOT bool_or(status = 'succeeded') OR bool_or(status IN ('failed', 'killed'))
        ORDER BY run_id""").fetchall()
    runs = con.execute("""
        SELECT run_id, min(interval_from), max(interval_to), count(*), sum(rows_in)
        FROM rl WHERE job <> 'command' GROUP BY run_id ORDER BY run_id""").fetchall()
    for r in runs:
        print(f"  run {r[0]} {r[1]}..{r[2]}: {r[3]} steps, {r[4]} rows in")
    for b in bad:
        print(f"CONSERVATION {b}", file=sys.stderr)
    print(f"conservation: {len(runs)} runs checked, {len(bad)} violations")
    return 1 if bad or not runs else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    c.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat)
    c.add_argument("--citykpi", required=True, type=Path)
    c.add_argument("--reference", action="append", default=[], metavar="NAME=DIR")
    k = sub.add_parser("conservation")
    k.add_argument("warehouse", type=Path)
    args = ap.parse_args(argv)
    try:
        return compare(args) if args.cmd == "compare" else conservation(args)
    except Mismatch as e:
        print(f"check: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
