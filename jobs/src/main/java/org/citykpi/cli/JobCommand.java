package org.citykpi.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Schemas;
import org.citykpi.ops.Interval;
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
 * A verb that runs jobs: validates its options, opens one SparkSession for all its stages, runs,
 * and appends the run log, also when a stage fails. Exit code 0 on success, 1 on a job failure.
 */
abstract class JobCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  /**
   * Validates options before any Spark work; throws ParameterException (exit 2) naming the flag.
   */
  abstract Interval interval();

  abstract void work(RunContext ctx);

  @Override
  public Integer call() {
    Interval interval = interval();
    Path schemas = Schemas.locate(common.schemas);
    // A broken contract, declaration or KPI catalog stops the command before Spark starts.
    Preflight.check(schemas);
    SparkSession spark = Sessions.create("citykpi " + spec.name(), common.master);
    spark.sparkContext().setLogLevel("WARN");
    RunContext ctx = new RunContext(spark, common.warehouse, schemas, interval, Clock.systemUTC());
    try {
      work(ctx);
      return 0;
    } finally {
      try {
        ctx.dq().flush(ctx);
      } catch (RuntimeException e) {
        LOG.warn("could not write ops.dq_metrics: " + e.getMessage());
      }
      try {
        ctx.log().flush(spark, ctx.tables());
      } catch (RuntimeException e) {
        LOG.warn("could not append to ops.run_log: " + e.getMessage());
      }
    }
  }

  /** The operator-facing message of a failure: the first CityKpiException in the cause chain. */
  static String message(Throwable t) {
    return Pipeline.rootMessage(t);
  }
}
