package org.citykpi.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code air_station_hourly}: 24 readings per station and day. A city-level daily PM2.5 level
 * combines the city's pollution level ({@link CityProfile#pm25Level()}), a winter-high season,
 * multi-day weather episodes (sinusoids of 5–17 days with city-specific phases, so they need no
 * state from earlier days) and daily noise; hours add a night/morning-high diurnal cycle, rush-hour
 * NO2 and afternoon O3. Stations are {@code <city>A01}, {@code <city>A02}, ... ({@link
 * CityProfile#stations()} × scale). About 0.3 % of rows have one pollutant legitimately missing
 * ({@code NA}: the column is nullable).
 */
final class AirStationFeed implements Feed<LocalDate> {

  private final long seed;
  private final int scale;

  AirStationFeed(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  @Override
  public String source() {
    return "air_station_hourly";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "station_id",
        "city_code",
        "obs_time_local",
        "pm25_ugm3",
        "pm10_ugm3",
        "so2_ugm3",
        "no2_ugm3",
        "co_mgm3",
        "o3_ugm3",
        "temp_c",
        "pressure_hpa",
        "humidity_pct",
        "wind_speed_ms");
  }

  /** Daily city-mean PM2.5 (µg/m³) before station and hour effects; exposed for tests and docs. */
  double dailyPm25(CityProfile city, LocalDate day, double dailyNoise) {
    double season = 1 + 0.45 * StrictMath.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 365.0);
    return city.pm25Level() * season * StrictMath.exp(0.6 * weather(city, day, dailyNoise) - 0.18);
  }

  /** A smooth, mean-zero, unit-variance weather index: multi-day episodes plus daily noise. */
  private double weather(CityProfile city, LocalDate day, double dailyNoise) {
    long ed = day.toEpochDay();
    double[] periods = {5.3, 8.7, 17.1};
    double w = 0;
    for (int k = 0; k < periods.length; k++) {
      double phase = 2 * Math.PI * Seeds.unit(seed, "air_phase", city.code(), k);
      w += StrictMath.sin(2 * Math.PI * ed / periods[k] + phase);
    }
    return 0.8 * w / Math.sqrt(1.5) + 0.6 * dailyNoise;
  }

  @Override
  public List<String[]> rows(CityProfile city, LocalDate day, SplittableRandom rng) {
    int doy = day.getDayOfYear();
    double dailyNoise = Feed.z(rng);
    double pm = dailyPm25(city, day, dailyNoise);
    double weather = weather(city, day, dailyNoise);
    double tAnnual = 30 - 0.45 * city.latitude();
    double tAmp = 0.6 * city.latitude() - 6;
    double tMean =
        tAnnual + tAmp * StrictMath.cos(2 * Math.PI * (doy - 200) / 365.0) + 1.5 * Feed.z(rng);
    double o3Max = 110 + 60 * StrictMath.cos(2 * Math.PI * (doy - 170) / 365.0);
    double pressure = 1013 + 10 * StrictMath.cos(2 * Math.PI * (doy - 15) / 365.0) + 3 * weather;
    int stations = city.stations() * scale;
    List<String[]> rows = new ArrayList<>(stations * 24);
    for (int s = 1; s <= stations; s++) {
      String id = city.code() + "A" + (s < 10 ? "0" + s : Integer.toString(s));
      double stationFactor = 0.85 + 0.3 * Seeds.unit(seed, "station", id);
      for (int h = 0; h < 24; h++) {
        double diurnal =
            1
                + 0.2 * StrictMath.cos(2 * Math.PI * (h - 22) / 24.0)
                + 0.08 * StrictMath.cos(2 * Math.PI * (h - 8) / 12.0);
        double pm25 = pm * stationFactor * diurnal * StrictMath.exp(0.12 * Feed.z(rng));
        double pm10 = pm25 * (1.45 + 0.3 * rng.nextDouble()) + 5 * rng.nextDouble();
        double rush =
            StrictMath.exp(-StrictMath.pow((h - 8) / 1.5, 2))
                + StrictMath.exp(-StrictMath.pow((h - 18.5) / 1.5, 2));
        double so2 = (6 + 0.1 * pm25) * StrictMath.exp(0.2 * Feed.z(rng));
        double no2 = (22 + 0.22 * pm25) * (1 + 0.35 * rush) * StrictMath.exp(0.15 * Feed.z(rng));
        double co = (0.35 + 0.011 * pm25) * StrictMath.exp(0.1 * Feed.z(rng));
        double sun =
            h >= 6 && h <= 20 ? Math.max(0.12, StrictMath.sin(Math.PI * (h - 6) / 14.0)) : 0.12;
        double o3 =
            o3Max * sun * (1 - 0.3 * Math.min(1, pm25 / 200)) * StrictMath.exp(0.1 * Feed.z(rng));
        double temp =
            tMean + 4.5 * StrictMath.cos(2 * Math.PI * (h - 14.5) / 24.0) + 0.4 * Feed.z(rng);
        double rh =
            Math.max(12, Math.min(100, 68 - 2.5 * (temp - tMean) + 10 * weather + 5 * Feed.z(rng)));
        double wind =
            Math.max(
                0,
                2.2
                    + 1.2 * StrictMath.sin(Math.PI * (h - 8) / 12.0)
                    - 0.6 * weather
                    + 0.6 * Feed.z(rng));
        String[] row = {
          id,
          city.code(),
          Feed.minute(day, h * 60),
          Fmt.dec(pm25, 1),
          Fmt.dec(pm10, 1),
          Fmt.dec(so2, 1),
          Fmt.dec(no2, 1),
          Fmt.dec(co, 2),
          Fmt.dec(o3, 1),
          Fmt.dec(temp, 1),
          Fmt.dec(pressure + 0.3 * Feed.z(rng), 1),
          Fmt.dec(rh, 1),
          Fmt.dec(wind, 1)
        };
        if (rng.nextDouble() < 0.003) {
          row[3 + rng.nextInt(6)] = "NA"; // instrument maintenance: a nullable pollutant is missing
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
