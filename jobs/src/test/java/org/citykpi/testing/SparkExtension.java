package org.citykpi.testing;

import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.citykpi.spark.Sessions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import scala.Option;

/**
 * Shares one SparkSession across every test class of the test JVM ({@code local[2]}, two shuffle
 * partitions, adaptive query execution on as in production, UI off, UTC). Use
 * {@code @ExtendWith(SparkExtension.class)} and either take a {@link SparkSession} parameter or
 * call {@link #spark()}.
 *
 * <p>The extension owns the session: it refuses to start when another SparkSession already runs in
 * the JVM (whoever made it chose settings the tests do not know), rather than adopt it. Code under
 * test that asks for a session with {@code getOrCreate} ({@code Main.execute} of the CLI commands)
 * gets this one, and may change its runtime settings as it would its own: tests that run such code
 * call {@link #restoreSettings()} afterwards.
 */
public final class SparkExtension implements ParameterResolver {
  /** Runtime SQL settings of the test session; {@link #restoreSettings()} puts them back. */
  static final Map<String, String> SQL_SETTINGS =
      Map.of(
          "spark.sql.shuffle.partitions", "2",
          "spark.sql.adaptive.enabled", "true",
          "spark.databricks.delta.snapshotPartitions", "1");

  private static SparkSession session;

  /** The shared session, created on first use and stopped when the JVM exits. */
  public static synchronized SparkSession spark() {
    if (session == null) {
      Option<SparkSession> other = SparkSession.getDefaultSession();
      if (other.isEmpty()) {
        other = SparkSession.getActiveSession();
      }
      if (other.isDefined()) {
        SparkContext sc = other.get().sparkContext();
        throw new IllegalStateException(
            "A SparkSession (app '"
                + sc.appName()
                + "', master "
                + sc.master()
                + ") was started in this test JVM before SparkExtension's session. Tests take"
                + " their session from SparkExtension (a SparkSession parameter or"
                + " SparkExtension.spark()) before running code that creates one, such as"
                + " Main.execute, so that every test runs with known settings.");
      }
      SparkConf conf =
          new SparkConf(false)
              .setMaster("local[2]")
              .setAppName("citykpi-tests")
              .set("spark.default.parallelism", "2")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              // databases that `citykpi sql` registers go under target/, not the working folder;
              // one folder per test JVM (Failsafe runs two side by side)
              .set(
                  "spark.sql.warehouse.dir",
                  Paths.get(
                          System.getProperty("citykpi.repo", "."),
                          "target",
                          "test-spark-warehouse" + System.getProperty("citykpi.fork", ""))
                      .toAbsolutePath()
                      .toString());
      SQL_SETTINGS.forEach(conf::set);
      session = Sessions.builder(conf).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    if (session.sparkContext().isStopped()) {
      throw new IllegalStateException(
          "The shared test SparkSession was stopped by a test; only the JVM's exit stops it");
    }
    return session;
  }

  /**
   * Puts back the test session's runtime SQL settings, e.g. after a CLI command running in this JVM
   * set its own (the CLI asks for 4 shuffle partitions on a local master). Does nothing before the
   * session exists.
   */
  public static synchronized void restoreSettings() {
    if (session == null) {
      return;
    }
    SQL_SETTINGS.forEach((k, v) -> session.conf().set(k, v));
    session.sparkContext().setLogLevel("WARN");
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
