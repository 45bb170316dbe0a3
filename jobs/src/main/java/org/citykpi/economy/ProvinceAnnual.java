package org.citykpi.economy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.contract.SourceContract;

/** bronze.nbs_province_annual → silver.province_annual_stat. */
public final class ProvinceAnnual {
  private ProvinceAnnual() {}

  /**
   * Needs {@code province_code, year_start, indicator_name_zh, unit, value, month}; adds {@code
   * year} (int). One row per province, year and indicator (empty cells were quarantined at ingest).
   */
  public static Dataset<Row> toSilver(Dataset<Row> kept, SourceContract c, Pseudonymizer unused) {
    return kept.withColumn("year", year(col("year_start")));
  }
}
