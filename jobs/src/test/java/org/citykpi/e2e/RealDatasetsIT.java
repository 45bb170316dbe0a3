package org.citykpi.e2e;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.year;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.testing.DataFrameAssert;
import org.citykpi.testing.Golden;
import org.citykpi.testing.Keys;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real dataset of {@code ../shared/datasets} through the stages, kept within a few minutes on
 * 2 cores: all five ingested in full (2006..2025), CNEMC, NBS and the 9 Beijing station files
 * cleaned in full, COVID-19 cleaned over January 2020 (with its lookback), and Beijing's gold days
 * built for 2014..2016, the years the README compares with the official statement. The figures the
 * README and docs/real-data.md state (conservation counts, quarantine reasons, the CNEMC AQI match,
 * Beijing's good-air days and PM2.5 means) are held exactly by the golden file {@code
 * golden/real-data.tsv}. The full run of every dataset through every stage is {@code citykpi run}
 * (docs/real-data.md). Skipped only when the shared datasets are missing.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDatasetsIT {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
  @TempDir static Path tmp;

  SparkSession spark;
  Path datasets;
  Map<String, RunLog.Entry> ingest = new TreeMap<>();
  Map<String, RunLog.Entry> clean = new TreeMap<>();
  RunContext ctx;

  @BeforeAll
  void runRealData(SparkSession spark) throws IOException {
    this.spark = spark;
    datasets =
        Paths.get(
                System.getProperty("citykpi.repo", System.getProperty("user.dir")),
                "..",
                "shared",
                "datasets")
            .normalize();
    assumeTrue(Files.isDirectory(datasets), "shared datasets not found at " + datasets);
    // Every record of every dataset is ingested; the small ones are cleaned in full.
    Interval all = new Interval(LocalDate.of(2006, 1, 1), LocalDate.of(2025, 12, 31));
    run(
        all,
        datasets,
        List.of(
            "china_cnemc_station_snapshot",
            "nbs_province_annual",
            "los_loop",
            "china_covid19_daily",
            "beijing_multisite_air_quality"),
        List.of("china_cnemc_station_snapshot", "nbs_province_annual"),
        false);
    run(
        new Interval(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31)),
        null,
        List.of(),
        List.of("china_covid19_daily"),
        false);
    run(
        new Interval(LocalDate.of(2013, 3, 1), LocalDate.of(2017, 2, 28)),
        null,
        List.of(),
        List.of("beijing_multisite_air_quality"),
        false);
    ctx =
        run(
            new Interval(LocalDate.of(2014, 1, 1), LocalDate.of(2016, 12, 31)),
            null,
            List.of(),
            List.of(),
            true);
  }

  /**
   * Ingests {@code ingested} from {@code landing}, cleans {@code cleaned}, optionally builds gold.
   */
  RunContext run(
      Interval interval,
      Path landing,
      List<String> ingested,
      List<String> cleaned,
      boolean conform) {
    RunContext c =
        new RunContext(
            spark, tmp.resolve("warehouse").toString(), Paths.get("schemas"), interval, CLOCK);
    Pseudonymizer p = new Pseudonymizer("test-key-for-the-real-datasets".getBytes(), false);
    if (!ingested.isEmpty()) {
      Pipeline.ingest(c, landing.toString(), Pipeline.sources(c, ingested));
    }
    if (!cleaned.isEmpty()) {
      Pipeline.clean(c, p, Pipeline.sources(c, cleaned));
    }
    if (conform) {
      Pipeline.conform(c);
    }
    for (RunLog.Entry e : c.log().entries()) {
      (e.job().equals("ingest")
              ? ingest
              : e.job().equals("clean") ? clean : new HashMap<String, RunLog.Entry>())
          .put(e.source(), e);
    }
    c.log().flush(spark, c.tables());
    return c;
  }

  @Test
  void everyRecordOfEveryDatasetIsAcceptedOrQuarantined() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    expected.put("china_cnemc_station_snapshot", 1495L); // features (README section 2)
    expected.put("nbs_province_annual", 4619L); // cells: 31 provinces x (19 + 6 x 20 + 10) years
    expected.put("los_loop", 2016L * 207); // 7 days of 5-minute rows x 207 detectors
    expected.put(
        "china_covid19_daily",
        dataLines(datasets.resolve("health/china_covid19_daily_canghailan/Data")));
    // 9 station files of 1,461 days x 24 hours (2013-03-01 .. 2017-02-28, none missing)
    expected.put("beijing_multisite_air_quality", 9L * 1461 * 24);
    Map<String, Long> rowsIn = new TreeMap<>();
    ingest.forEach((s, e) -> rowsIn.put(s, e.rowsIn()));
    assertThat(rowsIn).as("ingest rows_in per real dataset").isEqualTo(expected);
    Map<String, Long> quarantined = new HashMap<>();
    for (Row r :
        ctx.tables()
            .read(spark, "ops.quarantine")
            .groupBy("stage", "source")
            .count()
            .collectAsList()) {
      quarantined.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    for (RunLog.Entry e : List.copyOf(ingest.values())) {
      assertThat(e.rowsAccepted() + e.rowsQuarantined())
          .as("accepted + quarantined of " + e.source())
          .isEqualTo(e.rowsIn());
      assertThat(quarantined.getOrDefault("ingest/" + e.source(), 0L))
          .as("quarantine rows of " + e.source())
          .isEqualTo(e.rowsQuarantined());
    }
    for (RunLog.Entry e : List.copyOf(clean.values())) {
      assertThat(e.rowsAccepted() + e.rowsQuarantined())
          .as("clean of " + e.source())
          .isEqualTo(e.rowsIn());
      if (!e.source().equals("china_covid19_daily")) { // cleaned over January 2020 only
        assertThat(e.rowsIn())
            .as("clean reads what ingest accepted, " + e.source())
            .isEqualTo(ingest.get(e.source()).rowsAccepted());
      }
    }
  }

  /**
   * Data lines (non-blank, after the header) of every file under a folder, read without project
   * code.
   */
  static long dataLines(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        n += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count() - 1;
      }
    }
    return n;
  }

  /**
   * The figures of the README's "Real public data" section and of docs/real-data.md, exactly:
   * conservation counts and quarantine reasons per dataset, the CNEMC AQI match (1,473 of 1,473),
   * Beijing's good-air days and PM2.5 annual means 2014..2016 from gold.city_day_air.
   */
  @Test
  void theFiguresTheReadmeStates() {
    List<List<String>> figures = new ArrayList<>();
    for (RunLog.Entry e : ingest.values()) {
      String s = "ingest." + e.source();
      figures.add(List.of(s + ".rows_in", String.valueOf(e.rowsIn())));
      figures.add(List.of(s + ".rows_accepted", String.valueOf(e.rowsAccepted())));
      figures.add(List.of(s + ".rows_quarantined", String.valueOf(e.rowsQuarantined())));
    }
    for (RunLog.Entry e : clean.values()) {
      if (!e.source().equals("china_covid19_daily")) { // cleaned over January 2020 only
        figures.add(List.of("clean." + e.source() + ".rows_in", String.valueOf(e.rowsIn())));
        figures.add(List.of("clean." + e.source() + ".rows_out", String.valueOf(e.rowsOut())));
      }
    }
    for (Row r :
        ctx.tables()
            .read(spark, "ops.quarantine")
            .where("stage = 'ingest'")
            .groupBy(col("source"), array_join(col("rule_ids"), "+").as("rules"))
            .count()
            .collectAsList()) {
      figures.add(
          List.of(
              "quarantine." + r.getString(0) + "." + r.getString(1), String.valueOf(r.getLong(2))));
    }
    Row cnemc =
        ctx.tables()
            .read(spark, "silver.air_station_hourly")
            .where("source = 'china_cnemc_station_snapshot'")
            .selectExpr(
                "count(*)",
                "count(aqi_published)",
                "count_if(aqi = aqi_published)",
                "count_if(category = category_published)")
            .head();
    figures.add(List.of("cnemc.stations", String.valueOf(cnemc.getLong(0))));
    figures.add(List.of("cnemc.stations_publishing_aqi", String.valueOf(cnemc.getLong(1))));
    figures.add(List.of("cnemc.aqi_equal_to_published", String.valueOf(cnemc.getLong(2))));
    figures.add(List.of("cnemc.category_equal_to_published", String.valueOf(cnemc.getLong(3))));
    for (Row r :
        ctx.tables()
            .read(spark, "gold.city_day_air")
            .where("city_code = '110000' AND year(local_date) BETWEEN 2014 AND 2016")
            .groupBy(year(col("local_date")).as("y"))
            .agg(
                count(col("aqi")).as("rated_days"),
                count_if(col("is_good_air_day")).as("good_air_days"),
                round(avg(col("pm25_ugm3")), 1).as("pm25"))
            .collectAsList()) {
      String y = "beijing." + r.getInt(0);
      figures.add(List.of(y + ".rated_days", String.valueOf(r.getLong(1))));
      figures.add(List.of(y + ".good_air_days", String.valueOf(r.getLong(2))));
      figures.add(List.of(y + ".pm25_mean_ugm3", Golden.format(r.getDouble(3))));
    }

    Golden.assertRows(
        "real-data.tsv",
        List.of(
            "Real-data figures as README.md (Real public data) and docs/real-data.md state them,",
            "checked by RealDatasetsIT. Written by hand from the docs: if a figure moves, fix the"
                + " code or change the docs and this file together."),
        List.of("figure", "value"),
        figures,
        1);
  }

  @Test
  void unmappedCnemcCityNamesAreQuarantinedNotDropped() {
    assertThat(
            ctx.tables()
                .read(spark, "ops.quarantine")
                .where(
                    "source = 'china_cnemc_station_snapshot' AND array_contains(rule_ids, 'city_code.lookup')")
                .count())
        .as("stations of 胶南市 (merged into Qingdao's Huangdao district in 2012)")
        .isEqualTo(2);
  }

  @Test
  void aDownwardRevisionIsFlaggedNotANegativeNewCount() {
    assertThat(
            ctx.tables()
                .read(spark, "silver.disease_daily")
                .where("confirmed_new < 0 OR cured_new < 0 OR dead_new < 0")
                .count())
        .isZero();
    Row wuhan =
        ctx.tables()
            .read(spark, "silver.disease_daily")
            .where("city_code = '420100' AND local_date = DATE'2020-01-03'")
            .selectExpr("confirmed_cum", "confirmed_new", "confirmed_correction", "is_correction")
            .head();
    assertThat(wuhan.toSeq())
        .as("Wuhan 2020-01-03: 44 -> 41")
        .isEqualTo(DataFrameAssert.row(41L, 0L, 3L, true).toSeq());
  }

  @Test
  void beijingGetsDailyAirQualityAndCoInMilligrams() {
    Row r =
        ctx.tables()
            .read(spark, "gold.city_day_air")
            .where(
                "city_code = '110000' AND local_date BETWEEN DATE'2015-01-01' AND DATE'2015-01-31'")
            .selectExpr("count(*)", "count(aqi)", "max(co_mgm3)")
            .head();
    assertThat(r.getLong(0)).as("Beijing days in January 2015").isEqualTo(31);
    assertThat(r.getLong(1)).as("days with an AQI").isEqualTo(31);
    assertThat(r.getDouble(2)).as("daily CO, mg/m3 (delivered in ug/m3)").isBetween(0.1, 20.0);
  }

  @Test
  void declaredKeysOfTheRealDataTablesAreUnique() {
    assertThat(
            Keys.assertUnique(
                spark,
                ctx.tables(),
                List.of(
                    "silver.air_station_hourly",
                    "silver.disease_daily",
                    "silver.province_annual_stat",
                    "gold.city_day_air")))
        .as("tables this test writes (Los-loop is ingested only)")
        .hasSize(4);
  }
}
