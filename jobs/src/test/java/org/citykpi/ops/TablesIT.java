package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Declared schemas are enforced, and replacing an interval is idempotent and local to it. */
@ExtendWith(SparkExtension.class)
class TablesIT {
  static final String TABLE = "silver.city_monthly_stat";
  static final String DDL =
      "source STRING, city_code STRING, month DATE, indicator_code STRING, value DOUBLE, unit STRING";
  static final LocalDate SEP = LocalDate.parse("2026-09-01");
  static final LocalDate OCT = LocalDate.parse("2026-10-01");
  static final Interval SEPTEMBER = Interval.of("2026-09-01", "2026-09-30");

  /** gold.city_month_vehicles, an unpartitioned table. */
  static final String VEHICLES_DDL =
      "city_code STRING, month DATE, vehicles BIGINT, e_plate_vehicles BIGINT, motor_vehicles BIGINT, "
          + "motor_e_plate_vehicles BIGINT, non_motor_vehicles BIGINT, non_motor_e_plate_vehicles BIGINT";

  static Tables tables(Path warehouse) {
    return Tables.load(
        warehouse.toString(), Paths.get("schemas"), Contracts.load(Paths.get("schemas")));
  }

  static Row stat(LocalDate month, String indicator, Double value) {
    return row("city_monthly_stats", "330100", month, indicator, value, "households");
  }

