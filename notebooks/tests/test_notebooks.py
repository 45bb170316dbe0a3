"""Every notebook is stored clean (no outputs, a `parameters` cell with a warehouse default) and
runs headless with papermill against a warehouse built in the same run;
a failing cell fails the test.

The outputs go to target/notebooks/ (open them to see what CI saw).
"""

from __future__ import annotations

import ast

import nbformat
import papermill
import pytest
from conftest import NOTEBOOKS, REPO

BOOKS = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
OUT = REPO / "target" / "notebooks"


def parameters(book) -> dict:
    cells = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one cell tagged `parameters`"
    tree = ast.parse(cells[0].source)
    return {t.id: ast.literal_eval(n.value) for n in tree.body for t in n.targets}


def test_there_are_the_four_notebooks():
    assert [b.stem for b in BOOKS] == [
        "01_where_does_my_city_stand",
        "02_air_quality_official_record",
        "03_information_consumption",
        "04_data_quality",
    ]


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs_with_parameters(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs"
    params = parameters(book)
    assert (
        params["warehouse"] == "../warehouse"
    )  # where ./citykpi demo writes, seen from notebooks/
    assert params["require_data"] is False


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.stem)
def test_runs_headless(path, demo_warehouse, request):
    params = {"warehouse": str(demo_warehouse), "require_data": True}
    if path.stem.startswith("02_"):
        params["warehouse"] = str(request.getfixturevalue("real_warehouse"))
    if "spark_remote" in parameters(nbformat.read(path, as_version=4)):
        params["spark_remote"] = request.getfixturevalue("server").url
    OUT.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(path),
        str(OUT / path.name),
        parameters=params,
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
    )
