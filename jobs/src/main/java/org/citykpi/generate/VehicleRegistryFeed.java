package org.citykpi.generate;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code vehicle_registry}: a month-end snapshot of a sample fleet of population / 100 000 × scale
 * vehicles in mid-2017, growing 9 % a year. Vehicle {@code i} of a city keeps its plate, class and
 * e-plate threshold for life (all keyed by seed, city and {@code i}), and gets its e-plate once the
 * city's {@link TrendModel#ePlateShare} passes its threshold, so each vehicle's status only ever
 * turns on and the city's share rises smoothly. About 40 % are non-motor (e-bike) vehicles. Plates
 * use the province abbreviation and prefecture letter: {@code 苏J3K7Q2} (motor), {@code 苏JD12345}
 * (new-energy motor, from 2017), {@code 苏JE123456} (non-motor, a simplified e-bike plate).
 */
final class VehicleRegistryFeed implements Feed<YearMonth> {

  private static final String PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  private final long seed;
  private final int scale;

  VehicleRegistryFeed(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  @Override
  public String source() {
    return "vehicle_registry";
  }

  @Override
  public List<String> columns() {
    return List.of("plate_no", "city_code", "snapshot_month", "vehicle_class", "has_e_plate");
  }

  /** Fleet size at the month end of {@code m}. */
  int fleet(CityProfile city, YearMonth m) {
    double t = TrendModel.monthEnd(m);
    return (int)
        Math.max(
            3,
            Math.round(
                city.ref().population() / 100_000.0 * scale * StrictMath.exp(0.09 * (t - 2017.5))));
  }

  @Override
  public List<String[]> rows(CityProfile city, YearMonth month, SplittableRandom rng) {
    double share = new TrendModel(city, seed).ePlateShare(TrendModel.monthEnd(month));
    int n = fleet(city, month);
    List<String[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom v = Seeds.rng(seed, "vehicle", city.code(), i);
      boolean nonMotor = v.nextDouble() < 0.4;
      boolean newEnergy = v.nextDouble() < 0.12;
      double threshold = v.nextDouble();
      YearMonth registered = firstMonthWith(city, i);
      StringBuilder plate = new StringBuilder(city.platePrefix());
      if (nonMotor) {
        plate.append('E');
        for (int k = 0; k < 6; k++) {
          plate.append(v.nextInt(10));
        }
      } else if (newEnergy && registered.getYear() >= 2017) {
        plate.append('D');
        for (int k = 0; k < 5; k++) {
          plate.append(v.nextInt(10));
        }
      } else {
        for (int k = 0; k < 5; k++) {
          plate.append(PLATE_CHARS.charAt(v.nextInt(k == 0 ? 10 : PLATE_CHARS.length())));
        }
      }
      rows.add(
          new String[] {
            plate.toString(),
            city.code(),
            month.toString(),
            nonMotor ? "non_motor" : "motor",
            Boolean.toString(threshold < share)
          });
    }
    return rows;
  }

  /**
   * The month vehicle {@code i} joined the fleet (i.e. the first month fleet() exceeds i), from
   * 2000 on.
   */
  private YearMonth firstMonthWith(CityProfile city, int i) {
    double t =
        2017.5 + StrictMath.log((i + 1) / (city.ref().population() / 100_000.0 * scale)) / 0.09;
    int year = (int) Math.floor(t);
    return year < 2000 ? YearMonth.of(2000, 1) : YearMonth.of(Math.min(9999, year), 1);
  }
}
