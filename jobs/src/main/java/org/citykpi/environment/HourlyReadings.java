package org.citykpi.environment;

/**
 * Inputs of the hourly real-time AQI (实时报, HJ 633-2012 section 5): 1-hour mean concentrations of
 * the six pollutants, plus the 24-hour SO2 mean that note 2 of Table 1 needs when 1-hour SO2
 * exceeds 800 µg/m³. Null means not measured. Build with {@link #none()} and the withers, e.g.
 * {@code HourlyReadings.none().pm25(38.0).o3(83.0)}.
 *
 * @param pm25 PM2.5 1-hour mean, µg/m³
 * @param pm10 PM10 1-hour mean, µg/m³
 * @param so2 SO2 1-hour mean, µg/m³
 * @param no2 NO2 1-hour mean, µg/m³
 * @param co CO 1-hour mean, mg/m³
 * @param o3 O3 1-hour mean, µg/m³
 * @param so2Mean24h SO2 24-hour (moving) mean, µg/m³; used only when {@code so2} is above 800
 */
public record HourlyReadings(
    Double pm25, Double pm10, Double so2, Double no2, Double co, Double o3, Double so2Mean24h) {

  /** No pollutant measured. */
  public static HourlyReadings none() {
    return new HourlyReadings(null, null, null, null, null, null, null);
  }

  public HourlyReadings pm25(Double v) {
    return new HourlyReadings(v, pm10, so2, no2, co, o3, so2Mean24h);
  }

  public HourlyReadings pm10(Double v) {
    return new HourlyReadings(pm25, v, so2, no2, co, o3, so2Mean24h);
  }

  public HourlyReadings so2(Double v) {
    return new HourlyReadings(pm25, pm10, v, no2, co, o3, so2Mean24h);
  }

  public HourlyReadings no2(Double v) {
    return new HourlyReadings(pm25, pm10, so2, v, co, o3, so2Mean24h);
  }

  public HourlyReadings co(Double v) {
    return new HourlyReadings(pm25, pm10, so2, no2, v, o3, so2Mean24h);
  }

  public HourlyReadings o3(Double v) {
    return new HourlyReadings(pm25, pm10, so2, no2, co, v, so2Mean24h);
  }

  public HourlyReadings so2Mean24h(Double v) {
    return new HourlyReadings(pm25, pm10, so2, no2, co, o3, v);
  }
}
