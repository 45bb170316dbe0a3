package org.citykpi.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.kpi.Catalog;
import org.citykpi.kpi.Kpi;
import org.citykpi.kpi.Programmes;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import org.citykpi.testing.Cli;
import org.citykpi.testing.Golden;
import org.citykpi.testing.Landings;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citykpi run} as users call it ({@link Main#execute}) on a small fixed fixture landing,
 * then {@code sql} and {@code tables} on the warehouse it wrote.
 *
 * <p>The fixture is written by {@code citykpi generate} (same options, same bytes): Yancheng
 * (YC-2015, targets due 2017) and Ningbo (ZJ-2011, deadlines passed; a benchmark city for the
 * YC-2015 targets), one ISO week of daily feeds (2017-W52, with the generator's late file and
 * GB18030 file) and six months of monthly ones (2017-07 to 2017-12), so every catalog KPI gets
 * values, monthly KPIs get trends and projections, and statuses span met to off track. The run
 * covers 2017; then one day is run again.
 *
 * <p>kpi.observation and kpi.attainment are held to golden files ({@code
 * src/test/resources/golden/}); rewrite them with {@code -Dgolden.update=true} only for a change
 * that means to move a figure.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandIT {
  // From January: the generator's yearly file 2017.csv places a malformed line (no month to read)
  // on the file's date, 2017-01-01, and a run accounts for the lines of its own interval.
  static final String FROM = "2017-01-01";
  static final String TO = "2017-12-31";
  static final String RERUN_DAY = "2017-12-31";
  static final Path SCHEMAS = Paths.get("schemas");
  static final String HOW =
      "./run-tests it -Dit.test=RunCommandIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false";

  @TempDir static Path tmp;

  SparkSession spark;
  Path landing;
  String warehouse;
  Tables tables;
  Cli.Result first;
  Cli.Result rerun;
  List<Row> firstRunLog;
  Map<String, Long> firstQuarantine = new HashMap<>();
  Map<String, Long> versionsBeforeRerun = new LinkedHashMap<>();

  @BeforeAll
  void generateAndRunTwice(SparkSession spark) {
    this.spark = spark;
    landing = tmp.resolve("landing");
    warehouse = tmp.resolve("warehouse").toString();
    Cli.Result generated =
        Cli.run(
            "generate",
            "--cities",
            "320900,330200",
            "--from",
            "2017-12-25",
            "--to",
            "2017-12-31",
            "--monthly-from",
            "2017-07",
            "--out",
            landing.toString());
    assertThat(generated.code()).as("generate: %s", generated.err()).isZero();

    first = run("--from", FROM, "--to", TO);
    tables = Tables.load(warehouse, SCHEMAS, Contracts.load(SCHEMAS));
    firstRunLog = tables.read(spark, "ops.run_log").collectAsList();
    for (Row r :
        tables.read(spark, "ops.quarantine").groupBy("stage", "source").count().collectAsList()) {
      firstQuarantine.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    for (TableSpec s : tables.specs().values()) {
      if (tables.exists(spark, s.table())) {
        versionsBeforeRerun.put(s.table(), tables.version(spark, s.table()));
      }
    }
    // --force: the day's files are unchanged since the run of the year, which recorded them;
    // without it the re-run would skip every source's ingest and clean (StageCommitsIT)
    rerun = run("--date", RERUN_DAY, "--force");
  }

  @AfterAll
  void forgetRegisteredTables() {
    // `sql` registers the warehouse's tables in the session by name; other test classes use
    // other warehouses
    for (String db : List.of("bronze", "silver", "gold", "kpi", "ops")) {
      spark.sql("DROP DATABASE IF EXISTS " + db + " CASCADE");
    }
  }

  Cli.Result run(String... interval) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run", "--landing", landing.toString(), "--warehouse", warehouse, "--demo-key"));
    args.addAll(List.of(interval));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void bothRunsExitZeroAndLogEveryStage() {
    assertThat(first.code()).as("first run: %s", first.err()).isZero();
    assertThat(rerun.code()).as("re-run: %s", rerun.err()).isZero();
    Set<String> steps = new TreeSet<>();
    firstRunLog.forEach(r -> steps.add(r.getAs("job") + " " + r.getAs("status")));
    assertThat(steps)
        .containsExactly(
            "clean succeeded",
            "command started",
            "command succeeded",
            "conform succeeded",
            "ingest succeeded",
            "kpi succeeded");
  }

  @Test
  void everyLandedRowIsAcceptedOrQuarantined() throws IOException {
    Map<String, Long> lines = new TreeMap<>();
    for (SourceContract c : Contracts.load(SCHEMAS).values()) {
      Path dir = landing.resolve(c.domain()).resolve(c.source());
      if (Files.isDirectory(dir)) {
        lines.put(c.source(), Landings.dataLines(dir, c));
      }
    }
    assertThat(lines).hasSize(6);
    Map<String, Long> ingested = new TreeMap<>();
    for (Row r : firstRunLog) {
      long in = r.getAs("rows_in");
      assertThat(in)
          .as("rows_in of %s %s", r.getAs("job"), r.getAs("source"))
          .isEqualTo(r.<Long>getAs("rows_accepted") + r.<Long>getAs("rows_quarantined"));
      if (r.getAs("job").equals("ingest")) {
        ingested.put(r.getAs("source"), in);
      }
      if (r.getAs("job").equals("ingest") || r.getAs("job").equals("clean")) {
        String key = r.getAs("job") + "/" + r.getAs("source");
        assertThat(firstQuarantine.getOrDefault(key, 0L))
            .as("ops.quarantine rows of " + key)
            .isEqualTo(r.<Long>getAs("rows_quarantined"));
      }
    }
    assertThat(ingested).as("ingest rows_in against the data lines of the files").isEqualTo(lines);
  }

  @Test
  void everyCatalogKpiGetsAValue() {
    Catalog catalog = Catalog.load(SCHEMAS, tables.specs(), Programmes.load(SCHEMAS));
    Set<String> valued =
        new TreeSet<>(
            tables
                .read(spark, "kpi.observation")
                .where("value IS NOT NULL")
                .select("kpi_id")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList());
    assertThat(valued)
        .containsExactlyInAnyOrderElementsOf(catalog.kpis().stream().map(Kpi::id).toList());
  }

  @Test
  void kpiObservationIsAsItsGoldenFile() {
    Golden.assertFrame(
        "kpi.observation.tsv",
        comments("kpi.observation", "_run_id"),
        tables.read(spark, "kpi.observation").drop("_run_id"),
        List.of("kpi_id", "period_type", "period", "geo_level", "geo_code"));
  }

  @Test
  void kpiAttainmentIsAsItsGoldenFile() {
    Golden.assertFrame(
        "kpi.attainment.tsv",
        comments("kpi.attainment", "_run_id, kpi_name_zh, kpi_name_en, clause_zh (catalog text)"),
        tables
            .read(spark, "kpi.attainment")
            .drop("_run_id", "kpi_name_zh", "kpi_name_en", "clause_zh"),
        List.of("kpi_id", "city_code", "period_type", "period", "comparison", "programme"));
  }

  static List<String> comments(String table, String left) {
    return List.of(
        table
            + " of the RunCommandIT fixture: citykpi generate --cities 320900,330200"
            + " --from 2017-12-25 --to 2017-12-31 --monthly-from 2017-07,",
        "then citykpi run --from "
            + FROM
            + " --to "
            + TO
            + " --demo-key, and again --date "
            + RERUN_DAY
            + ". Columns left out: "
            + left
            + ".",
        "Rewrite only when a figure is meant to move: " + HOW + " -Dgolden.update=true");
  }

  /** Every table but the run log reads as before the re-run (run metadata aside). */
  @Test
  void aRerunOfOneDayLeavesEveryTableAsItWas() {
    assertThat(versionsBeforeRerun)
        .containsKeys("bronze.road_speed", "gold.city_day_air", "kpi.attainment");
    for (Map.Entry<String, Long> e : versionsBeforeRerun.entrySet()) {
      String table = e.getKey();
      if (table.equals("ops.run_log")) {
        continue;
      }
      assertThat(tables.version(spark, table))
          .as(table + " was written again")
          .isGreaterThan(e.getValue());
      Dataset<Row> then =
          content(
              spark
                  .read()
                  .format("delta")
                  .option("versionAsOf", e.getValue())
                  .load(tables.path(table)));
      Dataset<Row> now = content(tables.read(spark, table));
      assertThat(then.exceptAll(now).count()).as(table + ": rows gone after the re-run").isZero();
      assertThat(now.exceptAll(then).count()).as(table + ": rows new after the re-run").isZero();
    }
  }

  /** The table without run-metadata columns (names starting with _). */
  static Dataset<Row> content(Dataset<Row> df) {
    return df.select(
        Stream.of(df.columns())
            .filter(c -> !c.startsWith("_"))
            .map(c -> col(c))
            .toArray(Column[]::new));
  }

  @Test
  void sqlPrintsTheResultAsATableCsvOrJsonLines() throws IOException {
    String query =
        "SELECT kpi_id, period, value, status FROM kpi.observation"
            + " WHERE geo_code = '320900' AND kpi_id IN ('T02', 'Q02') AND period_type = 'month'"
            + " AND period >= '2017-11' ORDER BY kpi_id, period";
    List<Row> expected =
        tables
            .read(spark, "kpi.observation")
            .where(
                "geo_code = '320900' AND kpi_id IN ('T02', 'Q02') AND period_type = 'month'"
                    + " AND period >= '2017-11'")
            .orderBy("kpi_id", "period")
            .select("kpi_id", "period", "value", "status")
            .collectAsList();
    assertThat(expected).hasSize(3); // Q02 2017-12 (daily feeds start 2017-12-25), T02 Nov, Dec

    Cli.Result table = Cli.run("sql", "--warehouse", warehouse, query);
    Cli.Result csv = Cli.run("sql", "--warehouse", warehouse, query, "--format", "csv");
    Cli.Result json = Cli.run("sql", "--warehouse", warehouse, query, "--format", "json");
    Cli.Result limited =
        Cli.run("sql", "--warehouse", warehouse, query, "--limit", "1", "--format", "csv");

    assertThat(List.of(table.code(), csv.code(), json.code(), limited.code())).containsOnly(0);
    List<String> tableLines = table.out().lines().toList();
    assertThat(tableLines.get(0).strip()).matches("kpi_id +\\| period +\\| value +\\| status");
    assertThat(tableLines.get(1)).matches("-+-\\+-+-\\+-+-\\+-+");
    assertThat(tableLines).hasSize(2 + 3 + 1).last().isEqualTo("(3 rows)");
    List<String> csvLines = new ArrayList<>(List.of("kpi_id,period,value,status"));
    ObjectMapper mapper = new ObjectMapper();
    List<String> jsonLines = json.out().lines().toList();
    assertThat(jsonLines).hasSize(3);
    for (int i = 0; i < expected.size(); i++) {
      Row r = expected.get(i);
      String value = String.valueOf(r.<Double>getAs("value"));
      csvLines.add(String.join(",", r.getString(0), r.getString(1), value, r.getString(3)));
      assertThat(tableLines.get(2 + i).strip().split(" *\\| *"))
          .containsExactly(r.getString(0), r.getString(1), value, r.getString(3));
      JsonNode o = mapper.readTree(jsonLines.get(i));
      assertThat(o.get("kpi_id").asText()).isEqualTo(r.getString(0));
      assertThat(o.get("period").asText()).isEqualTo(r.getString(1));
      assertThat(o.get("value").asDouble()).isEqualTo(r.<Double>getAs("value"));
      assertThat(o.get("status").asText()).isEqualTo(r.getString(3));
    }
    assertThat(csv.out().lines().toList()).isEqualTo(csvLines);
    assertThat(limited.out().lines().toList()).isEqualTo(csvLines.subList(0, 2));
  }

  @Test
  void sqlNamesAFailingQueryAndExitsOne() {
    Cli.Result r = Cli.run("sql", "--warehouse", warehouse, "SELECT nope FROM kpi.observation");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("citykpi sql: ").contains("nope");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void tablesListsEveryDeclaredTableWithItsVersionAndRowCount() {
    Cli.Result r = Cli.run("tables", "--warehouse", warehouse);

    assertThat(r.code()).isZero();
    Map<String, String[]> listed = new HashMap<>();
    r.out().lines().skip(1).forEach(l -> listed.put(l.split(" +")[0], l.split(" +")));
    assertThat(listed.keySet()).containsAll(tables.specs().keySet());
    for (String t : List.of("kpi.observation", "gold.city_day_air", "ops.run_log")) {
      assertThat(listed.get(t)[1])
          .as("version of " + t)
          .isEqualTo(String.valueOf(tables.version(spark, t)));
      assertThat(listed.get(t)[2])
          .as("rows of " + t)
          .isEqualTo(String.valueOf(tables.read(spark, t).count()));
    }
    // a real-data source the fixture does not have
    assertThat(listed.get("bronze.los_loop")).as("bronze.los_loop").contains("-", "(none)");
    assertThat(r.out().lines().toList()).last().isEqualTo("warehouse: " + warehouse);
  }
}
