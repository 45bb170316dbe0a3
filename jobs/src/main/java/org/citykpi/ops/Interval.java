package org.citykpi.ops;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.citykpi.common.CityKpiException;

/** A closed interval of local dates (Asia/Shanghai) that a job run covers. */
public record Interval(LocalDate from, LocalDate to) {
  public Interval {
    if (from == null || to == null) {
      throw new CityKpiException("An interval needs --date, or both --from and --to");
    }
    if (to.isBefore(from)) {
      throw new CityKpiException("--to " + to + " is before --from " + from);
    }
  }

  public static Interval of(String from, String to) {
    return new Interval(LocalDate.parse(from), LocalDate.parse(to));
  }

  /** Widened to whole months, for sources and tables whose grain is a month. */
  public Interval months() {
    return new Interval(from.withDayOfMonth(1), to.with(TemporalAdjusters.lastDayOfMonth()));
  }

  public Interval forGrain(String grain) {
    return "month".equals(grain) ? months() : this;
  }

  /** SQL predicate selecting this interval on a date column. */
  public String predicate(String column) {
    return column + " >= DATE'" + from + "' AND " + column + " <= DATE'" + to + "'";
  }

  public boolean contains(LocalDate d) {
    return !d.isBefore(from) && !d.isAfter(to);
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }
}
