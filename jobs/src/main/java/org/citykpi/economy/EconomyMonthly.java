package org.citykpi.economy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.size;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** silver.city_monthly_stat → gold.city_month_indicators (one column per indicator). */
public final class EconomyMonthly {
  private EconomyMonthly() {}

  /**
   * Pivots the long statistics to one row per city and month and counts the indicators reported.
   * The indicator list is passed in (from indicators.yaml), so the pivot needs no extra pass to
   * find its values and the columns are stable even when a month lacks an indicator.
   */
  public static Dataset<Row> toCityMonth(Dataset<Row> stats, List<String> indicatorCodes) {
    Column[] values = indicatorCodes.stream().map(c -> col(c)).toArray(Column[]::new);
    return stats
        .groupBy("city_code", "month")
        .pivot("indicator_code", indicatorCodes.stream().map(Object.class::cast).toList())
        .agg(first(col("value")))
        .withColumn("indicators_reported", size(array_compact(array(values))));
  }
}
