package org.citykpi.environment;

/**
 * AQI levels and categories of HJ 633-2012 Table 2 (空气质量指数及相关信息): 0–50 优, 51–100 良, 101–150 轻度污染,
 * 151–200 中度污染, 201–300 重度污染, above 300 严重污染. AQI values are integers (HJ 633-2012 rounds every
 * index up, 进位取整), so the bands are contiguous.
 */
public enum AqiCategory {
  EXCELLENT(0, 50, "一级", "优", "Excellent"),
  GOOD(51, 100, "二级", "良", "Good"),
  LIGHTLY_POLLUTED(101, 150, "三级", "轻度污染", "Lightly Polluted"),
  MODERATELY_POLLUTED(151, 200, "四级", "中度污染", "Moderately Polluted"),
  HEAVILY_POLLUTED(201, 300, "五级", "重度污染", "Heavily Polluted"),
  SEVERELY_POLLUTED(301, Integer.MAX_VALUE, "六级", "严重污染", "Severely Polluted");

  private final int min;
  private final int max;
  private final String level;
  private final String zh;
  private final String en;

  AqiCategory(int min, int max, String level, String zh, String en) {
    this.min = min;
    this.max = max;
    this.level = level;
    this.zh = zh;
    this.en = en;
  }

  /** The category of an AQI, or null for a null AQI (no pollutant measured). */
  public static AqiCategory of(Integer aqi) {
    if (aqi == null) {
      return null;
    }
    if (aqi < 0) {
      throw new IllegalArgumentException("AQI must be >= 0, got " + aqi);
    }
    for (AqiCategory c : values()) {
      if (aqi <= c.max) {
        return c;
      }
    }
    throw new IllegalStateException("unreachable: " + aqi);
  }

  /** Lowest AQI of the band. */
  public int min() {
    return min;
  }

  /** Highest AQI of the band ({@link Integer#MAX_VALUE} for 严重污染). */
  public int max() {
    return max;
  }

  /** 一级 .. 六级. */
  public String level() {
    return level;
  }

  /** 优, 良, 轻度污染, ... as CNEMC publishes it in its {@code quality} field. */
  public String zh() {
    return zh;
  }

  /** English name used in the standard's English translations, e.g. {@code Lightly Polluted}. */
  public String en() {
    return en;
  }
}
