package org.citykpi.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists every declared table with its Delta version, row count and meaning. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description =
        "List the warehouse tables: name, Delta version, rows, partitioning, description.")
final class TablesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SparkSession spark = common.readSession("citykpi tables");
    Tables tables = common.tables();
    System.out.printf(
        "%-32s %8s %10s  %-14s %s%n", "table", "version", "rows", "partitioned by", "description");
    for (TableSpec s : tables.specs().values()) {
      boolean exists = tables.exists(spark, s.table());
      String version = exists ? String.valueOf(tables.version(spark, s.table())) : "-";
      String rows = exists ? String.valueOf(tables.read(spark, s.table()).count()) : "(none)";
      String desc = s.description() == null ? "" : s.description().replaceAll("\\s+", " ").trim();
      System.out.printf(
          "%-32s %8s %10s  %-14s %s%n",
          s.table(),
          version,
          rows,
          String.join(",", s.partitions()),
          desc.length() > 90 ? desc.substring(0, 87) + "..." : desc);
    }
    System.out.println("warehouse: " + tables.warehouse());
    return 0;
  }
}
