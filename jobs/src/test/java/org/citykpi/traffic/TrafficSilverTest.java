package org.citykpi.traffic;

import static org.apache.spark.sql.functions.col;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.LocalDateTime;
import java.util.Arrays;
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
 * Peak hours as silver.road_speed declares them (is_peak expr): weekdays 07:00–08:59 and
 * 17:00–18:59 local time. 2026-09-14 is a Monday.
 */
@ExtendWith(SparkExtension.class)
class TrafficSilverTest {
  static final SilverPlan ROAD = Plans.plan("road_speed");

  static Dataset<Row> peaks(SparkSession spark, String... localTimes) {
    Row[] rows =
        Arrays.stream(localTimes)
            .map(
                t -> {
                  LocalDateTime l = t == null ? null : LocalDateTime.parse(t);
                  return row("R1", "330100", l, 40.0, 60.0, l == null ? null : l.toLocalDate());
                })
            .toArray(Row[]::new);
    return ROAD.toSilver(
            frame(
                spark,
                "segment_id STRING, city_code STRING, interval_start_local TIMESTAMP_NTZ, "
                    + "speed_kmh DOUBLE, free_flow_kmh DOUBLE, local_date DATE",
                rows),
            Plans.KEY)
        .select(col("interval_start_local").as("t"), col("is_peak"));
  }

  static Row expect(String t, Boolean peak) {
    return row(t == null ? null : LocalDateTime.parse(t), peak);
  }

  @Test
  void morningPeakIsSevenToBeforeNine(SparkSession spark) {
    assertRows(
        peaks(
            spark,
            "2026-09-14T06:59",
            "2026-09-14T07:00",
            "2026-09-14T08:59",
            "2026-09-14T09:00",
            null),
        List.of(
            expect("2026-09-14T06:59", false),
            expect("2026-09-14T07:00", true),
            expect("2026-09-14T08:59", true),
            expect("2026-09-14T09:00", false),
            expect(null, null)));
  }

  @Test
  void eveningPeakIsFiveToBeforeSeven(SparkSession spark) {
    assertRows(
        peaks(
            spark, "2026-09-14T16:59", "2026-09-14T17:00", "2026-09-14T18:59", "2026-09-14T19:00"),
        List.of(
            expect("2026-09-14T16:59", false),
            expect("2026-09-14T17:00", true),
            expect("2026-09-14T18:59", true),
            expect("2026-09-14T19:00", false)));
  }

  @Test
  void weekendHasNoPeak(SparkSession spark) {
    assertRows(
        peaks(spark, "2026-09-18T08:00", "2026-09-19T08:00", "2026-09-20T17:30"),
        List.of(
            expect("2026-09-18T08:00", true),
            expect("2026-09-19T08:00", false),
            expect("2026-09-20T17:30", false)));
  }
}
