package org.citykpi.report;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Tables;

/**
 * The tables a report reads, each pinned to one Delta version: the latest when the report starts,
 * or the versions of a manifest when it is rebuilt (Delta time travel). Everything a report shows
 * comes through {@link #read}, so the same versions give the same report.
 */
public final class Snapshot {
  private final SparkSession spark;
  private final Tables tables;
  private final Map<String, Long> versions;

  private Snapshot(SparkSession spark, Tables tables, Map<String, Long> versions) {
    this.spark = spark;
    this.tables = tables;
    this.versions = versions;
  }

  /** Pins the current version of each of {@code names} that exists (absent ones read empty). */
  public static Snapshot latest(SparkSession spark, Tables tables, Collection<String> names) {
    Map<String, Long> v = new TreeMap<>();
    for (String t : names) {
      if (tables.exists(spark, t)) {
        v.put(t, tables.version(spark, t));
      }
    }
    return new Snapshot(spark, tables, v);
  }

  /** The versions a manifest recorded; a table missing there reads as it did then: empty. */
  public static Snapshot pinned(SparkSession spark, Tables tables, Map<String, Long> versions) {
    for (String t : versions.keySet()) {
      if (!tables.exists(spark, t)) {
        throw new CityKpiException(
            "table "
                + t
                + " (version "
                + versions.get(t)
                + ") is not in the warehouse "
                + tables.warehouse());
      }
    }
    return new Snapshot(spark, tables, new TreeMap<>(versions));
  }

  /** Table name to the version read, sorted by name. */
  public Map<String, Long> versions() {
    return versions;
  }

  public boolean has(String table) {
    return versions.containsKey(table);
  }

  public Tables tables() {
    return tables;
  }

  public SparkSession spark() {
    return spark;
  }

  /** The table at its pinned version; an empty frame of the declared schema if it had none. */
  public Dataset<Row> read(String table) {
    Long v = versions.get(table);
    if (v == null) {
      return spark.createDataFrame(List.of(), tables.spec(table).schema());
    }
    try {
      return spark.read().format("delta").option("versionAsOf", v).load(tables.path(table));
    } catch (RuntimeException e) {
      throw new CityKpiException(
          "cannot read "
              + table
              + " at version "
              + v
              + " (a VACUUM or log clean-up may have removed it): "
              + e.getMessage(),
          e);
    }
  }
}
