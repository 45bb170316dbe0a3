package org.citykpi.environment;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AqiColumns} must agree with {@link Aqi} row by row. */
@ExtendWith(SparkExtension.class)
class AqiColumnsTest {
  private static final String ID = "id";
  private static final List<String> HOURLY_INPUTS =
      List.of(
          AqiColumns.PM25_UGM3,
          AqiColumns.PM10_UGM3,
          AqiColumns.SO2_UGM3,
          AqiColumns.NO2_UGM3,
          AqiColumns.CO_MGM3,
          AqiColumns.O3_UGM3,
          AqiColumns.SO2_24H_UGM3);
  private static final List<String> DAILY_INPUTS =
      List.of(
          AqiColumns.PM25_24H_UGM3,
          AqiColumns.PM10_24H_UGM3,
          AqiColumns.SO2_24H_UGM3,
          AqiColumns.NO2_24H_UGM3,
          AqiColumns.CO_24H_MGM3,
          AqiColumns.O3_1H_MAX_UGM3,
          AqiColumns.O3_8H_MAX_UGM3);

  // id, pm25, pm10, so2, no2, co, o3, so2_24h
  private static final List<Row> HOURLY_ROWS =
      List.of(
          row(1, null, null, null, null, null, null, null), // nothing measured -> null AQI
          row(2, 38.0, null, 3.0, 17.0, 0.7, 83.0, 22.0), // 54, PM2.5
          row(
              3, 75.0, 150.0, 500.0, 17.0, null, null,
              null), // three-way tie at exactly the 100 breakpoints
          row(4, 38.0, null, 900.0, null, null, null, 300.0), // SO2 above 800 -> 24h row, 124
          row(5, 35.0, 10.0, 3.0, 17.0, 5.2, 10.0, null), // CO 52 needs exact decimals
          row(6, 600.0, 700.0, null, null, null, null, null), // both saturate at 500
          row(7, -1.0, Double.NaN, null, null, null, 900.0, null), // invalid skipped, O3 1h 350
          row(8, 35.0, 50.0, 3.0, 17.0, 0.7, 10.0, null), // 50 -> no primary
          row(
              9,
              null,
              null,
              Double.POSITIVE_INFINITY,
              17.0,
              null,
              null,
              300.0)); // invalid SO2 skipped, 9

  @Test
  void hourlyColumnsMatchPureJava(SparkSession spark) {
    List<Row> out =
        AqiColumns.withHourlyAqi(frame(spark, HOURLY_INPUTS, HOURLY_ROWS))
            .orderBy(ID)
            .collectAsList();

    assertThat(out).hasSameSizeAs(HOURLY_ROWS);
    for (Row r : out) {
      AqiResult expected =
          Aqi.hourly(
              new HourlyReadings(d(r, 1), d(r, 2), d(r, 3), d(r, 4), d(r, 5), d(r, 6), d(r, 7)));
      assertMatches(r, expected);
    }
  }

  @Test
  void hourlyColumnsGiveTheHandComputedValues(SparkSession spark) {
    List<Row> out =
        AqiColumns.withHourlyAqi(frame(spark, HOURLY_INPUTS, HOURLY_ROWS))
            .orderBy(ID)
            .collectAsList();

    assertThat(out)
        .extracting(r -> r.getAs(AqiColumns.AQI))
        .containsExactly(null, 54, 100, 124, 52, 500, 350, 50, 9);
    assertThat(out)
        .extracting(r -> r.getAs(AqiColumns.PRIMARY_POLLUTANT))
        .containsExactly(
            null,
            "细颗粒物(PM2.5)",
            "二氧化硫,颗粒物(PM10),细颗粒物(PM2.5)",
            "二氧化硫",
            "一氧化碳",
            "颗粒物(PM10),细颗粒物(PM2.5)",
            "臭氧1小时",
            null,
            null);
    assertThat(out)
        .extracting(r -> r.getAs(AqiColumns.CATEGORY))
        .containsExactly(null, "良", "良", "轻度污染", "良", "严重污染", "严重污染", "优", "优");
  }

  @Test
  void hourlyWithoutTwentyFourHourSo2SkipsSo2Above800(SparkSession spark) {
    List<String> inputs = HOURLY_INPUTS.subList(0, 6);
    Dataset<Row> df =
        frame(spark, inputs, List.of(RowFactory.create(1, null, null, 900.0, 17.0, null, null)));

    Row r = AqiColumns.withHourlyAqi(df).first();

    assertThat((Integer) r.getAs(AqiColumns.AQI)).isEqualTo(9);
  }

