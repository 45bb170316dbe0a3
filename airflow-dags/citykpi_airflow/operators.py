"""The one operator every CityKPI task uses: a CityKPI command, run one of two ways.

* ``launcher`` (default for a ``local[*]`` master): ``./citykpi <verb> ...`` on the worker.
* ``spark-submit``: the provider's SparkSubmitOperator submits the shaded jar to the master named
  by the Variable ``citykpi_master`` (``spark://``, ``yarn``, ``k8s://``), in client mode.

The Variable ``citykpi_runner`` chooses; both are decided when the task runs, never when the DAG
file is parsed. The pseudonymisation key comes from the connection ``citykpi_pseudonym_key`` (its
password), is written to a 0600 file in a private temporary folder for the job's lifetime and
handed over as ``CITYKPI_PSEUDONYM_KEY_FILE``: it is in no template field, command line or log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import Asset, BaseHook, chain
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowNotFoundException
from airflow.sdk.log import mask_secret

from citykpi_airflow.config import KEY_CONN_ID, MAIN_CLASS, Settings, settings

#: The environment names the jobs read the key from (org.citykpi.clean.Pseudonymizer).
KEY_ENV = "CITYKPI_PSEUDONYM_KEY"
KEY_FILE_ENV = "CITYKPI_PSEUDONYM_KEY_FILE"
#: Exit code of a CityKPI usage error (bad flag or value): retrying cannot help.
USAGE_ERROR = 2


@contextlib.contextmanager
def pseudonym_key(conf: Settings, log: Any) -> Iterator[tuple[dict[str, str], list[str]]]:
    """Yields (environment, extra arguments) that give a job the pseudonymisation key.

    The connection wins; without one, the published demo key only when the Variable
    ``citykpi_demo_key`` is ``true`` (sample data); otherwise the task fails without retrying.
    """
    try:
        password = BaseHook.get_connection(KEY_CONN_ID).password
    except AirflowNotFoundException:
        password = None
    if password:
        mask_secret(password)
        folder = tempfile.mkdtemp(prefix="citykpi-key-")  # mode 0700, only this user
        path = os.path.join(folder, "key")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(password)
        try:
            log.info("pseudonymisation key: connection %s (handed over as a file)", KEY_CONN_ID)
            yield {KEY_FILE_ENV: path}, []
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if conf.demo_key:
        log.warning(
            "No connection %s and Variable citykpi_demo_key=true: pseudonymising with the "
            "published DEMO key, which protects nothing (sample data only).",
            KEY_CONN_ID,
        )
        yield {}, ["--demo-key"]
        return
    raise AirflowFailException(
        f"No pseudonymisation key: define the connection {KEY_CONN_ID} (its password is the key; "
        f"e.g. AIRFLOW_CONN_{KEY_CONN_ID.upper()}, or a secrets backend). For sample data only, "
        "set the Variable citykpi_demo_key=true to use the published demo key."
    )


def _loopback(master: str) -> bool:
    if master.startswith("local"):
        return True
    host = urlparse(master).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def job_environment(master: str) -> dict[str, str]:
    """The worker's environment for a job: no key from the worker itself (the connection is the
    only source), and Spark bound to the loopback address when the master is local or on it."""
    env = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}
    if _loopback(master):
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return env


def spark_home(conf: Settings) -> str:
    """SPARK_HOME, else the pyspark distribution of the repository's .venvs/spark."""
    if os.environ.get("SPARK_HOME"):
        return os.environ["SPARK_HOME"]
    found = sorted(Path(conf.home, ".venvs", "spark", "lib").glob("python3*/site-packages/pyspark"))
    if found and (found[0] / "bin" / "spark-submit").is_file():
        return str(found[0])
    raise AirflowFailException(
        "No Spark distribution for spark-submit: set SPARK_HOME, or run scripts/spark-cluster "
        f"start once in {conf.home} (it creates .venvs/spark with pyspark==4.2.0)."
    )


class _MasterHook(SparkSubmitHook):
    """SparkSubmitHook whose master is the Variable citykpi_master, always in client mode (the
    driver runs on this worker, where the key file is)."""

    def __init__(self, *, master: str, **kwargs: Any) -> None:
        self._citykpi_master = master
        super().__init__(**kwargs)

    def _resolve_connection(self) -> dict[str, Any]:
        return {
            "master": self._citykpi_master,
            "queue": None,
            "deploy_mode": "client",
            "spark_binary": "spark-submit",
            "namespace": None,
            "principal": None,
            "keytab": None,
            "rest_scheme": "http",
            "rest_port": 6066,
            "rest_endpoint": None,
        }


