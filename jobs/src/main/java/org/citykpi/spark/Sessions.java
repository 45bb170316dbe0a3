package org.citykpi.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a command runs in.
 *
 * <p>Precedence of settings, lowest first: the defaults here, then whatever spark-submit or {@code
 * --conf} put into the SparkConf, then the {@code --master} flag. Local mode gets settings that
 * suit a small machine: few shuffle partitions and no UI.
 */
public final class Sessions {
  public static final String TIME_ZONE = "UTC";

  private Sessions() {}

  /**
   * Session for the CLI; {@code master} may be null to keep what spark-submit set (or local[*]).
   */
  public static SparkSession create(String appName, String master) {
    return create(appName, master, Map.of());
  }

  /**
   * Session for the CLI with {@code settings} that a command's own flags decide (they win over
   * spark-submit's, like {@code --master}).
   */
  public static SparkSession create(String appName, String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::set);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    boolean local = conf.get("spark.master").startsWith("local");
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.sql.shuffle.partitions", local ? "4" : "64");
    conf.setIfMissing("spark.ui.enabled", local ? "false" : "true");
    if (local) {
      // In local mode nothing outside this JVM talks to the driver: keep its ports on loopback
      // (by default it binds to the host's address).
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
    }
    conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    return builder(conf).getOrCreate();
  }

  /**
   * Settings every CityKPI session needs, whatever its master: Delta, UTC session time, quiet
   * Delta.
   */
  public static SparkSession.Builder builder(SparkConf conf) {
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // Event times are stored as UTC timestamps; local dates are computed explicitly per zone.
    conf.set("spark.sql.session.timeZone", TIME_ZONE);
    conf.setIfMissing("spark.sql.catalogImplementation", "in-memory");
    // Per-source steps run as concurrent jobs; FAIR lets a small one finish beside a large one.
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
    conf.setIfMissing("spark.databricks.delta.stats.collect", "true");
    conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "static");
    // New tables stay readable by every Delta reader (schemas/delta-protocol.yaml): no deletion
    // vectors, whatever a cluster's defaults say.
    conf.set("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false");
    return SparkSession.builder().config(conf);
  }
}
