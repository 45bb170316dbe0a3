package org.citykpi.environment;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.assertSameSchema;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daily rule: validity thresholds of GB 3095-2012 §8 and city values as station means. The
 * 24-hour tests need 19–20 hourly rows by nature, so they are generated, not listed.
 */
@ExtendWith(SparkExtension.class)
class AirDailyTest {
  static final String HOURLY =
      "station_id STRING, local_date DATE, local_hour INT, city_code STRING, "
          + "pm25_ugm3 DOUBLE, pm10_ugm3 DOUBLE, so2_ugm3 DOUBLE, no2_ugm3 DOUBLE, co_mgm3 DOUBLE, o3_ugm3 DOUBLE";
  static final String STATION_DAY =
      "station_id STRING, local_date DATE, city_code STRING, station_hours BIGINT, "
          + "pm25_24h_ugm3 DOUBLE, pm10_24h_ugm3 DOUBLE, so2_24h_ugm3 DOUBLE, no2_24h_ugm3 DOUBLE, "
          + "co_24h_mgm3 DOUBLE, o3_1h_max_ugm3 DOUBLE, o3_8h_max_ugm3 DOUBLE";
  static final LocalDate D = LocalDate.parse("2026-10-01");

  static Row hour(String station, int h, Double pm25, Double o3) {
    return row(station, D, h, "330100", pm25, null, null, null, null, o3);
  }

  static Row station(String id, String city, Double pm25) {
    return row(id, D, city, 24L, pm25, null, null, null, null, null, null);
  }

  @Test
  void twentyFourHourMeanNeedsTwentyHourlyValues(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    rows.add(hour("A", 0, 50.0, null));
    for (int h = 1; h < 20; h++) {
      rows.add(hour("A", h, 30.0, null)); // A: 20 values, mean (50 + 19 * 30) / 20 = 31
      rows.add(hour("B", h, 30.0, null)); // B: 19 values
    }
    rows.add(hour("B", 20, null, null)); // a reported hour without PM2.5 does not count

    Dataset<Row> day =
        AirDaily.toStationDay(frame(spark, HOURLY, rows.toArray(Row[]::new)))
            .select("station_id", "station_hours", AqiColumns.PM25_24H_UGM3);

    assertRows(day, List.of(row("A", 20, 31.0), row("B", 19, null)));
  }

  @Test
  void ozoneEightHourMeanNeedsSixValuesInWindowsEndingAtSevenOrLater(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int h = 0; h <= 9; h++) {
      rows.add(hour("A", h, null, 10.0 * h)); // windows 0–7, 1–8, 2–9: means 35, 45, 55
      rows.add(
          hour("C", h, null, h >= 4 ? 10.0 * h : null)); // only 2–9 holds 6 values (40..90): 65
      rows.add(hour("D", h, null, h >= 5 ? 10.0 * h : null)); // at most 5 values in any window
    }
    for (int h = 0; h <= 6; h++) {
      rows.add(hour("E", h, null, 100.0)); // 7 values, but no window ends at hour 7 or later
    }

    Dataset<Row> day =
        AirDaily.toStationDay(frame(spark, HOURLY, rows.toArray(Row[]::new)))
            .select("station_id", AqiColumns.O3_1H_MAX_UGM3, AqiColumns.O3_8H_MAX_UGM3);

    assertRows(
        day,
        List.of(
            row("A", 90.0, 55.0),
            row("C", 90.0, 65.0),
            row("D", 90.0, null),
            row("E", 100.0, null)));
  }

  @Test
  void cityOutputHasTheDeclaredSchema(SparkSession spark) {
    Tables tables =
        Tables.load("unused", Paths.get("schemas"), Contracts.load(Paths.get("schemas")));
    Dataset<Row> city =
        AirDaily.toCityDay(frame(spark, STATION_DAY, station("S1", "330100", 75.0)));

    assertSameSchema(city, tables.spec("gold.city_day_air").schema());
  }

  @Test
  void cityAqiFromStationMeansAndGoodAirDayUpToHundred(SparkSession spark) {
    // PM2.5 24h IAQI (HJ 633): 75 -> 100 and 115 -> 150, linear between, rounded up.
    Dataset<Row> stations =
        frame(
            spark,
            STATION_DAY,
            station("A1", "330100", 70.0),
            station("A2", "330100", 80.0), // mean 75: AQI 100
            station("B1", "330200", 75.0),
            station("B2", "330200", 75.2), // mean 75.1: 100 + 0.1*50/40 -> 101
            station("C1", "330300", null),
            station("C2", "330300", 115.0)); // null skipped: 115 -> 150

    Dataset<Row> city =
        AirDaily.toCityDay(stations)
            .select(
                "city_code",
                "stations",
                "station_hours",
                "pm25_ugm3",
                "aqi",
                "category",
                "is_good_air_day");

    assertRows(
        city,
        List.of(
            row("330100", 2, 48, 75.0, 100, "良", true),
            row("330200", 2, 48, 75.1, 101, "轻度污染", false),
            row("330300", 2, 48, 115.0, 150, "轻度污染", false)));
  }

  @Test
  void cityWithoutAnyPollutantHasNullAqiAndIsNotAGoodAirDay(SparkSession spark) {
    Dataset<Row> city =
        AirDaily.toCityDay(frame(spark, STATION_DAY, station("S1", "330100", null)))
            .select("city_code", "aqi", "is_good_air_day");

    assertRows(city, List.of(row("330100", null, null)));
  }
}
