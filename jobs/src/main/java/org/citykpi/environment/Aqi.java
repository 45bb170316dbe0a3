package org.citykpi.environment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Chinese air quality index of HJ 633-2012 (环境空气质量指数(AQI)技术规定(试行)), as plain Java.
 *
 * <p><b>IAQI</b> (section 4.2, formula (1)): find the Table 1 segment {@code BP_Lo <= C <= BP_Hi}
 * of the concentration and interpolate linearly, {@code IAQI = (IAQI_Hi - IAQI_Lo) / (BP_Hi -
 * BP_Lo) * (C - BP_Lo) + IAQI_Lo}. The standard rounds every IAQI and AQI <b>up</b> to an integer
 * (进位取整). The arithmetic is exact decimal, because binary floating point turns e.g. CO 5.2 mg/m³
 * into IAQI 52.0000000000000018 and rounding up would then give 53.
 *
 * <p><b>AQI</b> (section 4.3, formula (2)) is the largest IAQI. Primary pollutants are the
 * pollutants whose IAQI equals the AQI, and only when the AQI is above 50.
 *
 * <p>Edge cases, and why:
 *
 * <ul>
 *   <li>A missing (null) pollutant is skipped; with none left the AQI is null. Negative or
 *       non-finite concentrations are invalid readings and are skipped too (the standard defines no
 *       IAQI for them).
 *   <li>SO2 1-hour above 800 µg/m³: Table 1 note 2 — no 1-hour IAQI; the 24-hour SO2 IAQI is
 *       reported instead. Without a 24-hour value SO2 is skipped.
 *   <li>O3 8-hour above 800 µg/m³: Table 1 note 3 — no 8-hour IAQI; the 1-hour O3 IAQI is reported
 *       instead. The daily rule already rates O3 1-hour, so the 8-hour term is just skipped.
 *   <li>Above the IAQI-500 breakpoint: the IAQI is 500. Table 1 ends at 500 and Table 2's top
 *       category (严重污染, "&gt;300") is open, so the index saturates ("爆表") rather than
 *       extrapolating.
 *   <li>Concentrations are taken at 6 decimal places (half up), the same as {@link AqiColumns}, so
 *       the Java and Spark versions agree to the last digit.
 * </ul>
 */
public final class Aqi {
  /** Decimal places kept from a concentration before interpolation (see {@link AqiColumns}). */
  public static final int CONCENTRATION_SCALE = 6;

  /** Primary pollutants are named only above this AQI (section 4.3). */
  public static final int PRIMARY_THRESHOLD = 50;

  private Aqi() {}

  /**
   * The IAQI of one Table 1 row, or null when the concentration is null, negative, not finite, or
   * above the top breakpoint of a row that stops short of 500 (SO2 1-hour, O3 8-hour).
   *
   * @param concentration in {@link Pollutant#unit()}
   */
  public static Integer iaqi(Pollutant p, Double concentration) {
    if (!valid(concentration)) {
      return null;
    }
    BigDecimal c =
        BigDecimal.valueOf(concentration).setScale(CONCENTRATION_SCALE, RoundingMode.HALF_UP);
    List<Integer> bp = p.breakpoints();
    for (int k = 1; k < bp.size(); k++) {
      if (c.compareTo(BigDecimal.valueOf(bp.get(k))) <= 0) {
        int iLo = Pollutant.IAQI_STEPS.get(k - 1);
        int iHi = Pollutant.IAQI_STEPS.get(k);
        BigDecimal rise =
            c.subtract(BigDecimal.valueOf(bp.get(k - 1))).multiply(BigDecimal.valueOf(iHi - iLo));
        BigDecimal run = BigDecimal.valueOf(bp.get(k) - bp.get(k - 1));
        return iLo + rise.divide(run, 0, RoundingMode.CEILING).intValueExact();
      }
    }
    return p.reaches500() ? 500 : null;
  }

  /**
   * The hourly real-time AQI as CNEMC releases it: IAQIs of the 1-hour SO2, NO2, CO and O3 values
   * on their 1-hour rows, and of the <b>1-hour</b> PM2.5 and PM10 values on the 24-hour rows (Table
   * 1 has no 1-hour PM rows). O3 8-hour is not part of the hourly index. Both choices were verified
   * against CNEMC's own published hourly AQI (see {@code CnemcSnapshotAqiTest}).
   */
  public static AqiResult hourly(HourlyReadings r) {
    Map<Pollutant, Integer> iaqis = new EnumMap<>(Pollutant.class);
    if (valid(r.so2()) && r.so2() > Pollutant.SO2_1H.top()) {
      put(iaqis, Pollutant.SO2_24H, r.so2Mean24h());
    } else {
      put(iaqis, Pollutant.SO2_1H, r.so2());
    }
    put(iaqis, Pollutant.NO2_1H, r.no2());
    put(iaqis, Pollutant.PM10_24H, r.pm10());
    put(iaqis, Pollutant.CO_1H, r.co());
    put(iaqis, Pollutant.O3_1H, r.o3());
    put(iaqis, Pollutant.PM25_24H, r.pm25());
    return of(iaqis);
  }

  /**
   * The daily AQI: 24-hour rows for SO2, NO2, PM10, CO and PM2.5 (Table 1 note 1: 1-hour SO2, NO2
   * and CO rows are for real-time reports only), plus O3 daily max 1-hour and O3 daily max 8-hour.
   */
  public static AqiResult daily(DailyReadings r) {
    Map<Pollutant, Integer> iaqis = new EnumMap<>(Pollutant.class);
    put(iaqis, Pollutant.SO2_24H, r.so2());
    put(iaqis, Pollutant.NO2_24H, r.no2());
    put(iaqis, Pollutant.PM10_24H, r.pm10());
    put(iaqis, Pollutant.CO_24H, r.co());
    put(iaqis, Pollutant.O3_1H, r.o3Max1h());
    put(iaqis, Pollutant.O3_8H, r.o3Max8h());
    put(iaqis, Pollutant.PM25_24H, r.pm25());
    return of(iaqis);
  }

  /**
   * AQI, primary pollutants and category from IAQIs already computed (section 4.3). Null IAQIs are
   * skipped; primary pollutants come out in Table 1 order whatever the map's order.
   */
  public static AqiResult of(Map<Pollutant, Integer> iaqis) {
    Integer aqi = iaqis.values().stream().filter(v -> v != null).max(Integer::compare).orElse(null);
    List<Pollutant> primary = new ArrayList<>();
    if (aqi != null && aqi > PRIMARY_THRESHOLD) {
      for (Pollutant p : Pollutant.values()) {
        if (aqi.equals(iaqis.get(p))) {
          primary.add(p);
        }
      }
    }
    return new AqiResult(aqi, primary, AqiCategory.of(aqi));
  }

  /** A usable reading: present, finite and not negative. */
  private static boolean valid(Double concentration) {
    return concentration != null && Double.isFinite(concentration) && concentration >= 0;
  }

  private static void put(Map<Pollutant, Integer> iaqis, Pollutant p, Double concentration) {
    Integer v = iaqi(p, concentration);
    if (v != null) {
      iaqis.put(p, v);
    }
  }
}
