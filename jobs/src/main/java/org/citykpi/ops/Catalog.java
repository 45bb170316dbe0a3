package org.citykpi.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;

/**
 * Makes the warehouse's Delta tables queryable by two-part names ({@code silver.transit_trip}) in a
 * session: one database per layer, one external table per Delta folder. The catalog lives in the
 * session only; the Delta folders are the truth, so any Delta reader sees the same tables.
 */
public final class Catalog {
  private Catalog() {}

  /** A relative location would resolve against Spark's own warehouse dir; qualify it first. */
  static String qualified(SparkSession spark, String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(p)
          .toString();
    } catch (IOException e) {
      throw new CityKpiException("--warehouse: cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  /** Registers every declared table that exists; returns their names. */
  public static List<String> register(SparkSession spark, Tables tables) {
    List<String> out = new ArrayList<>();
    for (TableSpec s : tables.specs().values()) {
      if (!tables.exists(spark, s.table())) {
        continue;
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + s.layer());
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + s.table()
              + " USING delta LOCATION '"
              + qualified(spark, tables.path(s.table())).replace("'", "\\'")
              + "'");
      out.add(s.table());
    }
    return out;
  }
}
