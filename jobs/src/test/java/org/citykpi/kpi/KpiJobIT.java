package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.TableSpec;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class KpiJobIT {
  static final String MONTHLY = "gold.city_month_indicators";
  static final String AIR = "gold.city_day_air";
  static final String HANGZHOU = "330100";
  static final String NINGBO = "330200";
  static final String YANCHENG = "320900";
  static final String SHIJIAZHUANG = "130100";

  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  static Row one(SparkSession spark, RunContext ctx, String table, String where) {
    List<Row> rows = ctx.tables().read(spark, table).where(where).collectAsList();
    assertThat(rows).as("rows of %s where %s", table, where).hasSize(1);
    return rows.get(0);
  }

  static Double value(Row r) {
    return r.isNullAt(r.fieldIndex("value")) ? null : r.getDouble(r.fieldIndex("value"));
  }

  @Test
  void ratioRollsUpAsRatioOfSumsAndZeroDenominatorGivesNull(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = Warehouse.context(spark, dir, "2026-10-01", "2026-10-31");
    TableSpec spec = ctx.tables().spec(MONTHLY);
    Warehouse.write(
        ctx,
        MONTHLY,
        List.of(
            Warehouse.row(
                spec, HANGZHOU, "2026-10-01", m("ftth_households", 80.0, "households", 100.0)),
            Warehouse.row(
                spec,
                NINGBO,
                "2026-10-01",
                m("ftth_households", 270.0, "households", 300.0, "broadband_households", null)),
            Warehouse.row(
                spec, YANCHENG, "2026-10-01", m("ftth_households", 0.0, "households", 0.0))));

    KpiJob.Result first = KpiJob.run(ctx);
    KpiJob.Result second = KpiJob.run(ctx);

    String t02 = "kpi_id = 'T02' AND period = '2026-10' AND ";
    assertThat(value(one(spark, ctx, "kpi.observation", t02 + "geo_code = '" + HANGZHOU + "'")))
        .isEqualTo(80.0);
    // (80 + 270) / (100 + 300) = 87.5 %, not the mean of ratios (80 + 90) / 2 = 85 %
    Row province =
        one(spark, ctx, "kpi.observation", t02 + "geo_level = 'province' AND geo_code = '330000'");
    assertThat(value(province)).isEqualTo(87.5);
    assertThat(province.<Integer>getAs("cities")).isEqualTo(2);
    assertThat(value(one(spark, ctx, "kpi.observation", t02 + "geo_code = 'ZJ-2011'")))
        .isEqualTo(87.5);
    // households = 0: null, not infinity or NaN
    Row zero = one(spark, ctx, "kpi.observation", t02 + "geo_code = '" + YANCHENG + "'");
    assertThat(value(zero)).isNull();
    assertThat(zero.<String>getAs("status")).isEqualTo("final");
    // one month of three: the quarter is provisional
    assertThat(
            one(
                    spark,
                    ctx,
                    "kpi.observation",
                    "kpi_id = 'T02' AND period = '2026-Q4' AND geo_code = '" + NINGBO + "'")
                .<String>getAs("status"))
        .isEqualTo("provisional");

    // a benchmark city past the deadline, a programme city with a null value, a city that meets it
    String att = "kpi_id = 'T02' AND period_type = 'month' AND city_code = ";
    Row hz = one(spark, ctx, "kpi.attainment", att + "'" + HANGZHOU + "'");
    assertThat(hz.<String>getAs("comparison")).isEqualTo("benchmark");
    assertThat(hz.<String>getAs("programme")).isEqualTo("YC-2015");
    assertThat(hz.<Double>getAs("attainment_pct")).isCloseTo(80.0 / 85.0 * 100, within(1e-6));
    assertThat(hz.<Boolean>getAs("is_deadline_passed")).isTrue();
    assertThat(hz.<String>getAs("status")).isEqualTo("off track");
    assertThat(one(spark, ctx, "kpi.attainment", att + "'" + NINGBO + "'").<String>getAs("status"))
        .isEqualTo("met");
    Row yc = one(spark, ctx, "kpi.attainment", att + "'" + YANCHENG + "'");
    assertThat(yc.<String>getAs("comparison")).isEqualTo("programme");
    assertThat(yc.<String>getAs("status")).isEqualTo("insufficient data");
    assertThat(yc.<String>getAs("clause_zh")).isEqualTo("光纤入户率达到85%以上");
    // a KPI without targets still gets rows (information consumption per capita)
    assertThat(ctx.tables().read(spark, "kpi.attainment").where("kpi_id = 'T17-PC'").count())
        .isPositive();

    // idempotent: the second run replaced the first run's rows
    assertThat(second.observationRows()).isEqualTo(first.observationRows());
    assertThat(ctx.tables().read(spark, "kpi.observation").count())
        .isEqualTo(first.observationRows());
  }

  @Test
  void lowerIsBetterAroundNewYear(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = Warehouse.context(spark, dir, "2026-12-31", "2026-12-31");
    TableSpec spec = ctx.tables().spec(AIR);
    Warehouse.write(
        ctx,
        AIR,
        List.of(
            Warehouse.row(
                spec, SHIJIAZHUANG, "2026-12-28", m("pm25_ugm3", 30.0, "is_good_air_day", true)),
            Warehouse.row(
                spec, SHIJIAZHUANG, "2026-12-29", m("pm25_ugm3", 40.0, "is_good_air_day", true)),
            Warehouse.row(
                spec, SHIJIAZHUANG, "2026-12-30", m("pm25_ugm3", null, "is_good_air_day", null)),
            Warehouse.row(
                spec, SHIJIAZHUANG, "2026-12-31", m("pm25_ugm3", 50.0, "is_good_air_day", false)),
            Warehouse.row(
                spec, SHIJIAZHUANG, "2027-01-01", m("pm25_ugm3", 20.0, "is_good_air_day", true))));

    KpiJob.run(ctx);

    // 2026-12-31 and 2027-01-01 are both in ISO week 2026-W53: (30 + 40 + 50 + 20) / 4 = 35
    Row week = one(spark, ctx, "kpi.attainment", "kpi_id = 'Q05b' AND period = '2026-W53'");
    assertThat(week.<Double>getAs("value")).isEqualTo(35.0);
    assertThat(week.<Double>getAs("attainment_pct")).isEqualTo(100.0); // 35 / 35, boundary of <= 35
    assertThat(week.<String>getAs("status")).isEqualTo("met");
    // the month has (30 + 40 + 50) / 3 = 40 > 35: lower is better, so 35 / 40 = 87.5 %
    Row month = one(spark, ctx, "kpi.attainment", "kpi_id = 'Q05b' AND period = '2026-12'");
    assertThat(month.<Double>getAs("value")).isEqualTo(40.0);
    assertThat(month.<Double>getAs("attainment_pct")).isEqualTo(87.5);
    // three days of 365: too few for a yearly ratio of sums
    Row year = one(spark, ctx, "kpi.attainment", "kpi_id = 'Q05b' AND period = '2026'");
    assertThat(year.<String>getAs("obs_status")).isEqualTo("provisional");
    assertThat(year.<String>getAs("status")).isEqualTo("insufficient data");
    // good-air days of the week: 3 of 4 days with an AQI
    assertThat(
            value(
                one(
                    spark,
                    ctx,
                    "kpi.observation",
                    "kpi_id = 'Q05' AND period = '2026-W53' AND geo_level = 'city'")))
        .isEqualTo(75.0);
    assertThat(
            one(
                    spark,
                    ctx,
                    "kpi.observation",
                    "kpi_id = 'Q05b' AND period_type = 'day' AND geo_level = 'city'")
                .<String>getAs("period"))
        .isEqualTo("2026-12-31");
  }

  @Test
  void projectionMeetsOrMissesTheTargetAtTheDeadline(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = Warehouse.context(spark, dir, "2017-01-01", "2017-06-30");
    TableSpec spec = ctx.tables().spec(MONTHLY);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(
          Warehouse.row(
              spec,
              YANCHENG,
              String.format("2017-%02d-01", i + 1),
              m(
                  "households",
                  100.0,
                  "ftth_households",
                  70.0 + 2 * i,
                  "broadband_households",
                  50.0 + i)));
    }
    Warehouse.write(ctx, MONTHLY, rows);

    KpiJob.run(ctx);

    String june = "period = '2017-06' AND city_code = '" + YANCHENG + "' AND kpi_id = ";
    // FTTH 70, 72 .. 80 %: +2 a month reaches 80 + 2 × 6 = 92 >= 85 by December 2017
    Row ftth = one(spark, ctx, "kpi.attainment", june + "'T02'");
    assertThat(ftth.<Double>getAs("projected_value")).isCloseTo(92.0, within(1e-6));
    assertThat(ftth.<Boolean>getAs("projection_meets_target")).isTrue();
    assertThat(ftth.<Integer>getAs("trend_points")).isEqualTo(6);
    assertThat(ftth.<String>getAs("status")).isEqualTo("on track");
    assertThat(ftth.<Double>getAs("change_prev")).isCloseTo(2.0, within(1e-6));
    assertThat(ftth.<Integer>getAs("rank_in_programme")).isEqualTo(1);
    // broadband 50 .. 55 %: +1 a month reaches 61 < 90
    Row broadband = one(spark, ctx, "kpi.attainment", june + "'T07'");
    assertThat(broadband.<Double>getAs("projected_value")).isCloseTo(61.0, within(1e-6));
    assertThat(broadband.<Boolean>getAs("projection_meets_target")).isFalse();
    assertThat(broadband.<String>getAs("status")).isEqualTo("off track");
  }

  @Test
  void aGrowthPromiseIsJudgedAsCompoundGrowthSinceTheBaseline(
      SparkSession spark, @TempDir Path dir) {
    RunContext ctx = Warehouse.context(spark, dir, "2014-01-01", "2017-12-31");
    TableSpec spec = ctx.tables().spec(MONTHLY);
    List<Row> rows = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      rows.add(
          Warehouse.row(
              spec,
              YANCHENG,
              String.format("2014-%02d-01", mo),
              m("smart_industry_revenue", 25.0)));
      rows.add(
          Warehouse.row(
              spec,
              YANCHENG,
              String.format("2017-%02d-01", mo),
              m("smart_industry_revenue", 60.0)));
      rows.add(
          Warehouse.row(
              spec,
              HANGZHOU,
              String.format("2014-%02d-01", mo),
              m("smart_industry_revenue", 40.0)));
      rows.add(
          Warehouse.row(
              spec,
              HANGZHOU,
              String.format("2017-%02d-01", mo),
              m("smart_industry_revenue", 60.0)));
    }
    Warehouse.write(ctx, MONTHLY, rows);

    KpiJob.run(ctx);

    String t11 = "kpi_id = 'T11' AND period = '2017' AND city_code = ";
    // Yancheng: 300 -> 720 in 3 years, (720 / 300)^(1/3) = 1.33887 : 33.9 %/yr >= 30 and 720 > 700
    Row yc = one(spark, ctx, "kpi.attainment", t11 + "'" + YANCHENG + "'");
    assertThat(yc.<Double>getAs("value")).isEqualTo(720.0);
    assertThat(yc.<Double>getAs("baseline_value")).isEqualTo(300.0);
    assertThat(yc.<Double>getAs("target_growth_pct")).isEqualTo(30.0);
    assertThat(yc.<Double>getAs("growth_cagr_pct")).isCloseTo(33.886590, within(1e-6));
    assertThat(yc.<Boolean>getAs("is_growth_met")).isTrue();
    assertThat(yc.<String>getAs("status")).isEqualTo("met");
    // Hangzhou (benchmark): the same 720 > 700, but 480 -> 720 is (1.5)^(1/3) = 1.14471 : 14.5 %/yr
    // < 30
    Row hz = one(spark, ctx, "kpi.attainment", t11 + "'" + HANGZHOU + "'");
    assertThat(hz.<Boolean>getAs("is_met")).isTrue();
    assertThat(hz.<Double>getAs("growth_cagr_pct")).isCloseTo(14.471424, within(1e-6));
    assertThat(hz.<Boolean>getAs("is_growth_met")).isFalse();
    assertThat(hz.<String>getAs("status")).isEqualTo("at risk");
    // growth is a yearly promise: months carry the target but no rate
    Row month =
        one(
            spark,
            ctx,
            "kpi.attainment",
            "kpi_id = 'T11' AND period = '2017-12' AND city_code = '" + YANCHENG + "'");
    assertThat(month.<Double>getAs("target_growth_pct")).isEqualTo(30.0);
    assertThat(month.isNullAt(month.fieldIndex("growth_cagr_pct"))).isTrue();
  }

  @Test
  void infoConsumptionReadsHistoryAndReplacesOnlyTheRunMonths(
      SparkSession spark, @TempDir Path dir) {
    RunContext january = Warehouse.context(spark, dir, "2017-01-01", "2017-01-31");
    TableSpec spec = january.tables().spec(MONTHLY);
    Warehouse.write(
        january,
        MONTHLY,
        List.of(
            Warehouse.row(spec, YANCHENG, "2016-01-01", m("info_consumption_total", 100.0)),
            Warehouse.row(spec, YANCHENG, "2016-12-01", m("info_consumption_total", 110.0)),
            Warehouse.row(spec, YANCHENG, "2017-01-01", m("info_consumption_total", 121.0)),
            Warehouse.row(spec, YANCHENG, "2017-02-01", m("info_consumption_total", 99.0))));

    KpiJob.run(january);
    assertThat(january.tables().read(spark, InfoConsumption.TABLE).count())
        .as("rows after January")
        .isEqualTo(1);
    RunContext again = Warehouse.context(spark, dir, "2017-01-20", "2017-02-03");
    KpiJob.run(again);

    // 2016 is history only: January against December (+10 %) and January 2016 (+21 %)
    List<Row> rows =
        again
            .tables()
            .read(spark, InfoConsumption.TABLE)
            .orderBy("month")
            .select(
                "month",
                "info_consumption_total_mom_pct",
                "info_consumption_total_yoy_pct",
                "_run_id")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.getDate(0).toString())
        .containsExactly("2017-01-01", "2017-02-01");
    assertThat(rows.get(0).getDouble(1)).isCloseTo(10.0, within(1e-9));
    assertThat(rows.get(0).getDouble(2)).isCloseTo(21.0, within(1e-9));
    assertThat(rows.get(1).getDouble(1)).isCloseTo(-18.181818, within(1e-6)); // (99 − 121) / 121
    assertThat(rows.get(0).<String>getAs("_run_id")).isEqualTo(again.runId());
    assertThat(again.log().entries())
        .anySatisfy(
            e -> {
              assertThat(e.source()).isEqualTo(InfoConsumption.TABLE);
              assertThat(e.rowsIn()).isEqualTo(4);
              assertThat(e.rowsOut()).isEqualTo(2);
            });
  }
}
