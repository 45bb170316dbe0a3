package org.citykpi.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code road_speed}: one row per monitored segment and 5-minute interval (288 a day). Each segment
 * {@code <city>R001}... has a fixed free-flow speed (40–90 km/h) and sensitivity; speed dips at the
 * morning (≈ 08:00) and evening (≈ 18:00) peaks in proportion to the city's congestion, much less
 * on weekends and holidays, and about one segment-day in 20 has an incident that cuts speed to a
 * third for 30–90 minutes.
 */
final class RoadSpeedFeed implements Feed<LocalDate> {

  private final long seed;
  private final int scale;

  RoadSpeedFeed(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  @Override
  public String source() {
    return "road_speed";
  }

  @Override
  public List<String> columns() {
    return List.of("segment_id", "city_code", "interval_start_local", "speed_kmh", "free_flow_kmh");
  }

  @Override
  public List<String[]> rows(CityProfile city, LocalDate day, SplittableRandom rng) {
    int segments = city.segments() * scale;
    double peak = Feed.offDay(day) ? 0.35 : 1.0;
    List<String[]> rows = new ArrayList<>(segments * 288);
    for (int s = 1; s <= segments; s++) {
      String id = city.code() + "R" + String.format(Locale.ROOT, "%03d", s);
      double freeFlow = 40 + 5 * Math.floor(11 * Seeds.unit(seed, "free_flow", id));
      double sensitivity = 0.6 + 0.8 * Seeds.unit(seed, "sensitivity", id);
      boolean incident = rng.nextDouble() < 0.05;
      int incidentStart = 6 * 60 + rng.nextInt(14 * 60);
      int incidentEnd = incidentStart + 30 + rng.nextInt(61);
      String ff = Fmt.dec(freeFlow, 1);
      for (int i = 0; i < 288; i++) {
        int minute = i * 5;
        double h = minute / 60.0;
        double daytime =
            1 / (1 + StrictMath.exp(-(h - 7) * 2)) / (1 + StrictMath.exp((h - 20.5) * 2));
        double dip =
            city.congestion()
                * sensitivity
                * (peak * (0.9 * gauss(h, 8.0, 0.8) + gauss(h, 18.0, 1.0)) + 0.25 * daytime);
        double speed = freeFlow * Math.max(0.08, 1 - dip) * StrictMath.exp(0.06 * Feed.z(rng));
        if (incident && minute >= incidentStart && minute < incidentEnd) {
          speed /= 3;
        }
        speed = Math.max(1, Math.min(freeFlow * 1.15, speed));
        rows.add(new String[] {id, city.code(), Feed.minute(day, minute), Fmt.dec(speed, 1), ff});
      }
    }
    return rows;
  }

  private static double gauss(double x, double mu, double sigma) {
    return StrictMath.exp(-0.5 * StrictMath.pow((x - mu) / sigma, 2));
  }
}
