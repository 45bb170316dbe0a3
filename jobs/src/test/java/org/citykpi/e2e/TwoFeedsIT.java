package org.citykpi.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.TableSpec;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.pipeline.Preflight;
import org.citykpi.testing.Keys;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SchemaCopies;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second transit_trip feed and a second outpatient_visit feed added with contracts only (in a
 * copy of schemas/), run in one run together with the first feeds, on a warehouse that already has
 * the first feeds and on a new one: both reach silver beside the first ones, nothing of the first
 * is replaced, and no raw card or patient id reaches silver, gold, kpi or ops.quarantine.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoFeedsIT {
  static final Path FEEDS = SchemaCopies.FIXTURES.resolve("two-feeds");
  static final Path LANDING = FEEDS.resolve("landing");
  static final List<String> FIRST = List.of("transit_trip", "outpatient_visit");
  static final List<String> ALL =
      List.of("transit_trip", "outpatient_visit", "metro_gate_taps", "his_outpatient");
  static final List<String> SILVER = List.of("silver.transit_trip", "silver.outpatient_visit");
  static final Interval DAY = Interval.of("2026-10-05", "2026-10-05");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path tmp;
  SparkSession spark;
  Path schemas;
  RunContext existing;
  RunContext fresh;
  Map<String, List<Row>> firstBefore = new HashMap<>();
  Map<String, RunLog.Entry> log = new HashMap<>();

  @BeforeAll
  void runTheFeeds(SparkSession spark) {
    this.spark = spark;
    try {
      schemas = SchemaCopies.copy(tmp.resolve("schemas"), FEEDS.resolve("sources"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Preflight.check(schemas);
    // an existing warehouse: the first feeds alone, then all four in one run
    RunContext first = run("existing", FIRST, false);
    for (String t : SILVER) {
      firstBefore.put(t, firstRows(first, t));
    }
    existing = run("existing", ALL, true);
    // a new warehouse: all four in one run
    fresh = run("fresh", ALL, false);
  }

  RunContext run(String warehouse, List<String> names, boolean toKpi) {
    RunContext c = new RunContext(spark, tmp.resolve(warehouse).toString(), schemas, DAY, CLOCK);
    Pipeline.ingest(c, LANDING.toString(), Pipeline.sources(c, names), Plans.KEY);
    Pipeline.clean(c, Plans.KEY, Pipeline.sources(c, names));
    if (toKpi) {
      Pipeline.conform(c);
      Pipeline.kpi(c);
      c.log().entries().forEach(e -> log.put(e.job() + "/" + e.source(), e));
    }
    c.log().flush(spark, c.tables());
    return c;
  }

  static List<Row> firstRows(RunContext c, String table) {
    return c.tables()
        .read(c.spark(), table)
        .where(col("source").isin(FIRST.toArray()))
        .collectAsList();
  }

  Map<String, Long> bySource(RunContext c, String table) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : c.tables().read(spark, table).groupBy("source").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  @Test
  void bothFeedsReachSilverBesideEachOther() {
    assertThat(bySource(existing, "silver.transit_trip"))
        .as("6 lines each: a duplicate and a rejected line (plus a malformed one in the second)")
        .isEqualTo(Map.of("transit_trip", 4L, "metro_gate_taps", 3L));
    assertThat(bySource(existing, "silver.outpatient_visit"))
        .isEqualTo(Map.of("outpatient_visit", 3L, "his_outpatient", 3L));
    for (String s : ALL) {
      RunLog.Entry in = log.get("ingest/" + s);
      RunLog.Entry clean = log.get("clean/" + s);
      assertThat(in.rowsAccepted() + in.rowsQuarantined()).isEqualTo(in.rowsIn());
      assertThat(clean.rowsIn()).isEqualTo(in.rowsAccepted());
      assertThat(clean.rowsAccepted() + clean.rowsQuarantined()).isEqualTo(clean.rowsIn());
    }
    Row wuhan =
        existing
            .tables()
            .read(spark, "gold.city_day_health")
            .where("city_code = '420100' AND local_date = DATE'2026-10-05'")
            .head();
    assertThat(wuhan.<Long>getAs("visits")).as("both feeds' visits reach gold").isEqualTo(6L);
  }

  @Test
  void conformLogsTheSilverRowsOfTheIntervalItRead() {
    // counted from silver's Delta log (Tables.countFromLog), not by a query: the same figure
    long silver =
        existing
            .tables()
            .read(spark, "silver.outpatient_visit")
            .where(DAY.predicate("local_date"))
            .count();
    assertThat(silver).isEqualTo(6L);
    assertThat(log.get("conform/gold.city_day_health").rowsIn()).isEqualTo(silver);
  }

  @Test
  void nothingOfTheFirstFeedsIsReplaced() {
    for (String t : SILVER) {
      assertThat(firstRows(existing, t))
          .as(t + " rows of the first feeds after the second ones joined")
          .containsExactlyInAnyOrderElementsOf(firstBefore.get(t));
    }
  }

  @Test
  void aNewWarehouseGetsTheSameSilver() {
    for (String t : SILVER) {
      assertThat(fresh.tables().read(spark, t).collectAsList())
          .as(t + " of one run on a new warehouse vs two runs on an existing one")
          .containsExactlyInAnyOrderElementsOf(existing.tables().read(spark, t).collectAsList());
    }
  }

  @Test
  void everyDeclaredKeyIsUnique() {
    List<String> tables = new ArrayList<>();
    for (TableSpec s : existing.tables().specs().values()) {
      tables.add(s.table());
    }
    assertThat(Keys.assertUnique(spark, existing.tables(), tables))
        .contains("silver.transit_trip", "silver.outpatient_visit", "gold.city_day_health");
  }

  /** The ids as delivered, read from the fixture files: card and patient columns. */
  static Set<String> deliveredIds() throws IOException {
    Set<String> ids = new TreeSet<>();
    Map<String, Integer> idColumn =
        Map.of(
            "traffic/transit_trip", 0,
            "traffic/metro_gate_taps", 0,
            "health/outpatient_visit", 2,
            "health/his_outpatient", 1);
    for (var e : idColumn.entrySet()) {
      for (Path f : Files.list(LANDING.resolve(e.getKey())).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
          String[] fields = line.split(",", -1);
          if (fields.length > e.getValue() && !fields[e.getValue()].isBlank()) {
            ids.add(fields[e.getValue()]);
          }
        }
      }
    }
    return ids;
  }

  @Test
  void noRawCardOrPatientIdPastBronze() throws IOException {
    Set<String> ids = deliveredIds();
    assertThat(ids).contains("94307161775532", "880011223X", "8800112235", "HIS-20261005-004");
    Dataset<Row> idFrame =
        spark.createDataset(new ArrayList<>(ids), Encoders.STRING()).toDF("id").cache();
    // not vacuous: bronze has them, and quarantine holds rows of every personal source
    assertThat(
            existing
                .tables()
                .read(spark, "bronze.metro_gate_taps")
                .join(idFrame, col("card_id").equalTo(col("id")))
                .count())
        .as("accepted metro taps in bronze, the duplicate too")
        .isEqualTo(4);
    Dataset<Row> q = existing.tables().read(spark, "ops.quarantine");
    assertThat(q.select("source").distinct().as(Encoders.STRING()).collectAsList())
        .containsAll(ALL);
    for (TableSpec s : existing.tables().specs().values()) {
      if (s.layer().equals("bronze") || !existing.tables().exists(spark, s.table())) {
        continue;
      }
      Dataset<Row> t = existing.tables().read(spark, s.table());
      for (TableSpec.Col c : s.columns()) {
        if (!c.type().equals("string")) {
          continue;
        }
        // a substring test: quarantine raw text holds whole lines
        long hits =
            t.select(col(c.name()).as("v")).join(idFrame, col("v").contains(col("id"))).count();
        assertThat(hits).as("raw ids in " + s.table() + "." + c.name()).isZero();
      }
    }
    assertThat(
            existing
                .tables()
                .read(spark, "silver.transit_trip")
                .where(col("card_key").equalTo(lit(Plans.hash("8800112233"))))
                .count())
        .as("the card appears as its keyed hash")
        .isEqualTo(1);
    idFrame.unpersist();
  }
}