  @Test
  void checkNamesTheMismatchedColumn(SparkSession spark, @TempDir Path dir) {
    Dataset<Row> wrong =
        frame(
            spark,
            "source STRING, city_code STRING, month DATE, indicator_code STRING, value STRING, unit STRING",
            row("city_monthly_stats", "330100", SEP, "households", "100", "households"));

    assertThatThrownBy(() -> tables(dir).check(TABLE, wrong))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "Output for silver.city_monthly_stat does not match schemas/tables: "
                + "column 5 is value STRING, declared value DOUBLE");
  }

  @Test
  void conformNamesTheMissingColumn(SparkSession spark, @TempDir Path dir) {
    Dataset<Row> noUnit =
        frame(
            spark,
            "source STRING, city_code STRING, month DATE, indicator_code STRING, value DOUBLE",
            row("city_monthly_stats", "330100", SEP, "households", 100.0));

    assertThatThrownBy(() -> tables(dir).conform(TABLE, noUnit))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("Job output for silver.city_monthly_stat lacks declared column unit");
  }

  @Test
  void replacingAnIntervalTwiceLeavesTheSameRows(SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    Dataset<Row> rows =
        frame(
            spark,
            DDL,
            stat(SEP, "households", 100.0),
            stat(SEP, "ftth_households", 0.0),
            stat(SEP, "internet_users", 250.5));

    long first = t.replace(spark, TABLE, rows, SEPTEMBER.predicate("month"));
    long second = t.replace(spark, TABLE, rows, SEPTEMBER.predicate("month"));

    assertThat(second).isEqualTo(first + 1);
    assertRows(
        t.read(spark, TABLE),
        List.of(
            stat(SEP, "households", 100.0),
            stat(SEP, "ftth_households", 0.0),
            stat(SEP, "internet_users", 250.5)));
  }

  @Test
  void countFromLogSumsTheRowsOfMatchingPartitionsAndDeclinesWhatItCannotCount(
      SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    LocalDate aug = LocalDate.parse("2026-08-01");
    assertThat(t.countFromLog(spark, TABLE, SEPTEMBER.predicate("month")))
        .as("a table never written")
        .isNull();
    t.replace(
        spark,
        TABLE,
        frame(
            spark,
            DDL,
            stat(aug, "households", 98.0),
            stat(SEP, "households", 100.0),
            stat(SEP, "ftth_households", null),
            stat(OCT, "households", 101.0)),
        Interval.of("2026-08-01", "2026-10-31").predicate("month"));

    for (String where :
        List.of(
            SEPTEMBER.predicate("month"),
            Interval.of("2026-09-01", "2026-10-01").predicate("month"),
            "month > DATE'2026-10-01'",
            "month IS NULL")) {
      assertThat(t.countFromLog(spark, TABLE, where))
          .as(where)
          .isEqualTo(t.read(spark, TABLE).where(where).count());
    }
    assertThat(t.countFromLog(spark, TABLE, SEPTEMBER.predicate("month"))).isEqualTo(2L);
    assertThat(t.countFromLog(spark, TABLE, "value > 99"))
        .as("a predicate on a column that is not a partition")
        .isNull();
    assertThat(t.countFromLog(spark, TABLE, SEPTEMBER.predicate("month") + " AND unit = 'x'"))
        .as("partly on one")
        .isNull();

    String stats = "spark.databricks.delta.stats.collect";
    spark.conf().set(stats, "false");
    try {
      t.replace(
          spark,
          TABLE,
          frame(spark, DDL, stat(LocalDate.parse("2026-11-01"), "households", 102.0)),
          Interval.of("2026-11-01", "2026-11-30").predicate("month"));
    } finally {
      spark.conf().set(stats, "true");
    }
    assertThat(t.countFromLog(spark, TABLE, "month >= DATE'2026-10-01'"))
        .as("a matching file without statistics")
        .isNull();
    assertThat(t.countFromLog(spark, TABLE, "month < DATE'2026-11-01'"))
        .as("files with statistics only")
        .isEqualTo(4L);
  }

  @Test
  void replacingOneIntervalLeavesRowsOutsideIt(SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    t.replace(
        spark,
        TABLE,
        frame(
            spark,
            DDL,
            stat(SEP, "households", 100.0),
            stat(OCT, "households", 101.0),
            stat(OCT, "ftth_households", 50.0)),
        Interval.of("2026-09-01", "2026-10-31").predicate("month"));

    t.replace(
        spark,
        TABLE,
        frame(spark, DDL, stat(SEP, "households", 99.0)),
        SEPTEMBER.predicate("month"));

    assertRows(
        t.read(spark, TABLE),
        List.of(
            stat(SEP, "households", 99.0),
            stat(OCT, "households", 101.0),
            stat(OCT, "ftth_households", 50.0)));
  }

  @Test
  void neverWrittenTableReadsEmptyWithDeclaredSchema(@TempDir Path dir, SparkSession spark) {
    Tables t = tables(dir);

    assertThat(t.exists(spark, TABLE)).isFalse();
    assertRows(t.read(spark, TABLE), List.of());
    assertThat(t.read(spark, TABLE).schema().fieldNames())
        .containsExactly("source", "city_code", "month", "indicator_code", "value", "unit");
  }

  @Test
  void aColumnAddedToTheDeclarationIsAddedToAnOlderTable(SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    // the table as an earlier release wrote it, before `unit` was declared
    frame(
            spark,
            "source STRING, city_code STRING, month DATE, indicator_code STRING, value DOUBLE",
            row("city_monthly_stats", "330100", SEP, "households", 100.0),
            row("city_monthly_stats", "330100", OCT, "households", 101.0))
        .write()
        .format("delta")
        .partitionBy(t.spec(TABLE).partitions().toArray(String[]::new))
        .save(t.path(TABLE));

    t.replace(
        spark,
        TABLE,
        frame(spark, DDL, stat(SEP, "households", 99.0)),
        SEPTEMBER.predicate("month"));

    assertRows(
        t.read(spark, TABLE),
        List.of(
            stat(SEP, "households", 99.0),
            row("city_monthly_stats", "330100", OCT, "households", 101.0, null)));
  }

  @Test
  void aTableWrittenWithOtherPartitionsIsRewrittenWithTheDeclaredOnes(
      SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    frame(spark, DDL, stat(SEP, "households", 100.0), stat(OCT, "households", 101.0))
        .write()
        .format("delta")
        .partitionBy("indicator_code")
        .save(t.path(TABLE)); // an older layout

    t.replace(
        spark,
        TABLE,
        frame(spark, DDL, stat(SEP, "households", 99.0)),
        SEPTEMBER.predicate("month"));

    assertThat(
            DeltaTable.forPath(spark, t.path(TABLE))
                .detail()
                .select("partitionColumns")
                .head()
                .getList(0))
        .containsExactlyElementsOf(t.spec(TABLE).partitions());
    assertRows(
        t.read(spark, TABLE),
        List.of(stat(SEP, "households", 99.0), stat(OCT, "households", 101.0)));
  }

  @Test
  void anUnpartitionedTableOfManySmallFilesIsCompactedAfterAReplace(
      SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    String gold = "gold.city_month_vehicles";
    assertThat(t.spec(gold).partitions()).isEmpty();
    int files = Tables.COMPACT_AT_FILES + 8;
    Row[] months =
        IntStream.range(0, files)
            .mapToObj(i -> row("330100", SEP.minusMonths(i), 100L + i, 1L, 1L, 1L, 1L, 1L))
            .toArray(Row[]::new);
    frame(spark, VEHICLES_DDL, months)
        .repartitionByRange(files, org.apache.spark.sql.functions.col("month"))
        .write()
        .format("delta")
        .save(t.path(gold));

    long version =
        t.replace(
            spark,
            gold,
            frame(spark, VEHICLES_DDL, row("330100", SEP, 7L, 1L, 1L, 1L, 1L, 1L)),
            SEPTEMBER.predicate("month"));

    assertThat(t.rowsWritten(spark, gold, version))
        .as("rows of the replace, not of the compaction")
        .isEqualTo(1);
    assertThat(
            DeltaTable.forPath(spark, t.path(gold)).detail().select("numFiles").head().getLong(0))
        .isLessThanOrEqualTo(3);
    assertThat(t.version(spark, gold)).isEqualTo(version + 1);
    assertThat(t.read(spark, gold).count()).isEqualTo(files);
    assertThat(t.read(spark, gold).where("month = DATE'2026-09-01'").head().<Long>getAs("vehicles"))
        .isEqualTo(7L);

    // the compaction kept the month just written apart: replacing it again copies no other month
    long again =
        t.replace(
            spark,
            gold,
            frame(spark, VEHICLES_DDL, row("330100", SEP, 8L, 1L, 1L, 1L, 1L, 1L)),
            SEPTEMBER.predicate("month"));
    assertThat(copiedRows(spark, t.path(gold), again)).isZero();
    assertThat(t.read(spark, gold).count()).isEqualTo(files);
  }

  /**
   * numCopiedRows of the commit at {@code version}: rows rewritten unchanged beside replaced ones.
   */
  static long copiedRows(SparkSession spark, String path, long version) {
    Row commit =
        DeltaTable.forPath(spark, path)
            .history()
            .where("version = " + version)
            .select("operationMetrics")
            .head();
    return Long.parseLong(commit.<String, String>getJavaMap(0).getOrDefault("numCopiedRows", "0"));
  }

  @Test
  void theRowsTheNextRunReplacesAreWrittenToFilesOfTheirOwn(SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    String gold = "gold.city_month_vehicles";
    // a backfill of nine months in one task (one file), September still open at its end; a row
    // whose month is null counts as closed
    Row[] months =
        IntStream.range(0, 9)
            .mapToObj(i -> row("330100", SEP.minusMonths(i), 100L + i, 1L, 1L, 1L, 1L, 1L))
            .toArray(Row[]::new);
    Dataset<Row> backfill =
        frame(spark, VEHICLES_DDL, months)
            .unionAll(frame(spark, VEHICLES_DDL, row("330199", null, 1L, 1L, 1L, 1L, 1L, 1L)))
            .coalesce(1);
    String open = SEPTEMBER.predicate("month");
    t.replace(spark, gold, backfill, "month IS NULL OR month <= DATE'2026-09-30'", open);
    assertThat(t.read(spark, gold).count()).isEqualTo(10);

    long next =
        t.replace(
            spark,
            gold,
            frame(spark, VEHICLES_DDL, row("330100", SEP, 7L, 1L, 1L, 1L, 1L, 1L)),
            open,
            open);
    assertThat(copiedRows(spark, t.path(gold), next)).as("closed months copied").isZero();
    assertThat(t.rowsWritten(spark, gold, next)).isEqualTo(1);
    assertThat(t.read(spark, gold).count()).isEqualTo(10);
    assertThat(t.read(spark, gold).where("month = DATE'2026-09-01'").head().<Long>getAs("vehicles"))
        .isEqualTo(7L);
  }

  @Test
  void aTableWithoutTheColumnAReplaceSelectsByNamesTheFolderToRebuild(
      SparkSession spark, @TempDir Path dir) {
    Tables t = tables(dir);
    frame(
            spark,
            "source STRING, city_code STRING, month DATE, indicator_code STRING, value DOUBLE",
            row("city_monthly_stats", "330100", SEP, "households", 100.0))
        .write()
        .format("delta")
        .save(t.path(TABLE));

    assertThatThrownBy(
            () ->
                t.replace(
                    spark,
                    TABLE,
                    frame(spark, DDL, stat(SEP, "households", 99.0)),
                    SEPTEMBER.predicate("month") + " AND unit = 'households'"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("silver.city_monthly_stat at " + t.path(TABLE))
        .hasMessageContaining("without column(s) [unit]");
  }
}
