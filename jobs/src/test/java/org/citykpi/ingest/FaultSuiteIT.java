package org.citykpi.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite through the real ingest and clean stages (Delta): one landing holds every
 * record-level fault file of {@link FaultSuiteTest} at once, plus duplicates across files and the
 * same file under two names; one run reads it. Checks per-file rules in ops.quarantine and
 * conservation in ops.run_log (rows in = accepted + quarantined, at ingest and at clean), and that
 * no raw patient id reaches ops.quarantine. A second run over a landing of file-level faults
 * (BOM-less UTF-16, truncated gzip, a missing header column) fails each source's step with a
 * message naming the file, recorded as a failed row of ops.run_log.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSuiteIT {
  static final Interval DAY = Interval.of("2026-11-09", "2026-11-09");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);
  static final List<String> SOURCES = List.of("outpatient_visit", "road_speed");
  static final String VISITS = FaultSuiteTest.VISITS;

  /** Files beyond FaultSuiteTest's: a copy under a second name, a duplicate in another file. */
  static final String COPY = VISITS + "crlf-2026-11-09 (copy).csv";

  static final String ACROSS = VISITS + "across-2026-11-09.csv";

  @TempDir static Path tmp;
  SparkSession spark;
  RunContext ctx;
  Map<String, Row> log = new HashMap<>();
  long delivered;

  @BeforeAll
  void runTheFaults(SparkSession spark) throws IOException {
    this.spark = spark;
    Path landing = tmp.resolve("landing");
    Map<String, byte[]> files = new TreeMap<>(FaultSuiteTest.FILES);
    files.put(COPY, files.get(VISITS + "crlf-2026-11-09.csv"));
    files.put(
        ACROSS,
        (FaultSuiteTest.OV
                + "\n"
                + FaultSuiteTest.visit("P10000017", "内科", "2026-11-09 11:05:00")
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    for (var e : files.entrySet()) {
      Path p = landing.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    delivered =
        FaultSuiteTest.DELIVERED.entrySet().stream()
                .filter(e -> e.getKey().startsWith(VISITS))
                .mapToLong(Map.Entry::getValue)
                .sum()
            + 2 // the copy
            + 1; // the duplicate across files
    ctx =
        new RunContext(
            spark, tmp.resolve("warehouse").toString(), Paths.get("schemas"), DAY, CLOCK);
    try {
      Pipeline.ingest(ctx, landing.toString(), Pipeline.sources(ctx, SOURCES), Plans.KEY);
      Pipeline.clean(ctx, Plans.KEY, Pipeline.sources(ctx, SOURCES));
    } finally {
      ctx.log().flush(spark, ctx.tables());
    }
    for (Row r :
        ctx.tables()
            .read(spark, "ops.run_log")
            .where(col("run_id").equalTo(ctx.runId()))
            .collectAsList()) {
      log.put(r.<String>getAs("job") + "/" + r.<String>getAs("source"), r);
    }
  }

  long n(String step, String column) {
    return log.get(step).<Long>getAs(column);
  }

  /** The rule ids of each quarantined line of a file at a stage, as "line:rule+rule". */
  List<String> quarantined(String stage, String file) {
    return ctx
        .tables()
        .read(spark, "ops.quarantine")
        .where(col("stage").equalTo(stage).and(col("source_file").equalTo(file)))
        .orderBy("line_no")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.<Long>getAs("line_no")
                    + ":"
                    + String.join("+", r.<String>getList(r.fieldIndex("rule_ids"))))
        .toList();
  }

  @Test
  void everyDeliveredLineIsAcceptedOrQuarantinedAtIngestAndAtClean() {
    assertThat(n("ingest/outpatient_visit", "rows_in")).isEqualTo(delivered);
    for (String s : SOURCES) {
      assertThat(n("ingest/" + s, "rows_accepted") + n("ingest/" + s, "rows_quarantined"))
          .as("ingest conservation of " + s)
          .isEqualTo(n("ingest/" + s, "rows_in"));
      assertThat(n("clean/" + s, "rows_in")).isEqualTo(n("ingest/" + s, "rows_accepted"));
      assertThat(n("clean/" + s, "rows_accepted") + n("clean/" + s, "rows_quarantined"))
          .as("clean conservation of " + s)
          .isEqualTo(n("clean/" + s, "rows_in"));
    }
    // ingest: stray byte, 2 field counts, 2 dates, NUL, long line, unclosed quote, 2 nulls
    assertThat(n("ingest/outpatient_visit", "rows_quarantined")).isEqualTo(10);
    // clean: a duplicate within a file, the copy's 2 lines, the duplicate across files
    assertThat(n("clean/outpatient_visit", "rows_quarantined")).isEqualTo(4);
    assertThat(n("ingest/road_speed", "rows_quarantined")).isEqualTo(4);
  }

  @Test
  void eachFaultFileHasItsRulesInOpsQuarantine() {
    Map<String, List<String>> expected = new TreeMap<>();
    expected.put("stray-byte-2026-11-09.csv", List.of("3:encoding.invalid"));
    expected.put("gb18030-2026-11-09.csv", List.of());
    expected.put("field-count-2026-11-09.csv", List.of("2:format.malformed", "3:format.malformed"));
    expected.put(
        "dates-2026-11-09.csv",
        List.of("2:visit_time_local.type", "3:event_time.outside_file_window"));
    expected.put("nul-2026-11-09.csv", List.of("2:line.nul"));
    expected.put("long-line-2026-11-09.csv", List.of("2:line.too_long"));
    expected.put("unclosed-quote-2026-11-09.csv", List.of("2:format.malformed"));
    expected.put("nulls-2026-11-09.csv", List.of("2:patient_id.required", "3:patient_id.required"));
    expected.put("quoted-2026-11-09.csv", List.of());
    expected.put("门诊 数据 (1) 2026-11-09.csv", List.of());
    for (var e : expected.entrySet()) {
      assertThat(quarantined("ingest", VISITS + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(quarantined("ingest", FaultSuiteTest.ROADS + "numbers-2026-11-09.csv"))
        .containsExactly(
            "2:speed_kmh.type", "3:speed_kmh.type", "4:speed_kmh.range", "5:speed_kmh.range");
  }

  @Test
  void duplicatesWithinAndAcrossFilesAndACopyAreDroppedAtClean() {
    List<Row> dups =
        ctx.tables()
            .read(spark, "ops.quarantine")
            .where(col("stage").equalTo("clean").and(col("source").equalTo("outpatient_visit")))
            .collectAsList();
    assertThat(dups).hasSize(4);
    assertThat(dups.stream().map(r -> r.<String>getAs("reasons")))
        .allMatch(r -> r.startsWith("exact duplicate of "));
  }

  @Test
  void reasonsShowDatesAndEscapedBytesButNoRawPatientId() {
    List<Row> q = ctx.tables().read(spark, "ops.quarantine").collectAsList();
    String all =
        String.join(
            "\n",
            q.stream().map(r -> r.<String>getAs("raw_text") + " | " + r.getAs("reasons")).toList());
    assertThat(all)
        .contains("event date 2026-10-01 is outside the window of file dated 2026-11-09")
        .contains("not valid UTF-8: \\xED")
        .doesNotContainPattern("P1000\\d{4}");
  }

  @Test
  void fileLevelFaultsFailTheirStepNamingTheFileOnTheRecord() throws IOException {
    Path landing = tmp.resolve("bad-landing");
    byte[] header = (FaultSuiteTest.OV + "\n").getBytes(StandardCharsets.UTF_16LE);
    write(landing.resolve(VISITS + "2026-11-09.csv"), header);
    byte[] gz =
        FaultSuiteTest.gzip(
            (FaultSuiteTest.RS + "\n" + FaultSuiteTest.road("2026-11-09 08:00", "40") + "\n")
                .getBytes(StandardCharsets.UTF_8));
    write(
        landing.resolve(FaultSuiteTest.ROADS + "2026-11-09.csv.gz"),
        Arrays.copyOf(gz, gz.length - 8));
    write(
        landing.resolve("traffic/transit_trip/2026-11-09.csv"),
        "card_id,city_code\n".getBytes(StandardCharsets.UTF_8));
    RunContext bad =
        new RunContext(
            spark, tmp.resolve("bad-warehouse").toString(), Paths.get("schemas"), DAY, CLOCK);
    List<String> sources = List.of("outpatient_visit", "road_speed", "transit_trip");
    try {
      assertThatThrownBy(
              () ->
                  Pipeline.ingest(
                      bad, landing.toString(), Pipeline.sources(bad, sources), Plans.KEY))
          .satisfies(e -> assertThat(Pipeline.rootMessage(e)).startsWith("File "));
    } finally {
      bad.log().flush(spark, bad.tables());
    }
    Map<String, String> failed = new TreeMap<>();
    for (Row r :
        bad.tables()
            .read(spark, "ops.run_log")
            .where(col("status").equalTo("failed"))
            .collectAsList()) {
      failed.put(r.getAs("source"), r.getAs("message"));
    }
    assertThat(failed)
        .containsOnlyKeys(sources)
        .containsEntry(
            "outpatient_visit",
            "File "
                + VISITS
                + "2026-11-09.csv looks like UTF-16LE without a byte-order mark (NUL bytes at"
                + " every other position); declared encodings: [UTF-8, GB18030]")
        .containsEntry(
            "road_speed",
            "File "
                + FaultSuiteTest.ROADS
                + "2026-11-09.csv.gz is a truncated gzip file (it ends early)");
    assertThat(failed.get("transit_trip"))
        .startsWith("File traffic/transit_trip/2026-11-09.csv line 1: header lacks column(s) [");
  }

  @Test
  void aRecordWithoutAnyDateIsPlacedOnItsFilesEarliestValidDate() throws IOException {
    // a file named without a date, one line with an impossible time: no event date, no file date
    Path landing = tmp.resolve("undated-landing");
    write(
        landing.resolve(VISITS + "latest export.csv"),
        (FaultSuiteTest.OV
                + "\n"
                + FaultSuiteTest.visit("P10000040", "内科", "2026-11-09 09:00:00")
                + "\n"
                + FaultSuiteTest.visit("P10000041", "外科", "2026-02-30 09:00:00")
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    RunContext undated =
        new RunContext(
            spark, tmp.resolve("undated-warehouse").toString(), Paths.get("schemas"), DAY, CLOCK);
    try {
      Pipeline.ingest(
          undated,
          landing.toString(),
          Pipeline.sources(undated, List.of("outpatient_visit")),
          Plans.KEY);
    } finally {
      undated.log().flush(spark, undated.tables());
    }
    Row step =
        undated
            .tables()
            .read(spark, "ops.run_log")
            .where(col("job").equalTo("ingest").and(col("source").equalTo("outpatient_visit")))
            .first();
    assertThat(
            List.of(
                step.getAs("rows_in"), step.getAs("rows_accepted"), step.getAs("rows_quarantined")))
        .containsExactly(2L, 1L, 1L);
    Row q = undated.tables().read(spark, "ops.quarantine").first();
    assertThat(q.<Long>getAs("line_no")).isEqualTo(3L);
    assertThat(String.valueOf(q.<Object>getAs("placed_on"))).isEqualTo("2026-11-09");
  }

  static void write(Path p, byte[] b) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }
}
