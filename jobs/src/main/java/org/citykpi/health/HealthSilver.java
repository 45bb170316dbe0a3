package org.citykpi.health;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.clean.Times;
import org.citykpi.contract.SourceContract;

/** bronze.outpatient_visit → silver.outpatient_visit. */
public final class HealthSilver {
  private HealthSilver() {}

  /**
   * Replaces {@code patient_id} by {@code patient_key}; adds {@code visit_ts_utc}. One row per
   * visit.
   */
  public static Dataset<Row> outpatientVisit(Dataset<Row> kept, SourceContract c, Pseudonymizer p) {
    return kept.withColumn("patient_key", p.hash(col("patient_id")))
        .withColumn("visit_ts_utc", Times.utc(col("visit_time_local"), c.eventTime().zone()))
        .drop("patient_id");
  }
}
