"""CityKPI's rules for delimited-text sources, restated in Python and DuckDB SQL for the references.

Only what the road_speed and air_station_hourly contracts use is implemented (see bench/README.md):
a contract that uses another feature (lookup, scale, unit_of, sources, constant, rules) is refused
with a message, so that a rule change in CityKPI cannot pass unnoticed through a reference that
silently ignores it.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import fnmatch
import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# ingest/FileWindow.java: a file may hold events up to this many days older than its name's date.
LATE_DAYS = 7

# Java's Character.isWhitespace (String.isBlank): ASCII separators and Unicode spaces other than
# the no-break ones.
JAVA_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)

_DAY = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RANGE = re.compile(r"(?<!\d)(\d{8})-(\d{8})(?!\d)")

# Contract column features the references implement; anything else is refused.
_SUPPORTED_COLUMN_KEYS = {
    "name", "source", "type", "nullable", "unit", "min", "max", "allowed", "pattern",
    "references", "format", "description",
}  # fmt: skip
_SUPPORTED_TYPES = {"string", "double", "long", "int", "timestamp", "date"}

# Java DateTimeFormatter patterns the contracts use, as a strict shape plus a strptime format.
_TIME_FORMATS = {
    "yyyy-MM-dd HH:mm": (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "%Y-%m-%d %H:%M"),
    "yyyy-MM-dd HH:mm:ss": (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S"),
    "yyyy-MM-dd": (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
}


class Unsupported(Exception):
    """The contract uses a rule the references do not implement."""


def file_date(path: str) -> dt.date | None:
    """RawRecords.fileDate: the first day, month or year that the file's name gives."""
    name = path.rsplit("/", 1)[-1]
    for m in _DAY.finditer(name):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    name = _DAY.sub("_", name)
    m = _MONTH.search(name)
    if m and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    m = _YEAR.search(name)
    return dt.date(int(m.group(1)), 1, 1) if m else None


def file_window(path: str) -> tuple[dt.date, dt.date] | None:
    """FileWindow.of: the dates a file may hold events for; None for an undated file."""
    name = path.rsplit("/", 1)[-1]
    start = file_date(path)
    if start is None:
        return None
    rng = _RANGE.search(name)
    if rng and file_date(rng.group(2)) is not None:
        end = file_date(rng.group(2))
    elif _DAY.search(name):
        end = start
    elif _MONTH.search(name):
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    else:
        end = dt.date(start.year, 12, 31)
    return start - dt.timedelta(days=LATE_DAYS), end


@dataclass(frozen=True)
class Column:
    name: str
    source: str
    type: str
    nullable: bool
    unit: str | None
    min: float | None
    max: float | None
    allowed: tuple[str, ...] | None
    pattern: str | None
    references: str | None
    format: str | None


@dataclass(frozen=True)
class Contract:
    source: str
    domain: str
    entity: str
    encodings: tuple[str, ...]
    delimiter: str
    null_markers: tuple[str, ...]
    event_column: str
    event_format: str | None
    event_zone: str
    natural_key: tuple[str, ...]
    columns: tuple[Column, ...]
    folders: tuple[str, ...]
    exclude: tuple[str, ...]
    skip_lines: int

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def time_format(self, c: Column) -> str:
        if c.format:
            return c.format
        if c.name == self.event_column and self.event_format:
            return self.event_format
        return {"date": "yyyy-MM-dd"}.get(c.type, "yyyy-MM-dd HH:mm:ss")


