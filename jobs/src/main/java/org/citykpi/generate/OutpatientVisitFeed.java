package org.citykpi.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code outpatient_visit}: about population / 250 000 × scale visits a day (about half on off
 * days) across {@link CityProfile#hospitals()} hospitals {@code <city>H01}..., the first ones
 * busiest. Visits cluster in the morning and afternoon clinics; 8 % are emergencies at any hour
 * (急诊科, walk-in). The online booking, telemedicine and e-health-record-shared shares follow {@link
 * TrendModel} for the visit date, so they rise over the years and differ by city profile. Patient
 * ids are {@code P} + 8 digits; 1 % of visits have no department (nullable).
 */
final class OutpatientVisitFeed implements Feed<LocalDate> {

  static final String[] DEPARTMENTS = {
    "内科", "外科", "儿科", "妇产科", "眼科", "耳鼻喉科", "口腔科", "皮肤科", "中医科", "心血管内科", "骨科", "消化内科"
  };
  private static final double[] DEPT_WEIGHTS = {20, 12, 12, 9, 5, 5, 6, 5, 8, 7, 6, 5};

  private final long seed;
  private final int scale;

  OutpatientVisitFeed(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  @Override
  public String source() {
    return "outpatient_visit";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "hospital_id",
        "city_code",
        "patient_id",
        "department",
        "visit_time_local",
        "booking_channel",
        "is_telemedicine",
        "is_ehr_shared");
  }

  @Override
  public List<String[]> rows(CityProfile city, LocalDate day, SplittableRandom rng) {
    TrendModel trend = new TrendModel(city, seed);
    double t = TrendModel.time(day);
    double online = trend.onlineBookingShare(t);
    double tele = trend.telemedicineShare(t);
    double ehr = trend.ehrSharedShare(t);
    int n =
        (int)
            Math.round(
                Math.max(4, city.ref().population() / 250_000.0)
                    * scale
                    * (Feed.offDay(day) ? 0.5 : 1.0));
    List<Object[]> visits = new ArrayList<>(n);
    double hospitalWeight = 0;
    for (int k = 1; k <= city.hospitals(); k++) {
      hospitalWeight += 1.0 / k;
    }
    for (int i = 0; i < n; i++) {
      int hospital = pick(rng, city.hospitals(), hospitalWeight);
      String hid = city.code() + "H" + Fmt.two(hospital);
      String patient = "P" + (10_000_000 + rng.nextInt(90_000_000));
      boolean emergency = rng.nextDouble() < 0.08;
      int second;
      String dept;
      if (emergency) {
        second = rng.nextInt(86_400);
        dept = "急诊科";
      } else {
        boolean morning = rng.nextDouble() < 0.62;
        double hour =
            morning
                ? 7.5 + 4.5 * StrictMath.pow(rng.nextDouble(), 1.4)
                : 13.5 + 4 * rng.nextDouble();
        second = (int) (hour * 3600);
        dept = DEPARTMENTS[weighted(rng)];
      }
      if (rng.nextDouble() < 0.01) {
        dept = "";
      }
      boolean isTele = !emergency && rng.nextDouble() < tele;
      String channel;
      if (emergency) {
        channel = "walk_in";
      } else if (isTele || rng.nextDouble() < online) {
        channel = "online";
      } else {
        channel = rng.nextDouble() < 0.1 ? "phone" : "walk_in";
      }
      boolean isEhr = rng.nextDouble() < ehr;
      visits.add(
          new Object[] {
            second,
            new String[] {
              hid,
              city.code(),
              patient,
              dept,
              Feed.second(day, second),
              channel,
              Boolean.toString(isTele),
              Boolean.toString(isEhr)
            }
          });
    }
    visits.sort(Comparator.comparingInt(o -> (Integer) o[0]));
    List<String[]> rows = new ArrayList<>(n);
    for (Object[] v : visits) {
      rows.add((String[]) v[1]);
    }
    return rows;
  }

  /** Hospital k (1-based) with weight 1/k: the top tertiary hospitals take most visits. */
  private static int pick(SplittableRandom rng, int hospitals, double total) {
    double u = rng.nextDouble() * total;
    for (int k = 1; k <= hospitals; k++) {
      u -= 1.0 / k;
      if (u < 0) {
        return k;
      }
    }
    return hospitals;
  }

  private static int weighted(SplittableRandom rng) {
    double total = 0;
    for (double w : DEPT_WEIGHTS) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < DEPT_WEIGHTS.length; i++) {
      u -= DEPT_WEIGHTS[i];
      if (u < 0) {
        return i;
      }
    }
    return 0;
  }
}
