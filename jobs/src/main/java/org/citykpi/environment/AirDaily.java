package org.citykpi.environment;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * silver.air_station_hourly → gold.city_day_air by the daily rule of HJ 633-2012.
 *
 * <p>Validity follows GB 3095-2012 §8: a 24-hour mean needs at least 20 hourly values, an 8-hour
 * moving mean at least 6; otherwise the value is null and the pollutant is not rated that day. City
 * values are the means of the valid station values (HJ 633-2012 §5: city AQI from city mean
 * concentrations).
 */
public final class AirDaily {
  static final int MIN_HOURS_24H = 20;
  static final int MIN_HOURS_8H = 6;

  private AirDaily() {}

  /** Station × day means: {@code *_24h_*}, O3 daily max 1-hour and max 8-hour moving mean. */
  public static Dataset<Row> toStationDay(Dataset<Row> hourly) {
    Column o3Window =
        avg(col("o3_ugm3"))
            .over(
                Window.partitionBy("station_id", "local_date")
                    .orderBy("local_hour")
                    .rangeBetween(-7, 0));
    Column o3Count =
        count(col("o3_ugm3"))
            .over(
                Window.partitionBy("station_id", "local_date")
                    .orderBy("local_hour")
                    .rangeBetween(-7, 0));
    return hourly
        .withColumn(
            "o3_8h", when(o3Count.geq(MIN_HOURS_8H).and(col("local_hour").geq(7)), o3Window))
        .groupBy("station_id", "local_date")
        .agg(
            max("city_code").as("city_code"),
            count_if(
                    col("pm25_ugm3")
                        .isNotNull()
                        .or(col("pm10_ugm3").isNotNull())
                        .or(col("so2_ugm3").isNotNull())
                        .or(col("no2_ugm3").isNotNull())
                        .or(col("co_mgm3").isNotNull())
                        .or(col("o3_ugm3").isNotNull()))
                .as("station_hours"),
            mean24h("pm25_ugm3").as(AqiColumns.PM25_24H_UGM3),
            mean24h("pm10_ugm3").as(AqiColumns.PM10_24H_UGM3),
            mean24h("so2_ugm3").as(AqiColumns.SO2_24H_UGM3),
            mean24h("no2_ugm3").as(AqiColumns.NO2_24H_UGM3),
            mean24h("co_mgm3").as(AqiColumns.CO_24H_MGM3),
            max("o3_ugm3").as(AqiColumns.O3_1H_MAX_UGM3),
            max("o3_8h").as(AqiColumns.O3_8H_MAX_UGM3));
  }

  private static Column mean24h(String c) {
    return when(count(col(c)).geq(MIN_HOURS_24H), avg(col(c)));
  }

  /** City × day: station means averaged, then the daily AQI, category and good-air flag. */
  public static Dataset<Row> toCityDay(Dataset<Row> stationDay) {
    Dataset<Row> city =
        stationDay
            .groupBy("city_code", "local_date")
            .agg(
                count(lit(1)).cast("int").as("stations"),
                sum("station_hours").as("station_hours"),
                avg(AqiColumns.PM25_24H_UGM3).as(AqiColumns.PM25_24H_UGM3),
                avg(AqiColumns.PM10_24H_UGM3).as(AqiColumns.PM10_24H_UGM3),
                avg(AqiColumns.SO2_24H_UGM3).as(AqiColumns.SO2_24H_UGM3),
                avg(AqiColumns.NO2_24H_UGM3).as(AqiColumns.NO2_24H_UGM3),
                avg(AqiColumns.CO_24H_MGM3).as(AqiColumns.CO_24H_MGM3),
                avg(AqiColumns.O3_1H_MAX_UGM3).as(AqiColumns.O3_1H_MAX_UGM3),
                avg(AqiColumns.O3_8H_MAX_UGM3).as(AqiColumns.O3_8H_MAX_UGM3));
    return AqiColumns.withDailyAqi(city)
        .withColumnRenamed(AqiColumns.PM25_24H_UGM3, "pm25_ugm3")
        .withColumnRenamed(AqiColumns.PM10_24H_UGM3, "pm10_ugm3")
        .withColumnRenamed(AqiColumns.SO2_24H_UGM3, "so2_ugm3")
        .withColumnRenamed(AqiColumns.NO2_24H_UGM3, "no2_ugm3")
        .withColumnRenamed(AqiColumns.CO_24H_MGM3, "co_mgm3")
        .withColumn("is_good_air_day", col("aqi").leq(100));
  }
}
