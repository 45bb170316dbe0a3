package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.DqMetrics;
import org.citykpi.ops.Tables;
import org.citykpi.testing.Cli;
import org.citykpi.testing.Keys;
import org.citykpi.testing.SchemaCopies;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops.dq_metrics and quarantine replay as users call them, on a hand-written transit_trip landing
 * (a source with a personal column, card_id) of three days:
 *
 * <ol>
 *   <li>{@code ingest} and {@code clean} under a contract too strict for fares (max 5 CNY instead
 *       of 500): 4 of 9 rows quarantined (fares 6.0, 600, 7.5, 9.0);
 *   <li>{@code ingest} again over the interval: ops.dq_metrics keeps one row per key;
 *   <li>the last day's file is deleted from the landing; {@code replay} under the fixed contract
 *       moves the fares 6.0 and 7.5 to bronze and on to silver, keeps 600 (still out of range) and
 *       9.0 (file gone) in quarantine;
 *   <li>{@code replay} again: nothing moves and no table but the run log gets a new version.
 * </ol>
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {
  static final String FROM = "2017-12-28";
  static final String TO = "2017-12-30";
  static final String HEADER = "card_id,city_code,mode,line,boarding_time,fare";
  static final Map<String, List<String>> FILES = new LinkedHashMap<>();

  static {
    FILES.put(
        "2017-12-28.csv",
        List.of(
            "62170000111100001,320900,bus,K1,2017-12-28 07:10:00,2.0",
            "62170000111100002,320900,bus,K1,2017-12-28 07:20:00,6.0",
            "62170000111100003,320900,metro,M1,2017-12-28 08:00:00,3.0",
            "62170000111100004,320900,taxi,,2017-12-28 09:00:00,600"));
    FILES.put(
        "2017-12-29.csv",
        List.of(
            "62170000111100001,320900,bus,K1,2017-12-29 07:10:00,2.0",
            "62170000111100005,320900,ferry,F1,2017-12-29 10:00:00,7.5",
            "62170000111100006,320900,bike,,2017-12-29 11:00:00,1.0"));
    FILES.put(
        "2017-12-30.csv",
        List.of(
            "62170000111100001,320900,bus,K1,2017-12-30 07:10:00,2.0",
            "62170000111100007,320900,brt,B1,2017-12-30 12:00:00,9.0"));
  }

  @TempDir static Path tmp;

  SparkSession spark;
  Path landing;
  Path strict;
  String warehouse;
  Tables tables;
  Cli.Result first;
  Cli.Result again;
  Cli.Result replay;
  Cli.Result rerun;
  List<Row> metricsFirst;
  List<Row> metricsAgain;
  long bronzeFirst;
  long quarantineFirst;
  Map<String, Long> versionsBeforeRerun = new TreeMap<>();

  @BeforeAll
  void runIngestReplayTwice(SparkSession spark) throws IOException {
    this.spark = spark;
    landing = tmp.resolve("landing");
    Path dir = Files.createDirectories(landing.resolve("traffic").resolve("transit_trip"));
    for (Map.Entry<String, List<String>> f : FILES.entrySet()) {
      List<String> lines = new ArrayList<>(List.of(HEADER));
      lines.addAll(f.getValue());
      Files.write(dir.resolve(f.getKey()), lines, StandardCharsets.UTF_8);
    }
    strict = SchemaCopies.copy(tmp.resolve("strict"));
    Path contract = strict.resolve("sources").resolve("transit_trip.yaml");
    String text = Files.readString(contract);
    String tightened = text.replace("unit: CNY, min: 0, max: 500}", "unit: CNY, min: 0, max: 5}");
    assertThat(tightened).as("the fare rule to tighten").isNotEqualTo(text);
    Files.writeString(contract, tightened);
    warehouse = tmp.resolve("warehouse").toString();
    tables = Tables.load(warehouse, Paths.get("schemas"), Contracts.load(Paths.get("schemas")));

    // ingest and clean, not run: the replay below runs conform and kpi (each costs seconds)
    first = cli("ingest", strict);
    cli("clean", strict);
    bronzeFirst = bronze().count();
    quarantineFirst = quarantine().count();
    metricsFirst = metrics();
    again = cli("ingest", strict);
    metricsAgain = metrics();

    Files.delete(dir.resolve("2017-12-30.csv"));
    replay = cli("replay", Paths.get("schemas"));
    versionsBeforeRerun.putAll(versions());
    rerun = cli("replay", Paths.get("schemas"));
  }

  /**
   * The command line of {@code verb} over the fixture; the demo key unless {@code key} is given.
   */
  List<String> args(String verb, Path schemas, String... key) {
    List<String> args =
        new ArrayList<>(
            List.of(
                verb,
                "--source",
                "transit_trip",
                "--landing",
                landing.toString(),
                "--warehouse",
                warehouse,
                "--schemas",
                schemas.toString(),
                "--from",
                FROM,
                "--to",
                TO));
    args.addAll(key.length == 0 ? List.of("--demo-key") : List.of(key));
    if (verb.equals("clean")) {
      args.subList(3, 5).clear(); // clean reads bronze, not the landing
    }
    return args;
  }

  Cli.Result cli(String verb, Path schemas) {
    Cli.Result r = Cli.run(args(verb, schemas).toArray(String[]::new));
    assertThat(r.code()).as("%s: %s", verb, r.err()).isZero();
    return r;
  }

  /** The Delta version of each table the replay writes. */
  Map<String, Long> versions() {
    Map<String, Long> v = new TreeMap<>();
    for (String t :
        List.of("bronze.transit_trip", "ops.quarantine", "silver.transit_trip", DqMetrics.TABLE)) {
      v.put(t, tables.version(spark, t));
    }
    return v;
  }

  Dataset<Row> bronze() {
    return tables.read(spark, "bronze.transit_trip");
  }

  Dataset<Row> quarantine() {
    return tables
        .read(spark, "ops.quarantine")
        .where("source = 'transit_trip' AND stage = 'ingest'");
  }

  List<Row> metrics() {
    return tables
        .read(spark, DqMetrics.TABLE)
        .orderBy("stage", "source", "rule_id", "placed_on")
        .select(
            "stage",
            "source",
            "rule_id",
            "placed_on",
            "rows_checked",
            "rows_failed",
            "failure_rate")
        .collectAsList();
  }

  /** stage/rule/day -> checked/failed, from ops.dq_metrics as it is now. */
  Map<String, String> metricsNow() {
    Map<String, String> out = new TreeMap<>();
    for (Row r : metrics()) {
      out.put(
          r.getString(0) + " " + r.getString(2) + " " + r.getDate(3),
          r.getLong(4) + "/" + r.getLong(5));
    }
    return out;
  }

  @Test
  void theStrictRunQuarantinesTheFourFaresAboveFiveAndMeasuresThem() {
    assertThat(bronzeFirst).isEqualTo(5);
    assertThat(quarantineFirst).isEqualTo(4);
    Map<String, String> m = new TreeMap<>();
    for (Row r : metricsFirst) {
      m.put(
          r.getString(0) + " " + r.getString(2) + " " + r.getDate(3),
          r.getLong(4) + "/" + r.getLong(5));
      assertThat(r.getDouble(6)).isEqualTo((double) r.getLong(5) / r.getLong(4));
    }
    // hand-counted from the files above: rows checked / rows failed per stage, rule and day
    assertThat(m)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ingest * 2017-12-28", "4/2",
                "ingest fare_cny.range 2017-12-28", "4/2",
                "ingest * 2017-12-29", "3/1",
                "ingest fare_cny.range 2017-12-29", "3/1",
                "ingest * 2017-12-30", "2/1",
                "ingest fare_cny.range 2017-12-30", "2/1",
                "clean * 2017-12-28", "2/0",
                "clean * 2017-12-29", "2/0",
                "clean * 2017-12-30", "1/0"));
  }

  @Test
  void aRerunReplacesTheIntervalsMetricsInsteadOfAddingToThem() {
    assertThat(metricsAgain).isEqualTo(metricsFirst);
    assertThat(Keys.assertUnique(spark, tables, List.of(DqMetrics.TABLE)))
        .containsExactly(DqMetrics.TABLE);
  }

  @Test
  void replayMovesTheRowsTheFixedContractAcceptsAndKeepsTheOthers() {
    // 4 quarantined: 6.0 and 7.5 pass now, 600 still fails, 9.0's file is gone
    Row log =
        tables
            .read(spark, "ops.run_log")
            .where("job = 'replay'")
            .orderBy("started_at")
            .collectAsList()
            .get(0);
    assertThat(
            List.of(
                log.getAs("rows_in"), log.getAs("rows_accepted"), log.getAs("rows_quarantined")))
        .containsExactly(4L, 2L, 2L);
    assertThat(log.<String>getAs("message"))
        .contains("2 of 4", "landing file(s) gone [traffic/transit_trip/2017-12-30.csv]")
        .doesNotContain("62170000111100007");
    assertThat(bronze().count()).isEqualTo(7);
    assertThat(
            quarantine()
                .selectExpr("concat(source_file, ':', line_no)")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .as("the fare 600 (line 5 of the 28th) and the row of the deleted file")
        .containsExactlyInAnyOrder(
            "traffic/transit_trip/2017-12-28.csv:5", "traffic/transit_trip/2017-12-30.csv:3");
    assertThat(quarantine().count()).isEqualTo(2);
    // rows in = accepted + quarantined over the interval, as before the replay: 9 landed lines
    assertThat(bronze().count() + quarantine().count()).isEqualTo(bronzeFirst + quarantineFirst);
    // the moved rows came from the landing lines, not the hashed quarantine text
    assertThat(
            bronze()
                .where("fare_cny IN (6.0, 7.5)")
                .orderBy("fare_cny")
                .select("card_id")
                .collectAsList()
                .toString())
        .isEqualTo("[[62170000111100002], [62170000111100005]]");
    Dataset<Row> silver = tables.read(spark, "silver.transit_trip");
    assertThat(silver.count()).isEqualTo(7);
    List<String> clear = new ArrayList<>();
    FILES.values().forEach(lines -> lines.forEach(l -> clear.add(l.split(",")[0])));
    assertThat(silver.where(silver.col("card_key").isin(clear.toArray())).count())
        .as("clear card ids in silver")
        .isZero();
  }

  @Test
  void replayRewritesTheIngestMetricsOfTheInterval() {
    Map<String, String> m = metricsNow();
    assertThat(m)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ingest * 2017-12-28", "4/1",
                "ingest fare_cny.range 2017-12-28", "4/1",
                "ingest * 2017-12-29", "3/0",
                "ingest * 2017-12-30", "2/1",
                "ingest fare_cny.range 2017-12-30", "2/1",
                "clean * 2017-12-28", "3/0",
                "clean * 2017-12-29", "3/0",
                "clean * 2017-12-30", "1/0"));
    Keys.assertUnique(spark, tables, List.of(DqMetrics.TABLE));
  }

  @Test
  void aSecondReplayChangesNothing() {
    for (Map.Entry<String, Long> e : versionsBeforeRerun.entrySet()) {
      assertThat(tables.version(spark, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    List<Row> logs =
        tables
            .read(spark, "ops.run_log")
            .where("job = 'replay'")
            .orderBy("started_at")
            .collectAsList();
    assertThat(logs).hasSize(2);
    Row second = logs.get(1);
    assertThat(
            List.of(
                second.getAs("rows_in"),
                second.getAs("rows_accepted"),
                second.getAs("rows_quarantined")))
        .containsExactly(2L, 0L, 2L);
    assertThat(
            tables
                .read(spark, "ops.run_log")
                .where(
                    "run_id = '"
                        + second.getAs("run_id")
                        + "' AND job NOT IN ('replay', 'command')") // the command's own rows
                .count())
        .as("clean, conform or kpi after a replay that moved nothing")
        .isZero();
  }

  @Test
  void aReplayWithAnotherKeyStopsBeforeMovingAnything() throws IOException {
    Path keyFile = Files.writeString(tmp.resolve("other.key"), "another key, not the demo key\n");
    Map<String, Long> before = versions();

    Cli.Result r =
        Cli.run(
            args("replay", Paths.get("schemas"), "--key-file", keyFile.toString())
                .toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("citykpi replay: Pseudonymisation key mismatch: ")
        .contains("silver.transit_trip");
    assertThat(versions()).as("no table but the run log changed").isEqualTo(before);
  }
}
