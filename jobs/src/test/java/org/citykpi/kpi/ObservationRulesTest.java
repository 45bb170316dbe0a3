package org.citykpi.kpi;

import static org.citykpi.kpi.KpiHarness.DAY;
import static org.citykpi.kpi.KpiHarness.DAY_SPEC;
import static org.citykpi.kpi.KpiHarness.MONTH;
import static org.citykpi.kpi.KpiHarness.MONTH_SPEC;
import static org.citykpi.kpi.KpiHarness.day;
import static org.citykpi.kpi.KpiHarness.gold;
import static org.citykpi.kpi.KpiHarness.kpi;
import static org.citykpi.kpi.KpiHarness.month;
import static org.citykpi.kpi.KpiHarness.target;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.row;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Interval;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kpi.observation rules on in-memory frames ({@link KpiHarness}): ratios roll up as ratios of sums,
 * a zero denominator gives null, ISO weeks cross the new year (2026-W53), and a period is final
 * only when every day or month of it has data. Every expected figure is worked out in the comments.
 */
@ExtendWith(SparkExtension.class)
class ObservationRulesTest {
  /** FTTH share of households at the latest month of the period (a stock). */
  static final String FTTH =
      kpi(
          "FTTH",
          "pct",
          MONTH,
          "ftth",
          "households",
          100,
          "higher",
          "last",
          target("P", ">=", 85, "2017-12-31"));

  /** Share of visits booked online over the period (a flow). */
  static final String BOOKED =
      kpi("BOOKED", "pct", DAY, "booked", "visits", 100, "higher", "ratio_of_sums");

  /** Mean PM2.5 of the days with a value. */
  static final String PM25 =
      kpi(
          "PM25",
          "ug/m3",
          DAY,
          "pm25",
          "CASE WHEN pm25 IS NOT NULL THEN 1 ELSE 0 END",
          1,
          "lower",
          "ratio_of_sums");

  static final String[] OBS_COLUMNS = {
    "geo_level", "geo_code", "value", "numerator", "denominator", "cities"
  };

  @Test
  void aRatioRollsUpAsTheRatioOfSumsNotTheMeanOfRatios(SparkSession spark) {
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            KpiHarness.catalog(FTTH),
            Map.of(
                MONTH,
                gold(
                    spark,
                    MONTH_SPEC,
                    List.of(
                        month("A", "2026-10", 100.0, 80.0, null, null),
                        month("B", "2026-10", 300.0, 270.0, null, null)))),
            Interval.of("2026-10-01", "2026-10-31"));

