package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.testing.Cli;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that fails, as users see it: exit code 1, one line on stderr naming the file or flag, and
 * the run log of the command appended anyway, with the failed step's row saying why. (Usage errors,
 * exit 2 before any Spark work, are MainTest's.)
 */
@ExtendWith(SparkExtension.class)
class JobFailureIT {
  static final Path SCHEMAS = Paths.get("schemas");

  @Test
  void aFileWithoutARequiredColumnFailsTheRunWithExitOneAndAFailedRunLogRow(
      SparkSession spark, @TempDir Path dir) throws IOException {
    Path air = dir.resolve("landing/environment/air_station_hourly");
    Path road = dir.resolve("landing/traffic/road_speed");
    Files.createDirectories(air);
    Files.createDirectories(road);
    Files.copy(
        Paths.get("data-samples/environment/air_station_hourly/2026-11-02.csv"),
        air.resolve("2026-11-02.csv"));
    // the speed column is missing
    Files.writeString(
        road.resolve("2026-11-02.csv"),
        "segment_id,city_code,interval_start,free_flow_kmh\n"
            + "130100R001,130100,2026-11-02 00:00,70.0\n");
    String warehouse = dir.resolve("warehouse").toString();

    Cli.Result r =
        Cli.run(
            "run",
            "--landing",
            dir.resolve("landing").toString(),
            "--warehouse",
            warehouse,
            "--date",
            "2026-11-02",
            "--demo-key");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .as("stderr: one line naming the file, the line and the column, no stack trace")
        .hasSize(1)
        .first()
        .asString()
        .startsWith("citykpi run: ")
        .contains("2026-11-02.csv line 1: header lacks column(s) [speed_kmh]");
    Tables tables = Tables.load(warehouse, SCHEMAS, Contracts.load(SCHEMAS));
    List<Row> log =
        tables
            .read(spark, "ops.run_log")
            .where("job <> 'command'")
            .orderBy("job", "source")
            .select("job", "source", "status", "message", "rows_in")
            .collectAsList();
    assertThat(log).as("run log rows").hasSize(2);
    assertThat(log.get(0).<String>getAs("source")).isEqualTo("air_station_hourly");
    assertThat(log.get(0).<String>getAs("status")).isEqualTo("succeeded");
    assertThat(log.get(0).<Long>getAs("rows_in")).isPositive();
    Row failed = log.get(1);
    assertThat(failed.<String>getAs("job")).isEqualTo("ingest");
    assertThat(failed.<String>getAs("source")).isEqualTo("road_speed");
    assertThat(failed.<String>getAs("status")).isEqualTo("failed");
    assertThat(failed.<String>getAs("message"))
        .startsWith("File ")
        .contains("road_speed/2026-11-02.csv line 1: header lacks column(s) [speed_kmh]");
    assertThat(r.err()).contains(failed.<String>getAs("message"));
    List<Row> command =
        tables
            .read(spark, "ops.run_log")
            .where("job = 'command'")
            .orderBy("ended_at", "status")
            .select("source", "status", "message")
            .collectAsList();
    assertThat(command).as("the command's own rows: started, then failed").hasSize(2);
    assertThat(command.get(0).<String>getAs("status")).isEqualTo("started");
    assertThat(command.get(1).<String>getAs("source")).isEqualTo("run");
    assertThat(command.get(1).<String>getAs("status")).isEqualTo("failed");
    assertThat(command.get(1).<String>getAs("message"))
        .contains("road_speed/2026-11-02.csv line 1: header lacks column(s) [speed_kmh]");
    String logFile = r.err().replaceAll("(?s).*\\(details: ([^)]+)\\).*", "$1").strip();
    assertThat(Paths.get(logFile))
        .as("the log file the message names")
        .startsWith(Paths.get(warehouse, "_logs").toAbsolutePath())
        .content()
        .contains("ingest road_speed failed")
        .contains("\tat org.citykpi.");
    assertThat(tables.exists(spark, "silver.air_station_hourly"))
        .as("a failed stage stops the run before clean")
        .isFalse();
  }

  @Test
  void aLandingFolderThatDoesNotExistIsNamed(@TempDir Path dir) {
    Cli.Result r =
        Cli.run(
            "run",
            "--landing",
            dir.resolve("nowhere").toString(),
            "--warehouse",
            dir.resolve("warehouse").toString(),
            "--date",
            "2026-11-02",
            "--demo-key");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "citykpi run: --landing: folder "
                + dir.resolve("nowhere")
                + " does not exist (details: ")
        .hasLineCount(1);
  }
}
