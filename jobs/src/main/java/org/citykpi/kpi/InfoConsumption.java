package org.citykpi.kpi;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Interval;

/**
 * Pure transformation from {@code gold.city_month_indicators} to {@code kpi.info_consumption}: per
 * city and month, the information-consumption flows (T17, T18, T19) with their shares, per-capita
 * values, month-on-month and year-on-year growth, year-to-date and trailing-12-month sums and
 * progress toward the YC-2015 targets, and e-commerce adoption (T20) against its target. Rules:
 * docs/kpi-status-rules.md#information-consumption.
 *
 * <p>Comparisons look months up by month index in range windows, never by row position, so a
 * missing month gives null growth instead of a comparison with an older month.
 */
public final class InfoConsumption {
  public static final String TABLE = "kpi.info_consumption";
  public static final String SOURCE = "gold.city_month_indicators";

  /** The programme whose targets the table reports progress toward; other cities are benchmarks. */
  public static final String PROGRAMME = "YC-2015";

  /** KPI whose target the e-commerce adoption share is held to. */
  public static final String ADOPTION_KPI = "T20";

  /** Months in a trailing sum. */
  public static final int TRAILING_MONTHS = 12;

  static final String POPULATION = "resident_population";
  static final String ENTERPRISES = "enterprises_total";
  static final String ECOMMERCE = "enterprises_ecommerce";
  static final String ADOPTION = "ecommerce_adoption_pct";
  static final double YUAN_PER_100M = 1e8;
  private static final String MONTH_INDEX = "month_index";

  /** A monthly flow in 亿元 and the KPI whose annual-total target it is held to. */
  record Flow(String column, String kpiId) {
    String name(String suffix) {
      return column + suffix;
    }
  }

  static final Flow TOTAL = new Flow("info_consumption_total", "T17");
  static final Flow INTERNET = new Flow("info_consumption_internet", "T18");
  static final Flow RETAIL = new Flow("online_retail_sales", "T19");
  static final List<Flow> FLOWS = List.of(TOTAL, INTERNET, RETAIL);

  /** Gold columns of which a city-month needs at least one non-null to get a row. */
  static final List<String> SOURCE_VALUES =
      List.of(TOTAL.column(), INTERNET.column(), RETAIL.column(), ENTERPRISES, ECOMMERCE);

  private InfoConsumption() {}

  /**
   * The {@link #PROGRAMME} targets of T17, T18, T19 (annual totals) and T20, keyed by KPI id, as
   * the catalog states them (value and comparator).
   */
  public record Targets(Map<String, Kpi.Target> byKpi) {
    /** Reads the targets from the catalog; fails, naming each KPI at fault, when one is missing. */
    public static Targets from(Catalog catalog) {
      Map<String, Kpi.Target> out = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      List<String> ids = new ArrayList<>(FLOWS.stream().map(Flow::kpiId).toList());
      ids.add(ADOPTION_KPI);
      for (String id : ids) {
        if (!catalog.contains(id)) {
          problems.add(id + " is not in the catalog");
          continue;
        }
        Kpi.Target t =
            catalog.kpi(id).targetList().stream()
                .filter(x -> PROGRAMME.equals(x.programme()))
                .findFirst()
                .orElse(null);
        boolean annual = !ADOPTION_KPI.equals(id);
        if (t == null) {
          problems.add(id + " has no " + PROGRAMME + " target");
        } else if (annual && !t.annual()) {
          problems.add(
              id + ": the " + PROGRAMME + " target must be an annual total (annual_total: true)");
        } else {
          out.put(id, t);
        }
      }
      if (!problems.isEmpty()) {
        throw new CityKpiException(
            "Information-consumption targets: " + String.join("; ", problems));
      }
      return new Targets(Map.copyOf(out));
    }

    Kpi.Target get(String kpiId) {
      return byKpi.get(kpiId);
    }
  }

  /** Months of the source a run over {@code run} reads: from 12 months before its first January. */
  public static Interval history(Interval run) {
    return new Interval(run.from().withDayOfYear(1).minusYears(1), run.to()).months();
  }

  /** Months a run over {@code run} writes (the whole months it touches). */
  public static Interval span(Interval run) {
    return run.months();
  }

  /**
   * kpi.info_consumption rows for the months of {@code span}.
   *
   * @param gold rows of gold.city_month_indicators covering {@link #history} of the run (city_code,
   *     month, resident_population, the three flows, enterprises_total, enterprises_ecommerce)
   * @param geo {@link KpiFrames#geo} (city_code, province_code, programmes)
   * @param span the months to return ({@link #span}); months before it are history only
   * @return one row per city × month of {@code span} with any {@link #SOURCE_VALUES}, in the
   *     declared columns of schemas/tables/kpi/info_consumption.yaml
   */
  public static Dataset<Row> compute(
      Dataset<Row> gold, Dataset<Row> geo, Targets targets, Interval span, String runId) {
    Dataset<Row> months = toCityMonths(gold);
    Dataset<Row> flows = months;
    for (Flow f : FLOWS) {
      flows = withSums(withGrowth(flows, f), f);
    }
    Dataset<Row> members =
        geo.select(
            col("city_code"),
            col("province_code"),
            array_contains(col("programmes"), PROGRAMME).as("in_programme"));
    return flows
        .where(span.months().predicate("month"))
        .join(broadcast(members), new String[] {"city_code"}, "left")
        .select(columns(targets, runId).toArray(Column[]::new));
  }