    // A 80 %, B 90 %: province P1 and programme P are (80 + 270) / (100 + 300) = 87.5 %, not 85 %
    assertRows(
        obs.where("period = '2026-10'").selectExpr(OBS_COLUMNS),
        List.of(
            row("city", "A", 80.0, 80.0, 100.0, 1),
            row("city", "B", 90.0, 270.0, 300.0, 1),
            row("province", "P1", 87.5, 350.0, 400.0, 2),
            row("programme", "P", 87.5, 350.0, 400.0, 2)));
  }

  @Test
  void aZeroDenominatorGivesNullNeitherInfinityNorNaN(SparkSession spark) {
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            KpiHarness.catalog(FTTH, BOOKED),
            Map.of(
                MONTH,
                gold(spark, MONTH_SPEC, List.of(month("D", "2026-10", 0.0, 0.0, null, null))),
                DAY,
                gold(
                    spark,
                    DAY_SPEC,
                    List.of(
                        day("D", "2026-10-05", 24, null, null, 0L, 0L),
                        day("D", "2026-10-06", 24, null, null, 10L, 4L),
                        day("D", "2026-10-07", 24, null, null, null, 3L)))),
            Interval.of("2026-10-01", "2026-10-31"));

    assertRows(
        obs.where("geo_level = 'city' AND period_type IN ('day', 'week', 'month')")
            .selectExpr("kpi_id", "period", "value", "numerator", "denominator", "units_with_data"),
        List.of(
            // households 0: the month is null, with its zero sums kept for the roll-ups
            row("FTTH", "2026-10", null, 0.0, 0.0, 1),
            // no visits on the 5th: null; the 7th has no visit count, so it is no data at all
            row("BOOKED", "2026-10-05", null, 0.0, 0.0, 1),
            row("BOOKED", "2026-10-06", 40.0, 4.0, 10.0, 1),
            row("BOOKED", "2026-10-07", null, null, null, 0),
            // the week and month: 4 / (0 + 10) = 40 %
            row("BOOKED", "2026-W41", 40.0, 4.0, 10.0, 2),
            row("BOOKED", "2026-10", 40.0, 4.0, 10.0, 2)));
  }

  @Test
  void isoWeek53OfDecemberRunsIntoJanuary(SparkSession spark) {
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            KpiHarness.catalog(PM25),
            Map.of(
                DAY,
                gold(
                    spark,
                    DAY_SPEC,
                    List.of(
                        day("D", "2026-12-28", 24, 30.0, null, null, null),
                        day("D", "2026-12-29", 24, 40.0, null, null, null),
                        day("D", "2026-12-30", 24, null, null, null, null),
                        day("D", "2026-12-31", 24, 50.0, null, null, null),
                        day("D", "2027-01-01", 24, 20.0, null, null, null)))),
            Interval.of("2026-12-28", "2027-01-03"));

    assertRows(
        obs.where("geo_level = 'city' AND period_type <> 'day'")
            .selectExpr(
                "period_type",
                "period",
                "CAST(period_start AS STRING)",
                "CAST(period_end AS STRING)",
                "value",
                "units_expected",
                "units_with_data",
                "status"),
        List.of(
            // Monday 2026-12-28 .. Sunday 2027-01-03 is week 53 of ISO year 2026:
            // (30 + 40 + 50 + 20) / 4 days with PM2.5 = 35; the 30th has no value, so provisional
            row("week", "2026-W53", "2026-12-28", "2027-01-03", 35.0, 7, 4, "provisional"),
            // December: (30 + 40 + 50) / 3 = 40
            row("month", "2026-12", "2026-12-01", "2026-12-31", 40.0, 31, 3, "provisional"),
            row("month", "2027-01", "2027-01-01", "2027-01-31", 20.0, 31, 1, "provisional"),
            row("quarter", "2026-Q4", "2026-10-01", "2026-12-31", 40.0, 92, 3, "provisional"),
            row("quarter", "2027-Q1", "2027-01-01", "2027-03-31", 20.0, 90, 1, "provisional"),
            row("year", "2026", "2026-01-01", "2026-12-31", 40.0, 365, 3, "provisional"),
            row("year", "2027", "2027-01-01", "2027-12-31", 20.0, 365, 1, "provisional")));
  }

  @Test
  void aPeriodIsFinalOnlyWhenEveryDayHasDataWithinTheQualityRule(SparkSession spark) {
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            KpiHarness.catalog(PM25),
            Map.of(
                DAY,
                gold(
                    spark,
                    DAY_SPEC,
                    List.of(
                        // week 2026-W46 of A: every day with 20 or more hours
                        day("A", "2026-11-09", 24, 10.0, null, null, null),
                        day("A", "2026-11-10", 20, 10.0, null, null, null),
                        day("A", "2026-11-11", 24, 10.0, null, null, null),
                        day("A", "2026-11-12", 24, 10.0, null, null, null),
                        day("A", "2026-11-13", 24, 10.0, null, null, null),
                        day("A", "2026-11-14", 24, 10.0, null, null, null),
                        day("A", "2026-11-15", 24, 10.0, null, null, null),
                        // the same week of B: one day has 19 hours
                        day("B", "2026-11-09", 24, 20.0, null, null, null),
                        day("B", "2026-11-10", 19, 20.0, null, null, null),
                        day("B", "2026-11-11", 24, 20.0, null, null, null),
                        day("B", "2026-11-12", 24, 20.0, null, null, null),
                        day("B", "2026-11-13", 24, 20.0, null, null, null),
                        day("B", "2026-11-14", 24, 20.0, null, null, null),
                        day("B", "2026-11-15", 24, 20.0, null, null, null)))),
            Interval.of("2026-11-09", "2026-11-15"));

    assertRows(
        obs.where("period = '2026-W46'")
            .selectExpr(
                "geo_level", "geo_code", "value", "units_within_quality", "cities", "status"),
        List.of(
            row("city", "A", 10.0, 7, 1, "final"),
            // the 19-hour day keeps its value but leaves the week provisional
            row("city", "B", 20.0, 6, 1, "provisional"),
            // a roll-up is final only when all its cities are: (70 + 140) / 14 = 15
            row("province", "P1", 15.0, 13, 2, "provisional"),
            row("programme", "P", 15.0, 13, 2, "provisional")));
  }
}
