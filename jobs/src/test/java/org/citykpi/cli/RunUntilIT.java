package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
 * {@code citykpi run --until STAGE}: the stages after it are not run and their tables not touched;
 * a later run without it finishes the interval, skipping the files already ingested and cleaned.
 */
@ExtendWith(SparkExtension.class)
class RunUntilIT {
  static final Path SCHEMAS = Paths.get("schemas");

  @Test
  void runUntilConformWritesGoldButNoKpiAndALaterRunAddsOnlyTheKpis(
      SparkSession spark, @TempDir Path dir) {
    String warehouse = dir.resolve("warehouse").toString();
    // RunLifecycleIT's run (the sample air feed, one day), into this test's warehouse
    List<String> args = new ArrayList<>(List.of(RunLifecycleIT.ARGS));
    args.addAll(List.of("--warehouse", warehouse));
    List<String> untilConform = new ArrayList<>(args);
    untilConform.addAll(List.of("--until", "conform"));

    Cli.Result first = Cli.run(untilConform.toArray(String[]::new));

    assertThat(first.code()).as("stderr: %s", first.err()).isZero();
    Tables tables = Tables.load(warehouse, SCHEMAS, Contracts.load(SCHEMAS));
    assertThat(tables.read(spark, "gold.city_day_air").count()).as("gold rows").isPositive();
    assertThat(tables.exists(spark, "kpi.observation")).as("kpi.observation written").isFalse();
    assertThat(jobs(spark, tables)).containsExactly("clean", "conform", "ingest");

    Cli.Result second = Cli.run(args.toArray(String[]::new));

    assertThat(second.code()).as("stderr: %s", second.err()).isZero();
    assertThat(tables.read(spark, "kpi.observation").count()).as("kpi rows").isPositive();
    assertThat(jobs(spark, tables)).containsExactly("clean", "conform", "ingest", "kpi");
    List<Row> skipped =
        tables
            .read(spark, "ops.run_log")
            .where("job IN ('ingest', 'clean') AND message LIKE 'skipped:%'")
            .select("job")
            .orderBy("job")
            .collectAsList();
    assertThat(skipped)
        .as("the second run's ingest and clean, skipped: the files are unchanged")
        .extracting(r -> r.getString(0))
        .containsExactly("clean", "ingest");
  }

  /** The stages (jobs other than the command's own rows) in ops.run_log, each once, sorted. */
  private static List<String> jobs(SparkSession spark, Tables tables) {
    return tables
        .read(spark, "ops.run_log")
        .where("job <> 'command' AND job <> 'dq'")
        .select("job")
        .distinct()
        .orderBy("job")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }
}
