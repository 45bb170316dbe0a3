package org.citykpi.environment;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The AQI of {@link Aqi} as Spark column expressions, built only from built-in functions (no UDF),
 * so that Catalyst can optimise and code-generate them. The when/otherwise chains are generated
 * from the same {@link Pollutant} breakpoint table, and the arithmetic is decimal with the same
 * 6-decimal scale as {@link Aqi}, so both give identical results row by row.
 */
public final class AqiColumns {
  // Inputs of the hourly rule: 1-hour means.
  public static final String PM25_UGM3 = "pm25_ugm3";
  public static final String PM10_UGM3 = "pm10_ugm3";
  public static final String SO2_UGM3 = "so2_ugm3";
  public static final String NO2_UGM3 = "no2_ugm3";
  public static final String CO_MGM3 = "co_mgm3";
  public static final String O3_UGM3 = "o3_ugm3";
  // 24-hour means (daily rule; SO2 also for the hourly rule's above-800 fallback).
  public static final String PM25_24H_UGM3 = "pm25_24h_ugm3";
  public static final String PM10_24H_UGM3 = "pm10_24h_ugm3";
  public static final String SO2_24H_UGM3 = "so2_24h_ugm3";
  public static final String NO2_24H_UGM3 = "no2_24h_ugm3";
  public static final String CO_24H_MGM3 = "co_24h_mgm3";
  // O3 daily maxima (daily rule).
  public static final String O3_1H_MAX_UGM3 = "o3_1h_max_ugm3";
  public static final String O3_8H_MAX_UGM3 = "o3_8h_max_ugm3";
  // Outputs.
  public static final String AQI = "aqi";
  public static final String PRIMARY_POLLUTANT = "primary_pollutant";
  public static final String CATEGORY = "category";

  private static final String TMP_PREFIX = "_aqi_iaqi_";

  /**
   * Any concentration above every top breakpoint rates the same; clamping keeps the decimal cast
   * small.
   */
  private static final double CLAMP = 1e9;

  private AqiColumns() {}

  /**
   * IAQI (int) of one Table 1 row, HJ 633-2012 formula (1) rounded up; null for a null, negative,
   * NaN or infinite concentration and, for SO2 1-hour and O3 8-hour, above 800 (Table 1 notes 2 and
   * 3); 500 above the top breakpoint of the other rows. See {@link Aqi#iaqi(Pollutant, Double)}.
   *
   * @param concentration any numeric column, in {@link Pollutant#unit()}
   */
  public static Column iaqi(Column concentration, Pollutant p) {
    Column c = valid(concentration).cast(DataTypes.createDecimalType(18, Aqi.CONCENTRATION_SCALE));
    Column chain = when(c.isNull(), lit(null).cast("int"));
    List<Integer> bp = p.breakpoints();
    for (int k = 1; k < bp.size(); k++) {
      int iLo = Pollutant.IAQI_STEPS.get(k - 1);
      int iHi = Pollutant.IAQI_STEPS.get(k);
      Column rise = c.minus(dec(bp.get(k - 1))).multiply(dec(iHi - iLo));
      Column value = ceil(rise.divide(dec(bp.get(k) - bp.get(k - 1)))).cast("int").plus(lit(iLo));
      chain = chain.when(c.leq(dec(bp.get(k))), value);
    }
    return chain.otherwise(p.reaches500() ? lit(500) : lit(null).cast("int"));
  }

  /** The Table 2 category name in Chinese (优 .. 严重污染) of an AQI column; null for a null AQI. */
  public static Column category(Column aqi) {
    Column chain = when(aqi.isNull(), lit(null).cast("string"));
    for (AqiCategory c : AqiCategory.values()) {
      chain = chain.when(aqi.leq(lit(c.max())), lit(c.zh()));
    }
    return chain;
  }

  /**
   * Adds the hourly real-time AQI as CNEMC releases it (see {@link Aqi#hourly(HourlyReadings)}).
   * Row grain unchanged.
   *
   * <p>Needs the 1-hour means {@code pm25_ugm3, pm10_ugm3, so2_ugm3, no2_ugm3} (µg/m³), {@code
   * co_mgm3} (mg/m³) and {@code o3_ugm3} (µg/m³), any numeric type, null when not measured.
   * Optional: {@code so2_24h_ugm3}, the 24-hour SO2 moving mean, read only when 1-hour SO2 exceeds
   * 800 (Table 1 note 2); when the column is absent such an SO2 value is skipped.
   *
   * <p>PM2.5 and PM10 are rated from their <b>1-hour</b> values on the 24-hour rows of Table 1, and
   * O3 8-hour is not rated: that is what CNEMC's published hourly AQI does (1,475 of 1,475 stations
   * in the 2018-02-20 07:00 snapshot, {@code CnemcSnapshotAqiTest}), so a feed with only 1-hour
   * values needs no moving windows for this rule. {@code pm25_24h_ugm3, pm10_24h_ugm3, o3_8h_ugm3}
   * are therefore ignored here; compute 24-hour means per station (a 24-row window) for {@link
   * #withDailyAqi}.
   *
   * <p>Adds {@code aqi} (int, null when no pollutant is rated), {@code primary_pollutant} (string,
   * CNEMC text such as {@code 细颗粒物(PM2.5)}, ties joined by {@code ,} in Table 1 order, null when
   * AQI &lt;= 50) and {@code category} (string, 优 .. 严重污染).
   */
  public static Dataset<Row> withHourlyAqi(Dataset<Row> df) {
    require(df, PM25_UGM3, PM10_UGM3, SO2_UGM3, NO2_UGM3, CO_MGM3, O3_UGM3);
    Column so2Iaqi = iaqi(col(SO2_UGM3), Pollutant.SO2_1H);
    if (Arrays.asList(df.columns()).contains(SO2_24H_UGM3)) {
      Column above = valid(col(SO2_UGM3)).gt(lit(Pollutant.SO2_1H.top()));
      so2Iaqi = when(above, iaqi(col(SO2_24H_UGM3), Pollutant.SO2_24H)).otherwise(so2Iaqi);
    }
    Map<Pollutant, Column> iaqis = new LinkedHashMap<>();
    iaqis.put(Pollutant.SO2_1H, so2Iaqi);
    iaqis.put(Pollutant.NO2_1H, iaqi(col(NO2_UGM3), Pollutant.NO2_1H));
    iaqis.put(Pollutant.PM10_24H, iaqi(col(PM10_UGM3), Pollutant.PM10_24H));
    iaqis.put(Pollutant.CO_1H, iaqi(col(CO_MGM3), Pollutant.CO_1H));
    iaqis.put(Pollutant.O3_1H, iaqi(col(O3_UGM3), Pollutant.O3_1H));
    iaqis.put(Pollutant.PM25_24H, iaqi(col(PM25_UGM3), Pollutant.PM25_24H));
    return withAqi(df, iaqis);
  }

