package org.citykpi.environment;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.clean.SilverPlan;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bronze air readings to silver through the contract and the declaration: Asia/Shanghai wall-clock
 * time to UTC (derive: event_utc), the local hour (derive: local_hour), then the domain's hourly
 * AQI.
 */
@ExtendWith(SparkExtension.class)
class AirSilverTest {
  static final SilverPlan AIR = Plans.plan("air_station_hourly");
  static final String BRONZE =
      "station_id STRING, city_code STRING, obs_time_local TIMESTAMP_NTZ, "
          + "pm25_ugm3 DOUBLE, pm10_ugm3 DOUBLE, so2_ugm3 DOUBLE, no2_ugm3 DOUBLE, co_mgm3 DOUBLE, o3_ugm3 DOUBLE, "
          + "temp_c DOUBLE, pressure_hpa DOUBLE, humidity_pct DOUBLE, wind_speed_ms DOUBLE, local_date DATE";

  static Row reading(String local) {
    LocalDateTime t = local == null ? null : LocalDateTime.parse(local);
    return row(
        "S1",
        "330100",
        t,
        35.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        t == null ? null : t.toLocalDate());
  }

  @Test
  void localTimeBecomesUtcAndLocalHour(SparkSession spark) {
    Dataset<Row> silver =
        AIR.toSilver(
                frame(
                    spark,
                    BRONZE,
                    reading("2026-10-01T00:00"),
                    reading("2026-10-01T23:00"),
                    reading("2026-10-01T08:00"),
                    reading(null)),
                Plans.KEY)
            .select("obs_time_local", "obs_ts_utc", "local_hour");

    assertRows(
        silver,
        List.of(
            row(LocalDateTime.parse("2026-10-01T00:00"), Instant.parse("2026-09-30T16:00:00Z"), 0),
            row(LocalDateTime.parse("2026-10-01T23:00"), Instant.parse("2026-10-01T15:00:00Z"), 23),
            row(LocalDateTime.parse("2026-10-01T08:00"), Instant.parse("2026-10-01T00:00:00Z"), 8),
            row(null, null, null)));
  }

  @Test
  void hourlyAqiIsAdded(SparkSession spark) {
    // PM2.5 35 ug/m3 is the top of the first band: IAQI 50, no primary pollutant at 50.
    Dataset<Row> silver =
        AIR.toSilver(frame(spark, BRONZE, reading("2026-10-01T08:00")), Plans.KEY)
            .select("local_date", "aqi", "primary_pollutant", "category");

    assertRows(silver, List.of(row(LocalDate.parse("2026-10-01"), 50, null, "优")));
  }
}
