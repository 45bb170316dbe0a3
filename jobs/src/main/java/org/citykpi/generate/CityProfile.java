package org.citykpi.generate;

import java.util.Map;
import java.util.Set;

/**
 * Everything the generator assumes about one city, derived from its cities.yaml entry and code only
 * (never from the seed): its {@link Performance}, pollution level, climate, congestion,
 * public-transport network, plate prefix and sample sizes. Known pilot cities get values from
 * public knowledge (metro lines, BRT, ferries, plate letters, a smoggy North China plain); other
 * codes fall back to province rules and hashes.
 */
public record CityProfile(
    CityRef ref,
    Performance performance,
    double pm25Level,
    double latitude,
    double congestion,
    double publicTransportShare,
    int metroLines,
    boolean hasBrt,
    boolean hasFerry,
    int busLines,
    String platePrefix,
    double wealth,
    int cardIdLength,
    int hospitals,
    int stations,
    int segments) {

  /**
   * Annual-mean PM2.5 level (µg/m³) by province: Hebei and Guanzhong smoggy, Zhejiang coast
   * cleanest.
   */
  private static final Map<String, Double> PM25_BY_PROVINCE =
      Map.of("130000", 72.0, "610000", 55.0, "420000", 42.0, "320000", 36.0, "330000", 28.0);

  private static final Map<String, Double> LATITUDE_BY_PROVINCE =
      Map.of("130000", 38.0, "610000", 34.3, "420000", 30.6, "320000", 33.4, "330000", 30.0);

  /** GDP-per-head style multiplier on money flows. */
  private static final Map<String, Double> WEALTH_BY_PROVINCE =
      Map.of("330000", 1.35, "320000", 1.1, "420000", 1.0, "610000", 0.95, "130000", 0.8);

  private static final Map<String, Integer> METRO_LINES =
      Map.of("330100", 12, "330200", 8, "610100", 9, "420100", 12, "130100", 3, "330782", 1);
  private static final Set<String> BRT = Set.of("330100", "420500", "320900", "330782");
  private static final Set<String> FERRY = Set.of("420100", "420500", "330200");

  /** Plate letter of the prefecture (a county uses its parent's). */
  private static final Map<String, String> PLATE_LETTER =
      Map.of(
          "330100", "A", "330200", "B", "330700", "G", "610100", "A", "420100", "A", "420600", "F",
          "420500", "E", "421200", "L", "421100", "J", "130100", "A");

  private static final Map<String, String> PROVINCE_ABBR =
      Map.ofEntries(
          Map.entry("11", "京"),
          Map.entry("12", "津"),
          Map.entry("13", "冀"),
          Map.entry("14", "晋"),
          Map.entry("15", "蒙"),
          Map.entry("21", "辽"),
          Map.entry("22", "吉"),
          Map.entry("23", "黑"),
          Map.entry("31", "沪"),
          Map.entry("32", "苏"),
          Map.entry("33", "浙"),
          Map.entry("34", "皖"),
          Map.entry("35", "闽"),
          Map.entry("36", "赣"),
          Map.entry("37", "鲁"),
          Map.entry("41", "豫"),
          Map.entry("42", "鄂"),
          Map.entry("43", "湘"),
          Map.entry("44", "粤"),
          Map.entry("45", "桂"),
          Map.entry("46", "琼"),
          Map.entry("50", "渝"),
          Map.entry("51", "川"),
          Map.entry("52", "贵"),
          Map.entry("53", "云"),
          Map.entry("54", "藏"),
          Map.entry("61", "陕"),
          Map.entry("62", "甘"),
          Map.entry("63", "青"),
          Map.entry("64", "宁"),
          Map.entry("65", "新"));
  private static final String PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  /** Salt of the performance hash; chosen so that Yancheng, Xi'an and Shijiazhuang differ. */
  private static final String PERFORMANCE_SALT = "citykpi-performance-v1";

  /** Derives the profile of one city; pure function of the cities.yaml entry. */
  public static CityProfile of(CityRef ref) {
    String code = ref.code();
    double h1 = Seeds.unit(0, "profile", code, 1);
    double h2 = Seeds.unit(0, "profile", code, 2);
    double h3 = Seeds.unit(0, "profile", code, 3);
    double pm = PM25_BY_PROVINCE.getOrDefault(ref.provinceCode(), 30 + 40 * h1) * (0.9 + 0.2 * h2);
    double lat = LATITUDE_BY_PROVINCE.getOrDefault(ref.provinceCode(), 32.0);
    double millions = ref.population() / 1e6;
    int metro = METRO_LINES.getOrDefault(code, millions > 8 ? 3 : 0);
    double congestion = Math.min(0.6, 0.25 + 0.025 * millions + 0.1 * h3);
    double ptShare = Math.min(0.88, 0.55 + 0.015 * metro + 0.1 * h2);
    int cardLen = 10 + (int) (h1 * 10); // 10..19 digits, one issuer format per city
    int hospitals = (int) Math.max(2, Math.min(9, Math.round(millions / 1.5)));
    int stations = millions > 8 ? 2 : 1;
    int segments = millions > 8 ? 2 : 1;
    return new CityProfile(
        ref,
        performanceOf(code),
        pm,
        lat,
        congestion,
        ptShare,
        metro,
        BRT.contains(code),
        FERRY.contains(code),
        40 + (int) (millions * 25),
        platePrefix(ref),
        WEALTH_BY_PROVINCE.getOrDefault(ref.provinceCode(), 0.9 + 0.3 * h3),
        cardLen,
        hospitals,
        stations,
        segments);
  }

  /** Leader, on track or laggard: a hash of the city code alone. */
  public static Performance performanceOf(String cityCode) {
    Performance[] all = Performance.values();
    return all[(int) Math.floorMod(Seeds.key(0, PERFORMANCE_SALT, cityCode), (long) all.length)];
  }

  static String platePrefix(CityRef ref) {
    String code = ref.code();
    String prefecture =
        "county".equals(ref.level()) && ref.parentCode() != null ? ref.parentCode() : code;
    String abbr = PROVINCE_ABBR.getOrDefault(code.substring(0, 2), "京");
    String letter = PLATE_LETTER.get(prefecture);
    if (letter == null) {
      int idx = Integer.parseInt(prefecture.substring(2, 4));
      letter = String.valueOf(PLATE_LETTERS.charAt(Math.floorMod(idx - 1, PLATE_LETTERS.length())));
    }
    return abbr + letter;
  }

  public String code() {
    return ref.code();
  }

  /** The same city with another performance profile (for what-if runs and tests). */
  public CityProfile withPerformance(Performance p) {
    return new CityProfile(
        ref,
        p,
        pm25Level,
        latitude,
        congestion,
        publicTransportShare,
        metroLines,
        hasBrt,
        hasFerry,
        busLines,
        platePrefix,
        wealth,
        cardIdLength,
        hospitals,
        stations,
        segments);
  }
}
