package org.citykpi.environment;

/**
 * Inputs of the daily AQI (日报, HJ 633-2012 section 5): 24-hour means of SO2, NO2, PM10, PM2.5 and
 * CO, the daily maximum 1-hour O3 and the daily maximum 8-hour moving mean of O3. Null means not
 * measured. Build with {@link #none()} and the withers.
 *
 * @param pm25 PM2.5 24-hour mean, µg/m³
 * @param pm10 PM10 24-hour mean, µg/m³
 * @param so2 SO2 24-hour mean, µg/m³
 * @param no2 NO2 24-hour mean, µg/m³
 * @param co CO 24-hour mean, mg/m³
 * @param o3Max1h O3 daily maximum 1-hour mean, µg/m³
 * @param o3Max8h O3 daily maximum 8-hour moving mean, µg/m³
 */
public record DailyReadings(
    Double pm25, Double pm10, Double so2, Double no2, Double co, Double o3Max1h, Double o3Max8h) {

  /** No pollutant measured. */
  public static DailyReadings none() {
    return new DailyReadings(null, null, null, null, null, null, null);
  }

  public DailyReadings pm25(Double v) {
    return new DailyReadings(v, pm10, so2, no2, co, o3Max1h, o3Max8h);
  }

  public DailyReadings pm10(Double v) {
    return new DailyReadings(pm25, v, so2, no2, co, o3Max1h, o3Max8h);
  }

  public DailyReadings so2(Double v) {
    return new DailyReadings(pm25, pm10, v, no2, co, o3Max1h, o3Max8h);
  }

  public DailyReadings no2(Double v) {
    return new DailyReadings(pm25, pm10, so2, v, co, o3Max1h, o3Max8h);
  }

  public DailyReadings co(Double v) {
    return new DailyReadings(pm25, pm10, so2, no2, v, o3Max1h, o3Max8h);
  }

  public DailyReadings o3Max1h(Double v) {
    return new DailyReadings(pm25, pm10, so2, no2, co, v, o3Max8h);
  }

  public DailyReadings o3Max8h(Double v) {
    return new DailyReadings(pm25, pm10, so2, no2, co, o3Max1h, v);
  }
}
