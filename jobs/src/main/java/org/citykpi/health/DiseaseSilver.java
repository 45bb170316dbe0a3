package org.citykpi.health;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.citykpi.contract.SourceContract;

/** bronze.china_covid19_daily → silver.disease_daily: daily new counts from cumulative ones. */
public final class DiseaseSilver {
  private DiseaseSilver() {}

  /**
   * Needs {@code city_code, province_code, city_name, report_date, local_date, confirmed_cum,
   * cured_cum, dead_cum}, one row per city and day, including the days before the interval that the
   * differencing needs (the caller filters the output to its interval). Adds, per count, {@code
   * <count>_new} = max(0, today − previous report) and {@code <count>_correction} = max(0, previous
   * − today) (both null on a city's first report), {@code days_since_previous} and {@code
   * is_correction} (any cumulative count went down: a revision, not negative new cases). Grain
   * unchanged.
   */
  public static Dataset<Row> toSilver(Dataset<Row> kept, SourceContract c) {
    WindowSpec w = Window.partitionBy("city_code").orderBy("report_date");
    Dataset<Row> df =
        kept.withColumn("city_name_zh", col("city_name"))
            .withColumn(
                "days_since_previous", datediff(col("report_date"), lag("report_date", 1).over(w)));
    Column correction = lit(false);
    for (String n : new String[] {"confirmed", "cured", "dead"}) {
      Column diff = col(n + "_cum").minus(lag(n + "_cum", 1).over(w));
      // greatest() skips nulls, so the first report (no previous one) must be kept null explicitly
      Column d = col("_diff_" + n);
      df =
          df.withColumn("_diff_" + n, diff)
              .withColumn(n + "_new", when(d.isNotNull(), greatest(d, lit(0L))))
              .withColumn(
                  n + "_correction", when(d.isNotNull(), greatest(d.multiply(-1), lit(0L))));
      correction = correction.or(coalesce(col("_diff_" + n).lt(0), lit(false)));
    }
    return df.withColumn("is_correction", correction)
        .drop("_diff_confirmed", "_diff_cured", "_diff_dead");
  }
}
