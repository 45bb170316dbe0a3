"""Shared fixtures: the repository, the DAG folder on sys.path, one DagBag per session.

Run through scripts/test-airflow, which creates the venv, a throw-away AIRFLOW_HOME with its
database and pool, and builds the jar once before pytest starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "airflow-dags"
if str(DAGS) not in sys.path:
    sys.path.insert(0, str(DAGS))


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


@pytest.fixture(scope="session")
def scheduler_dags(dagbag):
    """The DAGs as the scheduler sees them: serialised and read back."""
    from airflow.serialization.serialized_objects import DagSerialization

    return {
        dag_id: DagSerialization.deserialize_dag(DagSerialization.serialize_dag(dag))
        for dag_id, dag in dagbag.dags.items()
    }
