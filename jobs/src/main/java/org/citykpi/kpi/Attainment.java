package org.citykpi.kpi;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.citykpi.ops.Interval;

/**
 * Pure transformation from city observations to {@code kpi.attainment}: each city × KPI × period
 * against the target of each programme the city belongs to, or against the KPI's primary target as
 * a benchmark when it belongs to none of them, or with no target. Rules: docs/kpi-status-rules.md.
 */
public final class Attainment {
  public static final String TABLE = "kpi.attainment";

  /** Least-squares trend window, in months, ending with the period's month. */
  public static final int TREND_MONTHS = 12;

  /** A projection needs at least this many monthly values in the window. */
  public static final int MIN_TREND_POINTS = 3;

  /** A ratio-of-sums value with less than this share of its days/months present is insufficient. */
  public static final double MIN_COVERAGE = 0.5;

  /** At risk rather than off track from this attainment %. */
  public static final double AT_RISK_ATTAINMENT_PCT = 90.0;

  /** At risk rather than off track when progress is at least this share of the time elapsed. */
  public static final double AT_RISK_PACE = 0.75;

  private Attainment() {}

  /** Period types that get attainment rows, by KPI frequency. */
  static final List<String> DAILY_TYPES =
      List.of(Periods.WEEK, Periods.MONTH, Periods.QUARTER, Periods.YEAR);

  static final List<String> MONTHLY_TYPES = List.of(Periods.MONTH, Periods.QUARTER, Periods.YEAR);

  /**
   * Attainment rows for the periods overlapping {@code run}.
   *
   * @param observations kpi.observation rows (all history: baseline, previous periods, trend
   *     months)
   * @param meta {@link KpiFrames#meta}
   * @param targets {@link KpiFrames#targets}
   * @param geo {@link KpiFrames#geo}
   * @return one row per kpi_id × city_code × period_type × period × compared programme
   */
  public static Dataset<Row> compute(
      Dataset<Row> observations,
      Dataset<Row> meta,
      Dataset<Row> targets,
      Dataset<Row> geo,
      Interval run,
      String runId) {
    // day rows are never judged nor used as history (the trend reads months): the partition is
    // skipped
    Dataset<Row> city =
        observations
            .where(col("period_type").notEqual(Periods.DAY).and(col("geo_level").equalTo("city")))
            .select(
                col("kpi_id"),
                col("geo_code").as("city_code"),
                col("period_type"),
                col("period"),
                col("period_start"),
                col("period_end"),
                col("value"),
                col("status").as("obs_status"),
                col("units_expected"),
                col("units_with_data"))
            // read and filtered once: current periods, baseline, previous, last-year and trend
            // months all
            // come from it
            .localCheckpoint();
    Dataset<Row> current =
        city.where(
                col("period_start")
                    .leq(lit(run.to().toString()).cast("date"))
                    .and(col("period_end").geq(lit(run.from().toString()).cast("date"))))
            .join(
                broadcast(meta.select("kpi_id", "direction", "frequency", "aggregation")), "kpi_id")
            .where(
                when(
                        col("frequency").equalTo("day"),
                        col("period_type").isin(DAILY_TYPES.toArray()))
                    .otherwise(col("period_type").isin(MONTHLY_TYPES.toArray())));

    // The rows shuffled through the history and trend joins carry numbers and keys only; names,
    // units, documents and clauses (long strings, the same for every city) join last, by broadcast.
    Dataset<Row> compared =
        withTargets(current, targets.drop("doc_id", "clause_zh", "is_proposed"), geo);
    Dataset<Row> withHistory = withHistory(compared, city);
    Dataset<Row> withTrend = withTrend(withHistory, city);
    return finish(withTrend, runId)
        .join(broadcast(meta.select("kpi_id", "kpi_name_zh", "kpi_name_en", "unit")), "kpi_id")
        .join(
            broadcast(targets.select("kpi_id", "programme", "doc_id", "clause_zh", "is_proposed")),
            new String[] {"kpi_id", "programme"},
            "left");
  }