def load_contract(schemas: Path, source: str) -> Contract:
    """Reads schemas/sources/<source>.yaml, refusing features the references do not implement."""
    path = schemas / "sources" / f"{source}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    if raw.get("format") != "csv":
        problems.append(f"format {raw.get('format')!r} (only csv)")
    if raw.get("grain") != "day":
        problems.append(f"grain {raw.get('grain')!r} (only day)")
    if raw.get("header") is False:
        problems.append("header: false")
    for key in ("rules", "pii"):
        if raw.get(key):
            problems.append(key)
    reader = raw.get("reader") or {}
    if set(reader) - {"skip_lines"}:
        problems.append(f"reader options {sorted(set(reader) - {'skip_lines'})}")
    cols = []
    for c in raw["columns"]:
        extra = set(c) - _SUPPORTED_COLUMN_KEYS
        if extra:
            problems.append(f"column {c['name']}: {sorted(extra)}")
        if c["type"] not in _SUPPORTED_TYPES:
            problems.append(f"column {c['name']}: type {c['type']}")
        cols.append(
            Column(
                name=c["name"],
                source=c.get("source", c["name"]),
                type=c["type"],
                nullable=c.get("nullable", True),
                unit=c.get("unit"),
                min=c.get("min"),
                max=c.get("max"),
                allowed=tuple(c["allowed"]) if c.get("allowed") is not None else None,
                pattern=c.get("pattern"),
                references=c.get("references"),
                format=c.get("format"),
            )
        )
    event = raw["event_time"]
    contract = Contract(
        source=raw["source"],
        domain=raw["domain"],
        entity=raw["entity"],
        encodings=tuple(raw.get("encodings") or ["UTF-8"]),
        delimiter=raw.get("delimiter") or ",",
        null_markers=tuple(raw.get("null_markers") or [""]),
        event_column=event["column"],
        event_format=event.get("format"),
        event_zone=event.get("zone") or "Asia/Shanghai",
        natural_key=tuple(raw["natural_key"]),
        columns=tuple(cols),
        folders=tuple(raw.get("folders") or [raw["source"]]),
        exclude=tuple(raw.get("exclude") or []),
        skip_lines=int(reader.get("skip_lines") or 0),
    )
    for c in contract.columns:
        if c.type in ("timestamp", "date") and contract.time_format(c) not in _TIME_FORMATS:
            problems.append(f"column {c.name}: time format {contract.time_format(c)!r}")
        if c.references not in (None, "city"):
            problems.append(f"column {c.name}: references {c.references}")
    if problems:
        raise Unsupported(
            f"{path}: the bench references do not implement {'; '.join(problems)}; "
            "extend bench/contract_rules.py (and bench/README.md) first"
        )
    return contract


def city_codes(schemas: Path) -> list[str]:
    """Every code of schemas/reference/cities.yaml (Reference.referenceValues("city"))."""
    data = yaml.safe_load((schemas / "reference" / "cities.yaml").read_text(encoding="utf-8"))
    return [c["code"] for c in data["cities"]]


def _is_data(name: str) -> bool:
    low = name.lower()
    return not (
        name.startswith((".", "_")) or low.startswith(("readme", "license")) or low.endswith(".md")
    )


def landing_files(landing: Path, c: Contract) -> list[str]:
    """Landing.files: the source's data files, as paths relative to the landing, sorted."""
    domain = landing / c.domain
    out = set()
    if not domain.is_dir():
        return []
    for glob in c.folders:
        for d in domain.glob(glob):
            if not d.is_dir():
                continue
            for root, _dirs, files in os.walk(d):
                for f in files:
                    if _is_data(f) and not any(fnmatch.fnmatchcase(f, g) for g in c.exclude):
                        out.add(os.path.relpath(os.path.join(root, f), landing))
    return sorted(out)


def files_for(landing: Path, c: Contract, start: dt.date, end: dt.date) -> list[str]:
    """The files a run over [start, end] reads: those whose window meets it, and undated ones."""
    out = []
    for f in landing_files(landing, c):
        w = file_window(f)
        if w is None or (w[0] <= end and w[1] >= start):
            out.append(f)
    return out


def decode(path: Path, encodings: tuple[str, ...]) -> tuple[str, str]:
    """FileText.decode: gunzip .gz, then the first declared encoding that decodes cleanly."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    for enc in encodings:
        try:
            text = data.decode(enc, errors="strict")
        except (UnicodeDecodeError, LookupError):
            continue
        return (text.removeprefix("\ufeff")), enc
    raise ValueError(f"File {path} is not valid text in any declared encoding {list(encodings)}")


def parse_line(line: str, delimiter: str) -> list[str] | None:
    """One CSV line (RFC 4180 quotes) into its fields, or None when it cannot be parsed."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None