  @Test
  void hourlyAddsThreeTypedColumnsAndKeepsTheRest(SparkSession spark) {
    Dataset<Row> out = AqiColumns.withHourlyAqi(frame(spark, HOURLY_INPUTS, HOURLY_ROWS));

    assertThat(out.columns())
        .containsExactly(
            concat(
                frame(spark, HOURLY_INPUTS, HOURLY_ROWS).columns(),
                AqiColumns.AQI,
                AqiColumns.PRIMARY_POLLUTANT,
                AqiColumns.CATEGORY));
    assertThat(out.schema().apply(AqiColumns.AQI).dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(out.schema().apply(AqiColumns.PRIMARY_POLLUTANT).dataType())
        .isEqualTo(DataTypes.StringType);
    assertThat(out.schema().apply(AqiColumns.CATEGORY).dataType()).isEqualTo(DataTypes.StringType);
  }

  @Test
  void hourlyNamesTheMissingColumns(SparkSession spark) {
    Dataset<Row> df = frame(spark, HOURLY_INPUTS, HOURLY_ROWS).drop(AqiColumns.O3_UGM3);

    assertThatThrownBy(() -> AqiColumns.withHourlyAqi(df))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("; missing [o3_ugm3]");
  }

  @Test
  void dailyColumnsMatchPureJava(SparkSession spark) {
    // id, pm25, pm10, so2, no2, co, o3 max 1h, o3 max 8h
    List<Row> rows =
        List.of(
            row(1, null, null, null, null, null, null, null),
            row(2, 20.0, 40.0, 150.0, 80.0, 4.0, null, null), // SO2, NO2, CO tie at 100
            row(3, 20.0, null, null, null, null, 200.0, 160.0), // both O3 terms at 100
            row(4, null, null, null, null, null, 900.0, 801.0), // 8h above 800 -> 1h, 350
            row(5, null, null, null, null, null, null, 801.0), // 8h above 800 alone -> null
            row(6, 35.0, null, null, 40.0, 2.1, null, 100.0)); // CO 24h: 50 + 50*0.1/2 = 52.5 -> 53
    List<Row> out =
        AqiColumns.withDailyAqi(frame(spark, DAILY_INPUTS, rows)).orderBy(ID).collectAsList();

    assertThat(out)
        .extracting(r -> r.getAs(AqiColumns.AQI))
        .containsExactly(null, 100, 100, 350, null, 53);
    for (Row r : out) {
      assertMatches(
          r,
          Aqi.daily(
              new DailyReadings(d(r, 1), d(r, 2), d(r, 3), d(r, 4), d(r, 5), d(r, 6), d(r, 7))));
    }
  }

  @Test
  void iaqiAcceptsAnyNumericType(SparkSession spark) {
    StructType schema =
        new StructType(
            new StructField[] {DataTypes.createStructField("c", DataTypes.IntegerType, true)});
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(RowFactory.create(0), RowFactory.create(35), RowFactory.create(75)), schema);

    List<Row> out =
        df.select(AqiColumns.iaqi(col("c"), Pollutant.PM25_24H)).orderBy(col("c")).collectAsList();

    assertThat(out).extracting(r -> r.get(0)).containsExactly(0, 50, 100);
  }

  @Test
  void categoryBandEdges(SparkSession spark) {
    List<Integer> aqis = Arrays.asList(null, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301);
    StructType schema =
        new StructType(
            new StructField[] {DataTypes.createStructField("a", DataTypes.IntegerType, true)});
    List<Row> rows = aqis.stream().map(a -> RowFactory.create(a)).toList();

    List<Row> out =
        spark.createDataFrame(rows, schema).select(AqiColumns.category(col("a"))).collectAsList();

    assertThat(out)
        .extracting(r -> r.get(0))
        .containsExactly(
            null, "优", "良", "良", "轻度污染", "轻度污染", "中度污染", "中度污染", "重度污染", "重度污染", "严重污染");
  }

  private static void assertMatches(Row r, AqiResult expected) {
    assertThat((Integer) r.getAs(AqiColumns.AQI)).as("aqi of %s", r).isEqualTo(expected.aqi());
    assertThat((String) r.getAs(AqiColumns.PRIMARY_POLLUTANT))
        .as("primary of %s", r)
        .isEqualTo(expected.primaryPollutantText());
    assertThat((String) r.getAs(AqiColumns.CATEGORY))
        .as("category of %s", r)
        .isEqualTo(expected.categoryZh());
  }

  private static Row row(int id, Double... values) {
    Object[] all = new Object[values.length + 1];
    all[0] = id;
    System.arraycopy(values, 0, all, 1, values.length);
    return RowFactory.create(all);
  }

  private static Double d(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  private static Dataset<Row> frame(SparkSession spark, List<String> columns, List<Row> rows) {
    StructField[] fields = new StructField[columns.size() + 1];
    fields[0] = DataTypes.createStructField(ID, DataTypes.IntegerType, false);
    for (int i = 0; i < columns.size(); i++) {
      fields[i + 1] = DataTypes.createStructField(columns.get(i), DataTypes.DoubleType, true);
    }
    return spark.createDataFrame(rows, new StructType(fields));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
