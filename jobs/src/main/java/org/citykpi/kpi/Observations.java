package org.citykpi.kpi;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.citykpi.ops.Interval;

/**
 * Pure transformations from gold rows to {@code kpi.observation} rows. All KPIs of one gold table
 * are computed in one aggregation: each gold row is stacked into one (kpi_id, num, den) row per KPI
 * and exploded into one row per period grain, then grouped once.
 */
public final class Observations {
  public static final String TABLE = "kpi.observation";
  static final String OBS_DATE = "obs_date";
  static final List<String> PERIOD_KEY =
      List.of("kpi_id", "period_type", "period", "period_start", "period_end");

  private Observations() {}

  /**
   * One row per gold row and KPI of {@code kpis}.
   *
   * <p>Needs {@code city_code}, {@code dateColumn} and the columns of the KPI expressions and of
   * {@code qualityRule}. Output: city_code, obs_date, kpi_id, num, den (doubles; den = 1 without a
   * denominator), quality_ok. A row with a null numerator or denominator gets both null, so that it
   * counts neither in the sums nor as data. quality_ok is true when the gold table's quality rule
   * ({@link org.citykpi.ops.TableSpec.Quality}) holds for the row (a null result counts as false),
   * and always true without a rule.
   */
  public static Dataset<Row> stack(
      Dataset<Row> gold, List<Kpi> kpis, String dateColumn, String qualityRule) {
    List<String> parts = new ArrayList<>();
    for (Kpi k : kpis) {
      String den = k.denominator() == null || k.denominator().isBlank() ? "1" : k.denominator();
      parts.add(
          "'"
              + k.id()
              + "', CAST(("
              + k.numerator()
              + ") AS DOUBLE), CAST(("
              + den
              + ") AS DOUBLE)");
    }
    String stack =
        "stack("
            + kpis.size()
            + ", "
            + String.join(", ", parts)
            + ") AS (kpi_id, num_raw, den_raw)";
    Column valid = col("num_raw").isNotNull().and(col("den_raw").isNotNull());
    String quality =
        qualityRule == null || qualityRule.isBlank()
            ? "TRUE"
            : "coalesce((" + qualityRule + "), FALSE)";
    return gold.selectExpr(
            "city_code", dateColumn + " AS " + OBS_DATE, quality + " AS quality_ok", stack)
        .select(
            col("city_code"),
            col(OBS_DATE),
            col("kpi_id"),
            when(valid, col("num_raw")).as("num"),
            when(valid, col("den_raw")).as("den"),
            col("quality_ok"));
  }

  /** Adds period_type, period, period_start, period_end: one row per input row and grain. */
  public static Dataset<Row> withPeriods(Dataset<Row> df, List<String> grains) {
    return withPeriods(df, grains, null);
  }

  /**
   * {@link #withPeriods(Dataset, List)} keeping only the periods that overlap {@code run} (all when
   * null): a row gets a grain's period only when its date lies between the start of that grain's
   * period holding {@code run.from} and the end of the one holding {@code run.to}. The same rows as
   * {@code withPeriods(df, grains).where(Periods.overlapping(run))}, but a one-day run expands its
   * year of gold rows into about 1.2 periods each instead of five.
   */
  public static Dataset<Row> withPeriods(Dataset<Row> df, List<String> grains, Interval run) {
    Column d = col(OBS_DATE);
    Column[] periods =
        grains.stream()
            .map(
                g -> {
                  Column period =
                      struct(
                          lit(g).as("period_type"),
                          Periods.label(g, d).as("period"),
                          Periods.start(g, d).as("period_start"),
                          Periods.end(g, d).as("period_end"));
                  return run == null
                      ? period
                      : when(
                          d.between(
                              lit(Periods.startOf(g, run.from())), lit(Periods.endOf(g, run.to()))),
                          period);
                })
            .toArray(Column[]::new);
    Column expanded = run == null ? array(periods) : array_compact(array(periods));
    return df.withColumn("p", explode(expanded))
        .select(
            col("*"),
            col("p.period_type"),
            col("p.period"),
            col("p.period_start"),
            col("p.period_end"))
        .drop("p");
  }

