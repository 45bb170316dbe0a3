package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.assertSameRows;
import static org.citykpi.testing.DataFrameAssert.assertSameSchema;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.citykpi.common.CityKpiException;
import org.citykpi.geo.Reference;
import org.citykpi.ops.Interval;
import org.citykpi.ops.TableSpec;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Information-consumption metrics on small hand-made series, with every expected figure worked out
 * by hand. Targets come from the shipped catalog (YC-2015: T17 >= 600, T18 >= 320, T19 > 360 亿元 a
 * year, T20 > 90 %), the city frame from the shipped cities.yaml.
 */
@ExtendWith(SparkExtension.class)
class InfoConsumptionTest {
  static final String YANCHENG = "320900"; // YC-2015
  static final String HANGZHOU = "330100"; // ZJ-2011 only: a benchmark row
  static final String GOLD =
      "city_code STRING, month DATE, resident_population DOUBLE, "
          + "info_consumption_total DOUBLE, info_consumption_internet DOUBLE, online_retail_sales DOUBLE, "
          + "enterprises_total DOUBLE, enterprises_ecommerce DOUBLE";
  static final InfoConsumption.Targets TARGETS =
      InfoConsumption.Targets.from(
          Catalog.load(CatalogTest.SCHEMAS, CatalogTest.TABLES, CatalogTest.PROGRAMMES));
  static final TableSpec SPEC = CatalogTest.TABLES.get(InfoConsumption.TABLE);
  static final String RUN = "run-1";

  static LocalDate m(String yearMonth) {
    return LocalDate.parse(yearMonth + "-01");
  }

  /** A gold row: population, the three flows (亿元), enterprises and those using e-commerce. */
  static Row gold(
      String city,
      String month,
      Double population,
      Double total,
      Double internet,
      Double retail,
      Double enterprises,
      Double ecommerce) {
    return row(city, m(month), population, total, internet, retail, enterprises, ecommerce);
  }

  /** A gold row of Yancheng with 1 million residents and the flows only. */
  static Row flows(String month, Double total, Double internet, Double retail) {
    return gold(YANCHENG, month, 1e6, total, internet, retail, null, null);
  }

