package org.citykpi.clean;

import static org.apache.spark.sql.functions.to_utc_timestamp;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Time conversions shared by the silver transformations. */
public final class Times {
  private Times() {}

  /** The UTC instant of a wall-clock time (TIMESTAMP_NTZ) read in {@code zone}. */
  public static Column utc(Column localWallClock, String zone) {
    return to_utc_timestamp(localWallClock.cast(DataTypes.TimestampType), zone);
  }
}
