package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Interval;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gold rows → city observations: stacking, the quality rule and the final/provisional counts. */
@ExtendWith(SparkExtension.class)
class ObservationsTest {
  static final String GOLD =
      "city_code STRING, local_date DATE, stations INT, station_hours BIGINT, pm25 DOUBLE";
  static final String RULE = "stations >= 1 AND station_hours >= 20 * stations";
  static final Kpi PM25 =
      new Kpi(
          "P",
          "细颗粒物",
          "PM2.5",
          "mean",
          "均值",
          "ug/m3",
          "gold.city_day_air",
          "pm25 * stations",
          "stations",
          1.0,
          "lower",
          "day",
          "ratio_of_sums",
          List.of());

  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  static Dataset<Row> gold(SparkSession spark) {
    return frame(
        spark,
        GOLD,
        row("A", d("2026-11-02"), 2, 48L, 30.0), // 24 h a station
        row("A", d("2026-11-03"), 2, 40L, 50.0), // boundary: exactly 20 h a station
        row("A", d("2026-11-04"), 2, 39L, 40.0), // one hour short: data, but not within quality
        row("A", d("2026-11-05"), 2, null, 20.0), // unknown hours: the rule is not met
        row("A", d("2026-11-06"), 2, 48L, null)); // no PM2.5: no data at all
  }

  @Test
  void stackMarksRowsOutsideTheQualityRuleAndNullsIncompleteFractions(SparkSession spark) {
    assertRows(
        Observations.stack(gold(spark), List.of(PM25), "local_date", RULE),
        List.of(
            row("A", d("2026-11-02"), "P", 60.0, 2.0, true),
            row("A", d("2026-11-03"), "P", 100.0, 2.0, true),
            row("A", d("2026-11-04"), "P", 80.0, 2.0, false),
            row("A", d("2026-11-05"), "P", 40.0, 2.0, false),
            row("A", d("2026-11-06"), "P", null, null, true)));
  }

  @Test
  void withoutARuleEveryRowIsWithinQuality(SparkSession spark) {
    assertRows(
        Observations.stack(
            gold(spark).where("local_date = DATE'2026-11-04'"), List.of(PM25), "local_date", null),
        List.of(row("A", d("2026-11-04"), "P", 80.0, 2.0, true)));
  }

  @Test
  void aPeriodIsFinalOnlyWhenEveryDayHasDataWithinQuality(SparkSession spark) {
    Dataset<Row> meta = KpiFrames.meta(spark, List.of(PM25));
    Dataset<Row> days =
        Observations.withPeriods(
            Observations.stack(gold(spark), List.of(PM25), "local_date", RULE),
            List.of(Periods.DAY, Periods.WEEK));
    assertRows(
        Observations.aggregateCities(days, meta, false)
            .where("geo_code = 'A'")
            .select(
                "period",
                "num",
                "den",
                "units_expected",
                "units_with_data",
                "units_within_quality",
                "is_final"),
        List.of(
            row("2026-11-02", 60.0, 2.0, 1, 1, 1, true),
            row("2026-11-03", 100.0, 2.0, 1, 1, 1, true),
            row("2026-11-04", 80.0, 2.0, 1, 1, 0, false),
            row("2026-11-05", 40.0, 2.0, 1, 1, 0, false),
            row("2026-11-06", null, null, 1, 0, 0, false),
            // week 2026-W45 (Mon 2 .. Sun 8 Nov): 4 days with data, 2 within quality, 7 expected
            row("2026-W45", 280.0, 8.0, 7, 4, 2, false)));
  }

  @Test
  void periodsOfARunAreThoseOfAllGrainsThatOverlapIt(SparkSession spark) {
    // Wednesday 2026-12-30: its ISO week runs Mon 2026-12-28 .. Sun 2027-01-03, across the year's
    // end; the boundary days on both sides of each period, and a row without a date
    Dataset<Row> rows =
        frame(
            spark,
            "city_code STRING, obs_date DATE",
            row("A", d("2025-12-31")),
            row("A", d("2026-01-01")),
            row("A", d("2026-09-30")),
            row("A", d("2026-10-01")),
            row("A", d("2026-11-30")),
            row("A", d("2026-12-01")),
            row("A", d("2026-12-27")),
            row("A", d("2026-12-28")),
            row("A", d("2026-12-30")),
            row("A", d("2026-12-31")),
            row("A", d("2027-01-01")),
            row("A", d("2027-01-03")),
            row("A", d("2027-01-04")),
            row("A", null));
    for (Interval run :
        List.of(
            Interval.of("2026-12-30", "2026-12-30"),
            Interval.of("2026-12-01", "2027-01-01"),
            Interval.of("2027-01-03", "2027-01-04"))) {
      Dataset<Row> expected =
          Observations.withPeriods(rows, Periods.DAILY_GRAINS).where(Periods.overlapping(run));
      Dataset<Row> actual = Observations.withPeriods(rows, Periods.DAILY_GRAINS, run);
      assertThat(actual.exceptAll(expected).count()).as("extra rows for " + run).isZero();
      assertThat(expected.exceptAll(actual).count()).as("missing rows for " + run).isZero();
    }
    // the day itself, its week, December, Q4 and 2026: five periods for 2026-12-30
    assertRows(
        Observations.withPeriods(
                rows, Periods.DAILY_GRAINS, Interval.of("2026-12-30", "2026-12-30"))
            .where("obs_date = DATE'2026-12-30'")
            .select("period"),
        List.of(row("2026-12-30"), row("2026-W53"), row("2026-12"), row("2026-Q4"), row("2026")));
  }
}
