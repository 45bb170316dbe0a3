package org.citykpi.environment;

import java.util.List;

/**
 * The ten rows of HJ 633-2012 Table 1 (空气质量分指数及对应的污染物项目浓度限值): one pollutant at one averaging
 * period, with its concentration breakpoints for IAQI 0, 50, 100, 150, 200, 300, 400, 500.
 *
 * <p>The declaration order is the order of the standard's table (SO2, NO2, PM10, CO, O3, PM2.5);
 * primary pollutants are listed in this order. {@link #label()} is the text CNEMC publishes in its
 * {@code primarypollutant} field, e.g. {@code 细颗粒物(PM2.5)}.
 *
 * <p>Two rows stop before IAQI 500, as the table's notes prescribe: SO2 1-hour ends at 800 µg/m³
 * (note 2: above it the 24-hour SO2 IAQI is reported instead) and O3 8-hour ends at 800 µg/m³ (note
 * 3: above it the 1-hour O3 IAQI is reported instead). Units are µg/m³, except CO in mg/m³.
 */
public enum Pollutant {
  SO2_24H("二氧化硫", "µg/m³", 0, 50, 150, 475, 800, 1600, 2100, 2620),
  SO2_1H("二氧化硫", "µg/m³", 0, 150, 500, 650, 800),
  NO2_24H("二氧化氮", "µg/m³", 0, 40, 80, 180, 280, 565, 750, 940),
  NO2_1H("二氧化氮", "µg/m³", 0, 100, 200, 700, 1200, 2340, 3090, 3840),
  PM10_24H("颗粒物(PM10)", "µg/m³", 0, 50, 150, 250, 350, 420, 500, 600),
  CO_24H("一氧化碳", "mg/m³", 0, 2, 4, 14, 24, 36, 48, 60),
  CO_1H("一氧化碳", "mg/m³", 0, 5, 10, 35, 60, 90, 120, 150),
  O3_1H("臭氧1小时", "µg/m³", 0, 160, 200, 300, 400, 800, 1000, 1200),
  O3_8H("臭氧8小时", "µg/m³", 0, 100, 160, 215, 265, 800),
  PM25_24H("细颗粒物(PM2.5)", "µg/m³", 0, 35, 75, 115, 150, 250, 350, 500);

  /**
   * The IAQI column of Table 1; breakpoint {@code i} of every row maps to {@code
   * IAQI_STEPS.get(i)}.
   */
  public static final List<Integer> IAQI_STEPS = List.of(0, 50, 100, 150, 200, 300, 400, 500);

  private final String label;
  private final String unit;
  private final List<Integer> breakpoints;

  Pollutant(String label, String unit, Integer... breakpoints) {
    this.label = label;
    this.unit = unit;
    this.breakpoints = List.of(breakpoints);
  }

  /** CNEMC's text for this pollutant when it is primary, e.g. {@code 颗粒物(PM10)}. */
  public String label() {
    return label;
  }

  /** µg/m³, or mg/m³ for CO. */
  public String unit() {
    return unit;
  }

  /** Concentration breakpoints BP_0..BP_n (ascending, BP_0 = 0), in {@link #unit()}. */
  public List<Integer> breakpoints() {
    return breakpoints;
  }

  /**
   * The highest breakpoint of this row: 800 for SO2 1-hour and O3 8-hour, the IAQI-500 limit
   * otherwise.
   */
  public int top() {
    return breakpoints.get(breakpoints.size() - 1);
  }

  /**
   * Whether the row reaches IAQI 500. Rows that do not (SO2 1-hour, O3 8-hour) yield no IAQI above
   * their top breakpoint (HJ 633-2012 Table 1, notes 2 and 3); rows that do are capped at 500.
   */
  public boolean reaches500() {
    return breakpoints.size() == IAQI_STEPS.size();
  }
}
