"""Where a CityKPI command's time goes, from its Spark event log, its run log and Delta's logs.

    python bench/profile.py --events EVENT_LOG --warehouse WAREHOUSE [--top N] [--json FILE]

EVENT_LOG is the uncompressed event log of one command (a file, or a folder holding one), written
with -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false
-Dspark.eventLog.rolling.enabled=false -Dspark.eventLog.dir=file://DIR (scripts/bench sets these).
The run-log rows and Delta commits of the same command are those inside the application's
time window. Prints:
  - the application's wall time, Spark jobs, SQL executions, task time and core utilisation;
  - per pipeline stage (from each job's CityKPI call stack): wall, jobs (Delta bookkeeping
    among them), time with no job running, Delta commits;
  - the slowest job call sites, and Delta bookkeeping by kind;
  - per-source steps of each stage, and how long the last one ran alone;
  - Delta commits per table: operations, rows written, rows copied unchanged by replaces.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

import duckdb
from deltalake import DeltaTable

STAGES = (
    ("ingest", "org.citykpi.ingest."),
    ("clean", "org.citykpi.clean."),
    ("conform", "org.citykpi.conform."),
    ("kpi", "org.citykpi.kpi."),
    ("run_log", "org.citykpi.ops.RunLog"),
)
SQL_START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"
# A frame of CityKPI's code (or of the hand-written Spark reference, to profile it the same way).
FRAME = re.compile(r"(org\.citykpi\.[\w.$]+|SparkReference\.[\w$]+)\(([\w]+\.java:\d+)\)")


def event_file(path: Path) -> Path:
    if path.is_file():
        return path
    files = [
        p
        for p in sorted(path.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and "appstatus" not in p.name
    ]
    if len(files) != 1:
        raise SystemExit(f"profile: expected one event log in {path}, found {len(files)}")
    return files[0]


def read_events(path: Path) -> dict:
    """Jobs (with their SQL execution's call stack), tasks and the application's window."""
    jobs, sql, tasks = {}, {}, []
    app = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerApplicationStart":
                app["start"] = e["Timestamp"]
            elif kind == "SparkListenerApplicationEnd":
                app["end"] = e["Timestamp"]
            elif kind == "SparkListenerJobStart":
                p = e.get("Properties") or {}
                jobs[e["Job ID"]] = {
                    "start": e["Submission Time"],
                    "desc": p.get("spark.job.description") or "",
                    "sql": p.get("spark.sql.execution.id"),
                    "root": p.get("spark.sql.execution.root.id"),
                    "stages": len(e.get("Stage Infos") or []),
                }
            elif kind == "SparkListenerJobEnd":
                jobs[e["Job ID"]]["end"] = e["Completion Time"]
            elif kind == SQL_START:
                sql[str(e["executionId"])] = {
                    "desc": e.get("description") or "",
                    "details": e.get("details") or "",
                }
            elif kind == "SparkListenerTaskEnd":
                info = e.get("Task Info") or {}
                metrics = e.get("Task Metrics") or {}
                tasks.append((info.get("Launch Time"), metrics.get("Executor Run Time", 0)))
    if "start" not in app:
        raise SystemExit(f"profile: {path} has no application start")
    app.setdefault("end", max([j.get("end", 0) for j in jobs.values()] + [app["start"]]))
    for j in jobs.values():
        j.setdefault("end", app["end"])
        own = sql.get(str(j["sql"])) or {}
        root = sql.get(str(j["root"])) or own
        frames = FRAME.findall(own.get("details", "")) or FRAME.findall(root.get("details", ""))
        if frames:
            cls, method = frames[0][0].rsplit(".", 2)[-2:]
            j["site"] = f"{cls}.{method} ({frames[0][1]})"
        else:
            # Spark's own work outside a CityKPI call, e.g. listing many input files.
            j["site"] = "(Spark) " + (j["desc"] or own.get("desc") or "?")[:60]
        stack = " ".join(f[0] for f in frames)
        j["stage"] = next((s for s, pkg in STAGES if pkg in stack), "other")
        desc = j["desc"] or own.get("desc", "")
        j["delta"] = desc.startswith("Delta:") or "DatabricksLogging" in desc
        j["kind"] = re.sub(r"\d+", "N", desc) if j["delta"] else desc
    return {"app": app, "jobs": list(jobs.values()), "tasks": tasks, "sql": len(sql)}


def union(intervals: list[tuple[int, int]]) -> int:
    """Milliseconds covered by at least one interval."""
    total, end = 0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def delta_commits(warehouse: Path, start: int, end: int) -> list[dict]:
    """Every commit of every table under the warehouse made in [start, end] (epoch ms)."""
    out = []
    for log in sorted(warehouse.glob("*/*/_delta_log")):
        table = f"{log.parent.parent.name}.{log.parent.name}"
        for f in sorted(log.glob("*.json")):
            for line in f.read_text(encoding="utf-8").splitlines():
                ci = json.loads(line).get("commitInfo")
                if ci and start <= ci.get("timestamp", 0) <= end:
                    m = ci.get("operationMetrics") or {}
                    out.append(
                        {
                            "table": table,
                            "version": int(f.stem),
                            "time": ci["timestamp"],
                            "operation": ci.get("operation"),
                            "output_rows": int(m.get("numOutputRows", 0)),
                            "copied_rows": int(m.get("numCopiedRows", 0)),
                            "deleted_rows": int(m.get("numDeletedRows", 0)),
                            "removed_files": int(m.get("numRemovedFiles", 0)),
                            "added_files": int(m.get("numFiles", m.get("numAddedFiles", 0))),
                        }
                    )
    return out


def run_log(warehouse: Path, start: int, end: int) -> list[tuple]:
    """(job, source, started ms, ended ms, rows_in) of this command's steps in the run log (its
    own rows, job 'command', span the whole command and are no stage)."""
    path = warehouse / "ops" / "run_log"
    if not (path / "_delta_log").is_dir():
        return []
    con = duckdb.connect()
    con.register("rl", DeltaTable(str(path)).to_pyarrow_dataset())
    return con.execute(f"""
        SELECT job, source, epoch_ms(started_at), epoch_ms(ended_at), rows_in FROM rl
        WHERE epoch_ms(started_at) BETWEEN {start} AND {end} AND job <> 'command'
        ORDER BY started_at""").fetchall()


def s(ms: float) -> str:
    return f"{ms / 1000:.1f}"


def profile(events: dict, commits: list[dict], steps: list[tuple], top: int) -> dict:
    app, jobs, tasks = events["app"], events["jobs"], events["tasks"]
    wall = app["end"] - app["start"]
    busy = union([(j["start"], j["end"]) for j in jobs])
    task_ms = sum(t[1] for t in tasks)
    first = min((j["start"] for j in jobs), default=app["end"])
    lines = [
        (
            f"application wall {s(wall)} s (from Spark start; JVM start not included), "
            f"first job after {s(first - app['start'])} s"
        ),
        (
            f"Spark jobs {len(jobs)} ({sum(j['delta'] for j in jobs)} Delta bookkeeping), "
            f"SQL executions {events['sql']}, tasks {len(tasks)}"
        ),
        (
            f"time with no Spark job running: {s(wall - busy)} s of {s(wall)} s "
            f"({100 * (wall - busy) / max(wall, 1):.0f} %)"
        ),
        f"task time {s(task_ms)} s = {100 * task_ms / max(2 * wall, 1):.0f} % of 2 cores x wall",
        (
            f"Delta commits {len(commits)}; rows written {sum(c['output_rows'] for c in commits)}, "
            f"rows copied unchanged by replaces {sum(c['copied_rows'] for c in commits)}"
        ),
        "",
        "per stage (jobs by their CityKPI call stack; commits by time within the stage's steps)",
        (
            f"  {'stage':<9}{'wall s':>8}{'jobs':>6}{'delta':>7}{'no job s':>10}{'task s':>8}"
            f"{'commits':>9}{'copied rows':>13}"
        ),
    ]
    stage_spans = {}
    for job_name, _src, a, b, _n in steps:
        lo, hi = stage_spans.get(job_name, (a, b))
        stage_spans[job_name] = (min(lo, a), max(hi, b))
    for j in jobs:
        if j["stage"] == "other":
            # Delta runs some bookkeeping in its own threads: no CityKPI frame; place it by time.
            j["stage"] = next(
                (st for st, (a, b) in stage_spans.items() if a <= j["start"] <= b), "other"
            )
    result = {"wall_s": wall / 1000, "jobs": len(jobs), "idle_s": (wall - busy) / 1000}
    result["stages"] = {}
    for stage, _ in (*STAGES, ("other", "")):
        sj = [j for j in jobs if j["stage"] == stage]
        if not sj:
            continue
        span = stage_spans.get(stage)
        if span is None:
            span = (min(j["start"] for j in sj), max(j["end"] for j in sj))
        st_wall = span[1] - span[0]
        st_busy = union([(max(j["start"], span[0]), min(j["end"], span[1])) for j in jobs
                         if j["end"] > span[0] and j["start"] < span[1]])  # fmt: skip
        st_tasks = sum(t[1] for t in tasks if t[0] and span[0] <= t[0] <= span[1])
        sc = [c for c in commits if span[0] <= c["time"] <= span[1]]
        copied = sum(c["copied_rows"] for c in sc)
        lines.append(
            f"  {stage:<9}{s(st_wall):>8}{len(sj):>6}{sum(j['delta'] for j in sj):>7}"
            f"{s(st_wall - st_busy):>10}{s(st_tasks):>8}{len(sc):>9}{copied:>13}"
        )
        result["stages"][stage] = {
            "wall_s": st_wall / 1000,
            "jobs": len(sj),
            "delta_jobs": sum(j["delta"] for j in sj),
            "idle_s": (st_wall - st_busy) / 1000,
            "commits": len(sc),
            "copied_rows": copied,
        }
    lines += ["", f"slowest call sites (job time summed; top {top})"]
    by_site = collections.defaultdict(lambda: [0, 0])
    for j in jobs:
        key = f"{j['stage']}: {'[Delta] ' + j['kind'] if j['delta'] else j['site']}"
        by_site[key][0] += j["end"] - j["start"]
        by_site[key][1] += 1
    for key, (ms, n) in sorted(by_site.items(), key=lambda kv: -kv[1][0])[:top]:
        lines.append(f"  {s(ms):>7} s {n:>4} jobs  {key}")
    lines += ["", "Delta bookkeeping jobs by kind"]
    kinds = collections.Counter(j["kind"] for j in jobs if j["delta"])
    for k, n in kinds.most_common(top):
        lines.append(f"  {n:>4}  {k}")
    if steps:
        lines += [
            "",
            (
                "per-source steps of the concurrent stages (run log): start after the stage's "
                "start -> seconds (rows in)"
            ),
        ]
    by_job = collections.defaultdict(list)
    for job_name, src, a, b, n in steps:
        by_job[job_name].append((src, a, b, n))
    for job_name in ("ingest", "clean", "conform"):
        rows = sorted(by_job.get(job_name, []), key=lambda r: r[2])
        if not rows:
            continue
        t0 = min(r[1] for r in rows)
        lines.append(f"  {job_name}:")
        for src, a, b, n in rows:
            lines.append(f"    {src:<30} +{s(a - t0):>6} -> {s(b - a):>6} s ({n} rows)")
        if len(rows) > 1:
            alone = rows[-1][2] - max([r[2] for r in rows[:-1]] + [rows[-1][1]])
            lines.append(f"    last to end: {rows[-1][0]}, alone for its final {s(alone)} s")
    lines += [
        "",
        "Delta commits per table (operations; rows written; rows replaced; rows copied unchanged)",
    ]
    per_table = collections.defaultdict(list)
    for c in commits:
        per_table[c["table"]].append(c)
    for table, cs in sorted(per_table.items(), key=lambda kv: -len(kv[1])):
        ops = collections.Counter(c["operation"] for c in cs)
        lines.append(
            f"  {table:<30}{len(cs):>4} commits {dict(ops)}; written "
            f"{sum(c['output_rows'] for c in cs)}, replaced {sum(c['deleted_rows'] for c in cs)}, "
            f"copied {sum(c['copied_rows'] for c in cs)}"
        )
    result["commits"] = len(commits)
    result["copied_rows"] = {t: sum(c["copied_rows"] for c in cs) for t, cs in per_table.items()}
    result["text"] = "\n".join(lines)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--events", required=True, type=Path)
    ap.add_argument("--warehouse", required=True, type=Path)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    events = read_events(event_file(args.events))
    start, end = events["app"]["start"], events["app"]["end"]
    result = profile(
        events, delta_commits(args.warehouse, start, end), run_log(args.warehouse, start, end),
        args.top,
    )  # fmt: skip
    print(result["text"])
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "text"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
