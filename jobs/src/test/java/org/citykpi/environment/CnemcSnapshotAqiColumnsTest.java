package org.citykpi.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AqiColumns#withHourlyAqi} on all 1,495 snapshot stations agrees with {@link Aqi#hourly}
 * everywhere.
 */
@ExtendWith(SparkExtension.class)
class CnemcSnapshotAqiColumnsTest {

  @Test
  void sparkAgreesWithJavaOnEveryStation(SparkSession spark) throws IOException {
    Path file = CnemcStation.snapshotPath();
    Assumptions.assumeTrue(Files.exists(file), "CNEMC snapshot not found at " + file);
    List<CnemcStation> stations = CnemcStation.load(file);
    Map<String, CnemcStation> byCode =
        stations.stream().collect(Collectors.toMap(CnemcStation::code, Function.identity()));

    List<Row> out = AqiColumns.withHourlyAqi(frame(spark, stations)).collectAsList();

    assertThat(out).hasSize(stations.size());
    List<String> mismatches = new ArrayList<>();
    for (Row r : out) {
      CnemcStation s = byCode.get(r.<String>getAs("stationcode"));
      AqiResult want = Aqi.hourly(CnemcSnapshotAqiTest.readings(s));
      List<Object> got =
          List.of(
              field(r, AqiColumns.AQI),
              field(r, AqiColumns.PRIMARY_POLLUTANT),
              field(r, AqiColumns.CATEGORY));
      List<Object> expected =
          List.of(
              String.valueOf(want.aqi()),
              String.valueOf(want.primaryPollutantText()),
              String.valueOf(want.categoryZh()));
      if (!got.equals(expected)) {
        mismatches.add(s + ": java " + expected + ", spark " + got);
      }
    }
    assertThat(mismatches).as("stations where Spark and Java disagree").isEmpty();
  }

  private static String field(Row r, String name) {
    return String.valueOf(r.get(r.fieldIndex(name)));
  }

  private static Dataset<Row> frame(SparkSession spark, List<CnemcStation> stations) {
    StructType schema =
        new StructType(
            new StructField[] {
              DataTypes.createStructField("stationcode", DataTypes.StringType, false),
              DataTypes.createStructField(AqiColumns.PM25_UGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.PM10_UGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.SO2_UGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.NO2_UGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.CO_MGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.O3_UGM3, DataTypes.DoubleType, true),
              DataTypes.createStructField(AqiColumns.SO2_24H_UGM3, DataTypes.DoubleType, true),
            });
    List<Row> rows =
        stations.stream()
            .map(
                s -> {
                  HourlyReadings r = CnemcSnapshotAqiTest.readings(s);
                  return RowFactory.create(
                      s.code(),
                      r.pm25(),
                      r.pm10(),
                      r.so2(),
                      r.no2(),
                      r.co(),
                      r.o3(),
                      r.so2Mean24h());
                })
            .toList();
    return spark.createDataFrame(rows, schema);
  }
}
