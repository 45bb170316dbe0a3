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

import java.util.ArrayList;
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
 * kpi.attainment rules (docs/kpi-status-rules.md) on in-memory frames ({@link KpiHarness}):
 * comparators at their boundary, lower-is-better attainment, the seven status rules in order with
 * their thresholds, annual totals pro-rated and projected, compound growth since the baseline, the
 * coverage a ratio of sums needs, ranks, benchmark and no-target rows. Programme S (cities S1..S9)
 * starts its pilot on 2015-01-01 with baseline year 2014; every expected figure is worked out in
 * the comments.
 */
@ExtendWith(SparkExtension.class)
class AttainmentRulesTest {
  /** FTTH share at the latest month, held to >= 80 % by 2017-12-31 in programme S. */
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
          target("S", ">=", 80, "2017-12-31"));

  /** Revenue, a yearly total: more than 700 a year by 2017, growing 30 % a year from 2014. */
  static final String REVENUE =
      kpi(
          "REV",
          "yuan_100m",
          MONTH,
          "revenue",
          null,
          1,
          "higher",
          "ratio_of_sums",
          target("S", ">", 700, "2017-12-31", "annual_total: true, growth_pct_per_year: 30"));

  static Dataset<Row> attainment(
      SparkSession spark, String kpi, String table, List<Row> gold, String from, String to) {
    Catalog catalog = KpiHarness.catalog(kpi);
    Interval run = Interval.of(from, to);
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            catalog,
            Map.of(table, gold(spark, table.equals(DAY) ? DAY_SPEC : MONTH_SPEC, gold)),
            run);
    return KpiHarness.attainment(spark, catalog, obs, run);
  }

  /** A month of 100 households of which {@code ftth} have fibre: FTTH = ftth %. */
  static Row ftth(String city, String yearMonth, Double ftth) {
    return month(city, yearMonth, 100.0, ftth, null, null);
  }

  static Row revenue(String city, String yearMonth, double revenue) {
    return month(city, yearMonth, null, null, revenue, null);
  }

  /** Months 1..{@code months} of {@code year} with the same revenue. */
  static List<Row> revenues(String city, int year, int months, double revenue) {
    List<Row> out = new ArrayList<>();
    for (int m = 1; m <= months; m++) {
      out.add(revenue(city, String.format("%d-%02d", year, m), revenue));
    }
    return out;
  }

  @Test
  void eachComparatorAtTheTargetAndJustAboveIt(SparkSession spark) {
    String score =
        kpi(
            "SCORE",
            "index",
            MONTH,
            "score * households",
            "households",
            1,
            "higher",
            "last",
            target("GE", ">=", 80, "2030-12-31"),
            target("GT", ">", 80, "2030-12-31"),
            target("LE", "<=", 80, "2030-12-31"),
            target("LT", "<", 80, "2030-12-31"),
            target("EQ", "=", 80, "2030-12-31"));
    List<Row> gold = new ArrayList<>();
    for (String c : List.of("C1", "C2", "C3", "C4", "C5")) {
      gold.add(month(c, "2026-01", 1.0, null, null, 80.0));
      gold.add(month(c, "2026-02", 1.0, null, null, 80.5));
    }

    assertRows(
        attainment(spark, score, MONTH, gold, "2026-01-01", "2026-02-28")
            .where("period_type = 'month'")
            .selectExpr("city_code", "period", "programme", "comparator", "value", "is_met"),
        List.of(
            row("C1", "2026-01", "GE", ">=", 80.0, true),
            row("C1", "2026-02", "GE", ">=", 80.5, true),
            row("C2", "2026-01", "GT", ">", 80.0, false),
            row("C2", "2026-02", "GT", ">", 80.5, true),
            row("C3", "2026-01", "LE", "<=", 80.0, true),
            row("C3", "2026-02", "LE", "<=", 80.5, false),
            row("C4", "2026-01", "LT", "<", 80.0, false),
            row("C4", "2026-02", "LT", "<", 80.5, false),
            row("C5", "2026-01", "EQ", "=", 80.0, true),
            row("C5", "2026-02", "EQ", "=", 80.5, false)));
  }

  @Test
  void lowerIsBetterAttainmentIsTargetOverValue(SparkSession spark) {
    String pm25 =
        kpi(
            "PM25",
            "ug/m3",
            DAY,
            "pm25",
            "CASE WHEN pm25 IS NOT NULL THEN 1 ELSE 0 END",
            1,
            "lower",
            "ratio_of_sums",
            target("S", "<=", 35, "2030-12-31"));
    List<Row> gold =
        List.of(
            day("S1", "2026-12-28", 24, 30.0, null, null, null),
            day("S1", "2026-12-29", 24, 40.0, null, null, null),
            day("S1", "2026-12-30", 24, null, null, null, null),
            day("S1", "2026-12-31", 24, 50.0, null, null, null),
            day("S1", "2027-01-01", 24, 20.0, null, null, null));

    assertRows(
        attainment(spark, pm25, DAY, gold, "2026-12-28", "2027-01-03")
            .where("period IN ('2026-W53', '2026-12')")
            .selectExpr("period", "value", "target_value", "attainment_pct", "is_met"),
        List.of(
            // (30 + 40 + 50 + 20) / 4 = 35: exactly the limit, 35 / 35 = 100 %
            row("2026-W53", 35.0, 35.0, 100.0, true),
            // (30 + 40 + 50) / 3 = 40 above the limit: 35 / 40 = 87.5 %
            row("2026-12", 40.0, 35.0, 87.5, false)));
  }

  /**
   * June 2017 in programme S, target >= 80 by 2017-12-31: elapsed share (2017-06-30 − 2015-01-01) /
   * (2017-12-31 − 2015-01-01) = 911 / 1095 = 83.196347 %, so 0.75 × elapsed = 62.397260 %.
   */
  @Test
  void statusRulesApplyInOrderWithTheirThresholds(SparkSession spark) {
    List<Row> gold =
        List.of(
            // S1: 85 >= 80, met (rule 3)
            ftth("S1", "2017-06", 85.0),
            // S2: 70, 72, 74: the trend reaches 74 + 2 × 6 = 86 in December, on track (rule 5)
            ftth("S2", "2017-04", 70.0),
            ftth("S2", "2017-05", 72.0),
            ftth("S2", "2017-06", 74.0),
            // S3: 78, 76, 74 falls to 62 by December, but 74 / 80 = 92.5 % >= 90: at risk (rule 6)
            ftth("S3", "2017-04", 78.0),
            ftth("S3", "2017-05", 76.0),
            ftth("S3", "2017-06", 74.0),
            // S4: baseline 70, 72 is exactly 90 % of the target: at risk; progress only 20 %
            ftth("S4", "2014-12", 70.0),
            ftth("S4", "2017-06", 72.0),
            // S5: baseline 70, 71.99 is 89.9875 %, progress 19.9 % < 62.4 %: off track (rule 7)
            ftth("S5", "2014-12", 70.0),
            ftth("S5", "2017-06", 71.99),
            // S6: baseline 50, 76: progress 26 / 30 = 86.67 % >= elapsed, no trend: on track
            ftth("S6", "2014-12", 50.0),
            ftth("S6", "2017-06", 76.0),
            // S7: baseline 20, 65: progress 45 / 60 = 75 % >= 62.4 % (0.75 × elapsed): at risk
            ftth("S7", "2014-12", 20.0),
            ftth("S7", "2017-06", 65.0),
            // S8: January 2018 is past the deadline and not met: off track (rule 4)
            ftth("S8", "2018-01", 79.0),
            // S9: no FTTH figure: insufficient data (rule 2)
            ftth("S9", "2017-06", null));

    assertRows(
        attainment(spark, FTTH, MONTH, gold, "2014-01-01", "2018-01-31")
            .where("period IN ('2017-06', '2018-01')")
            .selectExpr(
                "city_code",
                "value",
                "attainment_pct",
                "baseline_value",
                "ROUND(progress_pct, 2)",
                "ROUND(elapsed_pct, 2)",
                "trend_points",
                "projected_value",
                "change_prev",
                "rank_in_programme",
                "status"),
        List.of(
            row("S1", 85.0, 106.25, null, null, 83.2, 1, null, null, 1, "met"),
            row("S2", 74.0, 92.5, null, null, 83.2, 3, 86.0, 2.0, 3, "on track"),
            row("S3", 74.0, 92.5, null, null, 83.2, 3, 62.0, -2.0, 3, "at risk"),
            row("S4", 72.0, 90.0, 70.0, 20.0, 83.2, 1, null, null, 5, "at risk"),
            row("S5", 71.99, 89.9875, 70.0, 19.9, 83.2, 1, null, null, 6, "off track"),
            row("S6", 76.0, 95.0, 50.0, 86.67, 83.2, 1, null, null, 2, "on track"),
            row("S7", 65.0, 81.25, 20.0, 75.0, 83.2, 1, null, null, 7, "at risk"),
            row("S8", 79.0, 98.75, null, null, 100.0, 1, null, null, 1, "off track"),
            row("S9", null, null, null, null, 83.2, null, null, null, null, "insufficient data")));
  }

  @Test
  void anAnnualTotalIsProRatedForAMonthAndProjectedOverTheYear(SparkSession spark) {
    List<Row> gold = new ArrayList<>(revenues("S1", 2014, 12, 25.0));
    gold.addAll(revenues("S1", 2017, 6, 60.0));

    assertRows(
        attainment(spark, REVENUE, MONTH, gold, "2014-01-01", "2017-06-30")
            .where("period IN ('2017-06', '2017-Q2')")
            .selectExpr(
                "period",
                "value",
                "target_value",
                "baseline_value",
                "trend_points",
                "projected_value",
                "projection_meets_target",
                "target_growth_pct",
                "growth_cagr_pct",
                "status"),
        List.of(
            // June: 700 × 30 / 365 = 57.534247, baseline 300 × 30 / 365; 6 flat months of 60
            // project 60 × 12 = 720 > 700 for the year
            row("2017-06", 60.0, 57.534247, 24.657534, 6, 720.0, true, 30.0, null, "met"),
            // the second quarter: 700 × 91 / 365 = 174.520548
            row("2017-Q2", 180.0, 174.520548, 74.794521, 6, 720.0, true, 30.0, null, "met")));
  }

  @Test
  void aGrowthPromiseIsJudgedAsCompoundGrowthSinceTheBaseline(SparkSession spark) {
    List<Row> gold = new ArrayList<>();
    gold.addAll(revenues("S1", 2014, 12, 25.0));
    gold.addAll(revenues("S1", 2017, 12, 60.0));
    gold.addAll(revenues("D", 2014, 12, 40.0));
    gold.addAll(revenues("D", 2017, 12, 60.0));

    assertRows(
        attainment(spark, REVENUE, MONTH, gold, "2014-01-01", "2017-12-31")
            .where("period = '2017'")
            .selectExpr(
                "city_code",
                "comparison",
                "value",
                "baseline_value",
                "is_met",
                "growth_cagr_pct",
                "is_growth_met",
                "status"),
        List.of(
            // 300 -> 720 in 3 years: (720 / 300)^(1/3) − 1 = 33.886590 % >= 30, and 720 > 700
            row("S1", "programme", 720.0, 300.0, true, 33.88659, true, "met"),
            // benchmark D: 720 > 700 too, but 480 -> 720 is (1.5)^(1/3) − 1 = 14.471424 % < 30;
            // met is withheld and 720 / 700 = 102.9 % >= 90 makes it at risk
            row("D", "benchmark", 720.0, 480.0, true, 14.471424, false, "at risk")));
  }

  @Test
  void aRatioOfSumsNeedsDataForHalfThePeriod(SparkSession spark) {
    List<Row> gold = new ArrayList<>(revenues("S2", 2016, 6, 100.0));
    gold.addAll(revenues("S3", 2016, 5, 100.0));

    assertRows(
        attainment(spark, REVENUE, MONTH, gold, "2016-01-01", "2016-12-31")
            .where("period = '2016'")
            .selectExpr("city_code", "value", "ROUND(coverage_pct, 2)", "status"),
        List.of(
            // 6 of 12 months is exactly 50 %: judged; 600 < 700, but six flat months of 100
            // project 1,200 for the year 2017: on track
            row("S2", 600.0, 50.0, "on track"),
            // 5 of 12 months: too few to judge a yearly sum
            row("S3", 500.0, 41.67, "insufficient data")));
  }

  @Test
  void aCityOutsideTheProgrammesIsABenchmarkAndAKpiWithoutTargetsHasNone(SparkSession spark) {
    String noTarget = kpi("NT", "pct", MONTH, "ftth", "households", 100, "higher", "last");
    Catalog catalog = KpiHarness.catalog(FTTH, noTarget);
    Interval run = Interval.of("2017-06-01", "2017-06-30");
    Dataset<Row> obs =
        KpiHarness.observations(
            spark,
            catalog,
            Map.of(
                MONTH,
                gold(
                    spark,
                    MONTH_SPEC,
                    List.of(ftth("S1", "2017-06", 85.0), ftth("D", "2017-06", 81.0)))),
            run);

    assertRows(
        KpiHarness.attainment(spark, catalog, obs, run)
            .where("period_type = 'month'")
            .selectExpr(
                "kpi_id",
                "city_code",
                "comparison",
                "programme",
                "target_value",
                "rank_in_programme",
                "programme_cities",
                "status"),
        List.of(
            row("FTTH", "S1", "programme", "S", 80.0, 1, 1L, "met"),
            // D is in no programme: judged against the KPI's first target, not ranked
            row("FTTH", "D", "benchmark", "S", 80.0, null, null, "met"),
            row("NT", "S1", "no target", null, null, null, null, "no target"),
            row("NT", "D", "no target", null, null, null, null, "no target")));
  }
}
