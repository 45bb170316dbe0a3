package org.citykpi.traffic;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.assertSameSchema;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Silver traffic to the gold city × day and city × month facts, hand-computed. */
@ExtendWith(SparkExtension.class)
class TrafficDailyTest {
  static final Tables TABLES =
      Tables.load("unused", Paths.get("schemas"), Contracts.load(Paths.get("schemas")));
  static final String ROAD =
      "city_code STRING, local_date DATE, segment_id STRING, is_peak BOOLEAN, "
          + "speed_kmh DOUBLE, free_flow_kmh DOUBLE";
  static final String TRIPS =
      "city_code STRING, local_date DATE, is_public_transport BOOLEAN, card_key STRING";
  static final String HZ = "330100";
  static final String NB = "330200";
  static final LocalDate D1 = LocalDate.parse("2026-09-14");
  static final LocalDate D2 = LocalDate.parse("2026-09-15");

  static Dataset<Row> road(SparkSession spark) {
    return frame(
        spark,
        ROAD,
        row(HZ, D1, "S1", true, 30.0, 60.0),
        row(HZ, D1, "S2", true, 50.0, 60.0),
        row(HZ, D1, "S1", false, 60.0, 60.0),
        row(NB, D1, "S9", false, 55.0, 60.0));
  }

  static Dataset<Row> trips(SparkSession spark) {
    return frame(
        spark,
        TRIPS,
        row(HZ, D1, true, "c1"),
        row(HZ, D1, true, "c2"),
        row(HZ, D1, false, "c1"),
        row(HZ, D1, false, null),
        row(HZ, D2, true, "c3"));
  }

  @Test
  void outputHasTheDeclaredSchema(SparkSession spark) {
    assertSameSchema(
        TrafficDaily.toCityDay(road(spark), trips(spark)),
        TABLES.spec("gold.city_day_traffic").schema());
  }

  @Test
  void congestionIndexIsSumFreeFlowOverSumSpeedOfPeakReadings(SparkSession spark) {
    Dataset<Row> day =
        TrafficDaily.toCityDay(road(spark), trips(spark))
            .select(
                "city_code",
                "local_date",
                "segments",
                "peak_readings",
                "peak_speed_kmh",
                "peak_free_flow_kmh",
                "congestion_index");

    assertRows(
        day,
        List.of(
            row(
                HZ, D1, 2, 2, 40.0, 60.0,
                1.5), // (60 + 60) / (30 + 50); the off-peak 60 km/h is left out
            row(NB, D1, 1, 0, null, null, null), // no peak reading: no index rather than 0
            row(HZ, D2, 0, 0, null, null, null))); // transit only
  }

  @Test
  void tripsCountAllPublicAndDistinctCards(SparkSession spark) {
    Dataset<Row> day =
        TrafficDaily.toCityDay(road(spark), trips(spark))
            .select(
                "city_code",
                "local_date",
                "transit_trips",
                "public_transport_trips",
                "transit_cards");

    assertRows(
        day,
        List.of(
            row(HZ, D1, 4, 2, 2), // c1 twice, c2, and a trip without card key
            row(NB, D1, 0, 0, 0), // road only
            row(HZ, D2, 1, 1, 1)));
  }

  @Test
  void vehiclesByClassAndEPlate(SparkSession spark) {
    LocalDate m = LocalDate.parse("2026-09-01");
    Dataset<Row> vehicles =
        frame(
            spark,
            "city_code STRING, month DATE, vehicle_class STRING, has_e_plate BOOLEAN",
            row(HZ, m, "motor", true),
            row(HZ, m, "motor", false),
            row(HZ, m, "non_motor", true),
            row(HZ, m, null, true),
            row(HZ, m, "motor", null),
            row(NB, m, "non_motor", false));

    Dataset<Row> month = TrafficDaily.toCityMonthVehicles(vehicles);

    assertSameSchema(month, TABLES.spec("gold.city_month_vehicles").schema());
    assertRows(month, List.of(row(HZ, m, 5, 3, 3, 1, 1, 1), row(NB, m, 1, 0, 0, 0, 1, 0)));
  }
}