def header_positions(c: Contract, rel: str, header: list[str]) -> list[int]:
    """CsvFormat.headerPositions: each contract column's position in the file's header."""
    at = {h.strip(): i for i, h in enumerate(header)}
    missing = [col.source for col in c.columns if col.source not in at]
    if missing:
        raise ValueError(
            f"File {rel} line {c.skip_lines + 1}: header lacks column(s) {missing} required by "
            f"the contract; header is {','.join(header)}"
        )
    return [at[col.source] for col in c.columns]


def sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def sql_list(values) -> str:
    return "[" + ", ".join(sql_string(v) for v in values) + "]"


def java_num(v: float) -> str:
    """Validation.num: 200 for 200.0, else the double as Java prints it."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def time_parse_sql(text: str, java_format: str, target: str) -> str:
    shape, fmt = _TIME_FORMATS[java_format]
    parsed = f"try_strptime({text}, {sql_string(fmt)})"
    if target == "date":
        parsed = f"CAST({parsed} AS DATE)"
    return f"CASE WHEN regexp_full_match({text}, {sql_string(shape)}) THEN {parsed} END"


def typed_sql(c: Contract, col: Column, text: str) -> str:
    """Validation.typed: the column's value from its text (null when it does not parse)."""
    return {
        "string": text,
        "double": f"TRY_CAST({text} AS DOUBLE)",
        "long": f"TRY_CAST({text} AS BIGINT)",
        "int": f"TRY_CAST({text} AS INTEGER)",
    }.get(col.type) or time_parse_sql(text, c.time_format(col), col.type)


def rule_sql(c: Contract, cities: list[str]) -> tuple[list[str], list[str]]:
    """Validation.withValidation: (rule id, reason) SQL expressions, in CityKPI's order.

    Reads columns `parse_error`, `t_<name>` (the field's text) and `<name>` (the typed value).
    """
    parsed = "parse_error IS NULL"
    ids = [f"CASE WHEN NOT ({parsed}) THEN 'format.malformed' END"]
    reasons = [f"CASE WHEN NOT ({parsed}) THEN parse_error END"]

    def add(cond: str, rule: str, why: str) -> None:
        ids.append(f"CASE WHEN {cond} THEN {sql_string(rule)} END")
        reasons.append(f"CASE WHEN {cond} THEN {why} END")

    for col in c.columns:
        n, text, value = col.name, f"t_{col.name}", f'"{col.name}"'
        unit = f" {col.unit}" if col.unit else ""
        if not col.nullable:
            add(f"{parsed} AND {text} IS NULL", f"{n}.required", sql_string(f"{n} is missing"))
        if col.type != "string":
            hint = f" ({c.time_format(col)})" if col.type in ("timestamp", "date") else ""
            add(
                f"{parsed} AND {text} IS NOT NULL AND {value} IS NULL",
                f"{n}.type",
                f"'{n} ''' || {text} || ''' is not a valid {col.type}{hint}'",
            )
        if col.min is not None:
            add(
                f"{value} < {col.min!r}",
                f"{n}.range",
                f"'{n} ' || CAST({value} AS VARCHAR) || ' is below the minimum "
                f"{java_num(col.min)}{unit}'",
            )
        if col.max is not None:
            add(
                f"{value} > {col.max!r}",
                f"{n}.range",
                f"'{n} ' || CAST({value} AS VARCHAR) || ' is above the maximum "
                f"{java_num(col.max)}{unit}'",
            )
        if col.allowed is not None:
            add(
                f"NOT list_contains({sql_list(col.allowed)}, {value})",
                f"{n}.allowed",
                f"'{n} ''' || {value} || ''' is not one of [{', '.join(col.allowed)}]'",
            )
        if col.pattern is not None:
            add(
                f"NOT regexp_matches({value}, {sql_string(col.pattern)})",
                f"{n}.pattern",
                f"'{n} ''' || {value} || ''' does not match ' || {sql_string(col.pattern)}",
            )
        if col.references == "city":
            add(
                f"NOT list_contains({sql_list(cities)}, {value})",
                f"{n}.reference",
                f"'{n} ''' || {value} || ''' is not a known city (schemas/reference)'",
            )
    return ids, reasons