  /**
   * The source columns of city-months with any {@link #SOURCE_VALUES}, plus the month index and the
   * two shares (internet_share_pct, ecommerce_adoption_pct). Grain: city × month.
   */
  static Dataset<Row> toCityMonths(Dataset<Row> gold) {
    Column any = lit(false);
    for (String c : SOURCE_VALUES) {
      any = any.or(col(c).isNotNull());
    }
    return gold.where(any)
        .select(
            col("city_code"),
            col("month"),
            Attainment.monthIndex(col("month")).as(MONTH_INDEX),
            col(POPULATION),
            col(TOTAL.column()),
            col(INTERNET.column()),
            col(RETAIL.column()),
            col(ENTERPRISES),
            col(ECOMMERCE),
            pct(col(INTERNET.column()), col(TOTAL.column())).as("internet_share_pct"),
            pct(col(ECOMMERCE), col(ENTERPRISES)).as(ADOPTION));
  }

  /** Adds the flow's _per_capita_yuan, _mom_pct and _yoy_pct. */
  static Dataset<Row> withGrowth(Dataset<Row> df, Flow f) {
    Column v = col(f.column());
    return df.withColumn(
            f.name("_per_capita_yuan"),
            v.multiply(YUAN_PER_100M).divide(nullif(col(POPULATION), lit(0.0))))
        .withColumn(f.name("_mom_pct"), growthPct(v, monthsBefore(v, 1)))
        .withColumn(f.name("_yoy_pct"), growthPct(v, monthsBefore(v, 12)));
  }

  /** Adds the flow's _ytd, _ytd_yoy_pct and _trailing_12m, each null unless complete. */
  static Dataset<Row> withSums(Dataset<Row> df, Flow f) {
    Column v = col(f.column());
    WindowSpec yearToDate =
        Window.partitionBy(col("city_code"), year(col("month")))
            .orderBy(col(MONTH_INDEX))
            .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec trailing = byCity().rangeBetween(-(TRAILING_MONTHS - 1), 0);
    Column ytd =
        when(count(v).over(yearToDate).equalTo(month(col("month"))), sum(v).over(yearToDate));
    Column t12 = when(count(v).over(trailing).equalTo(TRAILING_MONTHS), sum(v).over(trailing));
    String ytdName = f.name("_ytd");
    return df.withColumn(ytdName, ytd)
        .withColumn(f.name("_ytd_yoy_pct"), growthPct(col(ytdName), monthsBefore(col(ytdName), 12)))
        .withColumn(f.name("_trailing_12m"), t12);
  }

  /** The declared output columns, in order. */
  static List<Column> columns(Targets targets, String runId) {
    List<Column> out =
        new ArrayList<>(
            List.of(
                col("city_code"),
                col("province_code"),
                col("month"),
                coalesce(col("in_programme"), lit(false)).as("in_yc2015"),
                col(POPULATION),
                col(TOTAL.column()),
                col(INTERNET.column()),
                col("internet_share_pct"),
                col(RETAIL.column()),
                col(ENTERPRISES),
                col(ECOMMERCE),
                col(ADOPTION)));
    for (Flow f : FLOWS) {
      Kpi.Target t = targets.get(f.kpiId());
      Column target = lit(t.value());
      Column t12 = col(f.name("_trailing_12m"));
      out.addAll(
          List.of(
              col(f.name("_per_capita_yuan")),
              col(f.name("_mom_pct")),
              col(f.name("_yoy_pct")),
              col(f.name("_ytd")),
              col(f.name("_ytd_yoy_pct")),
              t12,
              target.as(f.name("_target")),
              pct(col(f.name("_ytd")), target).as(f.name("_ytd_pct_of_target")),
              pct(t12, target).as(f.name("_trailing_12m_pct_of_target")),
              meets(t12, t).as(f.name("_trailing_12m_meets_target"))));
    }
    Kpi.Target adoption = targets.get(ADOPTION_KPI);
    out.addAll(
        List.of(
            lit(adoption.value()).as("ecommerce_adoption_target_pct"),
            meets(col(ADOPTION), adoption).as("ecommerce_adoption_meets_target"),
            lit(runId).as("_run_id")));
    return out;
  }

  private static WindowSpec byCity() {
    return Window.partitionBy("city_code").orderBy(col(MONTH_INDEX));
  }

  /**
   * The value of {@code c} exactly {@code n} months before the row's month; null without such a
   * row.
   */
  static Column monthsBefore(Column c, int n) {
    return first(c).over(byCity().rangeBetween(-n, -n));
  }

  /** Growth in percent, as kpi.attainment computes it ({@link Attainment#changePct}). */
  static Column growthPct(Column current, Column previous) {
    return Attainment.changePct(current, previous);
  }

  /** 100 × part / whole; null when whole is null or 0. */
  static Column pct(Column part, Column whole) {
    return part.multiply(100).divide(nullif(whole, lit(0.0)));
  }

  /**
   * {@code value <comparator> target} as the catalog states it, on the value rounded as published
   * ({@link KpiJob#DECIMALS}), so that a published 600.0 is never "not >= 600"; null for a null
   * value.
   */
  static Column meets(Column value, Kpi.Target t) {
    return Attainment.compare(round(value, KpiJob.DECIMALS), lit(t.value()), t.comparator());
  }
}