  /** Adds comparison (programme | benchmark | no target) and the target columns. */
  static Dataset<Row> withTargets(Dataset<Row> current, Dataset<Row> targets, Dataset<Row> geo) {
    Dataset<Row> membership =
        geo.select(col("city_code"), explode(col("programmes")).as("programme"));
    Dataset<Row> cityTargets = membership.join(targets, "programme");
    Dataset<Row> matched =
        current
            .join(broadcast(cityTargets), new String[] {"kpi_id", "city_code"})
            .withColumn("comparison", lit("programme"));
    Dataset<Row> unmatched =
        current
            .join(
                broadcast(cityTargets.select("kpi_id", "city_code").distinct()),
                new String[] {"kpi_id", "city_code"},
                "left_anti")
            .join(
                broadcast(targets.where(col("target_order").equalTo(1))),
                new String[] {"kpi_id"},
                "left")
            .withColumn(
                "comparison",
                when(col("programme").isNull(), lit("no target")).otherwise(lit("benchmark")));
    Dataset<Row> all = matched.unionByName(unmatched);
    // annual totals: a shorter period is compared with the target pro-rated by days
    Column yearDays =
        datediff(
            make_date(year(col("period_start")).plus(1), lit(1), lit(1)),
            make_date(year(col("period_start")), lit(1), lit(1)));
    Column factor =
        when(
                col("is_annual_total").and(col("period_type").notEqual(Periods.YEAR)),
                datediff(col("period_end"), col("period_start")).plus(1).divide(yearDays))
            .otherwise(lit(1.0));
    return all.withColumn("prorate", factor)
        .withColumn("target_value", col("target_full").multiply(col("prorate")));
  }

  /**
   * Adds baseline_value, prev_value (previous period) and yoy_value (same period a year before).
   */
  static Dataset<Row> withHistory(Dataset<Row> df, Dataset<Row> city) {
    Dataset<Row> baseline =
        city.where(col("period_type").equalTo(Periods.YEAR))
            .select(
                col("kpi_id").as("b_kpi"),
                col("city_code").as("b_city"),
                col("period").as("b_period"),
                col("value").as("baseline_raw"));
    Dataset<Row> prev =
        city.select(
            col("kpi_id").as("p_kpi"),
            col("city_code").as("p_city"),
            col("period_type").as("p_type"),
            col("period_end").as("p_end"),
            col("value").as("prev_value"));
    Dataset<Row> yoy =
        city.select(
            col("kpi_id").as("y_kpi"),
            col("city_code").as("y_city"),
            col("period_type").as("y_type"),
            col("period_start").as("y_start"),
            col("value").as("yoy_value"));
    Column yoyStart =
        when(col("period_type").equalTo(Periods.WEEK), date_sub(col("period_start"), 364))
            .otherwise(add_months(col("period_start"), -12));
    return df.join(
            baseline,
            col("kpi_id")
                .equalTo(col("b_kpi"))
                .and(col("city_code").equalTo(col("b_city")))
                .and(col("baseline_period").equalTo(col("b_period"))),
            "left")
        .join(
            prev,
            col("kpi_id")
                .equalTo(col("p_kpi"))
                .and(col("city_code").equalTo(col("p_city")))
                .and(col("period_type").equalTo(col("p_type")))
                .and(col("p_end").equalTo(date_sub(col("period_start"), 1))),
            "left")
        .join(
            yoy,
            col("kpi_id")
                .equalTo(col("y_kpi"))
                .and(col("city_code").equalTo(col("y_city")))
                .and(col("period_type").equalTo(col("y_type")))
                .and(col("y_start").equalTo(yoyStart)),
            "left")
        .withColumn("baseline_value", col("baseline_raw").multiply(col("prorate")))
        .drop(
            "b_kpi",
            "b_city",
            "b_period",
            "baseline_raw",
            "p_kpi",
            "p_city",
            "p_type",
            "p_end",
            "y_kpi",
            "y_city",
            "y_type",
            "y_start");
  }

  /** Month index (year × 12 + month − 1) of a date, the x of the trend. */
  static Column monthIndex(Column d) {
    return year(d).multiply(12).plus(month(d)).minus(1);
  }