  /** Every month of {@code year} with the same flows, but the months listed in {@code skip}. */
  static List<Row> year(int year, double total, double internet, double retail, int... skip) {
    List<Row> out = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      final int month = mo;
      if (Arrays.stream(skip).noneMatch(s -> s == month)) {
        out.add(flows(String.format("%d-%02d", year, mo), total, internet, retail));
      }
    }
    return out;
  }

  static Dataset<Row> compute(SparkSession spark, List<Row> gold, String from, String to) {
    Dataset<Row> geo = KpiFrames.geo(spark, Reference.load(CatalogTest.SCHEMAS));
    return InfoConsumption.compute(
        spark.createDataFrame(gold, StructType.fromDDL(GOLD)),
        geo,
        TARGETS,
        Interval.of(from, to),
        RUN);
  }

  static Dataset<Row> select(Dataset<Row> df, String... columns) {
    return df.selectExpr(columns);
  }

  @Test
  void outputHasTheDeclaredSchema(SparkSession spark) {
    Dataset<Row> out =
        compute(spark, List.of(flows("2017-01", 1.0, 1.0, 1.0)), "2017-01-01", "2017-01-31");

    assertSameSchema(out, SPEC.schema());
  }

  @Test
  void monthOnMonthAndYearOnYearGrowth(SparkSession spark) {
    List<Row> gold =
        List.of(
            flows("2016-01", 100.0, 40.0, 50.0),
            flows("2016-12", 110.0, 44.0, 55.0),
            flows("2017-01", 121.0, 44.0, 60.0));

    Dataset<Row> out = compute(spark, gold, "2017-01-01", "2017-01-31");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total_mom_pct",
            "info_consumption_total_yoy_pct",
            "info_consumption_internet_mom_pct",
            "info_consumption_internet_yoy_pct",
            "online_retail_sales_mom_pct",
            "online_retail_sales_yoy_pct"),
        List.of(
            // total: (121 − 110) / 110 = 10 %, (121 − 100) / 100 = 21 %; internet: 0 %, (44 − 40) /
            // 40 = 10 %;
            // retail: (60 − 55) / 55 = 9.0909.. %, (60 − 50) / 50 = 20 %
            row(m("2017-01"), 10.0, 21.0, 0.0, 10.0, 500.0 / 55, 20.0)));
  }

  @Test
  void aMissingOrNullPreviousMonthGivesNullGrowthNotAComparisonWithAnOlderMonth(
      SparkSession spark) {
    List<Row> gold =
        List.of(
            flows("2016-02", 80.0, null, null),
            flows("2017-01", 100.0, null, 4.0),
            flows("2017-02", null, null, 5.0), // total not reported
            flows("2017-03", 120.0, null, 6.0), // no 2016-03: no YoY (not against 2016-02)
            flows("2017-05", 130.0, null, 7.0)); // no April row

    Dataset<Row> out = compute(spark, gold, "2017-01-01", "2017-05-31");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total_mom_pct",
            "info_consumption_total_yoy_pct",
            "online_retail_sales_mom_pct"),
        List.of(
            row(m("2017-01"), null, null, null), // no December
            row(m("2017-02"), null, null, 25.0), // total null; retail (5 − 4) / 4
            row(m("2017-03"), null, null, 20.0), // February's total is null; retail (6 − 5) / 5
            row(m("2017-05"), null, null, null))); // April is missing, so not against March
  }

  @Test
  void perCapitaAndSharesAreNullForAZeroOrNullDenominator(SparkSession spark) {
    List<Row> gold =
        List.of(
            gold(YANCHENG, "2017-01", 2e6, 3.0, 1.0, 0.5, 200.0, 150.0),
            gold(YANCHENG, "2017-02", 0.0, 3.0, 1.0, 0.5, 0.0, 0.0),
            gold(YANCHENG, "2017-03", null, 0.0, 0.0, 0.5, null, 10.0));

    Dataset<Row> out = compute(spark, gold, "2017-01-01", "2017-03-31");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total_per_capita_yuan",
            "info_consumption_internet_per_capita_yuan",
            "online_retail_sales_per_capita_yuan",
            "internet_share_pct",
            "ecommerce_adoption_pct"),
        List.of(
            // 3 亿元 × 10^8 / 2 000 000 residents = 150 yuan; 1 of 3 online; 150 of 200 enterprises
            row(m("2017-01"), 150.0, 50.0, 25.0, 100.0 / 3, 75.0),
            row(m("2017-02"), null, null, null, 100.0 / 3, null), // 0 residents, 0 enterprises
            row(
                m("2017-03"),
                null,
                null,
                null,
                null,
                null))); // population null, total 0, enterprises null
  }

  @Test
  void aMonthGetsARowWhenAnySourceValueIsReported(SparkSession spark) {
    List<Row> gold =
        List.of(
            gold(YANCHENG, "2017-01", 1e6, null, null, null, null, null), // population only: no row
            gold(YANCHENG, "2017-02", 1e6, null, null, null, 100.0, null),
            gold(YANCHENG, "2017-03", 1e6, null, 2.0, null, null, null));

    Dataset<Row> out = compute(spark, gold, "2017-01-01", "2017-03-31");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total",
            "info_consumption_internet",
            "internet_share_pct",
            "info_consumption_total_per_capita_yuan",
            "info_consumption_internet_per_capita_yuan",
            "ecommerce_adoption_pct",
            "ecommerce_adoption_meets_target",
            "info_consumption_total_ytd"),
        List.of(
            row(m("2017-02"), null, null, null, null, null, null, null, null),
            row(m("2017-03"), null, 2.0, null, null, 200.0, null, null, null)));
  }

  @Test
  void yearToDateResetsInJanuaryAndIsComparedWithTheSameSpanAYearBefore(SparkSession spark) {
    List<Row> gold = new ArrayList<>(year(2016, 10.0, 5.0, 4.0));
    gold.add(flows("2017-01", 12.0, 6.0, 4.0));
    gold.add(flows("2017-02", 13.0, 6.0, 5.0));

    Dataset<Row> out = compute(spark, gold, "2016-12-01", "2017-02-28");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total_ytd",
            "info_consumption_total_ytd_yoy_pct",
            "info_consumption_total_trailing_12m",
            "online_retail_sales_ytd",
            "online_retail_sales_ytd_yoy_pct"),
        List.of(
            row(m("2016-12"), 120.0, null, 120.0, 48.0, null), // no 2015 data
            row(m("2017-01"), 12.0, 20.0, 122.0, 4.0, 0.0), // 12 vs 10; 110 + 12
            row(
                m("2017-02"),
                25.0,
                25.0,
                125.0,
                9.0,
                12.5))); // 25 vs 20; 100 + 12 + 13; retail 9 vs 8
  }

  @Test
  void sumsAreNullUnlessEveryMonthTheyCoverHasAValue(SparkSession spark) {
    List<Row> gold = new ArrayList<>(year(2016, 10.0, 5.0, 4.0, 6)); // June 2016 missing
    gold.addAll(year(2017, 10.0, 5.0, 4.0));

    Dataset<Row> out =
        compute(spark, gold, "2016-05-01", "2017-07-31")
            .where(
                "month IN (DATE'2016-05-01', DATE'2016-07-01', DATE'2016-12-01', DATE'2017-01-01', "
                    + "DATE'2017-05-01', DATE'2017-06-01')");

    assertRows(
        select(
            out,
            "month",
            "info_consumption_total_ytd",
            "info_consumption_total_trailing_12m",
            "info_consumption_total_ytd_yoy_pct"),
        List.of(
            row(m("2016-05"), 50.0, null, null),
            row(m("2016-07"), null, null, null), // Jan..Jul lacks June
            row(m("2016-12"), null, null, null),
            row(m("2017-01"), 10.0, null, 0.0), // a new year; 12 months back reach June 2016
            row(m("2017-05"), 50.0, null, 0.0), // Jun 2016..May 2017 still holds the gap
            row(
                m("2017-06"),
                60.0,
                120.0,
                null))); // Jul 2016..Jun 2017 complete; no ytd for Jun 2016
  }

  @Test
  void progressAgainstTheCatalogTargetsUsesEachComparator(SparkSession spark) {
    // a year of 50 + 25 + 30 亿元 a month: 600 (T17 >= 600 met on the boundary), 300 (T18 >= 320
    // not),
    // 360 (T19 > 360 not: it must be exceeded); e-commerce 90 % (T20 > 90 not) in December, 91 % in
    // November
    List<Row> gold = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      gold.add(
          gold(
              YANCHENG,
              String.format("2016-%02d", mo),
              1e6,
              50.0,
              25.0,
              30.0,
              100.0,
              mo == 11 ? 91.0 : 90.0));
    }

    Dataset<Row> out =
        compute(spark, gold, "2016-06-01", "2016-12-31")
            .where("month IN (DATE'2016-06-01', " + "DATE'2016-11-01', DATE'2016-12-01')");

    assertRows(
        select(
            out,
            "month",
            "in_yc2015",
            "info_consumption_total_target",
            "info_consumption_total_ytd_pct_of_target",
            "info_consumption_total_trailing_12m_pct_of_target",
            "info_consumption_total_trailing_12m_meets_target",
            "info_consumption_internet_target",
            "info_consumption_internet_ytd_pct_of_target",
            "info_consumption_internet_trailing_12m_meets_target",
            "online_retail_sales_target",
            "online_retail_sales_trailing_12m_pct_of_target",
            "online_retail_sales_trailing_12m_meets_target",
            "ecommerce_adoption_target_pct",
            "ecommerce_adoption_meets_target"),
        List.of(
            // June: 300 of 600 = 50 %, 150 of 320 = 46.875 %; no trailing year yet
            row(
                m("2016-06"),
                true,
                600.0,
                50.0,
                null,
                null,
                320.0,
                46.875,
                null,
                360.0,
                null,
                null,
                90.0,
                false),
            row(
                m("2016-11"),
                true,
                600.0,
                550.0 / 6,
                null,
                null,
                320.0,
                275.0 / 3.2,
                null,
                360.0,
                null,
                null,
                90.0,
                true),
            row(
                m("2016-12"),
                true,
                600.0,
                100.0,
                100.0,
                true,
                320.0,
                93.75,
                false,
                360.0,
                100.0,
                false,
                90.0,
                false)));
  }

  @Test
  void aCityOutsideTheProgrammeIsKeptAsABenchmarkRow(SparkSession spark) {
    List<Row> gold =
        List.of(
            gold(YANCHENG, "2017-01", 1e6, 30.0, null, null, null, null),
            gold(HANGZHOU, "2017-01", 1e6, 90.0, null, null, null, null),
            gold("999998", "2017-01", 1e6, 1.0, null, null, null, null)); // not in cities.yaml

    Dataset<Row> out = compute(spark, gold, "2017-01-01", "2017-01-31");

    assertRows(
        select(
            out,
            "city_code",
            "province_code",
            "in_yc2015",
            "info_consumption_total",
            "info_consumption_total_target",
            "info_consumption_total_ytd_pct_of_target",
            "_run_id"),
        List.of(
            row(YANCHENG, "320000", true, 30.0, 600.0, 5.0, RUN),
            row(HANGZHOU, "330000", false, 90.0, 600.0, 15.0, RUN),
            row("999998", null, false, 1.0, 600.0, 100.0 / 600, RUN)));
  }

  /** Two cities over 2015..2017 with a gap and a null, so that history and gaps both matter. */
  static List<Row> threeYears() {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      String month = String.format("%d-%02d", 2015 + i / 12, i % 12 + 1);
      if (i == 20) {
        continue; // 2016-09 missing for Yancheng
      }
      out.add(
          gold(
              YANCHENG,
              month,
              1e6 + i,
              30.0 + i % 7 * 1.1,
              i == 25 ? null : 12.0 + i % 5 * 0.3,
              20.0 + i * 0.7,
              100.0 + i,
              80.0 + i % 4));
      out.add(
          gold(
              HANGZHOU,
              month,
              9e6 + i,
              90.0 + i % 3 * 2.2,
              40.0 + i,
              70.0 + i % 11 * 1.3,
              500.0,
              450.0));
    }
    return out;
  }

  @Test
  void aRunOverPartOfTheRangeGivesTheSameRowsAsARunOverAllOfIt(SparkSession spark) {
    Interval part = Interval.of("2017-02-10", "2017-03-05");
    Interval history = InfoConsumption.history(part);
    List<Row> rows = threeYears();
    Dataset<Row> geo = KpiFrames.geo(spark, Reference.load(CatalogTest.SCHEMAS));
    Dataset<Row> gold = spark.createDataFrame(rows, StructType.fromDDL(GOLD));

    Dataset<Row> whole =
        InfoConsumption.compute(gold, geo, TARGETS, Interval.of("2015-01-01", "2017-12-31"), RUN);
    Dataset<Row> sub =
        InfoConsumption.compute(
            gold.where(history.predicate("month")), geo, TARGETS, InfoConsumption.span(part), RUN);

    assertThat(history).isEqualTo(Interval.of("2016-01-01", "2017-03-31"));
    assertThat(sub.where("info_consumption_total_ytd_yoy_pct IS NOT NULL").count())
        .as("rows whose YTD YoY needs the previous year")
        .isEqualTo(4);
    assertSameRows(sub, whole.where("month >= DATE'2017-02-01' AND month <= DATE'2017-03-31'"));
  }

  @Test
  void aCatalogWithoutTheProgrammeTargetIsRefused() {
    String yaml =
        """
        kpis:
          - {id: T17, name_zh: 信息消费总体规模, name_en: total, definition_en: sum, unit: yuan_100m,
             table: gold.city_month_indicators, numerator: info_consumption_total, direction: higher,
             frequency: month, aggregation: ratio_of_sums,
             targets: [{programme: SN-2014, comparator: ">=", value: 600, annual_total: true,
                        baseline_period: "2014", deadline: "2017-12-31", doc_id: YC-2015, clause_zh: 达到600亿元}]}
        """;
    Catalog catalog = CatalogTest.parse(yaml);

    assertThatThrownBy(() -> InfoConsumption.Targets.from(catalog))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "Information-consumption targets: T17 has no YC-2015 target; T18 is not in the catalog; "
                + "T19 is not in the catalog; T20 is not in the catalog");
  }
}
