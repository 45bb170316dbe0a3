package org.citykpi.traffic;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.hour;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.clean.Times;
import org.citykpi.contract.SourceContract;

/** bronze → silver for the traffic feeds: road speeds, smart-card trips, vehicle snapshots. */
public final class TrafficSilver {
  /** Modes that count as public transport for Q04 (taxis and shared bikes do not). */
  public static final List<String> PUBLIC_MODES = List.of("bus", "metro", "brt", "ferry");

  private TrafficSilver() {}

  /** Weekday 07:00–09:00 and 17:00–19:00 local time: the morning and evening peaks. */
  public static Column isPeak(Column localWallClock) {
    Column h = hour(localWallClock);
    Column weekday = dayofweek(localWallClock).between(2, 6); // 1 = Sunday, 7 = Saturday
    return weekday.and(h.isin(7, 8, 17, 18));
  }

  /** Adds {@code interval_start_utc} and {@code is_peak}; one row per reading. */
  public static Dataset<Row> roadSpeed(Dataset<Row> kept, SourceContract c, Pseudonymizer unused) {
    return kept.withColumn(
            "interval_start_utc", Times.utc(col("interval_start_local"), c.eventTime().zone()))
        .withColumn("is_peak", isPeak(col("interval_start_local")));
  }

  /**
   * Replaces {@code card_id} by {@code card_key}; adds {@code boarding_ts_utc}, {@code
   * is_public_transport}.
   */
  public static Dataset<Row> transitTrip(Dataset<Row> kept, SourceContract c, Pseudonymizer p) {
    return kept.withColumn("card_key", p.hash(col("card_id")))
        .withColumn("boarding_ts_utc", Times.utc(col("boarding_time_local"), c.eventTime().zone()))
        .withColumn("is_public_transport", col("mode").isin(PUBLIC_MODES.toArray()))
        .drop("card_id");
  }

  /** Replaces {@code plate_no} by {@code plate_key}; the snapshot month is the partition month. */
  public static Dataset<Row> vehicleRegistry(Dataset<Row> kept, SourceContract c, Pseudonymizer p) {
    return kept.withColumn("plate_key", p.hash(col("plate_no"))).drop("plate_no");
  }
}