class CityKpiStage(SparkSubmitOperator):
    """Runs ``citykpi <args> --warehouse W [--landing L] [--reports R]``.

    :param citykpi_args: the verb and its interval options (templated).
    :param landing: add ``--landing`` (the Variable citykpi_landing).
    :param reports: add ``--reports`` (the Variable citykpi_reports).
    :param pseudonymises: the job needs the pseudonymisation key (ingest, clean, run).
    :param partition_key: partition key of the events this task emits on its outlets (templated):
        the local day or month the run closes, which the weekly and monthly DAGs roll up.
    """

    template_fields: Sequence[str] = (
        *SparkSubmitOperator.template_fields,
        "citykpi_args",
        "partition_key",
    )
    ui_color = "#d9ead3"

    def __init__(
        self,
        *,
        citykpi_args: list[str],
        landing: bool = False,
        reports: bool = False,
        pseudonymises: bool = False,
        partition_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("name", "citykpi-" + kwargs.get("task_id", "job"))
        super().__init__(java_class=MAIN_CLASS, **kwargs)
        self.citykpi_args = citykpi_args
        self.landing = landing
        self.reports = reports
        self.pseudonymises = pseudonymises
        self.partition_key = partition_key
        self._proc: subprocess.Popen[str] | None = None

    def command_args(self, conf: Settings) -> list[str]:
        """The CityKPI arguments for this run (no key in them: that travels as a file)."""
        # --wait: a DAG run over days another DAG's run is working on queues behind it (the run
        # lock of a local warehouse) instead of failing
        args = [*self.citykpi_args, "--warehouse", conf.warehouse, "--wait"]
        if self.landing:
            args += ["--landing", conf.landing]
        if self.reports:
            args += ["--reports", conf.reports]
        return args

    def execute(self, context: Any) -> None:
        conf = settings()
        args = self.command_args(conf)
        env = job_environment(conf.master)
        with contextlib.ExitStack() as stack:
            if self.pseudonymises:
                key_env, key_args = stack.enter_context(pseudonym_key(conf, self.log))
                env.update(key_env)
                args += key_args
            if conf.runner == "launcher":
                self._launch(conf, args, env)
            else:
                self._submit(conf, args, env)
        if self.partition_key:
            for outlet in self.outlets:
                if isinstance(outlet, Asset):
                    context["outlet_events"][outlet].add_partitions(self.partition_key)

    def _launch(self, conf: Settings, args: list[str], env: dict[str, str]) -> None:
        if conf.master != "local[*]":
            args = [*args, "--master", conf.master]
        cmd = [conf.launcher, *args]
        self.log.info("Running %s (master %s)", " ".join(cmd), conf.master)
        self._proc = subprocess.Popen(
            cmd,
            cwd=conf.home,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self.log.info("%s", line.rstrip())
        code = self._proc.wait()
        self._fail_on(code, cmd)

    def _submit(self, conf: Settings, args: list[str], env: dict[str, str]) -> None:
        if not Path(conf.jar).is_file():
            raise AirflowFailException(
                f"No shaded jar at {conf.jar}: build it with `mvn -B -ntp -DskipTests package` in "
                f"{conf.home}, or point the Variable citykpi_jar at one."
            )
        home = spark_home(conf)
        env["SPARK_HOME"] = home
        env["PATH"] = os.path.join(home, "bin") + os.pathsep + env.get("PATH", "")
        self.application = conf.jar
        self.application_args = args
        # The driver's log4j2 starts before the jar is on its class path: point it at the
        # project's settings, or Spark's defaults hide the run-log lines (INFO of org.citykpi).
        log4j = Path(conf.home, "jobs", "src", "main", "resources", "log4j2.properties")
        spark_conf = {"spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={log4j}"}
        spark_conf.update(self.conf or {})
        self._hook = _MasterHook(
            master=conf.master,
            conf=spark_conf,
            java_class=self._java_class,
            name=self.name,
            application_args=args,
            driver_memory=self._driver_memory,
            executor_memory=self._executor_memory,
        )
        try:
            self._hook.submit(self.application, cwd=conf.home, env=env)
        except AirflowException as e:
            # spark-submit's exit code is the driver's: a CityKPI usage error does not improve.
            if f"Error code is: {USAGE_ERROR}." in str(e):
                raise AirflowFailException(str(e)) from e
            raise

    def _fail_on(self, code: int, cmd: list[str]) -> None:
        if code == 0:
            return
        message = f"{' '.join(cmd)} exited with {code}; its message is in the lines above"
        if code == USAGE_ERROR:
            raise AirflowFailException(message + " (a usage error: fix the arguments, no retry)")
        raise AirflowException(message)

    def on_kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        if self._hook is not None:
            super().on_kill()


def pipeline_stages(
    interval: list[str], sources: list[str], outlet: Asset, partition_key: str
) -> CityKpiStage:
    """The four tasks ingest -> clean -> conform -> kpi over one interval, chained in the DAG being
    defined; returns kpi, the last, which emits ``partition_key`` on ``outlet`` when done.

    :param interval: ``["--from", ..., "--to", ...]`` (templated).
    :param sources: ``["--source", "a,b"]``: the feeds ingest and clean read.
    """
    ingest = CityKpiStage(
        task_id="ingest",
        citykpi_args=["ingest", *interval, *sources],
        landing=True,
        # quarantined raw text of personal sources is stored with those fields hashed
        pseudonymises=True,
    )
    clean = CityKpiStage(
        task_id="clean", citykpi_args=["clean", *interval, *sources], pseudonymises=True
    )
    conform = CityKpiStage(task_id="conform", citykpi_args=["conform", *interval])
    kpi = CityKpiStage(
        task_id="kpi",
        citykpi_args=["kpi", *interval],
        outlets=[outlet],
        partition_key=partition_key,
    )
    chain(ingest, clean, conform, kpi)
    return kpi