  /**
   * Adds the least-squares trend over the monthly values of the last {@value #TREND_MONTHS} months
   * up to the period's month, projection_date (the deadline, or the end of the period's year once
   * the deadline has passed), projected_value and projection_meets_target. For annual totals the
   * projection is the monthly rate at that date × 12, compared with the annual target.
   */
  static Dataset<Row> withTrend(Dataset<Row> df, Dataset<Row> city) {
    Dataset<Row> months =
        city.where(col("period_type").equalTo(Periods.MONTH).and(col("value").isNotNull()))
            .select(
                col("kpi_id").as("m_kpi"),
                col("city_code").as("m_city"),
                col("period_start").as("m_start"),
                col("value").as("m_value"));
    // One trend per KPI, city and last month (a month, its quarter and its year can share one): the
    // 12
    // months of each anchor are generated and equi-joined, not range-joined per KPI and city.
    Dataset<Row> anchors =
        df.select(col("kpi_id"), col("city_code"), trunc(col("period_end"), "MM").as("last"))
            .distinct();
    Dataset<Row> window =
        anchors
            .withColumn("back", explode(sequence(lit(0), lit(TREND_MONTHS - 1))))
            .withColumn("w_start", add_months(col("last"), col("back").multiply(-1)));
    Column last = col("last");
    // Least squares in exact integers: x = months before the period's last month (-11..0), y the
    // monthly value in millionths (the table keeps 6 decimals, so y is exact). Double sums
    // (regr_slope)
    // depend on the order Spark adds them in, so a re-run flipped last digits; sums of longs do
    // not,
    // and they avoid decimal(38) sums, which run through BigDecimal. Exact for |value| < 7e10 (ANSI
    // mode fails loudly beyond); the largest KPI value is about 3e7.
    Column x = monthIndex(col("m_start")).minus(monthIndex(last)).cast("bigint");
    Column y = functions.round(col("m_value").multiply(1e6)).cast("bigint");
    Column n = col("t_n").cast("decimal(38,0)");
    Column sx = col("t_sx").cast("decimal(38,0)");
    Column sy = col("t_sy").cast("decimal(38,0)");
    Column num = n.multiply(col("t_sxy").cast("decimal(38,0)")).minus(sx.multiply(sy));
    Column den = n.multiply(col("t_sxx").cast("decimal(38,0)")).minus(sx.multiply(sx));
    Dataset<Row> trend =
        window
            .join(
                months,
                col("kpi_id")
                    .equalTo(col("m_kpi"))
                    .and(col("city_code").equalTo(col("m_city")))
                    .and(col("w_start").equalTo(col("m_start"))))
            .groupBy("kpi_id", "city_code", "last")
            .agg(
                count(y).as("t_n"),
                sum(x).as("t_sx"),
                sum(y).as("t_sy"),
                sum(x.multiply(y)).as("t_sxy"),
                sum(x.multiply(x)).as("t_sxx"))
            // slope = num / den and intercept = (sy·den − num·sx) / (n·den): exact integers, one
            // division
            .withColumn(
                "trend_slope_per_month",
                num.cast("double").divide(nullif(den, lit(0)).cast("double")).divide(1e6))
            .withColumn(
                "trend_intercept",
                sy.multiply(den)
                    .minus(num.multiply(sx))
                    .cast("double")
                    .divide(nullif(n.multiply(den), lit(0)).cast("double"))
                    .divide(1e6))
            .withColumn("trend_points", col("t_n").cast("int"))
            .drop("t_n", "t_sx", "t_sy", "t_sxy", "t_sxx");
    Column projectionDate =
        when(col("deadline").isNull(), lit(null).cast("date"))
            .when(col("deadline").geq(col("period_end")), col("deadline"))
            .otherwise(make_date(year(col("period_end")), lit(12), lit(31)));
    Column projected =
        when(
            col("trend_points").geq(MIN_TREND_POINTS),
            col("trend_intercept")
                .plus(
                    col("trend_slope_per_month")
                        .multiply(
                            monthIndex(col("projection_date"))
                                .minus(monthIndex(col("period_end")))))
                .multiply(when(col("is_annual_total"), lit(12.0)).otherwise(lit(1.0))));
    return df.withColumn("last", trunc(col("period_end"), "MM"))
        .join(trend, new String[] {"kpi_id", "city_code", "last"}, "left")
        .drop("last")
        .withColumn("projection_date", projectionDate)
        .withColumn("projected_value", projected)
        .withColumn("projection_meets_target", compare(col("projected_value"), col("target_full")));
  }

  /**
   * Compound annual growth since the baseline year, in percent: 100 × ((value / baseline)^(1 /
   * years) − 1) for a year period of a target with a growth promise, years = period year − baseline
   * year ≥ 1. Null for other periods, without a growth promise, or when the baseline is not
   * positive.
   */
  static Column growthCagrPct() {
    Column years = year(col("period_start")).minus(col("baseline_period").cast("int"));
    Column applies =
        col("target_growth_pct")
            .isNotNull()
            .and(col("period_type").equalTo(Periods.YEAR))
            .and(years.geq(1))
            .and(col("baseline_value").gt(0))
            .and(col("value").geq(0));
    return when(
        applies,
        pow(col("value").divide(col("baseline_value")), lit(1.0).divide(years))
            .minus(1)
            .multiply(100));
  }

  /** 100 × (value − previous) / |previous|: growth in percent; null when previous is null or 0. */
  static Column changePct(Column value, Column previous) {
    return value.minus(previous).multiply(100).divide(nullif(abs(previous), lit(0.0)));
  }

  /** {@code value <comparator> target} (comparator column); null when either side is null. */
  static Column compare(Column value, Column target) {
    Column c = col("comparator");
    return when(value.isNull().or(target.isNull()), lit(null).cast("boolean"))
        .when(c.equalTo(">="), value.geq(target))
        .when(c.equalTo(">"), value.gt(target))
        .when(c.equalTo("<="), value.leq(target))
        .when(c.equalTo("<"), value.lt(target))
        .when(c.equalTo("="), abs(value.minus(target)).leq(lit(1e-9)));
  }

