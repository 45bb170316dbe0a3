package org.citykpi.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.SourceFiles;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops.quarantine is written once per stage, after the stage's concurrent per-source steps, on a
 * warehouse whose quarantine was written in the old layout (partitioned by source, more files than
 * the compaction threshold: the layout under which a compaction inside a concurrent step failed
 * with ConcurrentDeleteReadException, docs/decisions/0004); and a source whose landing files did
 * not change is skipped (docs/decisions/0007). Two sources (the largest daily sample feed and a
 * monthly one) over one day, from a copy of their sample folders: run, run again (unchanged files:
 * skipped), ingest one source with force, then run once more after one file was touched (its source
 * read again, the same rows).
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageCommitsIT {
  static final Path LANDING = Paths.get("data-samples");
  static final List<String> SOURCES = List.of("city_monthly_stats", "road_speed");
  static final Interval DAY = Interval.of("2026-09-20", "2026-09-20");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);
  static final int OLD_FILES = 70;

  @TempDir static Path tmp;
  SparkSession spark;
  Path landing;
  String warehouse;
  long before;
  long afterFirst;
  List<Row> firstRows;
  List<RunLog.Entry> firstLog;
  List<Row> rowsAfterTouch;
  List<RunLog.Entry> forcedLog;
  Map<String, Long> versionsAfterForce;
  Map<String, Long> versionsBeforeSkip;
  Map<String, Long> versionsAfterSkip;
  List<Row> rowsAfterSkip;
  List<RunLog.Entry> skipLog;
  Map<String, Long> versionsAfterTouch;
  List<RunLog.Entry> touchLog;

  @BeforeAll
  void runThreeTimes(SparkSession spark) throws IOException {
    this.spark = spark;
    landing = tmp.resolve("landing");
    warehouse = tmp.resolve("warehouse").toString();
    for (String s : SOURCES) {
      copyFolder(s);
    }
    RunContext first = context();
    writeOldLayout(first);
    before = first.tables().version(spark, Quarantine.TABLE);
    firstLog = run(first, true); // nothing recorded yet: every source is read
    afterFirst = first.tables().version(spark, Quarantine.TABLE);
    firstRows = rowsOfTheRun(first);

    versionsBeforeSkip = versions(first);
    RunContext second = context();
    skipLog = run(second, true);
    versionsAfterSkip = versions(second);
    rowsAfterSkip = rowsOfTheRun(second);

    // --force (skipUnchanged false), ingest of one source: read although unchanged
    RunContext forced = context();
    Pipeline.ingest(
        forced,
        landing.toString(),
        Pipeline.sources(forced, List.of("road_speed")),
        Plans.KEY,
        false);
    forcedLog = forced.log().entries();
    forced.log().flush(spark, forced.tables());
    versionsAfterForce = versions(forced);

    // a file of the day touched: its source is read again (and its rows replaced by equal ones)
    Path touched = landing.resolve("traffic/road_speed/2026-09-20.csv.gz");
    Files.setLastModifiedTime(
        touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 60_000));
    RunContext third = context();
    touchLog = run(third, true);
    versionsAfterTouch = versions(third);
    rowsAfterTouch = rowsOfTheRun(third);
  }

  void copyFolder(String source) throws IOException {
    SourceContract c = Pipeline.sources(context(), List.of(source)).get(0);
    Path from = LANDING.resolve(c.domain()).resolve(source);
    Path to = landing.resolve(c.domain()).resolve(source);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  RunContext context() {
    return new RunContext(spark, warehouse, Paths.get("schemas"), DAY, CLOCK);
  }

  List<RunLog.Entry> run(RunContext c, boolean skipUnchanged) {
    Pipeline.Ingested ingested =
        Pipeline.ingestStage(
            c, landing.toString(), Pipeline.sources(c, SOURCES), Plans.KEY, skipUnchanged);
    Pipeline.cleanStage(
        c, Plans.KEY, Pipeline.sources(c, ingested.done()), ingested, skipUnchanged);
    List<RunLog.Entry> entries = c.log().entries();
    c.log().flush(spark, c.tables());
    return entries;
  }

  /** The latest version of every table the stages write. */
  Map<String, Long> versions(RunContext c) {
    Map<String, Long> out = new TreeMap<>();
    for (String t : c.tables().specs().keySet()) {
      if (!t.equals(RunLog.TABLE) && c.tables().exists(spark, t)) {
        out.put(t, c.tables().version(spark, t));
      }
    }
    return out;
  }

  /** One row per file of a source that this run does not touch, partitioned by source. */
  void writeOldLayout(RunContext c) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < OLD_FILES; i++) {
      rows.add(
          RowFactory.create(
              "legacy_feed",
              "ingest",
              Date.valueOf("2020-01-01"),
              "legacy/2020-01-01.csv",
              (long) i + 2,
              "x",
              scala.jdk.javaapi.CollectionConverters.asScala(List.of("x.type")).toSeq(),
              "x is not a number",
              "old-run",
              Timestamp.from(CLOCK.instant())));
    }
    spark
        .createDataFrame(rows, c.tables().spec(Quarantine.TABLE).schema())
        .write()
        .format("delta")
        .option("maxRecordsPerFile", 1)
        .partitionBy("source")
        .save(c.tables().path(Quarantine.TABLE));
    assertThat(
            DeltaTable.forPath(spark, c.tables().path(Quarantine.TABLE))
                .detail()
                .head()
                .<Long>getAs("numFiles"))
        .isGreaterThanOrEqualTo(64L);
  }

  List<Row> rowsOfTheRun(RunContext c) {
    return c.tables()
        .read(spark, Quarantine.TABLE)
        .where(col("source").notEqual("legacy_feed"))
        .drop("_run_id", "_quarantined_at")
        .orderBy("stage", "source", "source_file", "line_no")
        .collectAsList();
  }

  @Test
  void aRunCommitsTheQuarantineOncePerStageAndNeverCompactsItDuringTheSteps() {
    // the first run also rewrites the old layout once (partitioned by placed_on); then one commit
    // for ingest, one for clean
    assertThat(afterFirst - before).isEqualTo(3);
    assertThat(versionsAfterTouch.get(Quarantine.TABLE) - versionsAfterForce.get(Quarantine.TABLE))
        .as("one commit for ingest, one for clean")
        .isEqualTo(2);
    // a compaction would be a commit of its own (a dataChange=false rewrite since decision 0010,
    // OPTIMIZE before): the counts above leave no room for one
    assertThat(
            DeltaTable.forPath(spark, context().tables().path(Quarantine.TABLE))
                .detail()
                .head()
                .getList(
                    DeltaTable.forPath(spark, context().tables().path(Quarantine.TABLE))
                        .detail()
                        .schema()
                        .fieldIndex("partitionColumns")))
        .containsExactly("placed_on");
  }

  @Test
  void everyStepLogsTheStagesQuarantineVersionAndCountsAddUp() {
    Map<String, Long> inTable = new HashMap<>();
    for (Row r : firstRows) {
      inTable.merge(r.getString(1) + "/" + r.getString(0), 1L, Long::sum);
    }
    assertThat(firstLog).hasSize(2 * SOURCES.size());
    for (RunLog.Entry e : firstLog) {
      assertThat(e.status()).as(e.job() + " " + e.source()).isEqualTo("succeeded");
      assertThat(e.rowsIn()).isEqualTo(e.rowsAccepted() + e.rowsQuarantined());
      long expected = e.job().equals("ingest") ? afterFirst - 1 : afterFirst;
      assertThat(e.tableVersions()).containsEntry(Quarantine.TABLE, expected);
      assertThat(inTable.getOrDefault(e.job() + "/" + e.source(), 0L))
          .as("quarantined rows of " + e.job() + " " + e.source())
          .isEqualTo(e.rowsQuarantined());
    }
    assertThat(inTable.values().stream().mapToLong(Long::longValue).sum()).isPositive();
  }

  @Test
  void unchangedSourcesAreSkippedAndLoggedWithZeroRowsLeavingEveryTableAsItWas() {
    assertThat(versionsAfterSkip)
        .containsKeys("bronze.road_speed", "silver.road_speed", SourceFiles.TABLE)
        .isEqualTo(versionsBeforeSkip);
    assertThat(rowsAfterSkip).isEqualTo(firstRows);
    assertThat(skipLog).hasSize(2 * SOURCES.size());
    for (RunLog.Entry e : skipLog) {
      assertThat(e.status()).isEqualTo("succeeded");
      assertThat(e.message()).as(e.job() + " " + e.source()).startsWith("skipped:");
      assertThat(List.of(e.rowsIn(), e.rowsAccepted(), e.rowsQuarantined(), e.rowsOut()))
          .containsOnly(0L);
    }
  }

  @Test
  void forceReadsAnUnchangedSourceAgain() {
    assertThat(forcedLog).hasSize(1);
    RunLog.Entry e = forcedLog.get(0);
    assertThat(e.message()).doesNotStartWith("skipped:");
    assertThat(e.rowsIn()).isPositive().isEqualTo(e.rowsAccepted() + e.rowsQuarantined());
    assertThat(versionsAfterForce.get("bronze.road_speed"))
        .isEqualTo(versionsAfterSkip.get("bronze.road_speed") + 1);
    assertThat(versionsAfterForce.get("bronze.city_monthly_stats"))
        .isEqualTo(versionsAfterSkip.get("bronze.city_monthly_stats"));
  }

  @Test
  void aTouchedFileIsReadAgainAndOnlyItsSource() {
    Map<String, String> messages = new TreeMap<>();
    touchLog.forEach(e -> messages.put(e.job() + " " + e.source(), String.valueOf(e.message())));
    assertThat(messages)
        .hasSize(2 * SOURCES.size())
        .allSatisfy(
            (step, message) ->
                assertThat(message.startsWith("skipped:"))
                    .as(step + ": " + message)
                    .isEqualTo(!step.endsWith("road_speed")));
    assertThat(versionsAfterTouch.get("bronze.road_speed"))
        .isEqualTo(versionsAfterForce.get("bronze.road_speed") + 1);
    assertThat(versionsAfterTouch.get("bronze.city_monthly_stats"))
        .isEqualTo(versionsAfterForce.get("bronze.city_monthly_stats"));
  }

  @Test
  void reRunningTheDayLeavesTheSameQuarantineAndKeepsOtherRows() {
    assertThat(rowsAfterTouch).isNotEmpty().containsExactlyElementsOf(firstRows);
    Dataset<Row> legacy =
        context()
            .tables()
            .read(spark, Quarantine.TABLE)
            .where(col("source").equalTo("legacy_feed"));
    assertThat(legacy.count()).isEqualTo(OLD_FILES);
  }
}