  /**
   * City observations: groups stacked rows (after {@link #withPeriods}) by KPI, city and period and
   * applies each KPI's aggregation. {@code meta} is {@link KpiFrames#meta}. {@code monthly} says
   * whether the gold grain is a month (the number of expected units in a period is then its
   * months).
   *
   * <p>Output grain: kpi_id × city × period. Columns: the period key, geo_level = city, geo_code,
   * num, den (internal, den = 1 without a denominator), cities = 1, units_expected,
   * units_with_data, units_within_quality (days or months with data whose gold row meets the
   * table's quality rule), last_data_date, is_final (every expected day or month has data within
   * quality).
   */
  public static Dataset<Row> aggregateCities(
      Dataset<Row> periodRows, Dataset<Row> meta, boolean monthly) {
    Column dataDate = when(col("num").isNotNull(), col(OBS_DATE));
    Column ratio = col("num").divide(functions.nullif(col("den"), lit(0.0)));
    List<String> keys = new ArrayList<>(PERIOD_KEY);
    keys.add("city_code");
    Dataset<Row> agg =
        periodRows
            .groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
            .agg(
                sum("num").as("sum_num"),
                sum("den").as("sum_den"),
                max_by(col("num"), dataDate).as("last_num"),
                max_by(col("den"), dataDate).as("last_den"),
                max_by(col("num"), ratio).as("max_num"),
                max_by(col("den"), ratio).as("max_den"),
                min_by(col("num"), ratio).as("min_num"),
                min_by(col("den"), ratio).as("min_den"),
                // a gold table has one row per city and day (or month), its key, so a count of
                // dates is a
                // count of distinct dates; count_distinct would make Spark expand every row once
                // per distinct
                count(dataDate).as("units_with_data"),
                count(when(col("quality_ok"), dataDate)).as("units_within_quality"),
                max(dataDate).as("last_data_date"));
    Column aggregation = col("aggregation");
    Column num =
        when(aggregation.equalTo("last"), col("last_num"))
            .when(aggregation.equalTo("max"), col("max_num"))
            .when(aggregation.equalTo("min"), col("min_num"))
            .otherwise(col("sum_num"));
    Column den =
        when(aggregation.equalTo("last"), col("last_den"))
            .when(aggregation.equalTo("max"), col("max_den"))
            .when(aggregation.equalTo("min"), col("min_den"))
            .otherwise(col("sum_den"));
    Column expected =
        monthly
            ? expr(
                "(year(period_end) * 12 + month(period_end)) - (year(period_start) * 12 + month(period_start)) + 1")
            : expr("datediff(period_end, period_start) + 1");
    return agg.join(functions.broadcast(meta.select("kpi_id", "aggregation")), "kpi_id")
        .select(
            col("kpi_id"),
            col("period_type"),
            col("period"),
            col("period_start"),
            col("period_end"),
            lit("city").as("geo_level"),
            col("city_code").as("geo_code"),
            num.as("num"),
            den.as("den"),
            lit(1).as("cities"),
            expected.cast("int").as("units_expected"),
            col("units_with_data").cast("int").as("units_with_data"),
            col("units_within_quality").cast("int").as("units_within_quality"),
            col("last_data_date"),
            col("units_within_quality").equalTo(expected).as("is_final"));
  }

  /**
   * Province and programme roll-ups of city observations: sums of the cities' numerators and
   * denominators (a ratio of sums, never a mean of ratios). {@code geo} has city_code,
   * province_code, level and programmes (array); districts are left out because their parent city
   * contains them. A roll-up is final only when every city in it is final; cities counts the cities
   * with data.
   */
  public static Dataset<Row> rollUp(Dataset<Row> cityRows, Dataset<Row> geo) {
    Dataset<Row> members =
        geo.where(col("level").notEqual("district"))
            .select(
                col("city_code"),
                explode(
                        functions.concat(
                            array(
                                struct(
                                    lit("province").as("geo_level"),
                                    col("province_code").as("geo_code"))),
                            functions.transform(
                                col("programmes"),
                                p -> struct(lit("programme").as("geo_level"), p.as("geo_code")))))
                    .as("g"))
            .select(
                col("city_code"),
                col("g.geo_level").as("geo_level"),
                col("g.geo_code").as("geo_code"));
    List<String> keys = new ArrayList<>(PERIOD_KEY);
    keys.add("geo_level");
    keys.add("geo_code");
    Column hasData = col("num").isNotNull();
    return cityRows
        .withColumnRenamed("geo_code", "city_code")
        .drop("geo_level")
        .join(functions.broadcast(members), "city_code")
        .groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
        .agg(
            sum("num").as("num"),
            sum("den").as("den"),
            sum(when(hasData, 1).otherwise(0)).cast("int").as("cities"),
            sum("units_expected").cast("int").as("units_expected"),
            sum("units_with_data").cast("int").as("units_with_data"),
            sum("units_within_quality").cast("int").as("units_within_quality"),
            max("last_data_date").as("last_data_date"),
            min(col("is_final")).as("is_final"))
        .select(
            col("kpi_id"),
            col("period_type"),
            col("period"),
            col("period_start"),
            col("period_end"),
            col("geo_level"),
            col("geo_code"),
            col("num"),
            col("den"),
            col("cities"),
            col("units_expected"),
            col("units_with_data"),
            col("units_within_quality"),
            col("last_data_date"),
            col("is_final"));
  }

  /**
   * Final observation columns: value = scale × num / den (null when den is 0 or null), numerator,
   * denominator (null for a KPI without one), unit, status (final when every day or month of the
   * period has data within the quality rule, else provisional) and the run id.
   */
  public static Dataset<Row> toObservation(Dataset<Row> rows, Dataset<Row> meta, String runId) {
    Column den0 = functions.nullif(col("den"), lit(0.0));
    return rows.join(
            functions.broadcast(meta.select("kpi_id", "unit", "scale", "has_denominator")),
            "kpi_id")
        .select(
            col("kpi_id"),
            col("period_type"),
            col("period"),
            col("period_start"),
            col("period_end"),
            col("geo_level"),
            col("geo_code"),
            when(col("has_denominator"), col("scale").multiply(col("num")).divide(den0))
                .otherwise(col("scale").multiply(col("num")))
                .as("value"),
            col("num").as("numerator"),
            when(col("has_denominator"), col("den")).as("denominator"),
            col("unit"),
            col("cities"),
            col("units_expected"),
            col("units_with_data"),
            col("units_within_quality"),
            col("last_data_date"),
            when(col("is_final"), lit("final")).otherwise(lit("provisional")).as("status"),
            lit(runId).as("_run_id"));
  }
}
