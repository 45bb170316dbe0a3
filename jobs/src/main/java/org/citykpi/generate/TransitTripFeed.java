package org.citykpi.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code transit_trip}: smart-card boardings. Each day about population / 150 000 × scale boardings
 * (fewer on off days) come from riders drawn from a fixed card pool per city, so the same card
 * appears on many days; a rider makes 1–4 trips (commute out ≈ 08:00, back ≈ 18:00, transfers 10–40
 * min later). Card ids are {@link CityProfile#cardIdLength()} (10–19) digits. The mode mix follows
 * the city's public-transport share: metro only where the city has lines, BRT and ferries where
 * they run, else bus; taxi and shared bike make up the rest and have no line. Lines are named the
 * Chinese way: {@code 12路}, {@code K3路}, {@code 2号线}, {@code BRT1号线}, {@code 轮渡2线}.
 */
final class TransitTripFeed implements Feed<LocalDate> {

  private final long seed;
  private final int scale;

  TransitTripFeed(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  @Override
  public String source() {
    return "transit_trip";
  }

  @Override
  public List<String> columns() {
    return List.of("card_id", "city_code", "mode", "line_name", "boarding_time_local", "fare_cny");
  }

  private double dailyTrips(CityProfile city) {
    return Math.max(6, city.ref().population() / 150_000.0) * scale;
  }

  /**
   * The card id of pool slot {@code index}: fixed per (seed, city, index), so cards recur across
   * days.
   */
  String cardId(CityProfile city, int index) {
    SplittableRandom r = Seeds.rng(seed, "card", city.code(), index);
    StringBuilder sb = new StringBuilder(city.cardIdLength());
    sb.append(1 + r.nextInt(9));
    while (sb.length() < city.cardIdLength()) {
      sb.append(r.nextInt(10));
    }
    return sb.toString();
  }

  @Override
  public List<String[]> rows(CityProfile city, LocalDate day, SplittableRandom rng) {
    int target = (int) Math.round(dailyTrips(city) * (Feed.offDay(day) ? 0.75 : 1.0));
    int pool = (int) Math.ceil(dailyTrips(city) * 1.6);
    Set<Integer> used = new HashSet<>();
    List<Object[]> trips = new ArrayList<>();
    boolean cheapBus = Seeds.unit(seed, "bus_fare", city.code()) < 0.5;
    while (trips.size() < target && used.size() < pool) {
      int idx = rng.nextInt(pool);
      if (!used.add(idx)) {
        continue;
      }
      String card = cardId(city, idx);
      double u = rng.nextDouble();
      int n = u < 0.3 ? 1 : u < 0.8 ? 2 : u < 0.92 ? 3 : 4;
      boolean commuter = rng.nextDouble() < 0.7;
      int t = commuter ? clock(7.9 + 0.7 * Feed.z(rng)) : clock(9 + 11 * rng.nextDouble());
      int prev = -1;
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          boolean transfer = rng.nextDouble() < 0.4 || !commuter;
          t =
              transfer
                  ? t + 600 + rng.nextInt(1800)
                  : Math.max(t + 1800, clock(18 + 0.9 * Feed.z(rng)));
        }
        if (t >= 86_400 || t <= prev) {
          break;
        }
        trips.add(trip(city, card, t, k > 0 && t - prev < 3600, cheapBus, rng));
        prev = t;
      }
    }
    trips.sort(
        Comparator.comparingInt((Object[] o) -> (Integer) o[0]).thenComparing(o -> (String) o[1]));
    List<String[]> rows = new ArrayList<>(trips.size());
    for (Object[] o : trips) {
      String[] r = (String[]) o[2];
      r[4] = Feed.second(day, (Integer) o[0]);
      rows.add(r);
    }
    return rows;
  }

  private static int clock(double hour) {
    return (int) Math.max(5.5 * 3600, Math.min(23.5 * 3600, hour * 3600));
  }

  private Object[] trip(
      CityProfile city,
      String card,
      int second,
      boolean transfer,
      boolean cheapBus,
      SplittableRandom rng) {
    String mode;
    String line = "";
    double fare;
    if (rng.nextDouble() < city.publicTransportShare()) {
      double m = rng.nextDouble();
      if (city.metroLines() > 0 && m < 0.45) {
        mode = "metro";
        line = (1 + rng.nextInt(city.metroLines())) + "号线";
        fare = 2 + rng.nextInt(6);
      } else if (city.hasBrt() && m < 0.55) {
        mode = "brt";
        line = "BRT" + (1 + rng.nextInt(3)) + "号线";
        fare = 2;
      } else if (city.hasFerry() && m < 0.58) {
        mode = "ferry";
        line = "轮渡" + (1 + rng.nextInt(4)) + "线";
        fare = 1.5;
      } else {
        mode = "bus";
        int n = 1 + rng.nextInt(city.busLines());
        line = rng.nextDouble() < 0.15 ? "K" + (1 + n % 30) + "路" : n + "路";
        fare = cheapBus ? 1 : 2;
      }
      if (transfer && !"metro".equals(mode)) {
        fare = Math.max(0, fare - 1); // transfer discount within the hour
      }
    } else if (rng.nextDouble() < 0.55) {
      mode = "taxi";
      fare = Math.min(300, 10 + 12 * StrictMath.exp(0.7 * Feed.z(rng)));
    } else {
      mode = "bike";
      fare = rng.nextDouble() < 0.6 ? 0 : 1.5;
    }
    return new Object[] {
      second, card, new String[] {card, city.code(), mode, line, null, Fmt.dec(fare, 2)}
    };
  }
}
