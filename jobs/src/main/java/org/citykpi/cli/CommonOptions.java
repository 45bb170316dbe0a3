package org.citykpi.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Schemas;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.spark.Sessions;
import picocli.CommandLine.Option;

/** Options every command that touches the warehouse shares. */
public final class CommonOptions {
  /** A quiet session for read-only commands (sql, tables). */
  SparkSession readSession(String app) {
    SparkSession spark = Sessions.create(app, master);
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }

  /** The declared tables of the warehouse named by {@code --warehouse}. */
  Tables tables() {
    Path dir = Schemas.locate(schemas);
    return Tables.load(warehouse, dir, Contracts.load(dir));
  }

  @Option(
      names = "--warehouse",
      defaultValue = "warehouse",
      paramLabel = "DIR",
      description =
          "Warehouse root: a local folder or any Hadoop-compatible URI (default: ${DEFAULT-VALUE}).")
  String warehouse;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*], or what spark-submit set).")
  String master;

  @Option(
      names = "--schemas",
      paramLabel = "DIR",
      description = "Contracts folder (default: ./schemas, else the copy inside the jar).")
  Path schemas;
}
