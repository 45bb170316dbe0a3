package org.citykpi.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Schemas;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLock;
import org.citykpi.ops.RunLog;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.pipeline.Preflight;
import org.citykpi.spark.Codegen;
import org.citykpi.spark.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A verb that runs jobs. In order: validates its options and finds its pseudonymisation key (usage
 * errors, exit 2, before Spark starts); takes the warehouse's run lock for its interval ({@link
 * RunLock}: stops naming the holder of an overlapping one, or waits with {@code --wait}); opens one
 * SparkSession for all its stages, with a log file for the run ({@link RunLogFile}); appends to
 * {@code ops.run_log} a {@code killed} row for every run whose stale lock it cleared and its own
 * {@code started} row; checks that its key is the one the warehouse's hashes were made with ({@link
 * KeyGuard}); runs; and appends its steps' rows and a final {@code succeeded} or {@code failed}
 * row, also when a stage fails. Exit code 0 on success, 1 on a job failure, 2 on a usage error.
 */
abstract class JobCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(
      names = "--wait",
      description =
          "When another run holds an overlapping interval of the warehouse, wait for it to end"
              + " (default: stop at once, naming it).")
  boolean waitForLock;

  /** The source contracts, loaded before Spark starts. */
  Map<String, SourceContract> contracts;

  /** The pseudonymisation key of this command, null if it hashes nothing; found before Spark. */
  Pseudonymizer resolvedKey;

  /**
   * Validates options before any Spark work; throws ParameterException (exit 2) naming the flag.
   */
  abstract Interval interval();

  abstract void work(RunContext ctx);

  /** The command's key, or null when it hashes nothing (the default). */
  Pseudonymizer key() {
    return null;
  }

  /** The tables holding keyed hashes that this command writes (none by default). */
  List<String> hashTables() {
    return List.of();
  }

  @Override
  public Integer call() {
    Path schemas = Schemas.locate(common.schemas);
    // A broken contract, declaration or KPI catalog stops the command before Spark starts.
    contracts = Preflight.check(schemas);
    Interval interval = interval();
    resolvedKey = key();
    Clock clock = Clock.systemUTC();
    Instant startedAt = clock.instant();
    String runId = RunContext.newRunId(startedAt);
    RunLock.Holder me = RunLock.self(runId, spec.name(), startedAt, interval);
    Path lockDir = RunLock.dirOf(common.warehouse);
    try (RunLock lock =
            lockDir == null
                ? null
                : RunLock.acquire(
                    lockDir,
                    me,
                    waitForLock,
                    Duration.ofSeconds(2),
                    h -> LOG.warn("waiting for " + h.describe() + " to end"));
        RunLogFile logFile = RunLogFile.open(common.warehouse, runId)) {
      if (lockDir == null) {
        LOG.warn(
            "no run lock on "
                + common.warehouse
                + " (not a local folder): runs over overlapping intervals must not run at once");
      }
      return run(schemas, me, lock == null ? List.of() : lock.cleared(), logFile, clock);
    }
  }

  private int run(
      Path schemas,
      RunLock.Holder me,
      List<RunLock.Holder> killed,
      RunLogFile logFile,
      Clock clock) {
    LOG.info("run " + me.runId() + ": log file " + logFile.path());
    SparkSession spark = Sessions.create("citykpi " + spec.name(), common.master);
    spark.sparkContext().setLogLevel("WARN");
    Codegen.forInterval(spark, me.interval());
    RunContext ctx =
        new RunContext(
            spark, common.warehouse, schemas, me.interval(), clock, me.runId(), me.startedAt());
    String status = RunLog.FAILED;
    String message = null;
    try {
      ctx.log()
          .start(
              spark,
              ctx.tables(),
              spec.name(),
              "host " + me.host() + ", pid " + me.pid() + ", log " + logFile.path(),
              killed,
              ctx.now());
      for (RunLock.Holder h : killed) {
        LOG.warn("recorded " + h.describe() + " as killed: its process is gone");
      }
      guardKey(ctx);
      work(ctx);
      status = RunLog.SUCCEEDED;
      return 0;
    } catch (Exception e) { // Spark's checked SparkException too, thrown undeclared
      message = message(e);
      RunLogFile.trace("run " + me.runId() + " failed", e);
      throw new CityKpiException(message + " (details: " + logFile.path() + ")", e);
    } finally {
      try {
        ctx.dq().flush(ctx);
      } catch (RuntimeException e) {
        LOG.warn("could not write ops.dq_metrics: " + e.getMessage());
      }
      try {
        ctx.log().finish(spec.name(), status, message, ctx.now());
        ctx.log().flush(spark, ctx.tables());
      } catch (RuntimeException e) {
        RunLogFile.trace("could not append to ops.run_log", e);
        LOG.warn("could not append to ops.run_log: " + message(e));
      }
    }
  }

  /**
   * Before the first write: stops when the warehouse's hashes were made with another key, else
   * records this key's fingerprint on the tables the command will write hashes to.
   */
  void guardKey(RunContext ctx) {
    List<String> tables = hashTables();
    if (resolvedKey != null && !tables.isEmpty()) {
      KeyGuard.guard(ctx.spark(), ctx.tables(), tables, resolvedKey.fingerprint());
    }
  }

  /** The operator-facing message of a failure: the first CityKpiException in the cause chain. */
  static String message(Throwable t) {
    return Pipeline.rootMessage(t);
  }
}