  /**
   * Adds the daily AQI (日报; see {@link Aqi#daily(DailyReadings)}). Row grain unchanged (one row per
   * station or city and day is expected).
   *
   * <p>Needs {@code pm25_24h_ugm3, pm10_24h_ugm3, so2_24h_ugm3, no2_24h_ugm3} (24-hour means,
   * µg/m³), {@code co_24h_mgm3} (mg/m³), {@code o3_1h_max_ugm3} (daily max 1-hour O3) and {@code
   * o3_8h_max_ugm3} (daily max 8-hour moving mean of O3), null when not measured. Adds the same
   * three columns as {@link #withHourlyAqi}.
   */
  public static Dataset<Row> withDailyAqi(Dataset<Row> df) {
    require(
        df,
        PM25_24H_UGM3,
        PM10_24H_UGM3,
        SO2_24H_UGM3,
        NO2_24H_UGM3,
        CO_24H_MGM3,
        O3_1H_MAX_UGM3,
        O3_8H_MAX_UGM3);
    Map<Pollutant, Column> iaqis = new LinkedHashMap<>();
    iaqis.put(Pollutant.SO2_24H, iaqi(col(SO2_24H_UGM3), Pollutant.SO2_24H));
    iaqis.put(Pollutant.NO2_24H, iaqi(col(NO2_24H_UGM3), Pollutant.NO2_24H));
    iaqis.put(Pollutant.PM10_24H, iaqi(col(PM10_24H_UGM3), Pollutant.PM10_24H));
    iaqis.put(Pollutant.CO_24H, iaqi(col(CO_24H_MGM3), Pollutant.CO_24H));
    iaqis.put(Pollutant.O3_1H, iaqi(col(O3_1H_MAX_UGM3), Pollutant.O3_1H));
    iaqis.put(Pollutant.O3_8H, iaqi(col(O3_8H_MAX_UGM3), Pollutant.O3_8H));
    iaqis.put(Pollutant.PM25_24H, iaqi(col(PM25_24H_UGM3), Pollutant.PM25_24H));
    return withAqi(df, iaqis);
  }

  /**
   * AQI = greatest IAQI (greatest skips nulls; all null gives null), primary pollutants = labels of
   * the IAQIs equal to it, in the map's (Table 1) order, above 50 only (HJ 633-2012 section 4.3).
   */
  private static Dataset<Row> withAqi(Dataset<Row> df, Map<Pollutant, Column> iaqis) {
    Map<String, Column> tmp = new LinkedHashMap<>();
    iaqis.forEach((p, c) -> tmp.put(TMP_PREFIX + p.name(), c));
    Column[] tmpCols =
        tmp.keySet().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    List<Column> labels = new ArrayList<>();
    iaqis
        .keySet()
        .forEach(
            p -> labels.add(when(col(TMP_PREFIX + p.name()).equalTo(col(AQI)), lit(p.label()))));
    // array_join skips null elements, so only the pollutants at the AQI remain.
    Column primary =
        when(
            col(AQI).gt(lit(Aqi.PRIMARY_THRESHOLD)),
            array_join(array(labels.toArray(Column[]::new)), AqiResult.PRIMARY_SEPARATOR));
    return df.withColumns(tmp)
        .withColumn(AQI, greatest(tmpCols))
        .withColumn(PRIMARY_POLLUTANT, primary)
        .withColumn(CATEGORY, category(col(AQI)))
        .drop(tmp.keySet().toArray(String[]::new));
  }

  /** The concentration as double, or null when negative, NaN or infinite (an invalid reading). */
  private static Column valid(Column concentration) {
    Column x = concentration.cast("double");
    // x.isNull() first: least() skips nulls, so least(null, CLAMP) would rate a missing value 500.
    Column invalid =
        x.isNull().or(x.isNaN()).or(x.lt(lit(0))).or(x.equalTo(lit(Double.POSITIVE_INFINITY)));
    return when(invalid, lit(null).cast("double")).otherwise(least(x, lit(CLAMP)));
  }

  private static Column dec(int v) {
    return lit(BigDecimal.valueOf(v));
  }

  private static void require(Dataset<Row> df, String... names) {
    List<String> have = Arrays.asList(df.columns());
    List<String> missing = Arrays.stream(names).filter(n -> !have.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "AQI needs columns " + Arrays.toString(names) + "; missing " + missing);
    }
  }
}
