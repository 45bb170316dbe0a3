package org.citykpi.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.citykpi.spark.Sessions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Shares one SparkSession across every test class of the test JVM ({@code local[2]}, two shuffle
 * partitions, UI off, UTC). Use {@code @ExtendWith(SparkExtension.class)} and either take a {@link
 * SparkSession} parameter or call {@link #spark()}.
 */
public final class SparkExtension implements ParameterResolver {
  private static SparkSession session;

  /** The shared session, created on first use and stopped when the JVM exits. */
  public static synchronized SparkSession spark() {
    if (session == null) {
      SparkConf conf =
          new SparkConf(false)
              .setMaster("local[2]")
              .setAppName("citykpi-tests")
              .set("spark.sql.shuffle.partitions", "2")
              .set("spark.default.parallelism", "2")
              .set("spark.ui.enabled", "false")
              .set("spark.sql.adaptive.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.databricks.delta.snapshotPartitions", "1");
      session = Sessions.builder(conf).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return spark();
  }
}