  /**
   * {@code value <comparator> target} for a comparator known when the plan is built (a catalog
   * target): the one comparison, not a CASE over literal comparators, which Spark folds while
   * logging "Constructing trivially true equals predicate" for each branch. Null when either side
   * is null, as a SQL comparison is.
   *
   * @param comparator one of {@code >=, >, <=, <, =} (the catalog checks it)
   */
  static Column compare(Column value, Column target, String comparator) {
    return switch (comparator) {
      case ">=" -> value.geq(target);
      case ">" -> value.gt(target);
      case "<=" -> value.leq(target);
      case "<" -> value.lt(target);
      case "=" -> abs(value.minus(target)).leq(lit(1e-9));
      default ->
          throw new IllegalArgumentException(
              "comparator '" + comparator + "' is not one of >=, >, <=, <, =");
    };
  }

  /**
   * Attainment %, progress, elapsed share, changes, rank and status; projects the declared columns.
   */
  static Dataset<Row> finish(Dataset<Row> df, String runId) {
    Column higher = col("direction").equalTo("higher");
    Column value = col("value");
    Column target = col("target_value");
    Column attainment =
        when(higher, value.multiply(100).divide(nullif(target, lit(0.0))))
            .otherwise(target.multiply(100).divide(nullif(value, lit(0.0))));
    Column progress =
        value
            .minus(col("baseline_value"))
            .multiply(100)
            .divide(nullif(target.minus(col("baseline_value")), lit(0.0)));
    Column elapsed =
        least(
            lit(100.0),
            greatest(
                lit(0.0),
                datediff(col("period_end"), col("pilot_start"))
                    .multiply(100.0)
                    .divide(nullif(datediff(col("deadline"), col("pilot_start")), lit(0)))));
    Column coverage =
        col("units_with_data").multiply(100.0).divide(nullif(col("units_expected"), lit(0)));
    Column insufficient =
        value
            .isNull()
            .or(col("aggregation").equalTo("ratio_of_sums").and(coverage.lt(MIN_COVERAGE * 100)));
    // a promised growth rate that a year period misses keeps it from met and on track
    Column growthOk = coalesce(col("is_growth_met"), lit(true));
    Column status =
        when(col("comparison").equalTo("no target"), lit("no target"))
            .when(insufficient, lit("insufficient data"))
            .when(col("is_met").and(growthOk), lit("met"))
            .when(col("is_deadline_passed"), lit("off track"))
            .when(col("projection_meets_target").and(growthOk), lit("on track"))
            .when(
                col("projected_value")
                    .isNull()
                    .and(col("progress_pct").geq(col("elapsed_pct")))
                    .and(growthOk),
                lit("on track"))
            .when(
                col("attainment_pct")
                    .geq(AT_RISK_ATTAINMENT_PCT)
                    .or(col("progress_pct").geq(col("elapsed_pct").multiply(AT_RISK_PACE))),
                lit("at risk"))
            .otherwise(lit("off track"));
    WindowSpec peers =
        Window.partitionBy("kpi_id", "programme", "period_type", "period")
            .orderBy(when(higher, value.multiply(-1)).otherwise(value).asc_nulls_last());
    WindowSpec peerCount = Window.partitionBy("kpi_id", "programme", "period_type", "period");
    Column inProgramme = col("comparison").equalTo("programme").and(value.isNotNull());
    Dataset<Row> ranked =
        df.withColumn("rank_in_programme", when(inProgramme, rank().over(peers)))
            .withColumn(
                "programme_cities",
                when(
                    col("comparison").equalTo("programme"),
                    count(when(inProgramme, lit(1))).over(peerCount)));
    return ranked
        .withColumn("coverage_pct", coverage)
        .withColumn("is_met", compare(value, target))
        .withColumn("growth_cagr_pct", growthCagrPct())
        .withColumn("is_growth_met", col("growth_cagr_pct").geq(col("target_growth_pct")))
        .withColumn("is_deadline_passed", col("period_end").gt(col("deadline")))
        .withColumn("attainment_pct", attainment)
        .withColumn("progress_pct", progress)
        .withColumn("elapsed_pct", elapsed)
        .withColumn("change_prev", value.minus(col("prev_value")))
        .withColumn("change_prev_pct", changePct(value, col("prev_value")))
        .withColumn("change_yoy", value.minus(col("yoy_value")))
        .withColumn("change_yoy_pct", changePct(value, col("yoy_value")))
        .withColumn("status", status)
        .withColumn("_run_id", lit(runId));
  }
}
