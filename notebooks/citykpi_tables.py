"""Read the CityKPI warehouse without Spark.

Every table is a Delta folder ``<warehouse>/<layer>/<name>``. delta-rs (the ``deltalake`` package)
opens it and hands an Arrow dataset to DuckDB or polars; nothing here computes a figure of its own.

    from citykpi_tables import connect, dataset
    con = connect("../warehouse")             # DuckDB, every table as a view layer.name
    con.sql("select * from kpi.attainment limit 5").df()
    polars.scan_pyarrow_dataset(dataset("../warehouse", "gold.city_day_air"))
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import yaml
from deltalake import DeltaTable

LAYERS = ("bronze", "silver", "gold", "kpi", "ops")


def tables(warehouse: str | Path) -> dict[str, Path]:
    """Every Delta table under the warehouse, by two-part name (``kpi.attainment``)."""
    root = Path(warehouse)
    if not root.is_dir():
        raise FileNotFoundError(f"no warehouse folder {root.resolve()}")
    found = {}
    for layer in LAYERS:
        for folder in sorted((root / layer).glob("*/_delta_log")):
            found[f"{layer}.{folder.parent.name}"] = folder.parent
    return found


def delta(warehouse: str | Path, name: str) -> DeltaTable:
    """The delta-rs handle of one table (``name`` as ``layer.table``)."""
    layer, table = name.split(".", 1)
    return DeltaTable(str(Path(warehouse) / layer / table))


def dataset(warehouse: str | Path, name: str) -> pads.Dataset:
    """One table's current version as a lazy Arrow dataset (filters are pushed into the files).

    The files are read through Arrow's own local filesystem, not delta-rs's default Python
    filesystem handler: with that handler, a process that scanned a table with Arrow's threads
    aborted at exit ("terminate called without an active exception", delta-rs issue 2184) in 23
    of 30 runs here (deltalake 1.6.6, pyarrow 26.0.1); with Arrow's own, in none.
    """
    folder = str(Path(warehouse, *name.split(".", 1)).resolve())
    local = pafs.SubTreeFileSystem(folder, pafs.LocalFileSystem())
    return DeltaTable(folder).to_pyarrow_dataset(filesystem=local)


def connect(warehouse: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with every table of the warehouse as a view ``layer.name``.

    DuckDB's own ``delta`` extension downloads itself at run time; reading through delta-rs's Arrow
    dataset needs nothing from the network and reads the same snapshot.
    """
    con = duckdb.connect()
    for name in tables(warehouse):
        layer, table = name.split(".", 1)
        con.execute(f'create schema if not exists "{layer}"')
        arrow_name = f"_arrow_{layer}_{table}"
        con.register(arrow_name, dataset(warehouse, name))
        con.execute(f'create view "{layer}"."{table}" as select * from "{arrow_name}"')
    return con


def need(frame, what: str, required: bool) -> bool:
    """Whether ``frame`` has rows; if not, fail when ``required`` (CI), else say so and go on."""
    if len(frame):
        return True
    if required:
        raise AssertionError(f"no {what} in this warehouse")
    print(f"(no {what} in this warehouse: nothing to show here)")
    return False


def city_names() -> dict[str, str]:
    """English city names by GB/T 2260 code, from the project's reference data."""
    ref = Path(__file__).resolve().parent.parent / "schemas" / "reference" / "cities.yaml"
    cities = yaml.safe_load(ref.read_text(encoding="utf-8"))["cities"]
    return {c["code"]: c.get("name_en") or c.get("name_zh") for c in cities}
