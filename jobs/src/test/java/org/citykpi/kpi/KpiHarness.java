package org.citykpi.kpi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citykpi.common.Yaml;
import org.citykpi.ops.Interval;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The KPI stage on in-memory frames, for unit tests of its rules: two small gold tables declared
 * inline (one daily, one monthly), programmes and cities inline, a catalog given as YAML text, and
 * the chain of transformations {@link KpiJob#run} applies between reading gold and writing (stack →
 * periods → city aggregates → province and programme roll-ups → observation, then attainment over
 * those observations), each rounded to {@link KpiJob#DECIMALS} as the job writes it. No Delta table
 * is involved; {@code KpiJobIT} and the golden files of {@code RunCommandIT} hold the job itself.
 *
 * <p>Cities: A and B in province P1 and programme P; D in province P2 and no programme (a benchmark
 * city); S1..S9 in province P4 and programme S; C1..C5 in province P3, each in one of the
 * programmes GE, GT, LE, LT, EQ (one per comparator). Every programme starts its pilot on
 * 2015-01-01 with baseline year 2014.
 */
final class KpiHarness {
  static final String DAY = "gold.t_day";
  static final String MONTH = "gold.t_month";
  static final String RUN_ID = "unit";

  static final TableSpec DAY_SPEC =
      spec(
          """
          table: gold.t_day
          grain: day
          interval_column: local_date
          quality:
            rule: "hours >= 20"
            description: at least 20 hours of readings
          columns:
            - {name: city_code,  type: string, nullable: false}
            - {name: local_date, type: date,   nullable: false}
            - {name: hours,      type: int,    nullable: false}
            - {name: pm25,       type: double, unit: ug/m3}
            - {name: is_good,    type: boolean}
            - {name: visits,     type: bigint}
            - {name: booked,     type: bigint}
          """);

  static final TableSpec MONTH_SPEC =
      spec(
          """
          table: gold.t_month
          grain: month
          interval_column: month
          columns:
            - {name: city_code,  type: string, nullable: false}
            - {name: month,      type: date,   nullable: false}
            - {name: households, type: double, unit: households}
            - {name: ftth,       type: double, unit: households}
            - {name: revenue,    type: double, unit: yuan_100m}
            - {name: score,      type: double}
          """);

  static final List<String> S_CITIES =
      List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9");

  static final Programmes PROGRAMMES =
      new Programmes(
          Map.of(
              "P", programme("P", "A", "B"),
              "S", programme("S", S_CITIES.toArray(String[]::new)),
              "GE", programme("GE", "C1"),
              "GT", programme("GT", "C2"),
              "LE", programme("LE", "C3"),
              "LT", programme("LT", "C4"),
              "EQ", programme("EQ", "C5")));

  /** One target line of the inline catalog. */
  static String target(String programme, String comparator, double value, String deadline) {
    return target(programme, comparator, value, deadline, "");
  }

  /** One target line with extra YAML fields (e.g. {@code annual_total: true}). */
  static String target(
      String programme, String comparator, double value, String deadline, String extra) {
    Programmes.Programme p = PROGRAMMES.get(programme);
    return ("{programme: %s, comparator: \"%s\", value: %s, baseline_period: \"%s\","
            + " deadline: \"%s\", doc_id: %s, clause_zh: \"条款%s\"%s}")
        .formatted(
            programme,
            comparator,
            value,
            p.baselinePeriod(),
            deadline,
            programme,
            programme,
            extra.isEmpty() ? "" : ", " + extra);
  }

  /** One KPI of the inline catalog; {@code targets} are {@link #target} lines. */
  static String kpi(
      String id,
      String unit,
      String table,
      String numerator,
      String denominator,
      double scale,
      String direction,
      String aggregation,
      String... targets) {
    String frequency = table.equals(DAY) ? "day" : "month";
    StringBuilder t = new StringBuilder();
    for (String s : targets) {
      t.append("\n      - ").append(s);
    }
    return """
          - id: %s
            name_zh: 指标%s
            name_en: KPI %s
            definition_en: test KPI %s
            unit: %s
            table: %s
            numerator: "%s"
            %s
            scale: %s
            direction: %s
            frequency: %s
            aggregation: %s
            targets:%s
        """
        .formatted(
            id,
            id,
            id,
            id,
            unit,
            table,
            numerator,
            denominator == null ? "" : "denominator: \"" + denominator + "\"",
            scale,
            direction,
            frequency,
            aggregation,
            targets.length == 0 ? " []" : t.toString());
  }

  /** A catalog of the given KPIs ({@link #kpi} texts), validated as {@code Catalog.load} does. */
  static Catalog catalog(String... kpis) {
    return Catalog.parse(
        "kpis:\n" + String.join("", kpis), Map.of(DAY, DAY_SPEC, MONTH, MONTH_SPEC), PROGRAMMES);
  }

  /** City, province, level and programmes, as {@link KpiFrames#geo} builds them. */
  static Dataset<Row> geo(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("city_code", DataTypes.StringType, false)
            .add("city_name_zh", DataTypes.StringType, true)
            .add("province_code", DataTypes.StringType, true)
            .add("level", DataTypes.StringType, true)
            .add("programmes", DataTypes.createArrayType(DataTypes.StringType, false), false);
    List<Row> rows = new ArrayList<>();
    rows.add(city("A", "P1", "P"));
    rows.add(city("B", "P1", "P"));
    rows.add(city("D", "P2"));
    S_CITIES.forEach(c -> rows.add(city(c, "P4", "S")));
    rows.add(city("C1", "P3", "GE"));
    rows.add(city("C2", "P3", "GT"));
    rows.add(city("C3", "P3", "LE"));
    rows.add(city("C4", "P3", "LT"));
    rows.add(city("C5", "P3", "EQ"));
    return spark.createDataFrame(rows, schema);
  }

  /** Gold rows of a daily or monthly table; cells in the declared column order. */
  static Dataset<Row> gold(SparkSession spark, TableSpec spec, List<Row> rows) {
    return spark.createDataFrame(rows, spec.schema());
  }

  /** A t_day row: city, date, hours, pm25, is_good, visits, booked. */
  static Row day(
      String city, String date, int hours, Double pm25, Boolean good, Long visits, Long booked) {
    return RowFactory.create(
        city, Date.valueOf(LocalDate.parse(date)), hours, pm25, good, visits, booked);
  }

  /** A t_month row: city, first day of the month, households, ftth, revenue, score. */
  static Row month(
      String city, String yearMonth, Double households, Double ftth, Double revenue, Double score) {
    return RowFactory.create(
        city, Date.valueOf(LocalDate.parse(yearMonth + "-01")), households, ftth, revenue, score);
  }

  /** kpi.observation rows for every period overlapping {@code run}, as KpiJob computes them. */
  static Dataset<Row> observations(
      SparkSession spark, Catalog catalog, Map<String, Dataset<Row>> gold, Interval run) {
    Dataset<Row> meta = KpiFrames.meta(spark, catalog.kpis());
    Dataset<Row> cities = null;
    for (String table : catalog.tables()) {
      TableSpec spec = table.equals(DAY) ? DAY_SPEC : MONTH_SPEC;
      boolean monthly = "month".equals(spec.grain());
      Dataset<Row> stacked =
          Observations.stack(
              gold.get(table),
              catalog.forTable(table),
              spec.intervalColumn(),
              spec.quality() == null ? null : spec.quality().rule());
      Dataset<Row> agg =
          Observations.aggregateCities(
              Observations.withPeriods(
                  stacked, monthly ? Periods.MONTHLY_GRAINS : Periods.DAILY_GRAINS),
              meta,
              monthly);
      cities = cities == null ? agg : cities.unionByName(agg);
    }
    cities = cities.where(Periods.overlapping(run));
    Dataset<Row> all = cities.unionByName(Observations.rollUp(cities, geo(spark)));
    return Tables.stable(Observations.toObservation(all, meta, RUN_ID), KpiJob.DECIMALS);
  }

  /** kpi.attainment rows for the periods overlapping {@code run}, from those observations. */
  static Dataset<Row> attainment(
      SparkSession spark, Catalog catalog, Dataset<Row> observations, Interval run) {
    return Tables.stable(
        Attainment.compute(
            observations,
            KpiFrames.meta(spark, catalog.kpis()),
            KpiFrames.targets(spark, catalog.kpis(), PROGRAMMES),
            geo(spark),
            run,
            RUN_ID),
        KpiJob.DECIMALS);
  }

  private static Programmes.Programme programme(String id, String... members) {
    return new Programmes.Programme(id, id, "试点" + id, "2015-01-01", "2014", List.of(members));
  }

  private static Row city(String code, String province, String... programmes) {
    return RowFactory.create(
        code,
        "城市" + code,
        province,
        "prefecture",
        CollectionConverters.asScala(List.of(programmes)).toSeq());
  }

  private static TableSpec spec(String yaml) {
    try {
      return Yaml.mapper().readValue(yaml, TableSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
