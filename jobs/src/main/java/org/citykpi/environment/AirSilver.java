package org.citykpi.environment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hour;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.clean.Times;
import org.citykpi.contract.SourceContract;

/** bronze.air_station_hourly → silver.air_station_hourly: UTC hour, local hour, hourly AQI. */
public final class AirSilver {
  private AirSilver() {}

  /**
   * Needs the contract columns of air_station_hourly and {@code local_date}; adds {@code
   * obs_ts_utc}, {@code local_hour}, {@code aqi}, {@code primary_pollutant}, {@code category}. One
   * row per reading.
   */
  public static Dataset<Row> toSilver(Dataset<Row> kept, SourceContract c, Pseudonymizer unused) {
    Dataset<Row> df =
        kept.withColumn("obs_ts_utc", Times.utc(col("obs_time_local"), c.eventTime().zone()))
            .withColumn("local_hour", hour(col("obs_time_local")));
    return AqiColumns.withHourlyAqi(df);
  }
}
