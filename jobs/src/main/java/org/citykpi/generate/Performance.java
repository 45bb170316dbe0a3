package org.citykpi.generate;

import java.util.Locale;

/**
 * How fast a city moves towards the policy targets. Chosen from the city code alone ({@link
 * CityProfile#performanceOf}), so every run and every seed agrees on a city's profile.
 *
 * <ul>
 *   <li>{@code LEADER}: adoption curves run about 2 years ahead of the on-track schedule; the
 *       YC-2015 2017 targets (FTTH 85 %, licensing online 90 %, info consumption 600 亿 for a
 *       Yancheng-sized city) are met before the deadline and 100 % targets saturate.
 *   <li>{@code ON_TRACK}: curves are calibrated so that targets are reached around their deadline
 *       (within a few months either side).
 *   <li>{@code LAGGARD}: curves run about 2.5 years late and plateau lower: targets are missed at
 *       the deadline and 100 % targets are never quite reached.
 * </ul>
 */
public enum Performance {
  LEADER(-2.0, 1.04, 1.15),
  ON_TRACK(0.0, 1.01, 1.0),
  LAGGARD(2.5, 0.93, 0.78);

  /** Years added to each adoption curve's midpoint (negative = earlier). */
  final double shiftYears;

  /** Multiplier on the saturation level of shares (clamped at 100 %). */
  final double cap;

  /** Multiplier on money flows and growth-type levels (bandwidth, revenue) relative to on-track. */
  final double level;

  Performance(double shiftYears, double cap, double level) {
    this.shiftYears = shiftYears;
    this.cap = cap;
    this.level = level;
  }

  /** Lower-case name used in files and docs: leader, on_track, laggard. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
