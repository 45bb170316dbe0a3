package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
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

/**
 * KpiJob through its Delta tables: a re-run replaces the periods it recomputes (kpi.observation and
 * kpi.attainment) or the months it writes (kpi.info_consumption), reading the history it needs. The
 * KPI rules themselves are unit tests on in-memory frames (ObservationRulesTest,
 * AttainmentRulesTest); the figures of a whole run are pinned by the golden files of RunCommandIT.
 */
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
  void aRerunReplacesThePeriodsOfTheFirstRun(SparkSession spark, @TempDir Path dir) {
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
