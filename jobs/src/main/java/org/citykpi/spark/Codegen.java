package org.citykpi.spark;

import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Parallel;
import org.citykpi.ops.Interval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Spark compiles the run's expressions to Java code or evaluates them as they are
 * (docs/decisions/0009). Compiling pays off over millions of rows; a one-day run reads a few
 * thousand, and compiling its ~300 queries (Janino, then the JVM's JIT on every generated class)
 * cost more than evaluating them: on a 545-day warehouse a one-day run took 91 s compiled and 71 s
 * interpreted, with equal tables; a 30-day backfill the same either way (91 s, 89 s); a 180-day
 * backfill 150 s compiled and 211 s interpreted. So a run whose landing files for the interval hold
 * less than {@link #SMALL_INPUT_BYTES} is evaluated, a larger one compiled (Spark's default).
 */
public final class Codegen {
  private static final Logger LOG = LoggerFactory.getLogger(Codegen.class);

  /** Below this many bytes of landing files a run is evaluated, not compiled. */
  public static final long SMALL_INPUT_BYTES = 4L << 20;

  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  private Codegen() {}

  /**
   * Sets the session's code generation for a run reading {@code bytes} of landing files, unless the
   * session was started with either setting (an operator's choice wins). Both ways explicitly: a
   * session serves several runs (tests, the demo).
   */
  public static void forInput(SparkSession spark, long bytes) {
    if (launchedWithSetting(spark)) {
      return;
    }
    set(spark, bytes < SMALL_INPUT_BYTES, String.format("%.1f MB of landing files", bytes / 1e6));
  }

  /**
   * A stage run on its own without listing the landing (clean, conform and kpi, as the Airflow
   * tasks run them) goes by its interval: up to {@value #SMALL_INTERVAL_DAYS} days, the scheduled
   * run's day and its 7 days of lookback, it is evaluated. {@link #forInput} decides again once an
   * ingest has listed the files.
   */
  public static void forInterval(SparkSession spark, Interval interval) {
    if (interval == null || launchedWithSetting(spark)) {
      return;
    }
    long days = ChronoUnit.DAYS.between(interval.from(), interval.to()) + 1;
    set(spark, days <= SMALL_INTERVAL_DAYS, days + (days == 1 ? " day" : " days"));
  }

  /** The longest interval, in days, that a stage without a landing listing evaluates. */
  public static final long SMALL_INTERVAL_DAYS = 8;

  private static boolean launchedWithSetting(SparkSession spark) {
    var launched = spark.sparkContext().getConf();
    return launched.contains(WHOLE_STAGE) || launched.contains(FACTORY_MODE);
  }

  private static void set(SparkSession spark, boolean small, String size) {
    spark.conf().set(WHOLE_STAGE, String.valueOf(!small));
    spark.conf().set(FACTORY_MODE, small ? "NO_CODEGEN" : "FALLBACK");
    LOG.info(
        size
            + ": "
            + (small
                ? "expressions evaluated, not compiled (a small run; decision 0009)"
                : "expressions compiled (Spark's default)"));
  }

  /**
   * How many steps of a stage this session's run starts at once: every step in a small run (the one
   * it evaluates), three in a large one ({@link Parallel#threads}, decision 0015).
   */
  public static int stepsAtOnce(SparkSession spark) {
    return Parallel.threads(evaluated(spark));
  }

  /** Whether the session evaluates expressions instead of compiling them. */
  public static boolean evaluated(SparkSession spark) {
    return "NO_CODEGEN".equals(spark.conf().get(FACTORY_MODE, "FALLBACK"));
  }
}
