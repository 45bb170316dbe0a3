package org.citykpi.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.common.Schemas;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.pipeline.Preflight;
import org.citykpi.spark.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that runs jobs: validates its options (and finds its pseudonymisation key) before Spark
 * starts, opens one SparkSession for all its stages, checks that the key is the one the warehouse's
 * hashes were made with ({@link KeyGuard}), runs, and appends the run log, also when a stage fails.
 * Exit code 0 on success, 1 on a job failure, 2 on a usage error.
 */
abstract class JobCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

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
    Preflight.check(schemas);
    contracts = Contracts.load(schemas);
    Interval interval = interval();
    resolvedKey = key();
    SparkSession spark = Sessions.create("citykpi " + spec.name(), common.master);
    spark.sparkContext().setLogLevel("WARN");
    RunContext ctx = new RunContext(spark, common.warehouse, schemas, interval, Clock.systemUTC());
    try {
      guardKey(ctx);
      work(ctx);
      return 0;
    } finally {
      try {
        ctx.log().flush(spark, ctx.tables());
      } catch (RuntimeException e) {
        LOG.warn("could not append to ops.run_log: " + e.getMessage());
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
