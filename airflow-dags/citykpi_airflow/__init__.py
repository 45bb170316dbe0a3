"""Shared code of the CityKPI DAGs (the DAG folder is on sys.path when Airflow parses it)."""
