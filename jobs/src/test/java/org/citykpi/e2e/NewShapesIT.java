package org.citykpi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
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
 * Three real-world shapes nobody wrote Java for, each with a contract only (fixtures/shapes, small
 * hand-written files of those shapes): a city COVID-19 export with short city names and many
 * snapshots a day written newest first; an hourly traffic-volume CSV of a US freeway station in
 * America/Chicago with Kelvin temperatures, None holidays, a fall-back hour and impossible weather
 * values; an older NBS vintage landed in a folder that sorts after the revised one.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewShapesIT {
  static final Path SHAPES = SchemaCopies.FIXTURES.resolve("shapes");
  static final Path LANDING = SHAPES.resolve("landing");
  static final List<String> SOURCES =
      List.of("covid_city_snapshots", "i94_traffic_volume", "nbs_province_annual");
  static final Interval SPAN = Interval.of("2015-01-01", "2020-12-31");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path tmp;
  SparkSession spark;
  Path schemas;
  RunContext ctx;
  Map<String, RunLog.Entry> log = new HashMap<>();

  @BeforeAll
  void runTheThreeFeeds(SparkSession spark) throws IOException {
    this.spark = spark;
    schemas = SchemaCopies.copy(tmp.resolve("schemas"), SHAPES.resolve("sources"));
    Preflight.check(schemas);
    ctx = run();
    for (RunLog.Entry e : ctx.log().entries()) {
      log.put(e.job() + "/" + e.source(), e);
    }
  }

  RunContext run() {
    RunContext c = new RunContext(spark, tmp.resolve("warehouse").toString(), schemas, SPAN, CLOCK);
    Pipeline.ingest(c, LANDING.toString(), Pipeline.sources(c, SOURCES), Plans.KEY);
    Pipeline.clean(c, Plans.KEY, Pipeline.sources(c, SOURCES));
    return c;
  }

  Dataset<Row> table(String name) {
    return ctx.tables().read(spark, name);
  }

  @Test
  void everyLineIsAcceptedOrQuarantinedAndCountedOnce() throws IOException {
    Map<String, Long> lines =
        Map.of(
            "covid_city_snapshots", dataLines(LANDING.resolve("health/covid_city_snapshots")),
            "i94_traffic_volume", dataLines(LANDING.resolve("traffic/i94_traffic_volume")),
            // two exports of 2 provinces x 3 years
            "nbs_province_annual", 12L);
    for (String s : SOURCES) {
      RunLog.Entry in = log.get("ingest/" + s);
      RunLog.Entry clean = log.get("clean/" + s);
      assertThat(in.rowsIn()).as("ingest rows_in of " + s).isEqualTo(lines.get(s));
      assertThat(in.rowsAccepted() + in.rowsQuarantined()).isEqualTo(in.rowsIn());
      assertThat(clean.rowsIn())
          .as("clean reads what ingest accepted")
          .isEqualTo(in.rowsAccepted());
      assertThat(clean.rowsAccepted() + clean.rowsQuarantined()).isEqualTo(clean.rowsIn());
      long quarantined = table("ops.quarantine").where("source = '" + s + "'").count();
      assertThat(quarantined).isEqualTo(in.rowsQuarantined() + clean.rowsQuarantined());
    }
    assertThat(
            Keys.assertUnique(
                spark,
                ctx.tables(),
                List.of(
                    "silver.disease_daily",
                    "silver.traffic_volume",
                    "silver.province_annual_stat")))
        .hasSize(3);
  }

  static long dataLines(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        n += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count() - 1;
      }
    }
    return n;
  }

  @Test
  void newestFirstSnapshotsKeepEachDaysNewestAndShortNamesMapInTheirProvince() {
    Dataset<Row> covid = table("silver.disease_daily").where("source = 'covid_city_snapshots'");
    Map<String, Long> confirmed = new HashMap<>();
    for (Row r :
        covid.selectExpr("concat(city_code, ' ', local_date)", "confirmed_cum").collectAsList()) {
      confirmed.put(r.getString(0), r.getLong(1));
    }

    assertThat(confirmed)
        .containsEntry("422800 2020-01-30", 66L) // 恩施州: 22:24 snapshot, not the 51 of 10:10
        .containsEntry("420100 2020-01-30", 2639L) // 武汉
        .containsEntry("371400 2020-01-30", 11L) // 德州 in 山东, not 德宏州 (533100)
        .containsEntry("110105 2020-01-30", 14L) // 朝阳区 in 北京
        .containsEntry("420900 2020-01-30", 332L) // 孝感
        .hasSize(8);
    assertThat(
            covid
                .where("city_code = '420100' AND local_date = DATE'2020-01-30'")
                .head()
                .<Long>getAs("confirmed_new"))
        .as("new cases of 30 January: newest snapshot minus the 29th's")
        .isEqualTo(2639L - 1905L);
    assertThat(
            table("ops.quarantine")
                .where(
                    "source = 'covid_city_snapshots' AND array_contains(rule_ids, 'city_code.not_a_division')")
                .count())
        .as("待明确地区 and 外地来京人员")
        .isEqualTo(2);
  }

  @Test
  void theFallBackHourIsTwoHoursAndABadWeatherValueCostsOnlyThatValue() {
    Dataset<Row> v = table("silver.traffic_volume");
    assertThat(v.count()).as("every count kept").isEqualTo(8);
    assertThat(
            v.where("local_date = DATE'2016-11-06' AND local_hour = 1")
                .selectExpr("cast(interval_start_utc AS string)")
                .orderBy("interval_start_utc")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("2016-11-06 06:00:00", "2016-11-06 07:00:00");
    Row late = v.where("interval_start_utc = TIMESTAMP'2016-11-06 03:00:00'").head();
    assertThat(late.<java.sql.Date>getAs("local_date").toLocalDate())
        .as("22:00 CDT is the 5th in Chicago, the 6th in UTC")
        .isEqualTo(LocalDate.parse("2016-11-05"));
    assertThat(late.<Double>getAs("temp_c")).isEqualTo(9.0); // 282.15 K
    Row zeroKelvin = v.where("vehicles = 655").head();
    assertThat(zeroKelvin.<Double>getAs("temp_c")).as("0 K is impossible: nulled").isNull();
    assertThat(v.where("vehicles = 410").head().<Double>getAs("rain_mm")).isNull();
    assertThat(v.where("holiday IS NOT NULL").selectExpr("holiday").head().getString(0))
        .isEqualTo("Veterans Day");
    RunLog.Entry in = log.get("ingest/i94_traffic_volume");
    assertThat(in.valuesNulled()).isEqualTo(2);
    assertThat(in.message()).contains("2 values nulled (temp_c.range 1, rain_mm.range 1)");
  }

  @Test
  void theNewestVintageIsCurrentAndTheOlderOneStaysQueryable() {
    Dataset<Row> gdp =
        table("silver.province_annual_stat")
            .where("province_code = '110000' AND year = 2017 AND indicator_name_zh = '地区生产总值'");
    assertThat(gdp.where("is_latest_vintage").selectExpr("value").head().getDouble(0))
        .as("Beijing GDP 2017, revised")
        .isEqualTo(31325.9);
    assertThat(gdp.where("NOT is_latest_vintage").selectExpr("value", "vintage").head().toSeq())
        .isEqualTo(org.citykpi.testing.DataFrameAssert.row(28014.94, "2017").toSeq());
    assertThat(
            table("ops.quarantine")
                .where("source = 'nbs_province_annual' AND stage = 'clean'")
                .count())
        .as("neither vintage is quarantined as delivered later")
        .isZero();
  }

  @Test
  void anExportOfAnUndeclaredVintageStopsIngestNamingTheFile() throws IOException {
    Path repoContracts = SchemaCopies.copy(tmp.resolve("repo-schemas"));
    RunContext c =
        new RunContext(spark, tmp.resolve("other").toString(), repoContracts, SPAN, CLOCK);

    assertThatThrownBy(
            () ->
                Pipeline.ingest(
                    c,
                    LANDING.toString(),
                    Pipeline.sources(c, List.of("nbs_province_annual")),
                    null))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(
            "File economy/nbs_province_annual_gdp/分省年度数据.csv matches none of the vintages");
  }

  /** Cleaning again leaves silver as it was (the declared order does not depend on the run). */
  @Test
  void cleaningAgainChangesNothing() {
    List<String> silver =
        List.of("silver.disease_daily", "silver.traffic_volume", "silver.province_annual_stat");
    Map<String, List<Row>> then = new HashMap<>();
    for (String t : silver) {
      then.put(t, table(t).collectAsList());
    }
    Pipeline.clean(ctx, Plans.KEY, Pipeline.sources(ctx, SOURCES));
    for (String t : silver) {
      assertThat(table(t).collectAsList())
          .as(t + " after cleaning again")
          .containsExactlyInAnyOrderElementsOf(then.get(t));
    }
  }
}
