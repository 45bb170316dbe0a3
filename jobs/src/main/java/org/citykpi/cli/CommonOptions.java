package org.citykpi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Schemas;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.spark.Sessions;
import picocli.CommandLine.Option;

/** Options every command that touches the warehouse shares. */
public final class CommonOptions {
  /** A quiet session for read-only commands (sql, tables). */
  SparkSession readSession(String app) {
    return readSession(app, Map.of());
  }

  /**
   * A quiet session for commands that query the warehouse by two-part names (sql, tables, serve),
   * with the command's own {@code settings}. The session catalog that names the tables lives in
   * memory, but Spark still makes a folder for its databases ({@code spark.sql.warehouse.dir},
   * {@code ./spark-warehouse} by default): it goes to a temporary folder deleted at exit, unless
   * spark-submit set one.
   */
  SparkSession readSession(String app, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    if (!new SparkConf(true).contains(WAREHOUSE_DIR)) {
      all.put(WAREHOUSE_DIR, scratchDir().toUri().toString());
    }
    SparkSession spark = Sessions.create(app, master, all);
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }

  private static final String WAREHOUSE_DIR = "spark.sql.warehouse.dir";

  private static Path scratchDir() {
    try {
      Path dir = Files.createTempDirectory("citykpi-catalog-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new CityKpiException("Cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: a leftover folder under the temp dir harms nothing.
    }
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
